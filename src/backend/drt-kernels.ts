/**
 * The DRT kernels for a backend: the WASM ones on a WASM backend (a DRT engine of its own beside
 * the backend's core engine), the TS core otherwise — the same choice as the core kernels, made by
 * selectBackend (src/backend/select.ts). Imported only by src/drt/ (test/architecture.test.ts), so
 * the core bundle (parse, fit, linKK, simulate) holds neither the DRT marshalling, nor the DRT
 * module, nor the TS DRT solver.
 *
 * The DRT module is compiled by init() (or createEngine()) once this file's imports have run. When
 * init() completed before (the DRT code came later, e.g. by a dynamic import), `'auto'` falls back
 * to the JS kernels with a warning in each result and `'wasm'` throws E_NOT_INITIALIZED (the one
 * selection of a feature's kernels, ./feature-kernels.ts).
 */
import { selectFeatureKernels, type FeatureKernels } from './feature-kernels.ts';
import { jsDrtKernels } from './js-drt.ts';
import type { BackendChoice } from './select.ts';
import type { Backend, DrtKernels } from './types.ts';
import { wasmDrtKernels, wasmDrtReady } from './wasm-drt.ts';

/** The warning of a DRT that ran on the JS backend because the DRT module was not compiled. */
export const DRT_MODULE_MISSING = 'the WASM DRT module was not compiled (init() ran before the DRT code was loaded, or could not compile it): this DRT ran on the JS backend; call `await init()` again to compile it.';

const jsFallback: DrtKernels = {
  name: 'js',
  drt: (problems) => jsDrtKernels.drt(problems).map((o) => ({ ...o, warnings: [...o.warnings, DRT_MODULE_MISSING] })),
};

const DRT_FEATURE: FeatureKernels<DrtKernels> = {
  js: jsDrtKernels,
  ready: wasmDrtReady,
  wasm: wasmDrtKernels,
  notCompiled: 'the WASM DRT module is not compiled: init() completed before the DRT code was loaded (or could not compile it); `await init()` again (edge runtimes: init({ module, modules: { drt } }) with eiskit/eiskit-drt.wasm), or use { backend: "auto" }.',
  fallback: jsFallback,
};

/** The DRT kernels of `backend` (its `name` is the backend's; `choice` is the call's `backend` option). */
export function drtKernels(backend: Backend, choice: BackendChoice | undefined = 'auto'): DrtKernels {
  return selectFeatureKernels(DRT_FEATURE, backend, choice);
}

export { jsDrtKernels, wasmDrtKernels };
