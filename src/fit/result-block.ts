/**
 * The typed arrays of one fit result, as views of one Float64Array.
 *
 * Why: in V8 a typed array longer than 64 bytes gets its own off-heap backing store, and
 * allocating ~12 of them per fit (spectrum copies, weights, fitted, residuals, covariance…)
 * cost more than the WASM fit of a noise-free pellet spectrum (profile of fitBatch: allocation
 * plus the garbage collector ≈ 30 % of the time). One block per result is one allocation.
 * `structuredClone` keeps views of one buffer together, so a cloned result stays compact.
 */
export interface ResultBlock {
  params: Float64Array;
  stderr: Float64Array;
  /** P × P, natural units. */
  covariance: Float64Array;
  correlation: Float64Array;
  fittedRe: Float64Array;
  fittedIm: Float64Array;
  residualsRe: Float64Array;
  residualsIm: Float64Array;
  /** The solution in the internal (unbounded) variables (m). */
  u: Float64Array;
  /** (AᵀA)⁻¹ over the free parameters (m × m), before scaling by χ²/dof. */
  unscaled: Float64Array;
}

/** A result block for P parameters (m free) and n frequencies. */
export function newResultBlock(P: number, m: number, n: number): ResultBlock {
  const all = new Float64Array(2 * P + 2 * P * P + 4 * n + m + m * m);
  let at = 0;
  const take = (len: number) => all.subarray(at, (at += len));
  return {
    params: take(P), stderr: take(P), covariance: take(P * P), correlation: take(P * P),
    fittedRe: take(n), fittedIm: take(n), residualsRe: take(n), residualsIm: take(n),
    u: take(m), unscaled: take(m * m),
  };
}
