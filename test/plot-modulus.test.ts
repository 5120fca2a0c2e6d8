/**
 * The −Z″/M″ and σ′ plots (src/plot/modulus.ts): the specs carry the data (−Z″ = −Im Z and M″ =
 * Im M* from toModulus, σ′ = Re σ*), twin y axes, and each curve's peak with R ≈ −2Z″_max and
 * C ≈ C0/(2M″_max), which for one parallel RC must be R and C (analytic: both peaks at
 * ω = 1/RC, heights R/2 and C0/(2C)); every spec renders to SVG. Node and Chromium.
 */
import { describe, expect, it } from 'vitest';
import { EPSILON_0, toConductivity, toModulus } from '../src/index.ts';
import { conductivityPlot, modulusPlot, renderSvg } from '../src/plot/index.ts';
import { expectError } from './helpers.ts';

/* eslint-disable @typescript-eslint/no-explicit-any */
const j = (spec: unknown) => spec as any;
/** A layer by name, nested layers included. */
function layer(spec: any, name: string): any {
  for (const l of spec.layer ?? []) {
    if (l.name === name) return l;
    const inner = l.layer ? layer(l, name) : undefined;
    if (inner) return inner;
  }
  return undefined;
}
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

const TWO_PI = 2 * Math.PI;
const R = 2.5e5, C = 4e-11;
const GEOMETRY = { thicknessCm: 0.1, areaCm2: 0.5 };
const C0 = (EPSILON_0 * GEOMETRY.areaCm2) / GEOMETRY.thicknessCm;
const F0 = 1 / (TWO_PI * R * C);
/** One parallel RC, exact, at the given frequencies. */
const rc = (freq: number[]) => ({
  freq,
  re: freq.map((f) => R / (1 + (TWO_PI * f * R * C) ** 2)),
  im: freq.map((f) => (-TWO_PI * f * R * R * C) / (1 + (TWO_PI * f * R * C) ** 2)),
});
/** 10 points per decade over 8 decades around f0, f0 itself among them (`shift` = 0) or `shift` decades off the grid. */
const grid = (shift: number) => Array.from({ length: 81 }, (_, k) => (k === 40 && shift === 0 ? F0 : F0 * 10 ** ((40 - k) / 10 + shift)));

