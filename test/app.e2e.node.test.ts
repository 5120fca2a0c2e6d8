/**
 * End-to-end test of the in-browser app (dist/app/, built by scripts/build-app.mjs): Debian's
 * Chromium through Playwright loads the page from a local static server, gets a fixture file,
 * fits and validates it in the app's Web Worker, and the fitted parameters must equal what
 * fit() gives in Node on the same file; the plots must have rendered. A screenshot is saved as
 * test-artifacts/app.png. Skipped, saying so, without a Chromium or a built app.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { fit, init, parseCircuit } from '../src/index.ts';
import { readSpectra } from '../src/io/index.ts';
// @ts-expect-error: a plain .mjs helper without types
import { serve } from '../scripts/serve.mjs';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ready = existsSync(executablePath) && existsSync('dist/app/index.html');
const FIXTURE = 'test/fixtures/impedancepy/exampleData.csv';
const CIRCUIT = 'R0-p(R1,C1)-p(R2-Wo1,C2)';

describe.skipIf(!ready)('in-browser app (Chromium)', () => {
  let browser: Browser;
  let server: { close(): void };
  let url: string;
  beforeAll(async () => {
    await init();
    ({ server, url } = await serve('dist/app'));
    browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('loads a file, fits and validates it in the worker, shows the parameters and the plots', async () => {
    const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url);
    await page.setInputFiles('#files', FIXTURE);
    await page.fill('#circuit', CIRCUIT);
    await page.click('#run');
    await page.waitForSelector('body[data-state="done"]', { timeout: 30_000 });
    expect(errors).toEqual([]);
    // the same fit in Node
    const [spectrum] = readSpectra(readFileSync(FIXTURE, 'utf8'), { fileName: 'exampleData.csv' });
    const expected = fit(parseCircuit(CIRCUIT), spectrum!);
    for (const [k, name] of expected.paramNames.entries()) {
      const shown = Number(await page.textContent(`td[data-param="${name}"]`));
      expect(Math.abs(shown / expected.params[k]! - 1), name).toBeLessThan(1e-4); // 5 significant digits shown
    }
    // Nyquist, Bode and Lin-KK residual plots, each an SVG with marks
    const svgs = await page.locator('.plots svg').count();
    expect(svgs).toBe(3);
    expect(await page.locator('.plots svg .mark-symbol path').count()).toBeGreaterThan(100);
    expect(await page.textContent('#status')).toMatch(/^done: 1 spectra/);
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/app.png', fullPage: true });
    expect(existsSync('test-artifacts/app.png')).toBe(true);
  });
});

describe.skipIf(ready)('in-browser app (skipped)', () => {
  it(`needs ${existsSync(executablePath) ? '' : `a Chromium at ${executablePath} and `}a built app (npm run build:app) — e2e test skipped`, () => {
    expect(ready).toBe(false);
  });
});
