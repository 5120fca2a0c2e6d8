/**
 * Statistics of residuals along frequency, shared by the Lin-KK verdict (src/kk/verdict.ts) and
 * the fit quality (src/fit/quality.ts): a noise level estimated from the data, independent of a
 * smooth systematic misfit; whiteness (runs test, lag-1 autocorrelation); outliers. Pure TS, no
 * dependencies; every function is O(N) or O(N log N).
 */
import { exp, log } from '../math/index.ts';

/** P(Z ≤ x) for a standard normal Z, from erfc (Numerical Recipes 3rd ed., §6.2.2, Chebyshev fit, |rel. error| < 1.2e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc = t * exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
}

/**
 * The p-quantile of the standard normal: P. J. Acklam's rational approximation (|rel. error| <
 * 1.15e-9), as published in his note "An algorithm for computing the inverse normal cumulative
 * distribution function" (2003).
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : Number.NaN;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) => (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * log(1 - p))); // 1 − p is exact for p > 1/2 (Sterbenz)
  const q = p - 0.5, r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** Median of a copy of `x` (NaN when empty). */
export function median(x: ArrayLike<number>): number {
  const s = Float64Array.from(x).sort();
  const n = s.length;
  if (n === 0) return Number.NaN;
  return n % 2 ? s[(n - 1) / 2]! : 0.5 * (s[n / 2 - 1]! + s[n / 2]!);
}

/** 1/Φ⁻¹(3/4): turns a median absolute deviation into a Gaussian standard deviation. */
const MAD_TO_SIGMA = 1.482602218505602;

/**
 * Noise σ of a sequence from its second differences d_i = r_{i−1} − 2r_i + r_{i+1}: for white
 * noise Var d = 6σ², and a misfit that is smooth along the sequence (drift, a missing arc)
 * hardly changes d (difference-based variance estimation: Gasser, Sroka & Jennen-Steinmetz,
 * Biometrika 73 (1986) 625). The median absolute deviation of d (·1.4826) makes it robust to a
 * few outliers (a spike moves three d values). Needs at least 3 values; else NaN.
 */
export function noiseFromSecondDifferences(r: ArrayLike<number>): number {
  const n = r.length;
  if (n < 3) return Number.NaN;
  const d = new Float64Array(n - 2);
  for (let i = 1; i < n - 1; i++) d[i - 1] = r[i - 1]! - 2 * r[i]! + r[i + 1]!;
  const m = median(d);
  for (let i = 0; i < d.length; i++) d[i] = Math.abs(d[i]! - m);
  return (MAD_TO_SIGMA * median(d)) / Math.sqrt(6);
}

/** Root mean square. */
export function rms(r: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < r.length; i++) s += r[i]! * r[i]!;
  return r.length ? Math.sqrt(s / r.length) : Number.NaN;
}

export interface RunsTest {
  /** Number of runs of equal signs (zeros skipped). */
  runs: number;
  /** Runs expected for a random order of the same signs. */
  expected: number;
  /** Normal score (R − E[R] + ½)/sd (continuity-corrected). */
  z: number;
  /** One-sided p-value for too few runs (long same-sign stretches: a smooth misfit). */
  p: number;
}

/**
 * Wald–Wolfowitz runs test on the signs of `r` (Wald & Wolfowitz, Ann. Math. Stat. 11 (1940)
 * 147): with n₊ and n₋ signs, E[R] = 1 + 2n₊n₋/n and Var R = (E[R] − 1)(E[R] − 2)/(n − 1); the
 * normal approximation with a continuity correction. Tests only for too FEW runs: residuals of
 * a least-squares fit are slightly anti-correlated, which is not a misfit.
 */
export function runsTest(r: ArrayLike<number>): RunsTest {
  let pos = 0, neg = 0, runs = 0, last = 0;
  for (let i = 0; i < r.length; i++) {
    const s = r[i]! > 0 ? 1 : r[i]! < 0 ? -1 : 0;
    if (s === 0) continue;
    if (s > 0) pos++;
    else neg++;
    if (s !== last) runs++;
    last = s;
  }
  return runsFromCounts(pos, neg, runs);
}

/** The runs test from the counts of positive and negative signs and of runs (runsTest's second half). */
export function runsFromCounts(pos: number, neg: number, runs: number): RunsTest {
  const n = pos + neg;
  if (pos === 0 || neg === 0) return { runs, expected: runs, z: Number.NEGATIVE_INFINITY, p: n >= 2 ? 2 ** (1 - n) : 1 };
  const expected = 1 + (2 * pos * neg) / n;
  const variance = ((expected - 1) * (expected - 2)) / (n - 1);
  const z = variance > 0 ? (runs - expected + 0.5) / Math.sqrt(variance) : 0;
  return { runs, expected, z, p: Math.min(1, normalCdf(z)) };
}

/** Lag-1 autocorrelation about zero, Σ r_i r_{i+1} / Σ r_i² (a non-zero mean counts as correlation, as it is a misfit too). */
export function lag1Autocorrelation(r: ArrayLike<number>): number {
  let num = 0, den = 0;
  for (let i = 0; i < r.length; i++) {
    den += r[i]! * r[i]!;
    if (i > 0) num += r[i]! * r[i - 1]!;
  }
  return den > 0 ? num / den : 0;
}

