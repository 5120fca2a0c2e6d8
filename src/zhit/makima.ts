/**
 * Makima slopes (modified Akima, as scipy's `Akima1DInterpolator(method='makima')`) and the exact
 * integral of the makima cubic between nodes. Specification: docs/specs/zhit.md §2.4 and §4.
 */

/**
 * Slopes t_i at nodes x (strictly increasing, at least 3) of values y:
 * t_i = (w1·δ_{i−1} + w2·δ_i)/(w1 + w2), w1 = |δ_{i+1} − δ_i| + |δ_{i+1} + δ_i|/2,
 * w2 = |δ_{i−1} − δ_{i−2}| + |δ_{i−1} + δ_{i−2}|/2; 0 when w1 + w2 = 0. The secants are
 * extended by two on each side linearly (δ_{−1} = 2δ_0 − δ_1, δ_{−2} = 3δ_0 − 2δ_1, mirrored).
 */
export function makimaSlopes(x: Float64Array, y: Float64Array): Float64Array {
  const n = x.length;
  // d[j + 2] = δ_j, j = −2 … n
  const d = new Float64Array(n + 3);
  for (let j = 0; j < n - 1; j++) d[j + 2] = (y[j + 1]! - y[j]!) / (x[j + 1]! - x[j]!);
  d[1] = 2 * d[2]! - d[3]!;
  d[0] = 3 * d[2]! - 2 * d[3]!;
  d[n + 1] = 2 * d[n]! - d[n - 1]!;
  d[n + 2] = 3 * d[n]! - 2 * d[n - 1]!;
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const dm2 = d[i]!, dm1 = d[i + 1]!, d0 = d[i + 2]!, dp1 = d[i + 3]!;
    const w1 = Math.abs(dp1 - d0) + Math.abs(dp1 + d0) / 2;
    const w2 = Math.abs(dm1 - dm2) + Math.abs(dm1 + dm2) / 2;
    t[i] = w1 + w2 === 0 ? 0 : (w1 * dm1 + w2 * d0) / (w1 + w2);
  }
  return t;
}

/** ∫_a^b of the cubic Hermite through (a, ya, ta) and (b, yb, tb): h(ya + yb)/2 + h²(ta − tb)/12. */
export function hermiteIntegral(h: number, ya: number, yb: number, ta: number, tb: number): number {
  return (h * (ya + yb)) / 2 + (h * h * (ta - tb)) / 12;
}
