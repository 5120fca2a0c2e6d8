#!/usr/bin/env node
// Generates, from the reader table (src/io/readers.ts, one file per reader under src/io/formats/):
//   src/io/types.ts (between the FORMAT-NAMES markers)   the FormatName union and FORMAT_NAMES
//   docs/io.md (between the FORMAT-TABLE markers)        the format list for users
// `--check` writes nothing and exits 1 when either is stale (CI runs it through npm run gen:check).
// types.ts cannot import the table (the readers import types.ts), hence generated, not derived.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const check = process.argv.includes('--check');

// Node 20 has no TypeScript loader: bundle the table (readers, io helpers, fflate) into one module.
const bundled = await build({ entryPoints: [`${root}/src/io/readers.ts`], bundle: true, write: false, format: 'esm', platform: 'node', logLevel: 'warning' });
const { READER_TABLE } = await import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`);

const names = READER_TABLE.map((r) => r.name);
if (new Set(names).size !== names.length) throw new Error(`duplicate reader name in the table: ${names.join(', ')}`);
if (READER_TABLE.filter((r) => r.kind === 'table').length !== 1) throw new Error('the reader table needs exactly one reader of kind "table" (the generic one, tried last)');

const ts = [
  '/** Layouts readSpectra() reads: one per reader in the reader table (src/io/readers.ts). */',
  'export type FormatName =',
  ...READER_TABLE.flatMap((r, k) => [`  /** ${r.summary} */`, `  | '${r.name}'${k === READER_TABLE.length - 1 ? ';' : ''}`]),
  '',
  '/** Every FormatName, in the reader table\'s order (the detection order). */',
  'export const FORMAT_NAMES: readonly FormatName[] = [',
  ...READER_TABLE.map((r) => `  '${r.name}',`),
  '];',
].join('\n');

const cell = (s) => s.replaceAll('\n', ' ');
const KIND_ORDER = ['instrument', 'spreadsheet', 'table', 'eiskit'];
const listed = KIND_ORDER.flatMap((kind) => READER_TABLE.filter((r) => r.kind === kind)); // readableFormats() order
const md = [
  '| format (`meta.format`) | detected by | meta | known limits |',
  '|---|---|---|---|',
  ...listed.map((r) => `| ${cell(r.docs.layout)} (\`${r.name}\`) | ${cell(r.docs.detectedBy)} | ${cell(r.docs.meta)} | ${cell(r.docs.limits)} |`),
].join('\n');

const targets = [
  { rel: 'src/io/types.ts', re: /(\/\/ FORMAT-NAMES:BEGIN[^\n]*\n)[\s\S]*?(\/\/ FORMAT-NAMES:END)/, body: ts },
  { rel: 'docs/io.md', re: /(<!-- FORMAT-TABLE:BEGIN[^>]*-->\n)[\s\S]*?(<!-- FORMAT-TABLE:END -->)/, body: md },
];
let stale = 0;
for (const { rel, re, body } of targets) {
  const path = `${root}/${rel}`;
  const old = readFileSync(path, 'utf8');
  if (!re.test(old)) throw new Error(`${rel} has no generated-block markers`);
  const text = old.replace(re, (_m, begin, end) => `${begin}${body}\n${end}`);
  if (old === text) continue;
  if (check) { console.error(`stale generated block: ${rel} (run npm run gen)`); stale++; continue; }
  writeFileSync(path, text);
  console.log(`wrote ${rel}`);
}
if (stale) process.exit(1);
