#!/usr/bin/env node
// Builds the in-browser app (app/) into dist/app/: index.html, app.js (the page) and worker.js
// (the Web Worker with the WASM engine). Static files only: serve dist/app/ with any web
// server, or `npm run app` (builds, then serves dist/app/ on port 8080).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { browserVariants } from './browser-variants.mjs';

mkdirSync('dist/app', { recursive: true });
// the browser variants of Node-only modules (scripts/browser-variants.mjs): no node: import to exclude
const common = { bundle: true, format: 'esm', platform: 'browser', target: 'es2022', minify: true, logLevel: 'warning', plugins: [browserVariants] };
await build({ ...common, entryPoints: { app: 'app/main.ts' }, outdir: 'dist/app' });
await build({ ...common, entryPoints: { worker: 'app/worker.ts' }, outdir: 'dist/app' });
copyFileSync('app/index.html', 'dist/app/index.html');
console.log('built dist/app/ (index.html, app.js, worker.js)');
