/**
 * drt() and drtBatch(), the public DRT (issue 12, specs/drt.md), on both backends: the known
 * answers of §8 on the exact spectra of §7 (the analytic γ of a ZARC and of a Havriliak–Negami
 * element, computed here from the spec's formulas), the exact-DRT criterion with the
 * automatic λ, the seeded-noise cases at the §8 thresholds, the properties and failure modes of
 * §8/§10, the option and input errors, and the batch machinery (progress, chunking, abort,
 * callback errors). The matrices, NNLS and scores themselves are tested in drt-reference.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { drt, drtBatch, EisError, type DrtOptions, type DrtResult } from '../src/index.ts';
import { BACKENDS, ensureInit, expectError } from './helpers.ts';
import { addNoise, decades, exactArea, FREQ81, gammaError as gammaErrorOn, gHn, gZarc, hn, spectrum, trapz as trapzOn, TWO_PI, zarc } from './exact-drt.ts';

beforeAll(ensureInit);

// the exact spectra of §7 and their DRTs: test/exact-drt.ts (plain Math: the tests' own formulas)
/** Relative L2 error of γ against `exact` on the result's τ grid, optionally only for τ in [lo, hi]. */
const gammaError = (r: DrtResult, exact: (t: number) => number, lo?: number, hi?: number) => gammaErrorOn(r.tau, r.gamma, exact, lo, hi);
/** ∫γ d ln τ over the whole output grid (trapezoid). */
const trapz = (r: DrtResult) => trapzOn(r.tau, r.gamma);
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

