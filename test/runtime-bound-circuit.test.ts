/**
 * A bound circuit (engine.bind) lives in one WASM instance's memory. After a trap the engine
 * replaces the instance (new memory); a circuit bound before must then fail loudly (E_INTERNAL,
 * "bind it again") on every use, reads included, instead of running on or reading from
 * addresses that now belong to something else.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine, logFrequencies, parseCircuit } from '../src/index.ts';

describe('a bound circuit after an engine reset', () => {
  const c = parseCircuit('R0-p(R1,CPE1)');
  const p = [10, 1e4, 1e-9, 0.9];
  const f = logFrequencies(1e6, 1, 31);
  let engine: Awaited<ReturnType<typeof createEngine>>;
  beforeAll(async () => {
    engine = await createEngine();
  });

  it('fails loudly on every use, and a new binding gives the numbers of before', () => {
    const bound = engine.bind(c.kernelProgram, f);
    bound.setParams(p);
    bound.impedance();
    const before = bound.readZ();
    const resets = engine.resets;
    // a real trap: a kernel reading far outside linear memory
    const trap = (() => {
      try {
        engine.run((ex) => ex.eis_impedance(0x7fff_fff0, 8, 3, 0x7fff_fff0, 31, 0x7fff_fff0, 0x7fff_fff0, 0x7fff_fff0, 0x7fff_fff0, 0x7fff_fff0));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(trap).toMatchObject({ code: 'E_INTERNAL' });
    expect(engine.resets).toBe(resets + 1);
    const stale = /no longer valid.*bind it again/;
    expect(() => bound.setParams(p)).toThrowError(stale);
    expect(() => bound.impedance()).toThrowError(stale);
    expect(() => bound.jacobian()).toThrowError(stale);
    expect(() => bound.readZ()).toThrowError(stale);
    expect(() => bound.readJacobian()).toThrowError(stale);
    const again = engine.bind(c.kernelProgram, f);
    again.setParams(p);
    again.impedance();
    expect(Array.from(again.readZ().re)).toEqual(Array.from(before.re));
    expect(Array.from(again.readZ().im)).toEqual(Array.from(before.im));
    again.dispose();
  });
});
