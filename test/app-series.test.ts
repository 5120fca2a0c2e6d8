/**
 * The app's temperature series section, its plain parts: the temperature a file name states,
 * °C ↔ K in the inputs, the defaults (bulk, shared), the form's checks (each bad input a message
 * naming it, before anything runs), the request → temperatureSeries() options mapping (as
 * `eiskit series --global [--shared]`), the worker's runSeries against temperatureSeries() called
 * directly on a simulated series (and against the simulation's Ea), failures as messages, the
 * series job queue with a stand-in worker, and the plots. Runs in Node and in Chromium.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { logFrequencies, parseCircuit, simulate, temperatureSeries } from '../src/index.ts';
import { exp } from '../src/math/index.ts';
import { globalArrheniusLines, globalRouteRows, lackOfFitText } from '../src/report/series-global.ts';
import { writeJson } from '../src/io/index.ts';
import { temperatureFromName as ioTemperatureFromName } from '../src/io/temperature-name.ts';
import { analyse } from '../app/analyse.ts';
import type { SeriesOutcome, SeriesReply, SeriesRequest } from '../app/protocol.ts';
import { runSeries, seriesDefaults, seriesErrorText, seriesOptions, T25 } from '../app/series.ts';
import { arrheniusLine, globalArrheniusLine, sigmaAt } from '../src/analysis/arrhenius-at.ts';
import { SeriesJobs, type WorkerLike } from '../app/series-jobs.ts';
import {
  ambiguousComma, convertText, nameTemperatureNote, parseNumber, parseSharedText, seriesJson, seriesRequest, stateTemperature, temperatureFromName, temperatureText,
  type SeriesForm, type SeriesSource,
} from '../app/series-model.ts';
import { seriesSpecs } from '../app/series-plots.ts';
import { ensureInit } from './helpers.ts';

beforeAll(ensureInit);

const K_B = 8.617333262e-5; // eV/K (CODATA 2018), written here independently of the code
const CIRCUIT = 'R0-p(R1,CPE1)-CPE2';
const EA = 0.4;
const TEMPS_C = [30, 45, 60, 75];
/** R1 = 5e4 Ω at 30 °C on the σ law with Ea 0.4 eV; CPE1, R0, CPE2 independent of T; 0.3 % noise. */
function simulated(): { label: string; freq: number[]; re: number[]; im: number[]; temperatureK: number }[] {
  const c = parseCircuit(CIRCUIT), f = logFrequencies(1e6, 0.5, 36);
  const T1 = TEMPS_C[0]! + 273.15;
  return TEMPS_C.map((tc, k) => {
    const T = tc + 273.15;
    const s = simulate(c, f, { R0: 30, R1: 5e4 * exp((EA / K_B) * (1 / T - 1 / T1)), 'CPE1.Q': 8e-11, 'CPE1.alpha': 0.9, 'CPE2.Q': 3e-6, 'CPE2.alpha': 0.85 }, { noise: 0.003, seed: 40 + k });
    return { label: `pellet_${tc}C.csv`, freq: Array.from(s.freq), re: Array.from(s.re), im: Array.from(s.im), temperatureK: T };
  });
}
const GEOMETRY = { thicknessCm: 0.1, areaCm2: 0.2 };
const request = (over: Partial<SeriesRequest> = {}): SeriesRequest => ({ type: 'series', id: 7, circuit: CIRCUIT, range: {}, spectra: simulated(), bulk: 'R1', form: 'sigma', geometry: GEOMETRY, ...over });

