/**
 * Behaviour before init() and without WebAssembly. Own file: vitest isolates module state
 * per file, so nothing here has called init().
 */
import { describe, expect, it } from 'vitest';
import { EisError, createEngine, init, parseCircuit } from '../src/index.ts';

describe('before init()', () => {
  const c = parseCircuit('R0-p(R1,C1)');
  it("'wasm' throws E_NOT_INITIALIZED; 'auto' uses the TS reference", () => {
    expect(() => c.impedance([1], [1, 2, 3], { backend: 'wasm' })).toThrowError(expect.objectContaining({ code: 'E_NOT_INITIALIZED' }));
    const z = c.impedance([1], [1, 2, 3]);
    const ref = c.impedance([1], [1, 2, 3], { backend: 'js' });
    expect(Array.from(z.re)).toEqual(Array.from(ref.re));
  });

  it('without WebAssembly: init() resolves to the js backend, wasm requests give E_NO_WASM', async () => {
    const g = globalThis as { WebAssembly?: unknown };
    const saved = g.WebAssembly;
    g.WebAssembly = undefined;
    try {
      expect((await init()).backend).toBe('js');
      expect(() => c.impedance([1], [1, 2, 3], { backend: 'wasm' })).toThrowError(expect.objectContaining({ code: 'E_NO_WASM' }));
      await expect(createEngine()).rejects.toBeInstanceOf(EisError);
      expect(c.impedance([1], [1, 2, 3]).re[0]).toBeGreaterThan(1);
    } finally {
      g.WebAssembly = saved;
    }
    expect((await init()).backend).toBe('wasm');
    expect(() => c.impedance([1], [1, 2, 3], { backend: 'wasm' })).not.toThrow();
  });
});