describe('properties and the failure modes of the peers (§8, §10)', () => {
  for (const backend of BACKENDS) {
    it(`Z·k gives γ·k at the same automatic λ (k = 4: every score scales by 16) (${backend})`, () => {
      const s = addNoise(spectrum(FREQ81, 10, 0, TWO_ARCS.parts), 0.005, 5);
      const a = drt(s, { backend });
      const b = drt({ freq: s.freq, re: s.re.map((v) => 4 * v), im: s.im.map((v) => 4 * v) }, { backend });
      expect(b.lambda).toBe(a.lambda);
      const gmax = Math.max(...a.gamma);
      for (let i = 0; i < a.gamma.length; i++) expect(Math.abs(b.gamma[i]! - 4 * a.gamma[i]!)).toBeLessThan(1e-8 * gmax);
      expect(b.polarizationResistance / a.polarizationResistance).toBeCloseTo(4, 8);
      expect(b.rInf / a.rInf).toBeCloseTo(4, 6);
    });
    it(`f·10 moves every peak by −1 decade (${backend})`, () => {
      const s = spectrum(FREQ81, 10, 0, TWO_ARCS.parts);
      const a = drt(s, { lambda: 1e-4, backend });
      const b = drt({ freq: s.freq.map((f) => 10 * f), re: s.re, im: s.im }, { lambda: 1e-4, backend });
      expect(b.peaks.length).toBe(a.peaks.length);
      expect(a.peaks.slice(0, 2).map((p) => Math.round(Math.log10(p.tau))).sort((x, y) => x - y)).toEqual([-5, -2]);
      for (let i = 0; i < a.peaks.length; i++) expect(Math.log10(b.peaks[i]!.tau / a.peaks[i]!.tau)).toBeCloseTo(-1, 6);
    });
    it(`an inductive tail: 10 Ω + 5 µH + ZARC recovers L within 1 %, R∞, R_pol within 2 % and the peak (auto and fixed λ, noisy too) (${backend})`, () => {
      const s = spectrum(FREQ81, 10, 5e-6, ZARC1.parts);
      expect(s.im[0]!).toBeGreaterThan(0); // Im Z > 0 above ~70 kHz: the inductive tail
      // noise-free at the automatic and a small fixed λ; 0.5 % noise at the automatic λ (a fixed
      // λ = 1e-5 under-regularises noisy data: its most prominent peak is then noise)
      for (const [data, opts, rInfTol] of [[s, {}, 0.05], [s, { lambda: 1e-5 }, 0.05], [addNoise(s, 0.005, 11), {}, 0.2]] as const) {
        const r = drt(data, { ...opts, backend });
        expect(Math.abs(r.inductance / 5e-6 - 1)).toBeLessThan(0.01);
        expect(Math.abs(r.rInf - 10)).toBeLessThan(rInfTol);
        expect(Math.abs(r.polarizationResistance / exactArea(ZARC1.exact, T_LO, T_HI) - 1)).toBeLessThan(0.02);
        expect(decades(r.peaks[0]!.tau, 0.01)).toBeLessThan(0.1);
      }
      // without the L column the inductance is 0 by definition
      expect(drt(spectrum(FREQ81, 10, 0, ZARC1.parts), { inductance: false, lambda: 1e-5, backend }).inductance).toBe(0);
    });
    it(`λ = 1e-7 gives finite γ ≥ 0 and a finite fit, noise-free and noisy, with and without L (${backend})`, () => {
      const clean = spectrum(FREQ81, 10, 0, TWO_ARCS.parts);
      for (const s of [clean, addNoise(clean, 0.005, 7)]) {
        for (const inductance of [true, false]) {
          const r = drt(s, { lambda: 1e-7, inductance, backend });
          for (const v of [r.gamma, r.fitted.re, r.fitted.im, r.residuals.re, r.residuals.im]) expect(v.every(Number.isFinite)).toBe(true);
          expect(r.gamma.every((g) => g >= 0)).toBe(true);
          expect([r.rInf, r.inductance, r.polarizationResistance].every(Number.isFinite)).toBe(true);
          expect(Math.abs(r.polarizationResistance / 180 - 1)).toBeLessThan(0.05);
        }
      }
    });
    it(`two RC arcs a factor 3 apart in τ are resolved at 0.1 % noise in 8/8 seeds, their areas near their R (${backend})`, async () => {
      const spectra = Array.from({ length: 8 }, (_, k) => addNoise(spectrum(FREQ81, 5, 0, [zarc(40, 1e-3, 1), zarc(40, 3e-3, 1)]), 0.001, k + 1));
      for (const r of await drtBatch(spectra, { backend })) {
        const top = r.peaks.slice(0, 2);
        expect(top.length).toBe(2);
        expect(top.some((p) => decades(p.tau, 1e-3) < 0.1) && top.some((p) => decades(p.tau, 3e-3) < 0.1)).toBe(true);
        const areas = top.map((p) => p.resistance).sort((a, b) => a - b);
        expect(areas[0]! + areas[1]!).toBeGreaterThan(0.9 * 80);
        expect(areas[0]!).toBeGreaterThan(0.5 * 40);
        expect(Math.abs(r.polarizationResistance / 80 - 1)).toBeLessThan(0.03);
      }
    });
    it(`known limit (pyDRTtools #9): two RC arcs a factor 2 apart give one peak at their geometric mean whose area is both R (${backend})`, async () => {
      const spectra = Array.from({ length: 4 }, (_, k) => addNoise(spectrum(FREQ81, 5, 0, [zarc(40, 1e-3, 1), zarc(40, 2e-3, 1)]), 0.001, k + 1));
      for (const r of await drtBatch(spectra, { backend })) {
        expect(r.peaks.length).toBe(1);
        expect(decades(r.peaks[0]!.tau, Math.SQRT2 * 1e-3)).toBeLessThan(0.1);
        expect(Math.abs(r.peaks[0]!.resistance / 80 - 1)).toBeLessThan(0.03);
      }
    });
  }
  it('the two backends agree at a fixed λ (γ to 1e-9 of its maximum, R∞, L, R_pol)', () => {
    const s = addNoise(spectrum(FREQ81, 10, 2e-6, TWO_ARCS.parts), 0.005, 9);
    for (const opts of [{ lambda: 1e-3 }, { lambda: 1e-6, penalty: 2 as const }, { lambda: 1e-4, mode: 'imag' as const }]) {
      const w = drt(s, { ...opts, backend: 'wasm' }), j = drt(s, { ...opts, backend: 'js' });
      const gmax = Math.max(...j.gamma);
      for (let i = 0; i < j.gamma.length; i++) expect(Math.abs(w.gamma[i]! - j.gamma[i]!)).toBeLessThan(1e-9 * gmax);
      for (const k of ['rInf', 'inductance', 'polarizationResistance'] as const) {
        if (Number.isNaN(j[k])) expect(w[k]).toBeNaN();
        else expect(Math.abs(w[k] - j[k])).toBeLessThanOrEqual(1e-9 * Math.abs(j[k]) + 1e-15);
      }
    }
  });
  it("mode 'real' leaves the inductance undetermined (NaN), 'imag' R∞ (NaN); both still find the arc", () => {
    const s = spectrum(FREQ81, 10, 5e-6, ZARC1.parts);
    const re = drt(s, { mode: 'real', lambda: 1e-5 }), im = drt(s, { mode: 'imag', lambda: 1e-5 });
    expect(re.inductance).toBeNaN();
    expect(Math.abs(re.rInf - 10)).toBeLessThan(0.02);
    expect(im.rInf).toBeNaN();
    expect(Math.abs(im.inductance / 5e-6 - 1)).toBeLessThan(0.01);
    for (const r of [re, im]) {
      expect(gammaError(r, ZARC1.exact)).toBeLessThan(0.01);
      expect(decades(r.peaks[0]!.tau, 0.01)).toBeLessThan(0.01);
    }
  });
  it('fmin/fmax crop before the DRT (the result names the window), whatever the input order', () => {
    const s = spectrum(FREQ81, 10, 0, TWO_ARCS.parts);
    const rev = { freq: s.freq.slice().reverse(), re: s.re.slice().reverse(), im: s.im.slice().reverse() };
    const a = drt(rev, { lambda: 1e-4, fmin: 0.1, fmax: 1e5 });
    expect(a.freq.length).toBe(61);
    expect(a.freq[0]).toBeCloseTo(1e5, 6);
    expect(a.freq[60]).toBeCloseTo(0.1, 12);
    expect([a.fmin, a.fmax]).toEqual([0.1, 1e5]);
    expect(a.tau.length).toBe(610);
    // the same as a spectrum that only had those points
    const keep = Array.from(s.freq.keys()).filter((k) => s.freq[k]! >= 0.1 && s.freq[k]! <= 1e5);
    const b = drt({ freq: keep.map((k) => s.freq[k]!), re: keep.map((k) => s.re[k]!), im: keep.map((k) => s.im[k]!) }, { lambda: 1e-4 });
    expect(Array.from(a.gamma)).toEqual(Array.from(b.gamma));
    expect(b.fmin).toBeUndefined();
    const lo = drt(s, { lambda: 1e-4, fmin: 1 });
    expect(lo.fmin).toBe(1);
    expect(lo.fmax).toBeUndefined();
  });
});

