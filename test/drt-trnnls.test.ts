/**
 * TR-NNLS (specs/drt.md §6, src/drt/tr-nnls.ts) against an independent numpy/scipy implementation
 * of §6 (test/fixtures/gen_drt_extra.py: scipy.optimize.nnls on the stacked [A; √λ I] for every λ
 * of the grid, numpy.polyfit for the corner rule): ‖g‖ over the grid, the chosen λ, γ, R_pol and
 * the fitted spectrum for a noise-free ZARC (modes real and imag, and a fixed λ) and a noisy
 * two-arc spectrum; R_pol of the ZARC against its exact 50 Ω; the corner rule's clamp and
 * fallbacks; bad options as typed errors.
 */
import { describe, expect, it } from 'vitest';
import { EisError } from '../src/errors.ts';
import { drt, drtBatch } from '../src/index.ts';
import { cornerLambda, trNnls } from '../src/drt/tr-nnls.ts';
import { lambdaGrid } from '../src/reference/drt/lambda.ts';
import fx from './fixtures/drt-extra.json';

interface Run { mode: 'real' | 'imaginary'; lambda: number; norms?: number[]; gamma: number[]; rpol: number; rInf: number; fitRe: number[]; fitIm: number[] }
const T = (fx as unknown as { trnnls: { freq: number[]; zarc: { re: number[]; im: number[]; runs: Run[] }; two: { re: number[]; im: number[]; runs: Run[] } } }).trnnls;
const freq = Float64Array.from(T.freq);

function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0, d = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]!));
  for (let i = 0; i < b.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d / scale;
}

function check(spec: { re: number[]; im: number[] }, run: Run, auto: boolean) {
  const r = trNnls(freq, Float64Array.from(spec.re), Float64Array.from(spec.im), { mode: run.mode === 'imaginary' ? 'imag' : 'real', lambda: auto ? null : run.lambda });
  if (auto) {
    expect(r.lambdaCurve).toBeDefined();
    expect(maxRel(r.lambdaCurve!.score, run.norms!)).toBeLessThan(1e-6);
    // the intersection of two nearly parallel fits amplifies the ‖g‖ differences (≤ 1e-7) about tenfold
    expect(Math.abs(r.lambda / run.lambda - 1)).toBeLessThan(1e-5);
    expect(r.lambdaCurve!.index).toBe(Math.round(10 * Math.log10(run.lambda)) + 70);
  } else {
    expect(r.lambda).toBe(run.lambda);
    expect(r.lambdaCurve).toBeUndefined();
  }
  expect(maxRel(r.gamma, run.gamma)).toBeLessThan(1e-5);
  expect(Math.abs(r.polarizationResistance / run.rpol - 1)).toBeLessThan(1e-6);
  expect(r.rInf).toBe(run.rInf);
  expect(maxRel(r.fitted.re, run.fitRe)).toBeLessThan(1e-6);
  expect(maxRel(r.fitted.im, run.fitIm)).toBeLessThan(1e-6);
  // γ is on the collocation grid τ_i = 1/ω_i, ascending
  expect(r.tau.length).toBe(freq.length);
  expect(Math.abs(r.tau[0]! * 2 * Math.PI * freq[0]! - 1)).toBeLessThan(1e-15);
  for (let i = 1; i < r.tau.length; i++) expect(r.tau[i]!).toBeGreaterThan(r.tau[i - 1]!);
  for (const g of r.gamma) expect(g).toBeGreaterThanOrEqual(0);
  return r;
}

describe('TR-NNLS against numpy/scipy (gen_drt_extra.py)', () => {
  it('ZARC(50, 0.01, 0.7), mode real, automatic λ: ‖g‖ curve, λ, γ, R_pol, fit; R_pol within 2 % of 50 Ω and the peak at τ₀', () => {
    const r = check(T.zarc, T.zarc.runs[0]!, true);
    expect(Math.abs(r.polarizationResistance / 50 - 1)).toBeLessThan(0.02);
    expect(r.peaks.length).toBeGreaterThanOrEqual(1);
    expect(Math.abs(Math.log10(r.peaks[0]!.tau / 0.01))).toBeLessThan(0.1);
    expect(r.warnings).toEqual([]);
  });
  it('ZARC, mode imag, automatic λ', () => {
    check(T.zarc, T.zarc.runs[1]!, true);
  });
  it('ZARC, mode real, fixed λ = 1e-4', () => {
    const r = check(T.zarc, T.zarc.runs[2]!, false);
    expect(Math.abs(r.polarizationResistance / 50 - 1)).toBeLessThan(0.02);
  });
  it('10 + ZARC(60, 2e-5, 0.8) + ZARC(120, 2e-2, 0.75) with 0.5 % noise, mode real, automatic λ: R_pol within 2 % of 180 Ω, split 60/120 at τ = 10^−3.3 within 5 %', () => {
    const r = check(T.two, T.two.runs[0]!, true);
    expect(Math.abs(r.polarizationResistance / 180 - 1)).toBeLessThan(0.02);
    // the corner rule picks a small λ here (5e-6), so γ is spiky (measured: 10 peaks); the areas
    // on either side of the gap between the arcs are still their resistances
    const ln = Array.from(r.tau, (t) => Math.log(t));
    let fast = 0, slow = 0;
    for (let j = 0; j < ln.length; j++) {
      const d = j === 0 ? ln[1]! - ln[0]! : j === ln.length - 1 ? ln[j]! - ln[j - 1]! : ln[j + 1]! - ln[j - 1]!;
      if (r.tau[j]! < 10 ** -3.3) fast += (r.gamma[j]! * d) / 2;
      else slow += (r.gamma[j]! * d) / 2;
    }
    expect(Math.abs(fast / 60 - 1)).toBeLessThan(0.05);
    expect(Math.abs(slow / 120 - 1)).toBeLessThan(0.05);
  });
});

