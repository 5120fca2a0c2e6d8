// The global fit's parameter map (specs/global-fit.md §1–§2), the port of spectrumParams of
// src/reference/global-map.ts (see there for the roles and the laws): p_s(θ) of spectrum s into
// its parameter row and, per free slot, the non-zero ∂p_k/∂θ, which carry the single-spectrum
// ∂r/∂p (./lm.ts jacobianAtParams) to J_sᴳ and J_sᴸ. The bound transforms are ./lm.ts's (AS's
// Math.exp, as the single fit's), so WASM and TS differ only by rounding here.
import { ld, ldi, st } from './memory';
import { toExternal, dpdu } from './lm';
import {
  FitTask, GlobalTask, BOUND_NONE, BOUND_UPPER, GLOBAL_ROLE_LOCAL, GLOBAL_ROLE_SHARED, GLOBAL_ROLE_SIGMA, GLOBAL_ROLE_SIGMA_T,
  GLOBAL_ROLE_VTF, GLOBAL_LM_K_B_EV,
} from './generated/abi';

/** T_ref (harmonic mean of the temperatures) and the upper limit of a VTF T0 (the lowest T), set per call. */
let T_REF: f64 = 1;
let T_HI: f64 = 1;

export function setTemperatureScale(tRef: f64, tHi: f64): void {
  T_REF = tRef;
  T_HI = tHi;
}

/** Globals a role takes (ROLE_GLOBALS of global-map.ts). */
// @ts-ignore: decorator
@inline export function roleGlobals(role: i32): i32 {
  return role == GLOBAL_ROLE_LOCAL ? 0 : role == GLOBAL_ROLE_SHARED ? 1 : role == GLOBAL_ROLE_VTF ? 3 : 2;
}


/** Points the fit task at spectrum s (its points, parameter row and bounds); returns its first point. */
export function selectSpectrum(t: FitTask, g: GlobalTask, s: i32): i32 {
  const base = ldi(g.off, s), n = ldi(g.off, s + 1) - base;
  const b8 = <usize>base << 3, m = t.m;
  t.n = n;
  t.w = g.w + b8;
  t.lnw = g.lnw + b8;
  t.zre = g.zre + b8;
  t.zim = g.zim + b8;
  t.sre = g.sre + b8;
  t.sim = g.sim + b8;
  t.params = g.params + ((<usize>s * <usize>t.P) << 3);
  t.lower = g.lower + ((<usize>s * <usize>m) << 3);
  t.upper = g.upper + ((<usize>s * <usize>m) << 3);
  t.kinds = g.kinds + ((<usize>s * <usize>m) << 2);
  return base;
}

/**
 * p of spectrum s at θ into its parameter row (after selectSpectrum), and with `dp` ≠ 0 the
 * non-zero ∂p_k/∂θ per free slot: dp[3k + 0..2] over the slot's globals (or [3k] over its local).
 */
export function spectrumParams(t: FitTask, g: GlobalTask, s: i32, theta: usize, dp: usize): void {
  const T = ld(g.temperatures, s), tRef = T_REF, vAt = g.G + s * g.L;
  for (let k = 0; k < t.m; k++) {
    const idx = ldi(t.free, k), role = ldi(g.roles, k), at = ldi(g.globalAt, k);
    if (role == GLOBAL_ROLE_LOCAL || role == GLOBAL_ROLE_SHARED) {
      const lo = ld(t.lower, k), hi = ld(t.upper, k), kind = ldi(t.kinds, k);
      const u = role == GLOBAL_ROLE_LOCAL ? ld(theta, vAt + ldi(g.localAt, k)) : ld(theta, at);
      const v = toExternal(u, lo, hi, kind);
      st(t.params, idx, v);
      if (dp) st(dp, k * 3, dpdu(v, lo, hi, kind));
    } else if (role == GLOBAL_ROLE_SIGMA || role == GLOBAL_ROLE_SIGMA_T) {
      const x = (1 / T - 1 / tRef) / GLOBAL_LM_K_B_EV;
      const r = role == GLOBAL_ROLE_SIGMA ? Math.exp(ld(theta, at) + ld(theta, at + 1) * x) : Math.exp(ld(theta, at) + ld(theta, at + 1) * x) * (T / tRef);
      st(t.params, idx, r);
      if (dp) {
        st(dp, k * 3, r);
        st(dp, k * 3 + 1, r * x);
      }
    } else {
      const t0 = toExternal(ld(theta, at + 2), -Infinity, T_HI, BOUND_UPPER);
      const a = 1 / (T - t0), b = 1 / (tRef - t0);
      const y = (a - b) / GLOBAL_LM_K_B_EV;
      const r = Math.exp(ld(theta, at) + ld(theta, at + 1) * y) * Math.sqrt(T / tRef);
      st(t.params, idx, r);
      if (dp) {
        st(dp, k * 3, r);
        st(dp, k * 3 + 1, r * y);
        st(dp, k * 3 + 2, ((r * ld(theta, at + 1)) / GLOBAL_LM_K_B_EV) * (a * a - b * b) * dpdu(t0, -Infinity, T_HI, BOUND_UPPER));
      }
    }
  }
}

/**
 * Which unknowns of θ are on a relative (log-type) scale (globalProblem of global-map.ts): a
 * local or shared value with a bound transform, and ln R_ref of every law. Into `out` (M words, 0/1).
 */
export function logScaleOf(t: FitTask, g: GlobalTask, out: usize): void {
  const G = g.G, L = g.L, S = g.S;
  memory.fill(out, 0, <usize>(G + S * L) << 3);
  for (let k = 0; k < t.m; k++) {
    const role = ldi(g.roles, k), at = ldi(g.globalAt, k);
    const logType: f64 = ldi(g.kinds, k) != BOUND_NONE ? 1 : 0; // problems[0]'s kinds
    if (role == GLOBAL_ROLE_LOCAL) for (let s = 0; s < S; s++) st(out, G + s * L + ldi(g.localAt, k), logType);
    else if (role == GLOBAL_ROLE_SHARED) st(out, at, logType);
    else st(out, at, 1); // ln R_ref is relative by construction
  }
}
