/**
 * The DRT kernels for a backend: the WASM ones on a WASM backend's engine, the TS core otherwise —
 * the same choice as the core kernels, made by selectBackend (src/backend/select.ts). Imported
 * only by src/drt/ (test/architecture.test.ts), so the core bundle (parse, fit, linKK, simulate)
 * holds neither the DRT marshalling nor the TS DRT solver.
 */
import { jsDrtKernels } from './js-drt.ts';
import type { Backend, DrtKernels } from './types.ts';
import { WasmBackend } from './wasm.ts';
import { wasmDrtKernels } from './wasm-drt.ts';

/** The DRT kernels of `backend` (its `name` is the backend's). */
export function drtKernels(backend: Backend): DrtKernels {
  return backend instanceof WasmBackend ? wasmDrtKernels(backend) : jsDrtKernels;
}

export { jsDrtKernels, wasmDrtKernels };
