// Loads the element table (src/elements/table.ts and the element files it lists) from plain
// Node (20 has no TypeScript loader): esbuild bundles that folder, which imports nothing from
// the rest of src but src/math (with the complex helper) and the ABI descriptor, into one
// module loaded from a data URL.
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

async function loadTableModule(root) {
  const { outputFiles } = buildSync({
    entryPoints: [fileURLToPath(new URL('src/elements/table.ts', root))],
    bundle: true, write: false, format: 'esm', platform: 'neutral', logLevel: 'silent',
  });
  return import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].contents).toString('base64')}`);
}

/** The table rows (`ELEMENTS`). */
export async function loadElementTable(root = new URL('..', import.meta.url)) {
  return (await loadTableModule(root)).ELEMENTS;
}

/** The full element definitions (rows plus kernel name, role, …), in op order. */
export async function loadElementDefinitions(root = new URL('..', import.meta.url)) {
  return (await loadTableModule(root)).ELEMENT_DEFINITIONS;
}