describe('temperature from a file name', () => {
  it('is src/io/temperature-name.ts\'s (test/io-temperature-name.test.ts): a C-rate or an implausible value is not read, and the series form says why', () => {
    expect(temperatureFromName).toBe(ioTemperatureFromName);
    expect(temperatureFromName('LLZO_75C.mpt')).toBeCloseTo(348.15, 9);
    expect(stateTemperature({ label: 'LFP_1C.mpt', file: 'LFP_1C.mpt' })).toBeNull();
    expect(nameTemperatureNote({ label: 'LFP_1C.mpt', file: 'LFP_1C.mpt' })).toMatch(/"1C" is read as a C-rate/);
    expect(nameTemperatureNote({ label: 'x_2K.mpt', file: 'x_2K.mpt' })).toMatch(/outside the plausible 150–1500 K/);
    expect(nameTemperatureNote({ label: 'x.mpt', file: 'x.mpt' })).toBeNull();
    expect(nameTemperatureNote({ label: 'x_25C.mpt', file: 'x_25C.mpt' })).toBeNull();
  });
  it('the reader\'s temperature comes first, then the label, then the file name', () => {
    expect(stateTemperature({ label: 'a_25C.csv', file: 'a_25C.csv', temperatureK: 400 })).toBe(400);
    expect(stateTemperature({ label: 'x.mpr #2', file: 'cell_80C.mpr' })).toBeCloseTo(353.15, 9);
    expect(stateTemperature({ label: 'x.csv', file: 'x.csv' })).toBeNull();
  });
  it('the app\'s worker job passes on what the file states: temperature, thickness, area (from a diameter)', async () => {
    const meta = (t: number) => ({ format: 'eiskit-json' as const, sweep: 0, columns: [], temperatureK: t, thicknessCm: 0.05, diameterCm: 1 });
    const text = writeJson(simulated().slice(0, 3).map((s, k) => ({ ...s, meta: meta(300 + 20 * k) })));
    const bytes = new TextEncoder().encode(text).buffer as ArrayBuffer;
    const done = await analyse({ type: 'analyse', id: 1, files: [{ name: 'series_25C.json', size: bytes.byteLength, bytes }], circuit: CIRCUIT, starts: 1, range: {} }, () => {});
    expect(done.spectra.map((s) => [s.label, s.temperatureK, s.thicknessCm])).toEqual([['series_25C.json #1', 300, 0.05], ['series_25C.json #2', 320, 0.05], ['series_25C.json #3', 340, 0.05]]);
    expect(done.spectra[0]!.areaCm2).toBeCloseTo(Math.PI / 4, 14);
    expect(done.spectra.map((s) => stateTemperature(s))).toEqual([300, 320, 340]); // the file's, not its name's 25 °C
    expect(done.seriesDefaults).toEqual({ bulk: 'R1', shared: ['CPE1.Q', 'CPE1.alpha'] });
  });
});

