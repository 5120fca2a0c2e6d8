/**
 * Parameter covariance from the weighted Jacobian A = ∂r/∂p (natural units, free parameters)
 * at the solution: cov = (AᵀA)⁻¹·s², s² = χ²/dof (or 1 with absolute σ), computed from the SVD
 * of A (one-sided Jacobi) rather than by forming AᵀA. As in scipy's curve_fit, singular values
 * below eps·max(rows, cols)·s_max count as zero; then the covariance cannot be determined and
 * is filled with Infinity, with a warning.
 */
import { jacobiSvd } from '../reference/linalg.ts';

export interface Covariance {
  /** m × m row-major over the free parameters. */
  readonly cov: Float64Array;
  readonly determined: boolean;
}

export function covarianceFromJacobian(a: Float64Array, rows: number, m: number, scale: number): Covariance {
  const { s, v } = jacobiSvd(a, rows, m);
  const smax = Math.max(...s);
  const cutoff = Number.EPSILON * Math.max(rows, m) * smax;
  const cov = new Float64Array(m * m);
  if (!(smax > 0) || s.some((x) => !(x > cutoff))) return { cov: cov.fill(Number.POSITIVE_INFINITY), determined: false };
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      let sum = 0;
      for (let k = 0; k < m; k++) sum += (v[i * m + k]! * v[j * m + k]!) / (s[k]! * s[k]!);
      cov[i * m + j] = sum * scale;
    }
  }
  return { cov, determined: true };
}
