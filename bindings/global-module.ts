/**
 * The global-fit module (assembly/global-index.ts → build/global.wasm → dist/eiskit-global.wasm,
 * embedded here deflated as the core is: ./global.wasm.ts): the Levenberg–Marquardt loop of
 * globalFit() over the arrowhead Jacobian. Imported only by the global fit's backend
 * (src/backend/wasm-global.ts), so the core bundle holds neither these bytes nor this binding.
 */
import { globalWasmDeflateRawBase64 } from './global.wasm.ts';
import { inflateEmbedded } from './embedded-wasm.ts';
import { registerFeature, WasmModule } from './loader.ts';
import type { instantiate } from './global.glue.js';

export type GlobalExports = Awaited<ReturnType<typeof instantiate>>;

/**
 * The global-fit module; its key in init({ modules }) is `global`. Registered with the loader when
 * this file is evaluated, so that init() and createEngine() compile it: this top-level call is why
 * the package's bundles (scripts/bundle.mjs) give this file an internal entry of its own, which
 * puts it in a chunk that only the global fit's code imports.
 */
export const globalModule = registerFeature(new WasmModule<GlobalExports>('global', () => inflateEmbedded(globalWasmDeflateRawBase64, 'eiskit-global.wasm', 'module, modules: { global }')));
