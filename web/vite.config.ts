/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// Preact's automatic JSX runtime, no plugin needed; assets never inlined as data: URIs
// (the server's CSP is default-src 'self').
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { assetsInlineLimit: 0, target: 'es2022', modulePreload: { polyfill: false }, reportCompressedSize: false },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' } },
  test: { include: ['test/**/*.test.ts'], environment: 'node' },
});
