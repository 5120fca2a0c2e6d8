/**
 * eiskit/plot: the Vega-Lite specs have the encodings a reader of an EIS paper expects (equal
 * Nyquist scales, −Z″ up, ±threshold KK band, the Arrhenius line through the fit), render to
 * SVG with one mark per data point, and bad input is an EisError. Runs in Node and Chromium.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  arrhenius, fit, linKK, logFrequencies, parseCircuit, simulate, temperatureSeries,
  type ArrheniusResult, type FitResult, type LinKKResult, type Spectrum, type TemperatureSeriesResult,
} from '../src/index.ts';
import { arrheniusSpec, bodeSpec, eaText, kkResidualsSpec, nyquistSpec, parameterSpec, prettyUnit, renderSvg } from '../src/plot/index.ts';
import { logTicks, niceStep, ohmPrefix, ticks } from '../src/plot/scale.ts';
import { renumberIds } from '../src/plot/render.ts';
import { makeSeedData, SEED_TRUTH } from '../examples/seed-data.ts';
import { ensureInit, expectError } from './helpers.ts';

/* eslint-disable @typescript-eslint/no-explicit-any */
/** A spec as plain JSON, to read encodings by path. */
const j = (spec: unknown) => spec as any;


/** Marks drawn by the layer named `name` (vega puts one <path> per symbol in its group). */
function symbolCount(svg: string, name: string): number {
  const m = svg.match(new RegExp(`<g class="mark-symbol role-mark ${name}_marks"[^>]*>(.*?)</g>`, 's'));
  if (!m) throw new Error(`no symbol group ${name}_marks in the SVG`);
  return (m[1]!.match(/<path\b/g) ?? []).length;
}

const close = (a: number, b: number, rel = 1e-12) => expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(Math.abs(a), Math.abs(b), 1e-300));

const circuit = parseCircuit('R0-p(R1,CPE1)-CPE2');
const truth = { R0: 20, R1: 2.5e4, 'CPE1.Q': 2e-10, 'CPE1.alpha': 0.9, 'CPE2.Q': 2e-6, 'CPE2.alpha': 0.85 };
let spectrum: Spectrum;
let warm: Spectrum;
let fitted: FitResult;
let kk: LinKKResult;

beforeAll(async () => {
  await ensureInit();
  const f = logFrequencies(1e6, 0.1, 61);
  spectrum = simulate(circuit, f, truth, { noise: 0.004, seed: 21 });
  warm = simulate(circuit, f, { ...truth, R1: 6e3 }, { noise: 0.004, seed: 22 });
  fitted = fit(circuit, spectrum);
  kk = linKK(spectrum);
});

