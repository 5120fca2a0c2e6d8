/**
 * The WASM bytes embedded in the bundle. scripts/embed-wasm.mjs stores each module deflate-raw
 * compressed (RFC 1951) and base64-encoded: base64 of the raw module gzips poorly (its six bits
 * per character hide the byte patterns), base64 of the compressed module is ~4 kB smaller
 * gzipped, which keeps the tree-shaken core within its budget (test/package.node.test.ts). The
 * runtime's DecompressionStream (Compression Streams API: browsers, Node ≥ 18, workerd)
 * inflates them. The core module's text is imported here (./eis.wasm.ts); a feature module's
 * (the DRT's: ./drt.wasm.ts) only by its own binding (./drt-module.ts), so the core bundle
 * holds the core module alone.
 */
import { wasmDeflateRawBase64 } from './eis.wasm.ts';

function decodeBase64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Inflates one embedded module (`file` names the module's package export, for the error). */
export async function inflateEmbedded(deflateRawBase64: string, file: string, option: string): Promise<Uint8Array<ArrayBuffer>> {
  if (typeof DecompressionStream !== 'function') {
    throw new Error(`this runtime has no DecompressionStream to unpack the embedded WASM (pass the compiled ${file}: init({ ${option} }))`);
  }
  const inflated = new Blob([decodeBase64(deflateRawBase64)]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(inflated).arrayBuffer());
}

/** The embedded core module's bytes, inflated. */
export function embeddedWasmBytes(): Promise<Uint8Array<ArrayBuffer>> {
  return inflateEmbedded(wasmDeflateRawBase64, 'eiskit.wasm', 'module');
}
