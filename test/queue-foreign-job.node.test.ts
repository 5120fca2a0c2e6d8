/**
 * Jobs eiskit did not make (issue 15), added by hand with a raw `queue.add` to a queue a worker
 * serves: text that is not JSON, data that is not text, a foreign schema, a later schema of
 * eiskit's, a job of another eiskit version, and a valid job under an id that is not its content
 * hash. Each fails on its first attempt although it may take 3 (attemptsMade 1, no retry), its
 * failedReason an EisError (E_QUEUE or E_VERSION) naming the problem; the worker keeps running
 * and then fits a real batch, the same bits as fitBatch.
 */
import { describe, expect, it } from 'vitest';
import { fitBatch, logFrequencies, parseCircuit, simulate, type Spectrum } from '../src/index.ts';
import { decodeFailure } from '../src/queue/failure.ts';
import { encodeJob, packJobChunk } from '../src/queue/payload.ts';
import { submitFitBatch } from '../src/queue/index.ts';
import { queueHarness } from './queue-harness.ts';
import { REDIS } from './redis-server.ts';
import { expectSame } from './same-value.ts';

const circuit = parseCircuit('R0-p(R1,CPE1)-CPE2');
const f = logFrequencies(1e6, 1, 61);
const spectra: Spectrum[] = Array.from({ length: 8 }, (_, k) => simulate(circuit, f, [20 + k, 2e4, 5e-10, 0.9, 1e-6, 0.8], { noise: 0.005, seed: 900 + k }));

describe.skipIf(!REDIS.available).sequential('eiskit/queue: jobs eiskit did not make', () => {
  const h = queueHarness();

  it('each fails at once without retry, with an E_QUEUE or E_VERSION naming the problem; the worker then fits a real batch', async () => {
    const { queue, events } = await h.open('foreign');
    await h.worker('foreign');

    const real = packJobChunk({ kind: 'fit', circuit: circuit.toString(), options: {}, spectra: spectra.slice(0, 2) });
    const realText = encodeJob(real, { batchId: 'eis-hand', index: 0, offset: 0 });
    const old = packJobChunk({ kind: 'fit', circuit: circuit.toString(), options: {}, spectra: spectra.slice(0, 2), identity: { eiskitVersion: '0.0.1', wasmHash: 'feedfacefeedface' } });
    const cases: { id: string; data: unknown; code: string; message: RegExp }[] = [
      { id: 'not-json', data: 'fit these {', code: 'E_QUEUE', message: /a queued job cannot be read: not JSON/ },
      { id: 'an-object', data: { circuit: 'R0', spectra: [] }, code: 'E_QUEUE', message: /a queued job cannot be read: it is .*, not JSON text/ },
      { id: 'foreign-schema', data: JSON.stringify({ schema: 'acme-job/1', circuit: 'R0' }), code: 'E_QUEUE', message: /its schema is "acme-job\/1", not "eiskit-batch-job\/1"/ },
      { id: 'later-schema', data: realText.replace('"eiskit-batch-job/1"', '"eiskit-batch-job/2"'), code: 'E_VERSION', message: /schema "eiskit-batch-job\/2" .* which reads "eiskit-batch-job\/1"/ },
      { id: 'eiskit-0.0.1', data: encodeJob(old, { batchId: 'eis-old', index: 0, offset: 0 }), code: 'E_VERSION', message: /made by eiskit "0\.0\.1" \(WASM "feedfacefeedface"\) reached eiskit "\d+\.\d+\.\d+/ },
      { id: 'not-its-hash', data: realText, code: 'E_QUEUE', message: /job's id "not-its-hash" is not the hash of its content/ },
    ];
    const failed = new Map<string, string>();
    const all = new Promise<void>((resolve) => events.on('failed', ({ jobId, failedReason }) => {
      failed.set(jobId, failedReason);
      if (failed.size === cases.length) resolve();
    }));
    for (const c of cases) await queue.add('fit', c.data, { jobId: c.id, attempts: 3, backoff: { type: 'fixed', delay: 100 } });
    await all;
    for (const c of cases) {
      const job = (await queue.getJob(c.id))!;
      expect(await job.getState(), c.id).toBe('failed');
      expect(job.attemptsMade, c.id).toBe(1);
      const e = decodeFailure(failed.get(c.id));
      expect(e.code, c.id).toBe(c.code);
      expect(e.message, c.id).toMatch(c.message);
    }

    const local = await fitBatch(circuit, spectra);
    const results = await submitFitBatch(circuit, spectra, {}, { connection: { url: h.url }, queue: 'foreign', chunkSize: 3, signal: AbortSignal.timeout(30_000) });
    results.forEach((r, k) => expectSame(r, local[k], `results[${k}]`));
  }, 60_000);
});
