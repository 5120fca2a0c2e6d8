// The global fit's model of the LM loop (./lm-loop.ts): an arrowhead Jacobian over θ = [u; v_0;
// …; v_{S−1}] (G globals, L locals per spectrum), the port of ArrowheadSystem / arrowheadModel
// of src/reference/global-lm.ts (see there for the method) in the same order of operations:
// the blocks U = Σ J_sᴳᵀJ_sᴳ, W_s = J_sᴳᵀJ_sᴸ, V_s = J_sᴸᵀJ_sᴸ, g_G, g_s; the damped step by
// Schur complement (Cholesky of V_s*, S = U* − Σ Y_s W_sᵀ, its Jacobi-scaled condition estimate
// against SCHUR_CONDITION_LIMIT), and the dense Householder QR of [J; √λD] as its fallback under
// DENSE_FALLBACK_LIMIT (or always, method DENSE). Whether the dense matrix is part of the scratch
// is the caller's decision (GLOBAL_TASK.dense, src/backend/wasm-global.ts, the reference's
// denseLimit test); bind() aborts when its layout would exceed the GLOBAL_TASK.scratchWords given. J_s is kept column-major per spectrum
// (rows 2N_s: real parts, then imaginary), as ./lm.ts writes it.
import { ld, ldi, st } from './memory';
import { householder, backSubstitute } from './linalg';
import { cholesky, cholSolve } from './drt-linalg';
import { LmModel, updateScaling } from './lm-loop';
import { jacobianAtParams, residualsAtParams } from './lm';
import { logScaleOf, roleGlobals, selectSpectrum, spectrumParams } from './global-map';
import {
  FitTask, GlobalTask, GLOBAL_ROLE_LOCAL, GLOBAL_METHOD_DENSE, GLOBAL_METHOD_SCHUR, GLOBAL_LM_SCHUR_CONDITION_LIMIT,
} from './generated/abi';

/**
 * f64 words of the global fit's scratch (the layout of ArrowheadModel.bind; src/abi/sizes.ts
 * globalScratchWords mirrors it) for S spectra of `total` points (at most nMax each), m free
 * slots, G globals and L locals per spectrum; `dense` ≠ 0 when the dense step's matrix is part of
 * it (decided by the caller: GLOBAL_TASK.dense).
 */
export function globalScratchWords(S: i32, total: i32, nMax: i32, m: i32, G: i32, L: i32, dense: i32): i32 {
  const rows = 2 * total, M = G + S * L;
  const denseWords = dense != 0 ? (rows + M) * M + rows + M : 0;
  return rows * (1 + G + L) + 2 * nMax * (m + 1) + G * G + G + S * (G * L + L * L + L)
    + 2 * G * G + G + S * L * L + G * L + 3 * M + 3 * m + denseWords + 4 * M;
}

// @ts-ignore: decorator
@inline function ldr(base: usize, ld_: i32, i: i32, j: i32): f64 {
  return load<f64>(base + (<usize>(i * ld_ + j) << 3));
}

// @ts-ignore: decorator
@inline function str(base: usize, ld_: i32, i: i32, j: i32, v: f64): void {
  store<f64>(base + (<usize>(i * ld_ + j) << 3), v);
}

@unmanaged
export class ArrowheadModel extends LmModel {
  t: FitTask = changetype<FitTask>(0);
  g: GlobalTask = changetype<GlobalTask>(0);
  S: i32 = 0;
  G: i32 = 0;
  L: i32 = 0;
  rows: i32 = 0;
  method: i32 = GLOBAL_METHOD_SCHUR;
  dense: bool = false;
  fallbacks: i32 = 0;
  // the scratch regions (globalScratchWords)
  R: usize = 0; // r, all spectra (2·total)
  JG: usize = 0; // J_sᴳ, rows_s × G column-major, at 2·off[s]·G
  JL: usize = 0; // J_sᴸ, rows_s × L column-major, at 2·off[s]·L
  JP: usize = 0; // ∂r_s/∂p of one spectrum (2·nMax × m)
  RT: usize = 0; // trial residuals of one spectrum (2·nMax)
  U: usize = 0; // G × G
  GG: usize = 0; // g_G
  W: usize = 0; // S blocks G × L (row-major)
  V: usize = 0; // S blocks L × L
  GS: usize = 0; // S blocks of L: g_s
  SM: usize = 0; // the reduced matrix S (G × G)
  RHS: usize = 0; // G
  COND: usize = 0; // G × G: S Jacobi-scaled, for the condition estimate
  F: usize = 0; // S Cholesky factors of V_s* (L × L)
  Y: usize = 0; // G × L: Y_s = W_s V_s*⁻¹
  CN: usize = 0; // column norms of J (M)
  GRAD: usize = 0; // Jᵀr (M)
  LOGS: usize = 0; // log-scale flags (M)
  DP: usize = 0; // ∂p/∂θ per slot (3m)
  DA: usize = 0; // dense (rows + M) × M column-major, then its right side (rows + M)

