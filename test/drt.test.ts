/**
 * drt() and drtBatch(), the public DRT (issue 12, specs/drt.md), on both backends: the known
 * answers of §8 on the exact spectra of §7 (the analytic γ of a ZARC and of a Havriliak–Negami
 * element, computed here from the spec's formulas), the exact-DRT criterion with the
 * automatic λ, the seeded-noise cases at the §8 thresholds, the properties and failure modes of
 * §8/§10, the option and input errors, and the batch machinery (progress, chunking, abort,
 * callback errors). The matrices, NNLS and scores themselves are tested in drt-reference.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { drt, drtBatch, type DrtResult } from '../src/index.ts';
import { Random } from '../src/random.ts';
import { BACKENDS, ensureInit } from './helpers.ts';

beforeAll(ensureInit);

// ---- the exact spectra of §7 and their DRTs (plain Math: the test's own formulas) ----
const TWO_PI = 2 * Math.PI;
/** 81 points, 1 MHz → 10 mHz, 10 per decade (§8). */
const FREQ81 = Float64Array.from({ length: 81 }, (_, k) => 10 ** (6 - k / 10));
type Z = [number, number];
type Spec = { freq: Float64Array; re: Float64Array; im: Float64Array };
/** R/(1 + (jωτ₀)^φ) */
const zarc = (R: number, t0: number, phi: number) => (f: number): Z => {
  const m = (TWO_PI * f * t0) ** phi, a = (phi * Math.PI) / 2;
  const dr = 1 + m * Math.cos(a), di = m * Math.sin(a), d = dr * dr + di * di;
  return [(R * dr) / d, (-R * di) / d];
};
/** R/(1 + (jωτ₀)^α)^β */
const hn = (R: number, t0: number, alpha: number, beta: number) => (f: number): Z => {
  const m = (TWO_PI * f * t0) ** alpha, a = (alpha * Math.PI) / 2;
  const ur = 1 + m * Math.cos(a), ui = m * Math.sin(a);
  const mod = Math.hypot(ur, ui) ** beta, arg = beta * Math.atan2(ui, ur);
  return [(R / mod) * Math.cos(arg), (-R / mod) * Math.sin(arg)];
};
/** §7: γ of the ZARC. */
const gZarc = (R: number, t0: number, phi: number) => (tau: number): number =>
  ((R / TWO_PI) * Math.sin((1 - phi) * Math.PI)) / (Math.cosh(phi * Math.log(tau / t0)) - Math.cos((1 - phi) * Math.PI));
/** §7: γ of the Havriliak–Negami element. */
const gHn = (R: number, t0: number, alpha: number, beta: number) => (tau: number): number => {
  const u = tau / t0, ua = u ** alpha;
  const th = Math.atan2(Math.sin(Math.PI * alpha), ua + Math.cos(Math.PI * alpha));
  return ((R / Math.PI) * u ** (alpha * beta) * Math.sin(beta * th)) / (u ** (2 * alpha) + 2 * ua * Math.cos(Math.PI * alpha) + 1) ** (beta / 2);
};
/** R∞ + jωL + Σ parts on `freq`. */
function spectrum(freq: Float64Array, rInf: number, L: number, parts: ((f: number) => Z)[]): Spec {
  const re = new Float64Array(freq.length), im = new Float64Array(freq.length);
  for (let k = 0; k < freq.length; k++) {
    re[k] = rInf;
    im[k] = TWO_PI * freq[k]! * L;
    for (const z of parts) {
      const [a, b] = z(freq[k]!);
      re[k] += a;
      im[k] += b;
    }
  }
  return { freq, re, im };
}
/** Gaussian noise of `level`·|Z| on re and im, seeded. */
function addNoise(s: Spec, level: number, seed: number): Spec {
  const rnd = new Random(seed);
  const re = s.re.slice(), im = s.im.slice();
  for (let k = 0; k < re.length; k++) {
    const m = Math.hypot(re[k]!, im[k]!);
    re[k] += level * m * rnd.normal();
    im[k] += level * m * rnd.normal();
  }
  return { freq: s.freq, re, im };
}
/** Relative L2 error of γ against `exact` on the output τ grid (uniform in ln τ), optionally only for τ in [lo, hi]. */
function gammaError(r: DrtResult, exact: (t: number) => number, lo = 0, hi = Number.POSITIVE_INFINITY): number {
  let num = 0, den = 0;
  for (let i = 0; i < r.tau.length; i++) {
    const t = r.tau[i]!;
    if (t < lo * (1 - 1e-12) || t > hi * (1 + 1e-12)) continue;
    const e = exact(t);
    num += (r.gamma[i]! - e) ** 2;
    den += e * e;
  }
  return Math.sqrt(num / den);
}
/** ∫ exact d ln τ over [lo, hi] by a fine trapezoid rule. */
function exactArea(exact: (t: number) => number, lo: number, hi: number): number {
  const n = 200000, a = Math.log(lo), b = Math.log(hi), h = (b - a) / n;
  let s = 0.5 * (exact(lo) + exact(hi));
  for (let i = 1; i < n; i++) s += exact(Math.exp(a + i * h));
  return s * h;
}
/** ∫γ d ln τ over the whole output grid (trapezoid). */
const trapz = (r: DrtResult) => {
  let s = 0;
  for (let i = 0; i + 1 < r.tau.length; i++) s += 0.5 * (r.gamma[i]! + r.gamma[i + 1]!) * Math.log(r.tau[i + 1]! / r.tau[i]!);
  return s;
};
const decades = (a: number, b: number) => Math.abs(Math.log10(a / b));
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
/** The measured τ window of FREQ81: [1/f_max, 1/f_min]. */
const T_LO = 1e-6, T_HI = 1e2;

