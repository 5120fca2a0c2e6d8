/**
 * Parameter covariance from the weighted Jacobian A = ∂r/∂p (natural units, free parameters)
 * at the solution: cov = (AᵀA)⁻¹·s², s² = χ²/dof (or 1 with absolute σ), computed from the SVD
 * of A (one-sided Jacobi) rather than by forming AᵀA. The columns are scaled to unit norm
 * first (cov = S⁻¹(A_sᵀA_s)⁻¹S⁻¹ with A_s = A·S⁻¹): parameters differ by 15 orders of magnitude
 * (Ω next to F), and without scaling the singular values would too, which a rank test would
 * mistake for rank deficiency. Singular values of A_s below eps·max(rows, cols)·s_max count as
 * zero (scipy curve_fit's threshold); then the covariance cannot be determined and is filled
 * with Infinity, with a warning.
 */
import { jacobiSvd } from './linalg.ts';

export interface Covariance {
  /** m × m row-major over the free parameters. */
  readonly cov: Float64Array;
  readonly determined: boolean;
}

export function covarianceFromJacobian(aIn: Float64Array, rows: number, m: number, scale: number): Covariance {
  const norms = new Float64Array(m);
  for (let i = 0; i < rows; i++) for (let k = 0; k < m; k++) norms[k] = norms[k]! + aIn[i * m + k]! ** 2;
  for (let k = 0; k < m; k++) norms[k] = Math.sqrt(norms[k]!) || 1;
  const a = Float64Array.from(aIn, (x, idx) => x / norms[idx % m]!);
  const { s, v } = jacobiSvd(a, rows, m);
  const smax = s.reduce((a, x) => Math.max(a, x), -Infinity); // a loop, not a spread: no argument-count limit
  const cutoff = Number.EPSILON * Math.max(rows, m) * smax;
  const cov = new Float64Array(m * m);
  if (!(smax > 0) || s.some((x) => !(x > cutoff))) return { cov: cov.fill(Number.POSITIVE_INFINITY), determined: false };
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      let sum = 0;
      for (let k = 0; k < m; k++) sum += (v[i * m + k]! * v[j * m + k]!) / (s[k]! * s[k]!);
      cov[i * m + j] = (sum * scale) / (norms[i]! * norms[j]!);
    }
  }
  return { cov, determined: true };
}
