/**
 * Backend selection, in one place. `init()` compiles the WASM modules once (or takes the ones
 * given: the core, and the feature modules of the code in the bundle, e.g. the DRT's) and creates
 * the default engine; every compute call takes `{ backend: 'auto' | 'wasm' | 'js' }`:
 * - `'auto'` (default): WASM when `init()` has completed with the WASM backend, the TS reference otherwise;
 * - `'wasm'`: WASM, or EisError E_NOT_INITIALIZED / E_NO_WASM;
 * - `'js'`: the TS reference (the oracle; slower).
 */
import { Engine } from '../../bindings/engine.ts';
import { compileFeatures, hasWebAssembly, isModule, provideFeature, provideModule, WASM_HASH } from '../../bindings/loader.ts';
import { EisError, show } from '../errors.ts';
import { jsBackend } from './js.ts';
import { wasmBackend } from './wasm.ts';
import type { Backend } from './types.ts';

export type BackendChoice = 'auto' | 'wasm' | 'js';

/** Options every compute call accepts. */
export interface ComputeOptions {
  /** @default 'auto' */
  backend?: BackendChoice;
  /** An engine from {@link createEngine} (for workers or isolation); @default the one init() made */
  engine?: Engine;
}

export interface InitOptions {
  /**
   * The compiled module, for runtimes that forbid compiling WebAssembly from bytes (Cloudflare
   * workerd and other edge runtimes, whose bundlers import `eiskit/eiskit.wasm` as a
   * `WebAssembly.Module`). @default the module compiled from the bytes embedded in eiskit
   */
  module?: WebAssembly.Module;
  /**
   * The compiled feature modules, for the same runtimes: `drt` is `eiskit/eiskit-drt.wasm` (the
   * DRT kernels, a module of their own so that bundles without drt() do not carry them), `global`
   * is `eiskit/eiskit-global.wasm` (globalFit()'s loop). Needed only where drt() / globalFit() is
   * used. @default compiled from the bytes embedded with the feature's code
   */
  modules?: { drt?: WebAssembly.Module; global?: WebAssembly.Module };
}

/** The feature modules init({ modules }) accepts. */
const FEATURES = ['drt', 'global'] as const;
type Feature = (typeof FEATURES)[number];
/** The call each feature module serves (for the warnings). */
const FEATURE_CALL: Record<Feature, string> = { drt: 'drt()', global: 'globalFit()' };

export interface InitResult {
  /** The backend `'auto'` will now use. */
  readonly backend: 'wasm' | 'js';
  /** Short SHA-256 of the embedded WASM module. */
  readonly wasmHash: string;
  /**
   * Why the JS backend is used although WebAssembly exists (e.g. compiling from bytes is disallowed
   * here), or why a feature (the DRT) will run on it although the core runs on WASM.
   */
  readonly warning?: string;
}

let defaultEngine: Engine | undefined;
let initializing: Promise<Engine> | undefined;

/**
 * Compiles the WASM module (once) and creates the default engine. Optional: without it,
 * `'auto'` uses the TS reference. Resolves to `{ backend: 'js' }` where WebAssembly is
 * missing, and to `{ backend: 'js', warning }` where compiling it fails (an embedder that
 * disallows code generation from bytes) — instead of failing.
 * @example
 * await init();
 * // edge runtimes: import wasm from 'eiskit/eiskit.wasm'; await init({ module: wasm });
 * // … and where drt() is used: import drtWasm from 'eiskit/eiskit-drt.wasm'; await init({ module: wasm, modules: { drt: drtWasm } });
 */
