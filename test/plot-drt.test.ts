/**
 * DRT and Z-HIT plots (src/plot/drt.ts, src/plot/zhit.ts): the specs carry the result's numbers
 * unchanged, log axes with units, the band layer only when the result has a band, the chosen λ and
 * the plateau level, the Z-HIT deviation whose largest value is zhit()'s maxResidual (|Z| from the
 * test's own Math.hypot), the measured τ window from the frequencies; every spec renders to SVG.
 * The spectra are exact ZARCs (plain Math), so the peaks must sit at their τ₀; the results are
 * drt()'s (the band is made up until `credible` is wired). Node and Chromium.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { drt, zhit, type DrtResult, type ZhitResult } from '../src/index.ts';
import { drtPlot, drtStackPlot, lambdaCurvePlot, renderSvg, zhitPlot } from '../src/plot/index.ts';
import { ensureInit, expectError } from './helpers.ts';

/* eslint-disable @typescript-eslint/no-explicit-any */
const j = (spec: unknown) => spec as any;
const layer = (spec: any, name: string) => spec.layer.find((l: any) => l.name === name);
const close = (a: number, b: number, rel = 1e-12) => expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(Math.abs(a), Math.abs(b), 1e-300));
/** Symbols drawn by the layer `name` (one <path> per symbol). */
function symbolCount(svg: string, name: string): number {
  const m = svg.match(new RegExp(`<g class="mark-symbol role-mark ${name}_marks"[^>]*>(.*?)</g>`, 's'));
  if (!m) throw new Error(`no symbol group ${name}_marks in the SVG`);
  return (m[1]!.match(/<path\b/g) ?? []).length;
}

const TWO_PI = 2 * Math.PI;
/** 61 points, 1 MHz → 10 mHz. */
const FREQ = Float64Array.from({ length: 61 }, (_, k) => 10 ** (6 - k / 7.5));
/** R∞ + Σ ZARC(R, τ₀, φ) = R/(1 + (jωτ₀)^φ), exact. */
function zarcs(rInf: number, arcs: [number, number, number][], freq = FREQ) {
  const re = new Float64Array(freq.length), im = new Float64Array(freq.length);
  freq.forEach((f, i) => {
    re[i] = rInf;
    for (const [R, t0, phi] of arcs) {
      const m = (TWO_PI * f * t0) ** phi, a = (phi * Math.PI) / 2;
      const dr = 1 + m * Math.cos(a), di = m * Math.sin(a), d = dr * dr + di * di;
      re[i]! += (R * dr) / d;
      im[i]! += (-R * di) / d;
    }
  });
  return { freq, re, im };
}
const TAU1 = 1e-5, TAU2 = 1e-2;
const pellet = zarcs(20, [[1.2e3, TAU1, 0.9], [5e3, TAU2, 0.85]]);

let two: DrtResult;
let fixed: DrtResult;
let lcurve: DrtResult;
beforeAll(async () => {
  await ensureInit();
  two = drt(pellet);
  fixed = drt(pellet, { lambda: 1e-3 });
  lcurve = drt(pellet, { lambdaMethod: 'lcurve' });
});

/** The result with a made-up band (±10 %) where drt({ credible }) puts its band. */
const withBand = (r: DrtResult) => ({ ...r, lower: r.gamma.map((g) => 0.9 * g), upper: r.gamma.map((g) => 1.1 * g), credible: 'gaussian' as const });

