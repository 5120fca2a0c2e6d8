/** fitBatch(): order, warm start, progress, both backends, errors. */
import { beforeAll, describe, expect, it } from 'vitest';
import { EisError, fit, fitBatch, logFrequencies, parseCircuit, simulate, type FitResult } from '../src/index.ts';
import fc from 'fast-check';
import { ALGORITHM } from '../src/abi/descriptor.ts';
import { ensureInit } from './helpers.ts';
import { circuitArb, paramsArb } from './arbitraries.ts';
import { expectSame } from './same-value.ts';

beforeAll(ensureInit);

const c = parseCircuit('R0-p(R1,CPE1)-CPE2');
const f = logFrequencies(1e6, 1, 41);
// a temperature series: the bulk resistance falls by Arrhenius steps, the rest drifts a little
const truths = Array.from({ length: 12 }, (_, k) => [15 + k, 2e5 * Math.exp(-0.25 * k), 1e-10 * (1 + 0.02 * k), 0.9 - 0.005 * k, 2e-6, 0.8]);
const spectra = truths.map((t, k) => simulate(c, f, t, { noise: 0.002, seed: 100 + k }));
const initial = [20, 1e5, 1e-10, 0.88, 2e-6, 0.8];

describe('fitBatch', () => {
  for (const backend of ['wasm', 'js'] as const) {
    it(`fits every spectrum, results in input order, same as one fit() each (${backend})`, async () => {
      const res = await fitBatch(c, spectra, { initial, backend });
      expect(res.length).toBe(spectra.length);
      res.forEach((r, k) => {
        expect(r.success, `spectrum ${k}: ${r.message}`).toBe(true);
        // from one shared start value, the low-resistance end of the series (k ≥ 8) can end in
        // another minimum — that is what warm start and automatic start values are for
        if (k < 8) r.stderr.forEach((e) => expect(Number.isFinite(e)).toBe(true));
        if (k < 8) r.params.forEach((v, i) => expect(Math.abs(v - truths[k]![i]!), `${c.paramNames[i]} of spectrum ${k}`).toBeLessThan(4 * r.stderr[i]!));
        const one = fit(c, spectra[k]!, { initial, backend });
        expect(r.params[1]).toBeCloseTo(one.params[1]!, 6);
        expect(r.chi2).toBeCloseTo(one.chi2, 12);
        expect(r.backend).toBe(backend);
      });
    });
  }

  it('warm start: each fit starts from the previous solution, which saves iterations and follows the series', async () => {
    const cold = await fitBatch(c, spectra, { initial });
    const warm = await fitBatch(c, spectra, { initial, warmStart: true });
    warm.forEach((r, k) => {
      expect(r.success).toBe(true);
      // every warm fit lands at the truth, including the end of the series where cold starts do not
      r.stderr.forEach((e) => expect(Number.isFinite(e)).toBe(true));
      r.params.forEach((v, i) => expect(Math.abs(v - truths[k]![i]!), `${c.paramNames[i]} of spectrum ${k}`).toBeLessThan(4 * r.stderr[i]!));
    });
    // as good as the cold fit within the statistical stop's band ε·s² (s² = χ²/ν), which ends both
    expect(warm[11]!.chi2).toBeLessThanOrEqual(cold[11]!.chi2 * (1 + ALGORITHM.NOISE_FLOOR / (2 * f.length - 6)));
    const iters = (rs: typeof cold) => rs.reduce((s, r) => s + r.iterations, 0);
    expect(iters(warm)).toBeLessThan(iters(cold));
    // the JS backend follows the same rule
    const warmJs = await fitBatch(c, spectra, { initial, warmStart: true, backend: 'js' });
    expect(iters(warmJs)).toBeLessThan(iters(await fitBatch(c, spectra, { initial, backend: 'js' })));
  });

  it('warm start carries across chunk boundaries', async () => {
    const one = await fitBatch(c, spectra, { initial, warmStart: true });
    const chunked = await fitBatch(c, spectra, { initial, warmStart: true, chunkSize: 5 });
    chunked.forEach((r, k) => {
      expect(r.iterations).toBe(one[k]!.iterations);
      expect(Array.from(r.params)).toEqual(Array.from(one[k]!.params));
    });
  });

  it('reports progress after every chunk, ending at the total', async () => {
    const seen: [number, number][] = [];
    await fitBatch(c, spectra, { initial, chunkSize: 5, onProgress: (done, total) => seen.push([done, total]) });
    expect(seen).toEqual([[5, 12], [10, 12], [12, 12]]);
  });

  for (const backend of ['wasm', 'js'] as const) {
    it(`a throwing onProgress rejects with E_CALLBACK (its error as cause) after that chunk, in one thread (${backend})`, async () => {
      const mine = new Error('stop here');
      let calls = 0;
      const e = await fitBatch(c, spectra, { initial, backend, chunkSize: 5, onProgress: () => { calls++; throw mine; } }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(EisError);
      expect((e as EisError).code).toBe('E_CALLBACK');
      expect((e as EisError).message).toContain('stop here');
      expect((e as EisError).details).toEqual({ argument: 'onProgress', cause: mine });
      expect(calls).toBe(1); // no chunk after the throw
    });
  }

  it('spectra of different lengths in one batch', async () => {
    const mixed = [simulate(c, logFrequencies(1e6, 1, 30), truths[0]!), simulate(c, logFrequencies(1e6, 0.1, 80), truths[3]!)];
    const res = await fitBatch(c, mixed, { initial });
    expect(res.map((r) => r.fitted.re.length)).toEqual([30, 80]);
    res.forEach((r, k) => expect(Math.abs(r.params[1]! - truths[[0, 3][k]!]![1]!) / truths[[0, 3][k]!]![1]!).toBeLessThan(1e-6));
  });

  it('workers: 2 gives the same fits as one thread, in order, with progress to the total', async () => {
    const many = Array.from({ length: 30 }, (_, k) => spectra[k % spectra.length]!);
    const seen: number[] = [];
    const one = await fitBatch(c, many, { initial });
    const two = await fitBatch(c, many, { initial, workers: 2, chunkSize: 4, onProgress: (d) => seen.push(d) });
    expect(two.length).toBe(30);
    two.forEach((r, k) => {
      expect(Array.from(r.params)).toEqual(Array.from(one[k]!.params));
      expect(r.stderr[1]).toBe(one[k]!.stderr[1]);
    });
    expect(seen[seen.length - 1]).toBe(30);
    expect(seen.every((d, i) => i === 0 || d >= seen[i - 1]!)).toBe(true);
    await expect(fitBatch(c, many, { initial, workers: 2, backend: 'js' })).rejects.toThrowError(/workers/);
    // an input error found inside a worker names the spectrum by its index in the whole batch
    const bad = many.slice();
    bad[25] = { freq: many[25]!.freq, re: many[25]!.re, im: Float64Array.from(many[25]!.im, (v, i) => (i === 3 ? 0 : v)) };
    const err = await fitBatch(c, bad, { initial, workers: 2, weighting: 'proportional' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EisError);
    expect((err as EisError).code).toBe('E_ARG_RANGE');
    expect((err as EisError).message).toMatch(/^spectra\[25\]: .*index 3/);
    // parts are dealt out as workers free up: the first invalid spectrum in input order still wins
    bad[7] = { freq: many[7]!.freq, re: many[7]!.re, im: Float64Array.from(many[7]!.im, (v, i) => (i === 5 ? 0 : v)) };
    for (const chunkSize of [1, 4, 256]) {
      const first = await fitBatch(c, bad, { initial, workers: 2, weighting: 'proportional', chunkSize }).catch((e: unknown) => e);
      expect((first as EisError).message).toMatch(/^spectra\[7\]: .*index 5/);
      expect((first as EisError).details).toMatchObject({ spectrum: 7 });
    }
    await expect(fitBatch(c, many, { initial, workers: 0 })).rejects.toThrowError(/workers/);
  });

  it('property: workers: 2 give every result field bit for bit as one thread and as fit() (random circuits, automatic and given starts)', async () => {
    const grid = logFrequencies(1e5, 0.1, 25);
    const caseArb = circuitArb.chain((rc) => fc.record({
      source: fc.constant(rc.source), params: paramsArb(rc), seed: fc.nat(1000), given: fc.boolean(),
      count: fc.integer({ min: 2, max: 7 }), chunkSize: fc.integer({ min: 1, max: 4 }), warmStart: fc.boolean(),
    }));
    await fc.assert(fc.asyncProperty(caseArb, async ({ source, params, seed, given, count, chunkSize, warmStart }) => {
      const rc = parseCircuit(source);
      const batch = Array.from({ length: count }, (_, k) => simulate(rc, grid, params.map((p, i) => (i === k % params.length ? p * 1.1 : p)), { noise: 0.003, seed: seed + k }));
      const options = { ...(given ? { initial: params } : {}), warmStart, chunkSize };
      const settle = (p: Promise<unknown>) => p.then((v) => ({ v }), (e: unknown) => ({ e: String(e) }));
      const one = await settle(fitBatch(rc, batch, options));
      const two = await settle(fitBatch(rc, batch, { ...options, workers: 2 }));
      if ('e' in one) return expect(two).toEqual(one); // the same refusal (an invalid start value, too few points …)
      expect('v' in two, String((two as { e?: string }).e)).toBe(true);
      const [a, b] = [one.v, (two as { v: unknown }).v] as FitResult[][];
      // with warmStart each worker's slice starts its own chain (documented), so only cold batches equal fit()
      const [ca, cb] = warmStart ? [a.slice(0, 1), b.slice(0, 1)] : [a, b];
      cb.forEach((r, k) => expectSame(ca[k], r, `spectrum ${k}`));
      if (!warmStart) a.forEach((r, k) => expectSame(fit(rc, batch[k]!, { ...(given ? { initial: params } : {}) }), r, `fit() of spectrum ${k}`));
    }), { numRuns: 12 });
  }, 60_000);

  it('concurrent batches with workers each get their own results', async () => {
    const a = spectra.slice(0, 6), b = spectra.slice(6, 12);
    const [ra, rb] = await Promise.all([fitBatch(c, a, { initial, workers: 2 }), fitBatch(c, b, { initial, workers: 2 })]);
    const sa = await fitBatch(c, a, { initial }), sb = await fitBatch(c, b, { initial });
    ra.forEach((r, k) => expect(Array.from(r.params)).toEqual(Array.from(sa[k]!.params)));
    rb.forEach((r, k) => expect(Array.from(r.params)).toEqual(Array.from(sb[k]!.params)));
  });

  it('automatic start values estimated inside the workers give the fits of one thread', async () => {
    const few = spectra.slice(0, 8);
    const one = await fitBatch(c, few);
    const two = await fitBatch(c, few, { workers: 2 });
    two.forEach((r, k) => expect(Array.from(r.params)).toEqual(Array.from(one[k]!.params)));
  });

  it('starts: n runs the multi-start of fit() for every spectrum (one thread, both backends, and workers)', async () => {
    // a poor shared start value: single starts end in different places for the low-R spectra
    const poor = [30, 3e3, 1e-9, 0.7, 1e-5, 0.6];
    const few = spectra.slice(6, 10);
    for (const backend of ['wasm', 'js'] as const) {
      const batch = await fitBatch(c, few, { initial: poor, starts: 6, seed: 3, backend });
      batch.forEach((r, k) => {
        const single = fit(c, few[k]!, { initial: poor, starts: 6, seed: 3, backend });
        expect(r.chi2).toBeCloseTo(single.chi2, 12);
        expect(r.warnings.join(' ')).toMatch(/Multi-start: 6 starts/);
        // never worse than the given start value alone
        expect(r.chi2).toBeLessThanOrEqual(fit(c, few[k]!, { initial: poor, backend }).chi2 * (1 + 1e-12));
      });
    }
    const viaWorkers = await fitBatch(c, few, { initial: poor, starts: 6, seed: 3, workers: 2 });
    const oneThread = await fitBatch(c, few, { initial: poor, starts: 6, seed: 3 });
    viaWorkers.forEach((r, k) => expect(Array.from(r.params)).toEqual(Array.from(oneThread[k]!.params)));
  });

  it('rejects options it does not support', async () => {
    await expect(fitBatch(c, spectra, { initial, starts: 4, warmStart: true })).rejects.toThrowError(/`starts` .* and `warmStart` exclude each other/);
    await expect(fitBatch(c, spectra, { initial, chunksize: 4 } as never)).rejects.toThrowError(/Unknown option `chunksize`/);
  });

  it('options parsed once for the batch: every result is fit()\'s bit for bit, and the checks a spectrum can fail still run for each', async () => {
    const sigma = Array.from(f, (x) => 1 + 1e-3 * Math.log(x));
    const options = { initial: { R1: 1e5 }, fixed: { R0: 16 }, bounds: { 'CPE2.alpha': [0.5, 0.95] as const }, representation: 'M' as const, fmin: 2, weighting: { sigma } };
    const some = spectra.slice(0, 5);
    for (const backend of ['wasm', 'js'] as const) {
      const res = await fitBatch(c, some, { ...options, backend });
      res.forEach((r, k) => expectSame(fit(c, some[k]!, { ...options, backend }), r, `spectrum ${k} (${backend})`));
    }
    const short = simulate(c, logFrequencies(1e6, 1, 31), truths[2]!);
    await expect(fitBatch(c, [spectra[0]!, spectra[1]!, short], options)).rejects.toThrowError(/spectra\[2\]: .*`weighting\.sigma` must have 31 values .*got 41\./);
    const repeated = { freq: new Array(41).fill(100), re: spectra[1]!.re, im: spectra[1]!.im };
    await expect(fitBatch(c, [spectra[0]!, repeated], { initial })).rejects.toThrowError(/spectra\[1\]: .*only 1 different/);
  });

  it('invalid input names the spectrum and throws before fitting', async () => {
    const bad = [...spectra.slice(0, 3), { freq: [1, 2], re: [1, 2], im: [1] }];
    await expect(fitBatch(c, bad, { initial })).rejects.toThrowError(/spectra\[3\]/);
    await expect(fitBatch(c, [], { initial })).rejects.toBeInstanceOf(EisError);
    await expect(fitBatch(c, spectra, { initial, chunkSize: 0 })).rejects.toThrowError(/chunkSize/);
  });
});
