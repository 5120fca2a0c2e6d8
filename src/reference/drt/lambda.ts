/**
 * Choosing λ (specs/drt.md §3): the 71-point grid λ_k = 10^{−7+0.1k}, the GCV-type scores of
 * the *unconstrained* ridge (K = AH⁻¹Aᵀ, r = (I − K)b, n = 2N rows) and the selection rule:
 * 'plateau' (default; the largest λ whose score is ≤ (1 + δ)·min, δ = 1e-3: the scores are
 * nearly flat, pyDRTtools #14) or 'argmin' (for parity checks). Methods: 'mgcv' (default),
 * 'gcv', 'rgcv', and 're-im' (NNLS on the Re rows and on the Im rows, each warm-started along
 * the grid; the cross-prediction error; δ = 1e-2) and 'lcurve' (the largest curvature of
 * (ln‖r‖, ln μᵀMμ) of the ridge, by finite differences over ln λ; Hansen & O'Leary 1993).
 * The scan decomposes once per spectrum ({@link ridgeBasis}) and evaluates each λ in O(rows·p);
 * {@link ridgeTraces}/{@link ridgeScore} form the ridge at one λ directly and are its test oracle.
 */
import { log } from '../../math/index.ts';
import { cholesky, cholSolve } from '../dense-cholesky.ts';
import { symmetricEigen } from './eigen.ts';
import { normalEquations } from './matrices.ts';
import { nnls } from './nnls.ts';
import type { LambdaCurve, LambdaMethod, LambdaRule } from '../../types/drt.ts';
import { lambdaGrid } from '../../types/drt-tables.ts';

export type { LambdaCurve, LambdaMethod, LambdaRule } from '../../types/drt.ts';

/** The grid of §3 (71 values 10^{−7+0.1k}), a shared table (src/types/drt-tables.ts). */
export { lambdaGrid } from '../../types/drt-tables.ts';

/** The inputs of a score: A (rows × p), b, AᵀA, Aᵀb, M. */
export interface RidgeSystem {
  a: Float64Array;
  b: Float64Array;
  g: Float64Array;
  c: Float64Array;
  m: Float64Array;
  rows: number;
  p: number;
}

/** ‖r‖², tr K and (when asked) tr K² of the unconstrained ridge at λ; NaN when H is not positive definite. */
export interface RidgeTraces {
  rr: number;
  /** μᵀMμ, the penalty of the ridge solution (the L-curve's ordinate). */
  pen: number;
  trK: number;
  trK2: number;
}

/**
 * The ridge quantities at λ, with H = AᵀA + λM scaled by its diagonal (H̃ = DHD) and factored by
 * Cholesky; μ = H⁻¹Aᵀb and r = b − Aμ formed explicitly (no cancellation for noise-free data).
 * tr K = tr(H⁻¹AᵀA) = p − λ·tr(H⁻¹M): one triangular inverse and the symmetric H̃⁻¹ (≈ p³/2
 * flops). With `withTrK2`, X = H⁻¹AᵀA is formed column by column instead (≈ 1.2 p³) and
 * tr K = tr X, tr K² = Σ X_ij X_ji (rGCV needs it); tests compare the two routes.
 */
