/**
 * exp, expm1, log, log1p, log10, pow and 10^x that give the same bits in every JavaScript
 * engine (V8's own Math.exp/log/log10/pow and `**` differ in the last bit between Node 20 and
 * Chromium 156: see ./index.ts). Pure IEEE-754 arithmetic, no Math.* but the exact ones (abs,
 * round, floor).
 *
 * Method (written here from the textbook descriptions, not from any library's code):
 * - log: x = 2^e·m with m in (√2/2, √2], log m = 2·atanh(s) = 2s + 2s³/3 + 2s⁵/5 + … with
 *   s = (m − 1)/(m + 1), |s| ≤ 0.1716 (the reduction of Cody & Waite, "Software Manual for the
 *   Elementary Functions", 1980, ch. 5, with the series carried to s²³ instead of a minimax
 *   fit); s and the first two terms in double-double, e·ln 2 with a double-double ln 2. The
 *   result carries ~2^−65 relative error before the final rounding.
 * - exp: z = k·ln 2 + r, |r| ≤ ln2/2 (Cody–Waite with a double-double ln 2), e^r by its Taylor
 *   series to r¹⁴/14!, r²/2 exact and the last additions compensated, then scaled by 2^k.
 * - pow(x, y) = exp(y·log|x|) with y·log|x| in double-double (the classic way to keep pow
 *   within an ulp, Muller et al., "Handbook of Floating-Point Arithmetic", 2nd ed., §11);
 *   special values as ECMAScript's Number::exponentiate.
 * - expm1 = 2^k·e^r − 1 with e^r in double-double; log1p = ln fl(1 + x) + (rounding error)/fl(1 + x).
 * Accuracy (test/math.test.ts against mpmath): every function here ≤ 0.6 ulp (pow on
 * |y·ln x| ≤ 700); exact results come out exact (2^k, 10^k for k ≤ 22, log10(10^k) = k).
 */
import { scaleByPow2, twoProdLo, twoSumLo } from './double-double.ts';

/** ln 2 as a double-double (mpmath, 300 bits); the high parts are ECMAScript's correctly rounded constants. */
const LN2_HI = Math.LN2, LN2_LO = 2.3190468138462996e-17;
/** ln 10 and 1/ln 10 as double-doubles (mpmath). */
const LN10_HI = Math.LN10, LN10_LO = -2.1707562233822494e-16;
const INV_LN10_HI = Math.LOG10E, INV_LN10_LO = 1.098319650216765e-17;
/** 2/3 as a double-double (exact: 2/3 − fl(2/3)). */
const TWO_THIRDS_HI = 2 / 3, TWO_THIRDS_LO = 3.700743415417188e-17;
const INV_LN2 = Math.LOG2E;
const SQRT2 = Math.SQRT2;
/** e^z overflows above ln(MAX_VALUE) ≈ 709.78 and is 0 below ln(MIN_VALUE/2) ≈ −745.13; past these the reduction is skipped. */
const EXP_MAX = 709.8, EXP_MIN = -745.2;
const TWO_POW_54 = 18014398509481984;
const MIN_NORMAL = 2.2250738585072014e-308;

/** The bits of a double, read big-endian (DataView: the same on every platform). Used and released within one call. */
const bits = new DataView(new ArrayBuffer(8));
/**
 * logDD's argument (logIo[0]) and its result, high part in logIo[0] and low part in logIo[1]:
 * written and read right around the call in the same synchronous code. Nothing else touches it.
 * Why not arguments and a return value: logDD is too large to be inlined, and V8 passes a double
 * to or from a call that is not inlined as a heap number, two allocations per logarithm (about
 * 100 logarithms per initial guess); an object return was not optimised away either and made
 * log 3× slower.
 */
const logIo = new Float64Array(2);

/**
 * e^r for the reduced argument of zh + zl = k·ln 2 + r: returns k, leaves e^r as the
 * double-double expParts[0] + expParts[1] (expParts[0] in [0.70, 1.42]). Written and read within
 * one synchronous call, like logIo.
 */
const expParts = new Float64Array(2);