describe('TR-NNLS corner rule (§6.5) edge cases', () => {
  const grid = lambdaGrid();
  it('an intersection below the grid is clamped to 1e-7 with a warning', () => {
    // flat head y = 1, tail y = 2 + λ: the lines meet at λ = −1
    const norms = grid.map((l) => (l < 0.3 ? 1 : 2 + l));
    const c = cornerLambda(grid, norms);
    expect(c.lambda).toBe(grid[0]);
    expect(c.warning).toMatch(/below the grid/);
  });
  it('an intersection above the grid is clamped to 1 with a warning', () => {
    // head y = 1 − λ, tail y = 0.5 − 0.6λ (from λ ≥ 0.3): they meet at λ = 1.25
    const norms = grid.map((l) => (l < 0.3 ? 1 - l : 0.5 - 0.6 * l));
    const c = cornerLambda(grid, norms);
    expect(c.lambda).toBe(grid[70]);
    expect(c.warning).toMatch(/above the grid/);
  });
  it('a flat ‖g‖: parallel fits fall back to the largest λ with a warning', () => {
    const c = cornerLambda(grid, new Float64Array(71).fill(0.5));
    expect(c.lambda).toBe(grid[70]);
    expect(c.warning).toMatch(/parallel/);
  });
  it('fewer than two points 0.02 apart (a short grid, flat ‖g‖): the largest λ with a warning', () => {
    const c = cornerLambda(Float64Array.of(1e-7, 1e-6, 1e-5), Float64Array.of(0.5, 0.5, 0.5));
    expect(c.lambda).toBe(1e-5);
    expect(c.warning).toMatch(/hardly changes/);
  });
  it('a line inside the grid: the intersection of the two fits', () => {
    // head y = 2 − 3λ, tail y = 1 − λ (from λ ≥ 0.3): they meet at λ = 0.5
    const norms = grid.map((l) => (l < 0.3 ? 2 - 3 * l : 1 - l));
    const c = cornerLambda(grid, norms);
    expect(c.warning).toBeUndefined();
    expect(c.lambda).toBeCloseTo(0.5, 10);
  });
});

describe('TR-NNLS bad input → typed errors', () => {
  const re = Float64Array.from(T.zarc.re), im = Float64Array.from(T.zarc.im);
  const code = (f: () => unknown): [string, unknown] => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(EisError);
      return [(e as EisError).code, (e as EisError).details.argument];
    }
    throw new Error('did not throw');
  };
  it('mode complex, λ ≤ 0 or NaN, unsorted or too few frequencies, R_pol ≤ 0', () => {
    expect(code(() => trNnls(freq, re, im, { mode: 'complex' as 'real' }))).toEqual(['E_ARG_RANGE', 'mode']);
    expect(code(() => trNnls(freq, re, im, { lambda: 0 }))).toEqual(['E_ARG_RANGE', 'lambda']);
    expect(code(() => trNnls(freq, re, im, { lambda: Number.NaN }))).toEqual(['E_ARG_RANGE', 'lambda']);
    expect(code(() => trNnls(freq.slice().reverse(), re, im))).toEqual(['E_ARG_RANGE', 'spectrum.freq']);
    expect(code(() => trNnls(freq.slice(0, 4), re.slice(0, 4), im.slice(0, 4)))).toEqual(['E_ARG_RANGE', 'spectrum']);
    expect(code(() => trNnls(freq, re.map((v) => -v), im))).toEqual(['E_ARG_RANGE', 'spectrum']);
  });
});

describe("drt(spectrum, { method: 'tr-nnls' }) and drtBatch", () => {
  it('the public path sorts, crops and returns the TR-NNLS result (backend js, collocation 1/ω); drtBatch gives the same', async () => {
    // ascending input: drt sorts it; a window crops it
    const fAsc = freq.slice().reverse(), reAsc = Float64Array.from(T.zarc.re).reverse(), imAsc = Float64Array.from(T.zarc.im).reverse();
    const r = drt({ freq: fAsc, re: reAsc, im: imAsc }, { method: 'tr-nnls', fmax: 1e5, backend: 'js' });
    const k = T.freq.findIndex((f) => f <= 1e5);
    const direct = trNnls(freq.slice(k), Float64Array.from(T.zarc.re).slice(k), Float64Array.from(T.zarc.im).slice(k));
    expect([r.method, r.collocation, r.backend, r.fmax, r.coefficients.length]).toEqual(['tr-nnls', '1/ω', 'js', 1e5, 0]);
    expect(Array.from(r.gamma)).toEqual(Array.from(direct.gamma));
    expect(r.lambda).toBe(direct.lambda);
    expect(r.lambdaCurve!.score).toEqual(direct.lambdaCurve!.score);
    const [b] = await drtBatch([{ freq: fAsc, re: reAsc, im: imAsc }], { method: 'tr-nnls', mode: 'imag', backend: 'js' });
    const di = trNnls(freq, Float64Array.from(T.zarc.re), Float64Array.from(T.zarc.im), { mode: 'imag' });
    expect(Array.from(b!.gamma)).toEqual(Array.from(di.gamma));
  });
});