const ZARC1 = { name: '10 + ZARC(50, 0.01, 0.7)', parts: [zarc(50, 0.01, 0.7)], exact: gZarc(50, 0.01, 0.7), taus: [1e-2] };
const HN1 = { name: '10 + HN(50, 0.01, 0.8, 0.9)', parts: [hn(50, 0.01, 0.8, 0.9)], exact: gHn(50, 0.01, 0.8, 0.9), taus: [9.476e-3] };
const TWO_ARCS = { name: '10 + ZARC(60, 2e-5, 0.8) + ZARC(120, 2e-2, 0.75)', parts: [zarc(60, 2e-5, 0.8), zarc(120, 2e-2, 0.75)], exact: (t: number) => gZarc(60, 2e-5, 0.8)(t) + gZarc(120, 2e-2, 0.75)(t), taus: [2e-5, 2e-2] };

for (const backend of BACKENDS) {
  describe(`drt() known answers, noise-free (§8 table; backend ${backend})`, () => {
    // The table's peak τ is the nearest point of the 10N output grid; the result refines it by a
    // parabola, so it is checked within one grid step (0.0111 decade) of the table and within
    // 0.01 decade of the exact τ. ∫γ is over the whole output grid, R_pol over the measured window.
    const rows = [
      { ...ZARC1, lambda: 1e-3, err: 0.020, tau: 9.87e-3, tauExact: 1e-2, gmax: 15.22, area: 49.97, rInf: 10.010 },
      { ...ZARC1, lambda: 1e-5, err: 0.005, tau: 9.87e-3, tauExact: 1e-2, gmax: 15.54, area: 49.97, rInf: 10.010 },
      { name: '10 + ZARC(50, 0.1, 0.8)', parts: [zarc(50, 0.1, 0.8)], exact: gZarc(50, 0.1, 0.8), lambda: 1e-5, err: 0.035, tau: 9.90e-2, tauExact: 0.1, gmax: 23.46, area: 49.97, rInf: 10.000 },
      { ...HN1, lambda: 1e-5, err: 0.029, tau: 9.38e-3, tauExact: 9.476e-3, gmax: 21.51, area: 49.99, rInf: 10.008 },
    ];
    for (const row of rows) {
      it(`${row.name} at λ = ${row.lambda}: ‖Δγ‖/‖γ‖ ${row.err} ± 10 %, peak τ, γ max, ∫γ, R∞`, () => {
        const r = drt(spectrum(FREQ81, 10, 0, row.parts), { lambda: row.lambda, backend });
        expect(r.backend).toBe(backend);
        expect(r.method).toBe('tr-rbf');
        expect(r.lambda).toBe(row.lambda);
        expect(r.lambdaCurve).toBeUndefined();
        expect(r.warnings).toEqual([]);
        const err = gammaError(r, row.exact);
        expect(err).toBeGreaterThan(row.err * 0.9);
        expect(err).toBeLessThan(row.err * 1.1);
        expect(r.peaks.length).toBe(1);
        const [p] = r.peaks;
        expect(decades(p!.tau, row.tau)).toBeLessThan(9 / 809);
        expect(decades(p!.tau, row.tauExact)).toBeLessThan(0.01);
        expect(Math.abs(p!.gamma / row.gmax - 1)).toBeLessThan(1e-3);
        expect(Math.abs(trapz(r) / row.area - 1)).toBeLessThan(1e-3);
        expect(Math.abs(r.polarizationResistance / exactArea(row.exact, T_LO, T_HI) - 1)).toBeLessThan(1e-3);
        expect(Math.abs(r.rInf / row.rInf - 1)).toBeLessThan(1e-3);
        // peaks → R, C: C = τ/R, the share of R_pol, f = 1/(2πτ)
        expect(p!.capacitance).toBeCloseTo(p!.tau / p!.resistance, 15);
        expect(p!.fraction).toBeCloseTo(p!.resistance / r.polarizationResistance, 12);
        expect(p!.frequency * TWO_PI * p!.tau).toBeCloseTo(1, 12);
      });
    }
    it('the result carries the §4 grid: 10N points, half a decade beyond the window, frequency = 1/(2πτ), fitted and residuals on the descending f', () => {
      const s = spectrum(FREQ81, 10, 0, ZARC1.parts);
      const rev = { freq: s.freq.slice().reverse(), re: s.re.slice().reverse(), im: s.im.slice().reverse() };
      const r = drt(rev, { lambda: 1e-4, backend });
      expect(r.tau.length).toBe(810);
      expect(Math.log10(r.tau[0]!)).toBeCloseTo(-6.5, 10);
      expect(Math.log10(r.tau[809]!)).toBeCloseTo(2.5, 10);
      r.tau.forEach((t, i) => expect(r.frequency[i]! * TWO_PI * t).toBeCloseTo(1, 12));
      expect(Array.from(r.freq)).toEqual(Array.from(FREQ81));
      expect(r.collocation).toBe('1/f');
      expect(r.coefficients.length).toBe(81);
      expect(r.epsilon).toBeCloseTo(3.6157, 4);
      expect(r.fmin).toBeUndefined();
      expect(r.fmax).toBeUndefined();
      for (let k = 0; k < 81; k++) {
        const mag = Math.hypot(s.re[k]!, s.im[k]!);
        expect(r.residuals.re[k]).toBeCloseTo((s.re[k]! - r.fitted.re[k]!) / mag, 14);
        expect(r.residuals.im[k]).toBeCloseTo((s.im[k]! - r.fitted.im[k]!) / mag, 14);
        expect(Math.abs(r.residuals.re[k]!) + Math.abs(r.residuals.im[k]!)).toBeLessThan(2e-3);
      }
    });
  });

  describe(`drt() with the automatic λ (issue 12's exact-DRT criterion; backend ${backend})`, () => {
    for (const c of [ZARC1, HN1]) {
      it(`${c.name}: relative L2 error of γ over the measured τ window ≤ 0.1, R_pol within 2 %, peak τ within 0.1 decade`, () => {
        const r = drt(spectrum(FREQ81, 10, 0, c.parts), { backend });
        const curve = r.lambdaCurve!;
        expect(curve.method).toBe('mgcv');
        expect(curve.rule).toBe('plateau');
        expect(curve.lambda.length).toBe(71);
        expect(r.lambda).toBe(curve.lambda[curve.index]);
        expect(gammaError(r, c.exact, T_LO, T_HI)).toBeLessThanOrEqual(0.1);
        expect(Math.abs(r.polarizationResistance / exactArea(c.exact, T_LO, T_HI) - 1)).toBeLessThanOrEqual(0.02);
        expect(decades(r.peaks[0]!.tau, c.taus[0]!)).toBeLessThanOrEqual(0.1);
      });
    }
  });
}

