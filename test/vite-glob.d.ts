// Vite's build-time glob import (vitest runs the tests through Vite, in Node and in Chromium);
// the architecture test reads every source file's text with it.
interface ImportMeta {
  glob(pattern: string, options: { query: '?raw'; import: 'default'; eager: true }): Record<string, unknown>;
}
