// f64x2 core of the finite-length Warburg elements Wo (coth s/s) and Ws (tanh s/s) with
// s = √(jωτ) = x(1 + j), x = √(ωτ/2): two frequencies per vector, real arithmetic only.
//
// With e = e^{−2x}, m = expm1(−2x) = e − 1, S = sin x, C = cos x (so sin 2x = 2SC):
//   A := 2e·sinh 2x = 1 − e² = −m(2 + m),   B := 2e·sin 2x = 4eSC
//   coth s = (A − jB)/(m² + 4eS²),           tanh s = (A + jB)/(m² + 4eC²)
// (2e(cosh 2x − cos 2x) = (1 − e)² + 4e sin²x and 2e(cosh 2x + cos 2x) = (1 − e)² + 4e cos²x:
// sums of non-negative terms, so neither denominator cancels, for small x either), and with
// 1/s = (1 − j)/(2x):
//   coth s/s = ((A − B) − j(A + B))/(2x(m² + 4eS²)),  tanh s/s = ((A + B) + j(B − A))/(2x(m² + 4eC²)).
// For the τ sensitivities, with 2e(cosh 2s ∓ 1) = (1 + e²)cos 2x ∓ 2e + jA sin 2x:
//   csch² s = 4e/(m² − 2(1 + e²)S² + 2jA·SC),  sech² s = 4e/((1 + e)² − 2(1 + e²)S² + 2jA·SC).
// Their real parts cancel where the imaginary part is large (small x: Im ~ 8x², Re ~ x⁴; large
// x: Re ≈ 0 needs S² ≈ ½, where |Im| ≈ 1), so the complex relative error stays at rounding level.
//
// e and m come from one reduction (k = round(−2x·log2 e), r = −2x − k ln2): e^r − 1 by the
// polynomial of vexp.ts without its constant term, then e = 2^k(q + 1), m = 2^k·q + (2^k − 1).
// sin/cos: k = round(x·2/π), r = x − k·π/2 (Cody–Waite, exact for x ≤ 22), fdlibm's kernel
// polynomials on |r| ≤ π/4; only S², C² and SC are needed, so the quadrant is just the parity
// of k (odd: S² ↔ C², SC → −SC).
//
// Callers use the vector path only for 1e-50 ≤ x ≤ 22 in both lanes (ASYMPTOTIC_X in
// elements.ts; the lower bound keeps x³ and x⁴ normal) and their scalar code otherwise.
// All operations are IEEE f64x2 arithmetic (no relaxed SIMD, no fused multiply-add): the results
// are the same bits in every engine.

import { GRAD_PARAM_STRIDE } from './memory';

const T: usize = memory.data<f64>([
  -2.8853900817779268, -2.8853900817779268, //   0: −2·log2 e
  6755399441055744.0, 6755399441055744.0, //  16: 1.5·2^52 shifter
  6.93147180369123816490e-01, 6.93147180369123816490e-01, //  32: ln2 high part
  1.90821492927058770002e-10, 1.90821492927058770002e-10, //  48: ln2 low part
  1.6059043836821613e-10, 1.6059043836821613e-10, //  64: 1/13!
  2.08767569878681e-9, 2.08767569878681e-9, //  80: 1/12!
  2.505210838544172e-8, 2.505210838544172e-8, //  96: 1/11!
  2.755731922398589e-7, 2.755731922398589e-7, // 112: 1/10!
  2.7557319223985893e-6, 2.7557319223985893e-6, // 128: 1/9!
  2.48015873015873e-5, 2.48015873015873e-5, // 144: 1/8!
  1.984126984126984e-4, 1.984126984126984e-4, // 160: 1/7!
  1.3888888888888889e-3, 1.3888888888888889e-3, // 176: 1/6!
  8.333333333333333e-3, 8.333333333333333e-3, // 192: 1/5!
  4.1666666666666664e-2, 4.1666666666666664e-2, // 208: 1/4!
  0.16666666666666666, 0.16666666666666666, // 224: 1/3!
  0.5, 0.5, // 240: 1/2!
  1.0, 1.0, // 256: 1
  0.6366197723675814, 0.6366197723675814, // 272: 2/π
  1.57079632673412561417e+00, 1.57079632673412561417e+00, // 288: π/2, first 33 bits
  6.07710050650619224932e-11, 6.07710050650619224932e-11, // 304: π/2 − the above
  // fdlibm __kernel_sin: S1…S6
  -1.66666666666666324348e-01, -1.66666666666666324348e-01, // 320
  8.33333333332248946124e-03, 8.33333333332248946124e-03, // 336
  -1.98412698298579493134e-04, -1.98412698298579493134e-04, // 352
  2.75573137070700676789e-06, 2.75573137070700676789e-06, // 368
  -2.50507602534068634195e-08, -2.50507602534068634195e-08, // 384
  1.58969099521155010221e-10, 1.58969099521155010221e-10, // 400
  // fdlibm __kernel_cos: C1…C6
  4.16666666666666019037e-02, 4.16666666666666019037e-02, // 416
  -1.38888888888741095749e-03, -1.38888888888741095749e-03, // 432
  2.48015872894767294178e-05, 2.48015872894767294178e-05, // 448
  -2.75573143513906633035e-07, -2.75573143513906633035e-07, // 464
  2.08757232129817482790e-09, 2.08757232129817482790e-09, // 480
  -1.13596475577881948265e-11, -1.13596475577881948265e-11, // 496
  2.0, 2.0, // 512
  4.0, 4.0, // 528
  1e-50, 1e-50, // 544: smallest x of the vector path
  22.0, 22.0, // 560: largest (ASYMPTOTIC_X)
  7.647163731819816e-13, 7.647163731819816e-13, // 576: 1/15!
  2.8114572543455206e-15, 2.8114572543455206e-15, // 592: 1/17!
  8.22063524662433e-18, 8.22063524662433e-18, // 608: 1/19!
  1.9572941063391263e-20, 1.9572941063391263e-20, // 624: 1/21!
  8.0, 8.0, // 640
  300.0, 300.0, // 656: largest zr of hyperbolicParts
  1e4, 1e4, // 672: largest |zi|
], 16);

