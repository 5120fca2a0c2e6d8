/**
 * Backend selection. `init()` compiles the embedded WASM once and creates the default
 * engine; every compute call takes `{ backend: 'auto' | 'wasm' | 'js' }`:
 * - `'auto'` (default): WASM when `init()` has completed, the TS reference otherwise;
 * - `'wasm'`: WASM, or EisError E_NOT_INITIALIZED / E_NO_WASM;
 * - `'js'`: the TS reference (the oracle; slower).
 */
import { Engine } from '../bindings/engine.ts';
import { hasWebAssembly, WASM_HASH } from '../bindings/loader.ts';
import { EisError, show } from './errors.ts';

export type BackendChoice = 'auto' | 'wasm' | 'js';

/** Options every compute call accepts. */
export interface ComputeOptions {
  /** @default 'auto' */
  backend?: BackendChoice;
  /** An engine from {@link createEngine} (for workers or isolation); @default the one init() made */
  engine?: Engine;
}

let defaultEngine: Engine | undefined;
let initializing: Promise<Engine> | undefined;

export interface InitResult {
  /** The backend `'auto'` will now use. */
  readonly backend: 'wasm' | 'js';
  /** Short SHA-256 of the embedded WASM module. */
  readonly wasmHash: string;
}

/**
 * Compiles the WASM module (once) and creates the default engine. Optional: without it,
 * `'auto'` uses the TS reference. Resolves to `{ backend: 'js' }` where WebAssembly is
 * missing instead of failing.
 * @example
 * await init();
 */
export async function init(): Promise<InitResult> {
  if (!hasWebAssembly()) return { backend: 'js', wasmHash: WASM_HASH };
  initializing ??= Engine.create().then((e) => (defaultEngine = e));
  await initializing;
  return { backend: 'wasm', wasmHash: WASM_HASH };
}

/** A new independent engine (own WASM instance and memory), e.g. one per worker. */
export async function createEngine(): Promise<Engine> {
  if (!hasWebAssembly()) throw new EisError('E_NO_WASM', 'WebAssembly is not available in this runtime; use { backend: "js" }.');
  return Engine.create();
}

/** The engine to use for a call, or null for the TS reference. */
export function selectEngine(options: ComputeOptions | undefined): Engine | null {
  const backend = options?.backend ?? 'auto';
  if (backend !== 'auto' && backend !== 'wasm' && backend !== 'js') {
    throw new EisError('E_ARG_RANGE', `invalid option. \`backend\` must be 'auto', 'wasm' or 'js'; got ${show(backend)}.`, { argument: 'backend', value: backend });
  }
  if (options?.engine !== undefined && !(options.engine instanceof Engine)) {
    throw new EisError('E_ARG_TYPE', `invalid option. \`engine\` must come from createEngine(); got ${show(options.engine)}.`, { argument: 'engine' });
  }
  if (backend === 'js') return null;
  const engine = options?.engine ?? defaultEngine;
  if (engine) return engine;
  if (backend === 'auto') return null;
  if (!hasWebAssembly()) throw new EisError('E_NO_WASM', 'WebAssembly is not available in this runtime; use { backend: "js" }.');
  throw new EisError('E_NOT_INITIALIZED', 'the WASM backend was requested before init() completed; `await init()` first, or use { backend: "auto" }.');
}

export { Engine };
