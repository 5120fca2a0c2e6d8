/**
 * Levenberg–Marquardt over many spectra at once (specs/global-fit.md §2): unknowns θ = [u; v_0;
 * …; v_{S−1}], G globals u shared by every spectrum and L_s locals v_s of spectrum s. The
 * Jacobian is arrowhead-shaped — the rows of spectrum s touch only u and v_s — so the normal
 * matrix has blocks U = Σ J_sᴳᵀJ_sᴳ, W_s = J_sᴳᵀJ_sᴸ, V_s = J_sᴸᵀJ_sᴸ and the gradient
 * g_G = Σ J_sᴳᵀr_s, g_s = J_sᴸᵀr_s. The damped step (JᵀJ + λD²)δ = −Jᵀr by Schur complement:
 *   1. Cholesky of V_s* = V_s + λD_s², Y_s = W_s V_s*⁻¹;
 *   2. S = U* − Σ Y_s W_sᵀ, S δu = −(g_G − Σ Y_s g_s) (Cholesky);
 *   3. δv_s = −V_s*⁻¹(g_s + W_sᵀ δu),
 * linear in the number of spectra. The loop — gain ratio, Nielsen damping, step extension,
 * stopping, Moré scaling D with one shared scale for log-type unknowns — is lmLoop of ./lm.ts,
 * the single-spectrum fit's own. The dense Householder QR of the whole J (as ./lm.ts does it,
 * without its precomputed R) is the oracle of the Schur step and its fallback when a V_s*
 * Cholesky fails or the Jacobi-scaled S has a condition estimate above 1e12.
 */
import { householder, backSubstitute } from './linalg.ts';
import { lmLoop, sumsq, updateScaling, type LmModel, type LmOptions, type LmResult } from './lm.ts';
import { cholesky, choleskyConditionEstimate, choleskySolve } from './cholesky.ts';
import { GLOBAL_LM } from '../abi/descriptor.ts';
import { globalDenseFits } from '../abi/sizes.ts';

// the limits are the ABI descriptor's (the WASM port reads the same numbers; see there)
const { SCHUR_CONDITION_LIMIT, DENSE_FALLBACK_LIMIT } = GLOBAL_LM;

/** The problem: an arrowhead Jacobian over G globals and S blocks of rows with their own locals. */
export interface ArrowheadProblem {
  readonly globals: number;
  /** Locals L_s per block. */
  readonly locals: readonly number[];
  /** Residual rows per block. */
  readonly rows: readonly number[];
  /** Over θ (G + ΣL_s): unknowns on a relative (log-type) scale, which share one damping scale. */
  readonly logScale?: Uint8Array;
  /** r_s(θ) into r[s]; false when a value is not finite. */
  residuals(theta: Float64Array, r: Float64Array[]): boolean;
  /** r_s and J_sᴳ (rows × G), J_sᴸ (rows × L_s) row-major; false when a value is not finite. */
  jacobian(theta: Float64Array, r: Float64Array[], jg: Float64Array[], jl: Float64Array[]): boolean;
}

/** The blocks of JᵀJ and Jᵀr at one θ (undamped). */
export interface ArrowheadBlocks {
  readonly G: number;
  readonly L: readonly number[];
  /** Offset of v_s in θ. */
  readonly at: readonly number[];
  readonly U: Float64Array;
  readonly W: Float64Array[];
  readonly V: Float64Array[];
  readonly gG: Float64Array;
  readonly gs: Float64Array[];
}

/** Which step solver a fit uses: the Schur complement (with its dense fallback) or always dense QR. */
export type GlobalStepMethod = 'schur' | 'dense';

export interface GlobalLmResult extends LmResult {
  /** Steps the Schur complement could not take (a V_s* not positive definite, S ill-conditioned), taken by dense QR. */
  denseFallbacks: number;
}

/** Workspace and the blocks of one problem; `evaluate` fills them at θ. */
export class ArrowheadSystem {
  readonly problem: ArrowheadProblem;
  readonly m: number;
  readonly n: number;
  readonly r: Float64Array[];
  readonly jg: Float64Array[];
  readonly jl: Float64Array[];
  readonly blocks: ArrowheadBlocks;

