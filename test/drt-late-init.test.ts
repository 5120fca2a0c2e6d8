/**
 * The DRT module when init() ran before the DRT code was loaded (a late dynamic import): the DRT
 * kernels are a module of their own (assembly/drt-index.ts), compiled by the init() that follows
 * the DRT code's loading (src/backend/wasm-drt.ts registers it). Until then `backend: 'auto'`
 * runs the JS DRT with a warning and `'wasm'` throws E_NOT_INITIALIZED; a second init() compiles
 * it. Own file, importing no DRT code statically: vitest isolates module state per file.
 */
import { describe, expect, it } from 'vitest';
import { init } from '../src/backend/select.ts';

describe('drt() loaded after init()', () => {
  it('falls back to JS on auto, refuses wasm until init() runs again, then runs on WASM with the JS bits', async () => {
    expect(await init()).toEqual({ backend: 'wasm', wasmHash: expect.any(String) });
    const { drt } = await import('../src/drt/drt.ts');
    const { DRT_MODULE_MISSING } = await import('../src/backend/drt-kernels.ts');
    const f = Array.from({ length: 41 }, (_, i) => 10 ** (5 - i / 5));
    // one ZARC: R = 100 Ω, τ = 1e-3 s, φ = 0.8, in series with 10 Ω (Z = R∞ + R / (1 + (jωτ)^φ))
    const z = f.map((fi) => {
      const a = (2 * Math.PI * fi * 1e-3) ** 0.8, c = Math.cos(0.4 * Math.PI), s = Math.sin(0.4 * Math.PI);
      const dr = 1 + a * c, di = a * s, d2 = dr * dr + di * di;
      return [10 + (100 * dr) / d2, (-100 * di) / d2] as const;
    });
    const spectrum = { freq: f, re: z.map((v) => v[0]), im: z.map((v) => v[1]) };
    const late = drt(spectrum, { lambda: 1e-4 });
    expect(late.backend).toBe('js');
    expect(late.warnings).toContain(DRT_MODULE_MISSING);
    expect(() => drt(spectrum, { lambda: 1e-4, backend: 'wasm' })).toThrowError(expect.objectContaining({ code: 'E_NOT_INITIALIZED', message: expect.stringContaining('`await init()` again') }));
    expect(await init()).toEqual({ backend: 'wasm', wasmHash: expect.any(String) });
    const w = drt(spectrum, { lambda: 1e-4 });
    expect(w.backend).toBe('wasm');
    expect(w.warnings).not.toContain(DRT_MODULE_MISSING);
    expect(Array.from(w.gamma)).toEqual(Array.from(late.gamma));
  });
});
