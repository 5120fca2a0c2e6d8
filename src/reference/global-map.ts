/**
 * The global fit's parameter map (specs/global-fit.md §1–§2): which unknown of θ = [u; v_0; …]
 * each free parameter of each spectrum comes from, p_s(θ), and the sparse ∂p_s/∂θ that carries
 * the single-spectrum Jacobian ∂r_s/∂p (./fit.ts, analytic) to J_sᴳ and J_sᴸ by the chain rule.
 *
 * Roles per free parameter: LOCAL (own value per spectrum, bound transform as in fit),
 * SHARED (one value, same transform), and the temperature laws with x_s = (1/T_s − 1/T_ref)/k_B:
 *   SIGMA:   R_s = exp(ln R_ref + Ea·x_s)                         globals ln R_ref, Ea (eV)
 *   SIGMA_T: R_s = exp(ln R_ref + Ea·x_s)·T_s/T_ref               globals ln R_ref, Ea (eV)
 *   VTF:     R_s = exp(ln R_ref + B·y_s)·√(T_s/T_ref), y_s = (1/(T_s − T0) − 1/(T_ref − T0))/k_B,
 *            globals ln R_ref, B (eV), w with T0 = T_hi − e^w (T0 < T_hi = min T_s).
 * ∂R/∂ln R_ref = R, ∂R/∂Ea = R·x_s, ∂R/∂B = R·y_s, ∂R/∂T0 = R·(B/k_B)(1/(T−T0)² − 1/(T_ref−T0)²).
 * The laws ignore the parameter's bounds (R_s > 0 by construction).
 */
import { exp, log } from '../math/index.ts';
import { BOUND, GLOBAL_LM, GLOBAL_ROLE, type KernelProgram } from '../abi/descriptor.ts';
import type { FitProblem } from '../types/problems.ts';
import { evaluateReference } from './evaluate.ts';
import { spectrumResiduals } from './fit.ts';
import { derivative, toExternal } from './transform.ts';
import type { ArrowheadProblem } from './global-lm.ts';

/** Boltzmann constant in eV/K (the ABI descriptor's, which the WASM port reads too). */
export const K_B_EV = GLOBAL_LM.K_B_EV;

/** The roles of a free slot (the ABI descriptor's codes). */
export const ROLE = GLOBAL_ROLE;

/** Globals a role takes. */
export const ROLE_GLOBALS: readonly number[] = [0, 1, 2, 2, 3];

export interface GlobalLayout {
  /** Role per free slot k (the problems' free lists are the same). */
  readonly roles: Int32Array;
  /** First global of slot k (−1 for locals). */
  readonly globalAt: Int32Array;
  /** Local index of slot k within v_s (−1 for non-locals). */
  readonly localAt: Int32Array;
  readonly G: number;
  readonly L: number;
  readonly temperatures: Float64Array;
  readonly tRef: number;
  /** Upper limit of a VTF T0 (the lowest temperature). */
  readonly tHi: number;
}

export function globalLayout(roles: Int32Array, temperatures: Float64Array): GlobalLayout {
  const m = roles.length;
  const globalAt = new Int32Array(m).fill(-1), localAt = new Int32Array(m).fill(-1);
  let G = 0, L = 0;
  for (let k = 0; k < m; k++) {
    if (roles[k] === ROLE.LOCAL) localAt[k] = L++;
    else {
      globalAt[k] = G;
      G += ROLE_GLOBALS[roles[k]!]!;
    }
  }
  let inv = 0, tHi = Number.POSITIVE_INFINITY;
  for (const t of temperatures) {
    inv += 1 / t;
    tHi = Math.min(tHi, t);
  }
  return { roles, globalAt, localAt, G, L, temperatures, tRef: temperatures.length / inv, tHi };
}

/**
 * p of spectrum s (all P parameters, fixed ones from the problem) at θ, and with `dp` the
 * non-zero ∂p_k/∂θ per free slot: dp[k*3 + 0..2] over the slot's globals (or [0] over its local).
 */
