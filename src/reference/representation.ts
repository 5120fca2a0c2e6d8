/**
 * The representation a fit's residuals are taken in (specs/global-fit.md Part B, "Fitting in Y
 * or M"): Z as measured, Y = 1/Z, or M = jωC0·Z. The TS reference's counterpart of modelPoint in
 * assembly/lm.ts, the same operations in the same order: X of one complex value and the factor
 * F = ∂X/∂Z of the chain rule (F = −Y² for Y, jωC0 for M), so ∂X/∂p = F·∂Z/∂p with no new
 * element code. src/fit/problem.ts converts the data with the same function.
 */
import { FIT_REPRESENTATION } from '../abi/descriptor.ts';

/** 'Z' | 'Y' | 'M' as the code the kernels read (FIT_REPRESENTATION). */
export type RepresentationCode = (typeof FIT_REPRESENTATION)[keyof typeof FIT_REPRESENTATION];

/** One point: X and F = ∂X/∂Z (for Z: X = Z, F = 1). */
export interface RepresentedPoint {
  xr: number;
  xi: number;
  fr: number;
  fi: number;
}

/**
 * X of Z = zr + j·zi at ω (rad/s) into `out`. Y = conj(Z)/|Z|² (the data are within
 * [1e-50, 1e50] Ω, so |Z|² neither overflows nor underflows; a model value that does gives a
 * non-finite residual and the step is rejected).
 */
export function representPoint(kind: number, zr: number, zi: number, w: number, c0: number, out: RepresentedPoint): RepresentedPoint {
  if (kind === FIT_REPRESENTATION.Y) {
    const d = zr * zr + zi * zi;
    const yr = zr / d, yi = -zi / d;
    out.xr = yr;
    out.xi = yi;
    out.fr = yi * yi - yr * yr;
    out.fi = -2 * yr * yi;
  } else if (kind === FIT_REPRESENTATION.M) {
    const wc = w * c0;
    out.xr = -wc * zi;
    out.xi = wc * zr;
    out.fr = 0;
    out.fi = wc;
  } else {
    out.xr = zr;
    out.xi = zi;
    out.fr = 1;
    out.fi = 0;
  }
  return out;
}

/** ∂X = F·∂Z for one column entry (M: F = j·ωC0, taken without the product with F's zero real part). */
export function chainRule(kind: number, p: RepresentedPoint, jr: number, ji: number, out: { re: number; im: number }): void {
  if (kind === FIT_REPRESENTATION.M) {
    out.re = -p.fi * ji;
    out.im = p.fi * jr;
  } else {
    out.re = p.fr * jr - p.fi * ji;
    out.im = p.fr * ji + p.fi * jr;
  }
}
