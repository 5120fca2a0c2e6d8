/**
 * The lock of a long job is renewed (issue 15), told apart from a stall check that merely came
 * late: a worker with a 1 s lock and a 0.5 s stalled interval runs a job whose pool thread is busy
 * for 3 s. Every 50 ms the test reads, in one MULTI, the lock key's PTTL and whether the job is
 * still in the active list: while it is, the PTTL never reaches 0 (it expires after 1 s if not
 * renewed, and the stall check would then take the job back) and it goes back up several times.
 * The worker's event loop meanwhile never waits more than 250 ms (the work is in the pool thread).
 *
 * Checked once by hand against a worker that does not renew (BullMQ's lockRenewTime set to an
 * hour in src/queue/worker.ts): the PTTL fell from 962 to 48 and then read -2 (the key gone) for
 * half a second while the job was still listed active, until the stall check took it: the test failed.
 */
import { describe, expect, it } from 'vitest';
import { fitBatch, logFrequencies, parseCircuit, simulate, type Spectrum } from '../src/index.ts';
import { setWorkerScriptForTests } from '../src/runtime/workers.ts';
import { submitFitBatch } from '../src/queue/index.ts';
import { setJobHookForTests } from '../src/queue/worker.ts';
import { queueHarness, watchEventLoop } from './queue-harness.ts';
import { REDIS } from './redis-server.ts';
import { expectSame } from './same-value.ts';

const circuit = parseCircuit('R0-p(R1,CPE1)-CPE2');
const f = logFrequencies(1e6, 1, 61);
const spectra: Spectrum[] = Array.from({ length: 5 }, (_, k) => simulate(circuit, f, [30 + k, 1e4, 5e-10, 0.9, 1e-6, 0.8], { noise: 0.005, seed: 1300 + k }));

describe.skipIf(!REDIS.available).sequential('eiskit/queue: lock renewal', () => {
  const h = queueHarness({
    teardown: () => {
      setJobHookForTests(undefined);
      setWorkerScriptForTests(undefined);
    },
  });

  it('a job 3× longer than its 1 s lock: the lock key\'s PTTL stays above 0 and is renewed while the job is active; the event loop stays free', async () => {
    const local = await fitBatch(circuit, spectra);
    const { workerSource } = await import('../src/runtime/generated/worker-source.ts');
    setWorkerScriptForTests(workerSource.replace(/^"use strict";/, (strict) => `${strict}Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3000);`));
    let jobId: string | undefined;
    setJobHookForTests((id) => void (jobId = id));
    await h.worker('lock', { lockDuration: 1000, stalledInterval: 500 });

    const loop = watchEventLoop();
    let done = false;
    const submitted = submitFitBatch(circuit, spectra, {}, { connection: { url: h.url }, queue: 'lock' }).finally(() => (done = true));
    const samples: number[] = []; // the lock's PTTL, while the job is in the active list
    try {
      while (!done) {
        if (jobId !== undefined) {
          const [[, pttl], [, at]] = (await h.client.multi().pttl(`bull:lock:${jobId}:lock`).lpos('bull:lock:active', jobId).exec()) as [[null, number], [null, number | null]];
          if (at !== null) samples.push(pttl);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      loop.stop();
    }
    const results = await submitted;
    results.forEach((r, k) => expectSame(r, local[k], `results[${k}]`));

    expect(Math.min(...samples)).toBeGreaterThan(0); // never expired (-2: gone; -1 cannot happen, BullMQ sets PX)
    expect(samples.length).toBeGreaterThan(40); // about 3 s of samples: three lock durations
    const rises = samples.filter((p, i) => i > 0 && p > samples[i - 1]!).length;
    expect(rises).toBeGreaterThanOrEqual(4); // renewed every ~0.5 s (lockRenewTime = lockDuration / 2)
    expect(loop.longest).toBeLessThan(250);
  }, 30_000);
});
