/**
 * The residual statistics behind the Lin-KK verdict and the fit quality (src/stats/): normal
 * CDF and quantile and the runs test against mpmath (test/fixtures/gen_residual_stats.py), the
 * difference-based noise estimates, the noise profile and the hat-matrix residual variances
 * against analytic facts.
 */
import { describe, expect, it } from 'vitest';
import fx from './fixtures/residual-stats.json';
import { lag1Autocorrelation, noiseFromSecondDifferences, noiseProfile, normalCdf, normalQuantile, rms, runsTest } from '../src/stats/residuals.ts';
import { orthonormalBasis, residualVariance } from '../src/stats/hat.ts';
import { chiSquareQuantile, judgeResiduals } from '../src/stats/judge.ts';
import { Random } from '../src/random.ts';

const gaussian = (n: number, sd: number, seed: number) => {
  const rng = new Random(seed);
  return Float64Array.from({ length: n }, () => sd * rng.normal());
};

describe('normal distribution (mpmath)', () => {
  it('Φ(x) to 1.2e-7 relative (Numerical Recipes erfc), in both tails', () => {
    for (const [x, p] of fx.cdf) expect(Math.abs(normalCdf(x!) / p! - 1), `Φ(${x})`).toBeLessThan(1.2e-7);
  });
  it('Φ⁻¹(p) to 1.2e-9 relative (Acklam), down to p = 1e-12', () => {
    for (const [p, x] of fx.quantile) expect(Math.abs(normalQuantile(p!) - x!), `Φ⁻¹(${p})`).toBeLessThan(1.2e-9 * Math.max(1, Math.abs(x!)));
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
  });
});

describe('χ² quantile (Wilson–Hilferty) behind the size limit', () => {
  it('is within 1.5 % of mpmath for ν = 5 … 150 at p = 0.9995', () => {
    for (const [nu, q] of fx.chi2_9995) expect(Math.abs(chiSquareQuantile(0.9995, nu!) / q! - 1), `ν = ${nu}`).toBeLessThan(0.015);
  });
  it('raises the size limit above 1.5 only for few degrees of freedom', () => {
    const white = (n: number, seed: number) => gaussian(n, 0.005, seed);
    expect(judgeResiduals(white(81, 1), white(81, 2), { parameters: 40 }).sizeLimit).toBe(1.5);
    expect(judgeResiduals(white(12, 1), white(12, 2), { parameters: 10 }).sizeLimit).toBeGreaterThan(1.8);
  });
});

describe('runs test', () => {
  it('counts runs and the expected number E[R] = 1 + 2n₊n₋/n', () => {
    const r = runsTest([1, 2, -1, -3, 4, -5, -6, -7, 8, 0, 9]); // + + − − + − − − + (0 skipped) + → 5 runs
    expect(r.runs).toBe(5);
    expect(r.expected).toBeCloseTo(1 + (2 * 5 * 5) / 10, 12);
  });
  it('its normal approximation matches the exact distribution (12 plus, 10 minus) within 0.02', () => {
    const { pos, neg, cdf } = fx.runs;
    for (const [runs, exact] of cdf) {
      // pos plus and neg minus signs in exactly `runs` runs, starting with plus: every run of
      // length 1 except the last of each sign
      const plusRuns = Math.ceil(runs! / 2), minusRuns = Math.floor(runs! / 2);
      const seq: number[] = [];
      for (let k = 0; k < runs!; k++) {
        const plus = k % 2 === 0, index = Math.floor(k / 2);
        const last = index === (plus ? plusRuns : minusRuns) - 1;
        const len = last ? (plus ? pos - (plusRuns - 1) : neg - (minusRuns - 1)) : 1;
        for (let i = 0; i < len; i++) seq.push(plus ? 1 : -1);
      }
      expect(seq.length).toBe(pos + neg);
      const r = runsTest(seq);
      expect(r.runs).toBe(runs);
      expect(Math.abs(r.p - exact!), `R ≤ ${runs}`).toBeLessThan(0.02);
    }
  });
  it('a smooth sine gives few runs and p ≈ 0; white noise does not', () => {
    expect(runsTest(Float64Array.from({ length: 100 }, (_, i) => Math.sin(i / 8))).p).toBeLessThan(1e-10);
    expect(runsTest(gaussian(100, 1, 3)).p).toBeGreaterThan(0.01);
  });
});