describe('the form', () => {
  it('°C ↔ K in the inputs; text that is not a number is kept', () => {
    expect(temperatureText(298.15, 'C')).toBe('25');
    expect(temperatureText(298.15, 'K')).toBe('298.15');
    expect(convertText('25', 'C', 'K')).toBe('298.15');
    expect(convertText('298.15', 'K', 'C')).toBe('25');
    expect(convertText('-20', 'C', 'K')).toBe('253.15');
    expect(convertText('', 'C', 'K')).toBe('');
    expect(convertText('abc', 'K', 'C')).toBe('abc');
    expect(parseNumber('25,5')).toBe(25.5);
    expect(parseNumber(' 1e2 ')).toBe(100);
    for (const t of ['', 'abc', '25 C', '1.2.3', 'Infinity']) expect(parseNumber(t), t).toBeNull();
    // a comma before exactly three digits after 1–3 digits: a thousands separator or a decimal comma?
    for (const t of ['1,073', '-1,073', '25,000', '999,999']) expect([ambiguousComma(t), parseNumber(t)], t).toEqual([true, null]);
    for (const [t, v] of [['0,125', 0.125], ['1,07', 1.07], ['1,0735', 1.0735], ['1073', 1073], ['1.073', 1.073]] as const) expect([ambiguousComma(t), parseNumber(t)], t).toEqual([false, v]);
  });
  it('a typed "1,073" is refused naming both readings', () => {
    const rows = form().rows.map((r, k) => ({ ...r, temperature: k === 0 ? '1,073' : String(TEMPS_C[k]! + 273.15) }));
    expect(errorsOf(form({ unit: 'K', rows }))).toEqual(['Temperature of pellet_30C.csv: "1,073" is ambiguous — a thousands separator or a decimal comma? Type 1073 or 1.073 (K).']);
    expect(errorsOf(form({ thickness: '1,250' }))).toEqual(['Thickness: "1,250" is ambiguous — a thousands separator or a decimal comma? Type 1250 or 1.250 (cm).']);
  });
  it('defaults: the bulk R1 as `eiskit series`, the shared parameters every arc\'s CPE or C', () => {
    expect(seriesDefaults(parseCircuit(CIRCUIT))).toEqual({ bulk: 'R1', shared: ['CPE1.Q', 'CPE1.alpha'] });
    expect(seriesDefaults(parseCircuit('R0-p(R2,CPE1)-CPE2'))).toEqual({ bulk: 'R2', shared: ['CPE1.Q', 'CPE1.alpha'] });
    expect(seriesDefaults(parseCircuit('R0-p(R1,CPE1)-p(R2,C2)-CPE3'))).toEqual({ bulk: 'R1', shared: ['CPE1.Q', 'CPE1.alpha', 'C2'] });
    expect(seriesDefaults(parseCircuit('R3-CPE1'))).toEqual({ bulk: 'R3', shared: [] });
    expect(parseSharedText(' CPE1.Q, CPE1.alpha;C2 ')).toEqual(['CPE1.Q', 'CPE1.alpha', 'C2']);
  });

  const source = (): SeriesSource => ({ circuit: CIRCUIT, range: { fmin: 1 }, spectra: simulated(), defaults: { bulk: 'R1', shared: ['CPE1.Q', 'CPE1.alpha'] } });
  const form = (over: Partial<SeriesForm> = {}): SeriesForm => ({
    rows: TEMPS_C.map((t) => ({ label: `pellet_${t}C.csv`, include: true, temperature: String(t) })),
    unit: 'C', thickness: '0.1', area: '0.2', areaKind: 'area', bulk: 'R1', form: 'sigma', shared: 'CPE1.Q, CPE1.alpha', ...over,
  });
  const errorsOf = (f: SeriesForm, src: SeriesSource = source()) => {
    const r = seriesRequest(src, f);
    return 'errors' in r ? r.errors : [];
  };

  it('a good form becomes the request: temperatures in K, the range, the default shared list left out', () => {
    const r = seriesRequest(source(), form());
    if (!('request' in r)) throw new Error(r.errors.join('\n'));
    expect(r.request.spectra.map((s) => s.temperatureK)).toEqual(TEMPS_C.map((t) => t + 273.15));
    expect(r.request.range).toEqual({ fmin: 1 });
    expect(r.request.geometry).toEqual(GEOMETRY);
    expect(r.request.shared).toBeUndefined();
    expect(r.request.spectra[2]!.re).toEqual(simulated()[2]!.re);
  });
  it('geometry as `eiskit series` takes it: a typed Pellet box wins (the files\' other value noted), an empty box takes the files\' agreed value, files that disagree are named', () => {
    const withFiles = (l: (number | undefined)[], a: (number | undefined)[]): SeriesSource => ({ ...source(), spectra: simulated().map((x, k) => ({ ...x, ...(l[k] !== undefined ? { thicknessCm: l[k] } : {}), ...(a[k] !== undefined ? { areaCm2: a[k] } : {}) })) });
    const agree = withFiles([0.12, 0.12, 0.12, 0.12], [0.3, 0.3, 0.3, 0.3]);
    const typed = seriesRequest(agree, form());
    if (!('request' in typed)) throw new Error(typed.errors.join('\n'));
    expect(typed.request.geometry).toEqual(GEOMETRY);
    expect(typed.notes).toEqual(["Thickness: the Pellet box's 0.1 cm is used; the files state 0.12 cm.", "Electrode area: the Pellet box's 0.2 cm² is used; the files state 0.3 cm²."]);
    const empty = seriesRequest(agree, form({ thickness: ' ', area: '' }));
    if (!('request' in empty)) throw new Error(empty.errors.join('\n'));
    expect(empty.request.geometry).toEqual({ thicknessCm: 0.12, areaCm2: 0.3 });
    expect(empty.notes).toEqual(['Thickness: 0.12 cm, as the files state (the Pellet box is empty).', 'Electrode area: 0.3 cm², as the files state (the Pellet box is empty).']);
    // a typed diameter against the files' area: π d²/4 is compared
    const d = seriesRequest(agree, form({ areaKind: 'diameter', area: '0.5' }));
    if (!('request' in d)) throw new Error(d.errors.join('\n'));
    expect(d.notes[1]).toBe("Electrode area: the Pellet box's 0.19635 cm² is used; the files state 0.3 cm².");
    // files that disagree: named when the box is empty, noted when it is typed
    const differ = withFiles([0.1, 0.1, 0.11, 0.1], [0.2, 0.2, 0.2, 0.25]);
    expect(errorsOf(form({ thickness: '', area: '' }), differ)).toEqual([
      "Thickness: the files state different values (pellet_30C.csv: 0.1 cm, pellet_60C.csv: 0.11 cm) — type the pellet's value in the Pellet box.",
      "Electrode area: the files state different values (pellet_30C.csv: 0.2 cm², pellet_75C.csv: 0.25 cm²) — type the pellet's value in the Pellet box.",
    ]);
    const boxWins = seriesRequest(differ, form());
    if (!('request' in boxWins)) throw new Error(boxWins.errors.join('\n'));
    expect(boxWins.request.geometry).toEqual(GEOMETRY);
    expect(boxWins.notes[0]).toBe("Thickness: the Pellet box's 0.1 cm is used; the files state different values (pellet_30C.csv: 0.1 cm, pellet_60C.csv: 0.11 cm).");
    // an unticked spectrum's file does not count
    const untick = form({ thickness: '', area: '0.2' }).rows.map((r, k) => ({ ...r, include: k !== 2 }));
    const u = seriesRequest(differ, form({ thickness: '', rows: untick }));
    expect('request' in u && u.request.geometry.thicknessCm).toBe(0.1);
    // not every file states it: missing, naming the ones that do not
    expect(errorsOf(form({ thickness: '' }), withFiles([0.1, undefined, 0.1, undefined], []))).toEqual(['Thickness: missing (cm) — the files of pellet_45C.csv, pellet_75C.csv do not state it.']);
  });

  it('excluded spectra are left out; a changed shared list, a diameter and K are taken', () => {
    const rows = form().rows.map((row, k) => ({ ...row, include: k !== 1, temperature: String(TEMPS_C[k]! + 273.15) }));
    const r = seriesRequest(source(), form({ rows, unit: 'K', areaKind: 'diameter', area: '0.5', shared: 'CPE1.alpha' }));
    if (!('request' in r)) throw new Error(r.errors.join('\n'));
    expect(r.request.spectra.map((s) => s.label)).toEqual(['pellet_30C.csv', 'pellet_60C.csv', 'pellet_75C.csv']);
    expect(r.request.spectra.map((s) => s.temperatureK)).toEqual([30, 60, 75].map((t) => t + 273.15));
    expect(r.request.geometry.areaCm2).toBeCloseTo((Math.PI * 0.25) / 4, 14);
    expect(r.request.shared).toEqual(['CPE1.alpha']);
    const none = seriesRequest(source(), form({ shared: '' }));
    expect('request' in none && none.request.shared).toEqual([]); // nothing shared
  });
  it('every bad input is named, all at once', () => {
    const rows = form().rows.map((row, k) => ({ ...row, temperature: ['', 'warm', '60', '75'][k]! }));
    expect(errorsOf(form({ rows, thickness: '', area: '-1', bulk: ' ' }))).toEqual([
      'Temperature of pellet_30C.csv: missing — type it in °C or untick the spectrum.',
      'Temperature of pellet_45C.csv: "warm" is not a number (°C).',
      'Thickness: missing (cm).',
      'Electrode area: must be > 0 cm²; got -1.',
      'Bulk resistance: missing (a resistance of the circuit, e.g. R1).',
    ]);
    expect(errorsOf(form({ thickness: '0', areaKind: 'diameter', area: 'x' }))).toEqual(['Thickness: must be > 0 cm; got 0.', 'Electrode diameter: "x" is not a number (cm).']);
    const cold = form().rows.map((r, k) => ({ ...r, temperature: k === 0 ? '-5' : String(TEMPS_C[k]! + 273.15) }));
    expect(errorsOf(form({ unit: 'K', rows: cold }))).toEqual(['Temperature of pellet_30C.csv: -5 K is not above absolute zero (°C typed with the unit on K?).']);
    expect(errorsOf(form({ rows: form().rows.map((r) => ({ ...r, temperature: '-300' })) }))[0]).toBe('Temperature of pellet_30C.csv: -300 °C is not above absolute zero.');
  });
  it('fewer than 3 spectra, or fewer than 3 distinct temperatures, is a message before anything runs', () => {
    const two = form().rows.map((r, k) => ({ ...r, include: k < 2 }));
    expect(errorsOf(form({ rows: two }))).toEqual(['Spectra: 2 included; the temperature law needs at least 3 spectra at 3 distinct temperatures.']);
    const same = form().rows.map((r, k) => ({ ...r, temperature: k < 3 ? '30' : '40' }));
    expect(errorsOf(form({ rows: same }))).toEqual(['Temperatures: 2 distinct among the 4 included spectra; the temperature law needs at least 3.']);
  });
});