describe('drtPlot', () => {
  it('γ against τ: the result arrays unchanged, log τ axis in s, γ in Ω, two numbered peaks at the ZARCs’ τ₀', () => {
    const spec = j(drtPlot(two));
    const g = layer(spec, 'gamma');
    expect(g.data.values).toHaveLength(two.tau.length);
    g.data.values.forEach((row: any, i: number) => {
      expect(row.tau).toBe(two.tau[i]);
      expect(row.frequency).toBe(two.frequency[i]);
      expect(row.gamma).toBe(two.gamma[i]);
    });
    expect(g.encoding.x.field).toBe('tau');
    expect(g.encoding.x.scale.type).toBe('log');
    expect(g.encoding.x.axis.title).toBe('τ (s)');
    // γ max of a 1.2 kΩ + 5 kΩ pair is between 1 kΩ and 1 MΩ: the kΩ prefix
    const top = Math.max(...two.gamma);
    expect(top >= 1e3 && top < 1e6).toBe(true);
    expect(g.encoding.y.axis.title).toBe('γ (kΩ)');
    expect(g.encoding.y.scale.domain[0]).toBe(0);
    expect(g.encoding.y.scale.domain[1]).toBeGreaterThanOrEqual(top);
    // no band without lower/upper
    expect(layer(spec, 'band')).toBeUndefined();
    // the peaks: as many markers as result.peaks, in its order, numbered 1…; the two largest at τ₀ (±0.1 decade)
    const pk = layer(spec, 'peaks').data.values;
    expect(pk.map((p: any) => p.tau)).toEqual(two.peaks.map((p) => p.tau));
    expect(pk.map((p: any) => p.gamma)).toEqual(two.peaks.map((p) => p.gamma));
    expect(pk.map((p: any) => p.rank)).toEqual(two.peaks.map((_, k) => k + 1));
    const found = two.peaks.slice(0, 2).map((p) => p.tau).sort((a, b) => a - b);
    expect(Math.abs(Math.log10(found[0]! / TAU1))).toBeLessThan(0.1);
    expect(Math.abs(Math.log10(found[1]! / TAU2))).toBeLessThan(0.1);
    expect(layer(spec, 'peak_labels').encoding.text.field).toBe('rank');
  });

  it('shades τ outside the measured window [1/f_max, 1/f_min], on either axis', () => {
    const u = layer(j(drtPlot(two)), 'unmeasured').data.values;
    const fmax = 1e6, fmin = FREQ[FREQ.length - 1]!;
    expect(u).toHaveLength(2);
    close(u[0].to, 1 / fmax);
    close(u[1].from, 1 / fmin);
    close(u[0].from, two.tau[0]!);
    close(u[1].to, two.tau[two.tau.length - 1]!);
    // against f = 1/(2πτ): the same τ edges, mapped
    const v = layer(j(drtPlot(two, { x: 'frequency' })), 'unmeasured').data.values;
    close(v[0].to, fmax / TWO_PI);
    close(v[1].from, fmin / TWO_PI);
    // without the fitted frequencies, or turned off: none
    const { freq: _, ...noFreq } = two;
    expect(layer(j(drtPlot(noFreq)), 'unmeasured')).toBeUndefined();
    expect(layer(j(drtPlot(two, { window: false })), 'unmeasured')).toBeUndefined();
  });

  it('γ against f: log f axis in Hz, the peak markers at the peaks’ f', () => {
    const spec = j(drtPlot(two, { x: 'frequency' }));
    const g = layer(spec, 'gamma');
    expect(g.encoding.x.field).toBe('frequency');
    expect(g.encoding.x.scale.type).toBe('log');
    expect(g.encoding.x.axis.title).toMatch(/\(Hz\)$/);
    expect(layer(spec, 'peaks').encoding.x.field).toBe('frequency');
    expect(layer(spec, 'peaks').data.values.map((p: any) => p.frequency)).toEqual(two.peaks.map((p) => p.frequency));
  });

  it('the band layer exactly when lower and upper exist, with their values and a legend saying what it is', async () => {
    const r = withBand(two);
    const spec = j(drtPlot(r));
    const band = layer(spec, 'band');
    expect(band.mark.type).toBe('area');
    expect(band.encoding.y.field).toBe('lower');
    expect(band.encoding.y2.field).toBe('upper');
    band.data.values.forEach((row: any, i: number) => {
      expect(row.lower).toBe(r.lower[i]);
      expect(row.upper).toBe(r.upper[i]);
    });
    expect(layer(spec, 'gamma').encoding.y.scale.domain[1]).toBeGreaterThanOrEqual(Math.max(...r.upper));
    expect(layer(j(drtPlot({ ...two, lower: r.lower })), 'band')).toBeUndefined();
    const svg = await renderSvg(drtPlot(r, { title: 'pellet, 25 °C' }));
    for (const t of ['τ (s)', 'γ (kΩ)', 'pellet, 25 °C', 'approximate']) expect(svg).toContain(t);
    // one area for the whole band (not one sliver per τ)
    expect(svg.match(/class="mark-area role-mark band_marks"/g)).toHaveLength(1);
    expect(symbolCount(svg, 'peaks')).toBe(two.peaks.length);
    const svgF = await renderSvg(drtPlot(two, { x: 'frequency' }));
    expect(svgF).toContain('(Hz)');
    expect(svgF).not.toMatch(/band_marks/);
  });

  it('bad input is an EisError naming it', () => {
    expectError(() => drtPlot(two, { x: 'omega' as 'tau' }), 'E_ARG_RANGE', '`x`');
    expectError(() => drtPlot({ ...two, gamma: two.gamma.subarray(1) }), 'E_ARG_LENGTH', 'result.gamma');
    expectError(() => drtPlot({ ...two, tau: two.tau.map((t, i) => (i === 3 ? -t : t)) }), 'E_NONPOSITIVE_FREQ');
    expectError(() => drtPlot(null as never), 'E_ARG_TYPE', 'result');
  });
});

