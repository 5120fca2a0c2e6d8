// Small dense linear algebra for the fitter; the same algorithms as src/reference/linalg.ts.
import { ld, st } from './memory';

// @ts-ignore: decorator
@inline function at(a: usize, cols: i32, i: i32, j: i32): usize {
  return a + ((<usize>i * <usize>cols + <usize>j) << 3);
}

/**
 * Householder QR of A (rows × cols, row-major) in place, applying the reflections to b
 * (Golub & Van Loan, 4th ed., Alg. 5.2.1): the upper triangle becomes R, b becomes Qᵀb,
 * the rest of A is zeroed. A zero column is left as it is (R_kk = 0); the return value says
 * whether that happened (rank deficient).
 */
export function householder(a: usize, b: usize, rows: i32, cols: i32): bool {
  let fullRank = true;
  for (let k = 0; k < cols; k++) {
    let ss: f64 = 0;
    for (let i = k; i < rows; i++) {
      const v = load<f64>(at(a, cols, i, k));
      ss += v * v;
    }
    const norm = Math.sqrt(ss);
    if (norm == 0) {
      fullRank = false;
      continue;
    }
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
    for (let i = k + 1; i < rows; i++) store<f64>(at(a, cols, i, k), 0);
  }
  return fullRank;
}

/** x = R⁻¹ c for the upper triangle R of a (row-major, `cols` columns). */
export function backSubstitute(a: usize, c: usize, cols: i32, x: usize): void {
  for (let k = cols - 1; k >= 0; k--) {
    let s = ld(c, k);
    for (let j = k + 1; j < cols; j++) s -= load<f64>(at(a, cols, k, j)) * ld(x, j);
    st(x, k, s / load<f64>(at(a, cols, k, k)));
  }
}