export function ridgeTraces(s: RidgeSystem, lambda: number, withTrK2: boolean): RidgeTraces {
  const { a, b, g, c, m, rows, p } = s;
  const d = new Float64Array(p);
  const h = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    const hii = g[i * p + i]! + lambda * m[i * p + i]!;
    d[i] = hii > 0 ? 1 / Math.sqrt(hii) : 1;
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) h[i * p + j] = d[i]! * (g[i * p + j]! + lambda * m[i * p + j]!) * d[j]!;
  const l = new Float64Array(p * p);
  if (!cholesky(h, p, null, p, l, 0)) return { rr: Number.NaN, pen: Number.NaN, trK: Number.NaN, trK2: Number.NaN };
  let trK = 0, trK2 = Number.NaN;
  if (withTrK2) {
    // X̃ = H̃⁻¹ G̃ column by column (G̃ = DGD); tr X̃ = tr X, tr X̃² = tr X².
    const x = new Float64Array(p * p); // column-major: x[j*p + i] = X̃_ij
    const col = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      for (let i = 0; i < p; i++) col[i] = d[i]! * g[i * p + j]! * d[j]!;
      cholSolve(l, p, col);
      x.set(col, j * p);
    }
    trK2 = 0;
    for (let i = 0; i < p; i++) {
      trK += x[i * p + i]!;
      for (let j = 0; j < p; j++) trK2 += x[j * p + i]! * x[i * p + j]!;
    }
  } else {
    // W = L⁻¹ (lower, in place of a copy), H̃⁻¹ = WᵀW; tr(H⁻¹M) = Σ_ij d_i d_j (H̃⁻¹)_ij M_ij.
    const w = new Float64Array(p * p);
    for (let j = 0; j < p; j++) {
      w[j * p + j] = 1 / l[j * p + j]!;
      for (let i = j + 1; i < p; i++) {
        let v = 0;
        for (let t = j; t < i; t++) v -= l[i * p + t]! * w[t * p + j]!;
        w[i * p + j] = v / l[i * p + i]!;
      }
    }
    let tr = 0;
    for (let i = 0; i < p; i++) {
      for (let j = 0; j <= i; j++) {
        const mij = m[i * p + j]!;
        if (mij === 0) continue;
        let v = 0; // (WᵀW)_ij = Σ_{t ≥ i} W_ti W_tj
        for (let t = i; t < p; t++) v += w[t * p + i]! * w[t * p + j]!;
        tr += (i === j ? 1 : 2) * d[i]! * d[j]! * v * mij;
      }
    }
    trK = p - lambda * tr;
  }
  const mu = new Float64Array(p);
  for (let i = 0; i < p; i++) mu[i] = d[i]! * c[i]!;
  cholSolve(l, p, mu);
  for (let i = 0; i < p; i++) mu[i] = d[i]! * mu[i]!;
  let rr = 0;
  for (let r = 0; r < rows; r++) {
    let v = b[r]!;
    for (let i = 0; i < p; i++) v -= a[r * p + i]! * mu[i]!;
    rr += v * v;
  }
  let pen = 0;
  for (let i = 0; i < p; i++) {
    let v = 0;
    for (let j = 0; j < p; j++) v += m[i * p + j]! * mu[j]!;
    pen += mu[i]! * v;
  }
  return { rr, pen, trK, trK2 };
}

/** The score of `method` at λ (§3 table) by the direct per-λ factorisation ({@link ridgeTraces}); NaN when H is not positive definite in floating point. The scan uses {@link ridgeBasis} instead; this stays as its oracle. */
export function ridgeScore(s: RidgeSystem, lambda: number, method: Exclude<LambdaMethod, 're-im' | 'lcurve'>): number {
  return scoreOf(ridgeTraces(s, lambda, method === 'rgcv'), s.rows, method);
}

/** The §3 score from the traces of the ridge at one λ, n rows. */
export function scoreOf(t: RidgeTraces, n: number, method: Exclude<LambdaMethod, 're-im' | 'lcurve'>): number {
  const { rr, trK, trK2 } = t;
  const rho = method === 'mgcv' ? (n >= 50 ? 2 : 1.3) : 1;
  const den = (n - rho * trK) / n;
  const gcv = rr / n / (den * den);
  if (method === 'rgcv') {
    const xi = n >= 100 ? 0.3 : 0.2;
    return (xi + ((1 - xi) * trK2) / n) * gcv;
  }
  return gcv;
}

