// Typed loads and stores over linear memory, indexed in f64 elements.

// @ts-ignore: decorator
@inline export function ld(base: usize, i: i32): f64 {
  return load<f64>(base + (<usize>i << 3));
}

// @ts-ignore: decorator
@inline export function st(base: usize, i: i32, v: f64): void {
  store<f64>(base + (<usize>i << 3), v);
}
