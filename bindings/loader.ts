/**
 * Loads the embedded WASM module: base64 → bytes → WebAssembly.compile, once per realm
 * (a cached Promise), then cheap instantiation per engine. Works unchanged in Node,
 * browsers and workers: no fs, no fetch, no import.meta.url.
 */
import { wasmBase64, wasmHash } from './eis.wasm.ts';
import { instantiate } from './eis.glue.js';

export type RawExports = Awaited<ReturnType<typeof instantiate>>;

/** Content hash of the embedded module (for bug reports). */
export const WASM_HASH = wasmHash;

function decodeBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

let compiled: Promise<WebAssembly.Module> | undefined;

/** Whether this runtime has WebAssembly at all. */
export function hasWebAssembly(): boolean {
  return typeof WebAssembly === 'object' && typeof WebAssembly.compile === 'function';
}

/** The compiled module, compiled once per realm. */
export function compileModule(): Promise<WebAssembly.Module> {
  compiled ??= WebAssembly.compile(decodeBase64(wasmBase64) as BufferSource);
  return compiled;
}

/** A fresh instance (own memory) of the compiled module. */
export async function instantiateModule(): Promise<RawExports> {
  return instantiate(await compileModule(), { env: {} });
}