/**
 * The ridge over the whole grid from one decomposition (simultaneous diagonalisation of AᵀA and
 * M): with D = diag(H₀)^{−½} for H₀ = AᵀA + λ_ref·M, DH₀D = LLᵀ (Cholesky) and
 * L⁻¹(DMD)L⁻ᵀ = VΘVᵀ (symmetric eigensolver), the columns of E = D·L⁻ᵀ·V make both forms
 * diagonal: EᵀME = Θ and EᵀAᵀAE = UᵀU = Γ with U = AE, so H(λ) = E⁻ᵀ(Γ + λΘ)E⁻¹ for EVERY λ.
 * With β = Uᵀb and d_i = γ_i + λθ_i (γ_i = ‖u_i‖², which equals 1 − λ_ref·θ_i in exact
 * arithmetic but keeps its relative accuracy where AᵀA is nearly singular): μ = E(β/d),
 * Aμ = U(β/d), tr K = Σγ_i/d_i, tr K² = Σ(γ_i/d_i)², μᵀMμ = Σθ_iβ_i²/d_i². That is O(p³) once and
 * O(rows·p) per λ instead of O(p³) per λ; r = b − Aμ is still formed explicitly (no
 * cancellation on noise-free data). Null when H₀ is not positive definite or the eigensolver failed.
 */
export interface RidgeBasis {
  /** U = A·E, rows × p row-major. */
  u: Float64Array;
  gam: Float64Array;
  theta: Float64Array;
  beta: Float64Array;
  b: Float64Array;
  rows: number;
  p: number;
}

/** The decomposition of {@link RidgeBasis} at λ_ref (the scan uses the grid's largest λ). */
export function ridgeBasis(s: RidgeSystem, lambdaRef: number): RidgeBasis | null {
  const { a, b, g, m, rows, p } = s;
  const dg = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    const hii = g[i * p + i]! + lambdaRef * m[i * p + i]!;
    dg[i] = hii > 0 ? 1 / Math.sqrt(hii) : 1;
  }
  const h = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) h[i * p + j] = dg[i]! * (g[i * p + j]! + lambdaRef * m[i * p + j]!) * dg[j]!;
  const l = new Float64Array(p * p);
  if (!cholesky(h, p, null, p, l, 0)) return null;
  // Y = L⁻¹(DMD) row by row (forward substitution on whole rows), then C = L⁻¹Yᵀ the same way
  const y = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) y[i * p + j] = dg[i]! * m[i * p + j]! * dg[j]!;
  lowerSolveRows(l, p, y);
  const c = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) c[i * p + j] = y[j * p + i]!;
  lowerSolveRows(l, p, c);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (c[i * p + j]! + c[j * p + i]!);
      c[i * p + j] = v;
      c[j * p + i] = v;
    }
  }
  const vt = new Float64Array(p * p), theta = new Float64Array(p), work = new Float64Array(p);
  if (!symmetricEigen(c, p, vt, theta, work)) return null;
  for (let i = 0; i < p; i++) if (!(theta[i]! > 0)) theta[i] = 0; // M ⪰ 0: rounding below 0 is 0
  // E = D·L⁻ᵀ·V: Lᵀ W = V by back substitution on whole rows (V = vtᵀ), then rows scaled by D
  const w = new Float64Array(p * p);
  for (let k = 0; k < p; k++) for (let i = 0; i < p; i++) w[k * p + i] = vt[i * p + k]!;
  for (let k = p - 1; k >= 0; k--) {
    const rk = k * p;
    for (let t = k + 1; t < p; t++) {
      const ltk = l[t * p + k]!;
      if (ltk === 0) continue;
      const rt = t * p;
      for (let i = 0; i < p; i++) w[rk + i] = w[rk + i]! - ltk * w[rt + i]!;
    }
    const inv = 1 / l[rk + k]!;
    for (let i = 0; i < p; i++) w[rk + i] = w[rk + i]! * inv;
  }
  for (let k = 0; k < p; k++) for (let i = 0; i < p; i++) w[k * p + i] = w[k * p + i]! * dg[k]!;
  // U = A·E, γ, β
  const u = new Float64Array(rows * p), gam = new Float64Array(p), beta = new Float64Array(p);
  for (let r = 0; r < rows; r++) {
    const ur = r * p;
    for (let k = 0; k < p; k++) {
      const ark = a[r * p + k]!;
      if (ark === 0) continue;
      const rk = k * p;
      for (let i = 0; i < p; i++) u[ur + i] = u[ur + i]! + ark * w[rk + i]!;
    }
    const br = b[r]!;
    for (let i = 0; i < p; i++) {
      const v = u[ur + i]!;
      gam[i] = gam[i]! + v * v;
      beta[i] = beta[i]! + v * br;
    }
  }
  return { u, gam, theta, beta, b, rows, p };
}