describe('request → temperatureSeries options (as eiskit series --global)', () => {
  it('no shared list: global true; a list: { shared }; the range, law and geometry as given', () => {
    const progress = () => {};
    const o = seriesOptions(request({ range: { fmin: 2, fmax: 1e5 }, form: 'sigmaT' }), progress);
    expect(o).toEqual({ circuit: CIRCUIT, bulk: 'R1', geometry: GEOMETRY, arrheniusForm: 'sigmaT', fmin: 2, fmax: 1e5, global: true, onProgress: progress });
    expect(seriesOptions(request({ shared: ['CPE1.alpha'] })).global).toEqual({ shared: ['CPE1.alpha'] });
    expect(seriesOptions(request({ shared: [] })).global).toEqual({ shared: [] });
    expect(seriesOptions(request())).not.toHaveProperty('onProgress');
  });
});

describe('the worker\'s runSeries', () => {
  let outcome: SeriesOutcome;
  let steps: [number, number][];
  beforeAll(async () => {
    steps = [];
    const reply = await runSeries(request(), (d, n) => steps.push([d, n]));
    if (reply.type !== 'series-done') throw new Error(JSON.stringify(reply));
    outcome = reply.outcome;
  });

  it('gives what temperatureSeries({ global: true }) gives called directly, with the report\'s texts', async () => {
    const direct = await temperatureSeries(simulated(), { circuit: CIRCUIT, bulk: 'R1', geometry: GEOMETRY, arrheniusForm: 'sigma', global: true });
    const g = direct.global!;
    expect(outcome.constrained.activationEnergyEv).toBe(g.constrained.activationEnergyEv);
    expect(outcome.constrained.stderr).toBe(g.constrained.stderr);
    expect(outcome.constrained.ci95).toEqual(g.constrained.ci95);
    expect(outcome.constrained.prefactor).toBe(g.constrained.prefactor);
    expect(outcome.twoStep!.activationEnergyEv).toBe(g.twoStep!.activationEnergyEv);
    expect(outcome.twoStep!.ci95).toEqual(g.twoStep!.ci95);
    expect(outcome.routes).toEqual(globalRouteRows(direct));
    expect(outcome.lackOfFitText).toBe(lackOfFitText(g));
    expect(outcome.lines).toEqual(globalArrheniusLines(direct).map((l) => ({ ...l })));
    expect(outcome.fit.quality).toEqual(g.constrained.fit.quality);
    expect(outcome.sharedValues.map((s) => s.name)).toEqual(['CPE1.Q', 'CPE1.alpha']);
    expect(outcome.sharedValues[0]!.value).toBe(g.constrained.fit.shared['CPE1.Q']!.value);
    expect(outcome.warnings).toEqual(direct.warnings);
    expect(outcome.residuals.map((r) => r.label)).toEqual(TEMPS_C.map((t) => `${t.toFixed(1)} °C — pellet_${t}C.csv`));
    expect(outcome.residuals[1]!.re).toEqual(Array.from(g.residuals[1]!.re));
  });

  it('recovers the simulated Ea and CPE1 (independent of the code: the simulation\'s truth)', () => {
    const c = outcome.constrained;
    expect(Math.abs(c.activationEnergyEv - EA)).toBeLessThan(Math.max(4 * c.stderr, 0.01));
    expect(c.ci95[0]).toBeLessThan(c.activationEnergyEv);
    expect(Math.abs(outcome.twoStep!.activationEnergyEv - EA)).toBeLessThan(0.01);
    expect(Math.abs(outcome.sharedValues[1]!.value - 0.9)).toBeLessThan(0.01);
    // σ at 25 °C from the truth: σ = L/(A·R1(25 °C)), R1 extrapolated on the same law
    const r25 = 5e4 * Math.exp((EA / K_B) * (1 / T25 - 1 / 303.15));
    expect(Math.abs(c.sigma25! / (0.1 / (0.2 * r25)) - 1)).toBeLessThan(0.03);
    expect(outcome.lackOfFit!.verdict).toBe('consistent');
  });

  it('σ at 25 °C ± stderr on every route is the library\'s sigmaAt of that route\'s line (src/analysis/arrhenius-at.ts); no note inside the range', async () => {
    const direct = await temperatureSeries(simulated(), { circuit: CIRCUIT, bulk: 'R1', geometry: GEOMETRY, arrheniusForm: 'sigma', global: true });
    const g = direct.global!, temps = direct.points.map((p) => p.temperatureK);
    const c = sigmaAt(globalArrheniusLine(g.constrained.fit, 'R1', GEOMETRY)!, 298.15, temps);
    const t = sigmaAt(arrheniusLine(g.twoStep!.arrhenius), 298.15, temps);
    const i = sigmaAt(arrheniusLine(direct.arrhenius), 298.15, temps);
    expect([outcome.constrained.sigma25, outcome.constrained.sigma25Stderr]).toEqual([c.sigma, c.stderr]);
    expect([outcome.twoStep!.sigma25, outcome.twoStep!.sigma25Stderr]).toEqual([t.sigma, t.stderr]);
    expect([outcome.independent.sigma25, outcome.independent.sigma25Stderr]).toEqual([i.sigma, i.stderr]);
    // the constrained σ at 25 °C is σ0·e^{−Ea/(k_B·298.15)} from the fit's own prefactor, and its error is not zero
    expect(Math.abs(c.sigma / (g.constrained.prefactor! * Math.exp(-g.constrained.activationEnergyEv / (K_B * 298.15))) - 1)).toBeLessThan(1e-9);
    expect(c.stderr).toBeGreaterThan(0);
    // the truth within 4 standard errors (0.3 % noise, 25 °C just below the measured 30–75 °C)
    const truth = 0.1 / (0.2 * 5e4 * Math.exp((EA / K_B) * (1 / T25 - 1 / 303.15)));
    expect(Math.abs(c.sigma - truth)).toBeLessThan(4 * c.stderr);
    expect(outcome.sigma25Note).toMatch(/^σ at 25 °C is extrapolated 5 K beyond the measured 303\.15–348\.15 K/);
  });

  it('a series at 140–200 °C: σ at 25 °C comes with the extrapolation note and a wider error', async () => {
    const hot = request().spectra.map((s, k) => ({ ...s, temperatureK: [413.15, 433.15, 453.15, 473.15][k]! }));
    const reply = await runSeries(request({ spectra: hot }), () => {});
    if (reply.type !== 'series-done') throw new Error(JSON.stringify(reply));
    const o = reply.outcome;
    expect(o.sigma25Note).toBe('σ at 25 °C is extrapolated 115 K beyond the measured 413.15–473.15 K (140–200 °C): it assumes the law holds there, and its ± covers only the line\'s statistical error.');
    expect(o.constrained.sigma25Stderr! / o.constrained.sigma25!).toBeGreaterThan(outcome.constrained.sigma25Stderr! / outcome.constrained.sigma25!);
  });

  it('reports its progress to the end (per-spectrum stages, then the two global fits)', () => {
    expect(steps.length).toBeGreaterThan(2);
    const [done, total] = steps[steps.length - 1]!;
    expect(done).toBe(total);
  });

  it('failures come back as messages with their code, never as a throw', async () => {
    const dup = request({ spectra: simulated().map((s, k) => ({ ...s, temperatureK: k < 3 ? 300 : 320 })) });
    const r1 = await runSeries(dup, () => {});
    expect(r1).toMatchObject({ type: 'series-error', id: 7 });
    expect((r1 as { message: string }).message).toMatch(/^Temperature series: not possible — .*3 distinct temperatures.*\[E_TOO_FEW_POINTS\]$/);
    const r2 = await runSeries(request({ shared: ['CPE9.Q'] }), () => {});
    expect((r2 as { message: string }).message).toMatch(/CPE9\.Q.*\[E_UNKNOWN_PARAM\]$/);
    const r3 = await runSeries(request({ bulk: 'R7' }), () => {});
    expect(r3.type).toBe('series-error');
    expect(seriesErrorText('x'.repeat(600))).toBe(`Temperature series: not possible — ${'x'.repeat(500)}…`);
  });

  it('plots: the Arrhenius plot with both global lines, the residuals of every spectrum', () => {
    const specs = seriesSpecs(outcome);
    const text = JSON.stringify(specs.arrhenius);
    for (const l of outcome.lines) expect(text).toContain(l.label);
    expect(outcome.lines.map((l) => l.label.split(':')[0])).toEqual(['constrained', 'two-step GLS']);
    const rows = (specs.residuals as unknown as { layer?: { data?: { values?: { series: string }[] } }[]; data?: { values?: { series: string }[] } });
    const values = JSON.stringify(rows);
    for (const r of outcome.residuals) expect(values).toContain(r.label);
  });

  it('the JSON download is the outcome, versioned', () => {
    const j = JSON.parse(seriesJson(outcome));
    expect(j.format).toBe('eiskit-app-series');
    expect(j.version).toBe(1);
    expect(j.constrained.activationEnergyEv).toBe(outcome.constrained.activationEnergyEv);
  });
});

