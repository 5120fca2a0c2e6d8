// Small dense linear algebra for the fitter; the same algorithms as src/reference/linalg.ts.
import { ld, st } from './memory';

// @ts-ignore: decorator
@inline function at(a: usize, cols: i32, i: i32, j: i32): usize {
  return a + ((<usize>i * <usize>cols + <usize>j) << 3);
}

/**
 * Solves min ‖A x − b‖ for A (rows × cols, row-major, full column rank) by Householder QR
 * (Golub & Van Loan, 4th ed., Alg. 5.2.1, §5.3.3). A and b are overwritten; x gets the
 * solution. Returns false for a zero column (rank deficient).
 */
export function qrSolve(a: usize, b: usize, rows: i32, cols: i32, x: usize): bool {
  for (let k = 0; k < cols; k++) {
    let ss: f64 = 0;
    for (let i = k; i < rows; i++) {
      const v = load<f64>(at(a, cols, i, k));
      ss += v * v;
    }
    const norm = Math.sqrt(ss);
    if (norm == 0) return false;
    const akk = load<f64>(at(a, cols, k, k));
    const alpha = akk > 0 ? -norm : norm;
    store<f64>(at(a, cols, k, k), akk - alpha);
    const vtv = 2 * norm * (norm + Math.abs(akk)); // vᵀv of v = a[k:,k] − alpha·e1
    for (let j = k + 1; j < cols; j++) {
      let s: f64 = 0;
      for (let i = k; i < rows; i++) s += load<f64>(at(a, cols, i, k)) * load<f64>(at(a, cols, i, j));
      const f = (2 * s) / vtv;
      for (let i = k; i < rows; i++) {
        const p = at(a, cols, i, j);
        store<f64>(p, load<f64>(p) - f * load<f64>(at(a, cols, i, k)));
      }
    }
    let s: f64 = 0;
    for (let i = k; i < rows; i++) s += load<f64>(at(a, cols, i, k)) * ld(b, i);
    const f = (2 * s) / vtv;
    for (let i = k; i < rows; i++) st(b, i, ld(b, i) - f * load<f64>(at(a, cols, i, k)));
    store<f64>(at(a, cols, k, k), alpha);
  }
  for (let k = cols - 1; k >= 0; k--) {
    let s = ld(b, k);
    for (let j = k + 1; j < cols; j++) s -= load<f64>(at(a, cols, k, j)) * ld(x, j);
    st(x, k, s / load<f64>(at(a, cols, k, k)));
  }
  return true;
}
