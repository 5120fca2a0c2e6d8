/**
 * Lin-KK over eiskit/queue: submitLinKKBatch on an in-process startFitWorker against linKKBatch in
 * this thread (WASM) — the same results bit for bit (muCurve.M an Int32Array), idempotent
 * resubmission, an invalid spectrum or option refused before any job, and every option family's
 * results through the packer; a chunk's error names the spectrum by its index in the batch.
 */
import { describe, expect, it } from 'vitest';
import { EisError, linKKBatch, logFrequencies, parseCircuit, simulate, type LinKKResult, type Spectrum } from '../src/index.ts';
import { packJobChunk } from '../src/queue/payload.ts';
import { inBatch } from '../src/queue/kinds.ts';
import { submitLinKKBatch } from '../src/queue/index.ts';
import { ensureInit, rejection } from './helpers.ts';
import { none, packerRoundTrip, queueHarness } from './queue-harness.ts';
import { REDIS } from './redis-server.ts';
import { expectSame } from './same-value.ts';

const circuit = parseCircuit('R0-p(R1,C1)-p(R2,CPE2)');

/** Two-arc spectra with 0.3 % noise; every 7th drifts (its R2 grows along the sweep: not KK-consistent). */
function twoArcs(count: number): Spectrum[] {
  const f = logFrequencies(1e5, 0.1, 51);
  return Array.from({ length: count }, (_, k) => {
    const p = [10 + k, 1e3 * (1 + (k % 5)), 1e-8 * (1 + (k % 3)), 5e3 + 100 * k, 1e-5, 0.85];
    const s = simulate(circuit, f, p, { noise: 0.003, seed: 500 + k });
    if (k % 7 === 3) s.re.forEach((x, i) => (s.re[i] = x * (1 + 0.03 * (i / f.length))));
    return s;
  });
}

describe('Lin-KK results cross the packer', () => {
  it('every option family: the same bits back, muCurve.M an Int32Array', async () => {
    await ensureInit();
    const spectra = twoArcs(3);
    const families = [{}, { method: 'mu' }, { method: 'score' }, { M: 5 }, { representation: 'Y' }, { fitType: 'real' }, { fitType: 'imag', addInductance: false },
      { extension: 'auto', extensionSteps: 3 }, { verdict: 'threshold', threshold: 0.02 }, { fmin: 1, fmax: 1e4 }, { addCapacitance: false, c: 0.5, maxM: 20 }] as const;
    for (const options of families) {
      const results = await linKKBatch(spectra, options);
      const back = packerRoundTrip(results);
      results.forEach((r, k) => expectSame(r, back[k], `${JSON.stringify(options)}[${k}]`));
      expect(results[0]!.muCurve.M).toBeInstanceOf(Int32Array);
    }
  });

  it('a chunk\'s error names its spectrum by its index in the batch (message, argument, spectrum)', () => {
    const e = inBatch(new EisError('E_ARG_RANGE', 'invalid argument. `spectra[2]` has |Z| = 0 at index 4.', { argument: 'spectra[2]', index: 4 }), 64) as EisError;
    expect([e.code, e.message, e.details]).toEqual(['E_ARG_RANGE', 'invalid argument. `spectra[66]` has |Z| = 0 at index 4.', { argument: 'spectra[66]', index: 4 }]);
    const f = inBatch(new EisError('E_NONFINITE', 'spectra[1]: `spectra[1].re[3]` is NaN.', { argument: 'spectra[1].re', spectrum: 1 }), 10) as EisError;
    expect([f.message, f.details]).toEqual(['spectra[11]: `spectra[11].re[3]` is NaN.', { argument: 'spectra[11].re', spectrum: 11 }]);
    const g = new EisError('E_WORKER', 'spectra[1] gone');
    expect(inBatch(g, 0)).toBe(g);
  });
});