  constructor(problem: ArrowheadProblem) {
    this.problem = problem;
    const G = problem.globals, S = problem.locals.length;
    const at: number[] = [];
    let m = G;
    for (let s = 0; s < S; s++) {
      at.push(m);
      m += problem.locals[s]!;
    }
    this.m = m;
    this.n = problem.rows.reduce((a, b) => a + b, 0);
    this.r = problem.rows.map((n) => new Float64Array(n));
    this.jg = problem.rows.map((n) => new Float64Array(n * G));
    this.jl = problem.rows.map((n, s) => new Float64Array(n * problem.locals[s]!));
    this.blocks = {
      G, L: problem.locals, at,
      U: new Float64Array(G * G), gG: new Float64Array(G),
      W: problem.locals.map((L) => new Float64Array(G * L)),
      V: problem.locals.map((L) => new Float64Array(L * L)),
      gs: problem.locals.map((L) => new Float64Array(L)),
    };
  }

  /** r, J at θ and the blocks; χ², or NaN when a value is not finite. */
  evaluate(theta: Float64Array): number {
    if (!this.problem.jacobian(theta, this.r, this.jg, this.jl)) return Number.NaN;
    const { G, L, U, W, V, gG, gs } = this.blocks;
    U.fill(0);
    gG.fill(0);
    let chi2 = 0;
    for (let s = 0; s < L.length; s++) {
      const n = this.problem.rows[s]!, Ls = L[s]!, r = this.r[s]!, jg = this.jg[s]!, jl = this.jl[s]!;
      const Ws = W[s]!, Vs = V[s]!, g = gs[s]!;
      Ws.fill(0);
      Vs.fill(0);
      g.fill(0);
      for (let i = 0; i < n; i++) {
        const ri = r[i]!;
        chi2 += ri * ri;
        for (let a = 0; a < G; a++) {
          const x = jg[i * G + a]!;
          if (x === 0) continue;
          gG[a] = gG[a]! + x * ri;
          for (let b = a; b < G; b++) U[a * G + b] = U[a * G + b]! + x * jg[i * G + b]!;
          for (let b = 0; b < Ls; b++) Ws[a * Ls + b] = Ws[a * Ls + b]! + x * jl[i * Ls + b]!;
        }
        for (let a = 0; a < Ls; a++) {
          const x = jl[i * Ls + a]!;
          if (x === 0) continue;
          g[a] = g[a]! + x * ri;
          for (let b = a; b < Ls; b++) Vs[a * Ls + b] = Vs[a * Ls + b]! + x * jl[i * Ls + b]!;
        }
      }
      for (let a = 0; a < Ls; a++) for (let b = 0; b < a; b++) Vs[a * Ls + b] = Vs[b * Ls + a]!;
    }
    for (let a = 0; a < G; a++) for (let b = 0; b < a; b++) U[a * G + b] = U[b * G + a]!;
    return chi2;
  }

  /** Column norms of J, ‖J_k‖ = √(JᵀJ)_kk, over θ. */
  columnNorms(out: Float64Array): Float64Array {
    const { G, L, at, U, V } = this.blocks;
    for (let a = 0; a < G; a++) out[a] = Math.sqrt(U[a * G + a]!);
    for (let s = 0; s < L.length; s++) for (let a = 0; a < L[s]!; a++) out[at[s]! + a] = Math.sqrt(V[s]![a * L[s]! + a]!);
    return out;
  }

  /** Jᵀr over θ. */
  gradient(out: Float64Array): Float64Array {
    const { L, at, gG, gs } = this.blocks;
    out.set(gG);
    for (let s = 0; s < L.length; s++) out.set(gs[s]!, at[s]!);
    return out;
  }

  /** δᵀJᵀJδ from the blocks. */
  quadratic(delta: Float64Array): number {
    const { G, L, at, U, W, V } = this.blocks;
    let q = 0;
    for (let a = 0; a < G; a++) for (let b = 0; b < G; b++) q += delta[a]! * U[a * G + b]! * delta[b]!;
    for (let s = 0; s < L.length; s++) {
      const Ls = L[s]!, o = at[s]!, Ws = W[s]!, Vs = V[s]!;
      for (let a = 0; a < G; a++) for (let b = 0; b < Ls; b++) q += 2 * delta[a]! * Ws[a * Ls + b]! * delta[o + b]!;
      for (let a = 0; a < Ls; a++) for (let b = 0; b < Ls; b++) q += delta[o + a]! * Vs[a * Ls + b]! * delta[o + b]!;
    }
    return q;
  }