describe('nyquistSpec', () => {
  it('has equal Ω per pixel on both axes, −Z″ up, the data and the fit', () => {
    const spec = j(nyquistSpec({ ...spectrum, fit: fitted }));
    const [pts, fits] = spec.layer;
    const x = pts.encoding.x, y = pts.encoding.y;
    expect(x.field).toBe('re');
    expect(y.field).toBe('negIm');
    const [x0, x1] = x.scale.domain as number[], [y0, y1] = y.scale.domain as number[];
    close((x1! - x0!) / spec.width, (y1! - y0!) / spec.height, 1e-9);
    expect(x.scale.nice).toBe(false);
    expect(y.scale.nice).toBe(false);
    expect(Number.isInteger(spec.width) && Number.isInteger(spec.height)).toBe(true);
    expect(Math.max(spec.width, spec.height)).toBeLessThanOrEqual(420);
    // the rows are the data with y = −Z″, all inside the domains
    expect(pts.data.values).toHaveLength(61);
    pts.data.values.forEach((r: any, i: number) => {
      expect(r.re).toBe(spectrum.re[i]);
      expect(r.negIm).toBe(-spectrum.im[i]!);
      expect(r.freq).toBe(spectrum.freq[i]);
      expect(r.re > x0! && r.re < x1! && r.negIm > y0! && r.negIm < y1!).toBe(true);
    });
    expect(y0!).toBeLessThan(0); // the real axis is in view
    // the fit as a line in frequency order, same encodings
    expect(fits.mark.type).toBe('line');
    expect(fits.encoding.order.field).toBe('freq');
    expect(fits.data.values.map((r: any) => r.negIm)).toEqual(Array.from(fitted.fitted.im, (v) => -v));
    // one grid step in Ω on both axes: square grid cells
    const sx = x.axis.values[1] - x.axis.values[0], sy = y.axis.values[1] - y.axis.values[0];
    close(sx, sy);
    expect(x.axis.title).toBe('Z′ (kΩ)');
    expect(y.axis.title).toBe('−Z″ (kΩ)');
  });

  it('takes several spectra with labels and fits from the options, and a fit on its own grid', () => {
    const dense = simulate(circuit, logFrequencies(1e6, 0.1, 200), fitted.params);
    const spec = j(nyquistSpec([spectrum, { ...warm, label: 'hot' }], { labels: ['25 °C', '75 °C'], fits: [dense, null], origin: true, width: 300, height: 300 }));
    const color = spec.layer[0].encoding.color;
    expect(color.scale.domain).toEqual(['25 °C', '75 °C']);
    expect(color.legend.title).toBe('points: data, lines: fit');
    expect(spec.layer[0].data.values).toHaveLength(122);
    expect(spec.layer[1].data.values).toHaveLength(200);
    expect(spec.layer[1].data.values.every((r: any) => r.series === '25 °C')).toBe(true);
    const [x0, x1] = spec.layer[0].encoding.x.scale.domain, [y0, y1] = spec.layer[0].encoding.y.scale.domain;
    expect(x0).toBeLessThan(0); // origin: Z′ = 0 in view
    close((x1 - x0) / spec.width, (y1 - y0) / spec.height, 1e-9);
    expect(Math.max(spec.width, spec.height)).toBeLessThanOrEqual(300);
    // one spectrum, no label, no fit: no legend
    expect(j(nyquistSpec(spectrum)).layer[0].encoding.color.legend).toBeNull();
    expect(j(nyquistSpec(spectrum)).layer).toHaveLength(1);
  });

  it('renders to SVG with the axis titles and one symbol per data point, the same text every time', async () => {
    const spec = nyquistSpec({ ...spectrum, fit: fitted }, { title: 'LLZO pellet, 25 °C' });
    const svg = await renderSvg(spec);
    expect(svg.startsWith('<svg')).toBe(true);
    for (const t of ['Z′ (kΩ)', '−Z″ (kΩ)', 'LLZO pellet, 25 °C', 'points: data, lines: fit']) expect(svg).toContain(t);
    expect(svg).toContain('font-family="sans-serif"');
    expect(symbolCount(svg, 'points')).toBe(61);
    expect(svg).toMatch(/class="mark-line role-mark fits_marks"/);
    expect(await renderSvg(spec)).toBe(svg);
    const two = await renderSvg(nyquistSpec([spectrum, warm]));
    expect(symbolCount(two, 'points')).toBe(122);
  });
});

describe('bodeSpec', () => {
  it('stacks |Z| (log–log) over −φ (degrees, log f) with a shared frequency axis', async () => {
    const spec = j(bodeSpec(spectrum, { fits: [fitted] }));
    expect(spec.vconcat).toHaveLength(2);
    expect(spec.resolve.scale.x).toBe('shared');
    const [mod, phase] = spec.vconcat;
    expect(mod.layer[0].encoding.y.scale.type).toBe('log');
    expect(mod.layer[0].encoding.x.scale.type).toBe('log');
    expect(phase.layer[0].encoding.x.scale.type).toBe('log');
    expect(phase.layer[0].encoding.y.field).toBe('negPhase');
    const rows = mod.layer[0].data.values;
    rows.forEach((r: any, i: number) => {
      close(r.modulus, Math.hypot(spectrum.re[i]!, spectrum.im[i]!));
      close(r.negPhase, (-Math.atan2(spectrum.im[i]!, spectrum.re[i]!) * 180) / Math.PI);
    });
    expect(rows[0].negPhase).toBeGreaterThan(0); // capacitive: −φ > 0
    expect(mod.layer[1].data.values).toHaveLength(61);
    const svg = await renderSvg(spec);
    for (const t of ['|Z| (Ω)', '−φ (°)', 'f (Hz)']) expect(svg).toContain(t);
    expect(symbolCount(svg, 'modulus_points')).toBe(61);
    expect(symbolCount(svg, 'negPhase_points')).toBe(61);
  });
});