describe.skipIf(!REDIS.available).sequential('eiskit/queue: submitLinKKBatch on startFitWorker', () => {
  const spectra = twoArcs(100);
  let local: LinKKResult[];
  const h = queueHarness({ setup: async () => void (local = await linKKBatch(spectra)) });
  const { look, counts } = h;

  it('100 noisy spectra in chunks of 16: every result the same bit for bit as linKKBatch (WASM), progress up to (100, 100); a resubmission adds no job', async () => {
    expect(local.filter((r) => !r.pass).length).toBeGreaterThan(0); // the drifting ones fail: both verdicts cross
    const q = await look('kk');
    await h.worker('kk');
    const seen: [number, number][] = [];
    const results = await submitLinKKBatch(spectra, {}, { connection: { url: h.url }, queue: 'kk', chunkSize: 16, onProgress: (d, n) => void seen.push([d, n]) });
    expect(results).toHaveLength(100);
    results.forEach((r, k) => expectSame(r, local[k], `results[${k}]`));
    expect(results.every((r) => r.backend === 'wasm' && r.muCurve.M instanceof Int32Array)).toBe(true);
    expect(seen.at(-1)).toEqual([100, 100]);
    expect(await h.client.keys('eiskit:result:*')).toHaveLength(7);

    await h.addsNoJob(q, async () => {
      const again = await submitLinKKBatch(spectra, {}, { connection: { url: h.url }, queue: 'kk', chunkSize: 16 });
      again.forEach((r, k) => expectSame(r, local[k], `again[${k}]`));
    });
  }, 120_000);

  it('options cross: the same results as linKKBatch with them', async () => {
    const options = { method: 'score', representation: 'Y', fmin: 0.5, extension: 'auto', extensionSteps: 3 } as const;
    const some = spectra.slice(0, 12);
    const expected = await linKKBatch(some, options);
    const results = await submitLinKKBatch(some, options, { connection: { url: h.url }, queue: 'kk', chunkSize: 5 });
    results.forEach((r, k) => expectSame(r, expected[k], `results[${k}]`));
  }, 60_000);

  it('an invalid spectrum: linKKBatch\'s EisError, and no job is added', async () => {
    const q = await look('kk-invalid');
    const bad = spectra.slice(0, 30).map((s) => ({ freq: s.freq, re: Float64Array.from(s.re), im: Float64Array.from(s.im) }));
    bad[21]!.re[5] = 0;
    bad[21]!.im[5] = 0;
    const expected = await rejection(linKKBatch(bad));
    const got = await rejection(submitLinKKBatch(bad, {}, { connection: { url: h.url }, queue: 'kk-invalid', chunkSize: 8 }));
    expect({ code: got.code, message: got.message, details: got.details }).toEqual({ code: expected.code, message: expected.message, details: expected.details });
    expect(got.message).toContain('spectra[21]');
    expect(await counts(q)).toEqual(none);
  });

  it('on the worker: a job made elsewhere with an invalid spectrum fails at once naming it by its batch index, as linKKBatch does; one with an option a queue does not take fails naming it', async () => {
    const q = await look('kk-forged');
    await h.worker('kk-forged');
    const good = spectra[0]!, bad = { freq: good.freq, re: Float64Array.from(good.re), im: Float64Array.from(good.im) };
    bad.re[5] = 0;
    bad.im[5] = 0;
    const add = (options: unknown, part: Spectrum[], offset: number) => h.failsAtOnce(q, packJobChunk({ kind: 'linkk', circuit: '', options, spectra: part }), offset);
    const e = await add({}, [good, bad], 64);
    const expected = await rejection(linKKBatch([...spectra.slice(0, 65), bad]));
    expect({ code: e.code, message: e.message, details: e.details }).toEqual({ code: expected.code, message: expected.message, details: expected.details });
    expect(e.message).toContain('spectra[65]');
    const o = await add({ backend: 'js' }, [good], 0);
    expect([o.code, o.details.argument]).toEqual(['E_ARG_RANGE', 'backend']);
  }, 30_000);

  it('a bad option is refused before any job: linKKBatch\'s error, or an option a queue cannot take (backend, onProgress) named', async () => {
    const q = await look('kk-options');
    const submit = (o: unknown) => rejection(submitLinKKBatch(spectra.slice(0, 4), o as never, { connection: { url: h.url }, queue: 'kk-options' }));
    for (const o of [{ c: () => 0.5 }, { c: 1.5 }, { maxM: Number.NaN }, { method: 'mu', M: 3 }]) {
      const expected = await rejection(linKKBatch(spectra.slice(0, 4), o as never));
      const got = await submit(o);
      expect({ code: got.code, message: got.message }).toEqual({ code: expected.code, message: expected.message });
    }
    for (const key of ['backend', 'engine', 'onProgress', 'chunkSize']) {
      const e = await submit({ [key]: key === 'onProgress' ? () => {} : 'js' });
      expect([e.code, e.details.argument]).toEqual(['E_ARG_RANGE', key]);
      expect(e.message).toMatch(new RegExp(`Unknown option \`${key}\``));
    }
    expect(await counts(q)).toEqual(none);
  });
});
