/**
 * jonscherFit (src/analysis/jonscher.ts): σ′(f) = σ_dc·[1 + (f/f_c)^n] on exact data — the core
 * on analytic σ′ arrays, and the whole path on a simulated R‖CPE, whose σ′ is exactly the law:
 * Y = 1/R + Q(jω)^α gives σ′ = (L/A)[1/R + Q·cos(απ/2)·ω^α], so σ_dc = L/(AR), n = α and
 * 2πf_c = (R·Q·cos(απ/2))^(−1/α) — parameters within 1e-8. The default range on a spectrum with
 * a blocking electrode (R‖CPE in series with an electrode CPE) and without one; the verdicts;
 * the typed errors. Node and Chromium.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { jonscherFit, jonscherSigma, logFrequencies, parseCircuit, simulate, type JonscherParams } from '../src/index.ts';
import { jonscherFitSigma, localSlopes } from '../src/analysis/jonscher.ts';
import { ensureInit, expectError } from './helpers.ts';

beforeAll(ensureInit);

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const G = { thicknessCm: 0.1, areaCm2: 0.5 };
const R1 = 1e5, Q1 = 1e-8;
/** The R‖CPE's exact Jonscher parameters. */
const exactLaw = (alpha: number): JonscherParams => ({ sigmaDc: G.thicknessCm / (G.areaCm2 * R1), n: alpha, fc: (1 / (R1 * Q1 * Math.cos((alpha * Math.PI) / 2))) ** (1 / alpha) / (2 * Math.PI) });
const rc = (alpha: number, electrodeQ?: number, freq = logFrequencies(1e6, 0.01, 81)) =>
  electrodeQ === undefined
    ? simulate(parseCircuit('p(R1,CPE1)'), freq, { R1, 'CPE1.Q': Q1, 'CPE1.alpha': alpha })
    : simulate(parseCircuit('p(R1,CPE1)-CPE2'), freq, { R1, 'CPE1.Q': Q1, 'CPE1.alpha': alpha, 'CPE2.Q': electrodeQ, 'CPE2.alpha': 0.85 });
/** A seeded normal deviate (Box–Muller on a 32-bit LCG), for noise that is the same everywhere. */
function normals(seed: number): () => number {
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 4294967296;
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}
/** EIS noise proportional to |Z|: each of Z′, Z″ plus N(0, (r|Z|)²). */
function zNoise(z: { freq: ArrayLike<number>; re: ArrayLike<number>; im: ArrayLike<number> }, seed: number, r: number) {
  const g = normals(seed);
  const mod = Array.from(z.re, (v, i) => Math.hypot(v, z.im[i]!));
  return { freq: Array.from(z.freq), re: Array.from(z.re, (v, i) => v + r * mod[i]! * g()), im: Array.from(z.im, (v, i) => v + r * mod[i]! * g()) };
}