describe('modulusPlot', () => {
  it('one R‖C with f0 on the grid: both peaks at f0, R ≈ −2Z″_max = R and C ≈ C0/(2M″_max) = C, annotated', () => {
    const s = rc(grid(0));
    const spec = j(modulusPlot(s, GEOMETRY));
    const zp = layer(spec, 'negZim_peak').data.values, mp = layer(spec, 'mIm_peak').data.values;
    expect(zp).toHaveLength(1);
    expect(mp).toHaveLength(1);
    expect(rel(zp[0].freq, F0)).toBeLessThan(1e-9);
    expect(rel(mp[0].freq, F0)).toBeLessThan(1e-9);
    expect(rel(zp[0].height, R / 2)).toBeLessThan(1e-12);
    expect(rel(mp[0].height, C0 / (2 * C))).toBeLessThan(1e-12);
    expect(rel(zp[0].estimate, R)).toBeLessThan(1e-12);
    expect(rel(mp[0].estimate, C)).toBeLessThan(1e-12);
    expect(zp[0].edge).toBe(false);
    expect(zp[0].label).toBe(`−Z″ peak ${Number((F0 / 1e3).toPrecision(3))} kHz: R ≈ 250 kΩ`);
    expect(mp[0].label).toBe(`M″ peak ${Number((F0 / 1e3).toPrecision(3))} kHz: C ≈ 40 pF`);
    expect(layer(spec, 'negZim_peak_label').encoding.text.field).toBe('label');
  });

  it('f0 half a grid step off: the parabola in log f recovers R and C to 0.05 % (the largest point alone is 0.66 % off)', () => {
    const s = rc(grid(0.05));
    const spec = j(modulusPlot(s, GEOMETRY));
    const zp = layer(spec, 'negZim_peak').data.values[0], mp = layer(spec, 'mIm_peak').data.values[0];
    const rawZ = Math.max(...s.im.map((v) => -v));
    expect(rel(2 * rawZ, R)).toBeGreaterThan(6e-3);
    expect(rel(zp.estimate, R)).toBeLessThan(5e-4);
    expect(rel(mp.estimate, C)).toBeLessThan(5e-4);
    expect(Math.abs(Math.log10(zp.freq / F0))).toBeLessThan(1e-3);
    expect(Math.abs(Math.log10(mp.freq / F0))).toBeLessThan(1e-3);
  });

  it('the rows are the data: −Z″ = −Im Z, M″ = Im M* of toModulus; twin y axes, left and right', () => {
    const s = rc(grid(0.02));
    const spec = j(modulusPlot(s, GEOMETRY, { title: 'R‖C', width: 300, height: 200 }));
    const rows = layer(spec, 'negZim_points').data.values;
    const m = toModulus(s, GEOMETRY);
    expect(rows).toHaveLength(81);
    rows.forEach((r: any, i: number) => {
      expect(r.freq).toBe(s.freq[i]);
      expect(r.negZim).toBe(-s.im[i]!);
      expect(r.mIm).toBe(m.im[i]);
    });
    expect(spec.resolve).toEqual({ scale: { y: 'independent' } });
    expect(layer(spec, 'negZim_line').encoding.y.axis.orient).toBe('left');
    expect(layer(spec, 'mIm_line').encoding.y.axis.orient).toBe('right');
    expect(layer(spec, 'mIm_line').encoding.x.scale.type).toBe('log');
    expect([spec.width, spec.height, spec.title]).toEqual([300, 200, 'R‖C']);
  });

  it('two arcs: M″ peaks at the bulk (small C), −Z″ at the grain boundary (large R)', () => {
    const R1 = 1.3e5, C1 = 6.2e-11, R2 = 2.1e6, C2 = 1.5e-9;
    const freq = Array.from({ length: 91 }, (_, k) => 10 ** (7 - k / 10));
    const z = freq.map((f) => {
      const w = TWO_PI * f, a = w * R1 * C1, b = w * R2 * C2;
      return [R1 / (1 + a * a) + R2 / (1 + b * b), (-R1 * a) / (1 + a * a) - (R2 * b) / (1 + b * b)];
    });
    const spec = j(modulusPlot({ freq, re: z.map((v) => v[0]!), im: z.map((v) => v[1]!) }, GEOMETRY));
    const zp = layer(spec, 'negZim_peak').data.values[0], mp = layer(spec, 'mIm_peak').data.values[0];
    expect(Math.abs(Math.log10(mp.freq * TWO_PI * R1 * C1))).toBeLessThan(0.03);
    expect(Math.abs(Math.log10(zp.freq * TWO_PI * R2 * C2))).toBeLessThan(0.03);
    expect(rel(mp.estimate, C1)).toBeLessThan(0.03);
    expect(rel(zp.estimate, R2)).toBeLessThan(0.03);
  });

  it('a peak beyond the measured range is marked as an edge', () => {
    const s = rc(Array.from({ length: 21 }, (_, k) => F0 * 10 ** (-1 - k / 10))); // all below f0: M″ rises to the top end
    const mp = layer(j(modulusPlot(s, GEOMETRY)), 'mIm_peak').data.values[0];
    expect(mp.edge).toBe(true);
    expect(mp.freq).toBe(s.freq[0]);
    expect(mp.rises).toBe(null);
    // the true peak lies beyond: M″_max ≥ M″ there, so C0/(2M″) there is an upper bound of C
    expect(mp.estimate).toBeGreaterThanOrEqual(C);
    expect(mp.label).toMatch(/^M″ largest at the edge [\d.]+ [kM]?Hz: C ≤ [\d.]+ pF \(a bound\)$/);
  });

  it('R‖CPE (α 0.88, −Z″ peak at 1 kHz): the M″ peak is the largest interior maximum — the same at fmax 1 MHz and 10 MHz, where the CPE\'s ω^(1−α) tail is higher — at the analytic maximum of ω·C0·Z′', () => {
    const alpha = 0.88, Rb = 1e5, Q = 1 / (Rb * (TWO_PI * 1e3) ** alpha);
    const z = (f: number) => {
      // Z = 1/(1/R + Q(jω)^α)
      const w = TWO_PI * f, yr = 1 / Rb + Q * w ** alpha * Math.cos((alpha * Math.PI) / 2), yi = Q * w ** alpha * Math.sin((alpha * Math.PI) / 2);
      const d = yr * yr + yi * yi;
      return [yr / d, -yi / d] as const;
    };
    // the analytic maximum of M″ = ω·C0·Z′ near the peak: golden section in log f
    let lo = 2, hi = 4;
    const m = (lf: number) => 10 ** lf * z(10 ** lf)[0];
    for (let i = 0; i < 200; i++) {
      const a = hi - (hi - lo) / 1.618034, b = lo + (hi - lo) / 1.618034;
      if (m(a) > m(b)) hi = b;
      else lo = a;
    }
    const fPeak = 10 ** ((lo + hi) / 2);
    const peaks: number[] = [];
    for (const fmax of [1e6, 1e7]) {
      const decades = Math.round(Math.log10(fmax / 0.01));
      const freq = Array.from({ length: 10 * decades + 1 }, (_, k) => fmax * 10 ** (-k / 10));
      const s = { freq, re: freq.map((f) => z(f)[0]), im: freq.map((f) => z(f)[1]) };
      const mp = layer(j(modulusPlot(s, GEOMETRY)), 'mIm_peak').data.values[0];
      const mIm = toModulus(s, GEOMETRY).im;
      expect(mp.edge).toBe(false);
      expect(rel(mp.freq, fPeak)).toBeLessThan(0.02);
      // at 10 MHz the top end is higher than the peak: said as the tail
      expect(mp.rises).toBe(mIm[0]! > mp.height ? 'high f' : null);
      peaks.push(mp.freq);
    }
    expect(rel(peaks[1]!, peaks[0]!)).toBeLessThan(1e-12);
    const s7 = Array.from({ length: 91 }, (_, k) => 1e7 * 10 ** (-k / 10));
    const top = toModulus({ freq: s7, re: s7.map((f) => z(f)[0]), im: s7.map((f) => z(f)[1]) }, GEOMETRY).im;
    expect(top[0]!).toBeGreaterThan(Math.max(...top.slice(10)));
  });

  it('renders to SVG with both annotations', async () => {
    const svg = await renderSvg(modulusPlot(rc(grid(0)), GEOMETRY));
    expect(svg).toContain('R ≈ 250 kΩ');
    expect(svg).toContain('C ≈ 40 pF');
    expect(svg).toContain('M″');
  });

  it('errors: the geometry is required and named; the spectrum is checked', () => {
    expect(expectError(() => modulusPlot(rc(grid(0)), undefined as never), 'E_ARG_TYPE', /geometry/).details.argument).toBe('geometry');
    expectError(() => modulusPlot({ freq: [1, 2], re: [1], im: [1, 2] }, GEOMETRY), 'E_ARG_LENGTH');
    expectError(() => modulusPlot(rc(grid(0)), GEOMETRY, { width: 'wide' } as never), 'E_ARG_TYPE');
  });
});