/** i64x2 (1, 1): the parity bit of the quadrant count. */
const LOW_BIT: usize = memory.data<i64>([1, 1], 16);
/** i64x2 (2, 2): the second bit of the quadrant count. */
const BIT1: usize = memory.data<i64>([2, 2], 16);
/** i64x2 sign bits. */
const SIGN: usize = memory.data<i64>([i64.MIN_VALUE, i64.MIN_VALUE], 16);

// @ts-ignore: decorator
@inline function c(offset: usize): v128 {
  return v128.load(T + offset);
}

/** Whether both lanes of x take the vector path (false for NaN). */
// @ts-ignore: decorator
@inline export function warburgInRange(x: v128): bool {
  return i64x2.all_true(v128.and(f64x2.ge(x, c(544)), f64x2.le(x, c(560))));
}

/** One parameter k's gradient at points i and i + 1 of an element's gradient block (elements.ts and the Warburg pairs). */
// @ts-ignore: decorator
@inline export function gradPair(jr: usize, ji: usize, stride: usize, i: i32, k: i32, re: v128, im: v128): void {
  const o = <usize>i * stride + <usize>k * GRAD_PARAM_STRIDE;
  if (stride == 8) {
    // the column-major Jacobian (./memory.ts GRAD_PARAM_STRIDE): column k's two points are adjacent
    v128.store(jr + o, re);
    v128.store(ji + o, im);
    return;
  }
  f64.store(jr + o, f64x2.extract_lane(re, 0));
  f64.store(ji + o, f64x2.extract_lane(im, 0));
  f64.store(jr + o + stride, f64x2.extract_lane(re, 1));
  f64.store(ji + o + stride, f64x2.extract_lane(im, 1));
}

/**
 * Points i and i + 1 of Wo (coth s/s, tanh = false) or Ws (tanh s/s): Z = R·h into zr/zi and,
 * if jr ≠ 0, ∂Z/∂R = h and ∂Z/∂τ into the Jacobian columns 0 and 1. x within warburgInRange;
 * Ws lanes with x < seriesX (the scalar code's bound x√2 < ALGORITHM_SERIES_LIMIT) take the series for ∂Z/∂τ.
 */
