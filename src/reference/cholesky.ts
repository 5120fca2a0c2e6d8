/**
 * Cholesky factorisation of a small symmetric positive-definite matrix and its solves, for the
 * blocks of the global fit's Schur-complement step (./global-lm.ts): V_s* per spectrum and the
 * reduced matrix S over the global parameters.
 */
import { cholesky as factor, cholSolve } from './dense-cholesky.ts';

/**
 * In place: the lower triangle of `a` (n × n row-major) becomes L with A = LLᵀ (the strict upper
 * triangle is left as it was). False when A is not numerically positive definite. The one
 * factorisation loop of the references (./dense-cholesky.ts), here in place: entry (i, j) reads
 * a[i][j] before it writes it and only rows already factored otherwise.
 */
export function cholesky(a: Float64Array, n: number): boolean {
  return factor(a, n, null, n, a, 0);
}

/** Solves LLᵀx = b in place (b becomes x, from `offset`), L from cholesky(). */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array, offset = 0): void {
  cholSolve(l, n, offset === 0 && b.length === n ? b : b.subarray(offset, offset + n));
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