describe('jonscherFit on exact data', () => {
  it('the core on analytic σ′ (ascending and descending f, n below and above 1): parameters within 1e-8', () => {
    const laws: JonscherParams[] = [{ sigmaDc: 2e-6, fc: 1e4, n: 0.7 }, { sigmaDc: 3.5e-8, fc: 200, n: 1.1 }, { sigmaDc: 1e-3, fc: 3e5, n: 0.45 }];
    for (const law of laws) {
      for (const freq of [logFrequencies(1e7, 0.1, 57), logFrequencies(1e7, 0.1, 57).reverse()]) {
        const sigma = Array.from(freq, (f) => law.sigmaDc * (1 + (f / law.fc) ** law.n));
        const fit = jonscherFitSigma(freq, sigma);
        expect(fit.success).toBe(true);
        expect(rel(fit.sigmaDc, law.sigmaDc)).toBeLessThan(1e-8);
        expect(rel(fit.fc, law.fc)).toBeLessThan(1e-8);
        expect(Math.abs(fit.n - law.n)).toBeLessThan(1e-8);
        expect(fit.rangeRule).toBe('lowest frequency');
        expect(fit.points).toBe(57);
        expect(fit.chi2).toBeLessThan(1e-20);
        expect(Array.from(fit.freq)).toEqual(Array.from(freq).sort((a, b) => a - b));
      }
    }
  });

  it('a simulated R‖CPE: σ_dc = L/(AR), n = α, 2πf_c = (RQ·cos(απ/2))^(−1/α) within 1e-8, verdict good, jonscherSigma reproduces σ′', () => {
    for (const alpha of [0.6, 0.75, 0.9]) {
      const law = exactLaw(alpha);
      const z = rc(alpha);
      const fit = jonscherFit(z, G);
      expect(rel(fit.sigmaDc, law.sigmaDc)).toBeLessThan(1e-8);
      expect(rel(fit.fc, law.fc)).toBeLessThan(1e-8);
      expect(Math.abs(fit.n - law.n)).toBeLessThan(1e-8);
      expect(fit.rangeRule).toBe('lowest frequency');
      expect(fit.fmin).toBeCloseTo(0.01, 12);
      expect(fit.fmax).toBeCloseTo(1e6, 3);
      expect(fit.quality.verdict).toBe('good');
      // the law at 1 kHz equals σ′ = (L/A)·Re(1/Z) there
      const f = 1e3, w = 2 * Math.PI * f;
      expect(rel(jonscherSigma(f, fit), (G.thicknessCm / G.areaCm2) * (1 / R1 + Q1 * Math.cos((alpha * Math.PI) / 2) * w ** alpha))).toBeLessThan(1e-8);
    }
  });

  it('R‖C: σ′ = L/(RA) flat, no dispersion — σ_dc right, f_c held at its bound (the range + 2 decades), the verdict bad', () => {
    const freq = logFrequencies(1e5, 0.01, 71);
    const z = simulate(parseCircuit('p(R1,C1)'), freq, { R1, C1: 1e-11 });
    const fit = jonscherFit(z, G);
    // the law's tail (f/f_c)^n with f_c held at the bound takes a little of σ′: σ_dc within 1e-5
    expect(rel(fit.sigmaDc, G.thicknessCm / (G.areaCm2 * R1))).toBeLessThan(1e-5);
    expect(fit.fc).toBeLessThanOrEqual(1e7 * (1 + 1e-9));
    expect(fit.quality.verdict).toBe('bad');
    expect(fit.quality.reasons.join(' ')).toMatch(/f_c ran to its bound \(2 decades above the range/);
  });
});

describe('the default range', () => {
  it('with a blocking electrode (an electrode CPE in series): starts above the drop, at the flattest point; σ_dc within the measured bias', () => {
    // measured: electrode Q 1e-5 (3-decade plateau) σ_dc low by 0.18–0.48 %; 1e-6 (2 decades) by 0.75–3.7 %
    for (const [q2, bias] of [[1e-5, 0.006], [1e-6, 0.04]] as const) {
      for (const alpha of [0.6, 0.75, 0.9]) {
        const law = exactLaw(alpha);
        const fit = jonscherFit(rc(alpha, q2), G);
        expect(fit.rangeRule).toBe('electrode drop');
        expect(fit.rangeReason).toMatch(/flattest.*electrode polarisation/);
        expect(fit.fmin).toBeGreaterThan(1);
        expect(fit.fmin).toBeLessThan(law.fc / 10);
        expect(fit.sigmaDc).toBeLessThan(law.sigmaDc); // the drop's remnant lowers it
        expect(rel(fit.sigmaDc, law.sigmaDc)).toBeLessThan(bias);
        expect(Math.abs(fit.n - alpha)).toBeLessThan(0.01);
        expect(fit.plateauSlope).toBeLessThan(0.05);
      }
    }
  });

  it('the range bias is reported (R‖CPE + electrode CPE Q 1e-6, α 0.85, noise-free): the truth lies within the total uncertainty, or the verdict is suspect naming the range start', () => {
    for (const alpha of [0.6, 0.75, 0.9]) {
      const truth = exactLaw(alpha).sigmaDc;
      const fit = jonscherFit(rc(alpha, 1e-6), G);
      const total = Math.hypot(fit.stderr.sigmaDc, fit.systematic.sigmaDc);
      // the refits from neighbouring starts move σ_dc: a systematic term beside the statistical one
      expect(fit.systematic.sigmaDc).toBeGreaterThan(0);
      if (Math.abs(fit.sigmaDc - truth) > total) {
        expect(fit.quality.verdict).toBe('suspect');
        expect(fit.quality.reasons.join(' ')).toMatch(/σ_dc depends on where the range starts: refits starting at the neighbouring points \(0\.1–0\.2 decade lower or higher, where the data allow\) move it by up to [\d.]+ %, more than its statistical standard error/);
      }
    }
    // without an electrode the start does not matter: the systematic term is nil on the exact law
    const clean = jonscherFit(rc(0.75), G);
    expect(clean.systematic.sigmaDc / clean.sigmaDc).toBeLessThan(1e-8);
    expect(clean.quality.verdict).toBe('good');
  });

  it('the whole range with the electrode drop in it (fmin given) is suspect: σ′ departs from the law', () => {
    const fit = jonscherFit(rc(0.75, 1e-6), G, { range: [0.01, null] });
    expect(fit.rangeRule).toBe('given');
    expect(fit.rangeReason).toBe('f ≥ 0.01 Hz (given)');
    expect(fit.quality.verdict).not.toBe('good');
    expect(fit.quality.reasons.join(' ')).toMatch(/departs from the law/);
  });

  it('a short plateau (electrode drop and dispersion overlap) is flagged: no flat plateau, σ_dc likely low — noise-free and at 1 % |Z| noise', () => {
    const fit = jonscherFit(rc(0.9, 1e-7), G);
    expect(fit.rangeRule).toBe('electrode drop');
    expect(fit.plateauSlope).toBeGreaterThan(0.05 + 2 * fit.plateauSlopeStderr);
    expect(fit.quality.verdict).toBe('suspect');
    expect(fit.quality.reasons.join(' ')).toMatch(/no flat plateau/);
    expect(fit.sigmaDc).toBeLessThan(0.95 * exactLaw(0.9).sigmaDc);
    let flagged = 0;
    for (let seed = 1; seed <= 20; seed++) if (/no flat plateau/.test(jonscherFit(zNoise(rc(0.9, 1e-7), seed, 0.01), G).quality.reasons.join(' '))) flagged++;
    expect(flagged).toBeGreaterThanOrEqual(18);
  });

  it('no false "no flat plateau" on noisy plateaus: R‖CPE without electrode, 1 % |Z| noise, 200 seeds — the slope is tested against its own SE, ≤ 2 % not good, σ_dc right', () => {
    const law = exactLaw(0.7);
    const z = rc(0.7);
    let notGood = 0, slopeFlags = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const fit = jonscherFit(zNoise(z, seed, 0.01), G);
      if (fit.quality.verdict !== 'good') notGood++;
      if (/no flat plateau/.test(fit.quality.reasons.join(' '))) slopeFlags++;
      expect(fit.plateauSlopeStderr).toBeGreaterThan(0);
      expect(rel(fit.sigmaDc, law.sigmaDc)).toBeLessThan(0.01);
    }
    expect(slopeFlags).toBeLessThanOrEqual(4);
    expect(notGood).toBeLessThanOrEqual(4);
  });

  it('the standard errors are calibrated for |Z|-proportional noise (R 1e5, Q 2.3e-10, α 0.8, 1 % of |Z| per component, 120 seeds): SD/median SE within 1.3 for σ_dc and n', () => {
    const z = simulate(parseCircuit('p(R1,CPE1)'), logFrequencies(1e6, 0.01, 81), { R1: 1e5, 'CPE1.Q': 2.3e-10, 'CPE1.alpha': 0.8 });
    const lnS: number[] = [], n: number[] = [], seS: number[] = [], seN: number[] = [];
    for (let seed = 1; seed <= 120; seed++) {
      const fit = jonscherFit(zNoise(z, seed * 7919, 0.01), G);
      lnS.push(Math.log(fit.sigmaDc));
      n.push(fit.n);
      seS.push(fit.stderr.sigmaDc / fit.sigmaDc);
      seN.push(fit.stderr.n);
    }
    const sd = (a: number[]) => {
      const m = a.reduce((x, y) => x + y) / a.length;
      return Math.sqrt(a.reduce((x, y) => x + (y - m) ** 2, 0) / (a.length - 1));
    };
    const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
    for (const ratio of [sd(lnS) / med(seS), sd(n) / med(seN)]) {
      expect(ratio).toBeGreaterThan(1 / 1.3);
      expect(ratio).toBeLessThan(1.3);
    }
  });

  it('without an electrode at 1 % noise: from the lowest frequency (20 seeds), σ_dc within 1 %', () => {
    const law = exactLaw(0.7);
    const z = rc(0.7);
    let lowest = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const g = normals(seed);
      const noisy = { freq: z.freq, re: Array.from(z.re, (v) => v * (1 + 0.01 * g())), im: Array.from(z.im, (v) => v * (1 + 0.01 * g())) };
      const fit = jonscherFit(noisy, G);
      if (fit.rangeRule === 'lowest frequency') lowest++;
      expect(rel(fit.sigmaDc, law.sigmaDc)).toBeLessThan(0.01);
    }
    expect(lowest).toBe(20);
  });

  it('fmin/fmax are the data window: the range rule runs inside it; range [lo, hi] is used as given', () => {
    const fit = jonscherFit(rc(0.75), G, { fmin: 1, fmax: 1e5 });
    expect(fit.rangeRule).toBe('lowest frequency');
    expect(fit.fmin).toBeGreaterThanOrEqual(1);
    expect(fit.fmax).toBeLessThanOrEqual(1e5);
    expect(fit.points).toBe(51);
    expect(rel(fit.n, 0.75)).toBeLessThan(1e-8);
    // with an electrode the window no longer turns its detection off (it did when fmin meant the range)
    const drop = jonscherFit(rc(0.75, 1e-6), G, { fmin: 0.01 });
    expect(drop.rangeRule).toBe('electrode drop');
    expect(drop.sigmaDc).toBe(jonscherFit(rc(0.75, 1e-6), G).sigmaDc);
    const given = jonscherFit(rc(0.75), G, { range: [10, 1e4] });
    expect(given.rangeRule).toBe('given');
    expect(given.points).toBe(31);
    expect(given.rangeReason).toBe('f ≥ 10 Hz, f ≤ 10000 Hz (given)');
    // the range inside a window: the window's bounds hold
    expect(jonscherFit(rc(0.75), G, { fmax: 1e3, range: [10, null] }).fmax).toBeCloseTo(1e3, 6);
  });
});

