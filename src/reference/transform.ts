/**
 * Bounds by variable transformation: the optimiser works on unbounded u, the model sees
 * p(u) inside [lower, upper]:
 *   [lo, ∞):  p = lo + e^u            dp/du = p − lo
 *   (−∞, hi]: p = hi − e^u            dp/du = −(hi − p)
 *   [lo, hi]: p = lo + (hi − lo)/(1 + e^−u)   dp/du = (p − lo)(hi − p)/(hi − lo)
 *   (−∞, ∞):  p = u                   dp/du = 1
 * The same maps are in assembly/lm.ts (kind codes are shared ABI). log and exp are src/math's,
 * so the start values sent to the WASM are the same bits in every runtime.
 */
import { exp, log } from '../math/index.ts';
import { BOUND } from '../abi/descriptor.ts';

// the kind codes are shared with the kernels: declared once in the ABI descriptor
export const BOUND_NONE = BOUND.NONE;
export const BOUND_LOWER = BOUND.LOWER;
export const BOUND_UPPER = BOUND.UPPER;
export const BOUND_BOTH = BOUND.BOTH;

export function boundKind(lo: number, hi: number): number {
  const l = Number.isFinite(lo), h = Number.isFinite(hi);
  return l && h ? BOUND_BOTH : l ? BOUND_LOWER : h ? BOUND_UPPER : BOUND_NONE;
}

/**
 * Relative distance kept from a bound when a start value sits exactly on it (the transforms
 * reach a bound only at u = ±∞).
 */
export const BOUND_NUDGE = 1e-9;

export function toInternal(p: number, lo: number, hi: number, kind: number): number {
  switch (kind) {
    // the nudge is relative to the value's own scale (a CPE Q of 1e-10 must stay 1e-10)
    case BOUND_LOWER: return log(Math.max(p - lo, BOUND_NUDGE * (Math.max(Math.abs(lo), Math.abs(p)) || 1)));
    case BOUND_UPPER: return log(Math.max(hi - p, BOUND_NUDGE * (Math.max(Math.abs(hi), Math.abs(p)) || 1)));
    case BOUND_BOTH: {
      const span = hi - lo;
      const t = Math.min(Math.max((p - lo) / span, BOUND_NUDGE), 1 - BOUND_NUDGE);
      return log(t / (1 - t));
    }
    default: return p;
  }
}

export function toExternal(u: number, lo: number, hi: number, kind: number): number {
  switch (kind) {
    case BOUND_LOWER: return lo + exp(u);
    case BOUND_UPPER: return hi - exp(u);
    case BOUND_BOTH: return lo + (hi - lo) / (1 + exp(-u));
    default: return u;
  }
}

/** dp/du at p (see the table above). */
export function derivative(p: number, lo: number, hi: number, kind: number): number {
  switch (kind) {
    case BOUND_LOWER: return p - lo;
    case BOUND_UPPER: return -(hi - p);
    case BOUND_BOTH: return ((p - lo) * (hi - p)) / (hi - lo);
    default: return 1;
  }
}
