/**
 * Loads the WASM modules: embedded bytes (./embedded-wasm.ts) → WebAssembly.compile, once per
 * realm per module (a cached Promise), then cheap instantiation per engine. Works unchanged in
 * Node, browsers and workers: no fs, no fetch, no import.meta.url.
 *
 * Two kinds of module: the core (assembly/index.ts: circuits, fits, Lin-KK), which every engine
 * instantiates, and feature modules (the DRT: assembly/drt-index.ts, ./drt-module.ts), each
 * declared by its own binding and registered by the code that uses it ({@link registerFeature},
 * at module evaluation), so a bundle that never uses a feature holds neither its bytes nor its
 * loader. `init()` and `createEngine()` compile every registered feature module
 * ({@link compileFeatures}) because browsers forbid compiling a module larger than 4 KB
 * synchronously on the main thread; the feature's engine is then instantiated synchronously on
 * first use.
 *
 * The modules are built with `asc --bindings raw`; their generated `.d.ts` type the exports.
 * Instantiation is done here rather than through the generated glue so that an engine can
 * re-instantiate synchronously after a trap (the glue's `instantiate` is async only). A module
 * imports one function, `env.abort`, called on a failed runtime assertion.
 * `@assemblyscript/loader` is not used: it is deprecated upstream since AssemblyScript 0.20.
 */
import { wasmHash } from './eis.wasm.ts';
import { embeddedWasmBytes } from './embedded-wasm.ts';
import type { instantiate } from './eis.glue.js';

export type RawExports = Awaited<ReturnType<typeof instantiate>>;

/** What every module exports: its memory and the allocator the engine's arena uses. */
export interface AllocExports {
  readonly memory: WebAssembly.Memory;
  eis_alloc(bytes: number): number;
  eis_free(ptr: number): void;
}

/** Content hash of the embedded modules, the core and the DRT's (for bug reports). */
export const WASM_HASH = wasmHash;

/** Whether this runtime has WebAssembly at all. */
export function hasWebAssembly(): boolean {
  return typeof WebAssembly === 'object' && typeof WebAssembly.compile === 'function';
}

/** Whether `m` is a compiled WebAssembly.Module of this realm. */
export function isModule(m: unknown): m is WebAssembly.Module {
  return typeof WebAssembly === 'object' && typeof WebAssembly.Module === 'function' && m instanceof WebAssembly.Module;
}

const imports = {
  env: {
    abort(_message: number, _file: number, line: number, column: number): never {
      throw new Error(`WASM abort at line ${line >>> 0}:${column >>> 0}`);
    },
  },
};

/** One WASM module of the package: its embedded bytes, compiled once per realm, or a module provided. */
export class WasmModule<X extends AllocExports> {
  private compiling: Promise<WebAssembly.Module> | undefined;
  private compiled: WebAssembly.Module | undefined;

  /**
   * @param name the feature's key in init({ modules }) ('core' for the core module)
   * @param bytes the embedded bytes, inflated
   */
  constructor(readonly name: string, private readonly bytes: () => Promise<Uint8Array<ArrayBuffer>>) {}

  /**
   * Hands this realm an already compiled module (a worker gets it from the thread that started
   * it, so the worker script need not carry the WASM bytes; edge runtimes that forbid compiling
   * from bytes pass the module their bundler imported from the package's `.wasm` export).
   */
  provide(m: WebAssembly.Module): void {
    this.compiled = m;
    this.compiling = Promise.resolve(m);
  }

  /**
   * The compiled module: the one provided, else the embedded bytes compiled once per realm. A
   * failed compile is not cached, so a later call may try again (e.g. after a module is provided).
   */
  compile(): Promise<WebAssembly.Module> {
    this.compiling ??= this.bytes().then((b) => WebAssembly.compile(b)).then(
      (m) => (this.compiled = m),
      (e: unknown) => {
        this.compiling = undefined;
        throw e;
      },
    );
    return this.compiling;
  }

  /** Whether the module is compiled (or provided), so that {@link instantiateSync} works. */
  get ready(): boolean {
    return this.compiled !== undefined;
  }

  /** Instantiates the already compiled module synchronously (allowed on every thread). */
  instantiateSync(): X {
    if (!this.compiled) throw new Error(`WASM module ${this.name} not compiled yet`);
    return new WebAssembly.Instance(this.compiled, imports).exports as unknown as X;
  }
}

/** The core module (assembly/index.ts), embedded in every bundle that computes. */
export const coreModule = new WasmModule<RawExports>('core', embeddedWasmBytes);

/** Provides the compiled core module (init({ module }), a worker's parent): see {@link WasmModule.provide}. */
export function provideModule(m: WebAssembly.Module): void {
  coreModule.provide(m);
}

/** The compiled core module (workers pass it on to the workers they start). */
export function compileModule(): Promise<WebAssembly.Module> {
  return coreModule.compile();
}

/** The feature modules the bundle's code registered, by name. */
const features = new Map<string, WasmModule<AllocExports>>();
/** Modules given to init({ modules }) for features not (yet) registered, by name. */
const provided = new Map<string, WebAssembly.Module>();

/**
 * Registers a feature module, so that init() and createEngine() compile it, and returns it.
 * Called at module evaluation by the feature's binding (./drt-module.ts), which only the
 * feature's code imports. A module already given to init({ modules }) is handed over.
 */
export function registerFeature<X extends AllocExports>(m: WasmModule<X>): WasmModule<X> {
  features.set(m.name, m);
  const given = provided.get(m.name);
  if (given) m.provide(given);
  return m;
}

/** Provides a feature's compiled module (init({ modules })), before or after the feature registers. */
export function provideFeature(name: string, m: WebAssembly.Module): void {
  provided.set(name, m);
  features.get(name)?.provide(m);
}

/** A feature module that could not be compiled, and why. */
export interface FeatureFailure {
  readonly name: string;
  readonly reason: string;
}

/**
 * Compiles every registered feature module (each once; a failure is retried on the next call).
 * Never rejects: a feature that cannot be compiled is reported, and its code falls back or throws
 * when used (src/backend/drt-kernels.ts).
 */
export async function compileFeatures(): Promise<FeatureFailure[]> {
  const failures: FeatureFailure[] = [];
  await Promise.all([...features.values()].map((m) => m.compile().then(
    () => undefined,
    (e: unknown) => void failures.push({ name: m.name, reason: (e as Error)?.message ?? String(e) }),
  )));
  return failures;
}
