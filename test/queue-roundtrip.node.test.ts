/**
 * eiskit/queue end to end on a private redis-server (test/redis-server.ts): an in-process
 * startFitWorker and submitFitBatch against fitBatch in this thread — the same results bit for
 * bit, progress, idempotent resubmission, an invalid spectrum, a job from another eiskit version,
 * cancellation. Each case has a queue of its own, so a case's jobs never meet another's worker.
 */
import { describe, expect, it } from 'vitest';
import { fitBatch, logFrequencies, parseCircuit, simulate, type FitResult, type Spectrum } from '../src/index.ts';
import { decodeFailure } from '../src/queue/failure.ts';
import { setQueueIdentityForTests } from '../src/queue/identity.ts';
import { submitFitBatch } from '../src/queue/index.ts';
import { rejection } from './helpers.ts';
import { none, queueHarness } from './queue-harness.ts';
import { REDIS } from './redis-server.ts';
import { expectSame } from './same-value.ts';

const circuit = parseCircuit('R0-p(R1,CPE1)-CPE2');

/** Noisy pellet spectra (bench/fit-bench.ts pelletSet's truths, 0.5 % noise as bench/fit-noisy-bench.ts). */
function noisyPellets(count: number, seed = 7): Spectrum[] {
  const f = logFrequencies(1e6, 1, 61);
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const lu = (a: number, b: number) => 10 ** (Math.log10(a) + (Math.log10(b) - Math.log10(a)) * u());
  const uu = (a: number, b: number) => a + (b - a) * u();
  return Array.from({ length: count }, (_, k) => simulate(circuit, f, [lu(5, 50), lu(1e3, 1e5), lu(1e-10, 1e-9), uu(0.8, 0.98), lu(3e-7, 3e-6), uu(0.7, 0.95)], { noise: 0.005, seed: 1000 + k }));
}

describe.skipIf(!REDIS.available).sequential('eiskit/queue: submitFitBatch on startFitWorker', () => {
  const spectra = noisyPellets(300);
  let local: FitResult[];
  const h = queueHarness({ setup: async () => void (local = await fitBatch(circuit, spectra)) });
  const { look, counts } = h;

  it('300 noisy spectra in chunks of 64: every result the same bit for bit as fitBatch, progress monotone up to (300, 300); a resubmission adds no job', async () => {
    const q = await look('roundtrip');
    await h.worker('roundtrip');
    const seen: [number, number][] = [];
    const results = await submitFitBatch(circuit, spectra, {}, { connection: { url: h.url }, queue: 'roundtrip', chunkSize: 64, onProgress: (d, n) => void seen.push([d, n]) });
    expect(results).toHaveLength(300);
    results.forEach((r, k) => expectSame(r, local[k], `results[${k}]`));
    expect(seen.at(-1)).toEqual([300, 300]);
    for (let i = 1; i < seen.length; i++) expect(seen[i]![0]).toBeGreaterThan(seen[i - 1]![0]);
    expect(seen.every(([, n]) => n === 300)).toBe(true);
    // 5 chunks, each result written once under its key (completed jobs are removed: the keys serve)
    expect(await h.client.keys('eiskit:result:*')).toHaveLength(5);

    // nothing added, nothing run
    expect(await h.client.xlen('bull:roundtrip:events')).toBeGreaterThan(0);
    await h.addsNoJob(q, async () => {
      const again = await submitFitBatch(circuit, spectra, {}, { connection: { url: h.url }, queue: 'roundtrip', chunkSize: 64 });
      again.forEach((r, k) => expectSame(r, local[k], `again[${k}]`));
    });
  }, 120_000);

  it('options JSON cannot hold travel: bounds with Infinity and −0 give fitBatch\'s results bit for bit', async () => {
    await h.worker('infinite');
    const options = { bounds: { R0: [-0, Infinity] as [number, number], R1: [0, Infinity] as [number, number] }, fixed: { 'CPE2.alpha': 0.9 } };
    const some = spectra.slice(0, 12);
    const expected = await fitBatch(circuit, some, options);
    const results = await submitFitBatch(circuit, some, options, { connection: { url: h.url }, queue: 'infinite', chunkSize: 5 });
    results.forEach((r, k) => expectSame(r, expected[k], `results[${k}]`));
    // the options reached the worker (the fixed value holds)
    expect(results[0]!.params[5]).toBe(0.9);
  }, 60_000);

  it('a spectrum field that cannot travel (a Date) is refused before any job, named by its index in the batch', async () => {
    const q = await look('date-field');
    const some: Spectrum[] = spectra.slice(0, 10).map((s) => ({ ...s }));
    (some[7] as unknown as { when: Date }).when = new Date(0);
    const e = await rejection(submitFitBatch(circuit, some, {}, { connection: { url: h.url }, queue: 'date-field', chunkSize: 4 }));
    expect([e.code, e.details.argument, e.details.spectrum]).toEqual(['E_ARG_TYPE', 'spectra[7].when', 7]);
    expect(await counts(q)).toEqual(none);
  });

  it('an invalid spectrum rejects with the same code, message and details as fitBatch, and no job is added', async () => {
    const q = await look('invalid');
    const bad = spectra.slice(0, 20).map((s) => ({ freq: s.freq, re: Float64Array.from(s.re), im: s.im }));
    bad[7]!.re[3] = Number.NaN;
    const expected = await rejection(fitBatch(circuit, bad));
    const got = await rejection(submitFitBatch(circuit, bad, {}, { connection: { url: h.url }, queue: 'invalid' }));
    expect({ code: got.code, message: got.message, details: got.details }).toEqual({ code: expected.code, message: expected.message, details: expected.details });
    expect(got.message).toMatch(/^spectra\[7\]: /);
    expect(await counts(q)).toEqual(none);
  });

  it('a batch from another eiskit version: the worker refuses it on the first attempt, the submitter rejects with E_VERSION naming both', async () => {
    const q = await look('version');
    await h.worker('version');
    setQueueIdentityForTests({ eiskitVersion: '0.0.0-test', wasmHash: 'test-hash' });
    // the submitter reads the identity when called: its jobs are 0.0.0-test's, the worker is this eiskit
    const submitted = submitFitBatch(circuit, spectra.slice(0, 10), {}, { connection: { url: h.url }, queue: 'version' });
    setQueueIdentityForTests(null);
    const e = await rejection(submitted);
    expect(e.code).toBe('E_VERSION');
    expect(e.message).toContain('0.0.0-test');
    expect(e.message).toMatch(/eiskit "\d+\.\d+\.\d+/);
    const [failed] = await q.getJobs(['failed']);
    expect(failed!.attemptsMade).toBe(1);
    expect(decodeFailure(failed!.failedReason).code).toBe('E_VERSION');
  });

  it('abort: rejects with E_ABORTED and removes the chunks no worker took', async () => {
    const q = await look('abort'); // no worker on this queue: every chunk waits
    const controller = new AbortController();
    const submitted = submitFitBatch(circuit, spectra.slice(0, 100), {}, { connection: { url: h.url }, queue: 'abort', chunkSize: 10, signal: controller.signal });
    await expect.poll(async () => (await counts(q)).waiting, { timeout: 10_000 }).toBe(10);
    const t0 = performance.now();
    controller.abort();
    const e = await rejection(submitted);
    expect(e.code).toBe('E_ABORTED');
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(await counts(q)).toEqual(none);
  });
});