describe('verdicts and warnings', () => {
  it('no plateau in the range (f_c far below fmin): suspect, σ_dc extrapolated', () => {
    const freq = logFrequencies(1e6, 1e3, 31);
    const fit = jonscherFitSigma(freq, Array.from(freq, (f) => 1e-6 * (1 + (f / 10) ** 0.7)));
    expect(fit.quality.verdict).not.toBe('good');
    expect(fit.quality.reasons.join(' ')).toMatch(/no plateau in the range/);
  });

  it('(f/f_c)^n far beyond 1e15 (f_c 1 mHz, f to 1 GHz, n = 1.5): the law still fits exactly', () => {
    const freq = logFrequencies(1e9, 1e-4, 66);
    const fit = jonscherFitSigma(freq, Array.from(freq, (f) => 1e-9 * (1 + (f / 1e-3) ** 1.5)));
    expect(rel(fit.sigmaDc, 1e-9)).toBeLessThan(1e-8);
    expect(rel(fit.fc, 1e-3)).toBeLessThan(1e-8);
    expect(Math.abs(fit.n - 1.5)).toBeLessThan(1e-8);
  });

  it('n outside 0.3–1.2: suspect, naming n', () => {
    const freq = logFrequencies(1e6, 0.01, 81);
    const fit = jonscherFitSigma(freq, Array.from(freq, (f) => 1e-6 * (1 + (f / 100) ** 1.6)));
    expect(Math.abs(fit.n - 1.6)).toBeLessThan(1e-8);
    expect(fit.quality.verdict).toBe('suspect');
    expect(fit.quality.reasons.join(' ')).toMatch(/n = 1\.600 is outside the typical 0\.3–1\.2/);
  });

  it('points with σ′ ≤ 0 are left out with a warning', () => {
    const freq = Array.from(logFrequencies(1e6, 0.01, 41));
    const sigma = freq.map((f) => 1e-6 * (1 + (f / 100) ** 0.7));
    sigma[3] = -1e-9;
    const fit = jonscherFitSigma(freq, sigma);
    expect(fit.points).toBe(40);
    expect(fit.warnings.join(' ')).toMatch(/1 point with σ′ ≤ 0 left out/);
    expect(rel(fit.n, 0.7)).toBeLessThan(1e-8);
  });
});