/** X ← L⁻¹X for the lower factor L (p × p) and X (p × p), both row-major. */
function lowerSolveRows(l: Float64Array, p: number, x: Float64Array): void {
  for (let i = 0; i < p; i++) {
    const ri = i * p;
    for (let t = 0; t < i; t++) {
      const lit = l[ri + t]!;
      if (lit === 0) continue;
      const rt = t * p;
      for (let j = 0; j < p; j++) x[ri + j] = x[ri + j]! - lit * x[rt + j]!;
    }
    const inv = 1 / l[ri + i]!;
    for (let j = 0; j < p; j++) x[ri + j] = x[ri + j]! * inv;
  }
}

/** The ridge quantities at λ from a {@link ridgeBasis} (O(rows·p)); `t` is p words of work. */
export function basisTraces(q: RidgeBasis, lambda: number, t: Float64Array = new Float64Array(q.p)): RidgeTraces {
  const { u, gam, theta, beta, b, rows, p } = q;
  let trK = 0, trK2 = 0, pen = 0;
  for (let i = 0; i < p; i++) {
    const d = gam[i]! + lambda * theta[i]!;
    if (!(d > 0)) return { rr: Number.NaN, pen: Number.NaN, trK: Number.NaN, trK2: Number.NaN };
    const ti = beta[i]! / d, k = gam[i]! / d;
    t[i] = ti;
    trK += k;
    trK2 += k * k;
    pen += theta[i]! * ti * ti;
  }
  let rr = 0;
  for (let r = 0; r < rows; r++) {
    const ur = r * p;
    let v = b[r]!;
    for (let i = 0; i < p; i++) v -= u[ur + i]! * t[i]!;
    rr += v * v;
  }
  return { rr, pen, trK, trK2 };
}

/** Index chosen by `rule` on a score curve (NaN scores never chosen); -1 when all are NaN. */
export function selectLambda(score: Float64Array, rule: LambdaRule, delta: number): number {
  let min = Number.POSITIVE_INFINITY, arg = -1;
  for (let k = 0; k < score.length; k++) {
    if (score[k]! < min) {
      min = score[k]!;
      arg = k;
    }
  }
  if (arg < 0 || rule === 'argmin') return arg;
  const limit = (1 + delta) * min;
  for (let k = score.length - 1; k >= 0; k--) if (score[k]! <= limit) return k;
  return arg;
}

/** The whole scan: scores on the grid (one {@link ridgeBasis} at the largest λ) and the chosen index. */
export function scanLambda(s: RidgeSystem, method: Exclude<LambdaMethod, 're-im'>, rule: LambdaRule, delta = 1e-3): LambdaCurve {
  const lambda = lambdaGrid();
  const k = lambda.length;
  const basis = ridgeBasis(s, lambda[k - 1]!);
  const work = new Float64Array(s.p);
  const traces = (i: number): RidgeTraces => basis ? basisTraces(basis, lambda[i]!, work) : { rr: Number.NaN, pen: Number.NaN, trK: Number.NaN, trK2: Number.NaN };
  if (method === 'lcurve') return scanLCurve(traces, lambda, rule, delta);
  const score = new Float64Array(k);
  for (let i = 0; i < k; i++) score[i] = scoreOf(traces(i), s.rows, method);
  return { lambda, score, method, rule, delta, index: selectLambda(score, rule, delta) };
}