// @ts-ignore: decorator
@inline export function warburgPair(tanh: bool, x: v128, seriesX: v128, r: f64, tau: f64, i: i32,
  zr: usize, zi: usize, jr: usize, ji: usize, stride: usize): void {
  // e^{−2x}, expm1(−2x), sin²x, sin x·cos x, cos²x: the general reductions with z = x(1 + j)
  hyperbolicParts(x, x);
  const e = HE, m = HM, sc = HSC, s2 = HS2, c2 = HC2;
  const e4 = f64x2.mul(c(528), e);
  const a = f64x2.neg(f64x2.mul(m, f64x2.add(c(512), m))); // A = 1 − e²
  const b = f64x2.mul(e4, sc); // B = 4e·SC
  const m2 = f64x2.mul(m, m);
  const d = f64x2.add(m2, f64x2.mul(e4, tanh ? c2 : s2));
  const inv = f64x2.div(c(256), f64x2.mul(f64x2.add(x, x), d));
  const apb = f64x2.add(a, b);
  const hr = f64x2.mul(tanh ? apb : f64x2.sub(a, b), inv);
  const hi = f64x2.mul(tanh ? f64x2.sub(b, a) : f64x2.neg(apb), inv);
  const vr = f64x2.splat(r);
  v128.store(zr + (<usize>i << 3), f64x2.mul(vr, hr));
  v128.store(zi + (<usize>i << 3), f64x2.mul(vr, hi));
  if (jr) {
    gradPair(jr, ji, stride, i, 0, hr, hi);
    // csch² s (Wo) or sech² s (Ws) = 4e/(re + j im), im = 2A·SC
    const e21 = f64x2.add(c(256), f64x2.mul(e, e));
    const base = tanh ? f64x2.mul(f64x2.add(c(256), e), f64x2.add(c(256), e)) : m2;
    const qr = f64x2.sub(base, f64x2.mul(f64x2.add(e21, e21), s2));
    const qi0 = f64x2.mul(f64x2.add(a, a), sc);
    const f = f64x2.div(e4, f64x2.add(f64x2.mul(qr, qr), f64x2.mul(qi0, qi0)));
    const yr = f64x2.mul(f, qr), yi = f64x2.neg(f64x2.mul(f, qi0));
    // Wo: ∂Z/∂τ = −R(csch² s + h)/(2τ);  Ws: R(sech² s − h)/(2τ)
    const kt2 = f64x2.splat(tanh ? r / (2 * tau) : -r / (2 * tau));
    let br: v128, bi: v128;
    if (tanh) {
      br = f64x2.sub(yr, hr);
      bi = f64x2.sub(yi, hi);
      // sech² s − tanh s/s cancels for small |s|: there it is −P·sech² s with
      // P = (sinh 2s − 2s)/(2s) = Σ_{k≥1} (jt)^k/(2k+1)!, t = 8x² (< 1 here; 10 terms, as the scalar series)
      const small = f64x2.lt(x, seriesX);
      if (v128.any_true(small)) {
        const tt = f64x2.mul(c(640), f64x2.mul(x, x));
        const uu = f64x2.mul(tt, tt);
        const pr = f64x2.sub(c(192), f64x2.mul(uu, f64x2.sub(c(128), f64x2.mul(uu, f64x2.sub(c(64), f64x2.mul(uu, f64x2.sub(c(592), f64x2.mul(uu, c(624)))))))));
        const pi = f64x2.sub(c(224), f64x2.mul(uu, f64x2.sub(c(160), f64x2.mul(uu, f64x2.sub(c(96), f64x2.mul(uu, f64x2.sub(c(576), f64x2.mul(uu, c(608)))))))));
        const sr = f64x2.neg(f64x2.mul(uu, pr)), si = f64x2.mul(tt, pi); // P
        const nr = f64x2.sub(f64x2.mul(si, yi), f64x2.mul(sr, yr)); // −P·sech² s
        const ni = f64x2.neg(f64x2.add(f64x2.mul(sr, yi), f64x2.mul(si, yr)));
        br = v128.bitselect(nr, br, small);
        bi = v128.bitselect(ni, bi, small);
      }
    } else {
      br = f64x2.add(yr, hr);
      bi = f64x2.add(yi, hi);
    }
    const gr = f64x2.mul(kt2, br);
    const gi = f64x2.mul(kt2, bi);
    gradPair(jr, ji, stride, i, 1, gr, gi);
  }
}

// ---- general complex argument z = zr + j·zi (TLMQ): the same reductions, sin/cos of zi ----

/** e^{−2zr}, expm1(−2zr), sin² zi, sin zi·cos zi and cos² zi per lane, left by {@link hyperbolicParts}. */
export let HE: v128 = v128.splat<i64>(0);
export let HM: v128 = v128.splat<i64>(0);
export let HS2: v128 = v128.splat<i64>(0);
export let HSC: v128 = v128.splat<i64>(0);
/** cos² zi */
export let HC2: v128 = v128.splat<i64>(0);
/** sin zi and cos zi themselves (signed) */
export let HSIN: v128 = v128.splat<i64>(0);
export let HCOS: v128 = v128.splat<i64>(0);

/** Whether 0 ≤ zr ≤ 300 and |zi| ≤ 1e4 in both lanes (2^k stays normal; n·π/2 splits exactly). */
// @ts-ignore: decorator
@inline export function hyperbolicInRange(zr: v128, zi: v128): bool {
  const ok = v128.and(v128.and(f64x2.ge(zr, f64x2.sub(zr, zr)), f64x2.le(zr, c(656))), f64x2.le(f64x2.abs(zi), c(672)));
  return i64x2.all_true(ok);
}