  bind(t: FitTask, g: GlobalTask, total: i32): void {
    const S = g.S, G = g.G, L = g.L, m = t.m, M = G + S * L, rows = 2 * total;
    this.t = t;
    this.g = g;
    this.S = S;
    this.G = G;
    this.L = L;
    this.m = M;
    this.rows = rows;
    this.method = g.method;
    this.dense = g.dense != 0;
    if (g.method == GLOBAL_METHOD_DENSE && !this.dense) abort('global LM: method DENSE without the dense matrix');
    this.fallbacks = 0;
    let p = g.scratch;
    this.R = p; p += <usize>rows << 3;
    this.JG = p; p += <usize>(rows * G) << 3;
    this.JL = p; p += <usize>(rows * L) << 3;
    let nMax = 0;
    for (let s = 0; s < S; s++) nMax = max(nMax, ldi(g.off, s + 1) - ldi(g.off, s));
    this.JP = p; p += <usize>(2 * nMax * m) << 3;
    this.RT = p; p += <usize>(2 * nMax) << 3;
    this.U = p; p += <usize>(G * G) << 3;
    this.GG = p; p += <usize>G << 3;
    this.W = p; p += <usize>(S * G * L) << 3;
    this.V = p; p += <usize>(S * L * L) << 3;
    this.GS = p; p += <usize>(S * L) << 3;
    this.SM = p; p += <usize>(G * G) << 3;
    this.RHS = p; p += <usize>G << 3;
    this.COND = p; p += <usize>(G * G) << 3;
    this.F = p; p += <usize>(S * L * L) << 3;
    this.Y = p; p += <usize>(G * L) << 3;
    this.CN = p; p += <usize>M << 3;
    this.GRAD = p; p += <usize>M << 3;
    this.LOGS = p; p += <usize>M << 3;
    this.DP = p; p += <usize>(3 * m) << 3;
    this.DA = p;
    if (this.dense) p += <usize>((rows + M) * M + rows + M) << 3;
    this.loop = p;
    p += <usize>(4 * M) << 3;
    if (p - g.scratch > (<usize>g.scratchWords << 3)) abort('global LM: the scratch layout exceeds GLOBAL_TASK.scratchWords');
    logScaleOf(t, g, this.LOGS);
  }

