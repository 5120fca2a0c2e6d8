#!/usr/bin/env node
// Builds the package's two bundles from src/ (npm run bundle), one per `exports` condition in
// package.json:
//   dist/node/*.mjs     for Node: may import node: builtins (readSpectraFile's fs, worker threads);
//   dist/browser/*.mjs  for browsers, web workers and edge runtimes (also the `default`): the
//                       Node-only modules are swapped for their browser replacements
//                       (scripts/browser-variants.mjs), so the bundle imports no node: builtin
//                       and a browser app bundles it with any bundler's default settings.
// (Emitting the browser build one file per module instead, for module-level tree-shaking in the
// app's bundler, was measured: the tree-shaken core came out 0.2 kB gzipped larger, not smaller.)
// and copies the compiled WASM modules to dist/eiskit.wasm (the core), dist/eiskit-drt.wasm (the
// DRT kernels) and dist/eiskit-global.wasm (the global fit's loop), each with its type
// (dist/eiskit*.wasm.d.ts): the `eiskit/eiskit.wasm`, `eiskit/eiskit-drt.wasm` and
// `eiskit/eiskit-global.wasm` exports, for runtimes that cannot compile WASM from bytes, e.g.
// Cloudflare workerd: init({ module, modules: { drt, global } }).
import { build } from 'esbuild';
import { copyFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { browserVariants } from './browser-variants.mjs';

const ENTRIES = {
  eiskit: 'src/index.ts', analysis: 'src/analysis/index.ts', io: 'src/io/index.ts',
  plot: 'src/plot/index.ts', report: 'src/report/index.ts',
};
// Internal entries (no package export) for the feature modules' bindings (bindings/drt-module.ts,
// bindings/global-module.ts)
// and for the loader they register with. esbuild puts the modules reached from the same set of
// entries into one chunk; these entries give a feature's binding a set of its own (every entry
// that reaches the loader also reaches drt(), so without them both would share a chunk), so the
// binding lands in a chunk that only the feature's code imports and a user's bundler drops it
// when drt() is not used (package.json sideEffects: false). In a chunk shared with the core it
// could not: its top-level call registering the DRT module with the loader would stay in every
// bundle, and with it the module's bytes (the core was 69.7 kB gzipped that way; see
// test/package.node.test.ts for what it is with them).
const FEATURES = { 'chunks/feature-drt': 'bindings/drt-module.ts', 'chunks/feature-global': 'bindings/global-module.ts', 'chunks/wasm-loader': 'bindings/loader.ts' };
// Node-only entries (no browser build, no `browser`/`default` export condition): eiskit/queue
// (issue 15) runs fits through BullMQ on Redis, its optional peers bullmq and ioredis left to the
// user's install. Until src/queue/ exists on a branch, the entry is left out rather than failing.
const NODE_ONLY = Object.fromEntries(Object.entries({ queue: 'src/queue/index.ts' }).filter(([, file]) => existsSync(file)));
const common = {
  entryPoints: { ...ENTRIES, ...FEATURES }, bundle: true, format: 'esm', target: 'es2022', minify: true, charset: 'utf8',
  legalComments: 'none', splitting: true, chunkNames: 'chunks/[name]-[hash]', outExtension: { '.js': '.mjs' },
  // plot/report render through vega, a dependency of the package: left to the user's bundler
  external: ['vega', 'vega-lite'], logLevel: 'warning',
};

// also the layout before the two builds (dist/<entry>.mjs, dist/chunks), so nothing stale stays importable
for (const stale of ['dist/node', 'dist/browser', 'dist/chunks', ...Object.keys(ENTRIES).map((e) => `dist/${e}.mjs`)]) rmSync(stale, { recursive: true, force: true });
await build({
  ...common, entryPoints: { ...common.entryPoints, ...NODE_ONLY }, platform: 'neutral',
  external: [...common.external, 'node:*', 'bullmq', 'ioredis'], outdir: 'dist/node',
});
// no node:* external here: a node: import left in the browser build fails it ("Could not resolve")
await build({ ...common, platform: 'browser', plugins: [browserVariants], outdir: 'dist/browser' });
copyFileSync('build/release.wasm', 'dist/eiskit.wasm');
writeFileSync('dist/eiskit.wasm.d.ts', `/**
 * eiskit's compiled WebAssembly module, as edge bundlers (wrangler) import \`.wasm\` files:
 * \`import wasm from 'eiskit/eiskit.wasm'; await init({ module: wasm });\`
 */
declare const eiskitWasm: WebAssembly.Module;
export default eiskitWasm;
`);
copyFileSync('build/drt.wasm', 'dist/eiskit-drt.wasm');
writeFileSync('dist/eiskit-drt.wasm.d.ts', `/**
 * eiskit's compiled WebAssembly module of the DRT kernels (drt(), drtBatch()), as edge bundlers
 * (wrangler) import \`.wasm\` files:
 * \`import drt from 'eiskit/eiskit-drt.wasm'; await init({ module: wasm, modules: { drt } });\`
 */
declare const eiskitDrtWasm: WebAssembly.Module;
export default eiskitDrtWasm;
`);
copyFileSync('build/global.wasm', 'dist/eiskit-global.wasm');
writeFileSync('dist/eiskit-global.wasm.d.ts', `/**
 * eiskit's compiled WebAssembly module of the global fit's loop (globalFit()), as edge bundlers
 * (wrangler) import \`.wasm\` files:
 * \`import global from 'eiskit/eiskit-global.wasm'; await init({ module: wasm, modules: { global } });\`
 */
declare const eiskitGlobalWasm: WebAssembly.Module;
export default eiskitGlobalWasm;
`);
