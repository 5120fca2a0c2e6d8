/** Every error code, with its message naming the offending value. */
import { beforeAll, describe, expect, it } from 'vitest';
import { arrhenius, CircuitSyntaxError, createEngine, cropSpectrum, EisError, fit, fitBatch, linKK, linKKBatch, logFrequencies, parseCircuit, simulate } from '../src/index.ts';
import { ensureInit, expectError } from './helpers.ts';

beforeAll(ensureInit);


const c = parseCircuit('R0-p(R1,CPE1)');
const P = [10, 100, 1e-6, 0.9];

describe('error codes', () => {
  it('E_SYNTAX with span and caret', () => {
    const e = expectError(() => parseCircuit('R0-p(R1,C1'), 'E_SYNTAX', /R0-p\(R1,C1\n/, /\^/);
    expect(e).toBeInstanceOf(CircuitSyntaxError);
    expect((e as CircuitSyntaxError).start).toBeGreaterThanOrEqual(0);
  });

  it('E_UNKNOWN_ELEMENT names the symbol and the valid ones', () => {
    const e = expectError(() => parseCircuit('R0-p(R1,CPX1)'), 'E_UNKNOWN_ELEMENT', /CPX/, /CPE/);
    expect((e as CircuitSyntaxError).start).toBe(8);
  });

  it('E_DUPLICATE_ELEMENT', () => {
    expectError(() => parseCircuit('R1-p(R1,C1)'), 'E_DUPLICATE_ELEMENT', /R1/);
  });

  it('E_UNKNOWN_PARAM lists the circuit parameters', () => {
    expectError(() => c.impedance([1], { R0: 1, R1: 1, 'CPE1.Q': 1, 'CPE1.a': 1 }), 'E_UNKNOWN_PARAM', /"CPE1.a"/, /CPE1\.alpha/);
    expectError(() => c.paramIndex('R7'), 'E_UNKNOWN_PARAM', /"R7"/);
  });

  it('E_MISSING_PARAM names the missing ones', () => {
    expectError(() => c.impedance([1], { R0: 1, R1: 2 }), 'E_MISSING_PARAM', /CPE1\.Q, CPE1\.alpha/);
  });

  it('impedance.py aliases are accepted, but not together with the name', () => {
    const byAlias = c.impedance([1, 10], { R0: 10, R1: 100, CPE1_0: 1e-6, CPE1_1: 0.9 });
    const byName = c.impedance([1, 10], P);
    expect(Array.from(byAlias.re)).toEqual(Array.from(byName.re));
    expectError(() => c.impedance([1], { R0: 1, R1: 2, 'CPE1.Q': 1, CPE1_0: 1, 'CPE1.alpha': 1 }), 'E_ARG_RANGE', /CPE1\.Q twice/);
  });

  it('E_ARG_TYPE', () => {
    expectError(() => c.impedance('1,2' as never, P), 'E_ARG_TYPE', /`freq` must be an array of numbers/);
    expectError(() => c.impedance([1, '2'] as never, P), 'E_ARG_TYPE', /freq\[1\] = "2"/);
    expectError(() => c.impedance([1], P, null as never), 'E_ARG_TYPE', /options/);
    expectError(() => c.impedance([1], { R0: '1' } as never), 'E_ARG_TYPE', /params\.R0/);
    expectError(() => parseCircuit(42 as never), 'E_ARG_TYPE');
    expectError(() => c.impedanceMany([1], 'x' as never), 'E_ARG_TYPE', /paramRows/);
  });

  it('E_ARG_LENGTH', () => {
    expectError(() => c.impedance([1], [1, 2, 3]), 'E_ARG_LENGTH', /4 values/, /got 3/);
    expectError(() => c.impedance([], P), 'E_ARG_LENGTH', /at least 1/);
    expectError(() => c.impedanceMany([1], new Float64Array(5)), 'E_ARG_LENGTH', /multiple of 4/);
  });

  it('E_NONFINITE names the index', () => {
    expectError(() => c.impedance([1, Number.NaN], P), 'E_NONFINITE', /freq\[1\] = NaN/);
    expectError(() => c.impedance([1], [10, Infinity, 1e-6, 0.9]), 'E_NONFINITE', /params\[1\] = Infinity/);
  });

  it('E_NONPOSITIVE_FREQ', () => {
    expectError(() => c.impedance([1, 10, -1], P), 'E_NONPOSITIVE_FREQ', /freq\[2\] = -1/);
    expectError(() => c.impedance([0], P), 'E_NONPOSITIVE_FREQ', /freq\[0\] = 0/);
  });

  it('E_ARG_RANGE', () => {
    expectError(() => c.impedance([1], P, { backend: 'gpu' as never }), 'E_ARG_RANGE', /'auto', 'wasm' or 'js'; got "gpu"/);
    expectError(() => simulate(c, [1], P, { noise: -0.1 }), 'E_ARG_RANGE', /noise/);
    expectError(() => parseCircuit('R1', { syntax: 'spice' as never }), 'E_ARG_RANGE');
  });

  for (const backend of ['wasm', 'js'] as const) {
    it(`E_MODEL_NONFINITE (${backend}) names the frequency and the suspect parameter`, () => {
      const rc = parseCircuit('R0-C1');
      expectError(() => rc.impedance([1, 10], [10, 0], { backend }), 'E_MODEL_NONFINITE', /freq\[0\] = 1 Hz/, /C1 = 0/);
      expectError(() => rc.jacobian([1], [10, 0], { backend }), 'E_MODEL_NONFINITE');
    });
  }

  it('E_INTERNAL: a trap is reported and the engine re-instantiates', async () => {
    const engine = await createEngine();
    // an out-of-bounds address makes the kernel trap
    expectError(() => engine.run((ex) => ex.eis_grid(0x7ffffff0, 1000, 0, 0)), 'E_INTERNAL', /internal error/);
    expect(engine.resets).toBe(1);
    const z = c.impedance([1, 10], P, { engine, backend: 'wasm' });
    const ref = c.impedance([1, 10], P, { backend: 'js' });
    expect(z.re[0]).toBeCloseTo(ref.re[0]!, 10);
  });
});

describe('details.argument', () => {
  it('every argument error across the API names its argument in details.argument', async () => {
    const data = simulate(c, logFrequencies(1e5, 1, 21), P, { noise: 0.001, seed: 1 });
    const sync: [string, () => unknown][] = [
      ['parseCircuit source', () => parseCircuit(42 as never)],
      ['parseCircuit syntax', () => parseCircuit('R1', { syntax: 'spice' as never })],
      ['impedance freq', () => c.impedance([1, -1], P)],
      ['impedance params', () => c.impedance([1], [1, 2])],
      ['impedance backend', () => c.impedance([1], P, { backend: 'gpu' as never })],
      ['impedanceMany rows', () => c.impedanceMany([1], [P, 'x' as never])],
      ['model non-finite', () => parseCircuit('R0-C1').impedance([1], [10, 0])],
      ['simulate noise', () => simulate(c, [1], P, { noise: -1 })],
      ['simulate seed', () => simulate(c, [1], P, { seed: 1.5 })],
      ['logFrequencies fmin', () => logFrequencies(10, -1, 3)],
      ['logFrequencies n', () => logFrequencies(10, 1, 0)],
      ['fit spectrum', () => fit(c, { freq: [1], re: [1], im: [] })],
      ['fit options', () => fit(c, data, 'x' as never)],
      ['fit unknown option', () => fit(c, data, { tolerance: 1 } as never)],
      ['fit starts', () => fit(c, data, { starts: 1e4 })],
      ['fit weighting', () => fit(c, data, { weighting: 'log' as never })],
      ['fit bounds', () => fit(c, data, { bounds: { R0: [2, 1] } })],
      ['fit fmin', () => fit(c, data, { fmin: -1 })],
      ['linKK M', () => linKK(data, { M: 0 })],
      ['linKK c', () => linKK(data, { c: 2 })],
      ['linKK fitType', () => linKK(data, { fitType: 'both' as never })],
      ['cropSpectrum window', () => cropSpectrum(data, null as never)],
      ['arrhenius points', () => arrhenius([{ temperatureK: -1, sigma: 1 }, { temperatureK: 300, sigma: 1 }])],
    ];
    const async: [string, () => Promise<unknown>][] = [
      ['fitBatch spectra', () => fitBatch(c, [] as never)],
      ['fitBatch chunkSize', () => fitBatch(c, [data], { chunkSize: 0 })],
      ['fitBatch onProgress', () => fitBatch(c, [data], { onProgress: 1 as never })],
      ['linKKBatch spectra', () => linKKBatch({} as never)],
      ['linKKBatch chunkSize', () => linKKBatch([data], { chunkSize: 1e7 })],
    ];
    const check = (label: string, e: unknown) => {
      expect(e, label).toBeInstanceOf(EisError);
      expect(typeof (e as EisError).details.argument, `${label}: ${(e as EisError).message}`).toBe('string');
    };
    for (const [label, run] of sync) {
      let err: unknown;
      try {
        run();
      } catch (e) {
        err = e;
      }
      check(label, err);
    }
    for (const [label, run] of async) check(label, await run().then(() => undefined, (e: unknown) => e));
  });
});
