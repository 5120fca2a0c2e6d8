/**
 * Small statistics for the analysis layer: weighted straight-line least squares and Student's
 * t quantiles (for confidence intervals).
 */
import { tQuantile } from '../stats/distributions.ts';

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
 * 207; the Particle Data Group's scale factor); `'absolute'` not at all: the errors are taken as
 * they are (scipy's curve_fit with absolute_sigma=True).
 */
export type CovarianceScale = 'scatter' | 'birge' | 'absolute';

/** The factor s² on (XᵀWX)⁻¹ for `scale`, χ² and dof (NaN with dof = 0 unless 'absolute'). */
export function covarianceFactor(scale: CovarianceScale, chi2: number, dof: number): number {
  if (scale === 'absolute') return 1;
  return dof > 0 ? (scale === 'birge' ? Math.max(1, chi2 / dof) : chi2 / dof) : Number.NaN;
}

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
  const s2 = covarianceFactor(scale, chi2, dof);
  const varSlope = s2 / sxx;
  const varIntercept = s2 * (1 / sw + (mx * mx) / sxx);
  return {
    slope, intercept, slopeStderr: Math.sqrt(varSlope), interceptStderr: Math.sqrt(varIntercept),
    covariance: (-mx * s2) / sxx, r2: syy > 0 ? 1 - chi2 / syy : 1, residuals, chi2, dof,
  };
}

/**
 * The p-quantile of Student's t with ν degrees of freedom: src/stats/distributions.ts's
 * `tQuantile` (deterministic, within 1e-10 of scipy for ν ≤ 1e7), NaN outside 0 < p < 1, ν > 0.
 */
export function studentTQuantile(p: number, nu: number): number {
  if (!(p > 0 && p < 1) || !(nu > 0 && nu < Infinity)) return Number.NaN;
  return tQuantile(p, nu);
}
