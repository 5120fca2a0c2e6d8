/**
 * eiskit/queue's failure semantics on a private redis-server (test/redis-server.ts): input errors
 * found by a worker fail a job on its first attempt with their EisError; a fault of the machine
 * (a pool thread that dies) is retried and the batch still ends with fitBatch's results; a fit
 * that keeps its pool thread busy longer than the lock lasts is not taken for a stalled job (the
 * BullMQ thread renews the lock); Redis unreachable and missing packages are typed errors at once,
 * and Redis lost mid-batch is E_QUEUE once the submitter stops reconnecting.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fitBatch, logFrequencies, parseCircuit, simulate, type Spectrum } from '../src/index.ts';
import { setWorkerScriptForTests } from '../src/runtime/workers.ts';
import { connectRedis, loadBullmq, setMissingModulesForTests } from '../src/queue/deps.ts';
import { decodeFailure } from '../src/queue/failure.ts';
import { encodeJob, packJobChunk } from '../src/queue/payload.ts';
import { startFitWorker, submitFitBatch } from '../src/queue/index.ts';
import { rejection } from './helpers.ts';
import { queueHarness } from './queue-harness.ts';
import { freePort, REDIS, startRedis } from './redis-server.ts';
import { expectSame } from './same-value.ts';

const circuit = parseCircuit('R0-p(R1,CPE1)-CPE2');
const f = logFrequencies(1e6, 1, 61);
const spectra: Spectrum[] = Array.from({ length: 40 }, (_, k) => simulate(circuit, f, [10 + k, 1e4, 5e-10, 0.9, 1e-6, 0.8], { noise: 0.005, seed: 500 + k }));

describe.skipIf(!REDIS.available).sequential('eiskit/queue failures', () => {
  const h = queueHarness();
  const { worker, open } = h;
  afterEach(() => {
    setWorkerScriptForTests(undefined);
    setMissingModulesForTests([]);
  });
  /** A job's text as the submitter would write it, for `circuitText`. */
  const jobText = (circuitText: string) => {
    const chunk = packJobChunk({ kind: 'fit', circuit: circuitText, options: {}, spectra: spectra.slice(0, 3) });
    return { id: chunk.id, text: encodeJob(chunk, { batchId: 'eis-test', index: 0, offset: 0 }) };
  };

  it('a job whose circuit does not parse fails on its first attempt with E_SYNTAX; a job whose id is not its content with E_QUEUE', async () => {
    const { queue, events } = await open('input-errors');
    await worker('input-errors');
    const failed = new Map<string, string>();
    const both = new Promise<void>((resolve) => events.on('failed', ({ jobId, failedReason }) => {
      failed.set(jobId, failedReason);
      if (failed.size === 2) resolve();
    }));
    const bad = jobText('R0-p(R1');
    const good = jobText('R0-p(R1,CPE1)-CPE2');
    await queue.add('fit', bad.text, { jobId: bad.id, attempts: 3 });
    await queue.add('fit', good.text, { jobId: 'eis-not-its-hash', attempts: 3 });
    await both;
    expect(decodeFailure(failed.get(bad.id)).code).toBe('E_SYNTAX');
    const forged = decodeFailure(failed.get('eis-not-its-hash'));
    expect(forged.code).toBe('E_QUEUE');
    expect(forged.message).toMatch(/not the hash of its content/);
    for (const id of [bad.id, 'eis-not-its-hash']) expect((await queue.getJob(id))!.attemptsMade).toBe(1);
  });

  it('a pool thread that dies is a fault of the machine: the chunk is retried and the batch ends with fitBatch\'s results', async () => {
    const { queue } = await open('retry');
    const local = await fitBatch(circuit, spectra);
    setWorkerScriptForTests("import('node:worker_threads').then(({ parentPort }) => parentPort.on('message', () => { throw new Error('boom in the pool'); }));");
    await worker('retry');
    const submitted = submitFitBatch(circuit, spectra, {}, { connection: { url: h.url }, queue: 'retry' });
    // the first attempt failed and waits for its retry (exponential backoff, 1 s)
    await expect.poll(async () => (await queue.getJobs(['delayed'])).length, { timeout: 10_000 }).toBe(1);
    const [delayed] = await queue.getJobs(['delayed']);
    expect(decodeFailure(delayed!.failedReason).code).toBe('E_WORKER');
    setWorkerScriptForTests(undefined);
    const results = await submitted;
    results.forEach((r, k) => expectSame(r, local[k], `results[${k}]`));
  }, 30_000);

  it('a pool thread busy for 3 s, three times the 1 s lock, completes its job once, never stalled', async () => {
    const { events } = await open('lock');
    const local = await fitBatch(circuit, spectra.slice(0, 5));
    const { workerSource } = await import('../src/runtime/generated/worker-source.ts');
    // the pool thread blocks for 3 s before it loads (a long WASM call, as far as BullMQ can tell)
    const blocked = 'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3000);';
    setWorkerScriptForTests(workerSource.replace(/^"use strict";/, (strict) => strict + blocked));
    await worker('lock', { lockDuration: 1000, stalledInterval: 500 });
    const seen: string[] = [];
    for (const event of ['stalled', 'completed', 'active'] as const) events.on(event, () => void seen.push(event));
    const results = await submitFitBatch(circuit, spectra.slice(0, 5), {}, { connection: { url: h.url }, queue: 'lock' });
    results.forEach((r, k) => expectSame(r, local[k], `results[${k}]`));
    await new Promise((r) => setTimeout(r, 200)); // events still in flight
    expect(seen).toEqual(['active', 'completed']);
  }, 30_000);

  it('Redis unreachable: submitFitBatch and startFitWorker reject with E_QUEUE within 2 s, naming the URL without its password', async () => {
    const closed = `redis://user:s3cret@127.0.0.1:${await freePort()}`;
    for (const attempt of [
      () => submitFitBatch(circuit, spectra, {}, { connection: { url: closed } }),
      () => startFitWorker({ connection: { url: closed } }),
    ]) {
      const t0 = performance.now();
      const e = await rejection(attempt());
      expect(performance.now() - t0).toBeLessThan(2000);
      expect(e.code).toBe('E_QUEUE');
      expect(e.message).toContain('127.0.0.1');
      expect(e.message).not.toContain('s3cret');
    }
  });

  it('Redis lost mid-batch: the submitter gives up after about 10 s with E_QUEUE, and settles', async () => {
    const other = await startRedis();
    try {
      const { Queue: QueueClass } = await loadBullmq();
      const watcher = await connectRedis({ url: other.url }, 'submitter');
      const q = new QueueClass('lost', { connection: watcher });
      const submitted = submitFitBatch(circuit, spectra, {}, { connection: { url: other.url }, queue: 'lost', chunkSize: 10 });
      submitted.catch(() => {});
      await expect.poll(async () => (await q.getJobCounts('waiting')).waiting, { timeout: 10_000 }).toBe(4); // no worker: the chunks wait
      await q.close();
      watcher.disconnect();
      const t0 = performance.now();
      await other.stop();
      const e = await rejection(submitted);
      expect(e.code).toBe('E_QUEUE');
      expect(e.message).toContain(other.url);
      expect(performance.now() - t0).toBeLessThan(15_000);
    } finally {
      await other.stop();
    }
  }, 40_000);

  it('bullmq or ioredis missing: E_MISSING_DEPENDENCY saying what to install', async () => {
    setMissingModulesForTests(['bullmq']);
    const e = await rejection(startFitWorker({ connection: { url: h.url } }));
    expect(e.code).toBe('E_MISSING_DEPENDENCY');
    expect(e.message).toContain('npm install bullmq@^6.7.6 ioredis@^5.11.1');
    setMissingModulesForTests(['ioredis']);
    expect((await rejection(submitFitBatch(circuit, spectra, {}, { connection: { url: h.url }, queue: 'missing' }))).code).toBe('E_MISSING_DEPENDENCY');
  });
});
