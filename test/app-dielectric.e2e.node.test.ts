/**
 * End-to-end test of a spectrum's "Dielectric views" section in the built app (dist/app/, `npm run
 * build:app` first), in Debian's Chromium through Playwright, as a person uses it: one example
 * spectrum of `npm start` loaded and fitted; the closed section, opened without a geometry, says
 * what it needs and still downloads Y; the pellet geometry typed in the page's Pellet box draws the
 * −Z″/M″ and σ′ plots with the Jonscher fit, the report's reading of the peaks and σ_dc — equal to
 * modulusPeaks / dielectricReading / jonscherFit / bulkComparison called in Node on the same file — and the σ* CSV
 * downloads with toConductivity's numbers; a new geometry redraws an open section, and a refit keeps
 * it open; a file that states its geometry is the empty Pellet box's placeholder (never a typed
 * value) and its views use the file's values, and a value typed in the box
 * wins with the file's named (as `eiskit convert` takes the flag over the file); a Jonscher range
 * typed in the section refits σ′ there. Skipped, saying so, without a Chromium or a built app.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fit, init, jonscherFit, parseCircuit, toAdmittance, toConductivity } from '../src/index.ts';
import { readSpectra, writeJson } from '../src/io/index.ts';
import { modulusPeaks } from '../src/plot/index.ts';
import { bulkComparison, dielectricReading, jonscherBlocks } from '../src/report/dielectric.ts';
import { readRfc4180 } from './rfc4180.ts';
import { appReady, useApp } from './app-e2e.ts';

if (!appReady) console.warn('[eiskit] app dielectric e2e skipped: needs Chromium and dist/app (npm run build:app)');
const FILE = 'examples/data/mof-licl_eis_25C.csv';
const G = { thicknessCm: 0.1, areaCm2: 0.196 };
const SECTION = 'details.dielectric[data-label="mof-licl_eis_25C.csv"]';

describe.skipIf(!appReady)('app dielectric views (Chromium)', () => {
  const s = readSpectra(readFileSync(FILE), { fileName: 'mof-licl_eis_25C.csv' })[0]!;
  beforeAll(() => init());
  const { open } = useApp();

  it('without a geometry: what is needed, and the Y CSV; with one: both plots, the reading, σ_dc as in Node, the σ* CSV; a new geometry redraws', async () => {
    const { page, errors } = await open();
    await page.setInputFiles('#files', [FILE]);
    await page.click('#run');
    await page.waitForSelector('body[data-state="done"]', { timeout: 60_000 });
    // closed at first; opened without a geometry it names what it needs
    expect(await page.getAttribute(SECTION, 'open')).toBeNull();
    await page.click(`${SECTION} > summary`);
    await page.waitForSelector(`${SECTION}[data-state="no-geometry"]`);
    expect(await page.textContent(`${SECTION} p.dielectric-geometry`)).toBe('The dielectric views need the pellet geometry: type the thickness and the electrode area (or diameter) in the Pellet box above. Thickness: missing (cm). Electrode area: missing (cm²). The CSV of Y and C* needs none.');
    expect(await page.locator(`${SECTION} svg`).count()).toBe(0);
    // σ* needs the geometry; Y does not
    await page.click(`${SECTION} button.dielectric-csv`);
    expect(await page.textContent(`${SECTION} .dielectric-csv-message`)).toMatch(/^ Not possible — .*`geometry` is required.*\[E_ARG_TYPE\] Type the pellet geometry in the Pellet box above\.$/);
    await page.selectOption(`${SECTION} select.dielectric-quantity`, 'Y');
    const [yDownload] = await Promise.all([page.waitForEvent('download'), page.click(`${SECTION} button.dielectric-csv`)]);
    expect(yDownload.suggestedFilename()).toBe('mof-licl_eis_25C-Y.csv');
    const y = toAdmittance(s);
    const yRows = readRfc4180(readFileSync((await yDownload.path())!, 'utf8'));
    expect(yRows[0]).toEqual(['spectrum', 'freq_Hz', 'Yre_S', 'Yim_S']);
    expect(yRows.slice(1).map((r) => r.slice(1).map(Number))).toEqual(Array.from(y.freq, (f, i) => [f, y.re[i], y.im[i]]));

    // the geometry typed in the Pellet box: the open section draws
    await page.fill('#pellet-thickness', String(G.thicknessCm));
    await page.fill('#pellet-area', String(G.areaCm2));
    await page.waitForSelector(`${SECTION}[data-state="done"]`, { timeout: 20_000 });
    expect(await page.textContent(`${SECTION} p.dielectric-geometry`)).toBe(`Geometry: L = 0.1 cm, A = 0.196 cm² (the Pellet box); on the range of the fit, ${s.freq.length} points.`);
    expect(await page.locator(`${SECTION} .dielectric-plots svg`).count()).toBe(2);
    const j = jonscherFit(s, G);
    const peaks = modulusPeaks(s, G);
    // the same numbers in the page as in Node (the TS engine with src/math: bit-identical)
    expect(Number(await page.getAttribute(`${SECTION} p.dielectric-sigma-dc`, 'data-value'))).toBe(j.sigmaDc);
    expect(await page.textContent(`${SECTION} p.dielectric-sigma-dc`)).toBe((jonscherBlocks(j)[0] as { text: string }).text);
    expect(await page.getAttribute(`${SECTION} p.dielectric-sigma-dc`, 'data-verdict')).toBe(j.quality.verdict);
    expect(await page.textContent(`${SECTION} p.dielectric-reading`)).toBe(dielectricReading(peaks, Math.min(...s.freq)));
    expect(await page.locator(`${SECTION} table.dielectric-peaks tr`).count()).toBe(1 + peaks.length);
    // σ_dc beside the bulk σ of the fit shown above (R1 of the default circuit), in the report's words
    expect(await page.textContent(`${SECTION} p.dielectric-bulk`)).toBe(bulkComparison(j, fit(parseCircuit('R0-p(R1,CPE1)-CPE2'), s, { starts: 1 }), 'R1', G));
    // the plots: the peak readouts on −Z″/M″, the Jonscher label on σ′
    const modulus = (await page.textContent(`${SECTION} .plot-modulus`)) ?? '';
    for (const p of peaks) expect(modulus).toContain(p.label);
    expect((await page.textContent(`${SECTION} .plot-sigma`)) ?? '').toContain(`Jonscher: σ_dc = ${j.sigmaDc.toExponential(3)}`);
    // the σ* CSV
    await page.selectOption(`${SECTION} select.dielectric-quantity`, 'sigma');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`${SECTION} button.dielectric-csv`)]);
    expect(download.suggestedFilename()).toBe('mof-licl_eis_25C-sigma.csv');
    const sigma = toConductivity(s, G);
    const rows = readRfc4180(readFileSync((await download.path())!, 'utf8'));
    expect(rows[0]).toEqual(['spectrum', 'freq_Hz', 'sigmare_S_per_cm', 'sigmaim_S_per_cm']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(Array.from(sigma.freq, () => 'mof-licl_eis_25C.csv'));
    expect(rows.slice(1).map((r) => r.slice(1).map(Number))).toEqual(Array.from(sigma.freq, (f, i) => [f, sigma.re[i], sigma.im[i]]));
    await page.locator(SECTION).screenshot({ path: 'test-artifacts/app-dielectric.png' });

    // a Jonscher range typed in the section: σ′ refitted there (rangeRule 'given')
    await page.fill(`${SECTION} input.dielectric-jonscher-fmin`, '1e4');
    await page.dispatchEvent(`${SECTION} input.dielectric-jonscher-fmin`, 'change');
    const jr = jonscherFit(s, G, { range: [1e4, null] });
    await page.waitForFunction(([sel, v]) => document.querySelector(`${sel} p.dielectric-sigma-dc`)?.getAttribute('data-value') === v, [SECTION, String(jr.sigmaDc)] as const, { timeout: 20_000 });
    expect(await page.textContent(`${SECTION} p.dielectric-sigma-dc`)).toBe((jonscherBlocks(jr)[0] as { text: string }).text);
    await page.fill(`${SECTION} input.dielectric-jonscher-fmin`, '');
    await page.dispatchEvent(`${SECTION} input.dielectric-jonscher-fmin`, 'change');
    await page.waitForFunction(([sel, v]) => document.querySelector(`${sel} p.dielectric-sigma-dc`)?.getAttribute('data-value') === v, [SECTION, String(j.sigmaDc)] as const, { timeout: 20_000 });

    // a diameter instead: the open section redraws with A = π·d²/4 (σ_dc scales with L/A)
    await page.selectOption('#pellet-area-kind', 'diameter');
    await page.fill('#pellet-area', '1');
    await page.waitForFunction((sel) => document.querySelector(`${sel} p.dielectric-geometry`)?.textContent?.includes('A = 0.785398 cm²'), SECTION, { timeout: 20_000 });
    await page.waitForSelector(`${SECTION}[data-state="done"]`, { timeout: 20_000 });
    const j2 = jonscherFit(s, { thicknessCm: 0.1, diameterCm: 1 });
    expect(Number(await page.getAttribute(`${SECTION} p.dielectric-sigma-dc`, 'data-value'))).toBe(j2.sigmaDc);
    // fitted again: the section of the same spectrum is open again and drawn
    const fmin = [...s.freq].sort((a, b) => a - b)[10]!; // the 10 lowest points left out
    const kept = s.freq.filter((f) => f >= fmin).length;
    expect(kept).toBe(s.freq.length - 10);
    await page.fill('#fmin', String(fmin));
    await page.click('#run');
    await page.waitForFunction(([sel, n]) => document.querySelector(`${sel} p.dielectric-geometry`)?.textContent?.includes(`fit, ${n} points`), [SECTION, kept] as const, { timeout: 60_000 });
    await page.waitForSelector(`${SECTION}[data-state="done"]`, { timeout: 20_000 });
    expect(await page.getAttribute(SECTION, 'open')).not.toBeNull();
    expect(await page.textContent(`${SECTION} p.dielectric-geometry`)).toBe(`Geometry: L = 0.1 cm, A = 0.785398 cm² (the Pellet box); on the range of the fit, ${kept} points.`);
    const cropped = { freq: s.freq.filter((f) => f >= fmin), re: s.re.filter((_, i) => s.freq[i]! >= fmin), im: s.im.filter((_, i) => s.freq[i]! >= fmin) };
    expect(Number(await page.getAttribute(`${SECTION} p.dielectric-sigma-dc`, 'data-value'))).toBe(jonscherFit(s, { thicknessCm: 0.1, diameterCm: 1 }, { fmin }).sigmaDc);
    expect(jonscherFit(cropped, { thicknessCm: 0.1, diameterCm: 1 }).sigmaDc).toBe(jonscherFit(s, { thicknessCm: 0.1, diameterCm: 1 }, { fmin }).sigmaDc);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a file that states its geometry: the empty Pellet box shows it as a hint, not a typed value, and the views use the file\'s; a value typed wins, the file\'s named', async () => {
    const { page, errors } = await open();
    const meta = { format: 'eiskit-json' as const, sweep: 0, columns: [], thicknessCm: 0.05, diameterCm: 1 };
    const text = writeJson([{ freq: s.freq, re: s.re, im: s.im, meta }]);
    await page.setInputFiles('#files', [{ name: 'pellet.json', mimeType: 'application/json', buffer: Buffer.from(text) }]);
    await page.click('#run');
    await page.waitForSelector('body[data-state="done"]', { timeout: 60_000 });
    // the box stays empty: the files' values are its placeholders
    expect(await page.inputValue('#pellet-thickness')).toBe('');
    expect(await page.inputValue('#pellet-area')).toBe('');
    expect(await page.getAttribute('#pellet-thickness', 'placeholder')).toBe('0.05 (files)');
    expect(await page.getAttribute('#pellet-area', 'placeholder')).toBe(`${Number((Math.PI / 4).toPrecision(6))} (files)`);
    const section = 'details.dielectric[data-label="pellet.json"]';
    await page.click(`${section} > summary`);
    await page.waitForSelector(`${section}[data-state="done"]`, { timeout: 20_000 });
    // the empty box: the file's values, named as the file's
    expect(await page.textContent(`${section} p.dielectric-geometry`)).toBe(`Geometry: L = 0.05 cm, A = 0.785398 cm² (the file); on the range of the fit, ${s.freq.length} points.`);
    const j = jonscherFit(s, { thicknessCm: 0.05, diameterCm: 1 });
    expect(Number(await page.getAttribute(`${section} p.dielectric-sigma-dc`, 'data-value'))).toBe(j.sigmaDc);
    // another thickness typed: it wins (a file's value can be an instrument default), the file's is named
    await page.fill('#pellet-thickness', '0.2');
    const typed = `Geometry: L = 0.2 cm, A = 0.785398 cm² (L from the Pellet box, A from the file; the file states L = 0.05 cm); on the range of the fit, ${s.freq.length} points.`;
    await page.waitForFunction(([sel, t]) => document.querySelector(`${sel} p.dielectric-geometry`)?.textContent === t, [section, typed] as const, { timeout: 20_000 });
    await page.waitForSelector(`${section}[data-state="done"]`, { timeout: 20_000 });
    expect(Number(await page.getAttribute(`${section} p.dielectric-sigma-dc`, 'data-value'))).toBe(jonscherFit(s, { thicknessCm: 0.2, diameterCm: 1 }).sigmaDc);
    expect(errors).toEqual([]);
    await page.close();
  });
});
