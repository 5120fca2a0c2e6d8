// exp and ln for the DRT kernel (assembly/drt-*.ts), the start values' arc pass (guess.ts) and the
// quality verdict (judge.ts): the same operations in the same order as
// src/math/exp-log.ts (double-double Cody–Waite reduction and series; see there for the method
// and its accuracy), so the WASM matrices get the same bits as the TS core's. Only IEEE-754
// +, −, ×, ÷ and exact conversions: no FMA, nothing engine-dependent.

const SPLITTER: f64 = 134217729;
const LN2_HI: f64 = 0.6931471805599453;
const LN2_LO: f64 = 2.3190468138462996e-17;
const TWO_THIRDS_HI: f64 = 2.0 / 3.0;
const TWO_THIRDS_LO: f64 = 3.700743415417188e-17;
const INV_LN2: f64 = 1.4426950408889634;
const SQRT2: f64 = 1.4142135623730951;
const EXP_MAX: f64 = 709.8;
const EXP_MIN: f64 = -745.2;
const TWO_POW_54: f64 = 18014398509481984;
const MIN_NORMAL: f64 = 2.2250738585072014e-308;

/** The low part of a + b = s (Knuth's TwoSum); shared by judge.ts's hypot. */
// @ts-ignore: decorator
@inline export function twoSumLo(a: f64, b: f64, s: f64): f64 {
  const bv = s - a;
  return (a - (s - bv)) + (b - bv);
}

/** The low part of a·b = p (Dekker's TwoProduct by Veltkamp splitting, no FMA); shared by judge.ts's hypot. */
// @ts-ignore: decorator
@inline export function twoProdLo(a: f64, b: f64, p: f64): f64 {
  let t = SPLITTER * a;
  const ah = t - (t - a), al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b), bl = b - bh;
  return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

/** 2^e exactly for an integer e in [−1022, 1023]. */
// @ts-ignore: decorator
@inline function pow2(e: i32): f64 {
  return reinterpret<f64>(<u64>(e + 1023) << 52);
}

function scaleByPow2(m: f64, k: i32): f64 {
  if (k > 1023) return m * pow2(1023) * pow2(k - 1023);
  if (k < -1022) return m * pow2(k + 60) * pow2(-60);
  return m * pow2(k);
}

/** e^x (x not NaN is not required: NaN passes through). */
export function dexp(x: f64): f64 {
  if (x != x) return x;
  if (x > EXP_MAX) return Infinity;
  if (x < EXP_MIN) return 0;
  const zh = x, zl: f64 = 0;
  const kf = Math.round(zh * INV_LN2);
  const ph = kf * LN2_HI, pl = twoProdLo(kf, LN2_HI, ph);
  const r0 = zh - ph, r0l = twoSumLo(zh, -ph, r0) - pl - kf * LN2_LO + zl;
  const r = r0 + r0l, rl = twoSumLo(r0, r0l, r);
  const r2 = r * r, r2l = twoProdLo(r, r, r2);
  const hz = 0.5 * r2;
  const tail = r * r2 * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r * (1.0 / 720.0 + r * (1.0 / 5040.0 + r * (1.0 / 40320.0
    + r * (1.0 / 362880.0 + r * (1.0 / 3628800.0 + r * (1.0 / 39916800.0 + r * (1.0 / 479001600.0 + r * (1.0 / 6227020800.0
    + r * (1.0 / 87178291200.0))))))))))));
  const q = r + hz, ql = twoSumLo(r, hz, q);
  const s = 1 + q, sl = twoSumLo(1, q, s);
  const lo = sl + ql + 0.5 * r2l + tail + rl * s;
  return scaleByPow2(s + lo, <i32>kf);
}

/** ln x (ECMAScript special values). */
export function dlog(x0: f64): f64 {
  let x = x0;
  if (!(x > 0)) return x == 0 ? -Infinity : NaN;
  if (x == Infinity) return x;
  let e: i32 = 0;
  if (x < MIN_NORMAL) {
    x *= TWO_POW_54;
    e = -54;
  }
  const u = reinterpret<u64>(x);
  const hw = <u32>(u >> 32);
  e += <i32>(hw >>> 20) - 1023;
  let m = reinterpret<f64>((<u64>((hw & 0x000fffff) | 0x3ff00000) << 32) | (u & 0xffffffff));
  if (m > SQRT2) {
    m *= 0.5;
    e += 1;
  }
  const f = m - 1;
  const d = 2 + f, dl = twoSumLo(2, f, d);
  const sh = f / d;
  const sp = sh * d, spl = twoProdLo(sh, d, sp);
  const sl = ((f - sp) - spl - sh * dl) / d;
  const s2 = sh * sh, s2l = twoProdLo(sh, sh, s2);
  const s3 = s2 * sh, s3l = twoProdLo(s2, sh, s3) + s2l * sh + 3 * s2 * sl;
  const c3 = s3 * TWO_THIRDS_HI, c3l = twoProdLo(s3, TWO_THIRDS_HI, c3) + s3l * TWO_THIRDS_HI + s3 * TWO_THIRDS_LO;
  const rest = s3 * s2 * (2.0 / 5.0 + s2 * (2.0 / 7.0 + s2 * (2.0 / 9.0 + s2 * (2.0 / 11.0 + s2 * (2.0 / 13.0 + s2 * (2.0 / 15.0
    + s2 * (2.0 / 17.0 + s2 * (2.0 / 19.0 + s2 * (2.0 / 21.0 + s2 * (2.0 / 23.0))))))))));
  const two = 2 * sh;
  const mh = two + c3, ml = twoSumLo(two, c3, mh) + (2 * sl + c3l + rest);
  const ef = <f64>e;
  const eh = ef * LN2_HI, el = twoProdLo(ef, LN2_HI, eh) + ef * LN2_LO;
  const h = eh + mh, l = twoSumLo(eh, mh, h) + el + ml;
  const hi = h + l;
  return hi + twoSumLo(h, l, hi);
}
