/**
 * The package as a user gets it (test/package-scratch.ts: npm pack → npm ci of the tarball in a
 * scratch project). A browser entry that imports `eiskit` and `eiskit/io` is bundled with
 * esbuild's defaults (`--bundle --platform=browser`, nothing marked external), built by Vite
 * with no configuration and by webpack with its defaults, and each is run in Debian's Chromium:
 * it fits with the WASM backend (in the page and in Web Workers) and gives the same bits as the
 * Node build the package resolves to in Node. The tree-shaken core (circuit, fit, fitBatch,
 * linKK, simulate) bundled from the package stays ≤ 69 kB gzipped. Skipped, saying so, without
 * a build (npm run build); a missing Chromium fails the browser runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { build as viteBuild, createLogger } from 'vite';
import webpack, { type Stats } from 'webpack';
// @ts-expect-error: a plain .mjs helper without types
import { coreSize, CORE_NAMES } from '../scripts/core-size.mjs';
import { computeInNode, createScratchProject, PACKAGE_BUILT, type Computed, type ScratchProject } from './package-scratch.ts';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/**
 * The core's budget, gzipped. Issue 11 set 60 kB (met at 59.7 kB). Issue 12 put the DRT kernels
 * into the one WASM module (+6.0 kB gzipped) and issue 13's fit in Y/M added 2.1 kB: 69.5 kB,
 * under a budget raised to 72 kB. The WASM is now split per feature: the DRT kernels are a module
 * of their own (assembly/drt-index.ts → eiskit/eiskit-drt.wasm), embedded with the DRT's code,
 * registered and compiled only where drt() is in the bundle, so the core carries neither the DRT's
 * JS (src/backend/drt-kernels.ts) nor its WASM: measured 62.3 kB (67.9 kB just before the split). The budget is that rounded up
 * to the next kB plus 1 kB, so a feature that slips into the core fails here. The global fit's
 * loop (issue 13) is a feature module the same way (eiskit/eiskit-global.wasm, registered by
 * src/backend/wasm-global.ts, which only globalFit() reaches). Issue 14's f64x2 kernels of the
 * diffusion elements (Wo, Ws, G, K, TLMQ, Gs, T: 4–6× faster per point, assembly/vwarburg.ts) are
 * core elements every fit may use: 61.7 → 67.8 kB (69 401 bytes); the budget is again that rounded
 * up plus 1 kB. Later in issue 14 (measured by scripts/core-size.mjs on clean trees): 69 988 bytes
 * at 7a9070f; the LM Jacobian folded into the sensitivity pass with f64x2 columns, residuals and
 * Householder updates (0519cf4, c3ffc95: the kernel per iteration −20 % on the pellet batch, −27 %
 * in Y) added 825 bytes of embedded WASM and the leaner fitQuality (9c47dbb) 660 of JS; phase B of
 * the fit's loop (natural-unit resistances, active set; in the WASM loop and the JS reference, both
 * core) added 0.86 kB of WASM more: 73 293 bytes (71.6 kB) at the merge, so the budget is 72 + 1 = 73 kB
 * (measured rounded up plus 1 kB). The quality verdict's numbers in WASM (assembly/judge.ts: the
 * residual statistics' twin of src/stats/judge.ts, called once per chunk of fits; the TS code stays
 * as the reference and the JS backend's path) added 4 144 bytes (7.3 kB of WASM, 3.4 kB deflated,
 * embedded as base64, and ~0.7 kB of JS): 77 227 bytes (75.4 kB), so the budget is 76 + 1 = 77 kB.
 * The rest of issue 14's session 6, merged (measured by this test on the merged tree): the
 * Jacobian that keeps the trial's values (gradient-only element kernels, +0.6 kB), phase B's bound
 * step, the normal-equation factorisation with its Householder fallback and the covariance's
 * condition check (WASM and the TS reference, both core), initialGuess's arc-shape pass in WASM
 * (+1 kB), the lean-JS arena/problem batch (+0.5 kB), Wo/Ws gradients with the values: 81 487
 * bytes (79.6 kB), so the budget is 80 + 1 = 81 kB. Together these take a noisy pellet fit from
 * ~126 to ~65–70 µs on one core (bench/README.md); the JS twins of the WASM passes stay, as the
 * reference and the JS backend's path. Session 7's lever 3 (column-major gradients in the fit,
 * writeColumn's copies for d = 1 + 0j, R/C/L pair stores; +2.7 kB of WASM, +0.77 kB here) on
 * main 3a9f906: 83 043 bytes (81.1 kB), so the budget is 82 + 1 = 83 kB.
 * Lever 1: initialGuess's numeric passes
 * in WASM on Work arrays kept in WASM memory (assembly/guess-passes.ts: 11 kernels, +4 kB of WASM,
 * their glue in WasmGuess) added 3 268 bytes to main at 3a9f906 (82 069 bytes): 85 337 bytes
 * (83.3 kB), so the budget is 84 + 1 = 85 kB.
 * Both merged (session 7, levers 1–3): 86 843 bytes (84.8 kB). With levers 4, 5 and 8 and the
 * single-fit JS (session 7): 88 836 bytes (86.8 kB); with the fused guess calls and the cheaper
 * judge too: 89 178 bytes (87.1 kB), so the budget is 88 + 1 = 89 kB.
 */
