/**
 * TR-NNLS (specs/drt.md §6, src/drt/tr-nnls.ts) against an independent numpy/scipy run of §6 as
 * pyimpspec's tr_nnls.py does it (test/fixtures/gen_drt_extra.py: scipy.optimize.nnls on the square
 * H = AᵀA + λI against b = Aᵀz for every λ of the grid, numpy.polyfit for the corner rule): ‖g‖
 * over the grid, the chosen λ, γ, R_pol and the fitted spectrum for a noise-free ZARC (modes real
 * and imag, fixed λ = 1e-4 and 1e-7) and a noisy two-arc spectrum; R_pol of the ZARC against its
 * exact 50 Ω; the λ curve's labels; the Lawson–Hanson solver on problems with known answers and
 * its KKT conditions; the corner rule's clamp and fallbacks; bad options as typed errors.
 */
import { describe, expect, it } from 'vitest';
import { createEngine, drt, drtBatch, EisError } from '../src/index.ts';
import { lawsonHanson } from '../src/drt/lawson-hanson.ts';
import { cornerLambda, TR_NNLS_MAX_POINTS, trNnls } from '../src/drt/tr-nnls.ts';
import { lambdaGrid } from '../src/reference/drt/lambda.ts';
import { nnls } from '../src/reference/drt/nnls.ts';
import fx from './fixtures/drt-extra.json';
import { errorCodeAndArgument as code } from './helpers.ts';

interface Run { mode: 'real' | 'imaginary'; lambda: number; norms?: number[]; gamma: number[]; rpol: number; rInf: number; fitRe: number[]; fitIm: number[] }
const T = (fx as unknown as { trnnls: { freq: number[]; zarc: { re: number[]; im: number[]; runs: Run[] }; two: { re: number[]; im: number[]; runs: Run[] } } }).trnnls;
const freq = Float64Array.from(T.freq);

function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0, d = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]!));
  for (let i = 0; i < b.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d / scale;
}

/** Measured against scipy 1.17.1 (numpy 2.4.6): ‖g‖ 1.2e-8, λ 7e-9, γ 1.4e-9 (5.2e-7 at λ = 1e-7, where cond(H) = 1.4e9), R_pol 2e-11, fit 3.5e-10 at most. */
function check(spec: { re: number[]; im: number[] }, run: Run, auto: boolean, gammaTol = 1e-8) {
  const r = trNnls(freq, Float64Array.from(spec.re), Float64Array.from(spec.im), { mode: run.mode === 'imaginary' ? 'imag' : 'real', lambda: auto ? null : run.lambda });
  if (auto) {
    expect(r.lambdaCurve).toBeDefined();
    expect(maxRel(r.lambdaCurve!.score, run.norms!)).toBeLessThan(1e-7);
    expect(Math.abs(r.lambda / run.lambda - 1)).toBeLessThan(1e-7);
    expect(r.lambdaCurve!.index).toBe(Math.round(10 * Math.log10(run.lambda)) + 70);
    // what the curve is: ‖g‖ against λ, λ where two line fits meet (between grid points), no plateau δ
    expect([r.lambdaCurve!.method, r.lambdaCurve!.rule, r.lambdaCurve!.delta]).toEqual(['norm-corner', 'intersection', Number.NaN]);
  } else {
    expect(r.lambda).toBe(run.lambda);
    expect(r.lambdaCurve).toBeUndefined();
  }
  expect(maxRel(r.gamma, run.gamma)).toBeLessThan(gammaTol);
  expect(Math.abs(r.polarizationResistance / run.rpol - 1)).toBeLessThan(1e-9);
  expect(r.rInf).toBe(run.rInf);
  expect(maxRel(r.fitted.re, run.fitRe)).toBeLessThan(1e-8);
  expect(maxRel(r.fitted.im, run.fitIm)).toBeLessThan(1e-8);
  // γ is on the collocation grid τ_i = 1/ω_i, ascending
  expect(r.tau.length).toBe(freq.length);
  expect(Math.abs(r.tau[0]! * 2 * Math.PI * freq[0]! - 1)).toBeLessThan(1e-15);
  for (let i = 1; i < r.tau.length; i++) expect(r.tau[i]!).toBeGreaterThan(r.tau[i - 1]!);
  for (const g of r.gamma) expect(g).toBeGreaterThanOrEqual(0);
  expect(r.warnings).toEqual([]);
  return r;
}

