/**
 * End-to-end test of the app's temperature series section (dist/app/, `npm run build:app` first)
 * in Debian's Chromium through Playwright, as a person uses it: the six example spectra of
 * `npm start` are loaded and fitted, the temperatures come prefilled from the file names (°C ↔ K
 * switch), missing geometry and a cleared temperature are named before anything runs, "Fit series"
 * shows Ea by both routes — equal to temperatureSeries({ global: true }) in Node on the same files —
 * with the report's rows and lack-of-fit text, the Arrhenius plot with both lines and the residuals
 * of every spectrum, and the JSON download; fitted again with another circuit, the temperatures and
 * geometry are kept and the roles are the new circuit's; a series can be cancelled, and a series worker that
 * breaks is a message; files that state different electrode areas, the Pellet box untouched, are
 * hints in the box, refused by the series (as `eiskit series`) and each its own in the dielectric views. Skipped, saying so, without a Chromium or a built app.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { init, jonscherFit, temperatureSeries, type TemperatureSeriesResult } from '../src/index.ts';
import { readSpectra, writeJson } from '../src/io/index.ts';
import { globalRouteRows, lackOfFitText } from '../src/report/series-global.ts';
import { globalArrheniusLine, sigmaAt } from '../src/analysis/arrhenius-at.ts';
import { appReady, useApp, wrapWorker } from './app-e2e.ts';

if (!appReady) console.warn('[eiskit] app series e2e skipped: needs Chromium and dist/app (npm run build:app)');
const DIR = 'examples/data/';
const TEMPS = [25, 35, 45, 55, 65, 75];
const NAMES = TEMPS.map((t) => `mof-licl_eis_${t}C.csv`);
const GEOMETRY = { thicknessCm: 0.1, areaCm2: 0.196 };

describe.skipIf(!appReady)('app temperature series section (Chromium)', () => {
  let direct: TemperatureSeriesResult;
  beforeAll(async () => {
    await init();
    const spectra = NAMES.map((name, k) => {
      const s = readSpectra(readFileSync(DIR + name), { fileName: name })[0]!;
      return { freq: s.freq, re: s.re, im: s.im, temperatureK: TEMPS[k]! + 273.15 };
    });
    // as `eiskit series … --thickness 0.1 --area 0.196 --global` calls it
    direct = await temperatureSeries(spectra, { circuit: 'R0-p(R1,CPE1)-CPE2', bulk: 'R1', geometry: GEOMETRY, arrheniusForm: 'sigma', global: true });
  });
  const { open } = useApp();

  /** A page with the six example spectra loaded and fitted; `errors` collects uncaught page errors. */
  async function loaded(): Promise<{ page: Page; errors: string[] }> {
    const { page, errors } = await open();
    await page.setInputFiles('#files', NAMES.map((n) => DIR + n));
    await page.click('#run');
    await page.waitForSelector('body[data-state="done"]', { timeout: 60_000 });
    await page.waitForSelector('#series-section');
    return { page, errors };
  }
  const temperatures = (page: Page) => page.locator('#series-section input.series-temperature').evaluateAll((xs) => xs.map((x) => (x as HTMLInputElement).value));
  const state = (page: Page) => page.getAttribute('#series-section', 'data-state');

  it('temperatures from the file names, bad input named before anything runs, then Ea by both routes as in Node, the plots and the JSON', async () => {
    const { page, errors } = await loaded();
    expect(await temperatures(page)).toEqual(TEMPS.map(String));
    expect(await page.locator('#series-section tr[data-label] td:last-child').allTextContents()).toEqual(TEMPS.map(() => 'the file name'));
    expect(await page.inputValue('#series-section input.series-bulk')).toBe('R1');
    expect(await page.inputValue('#series-section input.series-shared')).toBe('CPE1.Q, CPE1.alpha');
    // the unit switch converts what is typed
    await page.selectOption('#series-section select.series-unit', 'K');
    expect(await temperatures(page)).toEqual(TEMPS.map((t) => String(t + 273.15)));
    await page.selectOption('#series-section select.series-unit', 'C');
    expect(await temperatures(page)).toEqual(TEMPS.map(String));
    // the CSV files state no geometry; a cleared temperature is named
    await page.locator('#series-section input.series-temperature').nth(2).fill('');
    await page.click('#series-section button.series-fit');
    expect(await state(page)).toBe('invalid');
    expect(await page.locator('#series-section ul.series-errors li').allTextContents()).toEqual([
      'Temperature of mof-licl_eis_45C.csv: missing — type it in °C or untick the spectrum.', 'Thickness: missing (cm).', 'Electrode area: missing (cm²).',
    ]);
    await page.locator('#series-section input.series-temperature').nth(2).fill('45');
    await page.fill('#pellet-thickness', String(GEOMETRY.thicknessCm));
    await page.fill('#pellet-area', String(GEOMETRY.areaCm2));
    await page.click('#series-section button.series-fit');
    await page.waitForSelector('#series-section[data-state="done"]', { timeout: 60_000 });
    expect(await page.locator('#series-section ul.series-errors li').count()).toBe(0);
    const g = direct.global!;
    const ea = async (route: string) => Number(await page.getAttribute(`#series-section tr[data-route="${route}"] td.series-ea`, 'data-value'));
    // the same computation in the WASM worker as in Node (bit-identical by design; 1e-9 allows for nothing but printing)
    expect(Math.abs((await ea('constrained')) / g.constrained.activationEnergyEv - 1)).toBeLessThan(1e-9);
    expect(Math.abs((await ea('two-step')) / g.twoStep!.activationEnergyEv - 1)).toBeLessThan(1e-9);
    expect(Math.abs((await ea('constrained')) - 0.34)).toBeLessThan(0.05);
    const rows = await page.locator('#series-section table.series-routes tr[data-route]').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).slice(0, 3).map((td) => td.textContent)));
    expect(rows).toEqual(globalRouteRows(direct));
    expect(await page.textContent('#series-section p.series-lack-of-fit')).toBe(lackOfFitText(g));
    expect(await page.textContent('#series-section .series-fit-quality .verdict')).toBe(`quality: ${g.constrained.fit.quality.verdict}`);
    expect(await page.locator('#series-section ul.series-quality-reasons li').allTextContents()).toEqual(g.constrained.fit.quality.reasons);
    expect(Number(await page.textContent('#series-section td[data-param="CPE1.alpha"]'))).toBeCloseTo(g.constrained.fit.shared['CPE1.alpha']!.value, 4);
    // σ at 25 °C on the constrained line, against the data's 2.4e-5 S/cm
    const sigma25 = Number(await page.textContent('#series-section tr[data-route="constrained"] td:nth-child(5)'));
    expect(Math.abs(sigma25 / 2.4e-5 - 1)).toBeLessThan(0.01);
    // its ± (the delta method on the law's R_ref, Ea covariance: src/analysis/arrhenius-at.ts) as in Node; 25 °C is measured: no extrapolation note
    const se25 = sigmaAt(globalArrheniusLine(g.constrained.fit, 'R1', GEOMETRY)!, 298.15, TEMPS.map((t) => t + 273.15)).stderr;
    expect(Math.abs(Number(await page.textContent('#series-section tr[data-route="constrained"] td:nth-child(6)')) / se25 - 1)).toBeLessThan(1e-3);
    expect(await page.locator('#series-section p.series-sigma25-note').count()).toBe(0);
    // the typed geometry; the files state none, so no geometry note
    expect(await page.locator('#series-section ul.series-notes li').count()).toBe(0);
    // the Arrhenius plot with both lines in its legend, the residuals of all six spectra
    expect(await page.locator('#series-section .series-plots svg').count()).toBe(2);
    const arrhenius = (await page.textContent('#series-section .plot-arrhenius')) ?? '';
    expect(arrhenius).toContain('constrained: Ea = ');
    expect(arrhenius).toContain('two-step GLS: Ea = ');
    const residuals = (await page.textContent('#series-section .plot-residuals')) ?? '';
    for (const [k, t] of TEMPS.entries()) expect(residuals).toContain(`${t.toFixed(1)} °C — ${NAMES[k]}`);
    expect(await page.locator('#series-section .plot-residuals svg path').count()).toBeGreaterThan(6);
    expect(await page.textContent('#series-section p.series-status')).toMatch(/^done in \d+ ms: Ea = 0\.34\d\d eV by the constrained global fit, 0\.34\d\d eV by the two-step route\.$/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#series-section button.series-json')]);
    expect(download.suggestedFilename()).toBe('eiskit-series.json');
    const json = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(json.format).toBe('eiskit-app-series');
    expect(json.constrained.activationEnergyEv).toBe(await ea('constrained'));
    expect(json.points.map((p: { label: string }) => p.label)).toEqual(NAMES);
    await page.locator('#series-section').screenshot({ path: 'test-artifacts/app-series.png' });
    // fitted again with another circuit: temperatures and geometry carry over, bulk and shared are the new circuit's defaults
    await page.fill('#series-section input.series-bulk', 'R0');
    await page.fill('#circuit', 'R0-p(R1,C1)-CPE2');
    await page.click('#run');
    await page.waitForFunction(() => (document.querySelector('#series-section input.series-shared') as HTMLInputElement | null)?.value === 'C1', undefined, { timeout: 60_000 });
    expect(await temperatures(page)).toEqual(TEMPS.map(String));
    expect(await page.inputValue('#pellet-thickness')).toBe('0.1');
    expect(await page.inputValue('#series-section input.series-bulk')).toBe('R1');
    expect(await state(page)).toBe('idle');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('files that state different areas, the Pellet box untouched: the box shows them as hints, the series names the disagreement, each dielectric view uses its own file\'s', async () => {
    const areas = [0.196, 0.196, 0.3];
    const files = TEMPS.slice(0, 3).map((t, k) => {
      const s = readSpectra(readFileSync(DIR + NAMES[k]!), { fileName: NAMES[k]! })[0]!;
      const meta = { format: 'eiskit-json' as const, sweep: 0, columns: [], thicknessCm: 0.1, areaCm2: areas[k]! };
      return { name: `pellet_${t}C.json`, spectrum: s, buffer: Buffer.from(writeJson([{ freq: s.freq, re: s.re, im: s.im, meta }])) };
    });
    const { page, errors } = await open();
    await page.setInputFiles('#files', files.map((f) => ({ name: f.name, mimeType: 'application/json', buffer: f.buffer })));
    await page.click('#run');
    await page.waitForSelector('body[data-state="done"]', { timeout: 60_000 });
    await page.waitForSelector('#series-section');
    // nothing typed for the person: the files' values are hints
    expect([await page.inputValue('#pellet-thickness'), await page.inputValue('#pellet-area')]).toEqual(['', '']);
    expect(await page.getAttribute('#pellet-thickness', 'placeholder')).toBe('0.1 (files)');
    expect(await page.getAttribute('#pellet-area', 'placeholder')).toBe('files differ');
    // the series refuses, as `eiskit series` does without --area
    await page.click('#series-section button.series-fit');
    expect(await state(page)).toBe('invalid');
    expect(await page.locator('#series-section ul.series-errors li').allTextContents()).toEqual([
      'Electrode area: the files state different values (pellet_25C.json: 0.196 cm², pellet_45C.json: 0.3 cm²) — type the pellet\'s value in the Pellet box.',
    ]);
    // each spectrum's dielectric views: its own file's area
    for (const [k, f] of files.entries()) {
      const section = `details.dielectric[data-label="${f.name}"]`;
      await page.click(`${section} > summary`);
      await page.waitForSelector(`${section}[data-state="done"]`, { timeout: 20_000 });
      expect(await page.textContent(`${section} p.dielectric-geometry`)).toBe(`Geometry: L = 0.1 cm, A = ${areas[k]} cm² (the file); on the range of the fit, ${f.spectrum.freq.length} points.`);
      expect(Number(await page.getAttribute(`${section} p.dielectric-sigma-dc`, 'data-value'))).toBe(jonscherFit(f.spectrum, { thicknessCm: 0.1, areaCm2: areas[k]! }).sigmaDc);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a series that does not answer can be cancelled; one that breaks its worker is a message; the page stays usable', async () => {
    // series requests stall, or throw when the bulk is 'R9' (a name the form lets through)
    const { page, errors } = await open({ viewport: false, before: (p) => wrapWorker(p, `if (e.data.type === 'series') { if (e.data.bulk === 'R9') throw new Error('series kernel blew up'); return; } realHandler(e);`) });
    await page.setInputFiles('#files', NAMES.map((n) => DIR + n));
    await page.click('#run');
    await page.waitForSelector('body[data-state="done"]', { timeout: 60_000 });
    await page.fill('#pellet-thickness', '0.1');
    await page.fill('#pellet-area', '0.196');
    await page.click('#series-section button.series-fit');
    expect(await state(page)).toBe('busy');
    expect(await page.isEnabled('#series-section button.series-cancel')).toBe(true);
    await page.click('#series-section button.series-cancel');
    expect(await state(page)).toBe('cancelled');
    expect(await page.textContent('#series-section p.series-status')).toBe('Cancelled: the series worker was stopped and restarted.');
    expect(await page.isEnabled('#series-section button.series-cancel')).toBe(false);
    await page.fill('#series-section input.series-bulk', 'R9');
    await page.click('#series-section button.series-fit');
    await page.waitForSelector('#series-section[data-state="error"]', { timeout: 20_000 });
    expect(await page.textContent('#series-section p.series-status')).toMatch(/^Temperature series: not possible — the series worker failed: .*series kernel blew up.*; it has been restarted\. Fit again to retry\.$/);
    expect(await page.getAttribute('body', 'data-state')).toBe('done'); // the fits above are untouched
    expect(errors).toEqual([]);
    await page.close();
  });
});
