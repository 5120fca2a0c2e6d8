/**
 * Cholesky factorisation of a small symmetric positive-definite matrix and its solves, for the
 * blocks of the global fit's Schur-complement step (./global-lm.ts): V_s* per spectrum and the
 * reduced matrix S over the global parameters.
 */

/**
 * In place: the lower triangle of `a` (n × n row-major) becomes L with A = LLᵀ (the strict upper
 * triangle is left as it was). False when A is not numerically positive definite.
 */
export function cholesky(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let s = a[j * n + j]!;
    for (let k = 0; k < j; k++) s -= a[j * n + k]! * a[j * n + k]!;
    if (!(s > 0)) return false;
    const ljj = Math.sqrt(s);
    a[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let t = a[i * n + j]!;
      for (let k = 0; k < j; k++) t -= a[i * n + k]! * a[j * n + k]!;
      a[i * n + j] = t / ljj;
    }
  }
  return true;
}

/** Solves LLᵀx = b in place (b becomes x), L from cholesky(). */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array, offset = 0): void {
  for (let i = 0; i < n; i++) {
    let s = b[offset + i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * b[offset + k]!;
    b[offset + i] = s / l[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[offset + i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * b[offset + k]!;
    b[offset + i] = s / l[i * n + i]!;
  }
}

/** (LLᵀ)⁻¹ as a full n × n matrix. */
export function choleskyInverse(l: Float64Array, n: number): Float64Array {
  const inv = new Float64Array(n * n), col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    col.fill(0);
    col[j] = 1;
    choleskySolve(l, n, col);
    for (let i = 0; i < n; i++) inv[i * n + j] = col[i]!;
  }
  return inv;
}

/**
 * A cheap estimate of the 2-norm condition number of A = LLᵀ after Jacobi scaling (unit
 * diagonal): (max Lᵢᵢ / min Lᵢᵢ)² of the scaled factor — a lower bound, enough to catch a
 * reduced system that has lost most of its digits.
 */
export function choleskyConditionEstimate(a: Float64Array, n: number): number {
  const s = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s[i * n + j] = a[i * n + j]! / Math.sqrt(a[i * n + i]! * a[j * n + j]!);
  if (!cholesky(s, n)) return Number.POSITIVE_INFINITY;
  let lo = Number.POSITIVE_INFINITY, hi = 0;
  for (let i = 0; i < n; i++) {
    lo = Math.min(lo, s[i * n + i]!);
    hi = Math.max(hi, s[i * n + i]!);
  }
  return (hi / lo) ** 2;
}
