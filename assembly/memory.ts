// Typed loads and stores over linear memory, indexed in f64 elements.

// @ts-ignore: decorator
@inline export function ld(base: usize, i: i32): f64 {
  return load<f64>(base + (<usize>i << 3));
}

// @ts-ignore: decorator
@inline export function st(base: usize, i: i32, v: f64): void {
  store<f64>(base + (<usize>i << 3), v);
}

/** i32 element i of `base` (4-byte words). */
// @ts-ignore: decorator
@inline export function ldi(base: usize, i: i32): i32 {
  return load<i32>(base + (<usize>i << 2));
}

/**
 * Bytes from a point's gradient of one element parameter to the next parameter's at the same point,
 * in the Jacobian planes the element kernels write (the `stride` argument is the step from one
 * point to the next): 8 in eis_jacobian's row-major N×P planes (stride P·8), a column's bytes in
 * the fit's column-major planes (stride 8: each parameter's gradient contiguous over the points).
 * Set by each values pass (./program.ts) before its element kernels run.
 */
export let GRAD_PARAM_STRIDE: usize = 8;

// @ts-ignore: decorator
@inline export function setGradParamStride(ks: usize): void {
  GRAD_PARAM_STRIDE = ks;
}
