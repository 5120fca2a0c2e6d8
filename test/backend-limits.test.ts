/**
 * Size limits are checked before a kernel runs, by both backends alike: an oversized request
 * is EisError E_ARG_RANGE naming the limit (details.limit) and the argument, never E_INTERNAL,
 * and neither the answer nor later results depend on what ran before on the engine.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine, EisError, fit, logFrequencies, parseCircuit, simulate } from '../src/index.ts';
import { LIMITS, type LimitName } from '../src/backend/limits.ts';
import { jsBackend } from '../src/backend/js.ts';
import { wasmBackend } from '../src/backend/wasm.ts';
import { KK_RULE, WASM_MEMORY } from '../src/abi/descriptor.ts';
import { jsGlobalKernels, wasmGlobalKernels } from '../src/backend/global-kernels.ts';
import type { GlobalLayout } from '../src/reference/global-map.ts';
import type { Backend } from '../src/backend/types.ts';
import type { FitProblem, KernelProgram, KkProblem } from '../src/types/problems.ts';

type Engine = Awaited<ReturnType<typeof createEngine>>;

function limitError(fn: () => unknown): EisError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(EisError);
    return e as EisError;
  }
  throw new Error('expected an EisError, got a result');
}

function expectLimit(fn: () => unknown, limit: LimitName, argument: string): EisError {
  const e = limitError(fn);
  expect(e.code).toBe('E_ARG_RANGE');
  expect(e.details).toMatchObject({ limit, argument, max: LIMITS[limit] });
  expect(e.message).toContain(limit);
  expect(e.message).toContain(String(e.details.value));
  return e;
}

const series = (k: number) => parseCircuit(Array.from({ length: k }, (_, i) => `R${i}`).join('-'));
const grid = (n: number) => Float64Array.from({ length: n }, (_, i) => 1 + i);

/** Problems whose sizes are all the backend may look at before refusing (the arrays are never read). */
const fitProblems = (sizes: readonly { n: number; m: number }[]) =>
  sizes.map(({ n, m }) => ({ n, free: new Int32Array(m) })) as unknown as FitProblem[];
const kkProblems = (sizes: readonly { n: number; maxM: number; fixedM?: number; rule?: number }[]) =>
  sizes.map(({ n, maxM, fixedM = 0, rule = KK_RULE.MU }) => ({ n, maxM, fixedM, rule, extensions: new Float64Array(1) })) as unknown as KkProblem[];

