#!/usr/bin/env node
// Gzipped size of each package entry point with the chunks it loads statically (what a user
// downloads on import), and of the lazily loaded chunks. Usage: node scripts/bundle-size.mjs
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';

const files = (entry, seen = new Set()) => {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const text = readFileSync(entry, 'utf8');
  for (const m of text.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[^'"]*?from\s*)?["'](\.\.?\/[^"']+)["']/g)) files(join(dirname(entry), m[1]), seen);
  return seen;
};
const gz = (f) => gzipSync(readFileSync(f), { level: 9 }).length;
for (const name of ['eiskit', 'analysis', 'io', 'plot', 'report']) {
  const set = files(`dist/${name}.mjs`);
  const raw = [...set].reduce((s, f) => s + readFileSync(f).length, 0);
  const z = [...set].reduce((s, f) => s + gz(f), 0);
  console.log(`${name.padEnd(9)} ${(raw / 1024).toFixed(1).padStart(7)} kB raw  ${(z / 1024).toFixed(1).padStart(6)} kB gzipped  (${set.size} files${name === 'plot' || name === 'report' ? '; vega and vega-lite are dependencies, not bundled' : ''})`);
}