export function spectrumParams(lay: GlobalLayout, pr: FitProblem, s: number, theta: Float64Array, vAt: number, p: Float64Array, dp?: Float64Array): void {
  p.set(pr.params);
  const T = lay.temperatures[s]!, tRef = lay.tRef;
  for (let k = 0; k < pr.free.length; k++) {
    const idx = pr.free[k]!, role = lay.roles[k]!, g = lay.globalAt[k]!;
    const lo = pr.lower[k]!, hi = pr.upper[k]!, kind = pr.kinds[k]!;
    if (role === ROLE.LOCAL || role === ROLE.SHARED) {
      const t = role === ROLE.LOCAL ? theta[vAt + lay.localAt[k]!]! : theta[g]!;
      const v = toExternal(t, lo, hi, kind);
      p[idx] = v;
      if (dp) dp[k * 3] = derivative(v, lo, hi, kind);
    } else if (role === ROLE.SIGMA || role === ROLE.SIGMA_T) {
      const x = (1 / T - 1 / tRef) / K_B_EV;
      const r = role === ROLE.SIGMA ? exp(theta[g]! + theta[g + 1]! * x) : exp(theta[g]! + theta[g + 1]! * x) * (T / tRef);
      p[idx] = r;
      if (dp) {
        dp[k * 3] = r;
        dp[k * 3 + 1] = r * x;
      }
    } else {
      const t0 = toExternal(theta[g + 2]!, Number.NEGATIVE_INFINITY, lay.tHi, BOUND.UPPER);
      const a = 1 / (T - t0), b = 1 / (tRef - t0);
      const y = (a - b) / K_B_EV;
      const r = exp(theta[g]! + theta[g + 1]! * y) * Math.sqrt(T / tRef);
      p[idx] = r;
      if (dp) {
        dp[k * 3] = r;
        dp[k * 3 + 1] = r * y;
        dp[k * 3 + 2] = ((r * theta[g + 1]!) / K_B_EV) * (a * a - b * b) * derivative(t0, Number.NEGATIVE_INFINITY, lay.tHi, BOUND.UPPER);
      }
    }
  }
}

/** Internal value of a VTF T0, kept below min T (at most min T·(1 − 1e-3)) so that it is finite. */
export function vtfT0Internal(lay: GlobalLayout, t0: number): number {
  return log(lay.tHi - Math.min(t0, lay.tHi - 1e-3 * lay.tHi));
}

/** The arrowhead problem of the spectra under the layout (all problems share free list and representation). */
export function globalProblem(program: KernelProgram, problems: readonly FitProblem[], lay: GlobalLayout): ArrowheadProblem {
  const S = problems.length, G = lay.G, L = lay.L;
  const evals = problems.map((pr) => spectrumResiduals(program, pr));
  const m = problems[0]!.free.length;
  const dp = new Float64Array(3 * m);
  const jp = problems.map((pr) => new Float64Array(2 * pr.n * m));
  const logScale = new Uint8Array(G + S * L);
  for (let k = 0; k < m; k++) {
    const role = lay.roles[k]!, g = lay.globalAt[k]!;
    const logType = problems[0]!.kinds[k] !== BOUND.NONE;
    if (role === ROLE.LOCAL) for (let s = 0; s < S; s++) logScale[G + s * L + lay.localAt[k]!] = logType ? 1 : 0;
    else if (role === ROLE.SHARED) logScale[g] = logType ? 1 : 0;
    else logScale[g] = 1; // ln R_ref is relative by construction
  }
  const vAt = (s: number) => G + s * L;
  return {
    globals: G,
    locals: problems.map(() => L),
    rows: problems.map((pr) => 2 * pr.n),
    logScale,
    residuals(theta, r) {
      for (let s = 0; s < S; s++) {
        const e = evals[s]!;
        spectrumParams(lay, problems[s]!, s, theta, vAt(s), e.p);
        if (!e.fillResiduals(evaluateReference(program, e.p, e.grid), r[s]!)) return false;
      }
      return true;
    },
    jacobian(theta, r, jg, jl) {
      for (let s = 0; s < S; s++) {
        const e = evals[s]!, pr = problems[s]!, rows = 2 * pr.n, J = jp[s]!;
        spectrumParams(lay, pr, s, theta, vAt(s), e.p, dp);
        const z = evaluateReference(program, e.p, e.grid, { jacobian: true });
        if (!e.fillResiduals(z, r[s]!) || !e.fillJacobian(z.jre!, z.jim!, J, true)) return false;
        const Jg = jg[s]!, Jl = jl[s]!;
        Jg.fill(0);
        for (let k = 0; k < m; k++) {
          const role = lay.roles[k]!, g = lay.globalAt[k]!;
          if (role === ROLE.LOCAL) {
            const l = lay.localAt[k]!, d = dp[k * 3]!;
            for (let i = 0; i < rows; i++) Jl[i * L + l] = J[i * m + k]! * d;
          } else {
            for (let q = 0; q < ROLE_GLOBALS[role]!; q++) {
              const d = dp[k * 3 + q]!;
              for (let i = 0; i < rows; i++) Jg[i * G + g + q] = Jg[i * G + g + q]! + J[i * m + k]! * d;
            }
          }
        }
        if (!Jg.every(Number.isFinite) || !Jl.every(Number.isFinite)) return false;
      }
      return true;
    },
  };
}