  /** r, J at θ and the blocks (ArrowheadSystem.evaluate); χ², or NaN when a value is not finite. */
  evaluate(theta: usize): f64 {
    const t = this.t, g = this.g, S = this.S, G = this.G, L = this.L, m = t.m;
    const U = this.U, GG = this.GG, JP = this.JP, DP = this.DP;
    memory.fill(U, 0, <usize>(G * G) << 3);
    memory.fill(GG, 0, <usize>G << 3);
    let chi2: f64 = 0;
    for (let s = 0; s < S; s++) {
      const base = selectSpectrum(t, g, s);
      spectrumParams(t, g, s, theta, DP);
      const rows = 2 * t.n, r = this.R + (<usize>(2 * base) << 3);
      if (!jacobianAtParams(t, r, JP, true)) return NaN;
      // the chain rule through the role map (globalProblem's jacobian)
      const jg = this.JG + (<usize>(2 * base * G) << 3), jl = this.JL + (<usize>(2 * base * L) << 3);
      memory.fill(jg, 0, <usize>(rows * G) << 3);
      for (let k = 0; k < m; k++) {
        const role = ldi(g.roles, k), at = ldi(g.globalAt, k), col = JP + (<usize>(k * rows) << 3);
        if (role == GLOBAL_ROLE_LOCAL) {
          const l = ldi(g.localAt, k), d = ld(DP, k * 3), out = jl + (<usize>(l * rows) << 3);
          for (let i = 0; i < rows; i++) st(out, i, ld(col, i) * d);
        } else {
          const q = roleGlobals(role);
          for (let c = 0; c < q; c++) {
            const d = ld(DP, k * 3 + c), out = jg + (<usize>((at + c) * rows) << 3);
            for (let i = 0; i < rows; i++) st(out, i, ld(out, i) + ld(col, i) * d);
          }
        }
      }
      for (let i = 0; i < rows * G; i++) if (!isFinite(ld(jg, i))) return NaN;
      for (let i = 0; i < rows * L; i++) if (!isFinite(ld(jl, i))) return NaN;
      // the blocks, row by row
      const Ws = this.W + (<usize>(s * G * L) << 3), Vs = this.V + (<usize>(s * L * L) << 3), gs = this.GS + (<usize>(s * L) << 3);
      memory.fill(Ws, 0, <usize>(G * L) << 3);
      memory.fill(Vs, 0, <usize>(L * L) << 3);
      memory.fill(gs, 0, <usize>L << 3);
      for (let i = 0; i < rows; i++) {
        const ri = ld(r, i);
        chi2 += ri * ri;
        for (let a = 0; a < G; a++) {
          const x = ldr(jg, rows, a, i);
          if (x == 0) continue;
          st(GG, a, ld(GG, a) + x * ri);
          for (let b = a; b < G; b++) str(U, G, a, b, ldr(U, G, a, b) + x * ldr(jg, rows, b, i));
          for (let b = 0; b < L; b++) str(Ws, L, a, b, ldr(Ws, L, a, b) + x * ldr(jl, rows, b, i));
        }
        for (let a = 0; a < L; a++) {
          const x = ldr(jl, rows, a, i);
          if (x == 0) continue;
          st(gs, a, ld(gs, a) + x * ri);
          for (let b = a; b < L; b++) str(Vs, L, a, b, ldr(Vs, L, a, b) + x * ldr(jl, rows, b, i));
        }
      }
      for (let a = 0; a < L; a++) for (let b = 0; b < a; b++) str(Vs, L, a, b, ldr(Vs, L, b, a));
    }
    for (let a = 0; a < G; a++) for (let b = 0; b < a; b++) str(U, G, a, b, ldr(U, G, b, a));
    return chi2;
  }

  factorise(theta: usize, d: usize): f64 {
    const chi2 = this.evaluate(theta);
    if (isNaN(chi2)) return chi2;
    const S = this.S, G = this.G, L = this.L, CN = this.CN, GRAD = this.GRAD;
    // column norms √(JᵀJ)_kk and Jᵀr over θ
    for (let a = 0; a < G; a++) {
      st(CN, a, Math.sqrt(ldr(this.U, G, a, a)));
      st(GRAD, a, ld(this.GG, a));
    }
    for (let s = 0; s < S; s++) {
      const o = G + s * L, Vs = this.V + (<usize>(s * L * L) << 3), gs = this.GS + (<usize>(s * L) << 3);
      for (let a = 0; a < L; a++) {
        st(CN, o + a, Math.sqrt(ldr(Vs, L, a, a)));
        st(GRAD, o + a, ld(gs, a));
      }
    }
    // Moré's scaling, one shared scale for the log-type unknowns
    updateScaling<ArrowheadModel>(this, d);
    return chi2;
  }

  logScale(k: i32): bool {
    return ld(this.LOGS, k) != 0;
  }

  columnNorm(k: i32): f64 {
    return ld(this.CN, k);
  }

  // no phase B in the global fit (lmLoop is called with switchAt = 0, so these are never reached)
  toNatural(u: usize): bool {
    return false;
  }

  clamp(x: usize): bool {
    return false;
  }

  boundStep(lambda: f64, d: usize, u: usize, delta: usize, uNew: usize): f64 {
    return 0;
  }

  // no statistical stop in the global fit (lmLoop is called with floor = 0)
  gaussNewtonGain(d: usize, scratch: usize): f64 {
    return this.step(0, d, scratch);
  }

  nonzero(): bool {
    for (let k = 0; k < this.m; k++) if (ld(this.CN, k) != 0) return true;
    return false;
  }

