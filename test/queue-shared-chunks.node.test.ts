/**
 * Two submitters of the same batch share its chunks (content-hash ids, issue 15): one aborting
 * removes the waiting chunks the other waits for too. The other adds them again and, once a
 * worker comes, resolves with every result; a chunk that keeps vanishing is added again 3 times,
 * then the batch rejects with E_QUEUE instead of waiting forever. A resubmission whose results
 * are all in Redis reads them at most 4096 spectra's worth (~20 MB) per MGET.
 */
import { describe, expect, it } from 'vitest';
import type { Queue } from 'bullmq';
import { fitBatch, logFrequencies, parseCircuit, simulate, type Spectrum } from '../src/index.ts';
import { encodeResult } from '../src/queue/payload.ts';
import { submitFitBatch } from '../src/queue/index.ts';
import { rejection } from './helpers.ts';
import { queueHarness } from './queue-harness.ts';
import { REDIS } from './redis-server.ts';
import { expectSame } from './same-value.ts';

const circuit = parseCircuit('R0-p(R1,CPE1)-CPE2');
const f = logFrequencies(1e6, 1, 61);
const spectra: Spectrum[] = Array.from({ length: 12 }, (_, k) => simulate(circuit, f, [15 + k, 3e4, 5e-10, 0.9, 1e-6, 0.8], { noise: 0.005, seed: 1100 + k }));

describe.skipIf(!REDIS.available).sequential('eiskit/queue: chunks shared by two submitters', () => {
  const h = queueHarness();
  const open = async (name: string): Promise<Queue> => {
    const queue = await h.look(name);
    await queue.waitUntilReady();
    return queue;
  };
  const waitingIds = async (queue: Queue) => (await queue.getJobs(['waiting'])).map((j) => String(j.id)).sort();

  it('one submitter aborts while no worker runs: the other adds the removed chunks again and resolves with every result once a worker starts', async () => {
    const queue = await open('shared');
    const options = { connection: { url: h.url }, queue: 'shared', chunkSize: 4 };
    const quitter = new AbortController();
    const first = submitFitBatch(circuit, spectra, {}, { ...options, signal: quitter.signal });
    const second = submitFitBatch(circuit, spectra, {}, options);
    await expect.poll(() => queue.getJobCounts('waiting').then((c) => c.waiting), { timeout: 10_000 }).toBe(3);
    const ids = await waitingIds(queue);
    quitter.abort();
    expect((await rejection(first)).code).toBe('E_ABORTED'); // its chunks are removed before it rejects
    // the second submitter's reconcile pass (every second) finds them gone and adds them again
    await expect.poll(() => waitingIds(queue), { timeout: 5000 }).toEqual(ids);
    await h.worker('shared');
    const results = await second;
    const local = await fitBatch(circuit, spectra);
    expect(results).toHaveLength(spectra.length);
    results.forEach((r, k) => expectSame(r, local[k], `results[${k}]`));
  }, 60_000);

  it('a chunk removed each time it is added again: 3 more adds, then E_QUEUE naming the job', async () => {
    const queue = await open('vanishing');
    const submitted = submitFitBatch(circuit, spectra.slice(0, 2), {}, { connection: { url: h.url }, queue: 'vanishing' });
    submitted.catch(() => {});
    let removed = 0;
    let id = '';
    const settled = submitted.then(() => 'resolved', () => 'rejected');
    while ((await Promise.race([settled, new Promise((r) => setTimeout(r, 100))])) === undefined) {
      const [job] = await queue.getJobs(['waiting']);
      if (!job) continue;
      id = String(job.id);
      await job.remove();
      removed++;
    }
    const e = await rejection(submitted);
    expect(e.code).toBe('E_QUEUE');
    expect(e.message).toContain(`queued job ${id} is gone from queue "vanishing" without a result, again after it was added 3 more times`);
    expect(removed).toBe(4); // the first add and 3 more
  }, 30_000);

  it('a resubmitted batch of 5 chunks of 1024 spectra, every result in Redis: read in 2 MGETs (4096 spectra at most each), not 1', async () => {
    const queue = await open('reread');
    const big: Spectrum[] = spectra.slice(0, 5).flatMap((s) => Array.from({ length: 1024 }, () => s));
    const options = { connection: { url: h.url }, queue: 'reread', chunkSize: 1024 };
    // the chunks' ids, from a first submission that no worker serves
    const quitter = new AbortController();
    const first = submitFitBatch(circuit, big, {}, { ...options, signal: quitter.signal });
    first.catch(() => {});
    await expect.poll(() => queue.getJobCounts('waiting').then((c) => c.waiting), { timeout: 20_000 }).toBe(5);
    const jobs = (await queue.getJobs(['waiting'])).map((j) => ({ id: String(j.id), index: (JSON.parse(j.data as string) as { chunk: { index: number } }).chunk.index }));
    quitter.abort();
    await first.catch(() => {});
    // stand-in results (the submitter returns what the worker wrote), written as a worker writes them
    for (const { id, index } of jobs) {
      const stand = Array.from({ length: 1024 }, (_, k) => ({ chunk: index, k }));
      await h.client.set(`eiskit:result:${id}`, encodeResult({ jobId: id, batchId: 'eis-stand-in', index, results: stand, ms: 0 }));
    }
    const mgets = async () => Number(/cmdstat_mget:calls=(\d+)/.exec(await h.client.info('commandstats'))?.[1] ?? 0);
    const before = await mgets();
    const results = (await submitFitBatch(circuit, big, {}, options)) as unknown as { chunk: number; k: number }[];
    expect(await mgets()).toBe(before + 2);
    expect(results).toHaveLength(5 * 1024);
    expect(results.every((r, i) => r.chunk === Math.floor(i / 1024) && r.k === i % 1024)).toBe(true);
  }, 60_000);
});
