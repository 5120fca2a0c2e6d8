// Covariance of the free parameters from A = ∂r/∂p at the solution (column-major, rows × m):
// (AᵀA)⁻¹, unscaled (the
// caller multiplies by χ²/dof). Columns are scaled to unit norm first (A_s = A·S⁻¹: the
// parameters span ~15 decades), then A_s = QR by Householder and (A_sᵀA_s)⁻¹ = R⁻¹R⁻ᵀ, so
// (AᵀA)⁻¹ = S⁻¹R⁻¹R⁻ᵀS⁻¹. Rank test: |R_kk| ≤ eps·max(rows, m)·max|R_ii| counts as rank
// deficient (the threshold scipy's curve_fit applies to singular values; the TS reference
// uses the SVD itself, src/reference/covariance.ts).
import { ld, st } from './memory';
import { householder } from './linalg';

/** f64 words of scratch `covariance` needs. */
export function covarianceScratchWords(rows: i32, m: i32): i32 {
  return rows * m + rows + m * m + m;
}

/** Writes (AᵀA)⁻¹ (m × m) to `cov`; returns false (and fills Infinity) when A is rank deficient. */
export function covariance(a: usize, rows: i32, m: i32, scratch: usize, cov: usize, rankRows: i32 = 0): bool {
  const s = scratch; // rows × m scaled copy (column-major), then R in its upper triangle
  const b = s + (<usize>(rows * m) << 3); // rows (dummy right-hand side)
  const rinv = b + (<usize>rows << 3); // m × m
  const norms = rinv + (<usize>(m * m) << 3); // m
  for (let k = 0; k < m; k++) {
    let ss: f64 = 0;
    for (let i = 0; i < rows; i++) ss += ld(a, k * rows + i) * ld(a, k * rows + i);
    const c = Math.sqrt(ss);
    st(norms, k, c > 0 ? c : 1);
  }
  for (let k = 0; k < m; k++) for (let i = 0; i < rows; i++) st(s, k * rows + i, ld(a, k * rows + i) / ld(norms, k));
  memory.fill(b, 0, <usize>rows << 3);
  householder(s, b, rows, m);
  let rmax: f64 = 0;
  for (let k = 0; k < m; k++) rmax = Math.max(rmax, Math.abs(ld(s, k * rows + k)));
  // rankRows: the row count of the original A when `a` is its R factor (same AᵀA)
  const rr = rankRows > rows ? rankRows : rows;
  const cutoff = f64.EPSILON * f64(rr > m ? rr : m) * rmax;
  let ok = rmax > 0;
  for (let k = 0; k < m; k++) if (!(Math.abs(ld(s, k * rows + k)) > cutoff)) ok = false;
  if (!ok) {
    for (let k = 0; k < m * m; k++) st(cov, k, Infinity);
    return false;
  }
  // R⁻¹, upper triangular, column by column
  memory.fill(rinv, 0, <usize>(m * m) << 3);
  for (let j = 0; j < m; j++) {
    for (let i = j; i >= 0; i--) {
      let sum: f64 = i == j ? 1 : 0;
      for (let k = i + 1; k <= j; k++) sum -= ld(s, k * rows + i) * ld(rinv, k * m + j);
      st(rinv, i * m + j, sum / ld(s, i * rows + i));
    }
  }
  for (let i = 0; i < m; i++) {
    for (let j = i; j < m; j++) {
      let sum: f64 = 0;
      for (let k = j; k < m; k++) sum += ld(rinv, i * m + k) * ld(rinv, j * m + k);
      const v = sum / (ld(norms, i) * ld(norms, j));
      st(cov, i * m + j, v);
      st(cov, j * m + i, v);
    }
  }
  return true;
}