describe('size limits', () => {
  let engine: Engine;
  let backends: [string, Backend][];
  beforeAll(async () => {
    engine = await createEngine();
    backends = [['js', jsBackend], ['wasm', wasmBackend(engine)]];
  });

  it('impedance: frequencies per spectrum, and the workspace of many nodes at many points (both backends)', () => {
    const c = parseCircuit('R0-p(R1,C1)');
    const f = grid(LIMITS.pointsPerSpectrum + 1);
    for (const options of [{ backend: 'js' as const }, { engine }]) {
      expectLimit(() => c.impedance(f, [1, 2, 3], options), 'pointsPerSpectrum', 'freq');
      expectLimit(() => c.jacobian(f, [1, 2, 3], options), 'pointsPerSpectrum', 'freq');
    }
    // 200 nodes at 200 000 points: 200·4·200 000 f64 workspace words > 1 GiB (a u32 byte count would be near its wrap)
    const long = series(200), p = new Float64Array(200).fill(1), f2 = grid(200_000);
    for (const options of [{ backend: 'js' as const }, { engine }]) {
      expectLimit(() => long.impedance(f2, p, options), 'scratchBytes', 'freq');
    }
    // the zero-copy path (engine.bind) refuses it too, before allocating
    expectLimit(() => engine.bind(long.kernelProgram, f2), 'scratchBytes', 'freq');
    expect(engine.resets).toBe(0);
  });

  it('impedanceMany rows × frequencies and Jacobian frequencies × parameters (both backends)', () => {
    const c = parseCircuit('R0'), f = grid(100);
    const rows = new Float64Array(LIMITS.valuesPerResult / 100 + 1).fill(10);
    const long = series(200), p = new Float64Array(200).fill(1), f2 = grid(LIMITS.valuesPerResult / 200 + 1);
    for (const options of [{ backend: 'js' as const }, { engine }]) {
      expectLimit(() => c.impedanceMany(f, rows, options), 'valuesPerResult', 'paramRows');
      expectLimit(() => long.jacobian(f2, p, options), 'valuesPerResult', 'freq');
    }
  });

  it('circuit parameters (backend level, both backends)', () => {
    const program: KernelProgram = { code: new Int32Array(3), nodeCount: 1, paramCount: LIMITS.parameters + 1 };
    const p = new Float64Array(LIMITS.parameters + 1);
    for (const [name, b] of backends) {
      expect(name).toMatch(/js|wasm/);
      expectLimit(() => b.impedance(program, p, grid(3)), 'parameters', 'params');
    }
  });

  it('fitBatch: points per spectrum and per call, free parameters, scratch (both backends)', () => {
    const program = series(3).kernelProgram;
    for (const [, b] of backends) {
      expectLimit(() => b.fitBatch(program, fitProblems([{ n: LIMITS.pointsPerSpectrum + 1, m: 2 }])), 'pointsPerSpectrum', 'spectrum');
      expectLimit(() => b.fitBatch(program, fitProblems([{ n: 61, m: 2 }, { n: LIMITS.pointsPerSpectrum + 1, m: 2 }])), 'pointsPerSpectrum', 'spectra[1]');
      expectLimit(() => b.fitBatch(program, fitProblems([{ n: 61, m: LIMITS.freeParameters + 1 }])), 'freeParameters', 'circuit');
      const many = Array.from({ length: LIMITS.pointsPerCall / 1_000_000 + 1 }, () => ({ n: 1_000_000, m: 2 }));
      expectLimit(() => b.fitBatch(program, fitProblems(many)), 'pointsPerCall', 'spectra');
      // 100 000 points × 600 free parameters: the Jacobian alone is 2·10⁵·600 f64 words ≈ 0.96 GB
      expectLimit(() => b.fitBatch(program, fitProblems([{ n: 100_000, m: 600 }])), 'scratchBytes', 'spectra');
    }
  });

  it('linKKBatch: time constants (M and maxM), points, scratch (both backends)', () => {
    for (const [, b] of backends) {
      expectLimit(() => b.linKKBatch(kkProblems([{ n: 61, maxM: LIMITS.kkTimeConstants + 1 }])), 'kkTimeConstants', 'maxM');
      expectLimit(() => b.linKKBatch(kkProblems([{ n: 61, maxM: 1, fixedM: LIMITS.kkTimeConstants + 1, rule: KK_RULE.FIXED }])), 'kkTimeConstants', 'M');
      expectLimit(() => b.linKKBatch(kkProblems([{ n: LIMITS.pointsPerSpectrum + 1, maxM: 5 }])), 'pointsPerSpectrum', 'spectrum');
      // 10⁶ points × 103 columns: 4·10⁶·103 f64 words of scratch ≈ 3.3 GB
      expectLimit(() => b.linKKBatch(kkProblems([{ n: 1_000_000, maxM: 100 }])), 'scratchBytes', 'spectrum');
    }
  });

  it('the answer and later results do not depend on what ran before on the engine', async () => {
    const c = parseCircuit('R0-p(R1,CPE1)-CPE2');
    const p = [10, 1e4, 1e-9, 0.9, 1e-6, 0.8];
    const data = simulate(c, logFrequencies(1e6, 0.1, 61), p, { noise: 0.002, seed: 3, backend: 'js' });
    const initial = { R0: 12, R1: 8e3, 'CPE1.Q': 2e-9, 'CPE1.alpha': 0.85, 'CPE2.Q': 2e-6, 'CPE2.alpha': 0.75 };
    const tooMany = grid(LIMITS.pointsPerSpectrum + 1);
    const fresh = await createEngine();
    const refusedFresh = expectLimit(() => c.impedance(tooMany, p, { engine: fresh }), 'pointsPerSpectrum', 'freq');
    const z0 = c.impedance(data.freq, p, { engine: fresh });
    const fit0 = fit(c, data, { initial, engine: fresh });

    const used = await createEngine();
    // grow the scratch block first (≈ 10 MB of output), then ask for too much, then the small work
    const rows = new Float64Array(10_000 * 6);
    for (let k = 0; k < 10_000; k++) rows.set(p, k * 6);
    c.impedanceMany(data.freq, rows, { engine: used });
    const refusedUsed = expectLimit(() => c.impedance(tooMany, p, { engine: used }), 'pointsPerSpectrum', 'freq');
    expectLimit(() => wasmBackend(used).fitBatch(c.kernelProgram, fitProblems([{ n: 100_000, m: 600 }])), 'scratchBytes', 'spectra');
    const z1 = c.impedance(data.freq, p, { engine: used });
    const fit1 = fit(c, data, { initial, engine: used });

    expect(refusedUsed.message).toBe(refusedFresh.message);
    expect(Array.from(z1.re)).toEqual(Array.from(z0.re));
    expect(Array.from(z1.im)).toEqual(Array.from(z0.im));
    expect(Array.from(fit1.params)).toEqual(Array.from(fit0.params));
    expect(fit1.chi2).toBe(fit0.chi2);
    // refused requests never reached a kernel: no trap, no reset
    expect(used.resets).toBe(0);
  });
});

