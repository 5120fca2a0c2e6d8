// The ABI of the DRT module (build/drt.wasm → dist/eiskit-drt.wasm; issue 12): its only exports.
// A module of its own, loaded only by code that calls drt() (src/backend/wasm-drt.ts), so the core
// module (assembly/index.ts) and the core bundle carry none of the DRT kernels. It has its own
// memory and TLSF heap (eis_alloc/eis_free, as the core's), managed by its own Engine.

/** Allocates `bytes` (16-byte aligned); returns the address. */
export function eis_alloc(bytes: usize): usize {
  return heap.alloc(bytes);
}

/** Frees a block from eis_alloc. */
export function eis_free(ptr: usize): void {
  heap.free(ptr);
}

import { drtScratchWords } from './drt';

export { eis_drt_batch } from './drt';

/** f64 words of DRT scratch for problems of at most n points (src/abi/sizes.ts drtScratchWords mirrors it). */
export function eis_drt_scratch_words(n: i32): i32 {
  return drtScratchWords(n);
}