  gradientMax(chi2: f64): f64 {
    const rnorm = Math.sqrt(chi2), CN = this.CN, GRAD = this.GRAD;
    let gmax: f64 = 0;
    for (let k = 0; k < this.m; k++) {
      const c = ld(CN, k);
      if (c > 0 && rnorm > 0) gmax = Math.max(gmax, Math.abs(ld(GRAD, k)) / (c * rnorm));
    }
    return gmax;
  }

  step(lambda: f64, d: usize, delta: usize): f64 {
    const M = this.m;
    if (this.method == GLOBAL_METHOD_DENSE || !this.schurStep(lambda, d, delta)) {
      if (this.method == GLOBAL_METHOD_SCHUR) this.fallbacks++;
      if (this.dense) this.denseStep(lambda, d, delta);
      else {
        for (let k = 0; k < M; k++) st(delta, k, NaN); // rejected (see DENSE_FALLBACK_LIMIT)
        return 0;
      }
    }
    // ‖r‖² − ‖r + Jδ‖² = −2gᵀδ − δᵀJᵀJδ
    let gd: f64 = 0;
    for (let k = 0; k < M; k++) gd += ld(this.GRAD, k) * ld(delta, k);
    return -2 * gd - this.quadratic(delta);
  }

  slope(delta: usize): f64 {
    let gd: f64 = 0;
    for (let k = 0; k < this.m; k++) gd += ld(this.GRAD, k) * ld(delta, k);
    return 2 * gd;
  }

  trial(theta: usize): f64 {
    const t = this.t, g = this.g, RT = this.RT;
    let chi2: f64 = 0;
    for (let s = 0; s < this.S; s++) {
      selectSpectrum(t, g, s);
      spectrumParams(t, g, s, theta, 0);
      if (!residualsAtParams(t, RT)) return Infinity;
      let q: f64 = 0;
      for (let i = 0, rows = 2 * t.n; i < rows; i++) q += ld(RT, i) * ld(RT, i);
      chi2 += q;
    }
    return chi2;
  }

  /** δᵀJᵀJδ from the blocks. */
  quadratic(delta: usize): f64 {
    const S = this.S, G = this.G, L = this.L, U = this.U;
    let q: f64 = 0;
    for (let a = 0; a < G; a++) for (let b = 0; b < G; b++) q += ld(delta, a) * ldr(U, G, a, b) * ld(delta, b);
    for (let s = 0; s < S; s++) {
      const o = G + s * L, Ws = this.W + (<usize>(s * G * L) << 3), Vs = this.V + (<usize>(s * L * L) << 3);
      for (let a = 0; a < G; a++) for (let b = 0; b < L; b++) q += 2 * ld(delta, a) * ldr(Ws, L, a, b) * ld(delta, o + b);
      for (let a = 0; a < L; a++) for (let b = 0; b < L; b++) q += ld(delta, o + a) * ldr(Vs, L, a, b) * ld(delta, o + b);
    }
    return q;
  }

