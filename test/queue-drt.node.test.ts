/**
 * The DRT over eiskit/queue: submitDrtBatch on an in-process startFitWorker against drtBatch in
 * this thread (WASM) — the same results bit for bit (default, a credible band, TR-NNLS),
 * idempotent resubmission, an invalid spectrum or option refused before any job, and every option
 * family's results through the packer.
 */
import { describe, expect, it } from 'vitest';
import { drtBatch, logFrequencies, parseCircuit, simulate, type DrtResult, type Spectrum } from '../src/index.ts';
import { packJobChunk } from '../src/queue/payload.ts';
import { submitDrtBatch } from '../src/queue/index.ts';
import { ensureInit, rejection } from './helpers.ts';
import { none, packerRoundTrip, queueHarness, watchEventLoop } from './queue-harness.ts';
import { REDIS } from './redis-server.ts';
import { expectSame } from './same-value.ts';

const circuit = parseCircuit('R0-p(R1,CPE1)-p(R2,CPE2)');
const blocking = parseCircuit('R0-p(R1,CPE1)-C2');

/** Two-arc spectra, 0.5 % noise, the arcs' time constants and sizes varied. */
function arcs(count: number, points = 41): Spectrum[] {
  const f = logFrequencies(1e6, 0.1, points);
  return Array.from({ length: count }, (_, k) => simulate(circuit, f, [5 + (k % 9), 800 + 37 * k, 2e-9 * (1 + (k % 4)), 0.9, 4e3 + 11 * k, 3e-6, 0.8 + 0.01 * (k % 10)], { noise: 0.005, seed: 9000 + k }));
}

describe('DRT results cross the packer', () => {
  it('every option family (bands, TR-NNLS, fixed λ, modes, scores, a blocking tail, crops): the same bits back', async () => {
    await ensureInit();
    const spectra = [...arcs(2), simulate(blocking, logFrequencies(1e6, 0.01, 50), [10, 1e3, 1e-8, 0.9, 1e-5], { noise: 0.002, seed: 3 })];
    const families = [{}, { credible: true }, { credible: { method: 'hmc', samples: 100, burnIn: 20, seed: 4 } }, { method: 'tr-nnls' }, { method: 'tr-nnls', mode: 'imag' },
      { lambda: 1e-3 }, { mode: 'real' }, { mode: 'imag', inductance: false }, { lambdaMethod: 'lcurve' }, { lambdaMethod: 're-im', penalty: 2 }, { lambdaRule: 'argmin', freeColumns: true, rbfShape: 0.7 },
      { fmin: 1, fmax: 1e5, peakThreshold: 0.2 }] as const;
    for (const options of families) {
      const results = await drtBatch(spectra, options);
      const back = packerRoundTrip(results);
      results.forEach((r, k) => expectSame(r, back[k], `${JSON.stringify(options)}[${k}]`));
    }
  }, 60_000);
});