describe('bad input: typed errors naming the argument', () => {
  const s = spectrum(FREQ81, 10, 0, ZARC1.parts);
  const arg = (fn: () => unknown, code: Parameters<typeof expectError>[1], argument: string, ...fragments: (string | RegExp)[]) =>
    expect(expectError(fn, code, ...fragments).details.argument).toBe(argument);
  it('options of drt()', () => {
    arg(() => drt(s, 'fast' as never), 'E_ARG_TYPE', 'options');
    arg(() => drt(s, { bogus: 1 } as never), 'E_ARG_RANGE', 'bogus', /Unknown option `bogus`/, /lambdaMethod/);
    arg(() => drt(s, { build: 'full' } as never), 'E_ARG_RANGE', 'build'); // the reference's switch, not public
    arg(() => drt(s, { onProgress: () => {} } as never), 'E_ARG_RANGE', 'onProgress'); // a batch option
    arg(() => drt(s, { lambda: -1 }), 'E_ARG_RANGE', 'lambda', /-1/);
    arg(() => drt(s, { lambda: 'gcv' as never }), 'E_ARG_RANGE', 'lambda');
    arg(() => drt(s, { lambdaMethod: 'discrepancy' as never }), 'E_ARG_RANGE', 'lambdaMethod', /discrepancy/);
    arg(() => drt(s, { lambdaRule: 'median' as never }), 'E_ARG_RANGE', 'lambdaRule');
    arg(() => drt(s, { penalty: 3 as never }), 'E_ARG_RANGE', 'penalty');
    arg(() => drt(s, { rbfShape: 0 }), 'E_ARG_RANGE', 'rbfShape');
    arg(() => drt(s, { inductance: 1 as never }), 'E_ARG_TYPE', 'inductance');
    arg(() => drt(s, { freeColumns: 'yes' as never }), 'E_ARG_TYPE', 'freeColumns');
    arg(() => drt(s, { mode: 'both' as never }), 'E_ARG_RANGE', 'mode');
    arg(() => drt(s, { mode: 'real', lambdaMethod: 're-im' }), 'E_ARG_RANGE', 'lambdaMethod', /mode: 'complex'/);
    arg(() => drt(s, { peakThreshold: 1 }), 'E_ARG_RANGE', 'peakThreshold');
    arg(() => drt(s, { fmin: 0 }), 'E_ARG_RANGE', 'fmin');
    arg(() => drt(s, { fmin: 1e3, fmax: 10 }), 'E_ARG_RANGE', 'fmin');
    arg(() => drt(s, { method: 'tr-gp' as never }), 'E_ARG_RANGE', 'method', /tr-gp/);
    arg(() => drt(s, { backend: 'gpu' as never }), 'E_ARG_RANGE', 'backend');
    arg(() => drt(s, { engine: {} as never }), 'E_ARG_TYPE', 'engine');
    arg(() => drt(s, { credible: 3 as never }), 'E_ARG_TYPE', 'credible');
  });
  it("method 'tr-nnls' and credible (their numerics: drt-trnnls/drt-credible.test.ts): wired, their option errors; credible: false is accepted", () => {
    const t = drt(s, { method: 'tr-nnls', lambda: 1e-3 });
    expect([t.method, t.collocation, t.backend, t.tau.length]).toEqual(['tr-nnls', '1/ω', 'js', s.freq.length]);
    const c = drt(s, { credible: { method: 'hmc', samples: 200, burnIn: 20, seed: 1 }, lambda: 1e-3 });
    expect([c.credible, c.lower!.length, c.upper!.length]).toEqual(['hmc', c.tau.length, c.tau.length]);
    expect(drt(s, { credible: true, lambda: 1e-3 }).credible).toBe('gaussian');
    arg(() => drt(s, { method: 'tr-nnls', mode: 'complex' }), 'E_ARG_RANGE', 'mode', /'real' or 'imag'/);
    arg(() => drt(s, { method: 'tr-nnls', credible: true }), 'E_ARG_RANGE', 'credible', /tr-rbf/);
    arg(() => drt(s, { credible: { method: 'mcmc' } as never }), 'E_ARG_RANGE', 'credible.method');
    arg(() => drt(s, { credible: { samples: 5 } }), 'E_ARG_RANGE', 'credible.samples');
    const r = drt(s, { method: 'tr-rbf', credible: false, lambda: 1e-3 });
    expect(r.lower).toBeUndefined();
    expect(r.credible).toBeUndefined();
  });
  it('the spectrum of drt()', () => {
    arg(() => drt({ freq: [1, 2], re: [1], im: [1, 2] }), 'E_ARG_LENGTH', 'spectrum');
    expectError(() => drt({ ...s, im: s.im.map((v, i) => (i === 3 ? Number.NaN : v)) }), 'E_NONFINITE');
    expectError(() => drt({ ...s, freq: s.freq.map((f, i) => (i === 3 ? -f : f)) }), 'E_NONPOSITIVE_FREQ');
    arg(() => drt(s, { fmin: 1e3, fmax: 1.5e3 }), 'E_ARG_RANGE', 'spectrum', /at least 5 frequencies/, /\[1000, 1500\] Hz/);
    arg(() => drt(s, { fmin: 2e6 }), 'E_ARG_LENGTH', 'spectrum');
    arg(() => drt({ freq: [10, 10, 10, 1, 1, 1], re: [1, 1, 1, 2, 2, 2], im: [0, 0, 0, -1, -1, -1] }), 'E_ARG_RANGE', 'spectrum.freq');
  });
  it('drtBatch rejects (never throws synchronously), naming the option or the spectrum by its index', async () => {
    const bad = { freq: [1, 2, 3], re: [1, 1, 1], im: [0, 0, 0] };
    const reject = async (p: Promise<unknown>, code: string, argument: string) => {
      const e = await p.then(() => null, (x: unknown) => x);
      expect(e).toBeInstanceOf(EisError);
      expect((e as EisError).code).toBe(code);
      expect((e as EisError).details.argument).toBe(argument);
      return e as EisError;
    };
    await reject(drtBatch('x' as never), 'E_ARG_TYPE', 'spectra');
    await reject(drtBatch([]), 'E_ARG_TYPE', 'spectra'); // as linKKBatch and fitBatch: a non-empty list
    const e = await reject(drtBatch([s, s, bad]), 'E_ARG_RANGE', 'spectra[2]');
    expect(e.message).toMatch(/spectra\[2\]/);
    expect(e.details.spectrum).toBe(2);
    await reject(drtBatch([s], { chunkSize: 0 }), 'E_ARG_RANGE', 'chunkSize');
    await reject(drtBatch([s], { chunkSize: 1.5 }), 'E_ARG_RANGE', 'chunkSize');
    await reject(drtBatch([s], { onProgress: 1 as never }), 'E_ARG_TYPE', 'onProgress');
    await reject(drtBatch([s], { signal: {} as never }), 'E_ARG_TYPE', 'signal');
    await reject(drtBatch([s], { lambda: 0 }), 'E_ARG_RANGE', 'lambda');
    await reject(drtBatch([s], { method: 'tr-nnls', credible: true }), 'E_ARG_RANGE', 'credible');
    await reject(drtBatch([s], { workers: 2 } as never), 'E_ARG_RANGE', 'workers');
  });
});

