/**
 * Small dense linear algebra for the fitter (reference versions; assembly/linalg.ts has the
 * same algorithms for the WASM backend). Matrices are row-major Float64Arrays.
 */
import { hypot } from '../math/index.ts';

/**
 * Householder QR of A (rows × cols, rows ≥ cols) in place, applying the same reflections to b
 * (Golub & Van Loan, Matrix Computations, 4th ed., Alg. 5.2.1): afterwards the upper
 * triangle of A's first `cols` rows is R and b is Qᵀb. No normal equations, so the condition
 * number is not squared. A column that is already zero below the diagonal is left as it is
 * (R_kk = 0); the return value says whether that happened (rank deficient).
 */
export function householder(a: Float64Array, b: Float64Array, rows: number, cols: number): boolean {
  let fullRank = true;
  for (let k = 0; k < cols; k++) {
    let ss = 0;
    for (let i = k; i < rows; i++) ss += a[i * cols + k]! * a[i * cols + k]!;
    const norm = Math.sqrt(ss);
    if (norm === 0) {
      fullRank = false;
      continue;
    }
    const akk = a[k * cols + k]!;
    const alpha = akk > 0 ? -norm : norm;
    // v = a[k:,k] − alpha·e1, stored in place; vᵀv = 2·norm·(norm + |akk|)
    a[k * cols + k] = akk - alpha;
    const vtv = 2 * norm * (norm + Math.abs(akk));
    for (let j = k + 1; j < cols; j++) {
      let s = 0;
      for (let i = k; i < rows; i++) s += a[i * cols + k]! * a[i * cols + j]!;
      const f = (2 * s) / vtv;
      for (let i = k; i < rows; i++) a[i * cols + j] = a[i * cols + j]! - f * a[i * cols + k]!;
    }
    let s = 0;
    for (let i = k; i < rows; i++) s += a[i * cols + k]! * b[i]!;
    const f = (2 * s) / vtv;
    for (let i = k; i < rows; i++) b[i] = b[i]! - f * a[i * cols + k]!;
    a[k * cols + k] = alpha; // R_kk (the rest of the column is the reflector, not needed later)
    for (let i = k + 1; i < rows; i++) a[i * cols + k] = 0;
  }
  return fullRank;
}

/**
 * R and Qᵀb of A = QR (rows × cols, row-major) by the normal equations, where they are accurate
 * enough: G = AᵀA and c = Aᵀb (`g`: cols² + cols words of scratch), G = LLᵀ (Cholesky), then
 * R = Lᵀ into A's upper triangle and L⁻¹c into b's first cols entries — RᵀR = AᵀA and
 * Rᵀ(L⁻¹c) = Aᵀb, so R and (Qᵀb)₁ equal Householder's up to the signs of R's rows, which
 * nothing downstream sees (steps, gains, gradients). Costs about half of Householder QR for the
 * fitter's tall J. The error grows with the squared condition number of the column-scaled A
 * (Cholesky does not see column scaling): a pivot L_kk² at or below `guard` times G_kk — the
 * share of column k's squared norm outside the span of the columns before it — returns false,
 * with A and b unchanged, and the caller takes Householder QR instead. That test bounds each
 * column's angle to the span before it, not the condition number (./lm.ts says what follows). Below A's upper
 * triangle A is left as it was (not the reflectors); b's entries from cols on are not Qᵀb.
 */
export function gramCholesky(a: Float64Array, b: Float64Array, rows: number, cols: number, g: Float64Array, guard: number): boolean {
  // G's lower triangle (G[i·cols + k], i ≥ k) and c at g[cols² + k]
  const c0 = cols * cols;
  for (let k = 0; k < cols; k++) {
    for (let i = k; i < cols; i++) {
      let s = 0;
      for (let r = 0; r < rows; r++) s += a[r * cols + i]! * a[r * cols + k]!;
      g[i * cols + k] = s;
    }
    let s = 0;
    for (let r = 0; r < rows; r++) s += a[r * cols + k]! * b[r]!;
    g[c0 + k] = s;
  }
  // G = LLᵀ, column by column (left-looking)
  for (let k = 0; k < cols; k++) {
    const gkk = g[k * cols + k]!;
    let p = gkk;
    for (let j = 0; j < k; j++) p -= g[k * cols + j]! * g[k * cols + j]!;
    if (!(p > guard * gkk)) return false;
    const lkk = Math.sqrt(p);
    g[k * cols + k] = lkk;
    for (let i = k + 1; i < cols; i++) {
      let s = g[i * cols + k]!;
      for (let j = 0; j < k; j++) s -= g[i * cols + j]! * g[k * cols + j]!;
      g[i * cols + k] = s / lkk;
    }
  }
  // L⁻¹c into b, Lᵀ into A's upper triangle (R_ik = L_ki)
  for (let k = 0; k < cols; k++) {
    let s = g[c0 + k]!;
    for (let j = 0; j < k; j++) s -= g[k * cols + j]! * b[j]!;
    b[k] = s / g[k * cols + k]!;
  }
  for (let i = 0; i < cols; i++) for (let k = i; k < cols; k++) a[i * cols + k] = g[k * cols + i]!;
  return true;
}

/** x = R⁻¹ c for the upper triangle R of a (rows ≥ cols, row-major). */
export function backSubstitute(a: Float64Array, c: Float64Array, cols: number, x: Float64Array): void {
  for (let k = cols - 1; k >= 0; k--) {
    let s = c[k]!;
    for (let j = k + 1; j < cols; j++) s -= a[k * cols + j]! * x[j]!;
    x[k] = s / a[k * cols + k]!;
  }
}

/**
 * Singular value decomposition of A (rows × cols, rows ≥ cols) by one-sided Jacobi rotations
 * (Hestenes 1958; Demmel & Veselić, SIAM J. Matrix Anal. Appl. 13 (1992) 1204): columns are
 * orthogonalised pairwise until every pair is orthogonal to 1e-15 relative. Returns the
 * singular values s (unsorted) and V (cols × cols, row-major) with A = U·diag(s)·Vᵀ.
 */
export function jacobiSvd(aIn: Float64Array, rows: number, cols: number): { s: Float64Array; v: Float64Array } {
  const a = Float64Array.from(aIn);
  const v = new Float64Array(cols * cols);
  for (let k = 0; k < cols; k++) v[k * cols + k] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < cols - 1; p++) {
      for (let q = p + 1; q < cols; q++) {
        let alpha = 0, beta = 0, gamma = 0;
        for (let i = 0; i < rows; i++) {
          const ap = a[i * cols + p]!, aq = a[i * cols + q]!;
          alpha += ap * ap;
          beta += aq * aq;
          gamma += ap * aq;
        }
        if (gamma === 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t), s = c * t;
        for (let i = 0; i < rows; i++) {
          const ap = a[i * cols + p]!, aq = a[i * cols + q]!;
          a[i * cols + p] = c * ap - s * aq;
          a[i * cols + q] = s * ap + c * aq;
        }
        for (let i = 0; i < cols; i++) {
          const vp = v[i * cols + p]!, vq = v[i * cols + q]!;
          v[i * cols + p] = c * vp - s * vq;
          v[i * cols + q] = s * vp + c * vq;
        }
      }
    }
    if (!rotated) break;
  }
  const s = new Float64Array(cols);
  for (let k = 0; k < cols; k++) {
    let n = 0;
    for (let i = 0; i < rows; i++) n = hypot(n, a[i * cols + k]!);
    s[k] = n;
  }
  return { s, v };
}