describe('lambdaCurvePlot', () => {
  it('the score of every λ against a log λ axis, the chosen λ marked, the plateau level (1 + δ)·min', async () => {
    const c = two.lambdaCurve!;
    expect(c.method).toBe('mgcv');
    expect(c.rule).toBe('plateau');
    const spec = j(lambdaCurvePlot(two));
    const score = layer(spec, 'score');
    const finite = Array.from(c.lambda, (l, i) => ({ lambda: l, score: c.score[i]! })).filter((r) => Number.isFinite(r.score));
    expect(score.data.values.map((r: any) => [r.lambda, r.score])).toEqual(finite.map((r) => [r.lambda, r.score]));
    expect(score.encoding.x.scale.type).toBe('log');
    expect(score.encoding.x.axis.title).toBe('λ');
    expect(score.encoding.y.axis.title).toBe('mGCV score');
    // the chosen λ is the result's λ
    const rule = layer(spec, 'chosen_rule').data.values[0];
    expect(rule.lambda).toBe(two.lambda);
    expect(layer(spec, 'chosen').data.values[0].score).toBe(c.score[c.index]);
    const min = Math.min(...finite.map((r) => r.score));
    close(layer(spec, 'plateau').data.values[0].score, (1 + c.delta) * min);
    // the plateau rule took the largest λ at or below that level
    expect(c.score[c.index]!).toBeLessThanOrEqual((1 + c.delta) * min);
    for (let i = c.index + 1; i < c.lambda.length; i++) if (Number.isFinite(c.score[i]!)) expect(c.score[i]!).toBeGreaterThan((1 + c.delta) * min);
    const svg = await renderSvg(lambdaCurvePlot(two));
    expect(svg).toContain('mGCV score');
    expect(svg).toContain('chosen λ = ');
    expect(svg).toMatch(/class="mark-rule role-mark chosen_rule_marks"/);
  });

  it('the L-curve: curvature, NaN ends left out, no plateau level; a fixed λ has no curve (E_ARG_RANGE)', async () => {
    const c = lcurve.lambdaCurve!;
    expect(Number.isNaN(c.score[0]!)).toBe(true);
    const spec = j(lambdaCurvePlot(lcurve));
    expect(layer(spec, 'score').data.values).toHaveLength(c.score.filter((s) => Number.isFinite(s)).length);
    expect(layer(spec, 'score').encoding.y.axis.title).toBe('L-curve curvature');
    expect(layer(spec, 'plateau')).toBeUndefined();
    expect(layer(spec, 'chosen_rule').data.values[0].lambda).toBe(lcurve.lambda);
    expect(await renderSvg(lambdaCurvePlot(lcurve))).toContain('largest curvature');
    expect(fixed.lambdaCurve).toBeUndefined();
    expectError(() => lambdaCurvePlot(fixed), 'E_ARG_RANGE', 'lambdaCurve');
  });
});

