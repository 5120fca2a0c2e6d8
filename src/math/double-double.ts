/**
 * Error-free transformations, the building blocks of the double-double arithmetic in this
 * folder: a + b = s + twoSumLo(a, b, s) exactly (Knuth, TAOCP vol. 2, §4.2.2, theorem B) and
 * a·b = p + twoProdLo(a, b, p) exactly (Dekker, "A floating-point technique for extending the
 * available precision", Numer. Math. 18 (1971), with Veltkamp's splitting). Only IEEE-754
 * +, −, × in round-to-nearest: the same bits in every JavaScript engine.
 */

/** 2^27 + 1: splits a double into two 26-bit halves (Veltkamp). */
const SPLITTER = 134217729;

/** The rounding error of s = a + b (any magnitudes, no overflow). */
export function twoSumLo(a: number, b: number, s: number): number {
  const bv = s - a;
  return (a - (s - bv)) + (b - bv);
}

/** The rounding error of p = a·b (needs |a|, |b| < 2^996 and no underflow of the partial products). */
export function twoProdLo(a: number, b: number, p: number): number {
  let t = SPLITTER * a;
  const ah = t - (t - a), al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b), bl = b - bh;
  return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

/** 2^e for every integer e in [−1074, 1023], built by exact doublings (no Math.pow). */
const POW2 = (() => {
  const t = new Float64Array(1023 + 1074 + 1);
  t[1074] = 1;
  for (let e = 1; e <= 1023; e++) t[1074 + e] = t[1074 + e - 1]! * 2;
  for (let e = -1; e >= -1074; e--) t[1074 + e] = t[1074 + e + 1]! * 0.5;
  return t;
})();

/** 2^e exactly for an integer e in [−1074, 1023]. */
export function pow2(e: number): number {
  return POW2[1074 + e]!;
}

/** m·2^k for m in [0.5, 2] and an integer k in [−1100, 1100], rounded once except in the subnormal range (where twice). */
export function scaleByPow2(m: number, k: number): number {
  if (k > 1023) return m * pow2(1023) * pow2(k - 1023);
  if (k < -1022) return m * pow2(k + 60) * pow2(-60);
  return m * pow2(k);
}
