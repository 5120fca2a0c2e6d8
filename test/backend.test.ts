/**
 * The Backend contract: the WASM and the JS backend implement every method behind one
 * interface with the same results (up to rounding: different instruction orders), and carry the
 * fitBatch warm-start chain across calls the same way.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createEngine, logFrequencies, parseCircuit, simulate } from '../src/index.ts';
import { jsBackend } from '../src/backend/js.ts';
import { wasmBackend } from '../src/backend/wasm.ts';
import { buildProblem } from '../src/fit/problem.ts';
import type { Backend } from '../src/backend/types.ts';
import { drtKernels, jsDrtKernels } from '../src/backend/drt-kernels.ts';
import { drtFrequencies, drtProblem, drtSpectrum } from './cross-runtime-drt.ts';
import type { BackendFit, WarmChain } from '../src/types/problems.ts';

const close = (a: ArrayLike<number>, b: ArrayLike<number>, rel: number) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!), `[${i}] ${a[i]} vs ${b[i]}`).toBeLessThanOrEqual(rel * Math.max(Math.abs(a[i]!), Math.abs(b[i]!), 1e-300));
};

describe('Backend contract (WASM and JS)', () => {
  const c = parseCircuit('R0-p(R1,CPE1)-CPE2');
  const p = Float64Array.of(15, 2e5, 1e-10, 0.9, 2e-6, 0.8);
  const f = logFrequencies(1e6, 1, 41);
  let wasm: Backend;
  beforeAll(async () => {
    wasm = wasmBackend(await createEngine());
  });

  it('names itself, and answers an empty batch with an empty list', () => {
    expect(jsBackend.name).toBe('js');
    expect(wasm.name).toBe('wasm');
    for (const b of [wasm, jsBackend]) {
      expect(b.fitBatch(c.kernelProgram, [])).toEqual([]);
      expect(b.linKKBatch([])).toEqual([]);
    }
  });

  it('impedance, jacobian and impedanceMany agree', () => {
    const prog = c.kernelProgram;
    const [zw, zj] = [wasm, jsBackend].map((b) => b.impedance(prog, p, f));
    close(zw!.re, zj!.re, 1e-12);
    close(zw!.im, zj!.im, 1e-12);
    const [jw, jj] = [wasm, jsBackend].map((b) => b.jacobian(prog, p, f));
    close(jw!.jre, jj!.jre, 1e-10);
    close(jw!.jim, jj!.jim, 1e-10);
    close(jw!.re, zj!.re, 1e-12);
    const rows = new Float64Array(3 * 6);
    for (let k = 0; k < 3; k++) rows.set(p.map((v, i) => (i === 1 ? v * (k + 1) : v)), k * 6);
    const [mw, mj] = [wasm, jsBackend].map((b) => b.impedanceMany(prog, rows, 3, f));
    close(mw!.re, mj!.re, 1e-12);
    close(mw!.re.subarray(0, f.length), zj!.re, 1e-12);
  });

  it("fitBatch's cached scratch layout and views: the same bits after memory growth, a larger layout, a trap and a return to the first layout", async () => {
    const spectra = [0, 1, 2].map((k) => simulate(c, f, [15, 2e5 * (1 + 0.1 * k), 1e-10, 0.9, 2e-6, 0.8], { noise: 0.003, seed: 70 + k, backend: 'js' }));
    const problems = spectra.map((s) => buildProblem(c, s, { initial: [20, 1e5, 1e-10, 0.88, 2e-6, 0.8] }));
    const longer = buildProblem(c, simulate(c, logFrequencies(1e6, 1, 81), [15, 2e5, 1e-10, 0.9, 2e-6, 0.8], { noise: 0.003, seed: 9, backend: 'js' }), { initial: [20, 1e5, 1e-10, 0.88, 2e-6, 0.8] });
    const flat = (fits: BackendFit[]) => fits.flatMap((x) => [x.status, x.chi2, x.iterations, x.nfev, x.njev, ...x.block.params, ...x.block.u, ...x.block.unscaled, ...x.block.fittedRe, ...x.block.fittedIm]);
    const fresh = async (prs: typeof problems) => flat(wasmBackend(await createEngine()).fitBatch(c.kernelProgram, prs));
    const one = await fresh([problems[0]!]), all = await fresh(problems), big = await fresh([longer]);
    const own = wasmBackend(await createEngine()), e = own.engine;
    const same = (label: string, got: number[], want: number[]): void => {
      expect(got.length, label).toBe(want.length);
      for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) expect.fail(`${label} [${i}]: ${got[i]} vs ${want[i]}`);
    };
    same('first', flat(own.fitBatch(c.kernelProgram, [problems[0]!])), one);
    same('again (cached layout)', flat(own.fitBatch(c.kernelProgram, [problems[0]!])), one);
    const bytes = e.memoryBytes;
    const grown = e.allocRegion(1 << 21); // 16 MB: memory grows, the cached views are detached
    expect(e.memoryBytes).toBeGreaterThan(bytes);
    same('after growth', flat(own.fitBatch(c.kernelProgram, [problems[0]!])), one);
    e.freeRegion(grown);
    same('three spectra', flat(own.fitBatch(c.kernelProgram, problems)), all);
    same('81 points', flat(own.fitBatch(c.kernelProgram, [longer])), big);
    // the scratch block moves (a larger call of another kernel grows it): the regions are laid out anew
    same('81 points (cached)', flat(own.fitBatch(c.kernelProgram, [longer])), big);
    const epoch = e.scratchEpoch, scratch = vi.spyOn(e, 'scratch');
    const rows = 400, many = new Float64Array(rows * 6);
    for (let k = 0; k < rows; k++) many.set(p, k * 6);
    own.impedanceMany(c.kernelProgram, many, rows, logFrequencies(1e6, 1, 400));
    expect(e.scratchEpoch).toBeGreaterThan(epoch);
    const before = scratch.mock.calls.length;
    same('81 points after the scratch moved', flat(own.fitBatch(c.kernelProgram, [longer])), big);
    expect(scratch.mock.calls.length).toBe(before + 1);
    same('81 points (cached again)', flat(own.fitBatch(c.kernelProgram, [longer])), big);
    expect(scratch.mock.calls.length).toBe(before + 1);
    scratch.mockRestore();
    expect(() => e.run((ex) => ex.eis_grid(0x7ffffff0, 1000, 0, 0))).toThrow(/internal error/);
    expect(e.resets).toBe(1);
    same('after a trap (new instance)', flat(own.fitBatch(c.kernelProgram, [problems[0]!])), one);
    same('three spectra again', flat(own.fitBatch(c.kernelProgram, problems)), all);
  });

  it('fitBatch: same fits, and the warm-start chain carried across calls the same way', () => {
    const truths = Array.from({ length: 6 }, (_, k) => [15 + 0.2 * k, 2e5 * Math.exp(-0.03 * k), 1e-10 * (1 + 0.01 * k), 0.9, 2e-6, 0.8]);
    const spectra = truths.map((t, k) => simulate(c, f, t, { noise: 0.002, seed: 40 + k, backend: 'js' }));
    const problems = spectra.map((s) => buildProblem(c, s, { initial: [20, 1e5, 1e-10, 0.88, 2e-6, 0.8] }));
    const run = (b: Backend) => {
      const chain: WarmChain = { warmStart: true };
      const first = b.fitBatch(c.kernelProgram, problems.slice(0, 3), chain);
      const carried = chain.previous;
      const second = b.fitBatch(c.kernelProgram, problems.slice(3), chain);
      const cold = b.fitBatch(c.kernelProgram, problems.slice(3, 4));
      return { fits: [...first, ...second], carried, last: chain.previous, first, cold };
    };
    const w = run(wasm), j = run(jsBackend);
    for (const r of [w, j]) {
      // the chain holds the last fit of the previous call (it succeeded) and is updated by each call
      expect(r.carried).toBe(r.first[2]);
      expect(r.last).toBe(r.fits[5]);
      r.fits.forEach((b: BackendFit) => expect(b.status).toBeGreaterThan(0));
      // the first fit of the second call started warm: fewer iterations than the same fit cold
      expect(r.fits[3]!.iterations).toBeLessThan(r.cold[0]!.iterations);
    }
    w.fits.forEach((b, k) => {
      const o = j.fits[k]!;
      expect(b.status, `fit ${k}`).toBe(o.status);
      expect(b.warmFallback ?? false, `fit ${k}`).toBe(o.warmFallback ?? false);
      // the fitted spectra (parameters pinned near a bound, like an unresolvable R0, may differ in their last digits)
      close(b.block.fittedRe, o.block.fittedRe, 1e-6);
      close(b.block.fittedIm, o.block.fittedIm, 1e-6);
      close(b.block.params.subarray(1), o.block.params.subarray(1), 1e-4);
      expect(Math.abs(b.chi2 - o.chi2)).toBeLessThan(1e-8 * o.chi2);
    });
  });

  it('fitBatch without warm start leaves the chain empty and each fit on its own start values', () => {
    const s = simulate(c, f, p, { noise: 0.002, seed: 7, backend: 'js' });
    const pr = buildProblem(c, s, { initial: [20, 1e5, 1e-10, 0.88, 2e-6, 0.8] });
    for (const b of [wasm, jsBackend]) {
      const chain: WarmChain = { warmStart: false };
      const [a, bb] = b.fitBatch(c.kernelProgram, [pr, pr], chain);
      expect(chain.previous).toBeUndefined();
      expect(bb!.iterations).toBe(a!.iterations);
      expect(Array.from(bb!.block.params)).toEqual(Array.from(a!.block.params));
    }
  });
});

describe('feature kernels (the DRT) beside the core Backend', () => {
  const c = parseCircuit('R0-p(R1,CPE1)');
  const p = Float64Array.of(15, 2e5, 1e-10, 0.9);
  const f = logFrequencies(1e6, 1, 41);
  const s = drtSpectrum(drtFrequencies(1e6, 1, 41), 10, 0, [{ R: 60, tau: 1e-4, phi: 0.8 }], 0.002, 7);

  it('the core backends carry no DRT method (a method is in every bundle that calls any kernel)', () => {
    expect('drt' in jsBackend).toBe(false);
  });

  it('drtKernels follows the backend choice: the TS core on the JS backend, the WASM kernels (one per backend) on a WASM backend', async () => {
    const engine = await createEngine();
    expect(drtKernels(jsBackend)).toBe(jsDrtKernels);
    expect(jsDrtKernels.name).toBe('js');
    const w = drtKernels(wasmBackend(engine));
    expect('drt' in wasmBackend(engine)).toBe(false);
    expect(w.name).toBe('wasm');
    expect(drtKernels(wasmBackend(engine))).toBe(w);
    expect(drtKernels(wasmBackend(await createEngine()))).not.toBe(w);
    for (const k of [w, jsDrtKernels]) expect(k.drt([])).toEqual([]);
    const [a] = w.drt([drtProblem(s, { lambda: 1e-4 })]), [b] = jsDrtKernels.drt([drtProblem(s, { lambda: 1e-4 })]);
    close(a!.x, b!.x, 1e-12);
  });

  it('a DRT on the engine does not leave the WASM backend a stale resident grid (its scratch layout overwrites it)', async () => {
    const engine = await createEngine(), b = wasmBackend(engine);
    drtKernels(b).drt([drtProblem(s)]); // the scratch block grown first: no new epoch below
    const before = b.impedance(c.kernelProgram, p, f);
    drtKernels(b).drt([drtProblem(s)]);
    const after = b.impedance(c.kernelProgram, p, f);
    expect(after.re).toEqual(before.re);
    expect(after.im).toEqual(before.im);
  });
});
