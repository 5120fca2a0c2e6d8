/**
 * The Lawson–Hanson active-set NNLS (Solving Least Squares Problems, 1974, ch. 23), as
 * scipy.optimize.nnls runs it, for TR-NNLS (./tr-nnls.ts, specs/drt.md §6.4): Householder
 * reflections keep the passive set triangular and Givens rotations re-triangularise it when a
 * column leaves, so the conditioning is that of the matrix, not of its normal equations.
 */
import { hypot } from '../math/index.ts';

/** What {@link lawsonHanson} returns. */
export interface LawsonHansonResult {
  /** x ≥ 0. */
  x: Float64Array;
  /** ‖a·x − b‖. */
  residualNorm: number;
  /** Inner steps taken (each outer step counts one, as scipy counts them). */
  iterations: number;
  /** False when the cap was hit (x is then the last feasible point). */
  converged: boolean;
}

/**
 * Non-negative least squares min ‖a·x − b‖ over x ≥ 0 of a dense m × n matrix (column-major:
 * a[j·m + i]), by the active-set algorithm of Lawson & Hanson (Solving Least Squares Problems,
 * 1974, ch. 23), the one scipy.optimize.nnls runs. The passive set P is kept triangular by a
 * Householder reflection per entering column and Givens rotations when one leaves, so each step
 * costs O(mn) and the conditioning is that of a, not of aᵀa (which the normal-equation solver of
 * src/reference/drt/nnls.ts squares: cond(AᵀA + λI) is 1.4e9 at λ = 1e-7 on 81 points, and nnls.ts on
 * HᵀH, Hᵀb was measured 5 % off scipy's γ at λ = 1e-4 and 270 % at 1e-7). A column enters only
 * if its new diagonal exceeds 100 ulps of the norm above it and its prospective value is > 0;
 * members of P that reach ≤ 0 leave. Capped at maxIter inner steps (default 3n, scipy's).
 * Inputs are not modified.
 */
