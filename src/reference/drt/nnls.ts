/**
 * Active-set NNLS on the normal equations (specs/drt.md §2): Lawson–Hanson in the Bro–de Jong
 * "FNNLS" form. Minimises ½xᵀHx − cᵀx subject to x ≥ 0 (free columns unconstrained) with
 * H = AᵀA + λM, c = Aᵀb. The problem is scaled by d_i = H_ii^{−½} (pyDRTtools #6: the L
 * column spreads diag(H) over ~1e14), so tolerances are relative. Warm-startable from a previous
 * solution (the λ grid), capped at 3p outer iterations, never throws and never returns NaN: on
 * the cap or a singular passive block it returns the last feasible point with a warning. The
 * passive block's Cholesky factor is updated, not redone: columns are kept in the order they
 * entered, an entering column appends a row, a leaving one refactors the rows after it.
 * assembly/drt-nnls.ts runs the same steps in the same order.
 */
import { choleskyRows, cholSolveRows } from '../dense-cholesky.ts';
import { NNLS_MESSAGES } from '../../types/drt-tables.ts';

/** Options of {@link nnls}. */
export interface NnlsOptions {
  /** A previous (unscaled) solution: the start y and the start passive set P = supp(y). */
  warm?: Float64Array;
  /** Columns that are not constrained to ≥ 0 (1 = free); free columns never leave P. */
  free?: Uint8Array;
  /** Outer-iteration cap (default 3p). */
  maxOuter?: number;
}

/** The solution and what the solver did. */
export interface NnlsResult {
  /** x ≥ 0 (free columns any sign). */
  x: Float64Array;
  /** The scaled solution y = x/d, the scaled problem's H̃ = DHD and c̃ = Dc, for KKT checks. */
  y: Float64Array;
  hs: Float64Array;
  cs: Float64Array;
  /** 1 where the column is in the passive set P. */
  passive: Uint8Array;
  /** The KKT tolerance 10·eps·‖H̃‖₁·p. */
  tol: number;
  /** Outer iterations used. */
  iterations: number;
  /** False when the cap was hit or a passive block was singular (see `warnings`). */
  converged: boolean;
  /** Passive-block factorisations (inner steps) and the multiply-adds of the solver, counted as it runs (a machine-independent cost figure for the benchmark). */
  factorizations: number;
  madds: number;
  warnings: string[];
}

const EPS = 2.220446049250313e-16;

/** The solver's warnings, word for word (a shared table: the WASM backend rebuilds them from DRT_WARN bits). */
export { NNLS_MESSAGES } from '../../types/drt-tables.ts';

