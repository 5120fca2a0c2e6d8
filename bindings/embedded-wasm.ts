/**
 * The WASM bytes embedded in the bundle. scripts/embed-wasm.mjs stores them deflate-raw
 * compressed (RFC 1951) and base64-encoded: base64 of the raw module gzips poorly (its six bits
 * per character hide the byte patterns), base64 of the compressed module is ~4 kB smaller
 * gzipped, which keeps the tree-shaken core within its budget (test/package.node.test.ts). The
 * runtime's DecompressionStream (Compression Streams API: browsers, Node ≥ 18, workerd)
 * inflates them.
 */
import { wasmDeflateRawBase64 } from './eis.wasm.ts';

function decodeBase64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The embedded module's bytes, inflated. */
export async function embeddedWasmBytes(): Promise<Uint8Array<ArrayBuffer>> {
  if (typeof DecompressionStream !== 'function') {
    throw new Error('this runtime has no DecompressionStream to unpack the embedded WASM (pass the compiled eiskit.wasm: init({ module }))');
  }
  const inflated = new Blob([decodeBase64(wasmDeflateRawBase64)]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(inflated).arrayBuffer());
}