export function lawsonHanson(aIn: Float64Array, bIn: Float64Array, m: number, n: number, maxIter = 3 * n): LawsonHansonResult {
  const a = aIn.slice(0, m * n), b = bIn.slice(0, m);
  const x = new Float64Array(n), w = new Float64Array(n), zz = new Float64Array(m), v = new Float64Array(m);
  // order[0..np) is P in triangular order, order[np..n) is Z
  const order = new Int32Array(n);
  for (let j = 0; j < n; j++) order[j] = j;
  let np = 0, iterations = 0, converged = true;
  const limit = Math.min(m, n);
  const backSolve = (): void => {
    zz.set(b);
    for (let ip = np - 1; ip >= 0; ip--) {
      const col = order[ip]! * m;
      zz[ip] = zz[ip]! / a[col + ip]!;
      for (let i = 0; i < ip; i++) zz[i] = zz[i]! - a[col + i]! * zz[ip]!;
    }
  };
  outer: while (np < limit) {
    // the dual w = aᵀ(b − a·x) on Z, in the rotated coordinates (rows np… only)
    for (let k = np; k < n; k++) {
      const col = order[k]! * m;
      let s = 0;
      for (let i = np; i < m; i++) s += a[col + i]! * b[i]!;
      w[order[k]!] = s;
    }
    // the column that enters: the largest w_j > 0 whose reflection is well conditioned and
    // whose prospective value is > 0
    let kz = -1, beta = 0, vp = 0;
    for (;;) {
      let wmax = 0;
      kz = -1;
      for (let k = np; k < n; k++) {
        if (w[order[k]!]! > wmax) {
          wmax = w[order[k]!]!;
          kz = k;
        }
      }
      if (kz < 0) break outer;
      const j = order[kz]!, col = j * m;
      let scale = 0;
      for (let i = np; i < m; i++) scale = Math.max(scale, Math.abs(a[col + i]!));
      let ok = false;
      if (scale > 0) {
        let ss = 0;
        for (let i = np; i < m; i++) {
          const t = a[col + i]! / scale;
          ss += t * t;
        }
        const up = a[col + np]!;
        beta = up > 0 ? -scale * Math.sqrt(ss) : scale * Math.sqrt(ss);
        vp = up - beta;
        let uu = 0;
        for (let i = 0; i < np; i++) uu += a[col + i]! * a[col + i]!;
        if (Math.abs(beta) > 100 * ulp(Math.sqrt(uu))) {
          // the reflection I − vvᵀ·2/(vᵀv), with vᵀv = −2βv_p, applied to b
          v[np] = vp;
          for (let i = np + 1; i < m; i++) v[i] = a[col + i]!;
          zz.set(b);
          reflect(v, np, m, beta, vp, zz, 0);
          ok = zz[np]! / beta > 0;
        }
      }
      if (ok) break;
      w[j] = 0;
    }
    const j = order[kz]!;
    b.set(zz);
    order[kz] = order[np]!;
    order[np] = j;
    for (let k = np + 1; k < n; k++) reflect(v, np, m, beta, vp, a, order[k]! * m);
    a[j * m + np] = beta;
    for (let i = np + 1; i < m; i++) a[j * m + i] = 0;
    np++;
    w[j] = 0;
    backSolve();
    for (;;) {
      iterations++;
      if (iterations >= maxIter) {
        converged = false;
        break outer;
      }
      // the step toward zz stops where the first member of P reaches 0
      let alpha = 2, jj = -1;
      for (let ip = 0; ip < np; ip++) {
        if (zz[ip]! > 0) continue;
        const xk = x[order[ip]!]!;
        const t = -xk / (zz[ip]! - xk);
        if (alpha > t) {
          alpha = t;
          jj = ip;
        }
      }
      if (jj < 0) break;
      for (let ip = 0; ip < np; ip++) {
        const k = order[ip]!;
        x[k] = x[k]! + alpha * (zz[ip]! - x[k]!);
      }
      // move order[jj], then every other member of P at ≤ 0, to Z, re-triangularising
      while (jj >= 0) {
        const leaving = order[jj]!;
        x[leaving] = 0;
        for (let q = jj + 1; q < np; q++) {
          const ii = order[q]!;
          order[q - 1] = ii;
          const f = a[ii * m + q - 1]!, g = a[ii * m + q]!;
          const r = hypot(f, g);
          const c = r === 0 ? 1 : f / r, s = r === 0 ? 0 : g / r;
          a[ii * m + q - 1] = r;
          a[ii * m + q] = 0;
          for (let k = 0; k < n; k++) {
            if (k === ii) continue;
            const t = a[k * m + q - 1]!;
            a[k * m + q - 1] = c * t + s * a[k * m + q]!;
            a[k * m + q] = -s * t + c * a[k * m + q]!;
          }
          const t = b[q - 1]!;
          b[q - 1] = c * t + s * b[q]!;
          b[q] = -s * t + c * b[q]!;
        }
        np--;
        order[np] = leaving;
        jj = -1;
        for (let q = 0; q < np; q++) {
          if (x[order[q]!]! <= 0) {
            jj = q;
            break;
          }
        }
      }
      backSolve();
    }
    for (let ip = 0; ip < np; ip++) x[order[ip]!] = zz[ip]!;
  }
  let rr = 0;
  for (let i = np; i < m; i++) rr += b[i]! * b[i]!;
  return { x, residualNorm: Math.sqrt(rr), iterations, converged };
}

/** Applies the reflection of {@link lawsonHanson} (v on rows p…m−1, vᵀv = −2βv_p) to rows p…m−1 of the column at c[off…]. */
function reflect(v: Float64Array, p: number, m: number, beta: number, vp: number, c: Float64Array, off: number): void {
  let s = 0;
  for (let i = p; i < m; i++) s += v[i]! * c[off + i]!;
  if (s === 0) return;
  s /= beta * vp;
  for (let i = p; i < m; i++) c[off + i] = c[off + i]! + s * v[i]!;
}

const ULP_VIEW = new DataView(new ArrayBuffer(8));
/** The spacing of doubles at u ≥ 0 (nextafter(u, ∞) − u; 0 at 0, as scipy's test has it). */
function ulp(u: number): number {
  if (!(u > 0) || u === Number.POSITIVE_INFINITY) return 0;
  ULP_VIEW.setFloat64(0, u);
  const hi = ULP_VIEW.getUint32(0), lo = ULP_VIEW.getUint32(4);
  if (lo === 0xffffffff) {
    ULP_VIEW.setUint32(0, hi + 1);
    ULP_VIEW.setUint32(4, 0);
  } else {
    ULP_VIEW.setUint32(4, lo + 1);
  }
  return ULP_VIEW.getFloat64(0) - u;
}