function expReduced(zh: number, zl: number): number {
  const k = Math.round(zh * INV_LN2);
  const ph = k * LN2_HI, pl = twoProdLo(k, LN2_HI, ph);
  const r0 = zh - ph, r0l = twoSumLo(zh, -ph, r0) - pl - k * LN2_LO + zl;
  const r = r0 + r0l, rl = twoSumLo(r0, r0l, r);
  // e^r = 1 + r + r²/2 + r³·(1/3! + r/4! + … + r¹¹/14!), |r| ≤ 0.347: truncation < 2^−65; r²/2 exact (Dekker)
  const r2 = r * r, r2l = twoProdLo(r, r, r2);
  const hz = 0.5 * r2;
  const tail = r * r2 * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720 + r * (1 / 5040 + r * (1 / 40320
    + r * (1 / 362880 + r * (1 / 3628800 + r * (1 / 39916800 + r * (1 / 479001600 + r * (1 / 6227020800
    + r * (1 / 87178291200))))))))))));
  const q = r + hz, ql = twoSumLo(r, hz, q);
  const s = 1 + q, sl = twoSumLo(1, q, s);
  expParts[0] = s;
  // e^(r + rl) ≈ e^r·(1 + rl)
  expParts[1] = sl + ql + 0.5 * r2l + tail + rl * s;
  return k;
}

/**
 * expDD's argument, zh in expIo[0] and zl in expIo[1], and its result in expIo[0]: written and
 * read right around the call, like logIo (a double to or from a call that is not inlined is a
 * heap number).
 */
const expIo = new Float64Array(2);

/** e^(zh + zl) for a double-double argument (|zl| ≤ ulp(zh)) in expIo, into expIo[0]. */
function expDD(): void {
  const zh = expIo[0]!, zl = expIo[1]!;
  if (zh > EXP_MAX) expIo[0] = Infinity;
  else if (zh < EXP_MIN) expIo[0] = 0;
  else {
    const k = expReduced(zh, zl);
    expIo[0] = scaleByPow2(expParts[0]! + expParts[1]!, k);
  }
}

/** ln x as a double-double for a positive finite x = logIo[0]: leaves the high part in logIo[0], the low part in logIo[1]. */
function logDD(): void {
  let x = logIo[0]!;
  let e = 0;
  if (x < MIN_NORMAL) { x *= TWO_POW_54; e = -54; }
  bits.setFloat64(0, x);
  const hw = bits.getUint32(0);
  e += (hw >>> 20) - 1023;
  bits.setUint32(0, (hw & 0x000fffff) | 0x3ff00000);
  let m = bits.getFloat64(0);
  if (m > SQRT2) { m *= 0.5; e += 1; }
  // s = f/(2 + f) in double-double, f = m − 1 exact
  const f = m - 1;
  const d = 2 + f, dl = twoSumLo(2, f, d);
  const sh = f / d;
  const sp = sh * d, spl = twoProdLo(sh, d, sp);
  const sl = ((f - sp) - spl - sh * dl) / d;
  // 2s + (2/3)s³ in double-double, the rest s⁵·(2/5 + 2s²/7 + … + 2s¹⁸/23) in double
  const s2 = sh * sh, s2l = twoProdLo(sh, sh, s2);
  const s3 = s2 * sh, s3l = twoProdLo(s2, sh, s3) + s2l * sh + 3 * s2 * sl; // (sh + sl)³ ≈ sh³ + 3sh²·sl
  const c3 = s3 * TWO_THIRDS_HI, c3l = twoProdLo(s3, TWO_THIRDS_HI, c3) + s3l * TWO_THIRDS_HI + s3 * TWO_THIRDS_LO;
  const rest = s3 * s2 * (2 / 5 + s2 * (2 / 7 + s2 * (2 / 9 + s2 * (2 / 11 + s2 * (2 / 13 + s2 * (2 / 15
    + s2 * (2 / 17 + s2 * (2 / 19 + s2 * (2 / 21 + s2 * (2 / 23))))))))));
  const two = 2 * sh;
  const mh = two + c3, ml = twoSumLo(two, c3, mh) + (2 * sl + c3l + rest);
  // + e·ln 2
  const eh = e * LN2_HI, el = twoProdLo(e, LN2_HI, eh) + e * LN2_LO;
  const h = eh + mh, l = twoSumLo(eh, mh, h) + el + ml;
  const hi = h + l;
  logIo[0] = hi;
  logIo[1] = twoSumLo(h, l, hi);
}