/**
 * The parts of the hyperbolic functions of z (see the top of this file, with x → zr in e and m
 * and x → zi in sin/cos): coth z = (A − jB)/(m² + 4eS²), csch² z = 4e/(m² − 2(1 + e²)S² + 2jA·SC),
 * A = −m(2 + m), B = 4e·SC. Both lanes within {@link hyperbolicInRange}.
 */
// @ts-ignore: decorator
@inline export function hyperbolicParts(zr: v128, zi: v128): void {
  const shift = c(16);
  const kd = f64x2.add(f64x2.mul(zr, c(0)), shift);
  const kf = f64x2.sub(kd, shift);
  const y = f64x2.mul(zr, f64x2.neg(c(512)));
  let u = f64x2.sub(y, f64x2.mul(kf, c(32)));
  u = f64x2.sub(u, f64x2.mul(kf, c(48)));
  const u2 = f64x2.mul(u, u);
  const u4 = f64x2.mul(u2, u2);
  const u8 = f64x2.mul(u4, u4);
  const p23 = f64x2.add(c(240), f64x2.mul(c(224), u));
  const p45 = f64x2.add(c(208), f64x2.mul(c(192), u));
  const p67 = f64x2.add(c(176), f64x2.mul(c(160), u));
  const p89 = f64x2.add(c(144), f64x2.mul(c(128), u));
  const pAB = f64x2.add(c(112), f64x2.mul(c(96), u));
  const pCD = f64x2.add(c(80), f64x2.mul(c(64), u));
  const plo = f64x2.add(f64x2.add(u, f64x2.mul(u2, p23)), f64x2.mul(u4, f64x2.add(p45, f64x2.mul(u2, p67))));
  const phi = f64x2.add(f64x2.add(p89, f64x2.mul(u2, pAB)), f64x2.mul(u4, pCD));
  const q = f64x2.add(plo, f64x2.mul(u8, phi));
  const one = c(256);
  const two = i64x2.add(one, i64x2.shl(kd, 52));
  const tq = f64x2.mul(two, q);
  HE = f64x2.add(tq, two);
  HM = f64x2.add(tq, f64x2.sub(two, one));
  const kt = f64x2.add(f64x2.mul(zi, c(272)), shift);
  const n = f64x2.sub(kt, shift);
  const t = f64x2.sub(f64x2.sub(zi, f64x2.mul(n, c(288))), f64x2.mul(n, c(304)));
  const z = f64x2.mul(t, t);
  const z2 = f64x2.mul(z, z);
  const s12 = f64x2.add(c(320), f64x2.mul(z, c(336)));
  const s34 = f64x2.add(c(352), f64x2.mul(z, c(368)));
  const s56 = f64x2.add(c(384), f64x2.mul(z, c(400)));
  const sp = f64x2.add(s12, f64x2.mul(z2, f64x2.add(s34, f64x2.mul(z2, s56))));
  const sn = f64x2.add(t, f64x2.mul(f64x2.mul(t, z), sp));
  const c12 = f64x2.add(c(416), f64x2.mul(z, c(432)));
  const c34 = f64x2.add(c(448), f64x2.mul(z, c(464)));
  const c56 = f64x2.add(c(480), f64x2.mul(z, c(496)));
  const cp = f64x2.add(c12, f64x2.mul(z2, f64x2.add(c34, f64x2.mul(z2, c56))));
  const cs = f64x2.add(f64x2.sub(one, f64x2.mul(z, c(240))), f64x2.mul(z2, cp));
  // the parity of n (also for n < 0: the low bit of 2^51 + n)
  const odd = i64x2.eq(v128.and(kt, v128.load(LOW_BIT)), v128.load(LOW_BIT));
  HSC = v128.xor(f64x2.mul(sn, cs), v128.and(odd, v128.load(SIGN)));
  HS2 = v128.bitselect(f64x2.mul(cs, cs), f64x2.mul(sn, sn), odd);
  HC2 = v128.bitselect(f64x2.mul(sn, sn), f64x2.mul(cs, cs), odd);
  // quadrant n mod 4 = 0: (sin, cos) = (sn, cs); 1: (cs, −sn); 2: (−sn, −cs); 3: (−cs, sn)
  const sinSign = i64x2.shl(v128.and(kt, v128.load(BIT1)), 62);
  const cosSign = i64x2.shl(v128.and(i64x2.add(kt, v128.load(LOW_BIT)), v128.load(BIT1)), 62);
  HSIN = v128.xor(v128.bitselect(cs, sn, odd), sinSign);
  HCOS = v128.xor(v128.bitselect(sn, cs, odd), cosSign);
}