/** Solves the NNLS of §2 for the p × p row-major H and c. */
export function nnls(h: Float64Array, c: Float64Array, p: number, o: NnlsOptions = {}): NnlsResult {
  // 1. scale
  const d = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    const hii = h[i * p + i]!;
    d[i] = hii > 0 ? 1 / Math.sqrt(hii) : 1;
  }
  const hs = new Float64Array(p * p), cs = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    cs[i] = d[i]! * c[i]!;
    for (let j = 0; j < p; j++) hs[i * p + j] = d[i]! * h[i * p + j]! * d[j]!;
  }
  // 2. limits
  let norm1 = 0;
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < p; i++) s += Math.abs(hs[i * p + j]!);
    if (s > norm1) norm1 = s;
  }
  const tol = 10 * EPS * norm1 * p;
  const maxOuter = o.maxOuter ?? 3 * p;
  const free = o.free ?? new Uint8Array(p);
  const warnings: string[] = [];
  // 3. start
  const y = new Float64Array(p);
  const passive = new Uint8Array(p);
  let anyPassive = false;
  for (let i = 0; i < p; i++) {
    const w0 = o.warm ? o.warm[i]! / d[i]! : 0;
    if (free[i] || (w0 > 0 && Number.isFinite(w0))) {
      y[i] = Number.isFinite(w0) && (free[i] || w0 > 0) ? w0 : 0;
      passive[i] = 1;
      anyPassive = true;
    }
  }
  const idx = new Int32Array(p);
  const l = new Float64Array(p * p);
  const s = new Float64Array(p);
  const w = new Float64Array(p);
  const blocked = new Uint8Array(p); // columns whose entry made the passive block singular, this outer step
  let converged = true;
  let iterations = 0;
  let factorizations = 0, madds = 0;

  // The passive set in the order its columns entered (idx[0..k)); rows [0, valid) of the
  // Cholesky factor l (leading dimension p) belong to it. A column entering P appends one row; a
  // column leaving P at position t refactors rows t… only. Row i of a Cholesky factor depends on
  // rows < i alone, so this gives the same bits as refactoring the whole block in this order.
  let k = 0, valid = 0;
  const listPassive = (): void => {
    k = 0;
    for (let i = 0; i < p; i++) if (passive[i]) idx[k++] = i;
    valid = 0;
  };
  listPassive();

  /** Step 5: make y optimal on P while feasible. Returns false on a singular block. */
  const inner = (): boolean => {
    for (let guard = 0; guard <= p; guard++) {
      let kk = 0;
      for (let t = 0; t < k; t++) {
        const i = idx[t]!;
        if (!passive[i]) continue;
        if (kk !== t) {
          idx[kk] = i;
          if (kk < valid) valid = kk;
        }
        kk++;
      }
      k = kk;
      if (valid > k) valid = k;
      if (k === 0) return true;
      factorizations++;
      madds += (k * (k + 1) * (k + 2) - valid * (valid + 1) * (valid + 2)) / 6 + 3 * k * k; // the new rows of the factor, two solves and the refinement
      if (!choleskyRows(hs, p, idx, valid, k, l, p, 1e3 * EPS)) {
        valid = 0;
        return false;
      }
      valid = k;
      for (let t = 0; t < k; t++) s[t] = cs[idx[t]!]!;
      cholSolveRows(l, p, k, s);
      refine(hs, cs, p, idx, k, l, s);
      let alpha = Number.POSITIVE_INFINITY;
      for (let t = 0; t < k; t++) {
        const i = idx[t]!;
        if (free[i] || s[t]! > 0) continue;
        const yi = y[i]!;
        const r = yi / (yi - s[t]!);
        if (r < alpha) alpha = r;
      }
      if (alpha === Number.POSITIVE_INFINITY) {
        for (let t = 0; t < k; t++) y[idx[t]!] = s[t]!;
        return true;
      }
      for (let t = 0; t < k; t++) {
        const i = idx[t]!;
        y[i] = y[i]! + alpha * (s[t]! - y[i]!);
        if (!free[i] && y[i]! <= tol) {
          y[i] = 0;
          passive[i] = 0;
        }
      }
    }
    return true;
  };

  if (anyPassive && !inner()) {
    // the warm passive set is singular: restart cold (free columns only)
    for (let i = 0; i < p; i++) {
      passive[i] = free[i]!;
      y[i] = 0;
    }
    listPassive();
    if (!inner()) {
      warnings.push(NNLS_MESSAGES.freeSingular);
      for (let i = 0; i < p; i++) passive[i] = 0;
      listPassive();
    }
  }
  // 4. outer loop
  for (;;) {
    // the gradient where a column may enter (outside P, not blocked); y is 0 outside P
    for (let i = 0; i < p; i++) {
      if (passive[i] || blocked[i]) continue;
      let v = cs[i]!;
      for (let t = 0; t < k; t++) {
        const j = idx[t]!;
        v -= hs[i * p + j]! * y[j]!;
      }
      w[i] = v;
      madds += k;
    }
    let best = -1, bw = tol;
    for (let i = 0; i < p; i++) {
      if (!passive[i] && !blocked[i] && w[i]! > bw) {
        bw = w[i]!;
        best = i;
      }
    }
    if (best < 0) break;
    if (iterations >= maxOuter) {
      converged = false;
      warnings.push(NNLS_MESSAGES.cap(maxOuter));
      break;
    }
    iterations++;
    const saved = y.slice(), savedP = passive.slice();
    passive[best] = 1;
    idx[k++] = best;
    if (!inner()) {
      // the new column is (numerically) dependent on P: leave it out, keep the last feasible y
      y.set(saved);
      passive.set(savedP);
      listPassive();
      blocked[best] = 1;
      continue;
    }
    blocked.fill(0);
  }
  if (blocked.some((v) => v === 1)) {
    converged = false;
    warnings.push(NNLS_MESSAGES.blocked);
  }
  const x = new Float64Array(p);
  for (let i = 0; i < p; i++) x[i] = d[i]! * y[i]!;
  return { x, y, hs, cs, passive, tol, iterations, converged, factorizations, madds, warnings };
}

/** One step of iterative refinement of H̃_PP s = c̃_P (keeps |w_i| ≤ tol on P for large y). */
function refine(hs: Float64Array, cs: Float64Array, p: number, idx: Int32Array, k: number, l: Float64Array, s: Float64Array): void {
  const r = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    const ia = idx[a]!;
    let v = cs[ia]!;
    for (let b = 0; b < k; b++) v -= hs[ia * p + idx[b]!]! * s[b]!;
    r[a] = v;
  }
  cholSolveRows(l, p, k, r);
  for (let a = 0; a < k; a++) s[a] = s[a]! + r[a]!;
}
