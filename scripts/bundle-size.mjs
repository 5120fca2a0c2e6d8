#!/usr/bin/env node
// Gzipped size (level 9) of what browsers download from the package, after `npm run bundle`:
// each entry point of the browser build (dist/browser/<entry>.mjs) with the chunks it loads
// statically, the lazily loaded chunks, and the core tree-shaken into an app (scripts/core-size.mjs).
// Usage: node scripts/bundle-size.mjs
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { coreSize } from './core-size.mjs';

const DIR = 'dist/browser';
const kB = (bytes) => `${(bytes / 1024).toFixed(1).padStart(6)} kB`;
const staticFiles = (entry, seen = new Set()) => {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const text = readFileSync(entry, 'utf8');
  for (const m of text.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[^'"]*?from\s*)?["'](\.\.?\/[^"']+)["']/g)) staticFiles(join(dirname(entry), m[1]), seen);
  return seen;
};
const gz = (f) => gzipSync(readFileSync(f), { level: 9 }).length;
const loaded = new Set();
for (const name of ['eiskit', 'analysis', 'io', 'plot', 'report']) {
  const set = staticFiles(join(DIR, `${name}.mjs`));
  set.forEach((f) => loaded.add(f));
  const raw = [...set].reduce((s, f) => s + readFileSync(f).length, 0);
  const z = [...set].reduce((s, f) => s + gz(f), 0);
  console.log(`${name.padEnd(9)} ${kB(raw)} raw  ${kB(z)} gzipped  (${set.size} files${name === 'plot' || name === 'report' ? '; vega and vega-lite are dependencies, not bundled' : ''})`);
}
// the internal entries of scripts/bundle.mjs (chunks/feature-drt.mjs, chunks/wasm-loader.mjs) only re-export shared chunks: not listed
for (const f of readdirSync(join(DIR, 'chunks')).filter((c) => !/^(feature-|wasm-loader)/.test(c)).map((c) => join(DIR, 'chunks', c)).filter((f) => !loaded.has(f))) {
  console.log(`lazy      ${kB(readFileSync(f).length)} raw  ${kB(gz(f))} gzipped  (${f})`);
}
// the feature modules (the DRT's, the global fit's): the chunk that embeds each, found by its binding's
// inflateEmbedded(bytes, 'eiskit-<feature>.wasm', …) call
for (const feature of ['drt', 'global']) {
  const marker = new RegExp(`["'\`]eiskit-${feature}\\.wasm["'\`],`);
  for (const f of readdirSync(join(DIR, 'chunks')).map((c) => join(DIR, 'chunks', c)).filter((f) => marker.test(readFileSync(f, 'utf8')))) {
    console.log(`${feature.padEnd(9)} ${kB(readFileSync(f).length)} raw  ${kB(gz(f))} gzipped  (the ${feature} module with its binding, in the entries that use it: ${f})`);
  }
}
const core = await coreSize(`./${DIR}/eiskit.mjs`, process.cwd());
console.log(`core      ${kB(core.initial.raw)} raw  ${kB(core.initial.gzipped)} gzipped  (parseCircuit, fit, fitBatch, linKK, simulate tree-shaken by esbuild; + ${kB(core.lazy.gzipped).trim()} gzipped lazy)`);