describe('drtBatch machinery', () => {
  const spectra = Array.from({ length: 7 }, (_, k) => addNoise(spectrum(FREQ81, 10, 0, TWO_ARCS.parts), 0.005, 20 + k));
  for (const backend of BACKENDS) {
    it(`chunkSize 1 and the default 64 give identical results; progress counts 1…7 and one report for one chunk (${backend})`, async () => {
      const ones: number[] = [], whole: [number, number][] = [];
      const a = await drtBatch(spectra, { backend, chunkSize: 1, onProgress: (d, n) => { ones.push(d); expect(n).toBe(7); } });
      const b = await drtBatch(spectra, { backend, onProgress: (d, n) => whole.push([d, n]) });
      expect(ones).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(whole).toEqual([[7, 7]]);
      for (let k = 0; k < 7; k++) {
        expect(a[k]!.lambda).toBe(b[k]!.lambda);
        expect(Array.from(a[k]!.gamma)).toEqual(Array.from(b[k]!.gamma));
        expect(a[k]!.peaks).toEqual(b[k]!.peaks);
        expect([a[k]!.rInf, a[k]!.inductance, a[k]!.polarizationResistance]).toEqual([b[k]!.rInf, b[k]!.inductance, b[k]!.polarizationResistance]);
      }
    });
    it(`a throwing onProgress rejects with E_CALLBACK (its error as cause) and runs no further chunk (${backend})`, async () => {
      const mine = new Error('plot failed');
      let calls = 0;
      const e = await drtBatch(spectra, { backend, chunkSize: 2, onProgress: () => { calls++; throw mine; } }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(EisError);
      expect((e as EisError).code).toBe('E_CALLBACK');
      expect((e as EisError).details.cause).toBe(mine);
      expect(calls).toBe(1);
    });
    it(`an AbortSignal stops the batch between chunks with E_ABORTED (${backend})`, async () => {
      // aborted before the start: nothing runs
      const pre = new AbortController();
      pre.abort(new Error('user left'));
      let calls = 0;
      const e0 = await drtBatch(spectra, { backend, signal: pre.signal, onProgress: () => calls++ }).catch((x: unknown) => x) as EisError;
      expect(e0).toBeInstanceOf(EisError);
      expect(e0.code).toBe('E_ABORTED');
      expect(e0.details).toMatchObject({ argument: 'signal', done: 0, total: 7 });
      expect((e0.details.cause as Error).message).toBe('user left');
      expect(calls).toBe(0);
      // aborted from the progress callback after the second chunk: no third chunk
      const ctl = new AbortController();
      const seen: number[] = [];
      const opts: DrtOptions & { chunkSize: number } = { backend, chunkSize: 2 };
      const e1 = await drtBatch(spectra, { ...opts, signal: ctl.signal, onProgress: (d) => { seen.push(d); if (d === 4) ctl.abort(); } }).catch((x: unknown) => x) as EisError;
      expect(e1.code).toBe('E_ABORTED');
      expect(e1.message).toMatch(/after 4 of 7/);
      expect(seen).toEqual([2, 4]);
      // a signal that is never aborted changes nothing
      const fine = await drtBatch(spectra.slice(0, 2), { backend, signal: new AbortController().signal });
      expect(fine.length).toBe(2);
    });
  }
});
