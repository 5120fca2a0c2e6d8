/**
 * The hat matrix H = Q·Qᵀ of a linear least-squares design A (rows × cols, row-major) with
 * Q an orthonormal basis of A's column space, by modified Gram–Schmidt applied twice
 * ("twice is enough": Giraud, Langou, Rozložník, Comput. Math. Appl. 50 (2005) 1069). Columns
 * whose part independent of the earlier ones is below 1e-10 of their norm add nothing (a
 * rank-deficient design). Used to predict the variance of every residual of a linear fit.
 */
export function orthonormalBasis(a: Float64Array, rows: number, cols: number): { q: Float64Array; rank: number } {
  const q = new Float64Array(rows * cols); // column-major: column k at k·rows
  let rank = 0;
  const v = new Float64Array(rows);
  for (let k = 0; k < cols; k++) {
    let norm0 = 0;
    for (let i = 0; i < rows; i++) {
      v[i] = a[i * cols + k]!;
      norm0 += v[i]! * v[i]!;
    }
    norm0 = Math.sqrt(norm0);
    if (!(norm0 > 0)) continue;
    for (let pass = 0; pass < 2; pass++) {
      for (let j = 0; j < rank; j++) {
        let dot = 0;
        for (let i = 0; i < rows; i++) dot += q[j * rows + i]! * v[i]!;
        for (let i = 0; i < rows; i++) v[i] = v[i]! - dot * q[j * rows + i]!;
      }
    }
    let norm = 0;
    for (let i = 0; i < rows; i++) norm += v[i]! * v[i]!;
    norm = Math.sqrt(norm);
    if (!(norm > 1e-10 * norm0)) continue;
    for (let i = 0; i < rows; i++) q[rank * rows + i] = v[i]! / norm;
    rank++;
  }
  return { q, rank };
}

/**
 * Variance of every residual r = (I − H)ε of a linear fit when ε has independent variances
 * `variance` (rows): Var r_i = var_i·(1 − 2h_ii) + Σ_j H_ij²·var_j, and the part of it that is
 * the fit's own error, Σ_j H_ij²·var_j. O(rows²·rank).
 */
export function residualVariance(a: Float64Array, rows: number, cols: number, variance: Float64Array): { total: Float64Array; fit: Float64Array; leverage: Float64Array } {
  const { q, rank } = orthonormalBasis(a, rows, cols);
  const total = new Float64Array(rows), fit = new Float64Array(rows), leverage = new Float64Array(rows);
  const row = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    row.fill(0);
    for (let k = 0; k < rank; k++) {
      const qi = q[k * rows + i]!;
      if (qi === 0) continue;
      for (let j = 0; j < rows; j++) row[j] = row[j]! + qi * q[k * rows + j]!;
    }
    let s = 0;
    for (let j = 0; j < rows; j++) s += row[j]! * row[j]! * variance[j]!;
    const h = row[i]!;
    leverage[i] = h;
    fit[i] = s;
    total[i] = Math.max(variance[i]! * (1 - 2 * h) + s, 0);
  }
  return { total, fit, leverage };
}