describe('drtStackPlot', () => {
  // a temperature series: R grows ×10 per step down in T, τ with it
  const series = [1, 10, 100].map((k) => zarcs(20, [[1.2e3 * k, TAU1 * k, 0.9], [5e3 * k, TAU2 * k, 0.85]], Float64Array.from({ length: 51 }, (_, i) => 10 ** (6 - i / 6))));
  const labels = ['85 °C', '45 °C', '5 °C'];
  let results: DrtResult[];
  beforeAll(() => {
    results = series.map((s) => drt(s, { lambda: 1e-3 }));
  });

  it('stack: one panel per spectrum (own γ scale, shared log τ axis), the data unchanged', async () => {
    const spec = j(drtStackPlot(results, labels));
    expect(spec.vconcat).toHaveLength(3);
    expect(spec.resolve.scale).toEqual({ x: 'shared', y: 'independent', color: 'shared' });
    spec.vconcat.forEach((panel: any, k: number) => {
      expect(panel.title.text).toBe(labels[k]);
      const g = layer(panel, `gamma_${k + 1}`);
      expect(g.data.values.map((r: any) => r.gamma)).toEqual(Array.from(results[k]!.gamma));
      expect(g.data.values.map((r: any) => r.tau)).toEqual(Array.from(results[k]!.tau));
      expect(g.data.values.every((r: any) => r.series === labels[k])).toBe(true);
      expect(g.encoding.x.scale.type).toBe('log');
      expect(layer(panel, `peaks_${k + 1}`).data.values.map((p: any) => p.tau)).toEqual(results[k]!.peaks.map((p) => p.tau));
    });
    // the x axis title on the bottom panel only; γ units per panel (kΩ, kΩ… MΩ at the coldest)
    expect(layer(spec.vconcat[2], 'gamma_3').encoding.x.axis.title).toBe('τ (s)');
    expect(layer(spec.vconcat[0], 'gamma_1').encoding.x.axis.title).toBeNull();
    expect(layer(spec.vconcat[0], 'gamma_1').encoding.y.axis.title).toBe('γ (kΩ)');
    expect(layer(spec.vconcat[2], 'gamma_3').encoding.y.axis.title).toMatch(/^γ \((k|M)Ω\)$/);
    // every panel draws its own spectrum: one line group per panel, each with its own γ axis labels
    const svg = await renderSvg(drtStackPlot(results, labels));
    for (const t of [...labels, 'τ (s)']) expect(svg).toContain(t);
    for (const k of [1, 2, 3]) expect(svg).toMatch(new RegExp(`class="mark-line role-mark gamma_${k}_marks"`));
    const strokes = [1, 2, 3].map((k) => svg.match(new RegExp(`class="mark-line role-mark gamma_${k}_marks"[^]*?stroke="(#[0-9a-f]+)"`))?.[1]);
    expect(strokes).toEqual(['#4c78a8', '#f58518', '#e45756']);
  });

  it('overlay: one panel, a colour per label; normalize: every maximum 1; against f', async () => {
    const spec = j(drtStackPlot(results, labels, { layout: 'overlay', normalize: true, x: 'frequency' }));
    const g = layer(spec, 'gamma');
    expect(g.encoding.color.scale.domain).toEqual(labels);
    expect(g.encoding.x.field).toBe('frequency');
    expect(g.encoding.y.axis.title).toBe('γ / γ_max');
    for (const label of labels) {
      const rows = g.data.values.filter((r: any) => r.series === label);
      const k = labels.indexOf(label);
      const max = Math.max(...results[k]!.gamma);
      expect(Math.max(...rows.map((r: any) => r.gamma))).toBe(1);
      rows.forEach((r: any, i: number) => close(r.gamma, results[k]!.gamma[i]! / max));
    }
    const svg = await renderSvg(spec);
    for (const t of labels) expect(svg).toContain(t);
  });

  it('labels must match the results one to one and be distinct', () => {
    expectError(() => drtStackPlot(results, labels.slice(1)), 'E_ARG_LENGTH', 'labels');
    expectError(() => drtStackPlot(results, ['a', 'a', 'b']), 'E_ARG_RANGE', 'twice');
    expectError(() => drtStackPlot([], []), 'E_ARG_TYPE', 'results');
    expectError(() => drtStackPlot(results, labels, { layout: 'grid' as 'stack' }), 'E_ARG_RANGE', 'layout');
  });
});