describe('kkResidualsSpec', () => {
  it('draws ±3σ̂ (the noise estimated from the data) for the default statistics verdict', async () => {
    expect(kk.verdict).toBe('statistics');
    expect(kk.noiseSigma).toBeGreaterThan(0);
    const spec = j(kkResidualsSpec(spectrum, kk));
    const band = spec.layer.find((l: any) => l.name === 'band');
    close(band.data.values[0].upper, 300 * kk.noiseSigma);
    close(band.data.values[0].lower, -300 * kk.noiseSigma);
    expect(band.data.values[0].upper).not.toBeCloseTo(100 * kk.threshold, 6);
    const svg = await renderSvg(spec);
    expect(svg).toContain('band: ±3σ̂');
    // an explicit threshold still wins
    expect(j(kkResidualsSpec(spectrum, kk, { threshold: 0.02 })).layer[0].data.values).toEqual([{ lower: -2, upper: 2 }]);
  });

  it('plots the residuals in % inside a ±threshold band under the threshold verdict', async () => {
    const kk = linKK(spectrum, { verdict: 'threshold' });
    const spec = j(kkResidualsSpec(spectrum, kk));
    const band = spec.layer.find((l: any) => l.name === 'band');
    expect(band.data.values).toEqual([{ lower: -100 * kk.threshold, upper: 100 * kk.threshold }]);
    expect(kk.threshold).toBe(0.01);
    expect(band.encoding.y.field).toBe('lower');
    expect(band.encoding.y2.field).toBe('upper');
    const pts = spec.layer.find((l: any) => l.name === 'residual_points');
    expect(pts.encoding.x.scale.type).toBe('log');
    expect(pts.data.values).toHaveLength(122);
    pts.data.values.forEach((r: any, k: number) => {
      const i = k >> 1;
      expect(r.freq).toBe(spectrum.freq[i]);
      close(r.percent, 100 * (k % 2 === 0 ? kk.residuals.re[i]! : kk.residuals.im[i]!));
    });
    // the y domain holds the band
    const [lo, hi] = pts.encoding.y.scale.domain;
    expect(lo).toBeLessThan(-1);
    expect(hi).toBeGreaterThan(1);
    // a threshold given: its band; plain residuals and frequencies work too
    const spec2 = j(kkResidualsSpec(spectrum.freq, kk.residuals, { threshold: 0.025 }));
    expect(spec2.layer[0].data.values).toEqual([{ lower: -2.5, upper: 2.5 }]);
    const svg = await renderSvg(spec);
    for (const t of ['Δ / |Z| (%)', 'f (Hz)', 'band: ±1 %', 'Δ′ (real)', 'Δ″ (imaginary)']) expect(svg).toContain(t);
    expect(symbolCount(svg, 'residual_points')).toBe(122);
  });
});

