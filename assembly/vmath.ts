// f64x2 helpers for the column loops: two frequency points per vector.
const K: usize = memory.data<f64>([
  1e-290, 1e-290, //  0: smallest |z|² the fast reciprocal accepts
  1e290, 1e290, // 16: largest
], 16);

/** Address of the vector (1, 1) (a table load, not a v128.const: see vexp.ts). */
export const ONE: usize = memory.data<f64>([1.0, 1.0], 16);

// @ts-ignore: decorator
@inline export function vload(base: usize, i: i32): v128 {
  return v128.load(base + (<usize>i << 3));
}

// @ts-ignore: decorator
@inline export function vstore(base: usize, i: i32, v: v128): void {
  v128.store(base + (<usize>i << 3), v);
}

/**
 * Whether conj(z)/|z|² is safe in both lanes: |z|² = `d` neither overflows nor underflows
 * (otherwise callers use Smith's division per lane).
 */
// @ts-ignore: decorator
@inline export function recipSafe(d: v128): bool {
  return i64x2.all_true(v128.and(f64x2.ge(d, v128.load(K, 0)), f64x2.le(d, v128.load(K, 16))));
}
