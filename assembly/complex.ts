// Scalar complex helpers for the kernels. AssemblyScript has no cheap small structs, so
// each helper leaves its result in the two "return registers" RE and IM (module globals);
// callers copy them into locals at once.

export let RE: f64 = 0;
export let IM: f64 = 0;

export const HALF_PI: f64 = 1.5707963267948966;

/** (ar + j ai)/(br + j bi) by Smith's algorithm (no overflow in |b|²). */
// @ts-ignore: decorator
@inline export function cdiv(ar: f64, ai: f64, br: f64, bi: f64): void {
  if (Math.abs(br) >= Math.abs(bi)) {
    const r = bi / br;
    const d = br + bi * r;
    RE = (ar + ai * r) / d;
    IM = (ai - ar * r) / d;
  } else {
    const r = br / bi;
    const d = br * r + bi;
    RE = (ar * r + ai) / d;
    IM = (ai * r - ar) / d;
  }
}

/** Principal square root without cancellation. */
// @ts-ignore: decorator
@inline export function csqrt(re: f64, im: f64): void {
  if (re == 0 && im == 0) {
    RE = 0;
    IM = 0;
    return;
  }
  const m = Math.hypot(re, im);
  if (re >= 0) {
    const t = Math.sqrt((m + re) / 2);
    RE = t;
    IM = im / (2 * t);
  } else {
    const t = Math.sqrt((m - re) / 2);
    RE = Math.abs(im) / (2 * t);
    IM = im < 0 ? -t : t;
  }
}

/** e^z itself, left by {@link cexpm1} as a by-product. */
export let EXP_R: f64 = 0;
export let EXP_I: f64 = 0;

/**
 * e^z − 1, accurate for small |z|: (expm1(a) cos b − 2 sin²(b/2)) + j e^a sin b. Also leaves
 * e^z = e^a (cos b + j sin b) in EXP_R/EXP_I (same transcendentals, computed directly so a
 * tiny e^z keeps its digits).
 */
// @ts-ignore: decorator
@inline export function cexpm1(a: f64, b: f64): void {
  const s = Math.sin(b / 2);
  const cb = Math.cos(b), sb = Math.sin(b), ea = Math.exp(a);
  RE = Math.expm1(a) * cb - 2 * s * s;
  IM = ea * sb;
  EXP_R = ea * cb;
  EXP_I = IM;
}

/** Principal log(1 + z), accurate for small |z|. */
// @ts-ignore: decorator
@inline export function clog1p(re: f64, im: f64): void {
  RE = Math.hypot(re, im) < 0.5 ? 0.5 * Math.log1p(2 * re + re * re + im * im) : Math.log(Math.hypot(1 + re, im));
  IM = Math.atan2(im, 1 + re);
}

/**
 * sinh z − z for |z| < 1 by its Taylor series z³/3! + z⁵/5! + … (10 terms; the next is
 * below 1e-19 relative). Used where closed forms cancel.
 */
export function sinhMinusZSmall(zr: f64, zi: f64): void {
  const z2r = zr * zr - zi * zi;
  const z2i = 2 * zr * zi;
  let tr = (zr * z2r - zi * z2i) / 6;
  let ti = (zr * z2i + zi * z2r) / 6;
  let sr = tr;
  let si = ti;
  for (let k = 2; k <= 10; k++) {
    const den = f64((2 * k) * (2 * k + 1));
    const nr = (tr * z2r - ti * z2i) / den;
    const ni = (tr * z2i + ti * z2r) / den;
    tr = nr;
    ti = ni;
    sr += tr;
    si += ti;
  }
  RE = sr;
  IM = si;
}

/** (ar + j ai)(br + j bi) */
// @ts-ignore: decorator
@inline export function cmul(ar: f64, ai: f64, br: f64, bi: f64): void {
  RE = ar * br - ai * bi;
  IM = ar * bi + ai * br;
}