describe('conductivityPlot', () => {
  it('σ′ = Re σ* against f on log–log axes; an ideal R‖C is flat at σ_dc = L/(A·R)', () => {
    const s = rc(grid(0));
    const spec = j(conductivityPlot(s, GEOMETRY));
    const rows = layer(spec, 'sigma_points').data.values;
    const sigma = toConductivity(s, GEOMETRY);
    expect(rows).toHaveLength(81);
    rows.forEach((r: any, i: number) => {
      expect(r.freq).toBe(s.freq[i]);
      expect(r.sigma).toBe(sigma.re[i]);
      expect(rel(r.sigma, GEOMETRY.thicknessCm / (GEOMETRY.areaCm2 * R))).toBeLessThan(1e-12);
    });
    const enc = layer(spec, 'sigma_line').encoding;
    expect([enc.x.scale.type, enc.y.scale.type]).toEqual(['log', 'log']);
    expect(enc.y.axis.title).toBe('σ′ (S/cm)');
  });

  it('points with σ′ ≤ 0 are left out and counted in the subtitle', () => {
    const s = { freq: [1e4, 1e3, 1e2], re: [100, -50, 300], im: [-10, -20, -30] };
    const spec = j(conductivityPlot(s, GEOMETRY, { title: 'odd' }));
    expect(layer(spec, 'sigma_points').data.values.map((r: any) => r.freq)).toEqual([1e4, 1e2]);
    expect(spec.title).toEqual({ text: 'odd', subtitle: '1 point with σ′ ≤ 0 left out (log axis)' });
  });

  it('renders to SVG; the geometry is required', async () => {
    expect(await renderSvg(conductivityPlot(rc(grid(0)), { thicknessCm: 0.1, diameterCm: 0.8 }))).toContain('σ′ (S/cm)');
    expect(expectError(() => conductivityPlot(rc(grid(0)), undefined as never), 'E_ARG_TYPE').details.argument).toBe('geometry');
  });
});
