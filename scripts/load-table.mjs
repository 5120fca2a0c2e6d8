// Loads src/elements/table.ts from plain Node (20 has no TypeScript loader): the table imports
// nothing, so esbuild's transform of that one file is enough.
import { readFileSync } from 'node:fs';
import { transformSync } from 'esbuild';

export async function loadElementTable(root = new URL('..', import.meta.url)) {
  const src = readFileSync(new URL('src/elements/table.ts', root), 'utf8');
  const { code } = transformSync(src, { loader: 'ts', format: 'esm' });
  const mod = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  return mod.ELEMENTS;
}
