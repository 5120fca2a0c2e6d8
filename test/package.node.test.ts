/**
 * The package as a user gets it (test/package-scratch.ts: npm pack → npm ci of the tarball in a
 * scratch project). A browser entry that imports `eiskit` and `eiskit/io` is bundled with
 * esbuild's defaults (`--bundle --platform=browser`, nothing marked external) and run in Debian's
 * Chromium: it fits with the WASM backend and gives the same bits as the Node build the package
 * resolves to in Node. The tree-shaken core (circuit, fit, fitBatch, linKK, simulate) bundled
 * from the package stays ≤ 60 kB gzipped. Skipped, saying so, without a build or a Chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
// @ts-expect-error: a plain .mjs helper without types
import { coreSize, CORE_NAMES } from '../scripts/core-size.mjs';
import { computeInNode, createScratchProject, PACKAGE_BUILT, type Computed, type ScratchProject } from './package-scratch.ts';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The core's budget, gzipped (issue 11). */
const CORE_LIMIT_BYTES = 60 * 1024;
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
  }, 180_000);
  afterAll(() => scratch?.remove());

  it('ships the two builds, the WASM file, the types and the CLI, and nothing from src/', () => {
    const files = scratch.packedFiles;
    for (const f of ['dist/node/eiskit.mjs', 'dist/node/io.mjs', 'dist/browser/eiskit.mjs', 'dist/browser/io.mjs', 'dist/eiskit.wasm', 'dist/cli.mjs', 'dist/types/src/index.d.ts', 'package.json']) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);
    // the exported WASM file is the module the bundles embed
    const wasm = readFileSync(join(scratch.dir, 'node_modules/eiskit/dist/eiskit.wasm'));
    expect(WebAssembly.validate(wasm)).toBe(true);
  });

  it('imports only its declared dependencies (vega, vega-lite), and node: builtins only in the Node build and the CLI', async () => {
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
    expect(node.filter((p) => !isBuiltin(p))).toEqual(['vega', 'vega-lite']);
    expect(node).toContain('node:fs/promises');
  });

  it('in Node, `eiskit` resolves to the Node build: WASM fit, Lin-KK, readSpectraFile, fits in worker threads', () => {
    expect(nodeResult.init).toBe('wasm');
    expect(nodeResult.fitBackend).toBe('wasm');
    expect(nodeResult.kkBackend).toBe('wasm');
    expect(nodeResult.success).toBe(true);
    expect(nodeResult.file).toEqual({ spectra: 1 });
    expect(nodeResult.workerBits).toEqual([nodeResult.paramBits, nodeResult.paramBits]);
  });

  it('a browser app bundled with esbuild defaults runs in Chromium and fits the same bits as Node', async () => {
    const out = await build({
      absWorkingDir: scratch.dir, entryPoints: ['entry.js'], bundle: true, platform: 'browser',
      outfile: 'out/app.js', logLevel: 'silent',
    });
    expect(out.errors).toEqual([]);
    expect(out.warnings.map((w) => w.text)).toEqual([]);
    expect(existsSync(executablePath), `no Chromium at ${executablePath}`).toBe(true);
    const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      // the page and the bundle from memory, no server: the origin only has to be http(s)
      const script = readFileSync(join(scratch.dir, 'out/app.js'), 'utf8');
      await page.route('http://eiskit.test/**', (route) => route.fulfill(route.request().url().endsWith('/app.js')
        ? { contentType: 'text/javascript', body: script }
        : { contentType: 'text/html', body: '<!doctype html><meta charset="utf-8"><script type="module" src="/app.js"></script>' }));
      await page.goto('http://eiskit.test/');
      await page.waitForFunction(() => 'eiskitResult' in globalThis);
      const inBrowser = (await page.evaluate(() => (globalThis as unknown as { eiskitResult: Promise<unknown> }).eiskitResult)) as Computed;
      expect(inBrowser.error).toBeUndefined();
      expect(errors).toEqual([]);
      expect(inBrowser.init).toBe('wasm');
      expect(inBrowser.fitBackend).toBe('wasm');
      expect(inBrowser.kkBackend).toBe('wasm');
      expect(inBrowser.success).toBe(true);
      // readSpectraFile has no file system in the browser build: a typed error naming the way out
      expect(inBrowser.file.code).toBe('E_UNSUPPORTED');
      expect(inBrowser.file.message).toContain('readSpectra(bytes');
      expect(inBrowser.kkM).toBe(nodeResult.kkM);
      expect(inBrowser.kkBits).toBe(nodeResult.kkBits);
      expect(inBrowser.paramBits).toBe(nodeResult.paramBits);
      expect(inBrowser.chi2Bits).toBe(nodeResult.chi2Bits);
      // the browser build starts Web Workers (its worker host), which fit the same bits
      expect(inBrowser.workerBits).toEqual([nodeResult.paramBits, nodeResult.paramBits]);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it(`the tree-shaken core (${CORE_NAMES.join(', ')}) is ≤ ${CORE_LIMIT_BYTES / 1024} kB gzipped`, async () => {
    const { initial, lazy } = await coreSize('eiskit', scratch.dir);
    expect(initial.gzipped).toBeGreaterThan(20 * 1024); // the embedded WASM alone is ~19 kB gzipped: a sanity floor
    expect(lazy.gzipped, 'the fitting-worker script loads lazily').toBeGreaterThan(10 * 1024);
    expect(initial.gzipped).toBeLessThanOrEqual(CORE_LIMIT_BYTES);
  }, 60_000);
});
