// A searchable chooser (ARIA combobox): type to search customers or projects, arrow keys
// and Enter to pick, the chosen name stays in the input.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type Customer, type Id, type Page, type Project } from '../api';
import { t } from '../i18n';

export interface Option { id: Id; label: string; sub?: string }

export async function searchCustomers(q: string): Promise<Option[]> {
  const p = await api.get<Page<Customer>>('/customers', { q: q.trim().length >= 1 ? q.trim() : undefined, per_page: 20 });
  return p.items.map((c) => ({ id: c.id, label: c.name, sub: c.address }));
}
export async function searchProjects(q: string): Promise<Option[]> {
  const p = await api.get<Page<Project>>('/projects', { q: q.trim().length >= 1 ? q.trim() : undefined, per_page: 20 });
  return p.items.map((x) => ({ id: x.id, label: x.name }));
}

export function Picker(p: {
  id: string; value: Id | null; valueLabel: string; placeholder: string; describedBy?: string; disabled?: boolean; invalid?: boolean;
  search: (q: string) => Promise<Option[]>; onChange: (id: Id | null, label: string) => void;
}) {
  const [text, setText] = useState(p.valueLabel);
  const [open, setOpen] = useState(false);
  const [options, setOptions] = useState<Option[]>([]);
  const [active, setActive] = useState(0);
  const seq = useRef(0);
  useEffect(() => setText(p.valueLabel), [p.valueLabel]);
  useEffect(() => {
    if (!open) return;
    const n = ++seq.current;
    const timer = setTimeout(() => p.search(text === p.valueLabel ? '' : text).then((o) => { if (n === seq.current) { setOptions(o); setActive(0); } }, () => setOptions([])), 150);
    return () => clearTimeout(timer);
  }, [text, open]);
  const pick = (o: Option) => { p.onChange(o.id, o.label); setText(o.label); setOpen(false); };
  const listId = `${p.id}-list`;
  return (
    <div class="picker">
      <input id={p.id} type="text" role="combobox" aria-expanded={open} aria-controls={listId} aria-autocomplete="list"
        aria-describedby={p.describedBy} aria-invalid={p.invalid} autocomplete="off" disabled={p.disabled}
        aria-activedescendant={open && options[active] ? `${listId}-${active}` : undefined}
        placeholder={p.placeholder} value={text}
        onFocus={() => setOpen(true)}
        onInput={(e) => { setText((e.target as HTMLInputElement).value); setOpen(true); if (!(e.target as HTMLInputElement).value) p.onChange(null, ''); }}
        onBlur={() => setTimeout(() => { setOpen(false); setText((cur) => (cur === '' ? '' : p.valueLabel)); }, 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') { e.preventDefault(); setOpen(true); setActive((a) => Math.min(a + 1, options.length - 1)); }
          else if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => Math.max(a - 1, 0)); }
          else if (e.key === 'Enter' && open && options[active]) { e.preventDefault(); pick(options[active]); }
          else if (e.key === 'Escape' && open) { e.preventDefault(); setOpen(false); }
        }} />
      {open && (
        <ul class="picker-list" id={listId} role="listbox">
          {options.length === 0 ? <li class="picker-empty">{t('noResults')}</li> : options.map((o, i) => (
            <li key={o.id} id={`${listId}-${i}`} role="option" aria-selected={i === active} class={i === active ? 'active' : ''}
              onMouseDown={(e) => { e.preventDefault(); pick(o); }}>
              <span>{o.label}</span>{o.sub && <small>{o.sub}</small>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
