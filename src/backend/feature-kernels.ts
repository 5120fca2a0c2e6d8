/**
 * The one selection of a feature module's kernels (the DRT's ./drt-kernels.ts, the global fit's
 * ./global-kernels.ts): a backend that is not a WasmBackend gets the JS kernels; a WASM backend
 * the WASM ones when the feature's module is compiled; when it is not (init() completed before the
 * feature's code was loaded), `'wasm'` throws E_NOT_INITIALIZED with the feature's own message and
 * `'auto'` gets the JS fallback that carries the feature's warning. Imports only the core
 * (errors, the WASM backend's class), so the core reaches no feature code through it.
 */
import { EisError } from '../errors.ts';
import type { BackendChoice } from './select.ts';
import type { Backend } from './types.ts';
import { WasmBackend } from './wasm.ts';

/** A feature module's kernels and what to say when its WASM module is not compiled. */
export interface FeatureKernels<K> {
  /** The JS kernels (a non-WASM backend). */
  js: K;
  /** Whether the feature's WASM module is compiled. */
  ready: () => boolean;
  /** The WASM kernels on `backend`. */
  wasm: (backend: WasmBackend) => K;
  /** The E_NOT_INITIALIZED message for `backend: 'wasm'` without the compiled module. */
  notCompiled: string;
  /** The JS kernels with the feature's warning, for `'auto'` without the compiled module. */
  fallback: K;
}

/** The kernels of `feature` on `backend` (`choice`: the call's `backend` option). */
export function selectFeatureKernels<K>(feature: FeatureKernels<K>, backend: Backend, choice: BackendChoice | undefined = 'auto'): K {
  if (!(backend instanceof WasmBackend)) return feature.js;
  if (feature.ready()) return feature.wasm(backend);
  if (choice === 'wasm') throw new EisError('E_NOT_INITIALIZED', feature.notCompiled, { argument: 'backend' });
  return feature.fallback;
}
