/**
 * Loads the embedded WASM module: embedded bytes (./embedded-wasm.ts) → WebAssembly.compile, once per realm
 * (a cached Promise), then cheap instantiation per engine. Works unchanged in Node,
 * browsers and workers: no fs, no fetch, no import.meta.url.
 *
 * The module is built with `asc --bindings raw`; its generated `.d.ts` types the exports.
 * Instantiation is done here rather than through the generated glue so that an engine can
 * re-instantiate synchronously after a trap (the glue's `instantiate` is async only). The
 * module imports one function, `env.abort`, called on a failed runtime assertion.
 * `@assemblyscript/loader` is not used: it is deprecated upstream since AssemblyScript 0.20.
 */
import { wasmHash } from './eis.wasm.ts';
import { embeddedWasmBytes } from './embedded-wasm.ts';
import type { instantiate } from './eis.glue.js';

export type RawExports = Awaited<ReturnType<typeof instantiate>>;

/** Content hash of the embedded module (for bug reports). */
export const WASM_HASH = wasmHash;

let compiling: Promise<WebAssembly.Module> | undefined;
let compiled: WebAssembly.Module | undefined;

/** Whether this runtime has WebAssembly at all. */
export function hasWebAssembly(): boolean {
  return typeof WebAssembly === 'object' && typeof WebAssembly.compile === 'function';
}

/**
 * Hands this realm an already compiled module (a worker gets it from the thread that started
 * it, so the worker script need not carry the WASM bytes; edge runtimes that forbid compiling
 * from bytes pass the module their bundler imported from `eiskit.wasm` to init({ module })).
 */
export function provideModule(m: WebAssembly.Module): void {
  compiled = m;
  compiling = Promise.resolve(m);
}

/**
 * The compiled module: the one provided (init({ module }), a worker's parent), else the
 * embedded bytes compiled once per realm. A failed compile is not cached, so a later call may
 * try again (e.g. after the caller provides a module).
 */
export function compileModule(): Promise<WebAssembly.Module> {
  compiling ??= embeddedWasmBytes().then((bytes) => WebAssembly.compile(bytes)).then(
    (m) => (compiled = m),
    (e: unknown) => {
      compiling = undefined;
      throw e;
    },
  );
  return compiling;
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

/** Instantiates the already compiled module synchronously (small module: allowed on every thread). */
export function instantiateSync(): RawExports {
  if (!compiled) throw new Error('WASM module not compiled yet');
  return new WebAssembly.Instance(compiled, imports).exports as unknown as RawExports;
}