describe('arrheniusSpec', () => {
  const Ts = [298.15, 313.15, 328.15, 343.15, 358.15];
  const sigma = (T: number) => 3e3 * Math.exp(-0.42 / (8.617333262e-5 * T)) * (1 + 0.02 * Math.sin(T));
  const points = Ts.map((T) => ({ temperatureK: T, sigma: sigma(T), sigmaStderr: 0.03 * sigma(T) }));
  let res: ArrheniusResult;
  beforeAll(() => {
    res = arrhenius(points);
  });

  it('draws the fitted line intercept + slope·(1/T) through the points, Ea ± stderr in the legend', async () => {
    const spec = j(arrheniusSpec(points, res));
    const line = spec.layer.find((l: any) => l.name === 'fit');
    const pts = spec.layer.find((l: any) => l.name === 'points');
    expect(line.data.values).toHaveLength(2);
    line.data.values.forEach((r: any) => {
      close(r.y, res.intercept + res.slope * r.invT);
      close(r.x, 1000 * r.invT);
    });
    const invT = Array.from(res.x);
    close(line.data.values[0].invT, Math.min(...invT));
    close(line.data.values[1].invT, Math.max(...invT));
    // points are (1000/T, ln σ), each within a few % of the line (the fit)
    pts.data.values.forEach((r: any, i: number) => {
      close(r.x, 1000 / Ts[i]!);
      close(r.y, Math.log(points[i]!.sigma));
      close(r.y, res.y[i]!);
      expect(Math.abs(r.y - (res.intercept + res.slope * r.invT))).toBeLessThan(0.05);
    });
    // error bars: y ± δσ/σ
    const bars = spec.layer.find((l: any) => l.name === 'errorbars');
    bars.data.values.forEach((r: any) => {
      close(r.upper - r.y, 0.03, 1e-9);
      close(r.y - r.lower, 0.03, 1e-9);
    });
    const label = `fit: Ea = ${eaText(res.activationEnergyEv, res.stderr)}`;
    expect(label).toMatch(/^fit: Ea = 0\.4\d+ ± 0\.0\d+ eV$/);
    expect(pts.encoding.color.scale.domain).toEqual(['measured', label]);
    expect(pts.encoding.x.axis.title).toBe('1000/T (K⁻¹)');
    expect(pts.encoding.y.axis.title).toBe('ln σ (σ in S/cm)');
    const svg = await renderSvg(spec);
    for (const t of ['1000/T (K⁻¹)', 'ln σ (σ in S/cm)', 'θ (°C)', label]) expect(svg).toContain(t);
    expect(symbolCount(svg, 'points')).toBe(Ts.length);
  });

  it('follows the fit form, the log10 option and plots a result without points', () => {
    const resT = arrhenius(points, { form: 'sigmaT' });
    const specT = j(arrheniusSpec(points, resT, { log: 'log10', celsiusAxis: false }));
    const pts = specT.layer.find((l: any) => l.name === 'points');
    pts.data.values.forEach((r: any, i: number) => close(r.y, Math.log10(points[i]!.sigma * Ts[i]!), 1e-12));
    specT.layer.find((l: any) => l.name === 'fit').data.values.forEach((r: any) => close(r.y, (resT.intercept + resT.slope * r.invT) / Math.LN10));
    expect(pts.encoding.y.axis.title).toBe('log₁₀ (σT) (σT in S·K/cm)');
    expect(specT.layer.some((l: any) => l.name === 'celsius_axis')).toBe(false);
    const bare = j(arrheniusSpec(null, res));
    expect(bare.layer.find((l: any) => l.name === 'points').data.values.map((r: any) => r.y)).toEqual(Array.from(res.y));
    expect(bare.layer.some((l: any) => l.name === 'errorbars')).toBe(false);
    // points alone: no line, one legend entry
    const only = j(arrheniusSpec(points));
    expect(only.layer.some((l: any) => l.name === 'fit')).toBe(false);
    // two temperatures: no standard error
    expect(eaText(0.3412, Number.NaN)).toBe('0.341 eV');
    expect(eaText(0.34123, 0.0042)).toBe('0.3412 ± 0.0042 eV');
  });
});

describe('parameterSpec', () => {
  let series: TemperatureSeriesResult;
  beforeAll(async () => {
    const d = makeSeedData();
    series = await temperatureSeries(d.series.slice(0, 4).map(({ freq, re, im, temperatureK }) => ({ freq, re, im, temperatureK })),
      { circuit: SEED_TRUTH.circuit, bulk: 'R1', geometry: SEED_TRUTH.geometry, kk: false });
  });

  it('draws one panel per parameter with error bars, log y for resistances', async () => {
    const spec = j(parameterSpec(series));
    const names = series.points[0]!.fit.paramNames;
    expect(spec.concat.map((p: any) => p.title)).toEqual(names);
    expect(spec.columns).toBe(3);
    const panel = (n: string) => spec.concat[names.indexOf(n)];
    const yOf = (n: string) => panel(n).layer.find((l: any) => l.name.endsWith('_points')).encoding.y;
    expect(yOf('R1').scale.type).toBe('log');
    expect(yOf('R1').axis.title).toBe('R1 (Ω)');
    expect(yOf('CPE1.alpha').scale.type).toBeUndefined();
    expect(yOf('CPE1.alpha').axis.title).toBe('CPE1.alpha (–)');
    expect(yOf('CPE1.Q').axis.title).toBe('CPE1.Q (S·s^α)');
    const i1 = names.indexOf('R1');
    const bars = panel('R1').layer.find((l: any) => l.name === 'R1_errorbars').data.values;
    bars.forEach((r: any, k: number) => {
      const p = series.points[k]!;
      expect(r.t).toBe(p.temperatureK);
      expect(r.value).toBe(p.fit.params[i1]);
      close(r.upper, p.fit.params[i1]! + p.fit.stderr[i1]!);
      close(r.lower, p.fit.params[i1]! - p.fit.stderr[i1]!);
    });
    const svg = await renderSvg(spec);
    for (const t of ['R1 (Ω)', 'T (K)', 'CPE2.alpha (–)']) expect(svg).toContain(t);
    expect(symbolCount(svg, 'R1_points')).toBe(4);
    expect(symbolCount(svg, 'CPE1_alpha_points')).toBe(4);
  });

  it('reads the table and the points alike; names pick panels; °C on request', () => {
    const fromTable = j(parameterSpec(series.table, ['R1', 'CPE1.alpha', 'sigma'], { temperature: 'C', log: ['sigma'] }));
    const fromPoints = j(parameterSpec(series.points, ['R1', 'CPE1.alpha'], { temperature: 'C' }));
    const rows = (s: any, k: number) => s.concat[k].layer.find((l: any) => l.name.endsWith('_points')).data.values;
    expect(rows(fromTable, 0)).toEqual(rows(fromPoints, 0));
    expect(rows(fromTable, 1)).toEqual(rows(fromPoints, 1));
    expect(rows(fromTable, 0)[0].t).toBeCloseTo(25, 9);
    expect(fromTable.concat.map((p: any) => p.title)).toEqual(['R1', 'CPE1.alpha', 'σ']);
    const ySigma = fromTable.concat[2].layer[0].encoding.y;
    expect(ySigma.scale.type).toBe('log');
    expect(ySigma.axis.title).toBe('σ (S/cm)');
    expect(fromTable.concat[0].layer[0].encoding.x.axis.title).toBe('θ (°C)');
  });
});