/** Natural logarithm (ECMAScript Math.log special values). */
export function log(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : Number.NaN;
  if (x === Infinity) return x;
  logIo[0] = x;
  logDD();
  return logIo[0]! + logIo[1]!;
}

/** ln(1 + x), accurate for small x: log of u = fl(1 + x) plus the rounding error e of that sum, ln(1 + x) = ln u + e/u (to first order in e/u < 2^−53). */
export function log1p(x: number): number {
  if (!(x > -1)) return x === -1 ? -Infinity : Number.NaN;
  if (x === 0 || x === Infinity) return x;
  const u = 1 + x, e = twoSumLo(1, x, u);
  logIo[0] = u;
  logDD();
  return logIo[0]! + (logIo[1]! + e / u);
}

/** Base-10 logarithm: log10(10^k) = k for the exactly representable powers. */
export function log10(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : Number.NaN;
  if (x === Infinity) return x;
  logIo[0] = x;
  logDD();
  const hi = logIo[0]!, lo = logIo[1]!;
  const h = hi * INV_LN10_HI;
  return h + (twoProdLo(hi, INV_LN10_HI, h) + hi * INV_LN10_LO + lo * INV_LN10_HI);
}

/** e^x (ECMAScript Math.exp special values). */
export function exp(x: number): number {
  if (x !== x) return x;
  expIo[0] = x;
  expIo[1] = 0;
  expDD();
  return expIo[0]!;
}

/** e^x − 1, accurate for small x: 2^k·e^r − 1 with e^r in double-double and the subtraction compensated. */
export function expm1(x: number): number {
  if (x !== x || x === 0) return x;
  if (x > EXP_MAX) return Infinity;
  if (x < -40) return -1; // e^x < 2^−57: −1 after rounding
  const k = expReduced(x, 0);
  const m = scaleByPow2(expParts[0]!, k), ml = scaleByPow2(expParts[1]!, k);
  if (m === Infinity) return m;
  const d = m - 1;
  return d + (twoSumLo(m, -1, d) + ml);
}

/** 10^x: exact where 10^x is a double (10^0 … 10^22). */
export function exp10(x: number): number {
  if (x !== x) return x;
  const zh = x * LN10_HI;
  if (!(Math.abs(zh) < 800)) return zh > 0 ? Infinity : 0;
  expIo[0] = zh;
  expIo[1] = twoProdLo(x, LN10_HI, zh) + x * LN10_LO;
  expDD();
  return expIo[0]!;
}

function isOddInteger(y: number): boolean {
  return Math.abs(y) < 9007199254740992 && Math.floor(y) === y && y % 2 !== 0;
}

/** x^y with the special values of ECMAScript's Number::exponentiate (x ** y). */
export function pow(x: number, y: number): number {
  if (y !== y) return y;
  if (y === 0) return 1;
  if (x !== x) return x;
  if (y === Infinity || y === -Infinity) {
    const ax = Math.abs(x);
    if (ax === 1) return Number.NaN;
    return (ax > 1) === (y > 0) ? Infinity : 0;
  }
  if (x === 0 || x === Infinity || x === -Infinity) {
    // x = ±0 behaves as 1/x = ±∞ with −y
    const big = x !== 0;
    const grows = big ? y > 0 : y < 0;
    const negative = (x < 0 || Object.is(x, -0)) && isOddInteger(y);
    const magnitude = grows ? Infinity : 0;
    return negative ? -magnitude : magnitude;
  }
  let sign = 1;
  if (x < 0) {
    if (Math.floor(y) !== y) return Number.NaN;
    if (isOddInteger(y)) sign = -1;
    x = -x;
  }
  if (x === 1) return sign;
  logIo[0] = x;
  logDD();
  const hi = logIo[0]!, lo = logIo[1]!;
  const zh = y * hi;
  if (!(Math.abs(zh) < 800)) return sign * (zh > 0 ? Infinity : 0);
  expIo[0] = zh;
  expIo[1] = twoProdLo(y, hi, zh) + y * lo;
  expDD();
  return sign * expIo[0]!;
}
