/**
 * init() where compiling WebAssembly from bytes is forbidden (Cloudflare workerd: "Wasm code
 * generation disallowed by embedder"): it resolves to the JS backend with a warning instead of
 * throwing, and init({ module }) with an already compiled module uses WASM without compiling; the
 * DRT's module (its own, eiskit/eiskit-drt.wasm) is given the same way: init({ modules: { drt } }).
 * Own file: vitest isolates module state per file, so nothing here ran init() before.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { drt, EisError, fit, init, logFrequencies, parseCircuit, simulate } from '../src/index.ts';
import { embeddedWasmBytes, inflateEmbedded } from '../bindings/embedded-wasm.ts';
import { drtWasmDeflateRawBase64 } from '../bindings/drt.wasm.ts';
import { globalWasmDeflateRawBase64 } from '../bindings/global.wasm.ts';
import { DRT_MODULE_MISSING } from '../src/backend/drt-kernels.ts';

const c = parseCircuit('R0-p(R1,C1)');
const data = simulate(c, logFrequencies(1e5, 1, 31), [10, 100, 1e-6], { backend: 'js' });
const initial = { R0: 12, R1: 80, C1: 2e-6 };

const realCompile = WebAssembly.compile;
// Node's Response (undici, used to inflate the embedded bytes) compiles its own WASM HTTP parser
// on first use: let that happen before compiling is forbidden, as it would in a real embedder
beforeAll(async () => {
  await new Response(new Blob([new Uint8Array(4)]).stream()).arrayBuffer();
});
afterEach(() => {
  WebAssembly.compile = realCompile;
});
function forbidCompiling(): void {
  WebAssembly.compile = () => Promise.reject(new WebAssembly.CompileError('WebAssembly.compile(): Wasm code generation disallowed by embedder'));
}

describe('init() without code generation from bytes', () => {
  it('resolves to the JS backend with a warning; auto then uses JS and wasm is not initialised', async () => {
    forbidCompiling();
    const r = await init();
    expect(r.backend).toBe('js');
    expect(r.warning).toMatch(/disallowed by embedder/);
    expect(r.warning).toMatch(/init\(\{ module \}\)/);
    expect(fit(c, data, { initial }).backend).toBe('js');
    expect(() => c.impedance([1], [1, 2, 3], { backend: 'wasm' })).toThrowError(expect.objectContaining({ code: 'E_NOT_INITIALIZED' }));
  });

  it('rejects a module that is not a WebAssembly.Module', async () => {
    await expect(init({ module: new Uint8Array(8) as unknown as WebAssembly.Module })).rejects.toBeInstanceOf(EisError);
    await expect(init({ module: 'eiskit.wasm' as unknown as WebAssembly.Module })).rejects.toMatchObject({ code: 'E_ARG_TYPE', details: { argument: 'module' } });
  });

  it('init({ module }) uses the given module without compiling, and gives the same fit as the JS backend up to rounding', async () => {
    const bytes = await embeddedWasmBytes();
    const module = await realCompile(bytes); // what an edge bundler hands over for eiskit/eiskit.wasm
    forbidCompiling();
    const r = await init({ module });
    // this bundle holds drt() and globalFit(), whose modules were not given: the core runs on WASM, the DRT on JS
    expect(r).toEqual({ backend: 'wasm', wasmHash: expect.any(String), warning: expect.stringContaining('init({ module, modules: { drt, global } })') });
    expect(r.warning).toContain('drt() and globalFit() use the JS backend');
    expect(r.warning).toMatch(/disallowed by embedder/);
    const w = fit(c, data, { initial });
    expect(w.backend).toBe('wasm');
    const j = fit(c, data, { initial, backend: 'js' });
    w.params.forEach((v, k) => expect(Math.abs(v - j.params[k]!)).toBeLessThan(1e-8 * Math.abs(j.params[k]!)));
    const d = drt(data, { lambda: 1e-4 });
    expect(d.backend).toBe('js');
    expect(d.warnings).toContain(DRT_MODULE_MISSING);
    expect(() => drt(data, { lambda: 1e-4, backend: 'wasm' })).toThrowError(expect.objectContaining({ code: 'E_NOT_INITIALIZED', message: expect.stringContaining('init()') }));
  });

  it('init({ module, modules: { drt, global } }) adds the feature modules without compiling: drt() then runs on WASM with the bits of the JS DRT', async () => {
    const drtModule = await realCompile(await inflateEmbedded(drtWasmDeflateRawBase64, 'eiskit-drt.wasm', 'modules'));
    const globalModule = await realCompile(await inflateEmbedded(globalWasmDeflateRawBase64, 'eiskit-global.wasm', 'modules'));
    forbidCompiling();
    await expect(init({ modules: { drt: new Uint8Array(8) as unknown as WebAssembly.Module } })).rejects.toMatchObject({ code: 'E_ARG_TYPE', details: { argument: 'modules.drt' } });
    await expect(init({ modules: { kk: drtModule } as unknown as { drt: WebAssembly.Module } })).rejects.toMatchObject({ code: 'E_ARG_RANGE', details: { argument: 'modules.kk' } });
    // the global module missing still: named alone
    expect((await init({ modules: { drt: drtModule } })).warning).toContain('init({ module, modules: { global } }) with eiskit/eiskit.wasm and eiskit/eiskit-global.wasm');
    expect(await init({ modules: { drt: drtModule, global: globalModule } })).toEqual({ backend: 'wasm', wasmHash: expect.any(String) });
    const w = drt(data, { lambda: 1e-4, backend: 'wasm' });
    expect(w.backend).toBe('wasm');
    expect(w.warnings).not.toContain(DRT_MODULE_MISSING);
    const j = drt(data, { lambda: 1e-4, backend: 'js' });
    expect(Array.from(w.gamma)).toEqual(Array.from(j.gamma));
  });
});