describe('drt() known answers, noisy (§8: 0.5 % of |Z|, 16 seeds, mGCV + plateau, through drtBatch)', () => {
  for (const backend of BACKENDS) {
    for (const c of [ZARC1, TWO_ARCS]) {
      it(`${c.name} (${backend}): median γ error ≤ 0.2 (max 0.45), |ΔR_pol| median ≤ 1 % (max 4 %), top peaks within 0.1 decade in ≥ 15/16`, async () => {
        const clean = spectrum(FREQ81, 10, 0, c.parts);
        const rTrue = exactArea(c.exact, T_LO, T_HI);
        const seeds = Array.from({ length: 16 }, (_, k) => k + 1);
        const res = await drtBatch(seeds.map((seed) => addNoise(clean, 0.005, seed)), { backend });
        const errs: number[] = [], dR: number[] = [];
        let peaksOk = 0;
        for (const r of res) {
          expect(r.gamma.every((g) => g >= 0 && Number.isFinite(g))).toBe(true);
          errs.push(gammaError(r, c.exact));
          dR.push(Math.abs(r.polarizationResistance / rTrue - 1));
          const top = r.peaks.slice(0, c.taus.length);
          if (top.length === c.taus.length && c.taus.every((t) => top.some((p) => decades(p.tau, t) <= 0.1))) peaksOk++;
        }
        expect(median(errs)).toBeLessThanOrEqual(0.2);
        expect(Math.max(...errs)).toBeLessThanOrEqual(0.45);
        expect(median(dR)).toBeLessThanOrEqual(0.01);
        expect(Math.max(...dR)).toBeLessThanOrEqual(0.04);
        expect(peaksOk).toBeGreaterThanOrEqual(15);
      });
    }
  }
});

describe('drtBatch', () => {
  const spectra = [1, 2, 3, 4, 5].map((seed) => addNoise(spectrum(FREQ81, 10, 0, ZARC1.parts), 0.005, seed));
  for (const backend of BACKENDS) {
    it(`gives drt() of each spectrum in input order, with progress after every chunk (${backend})`, async () => {
      const seen: [number, number][] = [];
      const res = await drtBatch(spectra, { backend, chunkSize: 2, onProgress: (d, n) => seen.push([d, n]) });
      expect(seen).toEqual([[2, 5], [4, 5], [5, 5]]);
      expect(res.length).toBe(5);
      res.forEach((r, k) => {
        const one = drt(spectra[k]!, { backend });
        expect(r.backend).toBe(backend);
        expect(r.lambda).toBe(one.lambda);
        expect(Array.from(r.gamma)).toEqual(Array.from(one.gamma));
      });
    });
  }
});