describe('zhitPlot', () => {
  /** 120 Ω + R(f) ‖ CPE with R growing by v/f Ω at each step down in f (the drift of test/cli-zhit). */
  function drifting(v: number) {
    const freq = Float64Array.from({ length: 31 }, (_, k) => 10 ** (2.25 - k / 10));
    const re = new Float64Array(31), im = new Float64Array(31);
    const Q = 6.2e-5, n = 0.93;
    let R = 430;
    freq.forEach((fi, i) => {
      R += v / fi;
      const w = (TWO_PI * fi) ** n;
      const yr = 1 / R + Q * w * Math.cos((Math.PI * n) / 2), yi = Q * w * Math.sin((Math.PI * n) / 2), d = yr * yr + yi * yi;
      re[i] = 120 + yr / d;
      im[i] = -yi / d;
    });
    return { freq, re, im };
  }
  const s = drifting(-1);
  let z: ZhitResult;
  beforeAll(() => {
    z = zhit(s);
  });

  it('the deviation (|Z| − |Z|_H)/|Z| in % on a log f axis, its largest magnitude zhit()’s maxResidual, the ±threshold band', async () => {
    expect(z.pass).toBe(false);
    const spec = j(zhitPlot(s, z));
    const pts = layer(spec, 'deviation');
    expect(pts.data.values).toHaveLength(31);
    pts.data.values.forEach((r: any, i: number) => {
      expect(r.freq).toBe(s.freq[i]);
      expect(r.rebuilt).toBe(z.modulus[i]);
      const mod = Math.hypot(s.re[i]!, s.im[i]!);
      close(r.percent, (100 * (mod - z.modulus[i]!)) / mod, 1e-9);
    });
    close(Math.max(...pts.data.values.map((r: any) => Math.abs(r.percent))), 100 * z.maxResidual, 1e-9);
    expect(pts.encoding.x.scale.type).toBe('log');
    expect(pts.encoding.x.axis.title).toBe('f (Hz)');
    expect(pts.encoding.y.axis.title).toMatch(/\(%\)$/);
    expect(layer(spec, 'band').data.values[0]).toMatchObject({ lower: -100 * z.threshold, upper: 100 * z.threshold });
    expect(layer(spec, 'offset_window').data.values[0]).toMatchObject({ from: z.window[0], to: z.window[1] });
    const svg = await renderSvg(zhitPlot(s, z));
    for (const t of ['f (Hz)', '(%)', 'FAIL', 'offset window']) expect(svg).toContain(t);
    expect(symbolCount(svg, 'deviation')).toBe(31);
  });

  it('crops the spectrum as zhit() did (freqRange); a result of another spectrum is E_ARG_LENGTH', () => {
    const w = zhit(s, { fmin: 0.5, fmax: 100 });
    const pts = layer(j(zhitPlot(s, w)), 'deviation').data.values;
    expect(pts).toHaveLength(w.freqRange.points);
    expect(pts.every((r: any) => r.freq >= 0.5 && r.freq <= 100)).toBe(true);
    close(Math.max(...pts.map((r: any) => Math.abs(r.percent))), 100 * w.maxResidual, 1e-9);
    expectError(() => zhitPlot(s, { ...w, freqRange: undefined } as never), 'E_ARG_LENGTH', 'result.modulus');
  });
});