describe('noise from second differences', () => {
  it('recovers σ of white noise within 6 % (N = 4000) and is blind to a smooth trend 100× larger', () => {
    const e = gaussian(4000, 0.01, 5);
    expect(noiseFromSecondDifferences(e) / 0.01).toBeCloseTo(1, 1);
    const trend = e.map((x, i) => x + Math.sin(i / 400));
    expect(Math.abs(noiseFromSecondDifferences(trend) / 0.01 - 1)).toBeLessThan(0.06);
    expect(Math.abs(lag1Autocorrelation(e))).toBeLessThan(0.05);
    expect(lag1Autocorrelation(trend)).toBeGreaterThan(0.99);
  });

  it('noiseProfile finds noise proportional to |Z| (a) or to each part (b), with a spike left out', () => {
    const n = 1000;
    const u = Float64Array.from({ length: n }, (_, i) => Math.cos((Math.PI / 2) * (i / (n - 1))));
    const v = u.map((x) => Math.sqrt(1 - x * x));
    const rng = new Random(9);
    const modRe = u.map(() => 0.005 * rng.normal()), modIm = u.map(() => 0.005 * rng.normal());
    modRe[500] = 0.2; // a spike moves three second differences
    const m = noiseProfile(modRe, modIm, { re: u, im: v });
    expect(Math.abs(Math.sqrt(m.a + m.b * 0.5) / 0.005 - 1)).toBeLessThan(0.08);
    expect(m.b).toBeLessThan(0.2 * m.a + 1e-12);
    const partRe = u.map((x) => 0.005 * x * rng.normal()), partIm = v.map((x) => 0.005 * x * rng.normal());
    const q = noiseProfile(partRe, partIm, { re: u, im: v });
    expect(Math.abs(Math.sqrt(q.b) / 0.005 - 1)).toBeLessThan(0.08);
    expect(q.a).toBeLessThan(0.05 * q.b);
  });
});

describe('hat matrix', () => {
  it('Q is orthonormal, trace H = rank, and with equal variances Var r_i = σ²(1 − h_ii)', () => {
    const rows = 30, cols = 4;
    const a = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      const x = i / (rows - 1);
      a[i * cols] = 1;
      a[i * cols + 1] = x;
      a[i * cols + 2] = x * x;
      a[i * cols + 3] = 2 + 3 * x; // dependent on the first two: rank 3
    }
    const { q, rank } = orthonormalBasis(a, rows, cols);
    expect(rank).toBe(3);
    for (let j = 0; j < rank; j++) {
      for (let k = 0; k < rank; k++) {
        let dot = 0;
        for (let i = 0; i < rows; i++) dot += q[j * rows + i]! * q[k * rows + i]!;
        expect(dot).toBeCloseTo(j === k ? 1 : 0, 12);
      }
    }
    const { total, fit, leverage } = residualVariance(a, rows, cols, new Float64Array(rows).fill(4));
    expect(leverage.reduce((s, h) => s + h, 0)).toBeCloseTo(3, 10);
    // the ends of a quadratic fit have the highest leverage
    expect(leverage[0]).toBeGreaterThan(leverage[15]!);
    for (let i = 0; i < rows; i++) {
      expect(total[i]).toBeCloseTo(4 * (1 - leverage[i]!), 10);
      expect(fit[i]).toBeCloseTo(4 * leverage[i]!, 10); // Σ_j H_ij² = h_ii (H idempotent)
    }
  });
});

describe('judgeResiduals', () => {
  const n = 81;
  it('white noise is consistent; a smooth misfit fails size and whiteness; a spike fails the scan; tiny residuals pass on the floor', () => {
    const re = gaussian(n, 0.005, 21), im = gaussian(n, 0.005, 22);
    const ok = judgeResiduals(re, im, { parameters: 0 });
    expect(ok.consistent).toBe(true);
    expect(ok.sizeRatio).toBeGreaterThan(0.8);
    expect(ok.sizeRatio).toBeLessThan(1.2);
    const drift = judgeResiduals(re.map((x, i) => x + 0.02 * Math.sin(i / 10)), im, { parameters: 0 });
    expect(drift.consistent).toBe(false);
    expect(drift.sizeOk).toBe(false);
    expect(drift.whiteOk).toBe(false);
    const spiked = Float64Array.from(re);
    spiked[40] = 0.05;
    const s = judgeResiduals(spiked, im, { parameters: 0 });
    expect(s.scanOk).toBe(false);
    expect(s.scan).toMatchObject({ index: 40, width: 1, part: 're' });
    const tiny = judgeResiduals(re.map((_x, i) => 1e-4 * Math.sin(i / 10)), im.map(() => 0), { parameters: 0 });
    expect(tiny.belowFloor).toBe(true);
    expect(tiny.consistent).toBe(true);
  });
});

describe("judgeResiduals' one-pass part statistics = the reference functions", () => {
  // judge.ts part() folds runsTest, lag1Autocorrelation and rms into one loop over the points it
  // keeps; with parameters: 0 the fit's share of every variance is 0, so every point is kept and
  // each statistic must be the reference's, bit for bit (same terms, same order)
  it('runs, lag-1 autocorrelation and RMS of both parts, white and correlated residuals with exact zeros', () => {
    let compared = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const n = 5 + ((seed * 7) % 60);
      const re = gaussian(n, 0.01, seed);
      const im = gaussian(n, 0.02, 1000 + seed);
      if (seed % 3 === 0) for (let i = 1; i < n; i++) im[i] = 0.8 * im[i - 1]! + im[i]!; // a smooth misfit
      if (seed % 4 === 0) { re[0] = 0; im[n >> 1] = 0; }
      const j = judgeResiduals(re, im, { parameters: 0 });
      for (const [part, r] of [[j.re, re], [j.im, im]] as const) {
        expect(part.runs).toStrictEqual(runsTest(r));
        expect(Object.is(part.lag1, lag1Autocorrelation(r)), `lag1 seed ${seed}`).toBe(true);
        expect(Object.is(part.rms, rms(r)), `rms seed ${seed}`).toBe(true);
        compared++;
      }
    }
    expect(compared).toBe(80);
  });
});
