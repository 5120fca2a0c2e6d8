// The browser build's replacements of Node-only modules, and the esbuild plugin that applies
// them (scripts/bundle.mjs for dist/browser, scripts/build-app.mjs for the app). With them a
// browser bundle imports no node: builtin, so a browser app bundles eiskit with any bundler's
// default settings. Each replacement exports what the module it replaces exports.
import { resolve } from 'node:path';

/** module → its browser replacement (paths from the repository root). */
export const BROWSER_REPLACEMENTS = {
  // readSpectraFile's file access → an E_UNSUPPORTED error that names readSpectra
  'src/io/open-file.ts': 'src/io/open-file.browser.ts',
  // the worker_threads host → the Web Worker host (src/runtime/worker-host.ts picks one)
  'src/runtime/worker-host-node.ts': 'src/runtime/worker-host-browser.ts',
  // the embedded fitting-worker script → the one built without its Node branch (scripts/embed-worker.mjs)
  'src/runtime/generated/worker-source.ts': 'src/runtime/generated/worker-source.browser.ts',
};

const root = resolve(import.meta.dirname, '..');
const byPath = new Map(Object.entries(BROWSER_REPLACEMENTS).map(([from, to]) => [resolve(root, from), resolve(root, to)]));

export const browserVariants = {
  name: 'browser-variants',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\/.*\.ts$/ }, (args) => {
      const to = byPath.get(resolve(args.resolveDir, args.path));
      // a replacement may import types from the module it replaces (esbuild erases type imports)
      return to && args.importer !== to ? { path: to } : undefined;
    });
  },
};
