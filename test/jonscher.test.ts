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
import { jonscherFitSigma } from '../src/analysis/jonscher.ts';
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

  it('R‖C: σ′ = L/(RA) flat, no dispersion — σ_dc exact, the verdict is not good (f_c beyond the range, undetermined)', () => {
    const freq = logFrequencies(1e5, 0.01, 71);
    const z = simulate(parseCircuit('p(R1,C1)'), freq, { R1, C1: 1e-11 });
    const fit = jonscherFit(z, G);
    expect(rel(fit.sigmaDc, G.thicknessCm / (G.areaCm2 * R1))).toBeLessThan(1e-8);
    expect(fit.quality.verdict).not.toBe('good');
    expect(fit.quality.reasons.join(' ')).toMatch(/f_c/);
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
        expect(fit.quality.verdict).toBe('good');
      }
    }
  });

  it('the whole range with the electrode drop in it (fmin given) is suspect: σ′ departs from the law', () => {
    const fit = jonscherFit(rc(0.75, 1e-6), G, { fmin: 0.01 });
    expect(fit.rangeRule).toBe('given');
    expect(fit.quality.verdict).not.toBe('good');
    expect(fit.quality.reasons.join(' ')).toMatch(/departs from the law/);
  });

  it('a short plateau (electrode drop and dispersion overlap) is flagged: no flat plateau, σ_dc likely low', () => {
    const fit = jonscherFit(rc(0.9, 1e-7), G);
    expect(fit.rangeRule).toBe('electrode drop');
    expect(fit.plateauSlope).toBeGreaterThan(0.05);
    expect(fit.quality.verdict).toBe('suspect');
    expect(fit.quality.reasons.join(' ')).toMatch(/no flat plateau/);
    expect(fit.sigmaDc).toBeLessThan(0.95 * exactLaw(0.9).sigmaDc);
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

  it('fmax crops the top; fmin given is used as given', () => {
    const fit = jonscherFit(rc(0.75), G, { fmin: 1, fmax: 1e5 });
    expect(fit.fmin).toBeGreaterThanOrEqual(1);
    expect(fit.fmax).toBeLessThanOrEqual(1e5);
    expect(fit.points).toBe(51);
    expect(rel(fit.n, 0.75)).toBeLessThan(1e-8);
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
