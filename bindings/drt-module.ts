/**
 * The DRT module (assembly/drt-index.ts → build/drt.wasm → dist/eiskit-drt.wasm, embedded here
 * deflated as the core is: ./drt.wasm.ts). Imported only by the DRT's backend
 * (src/backend/wasm-drt.ts), so the core bundle holds neither these bytes nor this binding.
 */
import { drtWasmDeflateRawBase64 } from './drt.wasm.ts';
import { inflateEmbedded } from './embedded-wasm.ts';
import { registerFeature, WasmModule } from './loader.ts';
import type { instantiate } from './drt.glue.js';

export type DrtExports = Awaited<ReturnType<typeof instantiate>>;

/**
 * The DRT module; its key in init({ modules }) is `drt`. Registered with the loader when this file
 * is evaluated, so that init() and createEngine() compile it: this top-level call is why the
 * package's bundles (scripts/bundle.mjs) give this file an internal entry of its own, which puts
 * it in a chunk that only the DRT's code imports.
 */
export const drtModule = registerFeature(new WasmModule<DrtExports>('drt', () => inflateEmbedded(drtWasmDeflateRawBase64, 'eiskit-drt.wasm', 'module, modules: { drt }')));