export async function init(options: InitOptions = {}): Promise<InitResult> {
  if (options === null || typeof options !== 'object') {
    throw new EisError('E_ARG_TYPE', `invalid argument. \`options\` must be an object { module?, modules? }; got ${show(options)}.`, { argument: 'options' });
  }
  const { module, modules } = options;
  if (module !== undefined && !isModule(module)) {
    throw new EisError('E_ARG_TYPE', `invalid option. \`module\` must be a WebAssembly.Module (eiskit/eiskit.wasm as an edge bundler imports it); got ${show(module)}.`, { argument: 'module' });
  }
  if (modules !== undefined && (modules === null || typeof modules !== 'object')) {
    throw new EisError('E_ARG_TYPE', `invalid option. \`modules\` must be an object { drt?, global? }; got ${show(modules)}.`, { argument: 'modules' });
  }
  const given = Object.entries(modules ?? {});
  for (const [name, m] of given) {
    if (!(FEATURES as readonly string[]).includes(name)) {
      throw new EisError('E_ARG_RANGE', `invalid option. \`modules\` has no feature ${show(name)}; the feature modules are ${FEATURES.join(', ')}.`, { argument: `modules.${name}` });
    }
    if (m !== undefined && !isModule(m)) {
      throw new EisError('E_ARG_TYPE', `invalid option. \`modules.${name}\` must be a WebAssembly.Module (eiskit/eiskit-${name}.wasm as an edge bundler imports it); got ${show(m)}.`, { argument: `modules.${name}` });
    }
  }
  if (!hasWebAssembly()) return { backend: 'js', wasmHash: WASM_HASH };
  if (module !== undefined && !defaultEngine) provideModule(module);
  for (const [name, m] of given) if (m !== undefined) provideFeature(name, m);
  try {
    initializing ??= Engine.create().then((e) => (defaultEngine = e));
    await initializing;
  } catch (e) {
    initializing = undefined;
    const reason = (e as Error)?.message ?? String(e);
    return { backend: 'js', wasmHash: WASM_HASH, warning: `WebAssembly could not be compiled here (${reason}); using the JS backend. On runtimes that forbid compiling from bytes, pass the compiled module: init({ module }) with eiskit/eiskit.wasm.` };
  }
  // the feature modules registered since (code loaded after an earlier init()) or given now
  const failed = await compileFeatures();
  if (failed.length > 0) {
    // every feature module of the bundle that failed, named in one warning (drt(), globalFit(), …)
    const names = failed.map((f) => f.name).sort((a, b) => FEATURES.indexOf(a as Feature) - FEATURES.indexOf(b as Feature)), one = names.length === 1;
    const and = (xs: string[]) => (xs.length > 1 ? `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}` : xs[0]!);
    const calls = and(names.map((n) => FEATURE_CALL[n as Feature] ?? `${n}()`));
    return { backend: 'wasm', wasmHash: WASM_HASH, warning: `the ${and(names)} WASM module${one ? '' : 's'} could not be compiled here (${failed[0]!.reason}); ${calls} ${one ? 'uses' : 'use'} the JS backend. On runtimes that forbid compiling from bytes, pass the compiled modules: init({ module, modules: { ${names.join(', ')} } }) with ${and(['eiskit/eiskit.wasm', ...names.map((n) => `eiskit/eiskit-${n}.wasm`)])}.` };
  }
  return { backend: 'wasm', wasmHash: WASM_HASH };
}

/** A new independent engine (own WASM instance and memory), e.g. one per worker. */
export async function createEngine(): Promise<Engine> {
  if (!hasWebAssembly()) throw new EisError('E_NO_WASM', 'WebAssembly is not available in this runtime; use { backend: "js" }.');
  return Engine.create();
}

/** The backend for a call: validates `backend` and `engine`, then the one place that chooses. */
export function selectBackend(options: ComputeOptions | undefined): Backend {
  const backend = options?.backend ?? 'auto';
  if (backend !== 'auto' && backend !== 'wasm' && backend !== 'js') {
    throw new EisError('E_ARG_RANGE', `invalid option. \`backend\` must be 'auto', 'wasm' or 'js'; got ${show(backend)}.`, { argument: 'backend', value: backend });
  }
  if (options?.engine !== undefined && !(options.engine instanceof Engine)) {
    throw new EisError('E_ARG_TYPE', `invalid option. \`engine\` must come from createEngine(); got ${show(options.engine)}.`, { argument: 'engine' });
  }
  if (backend === 'js') return jsBackend;
  const engine = options?.engine ?? defaultEngine;
  if (engine) return wasmBackend(engine);
  if (backend === 'auto') return jsBackend;
  if (!hasWebAssembly()) throw new EisError('E_NO_WASM', 'WebAssembly is not available in this runtime; use { backend: "js" }.', { argument: 'backend' });
  throw new EisError('E_NOT_INITIALIZED', 'the WASM backend was requested before init() completed; `await init()` first, or use { backend: "auto" }.', { argument: 'backend' });
}

export { Engine };
export type { Backend };
