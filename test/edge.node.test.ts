/**
 * Edge runtimes, in Cloudflare's workerd itself (the binary the pinned `miniflare` devDependency
 * ships). workerd forbids compiling WebAssembly from bytes at run time, so a worker imports the
 * package's `eiskit/eiskit.wasm` as a compiled `WebAssembly.Module` (what wrangler does with
 * `.wasm` imports) and passes it to `init({ module })`: the fit then runs on the WASM backend and
 * gives the same bits as the Node build. Without the module, `init()` resolves to the JS backend
 * with a warning instead of throwing, and that fit has the bits of the JS backend in Node. The DRT
 * kernels are a module of their own: drt() runs on WASM with `eiskit/eiskit-drt.wasm` passed as
 * init({ module, modules: { drt } }), and on JS (with a warning) without it. The
 * worker is bundled from the packed package (test/package-scratch.ts) with the resolve
 * conditions wrangler uses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { build, type Plugin } from 'esbuild';
import { Miniflare } from 'miniflare';
import { computeDrtInNode, computeInNode, createScratchProject, PACKAGE_BUILT, type Computed, type ComputedDrt, type ScratchProject } from './package-scratch.ts';

/** A date the pinned workerd supports (it refuses dates after its own release). */
const COMPATIBILITY_DATE = '2026-04-01';

/** `.wasm` imports left to the runtime as compiled modules, as wrangler does; collects their files. */
function compiledWasm(found: Map<string, string>): Plugin {
  return {
    name: 'compiled-wasm',
    setup(b) {
      b.onResolve({ filter: /\.wasm$/ }, async (args) => {
        if (args.pluginData === 'compiled-wasm') return undefined;
        const resolved = await b.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, pluginData: 'compiled-wasm' });
        if (resolved.errors.length) return { errors: resolved.errors };
        const name = resolved.path.split('/').pop()!;
        found.set(name, resolved.path);
        return { path: `./${name}`, external: true };
      });
    },
  };
}

/** The worker's module text: the fetch handler answers with compute.js's result. */
const computeWorker = (initOptions: string) => `
        import wasm from 'eiskit/eiskit.wasm';
        import { compute } from './compute.js';
        import csvText from './data.js';
        export default {
          async fetch() {
            try {
              return Response.json(await compute(csvText, { path: 'exampleData.csv', initOptions: ${initOptions} }));
            } catch (e) {
              return Response.json({ error: String(e?.stack ?? e) });
            }
          },
        };`;

/** The worker's module text: the fetch handler answers with drt-compute.js's result (both modules imported as the edge bundler does). */
const drtWorker = (initOptions: string) => `
        import wasm from 'eiskit/eiskit.wasm';
        import drtWasm from 'eiskit/eiskit-drt.wasm';
        import { computeDrt } from './drt-compute.js';
        import csvText from './data.js';
        export default {
          async fetch() {
            try {
              return Response.json(await computeDrt(csvText, { initOptions: ${initOptions} }));
            } catch (e) {
              return Response.json({ error: String(e?.stack ?? e) });
            }
          },
        };`;

/** Bundles a module worker from `contents` (see computeWorker, drtWorker). */
async function bundleWorker(dir: string, contents: string): Promise<{ script: string; wasm: Map<string, string> }> {
  const wasm = new Map<string, string>();
  const out = await build({
    absWorkingDir: dir, bundle: true, format: 'esm', platform: 'neutral', target: 'es2022', write: false,
    conditions: ['workerd', 'worker', 'browser'], mainFields: ['browser', 'module', 'main'], logLevel: 'silent',
    plugins: [compiledWasm(wasm)],
    stdin: { resolveDir: dir, sourcefile: 'worker.js', loader: 'js', contents },
  });
  expect(out.warnings.map((w) => w.text)).toEqual([]);
  return { script: out.outputFiles[0]!.text, wasm };
}

/** Runs the worker in workerd and returns what its fetch handler answered. */
async function runInWorkerd<T = Computed>(dir: string, initOptions: string, worker = computeWorker): Promise<T> {
  const { script, wasm } = await bundleWorker(dir, worker(initOptions));
  const mf = new Miniflare({
    compatibilityDate: COMPATIBILITY_DATE,
    modules: [
      { type: 'ESModule', path: 'worker.js', contents: script },
      ...[...wasm].map(([name, file]) => ({ type: 'CompiledWasm' as const, path: name, contents: readFileSync(file) })),
    ],
  });
  try {
    const response = await mf.dispatchFetch('http://edge.test/');
    return (await response.json()) as T;
  } finally {
    await mf.dispose();
  }
}

