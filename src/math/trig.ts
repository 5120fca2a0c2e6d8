/**
 * sin, cos, tan and atan2 that give the same bits in every JavaScript engine (V8's differ in
 * the last bit between Node 20 and Chromium 156: see ./index.ts). Pure IEEE-754 arithmetic.
 *
 * Method (written here from the textbook descriptions, not from any library's code):
 * - sin/cos/tan: x = n·π/2 + r, |r| ≤ π/4, with π/2 split into four 30-bit pieces
 *   (Cody & Waite, "Software Manual for the Elementary Functions", 1980, ch. 8) so that every
 *   n·piece is exact for |n| < 2^23, and r kept as a double-double; then the Taylor series of
 *   sin r (to r¹⁷) and cos r (to r¹⁸), the leading terms compensated. Domain of full accuracy:
 *   |x| < 2^23·π/2 ≈ 1.3e7 (the callers use |x| ≤ 2π); beyond it x is first reduced by the
 *   exact remainder modulo the double nearest 2π: deterministic and in [−1, 1], but with an
 *   absolute error growing as |x|·2^−51 (Payne–Hanek reduction would be needed there).
 * - atan2: atan t for t = min/max of |y|, |x| (a double-double quotient), reduced around
 *   c = k/8 by atan t = atan c + atan((t − c)/(1 + t·c)) (|u| ≤ 1/16, Taylor to u¹⁵), with
 *   atan(k/8) tabulated as double-doubles; then π/2 − ·, π − · and the sign, as ECMAScript's
 *   Math.atan2 special values.
 * Accuracy (test/math.test.ts against mpmath): sin, cos ≤ 1 ulp, atan2 ≤ 1 ulp, tan ≤ 2 ulp.
 */
import { pow2, twoProdLo, twoSumLo } from './double-double.ts';

const TWO_OVER_PI = 0.6366197723675814;
/** π/2 = P1 + P2 + P3 + P4 + O(1e-37), each piece 30 significant bits (mpmath). */
const P1 = 1.570796325802803, P2 = 9.920935791635221e-10, P3 = 5.17018297889025e-19, P4 = 2.903855972970775e-28;
const PI_HI = Math.PI, PI_LO = 1.2246467991473532e-16;
const HALF_PI_HI = 1.5707963267948966, HALF_PI_LO = 6.123233995736766e-17;
const QUARTER_PI = 0.7853981633974483;
/** atan(k/8), k = 0…8, as double-doubles (mpmath, 300 bits). */
const ATAN_HI = [0, 0.12435499454676144, 0.24497866312686414, 0.35877067027057225, 0.4636476090008061,
  0.5585993153435624, 0.6435011087932844, 0.7188299996216245, 0.7853981633974483];
const ATAN_LO = [0, -3.1253241424539383e-18, 1.0698755618734451e-17, -2.4623815582638635e-17, 2.2698777452961687e-17,
  -5.4556305485916264e-18, 1.5834785051444286e-17, -2.1478388444456983e-17, 3.061616997868383e-17];
/** Outside [TAIL_FLOOR, SPLIT_LIMIT] the quotient's remainder is not formed (the Veltkamp split would overflow, or the exact product fall into the subnormal range). */
const SPLIT_LIMIT = pow2(990), TAIL_FLOOR = pow2(-960);
/** Beyond 2^23·π/2 the products n·piece are no longer exact. */
const REDUCTION_LIMIT = pow2(23) * P1;
const TWO_PI = 2 * Math.PI;

/**
 * The second results of reduce (low part, quadrant) and atanRatio (low part): written by them
 * and read right after in the same synchronous call (object returns were not optimised away
 * and made these functions several times slower). Nothing else touches it.
 */
const extra = new Float64Array(2);

/** x − n·π/2 as a double-double: returns r, leaves rl in extra[0] and n mod 4 in extra[1]. */
function reduce(x: number): number {
  // outside the accurate domain: the exact remainder modulo the double nearest 2π (finite and
  // deterministic; its error grows as |x|·2^−51)
  if (Math.abs(x) > REDUCTION_LIMIT) x %= TWO_PI;
  if (Math.abs(x) <= QUARTER_PI) {
    extra[0] = 0;
    extra[1] = 0;
    return x;
  }
  const n = Math.round(x * TWO_OVER_PI);
  const a = x - n * P1; // exact (Sterbenz) for |n| < 2^23
  const b = n * P2;
  const r0 = a - b, r0l = twoSumLo(a, -b, r0) - n * P3 - n * P4;
  const r = r0 + r0l;
  extra[0] = twoSumLo(r0, r0l, r);
  extra[1] = n - 4 * Math.floor(n / 4);
  return r;
}

/** sin(r + rl), |r| ≤ π/4: r + r³·(−1/3! + r²/5! − … + r¹⁴/17!) + rl·cos r. */
function sinKernel(r: number, rl: number): number {
  const z = r * r;
  const tail = r * z * (-1 / 6 + z * (1 / 120 + z * (-1 / 5040 + z * (1 / 362880 + z * (-1 / 39916800
    + z * (1 / 6227020800 + z * (-1 / 1307674368000 + z * (1 / 355687428096000))))))));
  return r + (tail + rl * (1 - 0.5 * z));
}

