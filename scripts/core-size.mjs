// The size of eiskit's core as a browser app gets it: `parseCircuit, fit, fitBatch, linKK,
// simulate` imported from a built browser entry and bundled by esbuild (minified, tree-shaken,
// with code splitting as Vite, Rollup and webpack split dynamic imports). `initial` is what the
// page loads at start (the entry and the chunks it imports statically), `lazy` the chunks loaded
// on demand (the fitting-worker script, only for fitBatch({ workers > 1 })). Gzip level 9.
// Used by scripts/bundle-size.mjs and test/package.node.test.ts (issue 11: ≤ 60 kB gzipped; 64 kB since issue 12, with the DRT kernels in a WASM module of their own — see the test).
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';

export const CORE_NAMES = ['parseCircuit', 'fit', 'fitBatch', 'linKK', 'simulate'];

/**
 * @param {string} from the module to import the core from (a path or a package specifier)
 * @param {string} resolveDir where `from` is resolved
 * @returns {Promise<{ initial: { raw: number, gzipped: number }, lazy: { raw: number, gzipped: number } }>}
 */
export async function coreSize(from, resolveDir) {
  const out = await build({
    stdin: { contents: `export { ${CORE_NAMES.join(', ')} } from ${JSON.stringify(from)};`, resolveDir, sourcefile: 'core.js', loader: 'js' },
    absWorkingDir: resolveDir, bundle: true, platform: 'browser', format: 'esm', minify: true, splitting: true,
    outdir: 'core-size', write: false, metafile: true, logLevel: 'silent',
  });
  const outputs = out.metafile.outputs;
  const initial = new Set();
  const visit = (file) => {
    if (initial.has(file)) return;
    initial.add(file);
    for (const i of outputs[file].imports) if (i.kind === 'import-statement') visit(i.path);
  };
  visit(Object.keys(outputs).find((f) => outputs[f].entryPoint !== undefined));
  const sum = { initial: { raw: 0, gzipped: 0 }, lazy: { raw: 0, gzipped: 0 } };
  for (const file of Object.keys(outputs)) {
    const contents = out.outputFiles.find((f) => f.path.endsWith(`/${file}`)).contents;
    const part = initial.has(file) ? sum.initial : sum.lazy;
    part.raw += contents.length;
    part.gzipped += gzipSync(contents, { level: 9 }).length;
  }
  return sum;
}
