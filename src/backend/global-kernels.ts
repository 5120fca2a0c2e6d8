/**
 * The global fit's kernels for a backend (issue 13): the Levenberg–Marquardt loop over the
 * arrowhead Jacobian of a temperature series, in WASM on a WASM backend (./wasm-global.ts, a
 * module of its own beside the backend's core engine) or on the TS reference otherwise
 * (./js-global.ts) — the same choice as the core kernels, made by selectBackend
 * (./select.ts). Imported only by src/global/ (test/architecture.test.ts), so the core bundle
 * holds neither the global marshalling nor the global module.
 *
 * The global module is compiled by init() (or createEngine()) once this file's imports have run.
 * When init() completed before (the global-fit code came later, e.g. by a dynamic import),
 * `'auto'` falls back to the JS kernels with a warning in the result and `'wasm'` throws
 * E_NOT_INITIALIZED — as the DRT's kernels do (./drt-kernels.ts; one selection, ./feature-kernels.ts).
 */
import { selectFeatureKernels, type FeatureKernels } from './feature-kernels.ts';
import { jsGlobalKernels } from './js-global.ts';
import type { BackendChoice } from './select.ts';
import type { Backend } from './types.ts';
import type { GlobalKernels } from './global-types.ts';
import { wasmGlobalKernels, wasmGlobalReady } from './wasm-global.ts';

/** The warning of a global fit that ran on the JS backend because the global module was not compiled. */
export const GLOBAL_MODULE_MISSING = 'the WASM global-fit module was not compiled (init() ran before the global-fit code was loaded, or could not compile it): this global fit ran on the JS backend; call `await init()` again to compile it.';

// an arrow function, not a spread of jsGlobalKernels: a top-level spread counts as a side effect
// for bundlers and would keep the TS reference loop in bundles without globalFit
const jsFallback: GlobalKernels = { name: 'js', warning: GLOBAL_MODULE_MISSING, globalLm: (...args) => jsGlobalKernels.globalLm(...args) };

const GLOBAL_FEATURE: FeatureKernels<GlobalKernels> = {
  js: jsGlobalKernels,
  ready: wasmGlobalReady,
  wasm: wasmGlobalKernels,
  notCompiled: 'the WASM global-fit module is not compiled: init() completed before the global-fit code was loaded (or could not compile it); `await init()` again (edge runtimes: init({ module, modules: { global } }) with eiskit/eiskit-global.wasm), or use { backend: "auto" }.',
  fallback: jsFallback,
};

/** The global kernels of `backend` (its `name` is the backend's; `choice` is the call's `backend` option). */
export function globalKernels(backend: Backend, choice: BackendChoice | undefined = 'auto'): GlobalKernels {
  return selectFeatureKernels(GLOBAL_FEATURE, backend, choice);
}

export { jsGlobalKernels, wasmGlobalKernels };
export type { GlobalKernels };