/** cos(r + rl), |r| ≤ π/4: 1 − r²/2 (compensated) + r⁴·(1/4! − r²/6! + … + r¹⁴/18!) − rl·sin r. */
function cosKernel(r: number, rl: number): number {
  const z = r * r, zl = twoProdLo(r, r, z);
  const hz = 0.5 * z;
  const w = 1 - hz, wl = twoSumLo(1, -hz, w);
  const tail = z * z * (1 / 24 + z * (-1 / 720 + z * (1 / 40320 + z * (-1 / 3628800 + z * (1 / 479001600
    + z * (-1 / 87178291200 + z * (1 / 20922789888000 + z * (-1 / 6402373705728000))))))));
  return w + (wl - 0.5 * zl + tail - r * rl);
}

/** Sine (ECMAScript Math.sin special values; sin(−0) = −0). */
export function sin(x: number): number {
  if (x === 0 || x !== x) return x;
  if (x === Infinity || x === -Infinity) return Number.NaN;
  const r = reduce(x), rl = extra[0]!;
  switch (extra[1]) {
    case 0: return sinKernel(r, rl);
    case 1: return cosKernel(r, rl);
    case 2: return -sinKernel(r, rl);
    default: return -cosKernel(r, rl);
  }
}

/** Cosine (ECMAScript Math.cos special values). */
export function cos(x: number): number {
  if (x !== x || x === Infinity || x === -Infinity) return Number.NaN;
  const r = reduce(x), rl = extra[0]!;
  switch (extra[1]) {
    case 0: return cosKernel(r, rl);
    case 1: return -sinKernel(r, rl);
    case 2: return -cosKernel(r, rl);
    default: return sinKernel(r, rl);
  }
}

/** Tangent as sin/cos of the same reduction (≤ 2 ulp; tan(−0) = −0). */
export function tan(x: number): number {
  if (x === 0 || x !== x) return x;
  if (x === Infinity || x === -Infinity) return Number.NaN;
  const r = reduce(x), rl = extra[0]!, quadrant = extra[1]!;
  const s = sinKernel(r, rl), c = cosKernel(r, rl);
  return quadrant % 2 === 0 ? s / c : -c / s;
}

/** atan(a/b) for finite 0 ≤ a ≤ b, b > 0, as a double-double: returns the high part, leaves the low part in extra[0]. */
function atanRatio(a: number, b: number): number {
  const t = a / b;
  let tl = 0;
  if (a > TAIL_FLOOR && b < SPLIT_LIMIT) {
    const p = t * b;
    tl = ((a - p) - twoProdLo(t, b, p)) / b;
  }
  const k = Math.round(t * 8);
  let u: number, ul: number;
  if (k === 0) {
    u = t; ul = tl;
  } else {
    // u = (t − c)/(1 + t·c), c = k/8; t − c is exact (Sterbenz)
    const c = k / 8;
    const num = t - c;
    const ph = t * c, pl = twoProdLo(t, c, ph);
    const d = 1 + ph, dl = twoSumLo(1, ph, d) + pl + tl * c;
    u = num / d;
    const q = u * d;
    ul = ((num - q) - twoProdLo(u, d, q) + tl - u * dl) / d;
  }
  const z = u * u;
  const tail = u * z * (-1 / 3 + z * (1 / 5 + z * (-1 / 7 + z * (1 / 9 + z * (-1 / 11 + z * (1 / 13 + z * (-1 / 15)))))));
  const hi0 = ATAN_HI[k]! + u;
  const lo0 = twoSumLo(ATAN_HI[k]!, u, hi0) + (ATAN_LO[k]! + ul + tail);
  const hi = hi0 + lo0;
  extra[0] = twoSumLo(hi0, lo0, hi);
  return hi;
}

/** The angle of (x, y) in (−π, π] (ECMAScript Math.atan2 special values). */
export function atan2(y: number, x: number): number {
  if (y !== y || x !== x) return Number.NaN;
  const ay = Math.abs(y), ax = Math.abs(x);
  const west = x < 0 || Object.is(x, -0);
  let angle: number;
  if (y === 0) {
    angle = west ? PI_HI : 0;
  } else if (ay === Infinity) {
    angle = ax === Infinity ? (west ? 3 * QUARTER_PI : QUARTER_PI) : HALF_PI_HI;
  } else if (ax === Infinity) {
    angle = west ? PI_HI : 0;
  } else if (x === 0) {
    angle = HALF_PI_HI;
  } else {
    let hi = ay <= ax ? atanRatio(ay, ax) : atanRatio(ax, ay), lo = extra[0]!;
    if (ay > ax) {
      const h = HALF_PI_HI - hi;
      lo = twoSumLo(HALF_PI_HI, -hi, h) + HALF_PI_LO - lo;
      hi = h;
    }
    if (west) {
      const h = PI_HI - hi;
      lo = twoSumLo(PI_HI, -hi, h) + PI_LO - lo;
      hi = h;
    }
    angle = hi + lo;
  }
  return y < 0 || Object.is(y, -0) ? -angle : angle;
}