describe('TR-NNLS against numpy/scipy as pyimpspec runs it (gen_drt_extra.py)', () => {
  it('ZARC(50, 0.01, 0.7), mode real, automatic λ: ‖g‖ curve, λ = 0.1398 (pyimpspec\'s 0.140), γ, R_pol, fit; R_pol within 0.5 % of 50 Ω and the one peak at τ₀', () => {
    const r = check(T.zarc, T.zarc.runs[0]!, true);
    // the λ of the NNLS of H, not of the ridge problem min ‖Ag − z‖² + λ‖g‖² (0.178 there)
    expect(r.lambda).toBeGreaterThan(0.1395);
    expect(r.lambda).toBeLessThan(0.1401);
    expect(Math.abs(r.polarizationResistance / 50 - 1)).toBeLessThan(0.005);
    expect(r.peaks.length).toBe(1);
    expect(Math.abs(Math.log10(r.peaks[0]!.tau / 0.01))).toBeLessThan(0.01);
  });
  it('ZARC, mode imag, automatic λ', () => {
    check(T.zarc, T.zarc.runs[1]!, true);
  });
  it('ZARC, mode real, fixed λ = 1e-4: R_pol within 0.5 % of 50 Ω', () => {
    const r = check(T.zarc, T.zarc.runs[2]!, false);
    expect(Math.abs(r.polarizationResistance / 50 - 1)).toBeLessThan(0.005);
  });
  it('ZARC, mode real, fixed λ = 1e-7 (cond(H) = 1.4e9; peers fail below 1e-4): γ ≥ 0 and finite, within 5e-6 of scipy', () => {
    const r = check(T.zarc, T.zarc.runs[3]!, false, 5e-6);
    for (const g of r.gamma) expect(Number.isFinite(g)).toBe(true);
    expect(Math.abs(r.polarizationResistance / 50 - 1)).toBeLessThan(0.005);
  });
  it('10 + ZARC(60, 2e-5, 0.8) + ZARC(120, 2e-2, 0.75) with 0.5 % noise, mode real, automatic λ: R_pol within 1 % of 180 Ω, split 60/120 at τ = 10^−3.3 within 5 %', () => {
    const r = check(T.two, T.two.runs[0]!, true);
    expect(Math.abs(r.polarizationResistance / 180 - 1)).toBeLessThan(0.01);
    // the corner rule picks a small λ here (3.1e-5), so γ is spiky (measured: 10 peaks); the areas
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

/** KKT of min ‖a·x − b‖, x ≥ 0 (column-major a): x ≥ 0, g = aᵀ(a·x − b) ≈ 0 where x > 0 and ≥ ≈0 where x = 0. */
function kkt(a: Float64Array, b: Float64Array, m: number, n: number, x: Float64Array): { onP: number; belowZ: number; scale: number } {
  const r = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = -b[i]!;
    for (let j = 0; j < n; j++) s += a[j * m + i]! * x[j]!;
    r[i] = s;
  }
  let onP = 0, belowZ = 0, scale = 0;
  for (let j = 0; j < n; j++) {
    let g = 0, atb = 0;
    for (let i = 0; i < m; i++) {
      g += a[j * m + i]! * r[i]!;
      atb += a[j * m + i]! * b[i]!;
    }
    scale = Math.max(scale, Math.abs(atb));
    if (x[j]! > 0) onP = Math.max(onP, Math.abs(g));
    else belowZ = Math.max(belowZ, -g);
  }
  return { onP, belowZ, scale };
}

describe('lawsonHanson (Lawson–Hanson NNLS)', () => {
  it('known answers: A = [[1,0],[1,0],[0,1]] with b = (2, 1, 1) → (1.5, 1), residual √½; b = −1 → 0, residual √3', () => {
    const a = Float64Array.of(1, 1, 0, 0, 0, 1); // column-major
    const r = lawsonHanson(a, Float64Array.of(2, 1, 1), 3, 2);
    expect(Math.abs(r.x[0]! - 1.5)).toBeLessThan(1e-15);
    expect(Math.abs(r.x[1]! - 1)).toBeLessThan(1e-15);
    expect(Math.abs(r.residualNorm - Math.SQRT1_2)).toBeLessThan(1e-15);
    expect(r.converged).toBe(true);
    const z = lawsonHanson(a, Float64Array.of(-1, -1, -1), 3, 2);
    expect(Array.from(z.x)).toEqual([0, 0]);
    expect(Math.abs(z.residualNorm - Math.sqrt(3))).toBeLessThan(1e-15);
  });
  it('an unconstrained optimum inside the orthant is the least-squares solution: a·x = b exactly for a square a with x > 0', () => {
    // a = I + 0.1·ones (4 × 4), x_true = (1, 2, 3, 4)
    const n = 4, a = new Float64Array(n * n), xt = [1, 2, 3, 4], b = new Float64Array(n);
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) a[j * n + i] = (i === j ? 1 : 0) + 0.1;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) b[i] = b[i]! + a[j * n + i]! * xt[j]!;
    const r = lawsonHanson(a, b, n, n);
    for (let j = 0; j < n; j++) expect(Math.abs(r.x[j]! - xt[j]!)).toBeLessThan(1e-14);
    expect(r.residualNorm).toBeLessThan(1e-14);
  });
  it('KKT conditions hold on 20 random 30 × 20 and 20 × 30 problems with active constraints, and the inputs are left alone', () => {
    let seed = 12345;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
    let active = 0;
    for (let t = 0; t < 20; t++) {
      const [m, n] = t % 2 === 0 ? [30, 20] : [20, 30];
      const a = Float64Array.from({ length: m * n }, rand), b = Float64Array.from({ length: m }, rand);
      const a0 = a.slice(), b0 = b.slice();
      const r = lawsonHanson(a, b, m, n);
      expect(r.converged).toBe(true);
      expect(a).toEqual(a0);
      expect(b).toEqual(b0);
      for (const v of r.x) expect(v).toBeGreaterThanOrEqual(0);
      const k = kkt(a, b, m, n, r.x);
      expect(k.onP).toBeLessThan(1e-12 * k.scale);
      expect(k.belowZ).toBeLessThan(1e-12 * k.scale);
      active += r.x.filter((v) => v === 0).length;
    }
    expect(active).toBeGreaterThan(100);
  });
  it('the TR-NNLS g at λ = 1e-4 is the NNLS of H = AᵀA + λI (KKT of min ‖Hg − b‖), which the ridge problem’s g is not (at the automatic λ = 0.14 no constraint is active and the two agree)', () => {
    const r = trNnls(freq, Float64Array.from(T.zarc.re), Float64Array.from(T.zarc.im), { lambda: 1e-4 });
    // rebuild A, b, H of §6 here (mode real)
    const n = freq.length, om = Array.from(freq, (f) => 2 * Math.PI * f), lt = om.map((w) => -Math.log(w));
    const dl = lt.map((_, i) => (i === 0 ? lt[1]! - lt[0]! : i === n - 1 ? lt[n - 1]! - lt[n - 2]! : lt[i + 1]! - lt[i - 1]!) / 2);
    const A = (i: number, j: number) => dl[j]! / (1 + (om[i]! / om[j]!) ** 2);
    const z = T.zarc.re.map((v) => (v - r.rInf) / r.normalization);
    const h = new Float64Array(n * n), b = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < n; k++) b[i] = b[i]! + A(k, i) * z[k]!;
      for (let j = 0; j < n; j++) {
        let s = i === j ? r.lambda : 0;
        for (let k = 0; k < n; k++) s += A(k, i) * A(k, j);
        h[j * n + i] = s;
      }
    }
    const g = r.gamma.map((v) => v / r.normalization);
    expect(g.filter((v) => v === 0).length).toBeGreaterThan(0); // constraints are active
    const k = kkt(h, b, n, n, g);
    expect(k.onP).toBeLessThan(1e-12 * k.scale);
    expect(k.belowZ).toBeLessThan(1e-12 * k.scale);
    // the ridge problem min ‖Ag − z‖² + λ‖g‖² (the earlier formulation; nnls.ts solves it on
    // ½gᵀHg − bᵀg) has another optimum, which fails these conditions
    const ridge = nnls(h, b, n).x;
    // measured: 0.47 % apart; |Hᵀ(Hg − b)| on the support 1.8e-8·scale for the ridge g, 3e-16·scale for ours
    expect(maxRel(ridge, g)).toBeGreaterThan(1e-3);
    expect(kkt(h, b, n, n, ridge).onP).toBeGreaterThan(1e-9 * k.scale);
  });
  it('the step cap: stops with converged false and a feasible x', () => {
    const a = Float64Array.of(1, 1, 0, 0, 0, 1);
    const r = lawsonHanson(a, Float64Array.of(2, 1, 1), 3, 2, 1);
    expect(r.converged).toBe(false);
    for (const v of r.x) expect(v).toBeGreaterThanOrEqual(0);
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

describe("drt(…, { method: 'tr-nnls' }): what it takes and refuses", () => {
  const fAsc = freq.slice().reverse(), reAsc = Float64Array.from(T.zarc.re).reverse(), imAsc = Float64Array.from(T.zarc.im).reverse();
  const sp = { freq: fAsc, re: reAsc, im: imAsc };
  const thrown = (f: () => unknown): EisError => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(EisError);
      return e as EisError;
    }
    throw new Error('did not throw');
  };
  it('the Tikhonov-RBF options are refused (E_ARG_RANGE naming the option and what TR-NNLS does instead), by drt and drtBatch', async () => {
    const cases: [string, unknown, RegExp][] = [
      ['lambdaMethod', 'gcv', /own rule for λ/], ['lambdaRule', 'argmin', /own rule for λ/], ['penalty', 2, /own penalty/],
      ['rbfShape', 0.5, /no RBFs/], ['inductance', true, /no inductance column/], ['inductance', false, /no inductance column/], ['freeColumns', false, /no R∞ or L columns/],
    ];
    for (const [key, value, why] of cases) {
      const e = thrown(() => drt(sp, { method: 'tr-nnls', [key]: value }));
      expect([e.code, e.details.argument, e.details.value], key).toEqual(['E_ARG_RANGE', key, value]);
      expect(e.message).toMatch(why);
      expect(e.message).toContain(`\`${key}\` is an option of the Tikhonov-RBF method`);
      await expect(drtBatch([sp], { method: 'tr-nnls', [key]: value })).rejects.toMatchObject({ code: 'E_ARG_RANGE', details: { argument: key } });
      // tr-rbf takes them
      expect(() => drt(sp, { [key]: value, lambda: 1e-3, backend: 'js' })).not.toThrow();
    }
  });
  it("runs in TS whatever `backend` asks: backend 'js' in the result, the same γ", async () => {
    const js = drt(sp, { method: 'tr-nnls', backend: 'js' });
    const engine = await createEngine();
    for (const backend of ['wasm', 'auto'] as const) {
      const r = drt(sp, { method: 'tr-nnls', backend, engine });
      expect(r.backend).toBe('js');
      expect(Array.from(r.gamma)).toEqual(Array.from(js.gamma));
    }
  });
  it('Re Z(f_min) ≤ Re Z(f_max) is refused before any computation, naming the spectrum (drtBatch: spectra[k]) and saying why', async () => {
    const flipped = { freq: fAsc, re: reAsc.map((v) => 100 - v), im: imAsc };
    const e = thrown(() => drt(flipped, { method: 'tr-nnls' }));
    expect([e.code, e.details.argument]).toEqual(['E_ARG_RANGE', 'spectrum']);
    expect(e.details.value).toBeCloseTo((100 - reAsc[0]!) - (100 - reAsc[reAsc.length - 1]!), 9);
    expect(e.message).toMatch(/normalises `spectrum` by R_pol = Re Z\(f_min\) − Re Z\(f_max\), which must be > 0.*'tr-rbf', which has no such normalisation/);
    await expect(drtBatch([sp, flipped], { method: 'tr-nnls' })).rejects.toMatchObject({ code: 'E_ARG_RANGE', details: { argument: 'spectra[1]', spectrum: 1 } });
    // tr-rbf takes the same spectrum
    expect(() => drt(flipped, { lambda: 1e-3, backend: 'js' })).not.toThrow();
  });
  it(`more than TR_NNLS_MAX_POINTS = ${TR_NNLS_MAX_POINTS} frequencies in the window are refused before any computation; cropping to the limit is taken`, async () => {
    const n = TR_NNLS_MAX_POINTS + 1;
    const freq = Float64Array.from({ length: n }, (_, k) => 10 ** (6 - (8 * k) / (n - 1)));
    const w = freq.map((f) => 2 * Math.PI * f * 1e-3);
    const big = { freq, re: w.map((x) => 10 + 50 / (1 + x * x)), im: w.map((x) => (-50 * x) / (1 + x * x)) };
    const t0 = performance.now();
    const e = thrown(() => drt(big, { method: 'tr-nnls' }));
    expect(performance.now() - t0).toBeLessThan(500);
    expect([e.code, e.details.argument, e.details.points, e.details.limit]).toEqual(['E_ARG_RANGE', 'spectrum', n, TR_NNLS_MAX_POINTS]);
    expect(e.message).toMatch(/TR-NNLS takes at most 200 frequencies.*`spectrum` has 201 in the window.*'tr-rbf'/);
    await expect(drtBatch([sp, big], { method: 'tr-nnls' })).rejects.toMatchObject({ code: 'E_ARG_RANGE', details: { argument: 'spectra[1]', points: n } });
    // the same spectrum cropped by one point is within the limit
    expect(drt(big, { method: 'tr-nnls', fmin: freq[n - 2]! }).gamma.length).toBeGreaterThan(0);
  });
  it('a frequency given twice in the window: both methods refuse it, with the indices into the caller’s array', async () => {
    // ascending, and the 11th-highest frequency repeated at the end (index n)
    const n = fAsc.length, k = n - 11;
    const dup = { freq: Float64Array.from([...fAsc, fAsc[k]!]), re: Float64Array.from([...reAsc, reAsc[k]! * 1.001]), im: Float64Array.from([...imAsc, imAsc[k]!]) };
    for (const method of ['tr-rbf', 'tr-nnls'] as const) {
      const e = thrown(() => drt(dup, { method, backend: 'js' }));
      expect([e.code, e.details.argument, e.details.first, e.details.index], method).toEqual(['E_ARG_RANGE', 'spectrum.freq', k, n]);
      expect(e.message).toContain(`twice (at indices ${k} and ${n})`);
      await expect(drtBatch([sp, dup], { method, backend: 'js' })).rejects.toMatchObject({ code: 'E_ARG_RANGE', details: { argument: 'spectra[1].freq', index: n, spectrum: 1 } });
    }
    // outside the window it is not fitted, so not refused
    expect(() => drt(dup, { method: 'tr-nnls', fmin: fAsc[k + 1]! })).not.toThrow();
  });
});