describe('errors', () => {
  it('missing geometry: E_ARG_TYPE naming geometry', () => {
    const e = expectError(() => jonscherFit(rc(0.7), undefined as never), 'E_ARG_TYPE', 'geometry');
    expect(e.details.argument).toBe('geometry');
  });
  it('fewer than 4 points in the range: E_TOO_FEW_POINTS', () => {
    const e = expectError(() => jonscherFit(rc(0.7), G, { fmin: 6e5 }), 'E_TOO_FEW_POINTS', '4 points');
    expect(e.details.points).toBe(3);
    expect(expectError(() => jonscherFit(rc(0.7), G, { range: [6e5, null] }), 'E_TOO_FEW_POINTS', '4 points').details.points).toBe(3);
  });
  it('a bad range: E_ARG_TYPE / E_ARG_RANGE naming it', () => {
    expectError(() => jonscherFit(rc(0.7), G, { range: 10 } as never), 'E_ARG_TYPE', 'range');
    expectError(() => jonscherFit(rc(0.7), G, { range: [100, 10] }), 'E_ARG_RANGE', 'range[0]');
    expectError(() => jonscherFit(rc(0.7), G, { range: [-1, null] }), 'E_ARG_RANGE', 'range[0]');
  });
  it('fmin above fmax, a non-positive fmin, an unknown option', () => {
    expectError(() => jonscherFit(rc(0.7), G, { fmin: 10, fmax: 1 }), 'E_ARG_RANGE', 'fmin');
    expectError(() => jonscherFit(rc(0.7), G, { fmin: 0 }), 'E_ARG_RANGE', 'fmin');
    expect(() => jonscherFit(rc(0.7), G, { fmn: 1 } as never)).toThrow(/fmn/);
  });
  it('σ′ and f of different lengths: E_ARG_LENGTH', () => {
    expectError(() => jonscherFitSigma([1, 2, 3, 4], [1, 2, 3]), 'E_ARG_LENGTH', 'sigma');
  });
});