describe('bad input is an EisError naming the value', () => {
  it('spectra', () => {
    const s = { freq: [1, 2, 3], re: [1, 2, 3], im: [-1, -2, -3] };
    expectError(() => nyquistSpec({ ...s, re: [1, 2] }), 'E_ARG_LENGTH', /`spectrum.re` has 2 values but `spectrum.im` has 3/);
    expectError(() => nyquistSpec({ ...s, freq: [1, 2] }), 'E_ARG_LENGTH', /`spectrum.freq` has 2 values but `spectrum.re` has 3/);
    expectError(() => nyquistSpec([s, { ...s, im: [1] }]), 'E_ARG_LENGTH', /spectra\[1\]\.re.*spectra\[1\]\.im/);
    expectError(() => nyquistSpec([]), 'E_ARG_LENGTH', /at least one spectrum/);
    expectError(() => nyquistSpec({ freq: [], re: [], im: [] }), 'E_ARG_LENGTH', /`spectrum.freq` must have at least 1 value/);
    expectError(() => nyquistSpec(null as never), 'E_ARG_TYPE', /`spectrum` must be a spectrum/);
    expectError(() => bodeSpec({ ...s, freq: [1, -2, 3] }), 'E_NONPOSITIVE_FREQ', /spectrum\.freq\[1\] = -2/);
    expectError(() => nyquistSpec({ ...s, re: [1, Number.NaN, 3] }), 'E_NONFINITE', /spectrum\.re\[1\] = NaN/);
    expectError(() => nyquistSpec({ ...s, re: 'abc' as never }), 'E_ARG_TYPE', /`spectrum.re` must be an array of numbers/);
    expectError(() => nyquistSpec(s, { fits: [] }), 'E_ARG_LENGTH', /`fits` has 0 entries but there are 1 spectra/);
    expectError(() => nyquistSpec(s, { fits: [{ re: [1, 2], im: [1, 2] }] }), 'E_ARG_LENGTH', /`fits\[0\]` has 2 values but the spectrum has 3 frequencies/);
    expectError(() => nyquistSpec({ ...s, fit: { fitted: { re: [1], im: [1] } } }), 'E_ARG_LENGTH', /spectrum\.fit\.fitted/);
    expectError(() => nyquistSpec([s, s], { labels: ['a', 'a'] }), 'E_ARG_RANGE', /"a".*used twice/);
    expectError(() => nyquistSpec([s, { ...s, label: 7 as never }]), 'E_ARG_TYPE', /label of spectra\[1\]/);
    expectError(() => nyquistSpec(s, { width: -5 }), 'E_ARG_RANGE', /`width`.*got -5/);
    expectError(() => nyquistSpec(s, 'wide' as never), 'E_ARG_TYPE', /`options` must be an options object/);
    expectError(() => bodeSpec({ ...s, re: [0, 2, 3], im: [0, -2, -3] }), 'E_ARG_RANGE', /\|Z\| is 0 at 1 Hz/);
  });

  it('KK residuals, Arrhenius, parameters, render', async () => {
    expectError(() => kkResidualsSpec([1, 2, 3], { re: [0, 0], im: [0, 0] }), 'E_ARG_LENGTH', /`freq` has 3 values but `residuals.re` has 2/);
    expectError(() => kkResidualsSpec([1, 2], { re: [0, 0], im: [0, 0] }, { threshold: 0 }), 'E_ARG_RANGE', /`threshold`.*got 0/);
    expectError(() => kkResidualsSpec([0, 2], { re: [0, 0], im: [0, 0] }), 'E_NONPOSITIVE_FREQ', /freq\[0\] = 0/);
    const pts = [{ temperatureK: 300, sigma: 1e-4 }, { temperatureK: 350, sigma: 1e-3 }];
    expectError(() => arrheniusSpec([], arrhenius(pts)), 'E_ARG_LENGTH', /`points`/);
    expectError(() => arrheniusSpec([{ temperatureK: 0, sigma: 1 }]), 'E_ARG_RANGE', /`points\[0\]\.temperatureK` must be > 0 K; got 0/);
    expectError(() => arrheniusSpec([{ temperatureK: 300, sigma: -1 }]), 'E_ARG_RANGE', /`points\[0\]\.sigma` must be > 0 S\/cm/);
    expectError(() => arrheniusSpec([{ temperatureK: 300, sigma: 1, sigmaStderr: -1 }]), 'E_ARG_RANGE', /sigmaStderr/);
    expectError(() => arrheniusSpec(null, { slope: -1, intercept: 0, activationEnergyEv: 1, stderr: 0 }), 'E_ARG_TYPE', /no `x` and `y`/);
    expectError(() => arrheniusSpec(pts, { slope: Number.NaN, intercept: 0, activationEnergyEv: 1, stderr: 0 }), 'E_NONFINITE', /`fit.slope`/);
    expectError(() => arrheniusSpec(pts, undefined, { log: 'log2' as never }), 'E_ARG_RANGE', /`log`/);
    const point = { temperatureK: 300, fit: { paramNames: ['R0', 'R1'], params: Float64Array.of(1, 2), stderr: Float64Array.of(0.1, 0.2) } };
    expectError(() => parameterSpec([]), 'E_ARG_LENGTH', /`points` must hold at least one/);
    expectError(() => parameterSpec([point], ['R2']), 'E_UNKNOWN_PARAM', /`names\[0\]` = "R2" is not a parameter of the input; it has R0, R1/);
    expectError(() => parameterSpec([point, { ...point, fit: { ...point.fit, params: Float64Array.of(1) } }]), 'E_ARG_LENGTH', /`points\[1\]\.fit\.params` must have 2 values/);
    expectError(() => parameterSpec({ columns: ['R0', 'R0 stderr'], rows: [[1, 0.1]] }), 'E_ARG_TYPE', /'temperatureK'/);
    expectError(() => parameterSpec([point], null, { temperature: 'F' as never }), 'E_ARG_RANGE', /`temperature`/);
    await expect(renderSvg(null as never)).rejects.toMatchObject({ code: 'E_ARG_TYPE' });
    await expect(renderSvg(nyquistSpec({ freq: [1, 2], re: [1, 2], im: [-1, -2] }), { scale: 0 })).rejects.toMatchObject({ code: 'E_ARG_RANGE' });
  });
});