/**
 * A noise model for both parts of a spectrum's relative residuals: Var = a + b·u_i² on Re and
 * a + b·v_i² on Im, u_i = |Re X_i|/|X_i|, v_i = |Im X_i|/|X_i| — a = b·0 covers noise
 * proportional to |X| on both parts (σ = const in relative units), b alone noise proportional
 * to each part, and mixtures. Estimated from the second differences d_i = r_{i−1} − 2r_i + r_{i+1}
 * (E d_i² = Var_{i−1} + 4Var_i + Var_{i+1} for independent noise; a smooth misfit hardly
 * changes d; Gasser, Sroka & Jennen-Steinmetz 1986) by least squares with a, b ≥ 0, twice
 * re-fitted without the d_i² above 16× their prediction (a spike moves three of them).
 * Without `profile` (u = v = 1) it is one constant. Returns the variance of every point.
 */
export function noiseProfile(re: ArrayLike<number>, im: ArrayLike<number>, profile?: { re: ArrayLike<number>; im: ArrayLike<number> }): { a: number; b: number; re: Float64Array; im: Float64Array } {
  const n = re.length;
  return noiseProfileInto(re, im, profile, new Float64Array(n), new Float64Array(n), new Float64Array(4 * Math.max(n - 2, 0)), new Uint8Array(2 * Math.max(n - 2, 0)));
}

/**
 * noiseProfile with the variances written into `outRe`, `outIm` (n each) and its rows in the
 * caller's scratch (`work`: 4·(n − 2) values, `keep`: 2·(n − 2)): judgeResiduals runs it for every
 * fit of a batch, and the arrays die with the call. The same operations in the same order.
 */
export function noiseProfileInto(re: ArrayLike<number>, im: ArrayLike<number>, profile: { re: ArrayLike<number>; im: ArrayLike<number> } | undefined, outRe: Float64Array, outIm: Float64Array, work: Float64Array, keep: Uint8Array): { a: number; b: number; re: Float64Array; im: Float64Array } {
  const n = re.length;
  // u² and v² go into the outputs, which are overwritten with the variances at the end
  const u2 = outRe, v2 = outIm;
  if (profile) {
    for (let i = 0; i < n; i++) {
      u2[i] = profile.re[i]! ** 2;
      v2[i] = profile.im[i]! ** 2;
    }
  } else {
    u2.fill(1);
    v2.fill(1);
  }
  // one row per second difference, Re and Im interleaved: d², its predictor g, whether kept
  const count = 2 * Math.max(n - 2, 0);
  const d2 = work.subarray(0, count), g = work.subarray(count, 2 * count);
  keep.fill(1, 0, count);
  for (let i = 1; i < n - 1; i++) {
    const k = 2 * (i - 1);
    d2[k] = (re[i - 1]! - 2 * re[i]! + re[i + 1]!) ** 2;
    g[k] = u2[i - 1]! + 4 * u2[i]! + u2[i + 1]!;
    d2[k + 1] = (im[i - 1]! - 2 * im[i]! + im[i + 1]!) ** 2;
    g[k + 1] = v2[i - 1]! + 4 * v2[i]! + v2[i + 1]!;
  }
  let a = 0, b = 0;
  for (let iter = 0; iter < 3; iter++) {
    // normal equations of d² ≈ 6a + g·b (profile) or d² ≈ 6a
    let s11 = 0, s12 = 0, s22 = 0, t1 = 0, t2 = 0;
    for (let k = 0; k < count; k++) {
      if (!keep[k]) continue;
      s11 += 36;
      s12 += 6 * g[k]!;
      s22 += g[k]! * g[k]!;
      t1 += 6 * d2[k]!;
      t2 += g[k]! * d2[k]!;
    }
    if (s11 === 0) break;
    // the one-term fits: a alone, b alone
    const aA = t1 / s11, bA = 0, aB = 0, bB = s22 > 0 ? t2 / s22 : 0;
    let sa = aA, sb = bA;
    if (profile) {
      const det = s11 * s22 - s12 * s12;
      const both = det > 1e-12 * s11 * s22;
      const a2 = both ? (t1 * s22 - t2 * s12) / det : 0, b2 = both ? (s11 * t2 - s12 * t1) / det : 0;
      if (both && a2 >= 0 && b2 >= 0) {
        sa = a2;
        sb = b2;
      } else {
        // the better of the two one-term fits
        let sseA = 0, sseB = 0;
        for (let k = 0; k < count; k++) {
          sseA += keep[k] ? (d2[k]! - 6 * aA - g[k]! * bA) ** 2 : 0;
          sseB += keep[k] ? (d2[k]! - 6 * aB - g[k]! * bB) ** 2 : 0;
        }
        if (!(sseA <= sseB)) {
          sa = aB;
          sb = bB;
        }
      }
    }
    a = sa;
    b = sb;
    // the last pass's rows are not read again; rows unchanged by a pass give the next pass the
    // same sums, hence the same a, b and rows: stop there (the same result, fewer passes)
    if (iter === 2) break;
    let changed = false;
    for (let k = 0; k < count; k++) {
      const kk = d2[k]! <= 16 * (6 * a + g[k]! * b) ? 1 : 0;
      if (kk !== keep[k]) {
        keep[k] = kk;
        changed = true;
      }
    }
    if (!changed) break;
  }
  for (let i = 0; i < n; i++) {
    outRe[i] = a + b * u2[i]!;
    outIm[i] = a + b * v2[i]!;
  }
  return { a, b, re: outRe, im: outIm };
}
