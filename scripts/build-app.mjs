#!/usr/bin/env node
// Builds the in-browser app (app/) into dist/app/: index.html, app.js (the page) and worker.js
// (the Web Worker with the WASM engine). Static files only: serve dist/app/ with any web
// server, or `npm run app` (builds, then serves dist/app/ on port 8080).
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { browserVariants } from './browser-variants.mjs';

mkdirSync('dist/app', { recursive: true });
// the browser variants of Node-only modules (scripts/browser-variants.mjs): no node: import to exclude
const common = { bundle: true, format: 'esm', platform: 'browser', target: 'es2022', minify: true, logLevel: 'warning', plugins: [browserVariants] };
await build({ ...common, entryPoints: { app: 'app/main.ts' }, outdir: 'dist/app' });
await build({ ...common, entryPoints: { worker: 'app/worker.ts' }, outdir: 'dist/app' });
// the drop zone lists the layouts from the reader table (src/io/readers.ts), as the CLI help does
const table = await build({ ...common, entryPoints: ['src/io/detect.ts'], write: false, format: 'esm', platform: 'neutral', minify: false });
const { readableFormats } = await import(`data:text/javascript;base64,${Buffer.from(table.outputFiles[0].text).toString('base64')}`);
const labels = readableFormats().map((f) => f.label).join(', ');
const page = readFileSync('app/index.html', 'utf8');
if (!page.includes('<!--READABLE-FORMATS-->')) throw new Error('app/index.html lacks the <!--READABLE-FORMATS--> marker');
writeFileSync('dist/app/index.html', page.replace('<!--READABLE-FORMATS-->', labels.replace(/&/g, '&amp;').replace(/</g, '&lt;')));
console.log('built dist/app/ (index.html, app.js, worker.js)');