describe('helpers', () => {
  it('ticks, SI prefixes, units and id renumbering', () => {
    expect(niceStep(0.013)).toBe(0.02);
    expect(niceStep(4000)).toBe(5000);
    expect(ticks(-0.3, 1.05, 0.5)).toEqual([0, 0.5, 1]);
    expect(ohmPrefix(2.5e4)).toEqual({ factor: 1e3, prefix: 'k' });
    expect(ohmPrefix(999)).toEqual({ factor: 1, prefix: '' });
    expect(ohmPrefix(0.5)).toEqual({ factor: 1e-3, prefix: 'm' });
    expect(logTicks(0.1, 1e6)).toEqual([0.1, 1, 10, 100, 1000, 1e4, 1e5, 1e6]);
    expect(logTicks(1e-3, 1e6)).toEqual([1e-3, 0.1, 10, 1000, 1e5]);
    expect(logTicks(3000, 25000)).toEqual([5000, 10000, 20000]);
    expect(prettyUnit('Ohm s^-1/2')).toBe('Ω·s^−1/2');
    expect(prettyUnit('F s^(gamma-1)')).toBe('F·s^(γ−1)');
    expect(renumberIds('<clipPath id="clip7"/><g clip-path="url(#clip7)"/><use href="#clip7"/>')).toBe('<clipPath id="eiskit-1"/><g clip-path="url(#eiskit-1)"/><use href="#eiskit-1"/>');
  });
});
