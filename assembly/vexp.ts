// Vector exp for f64x2: the one transcendental the hot elements need per point.
//
// exp(x) = 2^k · e^r with k = round(x·log2 e) and r = x − k·ln2 (Cody–Waite split of ln2 into
// a high part with trailing zero bits and a low correction, so k·ln2_hi is exact), e^r by its
// degree-13 Taylor polynomial on |r| ≤ ln2/2 (truncation < 4e-18 relative), evaluated in
// Estrin's scheme (shorter dependency chains than Horner), and 2^k applied by adding k to the
// exponent bits. k is found with the 1.5·2^52 shifter trick: adding it to x·log2 e rounds to an
// integer held in the low mantissa bits.
//
// Measured in ../shared/docs/toolchain.md §4: vector constants must come from a memory table
// (v128.load), not f64x2.splat(const): Binaryen folds splats into v128.const, which V8
// re-materialises inside loops, making naive SIMD slower than scalar.
//
// Valid for |x| ≤ 700 (callers check and fall back to Math.exp outside).

const C: usize = memory.data<f64>([
  1.4426950408889634, 1.4426950408889634, //  0: log2 e
  6755399441055744.0, 6755399441055744.0, // 16: 1.5·2^52 shifter
  6.93147180369123816490e-01, 6.93147180369123816490e-01, // 32: ln2 high part
  1.90821492927058770002e-10, 1.90821492927058770002e-10, // 48: ln2 low part
  1.6059043836821613e-10, 1.6059043836821613e-10, // 64: 1/13!
  2.08767569878681e-9, 2.08767569878681e-9, // 80: 1/12!
  2.505210838544172e-8, 2.505210838544172e-8, // 96: 1/11!
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
  700.0, 700.0, // 272: validity limit
], 16);

/** e^x per lane; |x| ≤ 700 (see {@link expInRange}). */
// @ts-ignore: decorator
@inline export function vexp(x: v128): v128 {
  const shift = v128.load(C, 16);
  const kd = f64x2.add(f64x2.mul(x, v128.load(C, 0)), shift);
  const k = f64x2.sub(kd, shift);
  let r = f64x2.sub(x, f64x2.mul(k, v128.load(C, 32)));
  r = f64x2.sub(r, f64x2.mul(k, v128.load(C, 48)));
  const r2 = f64x2.mul(r, r);
  const r4 = f64x2.mul(r2, r2);
  const r8 = f64x2.mul(r4, r4);
  const p01 = f64x2.add(v128.load(C, 256), r); // 1 + r
  const p23 = f64x2.add(v128.load(C, 240), f64x2.mul(v128.load(C, 224), r));
  const p45 = f64x2.add(v128.load(C, 208), f64x2.mul(v128.load(C, 192), r));
  const p67 = f64x2.add(v128.load(C, 176), f64x2.mul(v128.load(C, 160), r));
  const p89 = f64x2.add(v128.load(C, 144), f64x2.mul(v128.load(C, 128), r));
  const pAB = f64x2.add(v128.load(C, 112), f64x2.mul(v128.load(C, 96), r));
  const pCD = f64x2.add(v128.load(C, 80), f64x2.mul(v128.load(C, 64), r));
  const lo = f64x2.add(f64x2.add(p01, f64x2.mul(r2, p23)), f64x2.mul(r4, f64x2.add(p45, f64x2.mul(r2, p67))));
  const hi = f64x2.add(f64x2.add(p89, f64x2.mul(r2, pAB)), f64x2.mul(r4, pCD));
  const p = f64x2.add(lo, f64x2.mul(r8, hi));
  // p · 2^k: the integer k sits in the low bits of kd; shift it into the exponent field
  return i64x2.add(p, i64x2.shl(kd, 52));
}

/** Whether both lanes are within vexp's range (false for NaN too). */
// @ts-ignore: decorator
@inline export function expInRange(x: v128): bool {
  return i64x2.all_true(f64x2.le(f64x2.abs(x), v128.load(C, 272)));
}
