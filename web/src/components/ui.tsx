// Shared building blocks: modal dialog with focus handling, confirmation, toast, field
// wrapper (label tied to its input, error below it), switch, states.
import type { ComponentChildren, JSX } from 'preact';
import { createContext } from 'preact';
import { useContext, useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { Close } from './icons';

// Open modals, innermost last: Escape closes only the innermost one.
const stack: object[] = [];

export function Modal(p: { title: string; onClose: () => void; children: ComponentChildren; footer?: ComponentChildren; wide?: boolean; role?: 'dialog' | 'alertdialog' }) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const onClose = useRef(p.onClose);
  onClose.current = p.onClose;
  // A layout effect: focus moves in and Escape works from the moment the dialog is in the
  // page, not one frame later (an Escape pressed right after opening was lost).
  useLayoutEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const el = ref.current!;
    const first = el.querySelector<HTMLElement>('[data-autofocus]') ?? el.querySelector<HTMLElement>('input,select,textarea,button:not(.modal-x)');
    first?.focus();
    const me = {};
    stack.push(me);
    const onEscape = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && stack[stack.length - 1] === me && !e.defaultPrevented) { e.preventDefault(); onClose.current(); }
    };
    document.addEventListener('keydown', onEscape);
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Tab') {
        const items = [...el.querySelectorAll<HTMLElement>('a[href],button:not([disabled]),input:not([disabled]),select:not([disabled]),textarea:not([disabled]),[tabindex="0"]')]
          .filter((x) => x.offsetParent !== null);
        if (!items.length) return;
        const [a, b] = [items[0], items[items.length - 1]];
        if (e.shiftKey && document.activeElement === a) { e.preventDefault(); b.focus(); }
        else if (!e.shiftKey && document.activeElement === b) { e.preventDefault(); a.focus(); }
      }
    };
    el.addEventListener('keydown', onKey);
    return () => {
      el.removeEventListener('keydown', onKey);
      document.removeEventListener('keydown', onEscape);
      stack.splice(stack.indexOf(me), 1);
      previous?.focus?.();
    };
  }, []);
  return (
    <div class="backdrop" onMouseDown={(e) => { if (e.target === e.currentTarget) p.onClose(); }}>
      <div ref={ref} class={`modal${p.wide ? ' wide' : ''}`} role={p.role ?? 'dialog'} aria-modal="true" aria-labelledby={titleId}>
        <header class="modal-head">
          <h2 id={titleId}>{p.title}</h2>
          <button type="button" class="icon-btn modal-x" aria-label={t('close')} onClick={p.onClose}><Close /></button>
        </header>
        <div class="modal-body">{p.children}</div>
        {p.footer && <footer class="modal-foot">{p.footer}</footer>}
      </div>
    </div>
  );
}

export function Confirm(p: { title: string; text: string; confirmLabel: string; danger?: boolean; onConfirm: () => void; onCancel: () => void }) {
  return (
    <Modal title={p.title} onClose={p.onCancel} role="alertdialog"
      footer={<>
        <button type="button" class="btn" onClick={p.onCancel}>{t('cancel')}</button>
        <button type="button" class={`btn ${p.danger ? 'danger' : 'primary'}`} data-autofocus onClick={p.onConfirm}>{p.confirmLabel}</button>
      </>}>
      <p class="confirm-text">{p.text}</p>
    </Modal>
  );
}

export function Field(p: { label: string; error?: string; hint?: string; children: (id: string, describedBy?: string) => JSX.Element; class?: string }) {
  const id = useId();
  const errId = `${id}-err`;
  const hintId = `${id}-hint`;
  const described = [p.error ? errId : '', p.hint ? hintId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${p.error ? ' has-error' : ''} ${p.class ?? ''}`}>
      <label for={id}>{p.label}</label>
      {p.children(id, described)}
      {p.hint && <div class="hint" id={hintId}>{p.hint}</div>}
      {p.error && <div class="field-error" id={errId} role="alert">{p.error}</div>}
    </div>
  );
}

export function Switch(p: { checked: boolean; label: string; disabled?: boolean; title?: string; onChange: () => void }) {
  return (
    <button type="button" role="switch" aria-checked={p.checked} aria-label={p.label} title={p.title ?? p.label} disabled={p.disabled}
      class={`switch${p.checked ? ' on' : ''}`} onClick={p.onChange}><span class="knob" /></button>
  );
}

export const Spinner = () => <span class="spinner" aria-hidden="true" />;
export const Loading = () => <div class="state" role="status" aria-live="polite"><Spinner /> {t('loading')}</div>;
export function ErrorBox(p: { error: unknown; onRetry?: () => void }) {
  const e = p.error as { title?: string; message?: string };
  return (
    <div class="state error" role="alert">
      <strong>{t('errorTitle')}</strong>
      <span>{e?.message || e?.title || String(p.error)}</span>
      {p.onRetry && <button type="button" class="btn" onClick={p.onRetry}>{t('retry')}</button>}
    </div>
  );
}
export const Empty = (p: { title: string; hint?: string; children?: ComponentChildren }) => (
  <div class="state empty"><div class="empty-art" aria-hidden="true" /><strong>{p.title}</strong>{p.hint && <span>{p.hint}</span>}{p.children}</div>
);

// Toasts: short confirmations at the bottom right, read by screen readers.
type Toast = { id: number; text: string; kind: 'ok' | 'error' };
const ToastCtx = createContext<(text: string, kind?: 'ok' | 'error') => void>(() => {});
export const useToast = () => useContext(ToastCtx);
export function ToastHost(p: { children: ComponentChildren }) {
  const [items, setItems] = useState<Toast[]>([]);
  const push = (text: string, kind: 'ok' | 'error' = 'ok') => {
    const id = Date.now() + Math.random();
    setItems((xs) => [...xs, { id, text, kind }]);
    setTimeout(() => setItems((xs) => xs.filter((x) => x.id !== id)), 4000);
  };
  return (
    <ToastCtx.Provider value={push}>
      {p.children}
      <div class="toasts" role="status" aria-live="polite">{items.map((x) => <div key={x.id} class={`toast ${x.kind}`}>{x.text}</div>)}</div>
    </ToastCtx.Provider>
  );
}

// Data loading with loading / error / retry.
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { data: T | undefined; error: unknown; loading: boolean; reload: () => void; set: (t: T) => void } {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let alive = true;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    load().then((data) => alive && setState({ data, loading: false }), (error) => alive && setState((s) => ({ ...s, error, loading: false })));
    return () => { alive = false; };
  }, [...deps, tick]);
  return { data: state.data, error: state.error, loading: state.loading, reload: () => setTick((n) => n + 1), set: (data: T) => setState({ data, loading: false }) };
}