/**
 * The 're-im' scan (§3): for each λ, NNLS on the Re rows (x_re) and on the Im rows (x_im), each
 * warm-started from its previous λ; score = ‖Z′ − A_re·x̂_im‖² + ‖Z″ − A_im·x̂_re‖², where x̂_im
 * is x_im with R∞ from the Re fit and x̂_re is x_re with L from the Im fit. `n` = N (the Re rows
 * are the first N of A, the Im rows the next N); R∞ is column N, L column N + 1 when present.
 */
export function scanLambdaReIm(a: Float64Array, b: Float64Array, m: Float64Array, n: number, p: number, rule: LambdaRule, delta = 1e-2): LambdaCurve {
  const lambda = lambdaGrid();
  const score = new Float64Array(lambda.length);
  const re = normalEquations(a, b, p, 0, n), im = normalEquations(a, b, p, n, 2 * n);
  let warmRe: Float64Array | undefined, warmIm: Float64Array | undefined;
  const h = new Float64Array(p * p);
  for (let k = 0; k < lambda.length; k++) {
    const lam = lambda[k]!;
    for (let i = 0; i < p * p; i++) h[i] = re.g[i]! + lam * m[i]!;
    const xr = nnls(h, re.c, p, warmRe ? { warm: warmRe } : {}).x;
    for (let i = 0; i < p * p; i++) h[i] = im.g[i]! + lam * m[i]!;
    const xi = nnls(h, im.c, p, warmIm ? { warm: warmIm } : {}).x;
    warmRe = xr;
    warmIm = xi;
    const xhIm = xi.slice(), xhRe = xr.slice();
    xhIm[n] = xr[n]!; // R∞ from the Re fit (mode 'complex': column N)
    if (p > n + 1) xhRe[n + 1] = xi[n + 1]!; // L from the Im fit (column N + 1)
    let sc = 0;
    for (let r = 0; r < n; r++) {
      let vr = b[r]!, vi = b[n + r]!;
      for (let j = 0; j < p; j++) {
        vr -= a[r * p + j]! * xhIm[j]!;
        vi -= a[(n + r) * p + j]! * xhRe[j]!;
      }
      sc += vr * vr + vi * vi;
    }
    score[k] = sc;
  }
  return { lambda, score, method: 're-im', rule, delta, index: selectLambda(score, rule, delta) };
}

/**
 * The L-curve (§3): ρ = ln‖r‖, η = ln μᵀMμ of the ridge at each λ; with central differences over
 * t = ln λ (uniform step), κ = (ρ′η″ − ρ″η′)/(ρ′² + η′²)^{3/2}, positive at the corner (the curve
 * turns counter-clockwise there as λ grows); the chosen index is the largest κ.
 */
function scanLCurve(traces: (i: number) => RidgeTraces, lambda: Float64Array, rule: LambdaRule, delta: number): LambdaCurve {
  const k = lambda.length;
  const rho = new Float64Array(k), eta = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const t = traces(i);
    rho[i] = 0.5 * log(t.rr);
    eta[i] = log(t.pen);
  }
  const h = log(lambda[1]!) - log(lambda[0]!);
  const score = new Float64Array(k).fill(Number.NaN);
  let index = -1, best = Number.NEGATIVE_INFINITY;
  for (let i = 1; i < k - 1; i++) {
    const r1 = (rho[i + 1]! - rho[i - 1]!) / (2 * h), e1 = (eta[i + 1]! - eta[i - 1]!) / (2 * h);
    const r2 = (rho[i + 1]! - 2 * rho[i]! + rho[i - 1]!) / (h * h), e2 = (eta[i + 1]! - 2 * eta[i]! + eta[i - 1]!) / (h * h);
    const q = r1 * r1 + e1 * e1;
    const kappa = (r1 * e2 - r2 * e1) / (q * Math.sqrt(q));
    score[i] = kappa;
    if (kappa > best) {
      best = kappa;
      index = i;
    }
  }
  return { lambda, score, method: 'lcurve', rule, delta, index };
}
