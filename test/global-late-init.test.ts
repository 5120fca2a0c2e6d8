/**
 * The global-fit module when init() ran before the global-fit code was loaded (a late dynamic
 * import): the loop is a module of its own (assembly/global-index.ts), compiled by the init() that
 * follows the global code's loading (src/backend/wasm-global.ts registers it). Until then
 * `backend: 'auto'` runs the TS reference loop with a warning and `'wasm'` throws
 * E_NOT_INITIALIZED; a second init() compiles it. Own file, importing no global-fit code
 * statically: vitest isolates module state per file.
 */
import { describe, expect, it } from 'vitest';
import { init } from '../src/backend/select.ts';
import { parseCircuit } from '../src/circuit/circuit.ts';
import { logFrequencies, simulate } from '../src/simulate.ts';

describe('globalFit() loaded after init()', () => {
  it('falls back to the TS loop on auto with a warning, refuses wasm until init() runs again, then runs on WASM', async () => {
    expect(await init()).toEqual({ backend: 'wasm', wasmHash: expect.any(String) });
    const { globalFit } = await import('../src/global/global-fit.ts');
    const { GLOBAL_MODULE_MISSING } = await import('../src/backend/global-kernels.ts');
    const c = parseCircuit('R0-p(R1,CPE1)');
    const f = logFrequencies(1e6, 1, 30);
    const T = [400, 420, 440, 460];
    // R1 under an Arrhenius law (Ea 0.5 eV), the rest shared; 0.5 % noise
    const spectra = T.map((t, s) => ({ ...simulate(c, f, [50, 1e4 * Math.exp((0.5 / 8.617333262e-5) * (1 / t - 1 / 400)), 1e-9, 0.85], { noise: 0.005, seed: s + 1 }), temperatureK: t }));
    const opts = { shared: ['R0', 'CPE1.Q', 'CPE1.alpha'], arrhenius: { R1: 'sigma' as const }, lackOfFit: false };
    const late = await globalFit(c, spectra, opts);
    expect(late.backend).toBe('js');
    expect(late.warnings).toContain(GLOBAL_MODULE_MISSING);
    expect(late.success).toBe(true);
    await expect(globalFit(c, spectra, { ...opts, backend: 'wasm' })).rejects.toThrowError(expect.objectContaining({ code: 'E_NOT_INITIALIZED', message: expect.stringContaining('`await init()` again') }));
    expect(await init()).toEqual({ backend: 'wasm', wasmHash: expect.any(String) });
    const w = await globalFit(c, spectra, opts);
    expect(w.backend).toBe('wasm');
    expect(w.warnings).not.toContain(GLOBAL_MODULE_MISSING);
    expect(w.success).toBe(true);
    expect(Math.abs(w.chi2 - late.chi2) / late.chi2).toBeLessThan(1e-9);
    expect(Math.abs(w.activationEnergies.R1!.value - late.activationEnergies.R1!.value)).toBeLessThan(1e-6 * late.activationEnergies.R1!.stderr + 1e-12);
  });
});