const CORE_LIMIT_BYTES = 89 * 1024;
if (!PACKAGE_BUILT) console.warn('\n[eiskit] dist/ is not built: the package tests are skipped (npm run build)\n');

describe.skipIf(!PACKAGE_BUILT)('the packed package', () => {
  let scratch: ScratchProject;
  let nodeResult: Computed;
  beforeAll(() => {
    scratch = createScratchProject();
    nodeResult = computeInNode(scratch);
    writeFileSync(join(scratch.dir, 'entry.js'), `
import { compute } from './compute.js';
import csvText from './data.js';
globalThis.eiskitResult = compute(csvText, { path: 'exampleData.csv', workers: true }).catch((e) => ({ error: String(e?.stack ?? e) }));
`);
    // Vite's app entry
    writeFileSync(join(scratch.dir, 'index.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="/entry.js"></script>');
  }, 180_000);
  afterAll(() => scratch?.remove());

  it('ships the two builds, the WASM files, the types and the CLI, and nothing else', () => {
    const files = scratch.packedFiles;
    for (const f of ['dist/node/eiskit.mjs', 'dist/node/io.mjs', 'dist/browser/eiskit.mjs', 'dist/browser/io.mjs', 'dist/eiskit.wasm', 'dist/eiskit.wasm.d.ts', 'dist/eiskit-drt.wasm', 'dist/eiskit-drt.wasm.d.ts', 'dist/eiskit-global.wasm', 'dist/eiskit-global.wasm.d.ts', 'dist/cli.mjs', 'dist/types/src/index.d.ts', 'package.json']) {
      expect(files, f).toContain(f);
    }
    // nothing else: no sources, tests, app or bench builds
    expect(files.filter((f) => !/^(dist\/(node|browser|types)\/.+|dist\/eiskit(-drt|-global)?\.wasm(\.d\.ts)?|dist\/cli\.mjs|README\.md|LICENSE|package\.json)$/.test(f))).toEqual([]);
    // the exported WASM files are the modules the bundles embed: the core, and the DRT's (whose exports are the DRT kernels)
    const wasm = readFileSync(join(scratch.dir, 'node_modules/eiskit/dist/eiskit.wasm'));
    expect(WebAssembly.validate(wasm)).toBe(true);
    const drtWasm = readFileSync(join(scratch.dir, 'node_modules/eiskit/dist/eiskit-drt.wasm'));
    const exportsOf = (bytes: Buffer) => WebAssembly.Module.exports(new WebAssembly.Module(new Uint8Array(bytes))).map((e) => e.name);
    expect(exportsOf(drtWasm)).toEqual(expect.arrayContaining(['eis_drt_batch', 'eis_alloc', 'eis_free', 'memory']));
    expect(exportsOf(wasm)).toContain('eis_fit_batch');
    expect(exportsOf(wasm)).not.toContain('eis_drt_batch');
    // the global fit's loop (issue 13) is a module of its own too
    const globalWasm = readFileSync(join(scratch.dir, 'node_modules/eiskit/dist/eiskit-global.wasm'));
    expect(exportsOf(globalWasm)).toEqual(expect.arrayContaining(['eis_global_lm', 'eis_alloc', 'eis_free', 'memory']));
    expect(exportsOf(wasm)).not.toContain('eis_global_lm');
  });

  it('imports only its declared dependencies (vega, vega-lite; the CLI also its optional peers bullmq, ioredis, lazily), and node: builtins only in the Node build and the CLI', async () => {
    const installed = join(scratch.dir, 'node_modules/eiskit');
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['vega', 'vega-lite']);
    /** The bare specifiers the files import, found by esbuild (imports in strings do not count). */
    const externals = async (files: string[], platform: 'node' | 'browser') => {
      const out = await build({ absWorkingDir: installed, entryPoints: files, bundle: true, packages: 'external', platform, format: 'esm', splitting: true, outdir: 'out', write: false, metafile: true, logLevel: 'silent' });
      return [...new Set(Object.values(out.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path)))].sort();
    };
    const entries = (kind: string) => ['eiskit', 'analysis', 'io', 'plot', 'report'].map((e) => `dist/${kind}/${e}.mjs`);
    expect(await externals(entries('browser'), 'browser')).toEqual(['vega', 'vega-lite']);
    const node = await externals([...entries('node'), 'dist/cli.mjs'], 'node');
    // the CLI's `worker` and `fit --redis` reach the optional peers bullmq and ioredis (eiskit/queue), by dynamic import only
    expect(node.filter((p) => !isBuiltin(p))).toEqual(['bullmq', 'ioredis', 'vega', 'vega-lite']);
    expect((await externals(entries('node'), 'node')).filter((p) => !isBuiltin(p))).toEqual(['vega', 'vega-lite']);
    const cli = await build({ absWorkingDir: installed, entryPoints: ['dist/cli.mjs'], bundle: true, packages: 'external', platform: 'node', format: 'esm', splitting: true, outdir: 'out', write: false, metafile: true, logLevel: 'silent' });
    const peerImports = Object.values(cli.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.path === 'bullmq' || i.path === 'ioredis'));
    expect(peerImports.length).toBeGreaterThan(0);
    for (const i of peerImports) expect(i.kind, i.path).toBe('dynamic-import');
    expect(node).toContain('node:fs/promises');
    // nor in the text of the browser build (the embedded fitting-worker script has no Node branch)
    for (const f of scratch.packedFiles.filter((p) => p.startsWith('dist/browser/'))) {
      expect(readFileSync(join(installed, f), 'utf8'), f).not.toMatch(/["'`]node:[\w/]+["'`]/);
    }
  });

  it('eiskit/queue is Node-only, bullmq and ioredis its optional peers; the root and browser builds hold neither', async () => {
    const installed = join(scratch.dir, 'node_modules/eiskit');
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
      exports: Record<string, unknown>; peerDependencies: Record<string, string>; peerDependenciesMeta: Record<string, unknown>;
    };
    expect(manifest.peerDependencies).toEqual({ bullmq: '^6.7.6', ioredis: '^5.11.1' });
    expect(manifest.peerDependenciesMeta).toEqual({ bullmq: { optional: true }, ioredis: { optional: true } });
    // no browser or default condition: a browser bundler fails to resolve it instead of bundling Redis clients
    expect(manifest.exports['./queue']).toEqual({ types: './dist/types/src/queue/index.d.ts', node: './dist/node/queue.mjs' });
    // optional peers are not installed with eiskit
    expect(existsSync(join(scratch.dir, 'node_modules/bullmq'))).toBe(false);
    expect(existsSync(join(scratch.dir, 'node_modules/ioredis'))).toBe(false);
    // every file the other entries reach, in both builds (found by esbuild), names neither package
    const reached = async (files: string[], platform: 'node' | 'browser') => {
      const out = await build({ absWorkingDir: installed, entryPoints: files, bundle: true, packages: 'external', platform, format: 'esm', splitting: true, outdir: 'out', write: false, metafile: true, logLevel: 'silent' });
      return Object.keys(out.metafile.inputs);
    };
    const entries = (kind: string) => ['eiskit', 'analysis', 'io', 'plot', 'report'].map((e) => `dist/${kind}/${e}.mjs`);
    const files = [...await reached(entries('node'), 'node'), ...await reached(entries('browser'), 'browser')];
    expect(files.filter((f) => f.startsWith('dist/node/chunks/')).length).toBeGreaterThan(0);
    expect(files.filter((f) => f.startsWith('dist/browser/chunks/')).length).toBeGreaterThan(0);
    for (const f of files) expect(readFileSync(join(installed, f), 'utf8'), f).not.toMatch(/bullmq|ioredis/);
    for (const f of scratch.packedFiles.filter((p) => p.startsWith('dist/browser/'))) {
      expect(readFileSync(join(installed, f), 'utf8'), f).not.toMatch(/bullmq|ioredis/);
    }
    // the entry itself is built where its source exists (src/queue/, issue 15) and may import only them and node: builtins
    expect(scratch.packedFiles.includes('dist/node/queue.mjs')).toBe(existsSync('src/queue/index.ts'));
    if (existsSync('src/queue/index.ts')) {
      const out = await build({ absWorkingDir: installed, entryPoints: ['dist/node/queue.mjs'], bundle: true, packages: 'external', platform: 'node', format: 'esm', splitting: true, outdir: 'out', write: false, metafile: true, logLevel: 'silent' });
      const imported = new Set(Object.values(out.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external && !isBuiltin(i.path)).map((i) => i.path)));
      expect([...imported].sort()).toEqual(['bullmq', 'ioredis']);
      expect(scratch.packedFiles).toContain('dist/types/src/queue/index.d.ts');
    }
  });

  it('its types resolve for TypeScript users through the exports, eiskit/eiskit.wasm included', () => {
    writeFileSync(join(scratch.dir, 'check.ts'), `
import { init, parseCircuit, fit, type FitResult } from 'eiskit';
import { readSpectra } from 'eiskit/io';
import { nyquistSpec } from 'eiskit/plot';
import wasm from 'eiskit/eiskit.wasm';
import drtWasm from 'eiskit/eiskit-drt.wasm';
import globalWasm from 'eiskit/eiskit-global.wasm';
const module: WebAssembly.Module = wasm;
const info: { backend: 'wasm' | 'js'; warning?: string } = await init({ module, modules: { drt: drtWasm, global: globalWasm } });
const [spectrum] = readSpectra('f,re,im\\n1,2,3\\n', { fileName: 'x.csv' });
const result: FitResult = fit(parseCircuit('R0-p(R1,C1)'), spectrum!);
export const used = [info, result, nyquistSpec];
// the checks below fail ("unused directive") if the types were any
// @ts-expect-error: init's options are { module?, modules? }
await init({ modul: wasm });
// @ts-expect-error: the feature modules are { drt?, global? }
await init({ modules: { kk: drtWasm } });
// @ts-expect-error: eiskit/eiskit.wasm is a WebAssembly.Module
export const text: string = wasm;
`);
    writeFileSync(join(scratch.dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', lib: ['ES2022', 'DOM'], noEmit: true, skipLibCheck: true, types: [] },
      files: ['check.ts'],
    }));
    const tsc = join(process.cwd(), 'node_modules/typescript/bin/tsc');
    const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: scratch.dir, encoding: 'utf8' });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  }, 60_000);

  it('in Node, `eiskit` resolves to the Node build: WASM fit, Lin-KK, readSpectraFile, fits in worker threads', () => {
    expect(nodeResult.init).toBe('wasm');
    expect(nodeResult.fitBackend).toBe('wasm');
    expect(nodeResult.kkBackend).toBe('wasm');
    expect(nodeResult.success).toBe(true);
    expect(nodeResult.file).toEqual({ spectra: 1 });
    expect(nodeResult.workerBits).toEqual([nodeResult.paramBits, nodeResult.paramBits]);
  });

  /** Opens `dir`/index.html in Chromium (files served from memory) and returns compute.js's result. */
  async function runInChromium(dir: string): Promise<{ result: Computed; errors: string[] }> {
    expect(existsSync(executablePath), `no Chromium at ${executablePath}`).toBe(true);
    const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      // no server: the origin only has to be http(s) for module scripts and workers
      await page.route('http://eiskit.test/**', (route) => {
        const path = new URL(route.request().url()).pathname;
        const file = join(dir, path === '/' ? 'index.html' : path);
        if (!existsSync(file)) return route.fulfill({ status: 404 });
        return route.fulfill({ contentType: file.endsWith('.html') ? 'text/html' : 'text/javascript', body: readFileSync(file) });
      });
      await page.goto('http://eiskit.test/');
      await page.waitForFunction(() => 'eiskitResult' in globalThis);
      const result = (await page.evaluate(() => (globalThis as unknown as { eiskitResult: Promise<unknown> }).eiskitResult)) as Computed;
      return { result, errors };
    } finally {
      await browser.close();
    }
  }

  /** What the browser run must show: the WASM backend, Node's bits, Web Workers, E_UNSUPPORTED for a path. */
  function expectBrowserResult({ result, errors }: { result: Computed; errors: string[] }): void {
    expect(result.error).toBeUndefined();
    expect(errors).toEqual([]);
    expect(result.init).toBe('wasm');
    expect(result.fitBackend).toBe('wasm');
    expect(result.kkBackend).toBe('wasm');
    expect(result.success).toBe(true);
    // readSpectraFile has no file system in the browser build: a typed error naming the way out
    expect(result.file.code).toBe('E_UNSUPPORTED');
    expect(result.file.message).toContain('readSpectra(bytes');
    expect(result.kkM).toBe(nodeResult.kkM);
    expect(result.kkBits).toBe(nodeResult.kkBits);
    expect(result.paramBits).toBe(nodeResult.paramBits);
    expect(result.chi2Bits).toBe(nodeResult.chi2Bits);
    // the browser build starts Web Workers (its worker host), which fit the same bits
    expect(result.workerBits).toEqual([nodeResult.paramBits, nodeResult.paramBits]);
  }

  it('a browser app bundled with esbuild defaults runs in Chromium and fits the same bits as Node', async () => {
    const out = await build({
      absWorkingDir: scratch.dir, entryPoints: ['entry.js'], bundle: true, platform: 'browser',
      outfile: 'out/esbuild/app.js', logLevel: 'silent',
    });
    expect(out.errors).toEqual([]);
    expect(out.warnings.map((w) => w.text)).toEqual([]);
    writeFileSync(join(scratch.dir, 'out/esbuild/index.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="/app.js"></script>');
    expectBrowserResult(await runInChromium(join(scratch.dir, 'out/esbuild')));
  }, 120_000);

  it('a browser app built by Vite with no configuration runs in Chromium and fits the same bits as Node', async () => {
    const warnings: string[] = [];
    const logger = createLogger('warn');
    await viteBuild({
      root: scratch.dir, configFile: false, logLevel: 'warn', build: { outDir: 'out/vite' },
      customLogger: { ...logger, warn: (msg) => void warnings.push(msg), warnOnce: (msg) => void warnings.push(msg) },
    });
    expect(warnings).toEqual([]);
    expectBrowserResult(await runInChromium(join(scratch.dir, 'out/vite')));
  }, 120_000);

  it('a browser app built by webpack with its defaults runs in Chromium and fits the same bits as Node', async () => {
    const stats = await new Promise<Stats>((resolve, reject) => {
      webpack({ context: scratch.dir, entry: './entry.js', mode: 'production', output: { path: join(scratch.dir, 'out/webpack'), filename: 'app.js' } }, (e, s) => (e ? reject(e) : resolve(s!)));
    });
    const { errors = [], warnings = [] } = stats.toJson({ all: false, errors: true, warnings: true });
    expect(errors.map((e) => e.message)).toEqual([]);
    // webpack's size advice (bundles over 244 KiB) is all it may say
    expect(warnings.map((w) => w.message).filter((m) => !/size limit|performance recommendations/.test(m))).toEqual([]);
    writeFileSync(join(scratch.dir, 'out/webpack/index.html'), '<!doctype html><meta charset="utf-8"><script src="/app.js"></script>');
    expectBrowserResult(await runInChromium(join(scratch.dir, 'out/webpack')));
  }, 120_000);

  it(`the tree-shaken core (${CORE_NAMES.join(', ')}) is ≤ ${CORE_LIMIT_BYTES / 1024} kB gzipped`, async () => {
    const { initial, lazy } = await coreSize('eiskit', scratch.dir);
    expect(initial.gzipped).toBeGreaterThan(20 * 1024); // the embedded WASM alone is ~19 kB gzipped: a sanity floor
    expect(lazy.gzipped, 'the fitting-worker script loads lazily').toBeGreaterThan(10 * 1024);
    expect(initial.gzipped).toBeLessThanOrEqual(CORE_LIMIT_BYTES);
    // and it holds no feature module, nor its binding: each is named in its binding's error text
    const out = await build({ stdin: { contents: `export { ${CORE_NAMES.join(', ')} } from 'eiskit';`, resolveDir: scratch.dir, loader: 'js' }, absWorkingDir: scratch.dir, bundle: true, platform: 'browser', format: 'esm', minify: true, splitting: true, outdir: 'core-text', write: false, logLevel: 'silent' });
    const text = out.outputFiles.map((f) => f.text).join('\n');
    expect(text).toContain('eiskit.wasm');
    expect(text).not.toContain('eiskit-drt.wasm');
    expect(text).not.toContain('eiskit-global.wasm');
  }, 60_000);
});