describe.skipIf(!PACKAGE_BUILT)('workerd (Cloudflare edge runtime, through miniflare)', () => {
  let scratch: ScratchProject;
  let nodeResult: Computed;
  let nodeJsResult: Computed;
  beforeAll(() => {
    scratch = createScratchProject();
    nodeResult = computeInNode(scratch);
    nodeJsResult = computeInNode(scratch, 'js');
  }, 180_000);
  afterAll(() => scratch?.remove());

  it('forbids compiling WASM from bytes (what makes init({ module }) necessary)', async () => {
    const mf = new Miniflare({
      compatibilityDate: COMPATIBILITY_DATE, modules: true,
      script: 'export default { async fetch() { try { await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])); return new Response("compiled"); } catch (e) { return new Response(String(e)); } } };',
    });
    try {
      expect(await (await mf.dispatchFetch('http://edge.test/')).text()).toMatch(/disallowed by embedder/);
    } finally {
      await mf.dispose();
    }
  }, 60_000);

  it('with init({ module }) from eiskit/eiskit.wasm the fit runs on the WASM backend and gives the Node bits', async () => {
    const edge = await runInWorkerd(scratch.dir, '{ module: wasm }');
    expect(edge.error).toBeUndefined();
    expect(edge.init).toBe('wasm');
    expect(edge.initWarning).toBeUndefined();
    expect(edge.fitBackend).toBe('wasm');
    expect(edge.kkBackend).toBe('wasm');
    expect(edge.success).toBe(true);
    expect(nodeResult.fitBackend).toBe('wasm');
    expect(edge.paramBits).toBe(nodeResult.paramBits);
    expect(edge.chi2Bits).toBe(nodeResult.chi2Bits);
    expect(edge.kkM).toBe(nodeResult.kkM);
    expect(edge.kkBits).toBe(nodeResult.kkBits);
    // workerd resolves the browser build: no file system, a typed error
    expect(edge.file.code).toBe('E_UNSUPPORTED');
  }, 120_000);

  it('without the module, init() resolves to the JS backend with a warning instead of throwing', async () => {
    const edge = await runInWorkerd(scratch.dir, 'undefined');
    expect(edge.error).toBeUndefined();
    expect(edge.init).toBe('js');
    expect(edge.initWarning).toMatch(/disallowed by embedder/);
    expect(edge.initWarning).toContain('init({ module })');
    expect(edge.fitBackend).toBe('js');
    expect(edge.kkBackend).toBe('js');
    expect(edge.success).toBe(true);
    // the JS backend gives the same bits as on Node (deterministic math in src/math)
    expect(nodeJsResult.fitBackend).toBe('js');
    expect(edge.paramBits).toBe(nodeJsResult.paramBits);
    expect(edge.kkBits).toBe(nodeJsResult.kkBits);
  }, 120_000);

  it('drt() with init({ module, modules: { drt } }) from eiskit/eiskit-drt.wasm runs on the WASM backend and gives the Node bits', async () => {
    const node = computeDrtInNode(scratch), nodeJs = computeDrtInNode(scratch, 'js');
    expect([node.init, node.backend, node.initWarning]).toEqual(['wasm', 'wasm', undefined]);
    const edge = await runInWorkerd<ComputedDrt>(scratch.dir, '{ module: wasm, modules: { drt: drtWasm } }', drtWorker);
    expect(edge.error).toBeUndefined();
    expect([edge.init, edge.backend, edge.initWarning]).toEqual(['wasm', 'wasm', undefined]);
    expect(edge.lambdaBits).toBe(node.lambdaBits);
    expect(edge.gammaBits).toBe(node.gammaBits);
    // the DRT kernels give the JS backend's bits (test/cross-runtime-drt*)
    expect(nodeJs.backend).toBe('js');
    expect(edge.gammaBits).toBe(nodeJs.gammaBits);
  }, 120_000);

  it('drt() without the DRT module: init() says to pass modules: { drt }, and drt() runs on JS with the JS bits', async () => {
    const nodeJs = computeDrtInNode(scratch, 'js');
    const edge = await runInWorkerd<ComputedDrt>(scratch.dir, '{ module: wasm }', drtWorker);
    expect(edge.error).toBeUndefined();
    expect(edge.init).toBe('wasm');
    expect(edge.initWarning).toMatch(/disallowed by embedder/);
    expect(edge.initWarning).toContain('init({ module, modules: { drt } })');
    expect(edge.backend).toBe('js');
    expect(edge.warnings.some((w) => w.includes('WASM DRT module was not compiled'))).toBe(true);
    expect(edge.gammaBits).toBe(nodeJs.gammaBits);
  }, 120_000);
});
