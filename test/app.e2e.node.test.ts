/**
 * End-to-end tests of the in-browser app (dist/app/, built by scripts/build-app.mjs): Debian's
 * Chromium through Playwright loads the page from a local static server and uses it as a person
 * would. The fitted parameters must equal what fit() gives in Node on the same (cropped) data;
 * a hostile and an oversized file fail on their own; typed and dragged crops change what is
 * fitted; a long job can be cancelled; a broken worker is reported and replaced; the CSV download
 * is RFC 4180 with formula-like text neutralised; the verdicts are visible, Z-HIT's as zhit()
 * gives them; the DRT panel lists drt()'s peaks, its λ slider re-runs the DRT in the worker, a
 * peak seeds the fit's start values (and the next fit equals fit() from them in Node), and a DRT
 * that cannot run, or breaks its worker, is a message. A screenshot of a
 * cropped fit is saved as test-artifacts/app.png. Skipped, saying so, without a Chromium or a built app.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { cropSpectrum, drt, fit, init, linKK, parseCircuit, zhit } from '../src/index.ts';
import { findArcs } from '../src/circuit/arcs.ts';
import { cell } from '../src/report/html.ts';
import { readableFormats, readSpectra } from '../src/io/index.ts';
import { analyse } from '../app/analyse.ts';
import { spectrumSpecs } from '../app/plots.ts';
import { edgeText, formatStartValues, lambdaLabel, lambdaStep, parseStartValues, seedFromPeak, shareText, sliderLambda, tailCroppedText } from '../app/drt-model.ts';
import { MAX_FILE_BYTES } from '../app/protocol.ts';
import { rangeFromNyquistBrush } from '../app/range.ts';
import { readRfc4180 } from './rfc4180.ts';
import { appReady, executablePath, useApp, wrapWorker } from './app-e2e.ts';

const FIXTURE = 'test/fixtures/impedancepy/exampleData.csv';
const CIRCUIT = 'R0-p(R1,C1)-p(R2-Wo1,C2)';
const fixtureBytes = () => readFileSync(FIXTURE);
const csvFile = (name: string, buffer: Buffer = fixtureBytes()) => ({ name, mimeType: 'text/csv', buffer });

describe.skipIf(!appReady)('in-browser app (Chromium)', () => {
  const spectrum = () => readSpectra(readFileSync(FIXTURE, 'utf8'), { fileName: 'exampleData.csv' })[0]!;
  beforeAll(() => init());
  const { open } = useApp();
  const done = (page: Page) => page.waitForSelector('body[data-state="done"]', { timeout: 60_000 });
  async function shownParams(page: Page, names: readonly string[]): Promise<number[]> {
    return Promise.all(names.map(async (n) => Number(await page.textContent(`td[data-param="${n}"]`))));
  }
  function expectClose(shown: number[], expected: ArrayLike<number>, names: readonly string[]): void {
    names.forEach((n, k) => expect(Math.abs(shown[k]! / expected[k]! - 1), n).toBeLessThan(1e-4)); // 5 significant digits shown
  }

  it('the drop zone names every layout of the reader table (written in by the app build)', async () => {
    const { page } = await open();
    const text = (await page.textContent('#drop')) ?? '';
    for (const f of readableFormats()) expect(text, f.name).toContain(f.label);
    expect(text).not.toContain('READABLE-FORMATS');
  });

  it('loads a file, fits and validates it in the worker, shows the parameters, verdicts and plots', async () => {
    const { page, errors } = await open();
    await page.setInputFiles('#files', FIXTURE);
    await page.fill('#circuit', CIRCUIT);
    await page.click('#run');
    await done(page);
    expect(errors).toEqual([]);
    const expected = fit(parseCircuit(CIRCUIT), spectrum());
    expectClose(await shownParams(page, expected.paramNames), expected.params, expected.paramNames);
    // the quality verdict and its reasons, the Lin-KK verdict and its reasons, as in Node
    expect(await page.textContent('.fit .verdict')).toBe(`quality: ${expected.quality.verdict}`);
    expect(await page.locator('.fit + ul.reasons li').allTextContents()).toEqual(expected.quality.reasons);
    const kk = linKK(spectrum());
    expect(await page.textContent('.kk .verdict')).toBe(kk.pass ? 'pass' : 'FAIL');
    expect(await page.locator('.kk + ul.reasons li').allTextContents()).toEqual(kk.reasons);
    expect(await page.isVisible('.fit .verdict')).toBe(true);
    // Nyquist, Bode, Lin-KK and Z-HIT residual plots, each an SVG with marks
    expect(await page.locator('.plots svg').count()).toBe(4);
    expect(await page.locator('.plots svg .mark-symbol path').count()).toBeGreaterThan(100);
    expect(await page.textContent('#status')).toMatch(/^done: 1 spectra fitted to .* on all frequencies/);
    expect(await page.textContent('p.range')).toBe(`Range: all frequencies — ${spectrum().freq.length} of ${spectrum().freq.length} points used.`);
    await page.close();
  });

  it('a good, a hostile and an oversized file dropped together: the good one loads, the others show their own errors as text', async () => {
    const { page, errors } = await open();
    const hostileName = '<img src=x onerror="document.body.dataset.pwned=1">.csv';
    const goodName = '<img src=x onerror="document.body.dataset.pwned=2">good.csv'; // readable, so its name reaches headings and plot legends
    const hostile = Buffer.from('freq,<script>document.body.dataset.pwned=1</script>,im\n1,<img src=x onerror="document.body.dataset.pwned=1">,3\n');
    // dropped on the drop zone together (the 20 MB file is made in the page)
    await page.evaluate(({ files, max }) => {
      const dt = new DataTransfer();
      for (const f of files) dt.items.add(f.text === null ? new File([new Uint8Array(max + 1).fill(0x31)], f.name) : new File([f.text], f.name, { type: 'text/csv' }));
      document.getElementById('drop')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, { files: [{ name: hostileName, text: hostile.toString('utf8') }, { name: 'huge.csv', text: null }, { name: goodName, text: fixtureBytes().toString('utf8') }], max: MAX_FILE_BYTES });
    expect(await page.textContent('#status')).toMatch(/^3 file\(s\) chosen/);
    await page.fill('#circuit', CIRCUIT);
    await page.click('#run');
    await done(page);
    expect(errors).toEqual([]);
    const items = page.locator('.file-report li');
    expect(await items.count()).toBe(3);
    expect(await items.nth(0).getAttribute('class')).toBe('error');
    expect(await items.nth(0).textContent()).toMatch(/^<img src=x onerror="document.body.dataset.pwned=1">\.csv: not loaded — cannot read/);
    expect(await items.nth(1).textContent()).toBe('huge.csv: not loaded — 20.0 MB: larger than the 20.0 MB the app reads; not read');
    expect(await items.nth(2).textContent()).toBe(`${goodName}: 1 spectrum`);
    expect(await page.locator('section.spectrum h2').allTextContents()).toEqual([goodName]);
    expect(await page.locator('.plot-bode svg text', { hasText: goodName }).count()).toBe(1); // the legend, as text
    expect(await page.locator('img').count()).toBe(0); // nothing parsed as markup anywhere
    expect(await page.evaluate(() => document.body.dataset.pwned)).toBeUndefined();
    expect(await page.textContent('#status')).toMatch(/2 of 3 files could not be loaded/);
    await page.close();
  });

  it('many spectra: a summary row each with the verdict counts in the status, plots drawn when asked for', async () => {
    const { page, errors } = await open();
    await page.setInputFiles('#files', Array.from({ length: 10 }, (_, k) => csvFile(`cell${k}.csv`)));
    await page.fill('#circuit', CIRCUIT);
    await page.click('#run');
    await done(page);
    const expected = fit(parseCircuit(CIRCUIT), spectrum()), kk = linKK(spectrum());
    const rows = page.locator('table.summary tr');
    expect(await rows.count()).toBe(11);
    expect(await rows.nth(1).locator('td').allTextContents()).toEqual(['cell0.csv', `${spectrum().freq.length} of ${spectrum().freq.length}`, expected.chi2.toPrecision(5), expected.quality.verdict, kk.pass ? 'pass' : 'fail']);
    expect(await page.textContent('#status')).toContain(`(quality: 10 ${expected.quality.verdict}; Lin-KK: 10 ${kk.pass ? 'pass' : 'fail'})`);
    expect(await page.locator('.plots svg').count()).toBe(0);
    await page.locator('button.show-plots').first().click();
    await expect.poll(() => page.locator('section.spectrum').first().locator('.plots svg').count()).toBe(4);
    expect(await page.locator('.plots svg').count()).toBe(4);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('typed limits crop the fit: the parameters equal a Node fit of the pre-cropped data, excluded points turn grey', async () => {
    const { page } = await open();
    await page.setInputFiles('#files', FIXTURE);
    await page.fill('#circuit', CIRCUIT);
    await page.fill('#fmin', '0.1');
    await page.fill('#fmax', '1000');
    await page.click('#apply-range');
    await done(page);
    const s = spectrum();
    const pre = cropSpectrum(s, { fmin: 0.1, fmax: 1000 });
    expect(pre.freq.length).toBeLessThan(s.freq.length);
    const expected = fit(parseCircuit(CIRCUIT), pre);
    expectClose(await shownParams(page, expected.paramNames), expected.params, expected.paramNames);
    const whole = fit(parseCircuit(CIRCUIT), s);
    expect(Math.abs(whole.params[1]! / expected.params[1]! - 1)).toBeGreaterThan(1e-3); // the crop matters
    expect(await page.textContent('p.range')).toBe(`Range: 100 mHz – 1 kHz — ${pre.freq.length} of ${s.freq.length} points used.`);
    const excluded = s.freq.length - pre.freq.length;
    expect(await page.locator('.plot-bode .mark-symbol.modulus_points_excluded_marks path').count()).toBe(excluded);
    expect(await page.locator('.plot-bode .mark-symbol.modulus_points_marks path').count()).toBe(pre.freq.length);
    // the screenshot shows a cropped fit: grey points, shaded bands, verdicts
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/app.png', fullPage: true });
    expect(existsSync('test-artifacts/app.png')).toBe(true);
    // a reversed range is refused with a message, and nothing stays busy
    await page.fill('#fmin', '1e4');
    await page.click('#apply-range');
    expect(await page.textContent('#status')).toBe('Frequency range: fmin (10000 Hz) is above fmax (1000 Hz).');
    expect(await page.getAttribute('body', 'data-state')).toBe('error');
    await page.close();
  });

  it('dragging across the Bode plot sets the range and refits; dragging a box on the Nyquist plot too', async () => {
    const { page } = await open();
    await page.setInputFiles('#files', FIXTURE);
    await page.fill('#circuit', CIRCUIT);
    await page.click('#run');
    await done(page);
    const s = spectrum();
    const bodeArea = page.locator('.plot-bode g.concat_0_group > g > path.background');
    await bodeArea.scrollIntoViewIfNeeded();
    const area = (await bodeArea.boundingBox())!;
    expect(area.width).toBeGreaterThan(200);
    await page.evaluate(() => (document.body.dataset.state = 'dragging'));
    await page.mouse.move(area.x + 0.3 * area.width, area.y + 0.5 * area.height);
    await page.mouse.down();
    await page.mouse.move(area.x + 0.5 * area.width, area.y + 0.5 * area.height, { steps: 5 });
    await page.mouse.move(area.x + 0.7 * area.width, area.y + 0.5 * area.height, { steps: 5 });
    await page.mouse.up();
    await done(page);
    const fmin = Number(await page.inputValue('#fmin')), fmax = Number(await page.inputValue('#fmax'));
    const [lo, hi] = [Math.min(...s.freq), Math.max(...s.freq)];
    // 30 % → 70 % of a log axis from lo to hi (vega pads the axis by 8 px, hence the tolerance)
    const expectedLo = lo * (hi / lo) ** 0.3, expectedHi = lo * (hi / lo) ** 0.7;
    expect(Math.abs(Math.log10(fmin / expectedLo))).toBeLessThan(0.25);
    expect(Math.abs(Math.log10(fmax / expectedHi))).toBeLessThan(0.25);
    const used = cropSpectrum(s, { fmin, fmax }).freq.length;
    expect(used).toBeLessThan(s.freq.length);
    expect(await page.textContent('p.range')).toMatch(new RegExp(`— ${used} of ${s.freq.length} points used\\.$`));
    const expected = fit(parseCircuit(CIRCUIT), cropSpectrum(s, { fmin, fmax }));
    expectClose(await shownParams(page, expected.paramNames), expected.params, expected.paramNames);

    // a box over the left half of the Nyquist plot keeps the frequencies from the lowest to the
    // highest of the points inside it; which points those are follows from the plot's axes, which
    // the same job gives in Node (app/analyse.ts + app/plots.ts)
    const nyArea = page.locator('.plot-nyquist g.root > g > path.background');
    await nyArea.scrollIntoViewIfNeeded();
    const ny = (await nyArea.boundingBox())!;
    const job = await analyse({ type: 'analyse', id: 1, files: [{ name: 'exampleData.csv', size: 1, bytes: new Uint8Array(fixtureBytes()).buffer }], circuit: CIRCUIT, starts: 1, range: { fmin, fmax } }, () => {});
    const axes = (spectrumSpecs(job.spectra[0]!, { fmin, fmax }).nyquist as unknown as { layer: { name: string; encoding: { x: { scale: { domain: number[] } }; y: { scale: { domain: number[] } } } }[] }).layer.find((l) => l.name === 'points')!.encoding;
    const [x0, x1] = axes.x.scale.domain as [number, number], [y0, y1] = axes.y.scale.domain as [number, number];
    const toRe = (px: number) => x0 + ((px - ny.x) / ny.width) * (x1 - x0), toNegIm = (py: number) => y1 - ((py - ny.y) / ny.height) * (y1 - y0);
    const box = { left: ny.x + 2, top: ny.y + 2, right: ny.x + 0.5 * ny.width, bottom: ny.y + ny.height - 2 };
    const expectedFor = (m: number) => rangeFromNyquistBrush(s, [toRe(box.left - m), toRe(box.right + m)], [toNegIm(box.bottom + m), toNegIm(box.top - m)]);
    await page.evaluate(() => (document.body.dataset.state = 'dragging'));
    await page.mouse.move(box.left, box.top);
    await page.mouse.down();
    await page.mouse.move(box.right, box.bottom, { steps: 8 });
    await page.mouse.up();
    await done(page);
    const got = { fmin: Number(await page.inputValue('#fmin')), fmax: Number(await page.inputValue('#fmax')) };
    expect([expectedFor(-2), expectedFor(2)]).toContainEqual(got); // a point within 2 px of the box's edge may go either way
    expect(got).not.toEqual({ fmin, fmax });
    await page.click('#full-range');
    await done(page);
    expect(await page.inputValue('#fmin')).toBe('');
    expect(await page.textContent('p.range')).toMatch(/^Range: all frequencies/);
    await page.close();
  });

  it('a long job can be cancelled: the worker is terminated and replaced, and the app is usable again', async () => {
    const { page, errors } = await open();
    const workers: { closed: boolean }[] = [];
    page.on('worker', (w) => {
      const entry = { closed: false };
      workers.push(entry);
      w.on('close', () => (entry.closed = true));
    });
    // 150 spectra with 64 starts each: ~70 ms each in Node, so ~10 s in all
    await page.setInputFiles('#files', Array.from({ length: 150 }, (_, k) => csvFile(`copy${k}.csv`)));
    await page.fill('#circuit', CIRCUIT);
    await page.fill('#starts', '64');
    await page.click('#run');
    await page.waitForFunction(() => /fitting and validating spectrum/.test(document.getElementById('status')!.textContent!), undefined, { timeout: 30_000 });
    expect(await page.isEnabled('#cancel')).toBe(true);
    expect(workers.length).toBe(1);
    await page.click('#cancel');
    await page.waitForSelector('body[data-state="cancelled"]', { timeout: 2_000 });
    expect(await page.textContent('#status')).toMatch(/^Cancelled: the worker was stopped and restarted/);
    expect(await page.isEnabled('#cancel')).toBe(false);
    expect(await page.isEnabled('#run')).toBe(true);
    await expect.poll(() => workers.map((w) => w.closed), { timeout: 2_000 }).toEqual([true, false]); // terminated, and a fresh one started
    await page.waitForTimeout(500);
    expect(await page.getAttribute('body', 'data-state')).toBe('cancelled'); // no late message of the cancelled job
    // the next job runs at once on the new worker (behind the old job it would wait ~10 s)
    await page.setInputFiles('#files', FIXTURE);
    await page.fill('#starts', '1');
    const t0 = Date.now();
    await page.click('#run');
    await page.waitForSelector('body[data-state="done"]', { timeout: 5_000 });
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(await page.locator('section.spectrum').count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a worker that fails to start is reported, and the next run gets a new, working worker', async () => {
    const { page } = await open();
    await page.route('**/worker.js', (route) => route.fulfill({ contentType: 'text/javascript', body: 'throw new Error("broken worker for the test");' }));
    await page.setInputFiles('#files', FIXTURE);
    await page.fill('#circuit', CIRCUIT);
    await page.click('#run');
    await page.waitForSelector('body[data-state="error"]', { timeout: 10_000 });
    expect(await page.textContent('#status')).toMatch(/^Error: the worker failed.*it has been restarted\. Run again to retry\.$/);
    expect(await page.isEnabled('#run')).toBe(true);
    expect(await page.isEnabled('#cancel')).toBe(false);
    await page.unroute('**/worker.js');
    await page.click('#run');
    await done(page);
    expect(await page.locator('section.spectrum').count()).toBe(1);
    await page.close();
  });

  it('a worker that breaks while reading one file: that file is skipped with the reason, the others load', async () => {
    const { page, errors } = await open();
    // the real worker behind a wrapper that throws (uncaught, so the Worker's onerror fires) while
    // "reading" a file named crash*.csv, unless the page already marked that file as failed
    await wrapWorker(page, `const k = e.data.files.findIndex((f) => f.name.startsWith('crash') && f.error === undefined);
          if (k < 0) return realHandler(e);
          self.postMessage({ type: 'progress', id: e.data.id, message: 'reading', file: k });
          throw new Error('parser blew up');`);
    await page.setInputFiles('#files', [csvFile('first.csv'), csvFile('crash.csv'), csvFile('last.csv')]);
    await page.fill('#circuit', CIRCUIT);
    await page.click('#run');
    await done(page);
    const items = page.locator('.file-report li');
    expect(await items.allTextContents()).toEqual([
      'first.csv: 1 spectrum',
      'crash.csv: not loaded — the worker failed: Uncaught Error: parser blew up while reading it, so it was skipped',
      'last.csv: 1 spectrum',
    ]);
    expect(await page.locator('section.spectrum h2').allTextContents()).toEqual(['first.csv', 'last.csv']);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Z-HIT is shown; the DRT panel lists the peaks of drt(), the λ slider re-runs it, a peak seeds the fit\'s start values', async () => {
    const { page, errors } = await open();
    await page.setInputFiles('#files', FIXTURE);
    await page.fill('#circuit', CIRCUIT);
    await page.click('#run');
    await done(page);
    const s = spectrum();
    // Z-HIT: the verdict and reasons of zhit() in Node, and its residual plot
    const z = zhit(s);
    expect(await page.textContent('.zhit .verdict')).toBe(z.pass ? 'pass' : 'FAIL');
    expect(await page.locator('.zhit + ul.reasons li').allTextContents()).toEqual(z.reasons);
    expect(await page.locator('.plot-zhit svg').count()).toBe(1);
    // the DRT panel computes nothing until opened
    expect(await page.locator('details.drt').getAttribute('data-state')).toBeNull();
    await page.click('details.drt summary');
    await page.waitForSelector('details.drt[data-state="done"]', { timeout: 30_000 });
    const auto = drt(s);
    expect(auto.peaks.length).toBeGreaterThan(0);
    const rows = page.locator('table.drt-peaks tr[data-peak]');
    expect(await rows.count()).toBe(auto.peaks.length);
    for (const [k, p] of auto.peaks.entries()) {
      expect((await rows.nth(k).locator('td').allTextContents()).slice(0, 6), `peak ${k + 1}`).toEqual([String(k + 1), cell(p.tau), cell(p.frequency), cell(p.resistance), cell(p.capacitance), shareText(p.fraction)]);
    }
    expect(await page.textContent('p.drt-status')).toMatch(new RegExp(`^Method tr-rbf, λ = ${lambdaLabel(auto.lambda)} \\(chosen automatically \\(mgcv, plateau rule\\)\\)\\.`));
    expect(await page.inputValue('input.drt-lambda')).toBe(String(lambdaStep(auto.lambda)));
    expect(await page.isChecked('input.drt-auto')).toBe(true);
    expect(await page.locator('details.drt .plot-drt svg').count()).toBe(1);
    expect(await page.locator('details.drt .plot-lambda svg').count()).toBe(1);
    // the slider to its highest position: λ = 1, computed in the worker
    expect(lambdaStep(auto.lambda)).not.toBe(70);
    const slider = page.locator('input.drt-lambda');
    await slider.focus();
    await page.keyboard.press('End');
    expect(await page.textContent('.drt-lambda-value')).toBe('λ = 1e0');
    expect(await page.isChecked('input.drt-auto')).toBe(false);
    await page.waitForFunction(() => /set by the slider/.test(document.querySelector('p.drt-status')!.textContent!), undefined, { timeout: 30_000 });
    expect(await page.textContent('p.drt-status')).toMatch(/^Method tr-rbf, λ = 1e0 \(set by the slider\)\./);
    const high = drt(s, { lambda: sliderLambda(70) });
    expect(await rows.count()).toBe(high.peaks.length);
    if (high.peaks.length) expect(await rows.first().locator('td').nth(1).textContent()).toBe(cell(high.peaks[0]!.tau));
    // four steps down: λ = 10^−0.4, the DRT re-run once the slider rests
    for (let k = 0; k < 4; k++) await page.keyboard.press('ArrowLeft');
    expect(await page.textContent('.drt-lambda-value')).toBe(`λ = ${lambdaLabel(sliderLambda(66))}`);
    await page.waitForFunction((t) => document.querySelector('p.drt-status')!.textContent!.startsWith(t), `Method tr-rbf, λ = ${lambdaLabel(sliderLambda(66))} (set`, { timeout: 30_000 });
    // back to automatic
    await page.check('input.drt-auto');
    await page.waitForFunction(() => /chosen automatically/.test(document.querySelector('p.drt-status')!.textContent!), undefined, { timeout: 30_000 });
    expect(await rows.count()).toBe(auto.peaks.length);
    // the credible band, when ticked: drt()'s band drawn as an area
    expect(await page.locator('details.drt .plot-drt .mark-area path').count()).toBe(0);
    await page.check('input.drt-credible');
    await page.waitForFunction(() => /credible band/.test(document.querySelector('p.drt-status')!.textContent!), undefined, { timeout: 30_000 });
    expect(drt(s, { credible: true }).lower).toBeDefined();
    await expect.poll(() => page.locator('details.drt .plot-drt .mark-area path').count()).toBeGreaterThan(0);
    await page.uncheck('input.drt-credible');
    await page.waitForFunction(() => !/credible band/.test(document.querySelector('p.drt-status')!.textContent!), undefined, { timeout: 30_000 });
    // the x axis toggle redraws γ against f
    const axisText = (t: string) => page.locator('details.drt .plot-drt svg text', { hasText: t }).count();
    expect(await axisText('τ (s)')).toBe(1);
    await page.selectOption('select.drt-axis', 'frequency');
    await expect.poll(() => axisText('(Hz)')).toBe(1);
    expect(await axisText('τ (s)')).toBe(0);
    // the first peak seeds p(R1,C1), the circuit's only R‖C arc: R1 = its R, C1 = τ/R
    const arcs = findArcs(parseCircuit(CIRCUIT).ast);
    expect(arcs.map((a) => a.r)).toEqual(['R1']);
    const seed = seedFromPeak(auto.peaks[0]!, arcs[0]!)!;
    expect(await rows.first().locator('select.drt-arc').inputValue()).toBe('0');
    await rows.first().locator('button.drt-seed').click();
    expect(await page.inputValue('#initial')).toBe(formatStartValues(seed));
    expect(await page.getAttribute('#initial', 'class')).toContain('seeded');
    expect(await page.textContent('p.drt-seeded')).toMatch(new RegExp(`^Seeded p\\(R1,C1\\) from the peak at τ = ${cell(auto.peaks[0]!.tau).replace('.', '\\.')} s`));
    // the next fit starts from them: the parameters of fit() with the same start values in Node
    await page.click('#run');
    await done(page);
    const initial = (parseStartValues(formatStartValues(seed)) as { values: Record<string, number> }).values;
    const expected = fit(parseCircuit(CIRCUIT), s, { initial });
    expectClose(await shownParams(page, expected.paramNames), expected.params, expected.paramNames);
    // the new results' DRT panel is open again and computed (automatic λ, as it was left)
    await page.waitForSelector('details.drt[open][data-state="done"]', { timeout: 30_000 });
    expect(await page.isChecked('input.drt-auto')).toBe(true);
    expect(await rows.count()).toBe(auto.peaks.length);
    // a λ set by the slider is kept too
    await page.locator('input.drt-lambda').focus();
    await page.keyboard.press('End');
    await page.waitForFunction(() => /^Method tr-rbf, λ = 1e0 \(set by the slider\)/.test(document.querySelector('p.drt-status')!.textContent!), undefined, { timeout: 30_000 });
    await page.click('#run');
    await done(page);
    await page.waitForSelector('details.drt[open][data-state="done"]', { timeout: 30_000 });
    expect(await page.textContent('p.drt-status')).toMatch(/^Method tr-rbf, λ = 1e0 \(set by the slider\)\./);
    expect(await page.inputValue('input.drt-lambda')).toBe('70');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a blocking electrode\'s tail: the DRT panel offers "crop at X Hz", which recomputes drt() on f ≥ X; "whole range" undoes it', async () => {
    const file = 'examples/data/mof-licl_eis_25C.csv';
    const { page, errors } = await open();
    await page.setInputFiles('#files', file);
    await page.fill('#circuit', 'R0-p(R1,CPE1)-CPE2');
    await page.click('#run');
    await done(page);
    const s = readSpectra(readFileSync(file, 'utf8'), { fileName: 'mof-licl_eis_25C.csv' })[0]!;
    const whole = drt(s);
    const fmin = whole.tail!.fmin;
    await page.click('details.drt summary');
    await page.waitForSelector('details.drt[data-state="done"]', { timeout: 30_000 });
    const rows = page.locator('table.drt-peaks tr[data-peak]');
    expect(await rows.count()).toBe(whole.peaks.length);
    expect(await page.textContent('.drt-warnings')).toContain(`Crop it with fmin = ${Number(fmin.toPrecision(3))} Hz`);
    expect(await page.textContent('p.drt-edge-note')).toBe(edgeText(whole.peaks.flatMap((p, k) => (p.edge ? [k + 1] : []))));
    await page.click('button.drt-crop');
    await page.waitForSelector('button.drt-uncrop', { timeout: 30_000 });
    await page.waitForSelector('details.drt[data-state="done"]', { timeout: 30_000 });
    const cropped = drt(s, { fmin });
    expect(await page.textContent('.drt-tail')).toContain(tailCroppedText(fmin));
    expect(await rows.count()).toBe(cropped.peaks.length);
    expect((await rows.first().locator('td').allTextContents()).slice(0, 2)).toEqual(['1', cell(cropped.peaks[0]!.tau)]);
    expect(await page.textContent('p.drt-status')).toContain(`R_pol = ${cell(cropped.polarizationResistance)} Ω`);
    await page.click('button.drt-uncrop');
    await page.waitForSelector('button.drt-crop', { timeout: 30_000 });
    await page.waitForSelector('details.drt[data-state="done"]', { timeout: 30_000 });
    expect(await rows.count()).toBe(whole.peaks.length);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a DRT that cannot run shows drt()\'s error as a message; bad start values are refused before a run', async () => {
    const { page, errors } = await open();
    await page.setInputFiles('#files', FIXTURE);
    await page.fill('#circuit', CIRCUIT);
    await page.fill('#fmin', '1000');
    await page.fill('#fmax', '2000');
    await page.click('#apply-range');
    await done(page);
    const used = cropSpectrum(spectrum(), { fmin: 1000, fmax: 2000 }).freq.length;
    expect(used).toBeLessThan(5);
    let thrown = '';
    try {
      drt(spectrum(), { fmin: 1000, fmax: 2000 });
    } catch (err) {
      thrown = (err as Error).message;
    }
    expect(thrown).not.toBe('');
    await page.click('details.drt summary');
    await page.waitForSelector('details.drt[data-state="error"]', { timeout: 30_000 });
    expect(await page.textContent('p.drt-status')).toBe(`DRT: not possible — ${thrown} [E_ARG_RANGE]`);
    expect(await page.locator('table.drt-peaks').count()).toBe(0);
    await page.fill('#initial', 'R1=abc');
    await page.click('#run');
    expect(await page.textContent('#status')).toBe('Start values: R1 must be a finite number; got "abc".');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a DRT worker that breaks on one request: the panel says so, and the next λ runs on a new worker', async () => {
    const { page, errors } = await open();
    // the real worker behind a wrapper that throws (uncaught: the Worker's onerror fires) on a DRT request at λ = 1
    await wrapWorker(page, `if (e.data.type === 'drt' && e.data.lambda === 1) throw new Error('DRT kernel blew up');
          return realHandler(e);`);
    await page.setInputFiles('#files', FIXTURE);
    await page.fill('#circuit', CIRCUIT);
    await page.click('#run');
    await done(page);
    await page.click('details.drt summary');
    await page.waitForSelector('details.drt[data-state="done"]', { timeout: 30_000 });
    await page.locator('input.drt-lambda').focus();
    await page.keyboard.press('End');
    await page.waitForSelector('details.drt[data-state="error"]', { timeout: 30_000 });
    expect(await page.textContent('p.drt-status')).toBe('DRT: not possible — the DRT worker failed: Uncaught Error: DRT kernel blew up; it has been restarted');
    await page.keyboard.press('ArrowLeft');
    await page.waitForSelector('details.drt[data-state="done"]', { timeout: 30_000 });
    expect(await page.textContent('p.drt-status')).toMatch(new RegExp(`^Method tr-rbf, λ = ${lambdaLabel(sliderLambda(69))} \\(set by the slider\\)`));
    expect(await page.locator('table.drt-peaks tr[data-peak]').count()).toBe(drt(spectrum(), { lambda: sliderLambda(69) }).peaks.length);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the CSV download is RFC 4180, with a formula-like file name neutralised and numbers as numbers', async () => {
    const { page } = await open();
    const evil = "=cmd|' /C calc'!A0.csv";
    await page.setInputFiles('#files', [csvFile(evil)]);
    await page.fill('#circuit', CIRCUIT);
    await page.click('#run');
    await done(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv')]);
    expect(download.suggestedFilename()).toBe('eiskit-fits.csv');
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replaceAll('\r\n', '').includes('\n')).toBe(false);
    const [header, row] = readRfc4180(text) as [string[], string[]];
    expect(row[header.indexOf('file')]).toBe(`'${evil}`);
    expect(text.split('\r\n')[1]!.startsWith(`'${evil},'${evil},`)).toBe(true);
    const expected = fit(parseCircuit(CIRCUIT), spectrum());
    // every digit is written (the browser's WASM agrees with Node's to ~1e-9)
    for (const [k, n] of expected.paramNames.entries()) expect(Math.abs(Number(row[header.indexOf(n)]) / expected.params[k]! - 1), n).toBeLessThan(1e-7);
    expect(row[header.indexOf('quality')]).toBe(expected.quality.verdict);
    await page.close();
  });
});

describe.skipIf(appReady)('in-browser app (skipped)', () => {
  it(`needs ${existsSync(executablePath) ? '' : `a Chromium at ${executablePath} and `}a built app (npm run build:app) — e2e test skipped`, () => {
    expect(appReady).toBe(false);
  });
});