describe('size limits of a global fit', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine();
  });

  it('both backends\' global kernels refuse the same requests (checkGlobal) with the global fit\'s own message', () => {
    const program = series(4).kernelProgram;
    const opts = { ftol: 1e-10, xtol: 1e-10, gtol: 1e-10, maxEvaluations: 100 };
    const run = (kernels: typeof jsGlobalKernels, S: number, n: number, method: 'schur' | 'dense') => {
      const lay = { G: 2, L: 2 } as GlobalLayout;
      return kernels.globalLm(program, fitProblems(Array.from({ length: S }, () => ({ n, m: 4 }))), lay, new Float64Array(2 + 2 * S), opts, method);
    };
    const messages = (S: number, n: number, method: 'schur' | 'dense', limit: LimitName, argument: string) =>
      [jsGlobalKernels, wasmGlobalKernels(wasmBackend(engine))].map((k) => expectLimit(() => run(k, S, n, method), limit, argument).message);
    // 17 spectra of 10⁶ points: 17·10⁶ points in one global fit
    const [a, b] = messages(17, 1_000_000, 'schur', 'pointsPerCall', 'spectra');
    expect(a).toBe(b);
    expect(a).toContain('one global fit');
    expect(a).not.toContain('multi-start');
    // the dense method's (2·40 000 + 2002) × 2002 matrix is 1.3 GB; the Schur steps of the same series fit
    const [c, d] = messages(1000, 40, 'dense', 'scratchBytes', 'spectra');
    expect(c).toBe(d);
    expect(c).toContain('dense step');
    expect(engine.resets).toBe(0);
  });

  it('the scratch limit is the largest block the TLSF heap allocates (2³⁰ − 4 bytes, 16-aligned); the core engine grows its scratch up to it', async () => {
    expect(LIMITS.scratchBytes).toBe(WASM_MEMORY.SCRATCH_BYTES);
    expect(LIMITS.scratchBytes % 16).toBe(0);
    expect(LIMITS.scratchBytes).toBeLessThanOrEqual(2 ** 30 - 4);
    // one more byte than the heap's largest block aborts (the former limit, 2³⁰, did)
    const probe = await createEngine();
    expect(() => probe.raw.eis_alloc(2 ** 30)).toThrow();
    // growth: from 600 MB a request of 700 MB asks min(2·600 MB, the limit) = the limit
    const e = await createEngine();
    e.scratch([600e6 / 8]);
    const [r] = e.scratch([700e6 / 8]);
    expect(r!.ptr).toBeGreaterThan(0);
    expect(e.resets).toBe(0);
  });
});