describe.skipIf(!REDIS.available).sequential('eiskit/queue: submitDrtBatch on startFitWorker', () => {
  const spectra = arcs(100);
  let local: DrtResult[];
  const h = queueHarness({
    setup: async () => {
      local = await drtBatch(spectra);
      await h.worker('drt');
    },
  });
  const { look, counts } = h;

  it('100 noisy spectra in chunks of 25: every result the same bit for bit as drtBatch (WASM), progress up to (100, 100); a resubmission adds no job', async () => {
    const q = await look('drt');
    const seen: [number, number][] = [];
    const results = await submitDrtBatch(spectra, {}, { connection: { url: h.url }, queue: 'drt', chunkSize: 25, onProgress: (d, n) => void seen.push([d, n]) });
    expect(results).toHaveLength(100);
    results.forEach((r, k) => expectSame(r, local[k], `results[${k}]`));
    expect(results.every((r) => r.backend === 'wasm' && r.peaks.length > 0)).toBe(true);
    expect(seen.at(-1)).toEqual([100, 100]);

    await h.addsNoJob(q, async () => {
      const again = await submitDrtBatch(spectra, {}, { connection: { url: h.url }, queue: 'drt', chunkSize: 25 });
      again.forEach((r, k) => expectSame(r, local[k], `again[${k}]`));
    });
  }, 120_000);

  it('a credible band and TR-NNLS: the same results as drtBatch with them', async () => {
    for (const options of [{ credible: true, fmin: 1 }, { method: 'tr-nnls' }] as const) {
      const some = spectra.slice(0, 10);
      const expected = await drtBatch(some, options);
      const results = await submitDrtBatch(some, options, { connection: { url: h.url }, queue: 'drt', chunkSize: 4 });
      results.forEach((r, k) => expectSame(r, expected[k], `${JSON.stringify(options)}[${k}]`));
    }
    expect((await submitDrtBatch(spectra.slice(0, 2), { credible: true, fmin: 1 }, { connection: { url: h.url }, queue: 'drt' }))[0]!.lower).toBeInstanceOf(Float64Array);
  }, 60_000);

  it('an invalid spectrum: drtBatch\'s EisError (a repeated frequency, naming the spectrum), and no job is added', async () => {
    const q = await look('drt-invalid');
    const bad = spectra.slice(0, 40).map((s) => ({ freq: Float64Array.from(s.freq), re: s.re, im: s.im }));
    bad[33]!.freq[7] = bad[33]!.freq[6]!;
    const expected = await rejection(drtBatch(bad));
    const got = await rejection(submitDrtBatch(bad, {}, { connection: { url: h.url }, queue: 'drt-invalid', chunkSize: 8 }));
    expect({ code: got.code, message: got.message, details: got.details }).toEqual({ code: expected.code, message: expected.message, details: expected.details });
    expect(got.details.spectrum).toBe(33);
    expect(await counts(q)).toEqual(none);
  });

  it('a one-job batch longer than the lock (1 s): the event loop gets a turn between DRTs, so the lock is renewed and the job never stalls', async () => {
    const listener = await h.listen('drt-lock');
    const stalled: string[] = [];
    listener.events.on('stalled', ({ jobId }) => void stalled.push(jobId));
    await h.worker('drt-lock', { lockDuration: 1000, stalledInterval: 500 });
    const long = arcs(150, 81);
    const options = { credible: true } as const;
    const t0 = performance.now();
    const expected = await drtBatch(long, options);
    const localMs = performance.now() - t0;
    const loop = watchEventLoop();
    try {
      const results = await submitDrtBatch(long, options, { connection: { url: h.url }, queue: 'drt-lock', chunkSize: 256 });
      results.forEach((r, k) => expectSame(r, expected[k], `results[${k}]`));
    } finally {
      loop.stop();
      await listener.close();
    }
    expect(localMs).toBeGreaterThan(500); // long enough to matter (about 1.3 s here)
    expect(loop.longest).toBeLessThan(500); // below lockDuration / 2: BullMQ's renewal timer ran
    expect(stalled).toEqual([]);
  }, 60_000);

  it('on the worker: a job made elsewhere with a repeated frequency fails at once naming the spectrum by its batch index, as drtBatch does', async () => {
    const q = await look('drt-forged');
    await h.worker('drt-forged');
    const bad = { freq: Float64Array.from(spectra[1]!.freq), re: spectra[1]!.re, im: spectra[1]!.im };
    bad.freq[7] = bad.freq[6]!;
    const chunk = packJobChunk({ kind: 'drt', circuit: '', options: {}, spectra: [spectra[0]!, bad] });
    const e = await h.failsAtOnce(q, chunk, 10);
    const expected = await rejection(drtBatch([...spectra.slice(0, 11), bad]));
    expect({ code: e.code, message: e.message, details: e.details }).toEqual({ code: expected.code, message: expected.message, details: expected.details });
    expect(e.details.spectrum).toBe(11);
  }, 30_000);

  it('a bad option is refused before any job: drtBatch\'s error, or an option a queue cannot take named', async () => {
    const q = await look('drt-options');
    const some = spectra.slice(0, 4);
    const submit = (o: unknown) => rejection(submitDrtBatch(some, o as never, { connection: { url: h.url }, queue: 'drt-options' }));
    for (const o of [{ lambda: () => 1 }, { lambda: Number.POSITIVE_INFINITY }, { method: 'tr-nnls', credible: true }, { credible: { samples: 5 } }, { peakThreshold: Number.NaN }]) {
      const expected = await rejection(drtBatch(some, o as never));
      const got = await submit(o);
      expect({ code: got.code, message: got.message }).toEqual({ code: expected.code, message: expected.message });
    }
    for (const key of ['backend', 'engine', 'onProgress', 'chunkSize', 'signal']) {
      const e = await submit({ [key]: key === 'onProgress' ? () => {} : 'js' });
      expect([e.code, e.details.argument]).toEqual(['E_ARG_RANGE', key]);
    }
    expect(await counts(q)).toEqual(none);
  });
});