  /** The whole J (n × m, row-major) and r, for the dense step. */
  dense(): { j: Float64Array; r: Float64Array } {
    const { G, L, at } = this.blocks;
    const m = this.m, j = new Float64Array(this.n * m), r = new Float64Array(this.n);
    let row = 0;
    for (let s = 0; s < L.length; s++) {
      const n = this.problem.rows[s]!, Ls = L[s]!;
      for (let i = 0; i < n; i++, row++) {
        r[row] = this.r[s]![i]!;
        for (let a = 0; a < G; a++) j[row * m + a] = this.jg[s]![i * G + a]!;
        for (let a = 0; a < Ls; a++) j[row * m + at[s]! + a] = this.jl[s]![i * Ls + a]!;
      }
    }
    return { j, r };
  }

  /**
   * The damped step by Schur complement (steps 1–3 above) into `delta`; false when a V_s* is
   * not positive definite or S is, or S's condition estimate exceeds SCHUR_CONDITION_LIMIT.
   */
  schurStep(lambda: number, d: Float64Array, delta: Float64Array): boolean {
    const { G, L, at, U, W, V, gG, gs } = this.blocks;
    const S = new Float64Array(G * G), rhs = new Float64Array(G);
    for (let a = 0; a < G; a++) {
      for (let b = 0; b < G; b++) S[a * G + b] = U[a * G + b]!;
      S[a * G + a] = S[a * G + a]! + lambda * d[a]! * d[a]!;
      rhs[a] = -gG[a]!;
    }
    const factors: Float64Array[] = [];
    for (let s = 0; s < L.length; s++) {
      const Ls = L[s]!, o = at[s]!, Ws = W[s]!;
      const Vd = Float64Array.from(V[s]!);
      for (let a = 0; a < Ls; a++) Vd[a * Ls + a] = Vd[a * Ls + a]! + lambda * d[o + a]! * d[o + a]!;
      if (!cholesky(Vd, Ls)) return false;
      factors.push(Vd);
      // Y_s = W_s V_s*⁻¹, row a of Y_s solves V_s* y = (row a of W_s) (V_s* symmetric)
      const Y = Float64Array.from(Ws);
      for (let a = 0; a < G; a++) choleskySolve(Vd, Ls, Y, a * Ls);
      for (let a = 0; a < G; a++) {
        let t = 0;
        for (let k = 0; k < Ls; k++) t += Y[a * Ls + k]! * gs[s]![k]!;
        rhs[a] = rhs[a]! + t;
        for (let b = 0; b < G; b++) {
          let w = 0;
          for (let k = 0; k < Ls; k++) w += Y[a * Ls + k]! * Ws[b * Ls + k]!;
          S[a * G + b] = S[a * G + b]! - w;
        }
      }
    }
    if (G > 0) {
      // symmetrise (the two triangles differ by rounding), then check and factorise
      for (let a = 0; a < G; a++) {
        for (let b = 0; b < a; b++) {
          const x = 0.5 * (S[a * G + b]! + S[b * G + a]!);
          S[a * G + b] = S[b * G + a] = x;
        }
      }
      if (!(choleskyConditionEstimate(S, G) <= SCHUR_CONDITION_LIMIT)) return false;
      if (!cholesky(S, G)) return false;
      choleskySolve(S, G, rhs);
    }
    for (let a = 0; a < G; a++) delta[a] = rhs[a]!;
    for (let s = 0; s < L.length; s++) {
      const Ls = L[s]!, o = at[s]!, Ws = W[s]!;
      for (let k = 0; k < Ls; k++) {
        let t = gs[s]![k]!;
        for (let a = 0; a < G; a++) t += Ws[a * Ls + k]! * rhs[a]!;
        delta[o + k] = -t;
      }
      choleskySolve(factors[s]!, Ls, delta, o);
    }
    return true;
  }

