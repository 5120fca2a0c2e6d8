/**
 * Small statistics for the analysis layer: weighted straight-line least squares and Student's
 * t quantiles (for confidence intervals).
 */

export interface LineFit {
  slope: number;
  intercept: number;
  slopeStderr: number;
  interceptStderr: number;
  /** Covariance of slope and intercept. */
  covariance: number;
  /** Coefficient of determination (weighted when weights are given). */
  r2: number;
  /** y − ŷ */
  residuals: Float64Array;
  /** Σ w(y − ŷ)² */
  chi2: number;
  dof: number;
}

/**
 * How the covariance (XᵀWX)⁻¹ is scaled: `'scatter'` by χ²/dof (the scatter about the line sets
 * the uncertainty, as scipy's curve_fit with absolute_sigma=False); `'birge'` by max(1, χ²/dof),
 * for weights w = 1/σ² from known errors: the uncertainty is never below what the errors imply
 * and grows when the scatter exceeds them (the Birge ratio: R. T. Birge, Phys. Rev. 40 (1932)
 * 207; the Particle Data Group's scale factor).
 */
export type CovarianceScale = 'scatter' | 'birge';

/**
 * y = a + b·x by (weighted) least squares, w = 1/σ² (all 1 when `weights` is omitted).
 * Centred sums (no cancellation for x far from 0, such as 1/T). Standard errors from the
 * covariance (XᵀWX)⁻¹ scaled as `scale` says (default χ²/dof); NaN with dof = 0.
 */
export function fitLine(x: Float64Array, y: Float64Array, weights?: Float64Array, scale: CovarianceScale = 'scatter'): LineFit {
  const n = x.length;
  let sw = 0, sx = 0, sy = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i]! : 1;
    sw += w;
    sx += w * x[i]!;
    sy += w * y[i]!;
  }
  const mx = sx / sw, my = sy / sw;
  let sxx = 0, sxy = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i]! : 1;
    const dx = x[i]! - mx, dy = y[i]! - my;
    sxx += w * dx * dx;
    sxy += w * dx * dy;
    syy += w * dy * dy;
  }
  const slope = sxy / sxx, intercept = my - slope * mx;
  const residuals = new Float64Array(n);
  let chi2 = 0;
  for (let i = 0; i < n; i++) {
    residuals[i] = y[i]! - (intercept + slope * x[i]!);
    chi2 += (weights ? weights[i]! : 1) * residuals[i]! ** 2;
  }
  const dof = n - 2;
  const s2 = dof > 0 ? (scale === 'birge' ? Math.max(1, chi2 / dof) : chi2 / dof) : Number.NaN;
  const varSlope = s2 / sxx;
  const varIntercept = s2 * (1 / sw + (mx * mx) / sxx);
  return {
    slope, intercept, slopeStderr: Math.sqrt(varSlope), interceptStderr: Math.sqrt(varIntercept),
    covariance: (-mx * s2) / sxx, r2: syy > 0 ? 1 - chi2 / syy : 1, residuals, chi2, dof,
  };
}

/** ln Γ(x), x > 0 (Lanczos, g = 7, n = 9; Numerical Recipes 3rd ed. §6.1 coefficients). */
function lnGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta function (modified Lentz; Numerical Recipes §6.4). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1, d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(a, b, x)) / a : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T ≤ t) for Student's t with ν degrees of freedom. */
export function studentTCdf(t: number, nu: number): number {
  const x = nu / (nu + t * t);
  const tail = 0.5 * incompleteBeta(x, nu / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The p-quantile of Student's t with ν degrees of freedom (bisection on the CDF to 1e-12). */
export function studentTQuantile(p: number, nu: number): number {
  if (!(p > 0 && p < 1) || !(nu > 0)) return Number.NaN;
  if (p === 0.5) return 0;
  let lo = -1, hi = 1;
  while (studentTCdf(lo, nu) > p) lo *= 2;
  while (studentTCdf(hi, nu) < p) hi *= 2;
  for (let k = 0; k < 200 && hi - lo > 1e-12 * Math.max(1, Math.abs(hi)); k++) {
    const mid = 0.5 * (lo + hi);
    if (studentTCdf(mid, nu) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
