/**
 * Dense Cholesky factorisation and solves, the one loop of the TS references: the DRT's NNLS
 * passive-set systems and λ scores' ridge systems (./drt/), the global fit's blocks
 * (./cholesky.ts) and the LM's damped normal equations (./lm.ts normalStep; the WASM twin is
 * assembly/drt-linalg.ts). Row-major, in place, no pivoting; a pivot ≤ `floor` is a failure
 * (returns false) so the caller decides, never NaN. Outside src/reference/drt/ so that the core
 * backends may reach it (test/architecture.test.ts).
 */

/**
 * Factors the k × k symmetric matrix `h` (row-major, leading dimension `ld`, rows/columns picked
 * by `idx` when given) into the lower triangle `l` (k × k, row-major). Returns false on a pivot ≤ floor.
 */
export function cholesky(h: Float64Array, ld: number, idx: Int32Array | null, k: number, l: Float64Array, floor: number): boolean {
  return choleskyRows(h, ld, idx, 0, k, l, k, floor);
}

/** Solves L Lᵀ x = rhs in place (k × k lower factor from {@link cholesky}). */
export function cholSolve(l: Float64Array, k: number, x: Float64Array): void {
  cholSolveRows(l, k, k, x);
}

/**
 * Rows [from, k) of the Cholesky factor of the k × k block of `h` (leading dimension `ldh`) picked
 * by `idx`, into `l` (leading dimension `ldl`), its rows [0, from) being already the factor of
 * the leading block: the same operations as {@link cholesky} on those rows. False on a pivot ≤ floor.
 */
export function choleskyRows(h: Float64Array, ldh: number, idx: Int32Array | null, from: number, k: number, l: Float64Array, ldl: number, floor: number): boolean {
  for (let i = from; i < k; i++) {
    const hi = idx ? idx[i]! : i;
    for (let j = 0; j <= i; j++) {
      let s = h[hi * ldh + (idx ? idx[j]! : j)]!;
      for (let t = 0; t < j; t++) s -= l[i * ldl + t]! * l[j * ldl + t]!;
      if (i === j) {
        if (!(s > floor)) return false;
        l[i * ldl + i] = Math.sqrt(s);
      } else {
        l[i * ldl + j] = s / l[j * ldl + j]!;
      }
    }
  }
  return true;
}

/** Solves L Lᵀ x = rhs in place for the k × k factor stored with leading dimension `ldl`. */
export function cholSolveRows(l: Float64Array, ldl: number, k: number, x: Float64Array): void {
  for (let i = 0; i < k; i++) {
    let s = x[i]!;
    for (let t = 0; t < i; t++) s -= l[i * ldl + t]! * x[t]!;
    x[i] = s / l[i * ldl + i]!;
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let t = i + 1; t < k; t++) s -= l[t * ldl + i]! * x[t]!;
    x[i] = s / l[i * ldl + i]!;
  }
}