  /** The damped step by Householder QR of [J; √λD] (the oracle and the fallback). */
  denseStep(lambda: number, d: Float64Array, delta: Float64Array): void {
    const m = this.m, n = this.n;
    const { j, r } = this.dense();
    const a = new Float64Array((n + m) * m), b = new Float64Array(n + m);
    a.set(j);
    const sl = Math.sqrt(lambda);
    for (let k = 0; k < m; k++) a[(n + k) * m + k] = sl * d[k]!;
    for (let i = 0; i < n; i++) b[i] = -r[i]!;
    householder(a, b, n + m, m);
    backSubstitute(a, b, m, delta);
  }
}

/** The LmModel of an arrowhead problem (./lm.ts's loop runs it). */
export function arrowheadModel(problem: ArrowheadProblem, method: GlobalStepMethod = 'schur', denseLimit = DENSE_FALLBACK_LIMIT): LmModel & { system: ArrowheadSystem; fallbacks: () => number } {
  const sys = new ArrowheadSystem(problem);
  const m = sys.m;
  const denseFits = globalDenseFits(sys.n, m, denseLimit);
  const cn = new Float64Array(m), g = new Float64Array(m);
  const rTrial = problem.rows.map((n) => new Float64Array(n));
  let fallbacks = 0;
  return {
    m,
    system: sys,
    fallbacks: () => fallbacks,
    factorise(theta, d) {
      const chi2 = sys.evaluate(theta);
      if (Number.isNaN(chi2)) return chi2;
      sys.columnNorms(cn);
      sys.gradient(g);
      updateScaling(d, cn, problem.logScale);
      return chi2;
    },
    nonzero: () => cn.some((x) => x !== 0),
    gradientMax(chi2) {
      const rnorm = Math.sqrt(chi2);
      let gmax = 0;
      for (let k = 0; k < m; k++) if (cn[k]! > 0 && rnorm > 0) gmax = Math.max(gmax, Math.abs(g[k]!) / (cn[k]! * rnorm));
      return gmax;
    },
    step(lambda, d, delta) {
      if (method === 'dense' || !sys.schurStep(lambda, d, delta)) {
        if (method === 'schur') fallbacks++;
        if (method === 'dense' || denseFits) sys.denseStep(lambda, d, delta);
        else {
          delta.fill(Number.NaN); // rejected (see DENSE_FALLBACK_LIMIT)
          return 0;
        }
      }
      // ‖r‖² − ‖r + Jδ‖² = −2gᵀδ − δᵀJᵀJδ
      let gd = 0;
      for (let k = 0; k < m; k++) gd += g[k]! * delta[k]!;
      return -2 * gd - sys.quadratic(delta);
    },
    slope(delta) {
      let gd = 0;
      for (let k = 0; k < m; k++) gd += g[k]! * delta[k]!;
      return 2 * gd;
    },
    trial(theta) {
      if (!problem.residuals(theta, rTrial)) return Number.POSITIVE_INFINITY;
      let chi2 = 0;
      for (const r of rTrial) chi2 += sumsq(r);
      return chi2;
    },
  };
}

/** Minimises Σ_s ‖r_s(θ)‖² from θ (updated in place). */
export function globalLevenbergMarquardt(problem: ArrowheadProblem, theta: Float64Array, opts: LmOptions, method: GlobalStepMethod = 'schur', denseLimit = DENSE_FALLBACK_LIMIT): GlobalLmResult {
  const model = arrowheadModel(problem, method, denseLimit);
  const res = lmLoop(model, theta, opts);
  return { ...res, denseFallbacks: model.fallbacks() };
}

/** Residuals of every spectrum at θ (NaN-filled where a value is not finite). */
export function residualsAt(problem: ArrowheadProblem, theta: Float64Array): Float64Array[] {
  const r = problem.rows.map((n) => new Float64Array(n));
  if (!problem.residuals(theta, r)) for (const x of r) x.fill(Number.NaN);
  return r;
}

/** Σ_s ‖r_s‖², summed in the order ArrowheadSystem.evaluate sums χ² (one accumulator over the spectra). */
export function sumOfSquares(r: readonly Float64Array[]): number {
  let chi2 = 0;
  for (const rs of r) for (let i = 0; i < rs.length; i++) chi2 += rs[i]! * rs[i]!;
  return chi2;
}