describe('localSlopes: O(m) by prefix sums', () => {
  /** The definition, point by point (O(m·w)): least squares over the points within ±0.25 decade, at least the neighbours. */
  function oracle(lf: Float64Array, ls: Float64Array, k: number): number {
    const half = 0.25 * Math.log(10);
    const idx: number[] = [];
    for (let i = 0; i < lf.length; i++) if (Math.abs(lf[i]! - lf[k]!) <= half) idx.push(i);
    if (idx[0] === k && k > 0) idx.unshift(k - 1);
    if (idx[idx.length - 1] === k && k < lf.length - 1) idx.push(k + 1);
    const mx = idx.reduce((a, i) => a + lf[i]!, 0) / idx.length, my = idx.reduce((a, i) => a + ls[i]!, 0) / idx.length;
    const sxx = idx.reduce((a, i) => a + (lf[i]! - mx) ** 2, 0), sxy = idx.reduce((a, i) => a + (lf[i]! - mx) * (ls[i]! - my), 0);
    return sxx > 0 ? sxy / sxx : 0;
  }
  it('equals the point-by-point definition on irregular grids (dense, sparse, gaps)', () => {
    const g = normals(5);
    for (const [m, span] of [[7, 6], [40, 3], [300, 8]] as const) {
      const steps = Array.from({ length: m }, () => Math.abs(g()) + 0.05);
      const total = steps.reduce((a, b) => a + b);
      let acc = 0;
      const lf = Float64Array.from(steps, (s) => ((acc += s), -2 + (acc / total) * span * Math.log(10)));
      const ls = Float64Array.from(lf, (x) => -12 + 0.3 * Math.sin(x) + 0.01 * g());
      const fast = localSlopes(lf, ls);
      for (let k = 0; k < m; k++) expect(Math.abs(fast[k]! - oracle(lf, ls, k))).toBeLessThan(1e-9);
    }
  });
  it('1e5 points (≈ 11 000 per window): every value at 200 sampled points equals the definition', () => {
    const m = 100_000, g = normals(9);
    const lf = Float64Array.from({ length: m }, (_, i) => Math.log(1e-2) + (i / (m - 1)) * 9 * Math.log(10));
    const ls = Float64Array.from(lf, (x) => -10 + Math.log(1 + Math.exp(0.7 * (x - 8))) + 0.01 * g());
    const fast = localSlopes(lf, ls);
    for (let t = 0; t < 200; t++) {
      const k = Math.floor((t * (m - 1)) / 199);
      expect(Math.abs(fast[k]! - oracle(lf, ls, k))).toBeLessThan(1e-8);
    }
  });
});