  /**
   * The damped step by Schur complement into `delta`; false when a V_s* is not positive
   * definite or S is, or S's condition estimate exceeds SCHUR_CONDITION_LIMIT.
   */
  schurStep(lambda: f64, d: usize, delta: usize): bool {
    const S = this.S, G = this.G, L = this.L, U = this.U, SM = this.SM, RHS = this.RHS, Y = this.Y;
    for (let a = 0; a < G; a++) {
      for (let b = 0; b < G; b++) str(SM, G, a, b, ldr(U, G, a, b));
      str(SM, G, a, a, ldr(SM, G, a, a) + lambda * ld(d, a) * ld(d, a));
      st(RHS, a, -ld(this.GG, a));
    }
    for (let s = 0; s < S; s++) {
      const o = G + s * L, Ws = this.W + (<usize>(s * G * L) << 3), gs = this.GS + (<usize>(s * L) << 3);
      const Vd = this.F + (<usize>(s * L * L) << 3);
      memory.copy(Vd, this.V + (<usize>(s * L * L) << 3), <usize>(L * L) << 3);
      for (let a = 0; a < L; a++) str(Vd, L, a, a, ldr(Vd, L, a, a) + lambda * ld(d, o + a) * ld(d, o + a));
      if (!cholesky(Vd, L, L, Vd, 0)) return false;
      // Y_s = W_s V_s*⁻¹, row a of Y_s solves V_s* y = (row a of W_s)
      memory.copy(Y, Ws, <usize>(G * L) << 3);
      for (let a = 0; a < G; a++) cholSolve(Vd, L, L, Y + (<usize>(a * L) << 3));
      for (let a = 0; a < G; a++) {
        let tt: f64 = 0;
        for (let k = 0; k < L; k++) tt += ldr(Y, L, a, k) * ld(gs, k);
        st(RHS, a, ld(RHS, a) + tt);
        for (let b = 0; b < G; b++) {
          let w: f64 = 0;
          for (let k = 0; k < L; k++) w += ldr(Y, L, a, k) * ldr(Ws, L, b, k);
          str(SM, G, a, b, ldr(SM, G, a, b) - w);
        }
      }
    }
    if (G > 0) {
      // symmetrise (the two triangles differ by rounding), then check and factorise
      for (let a = 0; a < G; a++) {
        for (let b = 0; b < a; b++) {
          const x = 0.5 * (ldr(SM, G, a, b) + ldr(SM, G, b, a));
          str(SM, G, a, b, x);
          str(SM, G, b, a, x);
        }
      }
      if (!(this.conditionEstimate() <= GLOBAL_LM_SCHUR_CONDITION_LIMIT)) return false;
      if (!cholesky(SM, G, G, SM, 0)) return false;
      cholSolve(SM, G, G, RHS);
    }
    for (let a = 0; a < G; a++) st(delta, a, ld(RHS, a));
    for (let s = 0; s < S; s++) {
      const o = G + s * L, Ws = this.W + (<usize>(s * G * L) << 3), gs = this.GS + (<usize>(s * L) << 3);
      for (let k = 0; k < L; k++) {
        let tt = ld(gs, k);
        for (let a = 0; a < G; a++) tt += ldr(Ws, L, a, k) * ld(RHS, a);
        st(delta, o + k, -tt);
      }
      cholSolve(this.F + (<usize>(s * L * L) << 3), L, L, delta + (<usize>o << 3));
    }
    return true;
  }

  /** (max Lᵢᵢ / min Lᵢᵢ)² of the Cholesky factor of S after Jacobi scaling (choleskyConditionEstimate of src/reference/cholesky.ts). */
  conditionEstimate(): f64 {
    const G = this.G, SM = this.SM, C = this.COND;
    for (let i = 0; i < G; i++) for (let j = 0; j < G; j++) str(C, G, i, j, ldr(SM, G, i, j) / Math.sqrt(ldr(SM, G, i, i) * ldr(SM, G, j, j)));
    if (!cholesky(C, G, G, C, 0)) return Infinity;
    let lo = Infinity, hi: f64 = 0;
    for (let i = 0; i < G; i++) {
      lo = Math.min(lo, ldr(C, G, i, i));
      hi = Math.max(hi, ldr(C, G, i, i));
    }
    const q = hi / lo;
    return q * q;
  }

  /** The damped step by Householder QR of [J; √λD] (the fallback, and method DENSE). */
  denseStep(lambda: f64, d: usize, delta: usize): void {
    const S = this.S, G = this.G, L = this.L, M = this.m, rows = this.rows, N = rows + M, g = this.g;
    const A = this.DA, b = A + (<usize>(N * M) << 3);
    memory.fill(A, 0, <usize>(N * M) << 3);
    for (let s = 0; s < S; s++) {
      const base = ldi(g.off, s), n = 2 * (ldi(g.off, s + 1) - base), at = 2 * base;
      const jg = this.JG + (<usize>(at * G) << 3), jl = this.JL + (<usize>(at * L) << 3);
      for (let a = 0; a < G; a++) memory.copy(A + (<usize>(a * N + at) << 3), jg + (<usize>(a * n) << 3), <usize>n << 3);
      for (let a = 0; a < L; a++) memory.copy(A + (<usize>((G + s * L + a) * N + at) << 3), jl + (<usize>(a * n) << 3), <usize>n << 3);
    }
    const sl = Math.sqrt(lambda);
    for (let k = 0; k < M; k++) st(A, k * N + rows + k, sl * ld(d, k));
    for (let i = 0; i < rows; i++) st(b, i, -ld(this.R, i));
    memory.fill(b + (<usize>rows << 3), 0, <usize>M << 3);
    householder(A, b, N, M);
    backSubstitute(A, N, b, M, delta);
  }
}