/** A stand-in Worker: records messages, replies when told. */
class FakeWorker implements WorkerLike {
  sent: SeriesRequest[] = [];
  terminated = false;
  onmessage: Worker['onmessage'] = null;
  onerror: Worker['onerror'] = null;
  onmessageerror: Worker['onmessageerror'] = null;
  postMessage(m: unknown): void {
    this.sent.push(m as SeriesRequest);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(m: SeriesReply | { type: 'error'; id: number | null; message: string }): void {
    this.onmessage?.call(this as unknown as Worker, { data: m } as MessageEvent);
  }
}

describe('series jobs (one at a time, cancel = terminate)', () => {
  const ask = { circuit: CIRCUIT, range: {}, spectra: [], bulk: 'R1', form: 'sigma' as const, geometry: GEOMETRY };
  function setup() {
    const workers: FakeWorker[] = [];
    const log: string[] = [];
    const jobs = new SeriesJobs(() => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    }, { progress: (d, n) => log.push(`progress ${d}/${n}`), done: (o) => log.push(`done ${o.bulk}`), failed: (m) => log.push(`failed ${m}`) });
    return { jobs, workers, log };
  }
  it('progress and the result of the running job are handed on; a replaced job\'s replies are dropped', () => {
    const { jobs, workers, log } = setup();
    jobs.run(ask);
    jobs.run({ ...ask, bulk: 'R2' }); // replaces the first: its worker is terminated
    expect(workers.length).toBe(2);
    expect(workers[0]!.terminated).toBe(true);
    const id = workers[1]!.sent[0]!.id;
    workers[1]!.reply({ type: 'series-progress', id: id - 1, done: 1, total: 2 });
    workers[1]!.reply({ type: 'series-progress', id, done: 1, total: 2 });
    workers[1]!.reply({ type: 'series-done', id, outcome: { bulk: 'R2' } as SeriesOutcome });
    workers[1]!.reply({ type: 'series-done', id, outcome: { bulk: 'R2' } as SeriesOutcome }); // no job runs any more
    expect(log).toEqual(['progress 1/2', 'done R2']);
    expect(jobs.busy).toBe(false);
  });
  it('cancel terminates the worker; the next run gets a new one; errors and crashes fail the job', () => {
    const { jobs, workers, log } = setup();
    expect(jobs.cancel()).toBe(false);
    jobs.run(ask);
    expect(jobs.cancel()).toBe(true);
    expect(workers[0]!.terminated).toBe(true);
    jobs.run(ask);
    workers[1]!.reply({ type: 'series-error', id: workers[1]!.sent[0]!.id, message: 'Temperature series: not possible — bad [E_X]' });
    jobs.run(ask);
    workers[1]!.reply({ type: 'error', id: null, message: 'the worker could not read the request (messageerror)' });
    jobs.run(ask);
    workers[1]!.onerror?.call(workers[1] as unknown as Worker, { message: 'boom', preventDefault: () => {} } as ErrorEvent);
    expect(workers[1]!.terminated).toBe(true);
    expect(log).toEqual([
      'failed Temperature series: not possible — bad [E_X]',
      'failed Temperature series: not possible — the worker could not read the request (messageerror)',
      'failed Temperature series: not possible — the series worker failed: boom; it has been restarted. Fit again to retry.',
    ]);
    jobs.run(ask);
    expect(workers.length).toBe(3);
  });
});
