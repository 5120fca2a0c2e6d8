/**
 * Stopping a worker at once (issue 15), on a private redis-server: close(true) while a close() is
 * still waiting for a running job escalates (it does not return the waiting close's promise
 * unchanged): the job goes back to the queue with no attempt counted, another worker completes
 * it exactly once, and the batch ends with fitBatch's results. The same through the command
 * line: `eiskit worker` (a process, its pool thread busy) gets SIGINT twice and exits 130 within
 * seconds, not after its fit.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { fitBatch, logFrequencies, parseCircuit, simulate, type Spectrum } from '../src/index.ts';
import { connectRedis, loadBullmq } from '../src/queue/deps.ts';
import { type FitWorker, startFitWorker, submitFitBatch } from '../src/queue/index.ts';
import { setJobHookForTests } from '../src/queue/worker.ts';
import { ensureInit } from './helpers.ts';
import { REDIS, type RedisServer, startRedis } from './redis-server.ts';
import { expectSame } from './same-value.ts';

const circuit = parseCircuit('R0-p(R1,CPE1)-CPE2');
const f = logFrequencies(1e6, 1, 61);
const spectra: Spectrum[] = Array.from({ length: 6 }, (_, k) => simulate(circuit, f, [10 + k, 1e4, 5e-10, 0.9, 1e-6, 0.8], { noise: 0.005, seed: 700 + k }));
const BUNDLE = `build/cli-worker-${process.pid}.mjs`;

/** `promise`'s outcome, or 'pending' if it has not settled within `ms`. */
const within = <T>(promise: Promise<T>, ms: number): Promise<T | 'pending'> =>
  Promise.race([promise, new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), ms))]);

describe.skipIf(!REDIS.available).sequential('eiskit/queue: a worker stopped at once', () => {
  let server: RedisServer;
  let client: Redis;
  const closers: (() => Promise<unknown>)[] = [];
  const children: ChildProcess[] = [];
  let local: unknown[];

  beforeAll(async () => {
    await ensureInit();
    server = await startRedis();
    client = await connectRedis({ url: server.url }, 'submitter');
    local = await fitBatch(circuit, spectra);
    await build({ entryPoints: ['test/fixtures/cli-worker.ts'], bundle: true, format: 'esm', platform: 'node', target: 'node20', external: ['bullmq', 'ioredis'], outfile: BUNDLE, logLevel: 'silent' });
  }, 60_000);
  afterAll(async () => {
    setJobHookForTests(undefined);
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const close of closers) await close();
    client?.disconnect();
    await server?.stop();
    rmSync(BUNDLE, { force: true });
  });

  /** The queue `name` and its events, counting each job's `completed` events. */
  const open = async (name: string): Promise<{ queue: Queue; events: QueueEvents; completed: Map<string, number>; active: Promise<string> }> => {
    const { Queue: QueueClass, QueueEvents: EventsClass } = await loadBullmq();
    const eventsClient = client.duplicate();
    const queue = new QueueClass(name, { connection: client });
    const events = new EventsClass(name, { connection: eventsClient });
    closers.push(() => queue.close(), () => events.close().then(() => eventsClient.disconnect()));
    const completed = new Map<string, number>();
    events.on('completed', ({ jobId }) => void completed.set(jobId, (completed.get(jobId) ?? 0) + 1));
    const active = new Promise<string>((resolve) => events.once('active', ({ jobId }) => resolve(jobId)));
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    return { queue, events, completed, active };
  };
  const worker = async (queue: string): Promise<FitWorker> => {
    const w = await startFitWorker({ connection: { url: server.url }, queue });
    closers.unshift(() => w.close());
    return w;
  };
  /** After the batch: its one job completed exactly once, one result key, the results those of fitBatch. */
  const expectDoneOnce = async (results: unknown[], jobId: string, completed: Map<string, number>, queue: Queue) => {
    expect(results).toHaveLength(spectra.length - 1);
    results.forEach((r, k) => expectSame(r, local[k], `results[${k}]`));
    await expect.poll(() => completed.get(jobId), { timeout: 5000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 300)); // a second completion would arrive meanwhile
    expect(completed.get(jobId)).toBe(1);
    expect(await client.keys(`eiskit:result:${jobId}`)).toHaveLength(1);
    expect(await queue.getJobState(jobId)).toBe('unknown'); // completed and removed (removeOnComplete)
  };

  it('close(true) during a close() that waits for a running job: the job goes back to the queue at once, another worker completes it once', async () => {
    const { queue, completed, active } = await open('close-force');
    let open_!: () => void;
    const gate = new Promise<void>((resolve) => (open_ = resolve));
    const started = new Promise<void>((resolve) => setJobHookForTests(() => {
      resolve();
      return gate; // the first worker's job runs until the gate opens
    }));
    const a = await startFitWorker({ connection: { url: server.url }, queue: 'close-force' });
    const submitted = submitFitBatch(circuit, spectra.slice(0, -1), {}, { connection: { url: server.url }, queue: 'close-force' });
    const jobId = await active;
    await started;
    setJobHookForTests(undefined);
    const graceful = a.close();
    expect(await within(graceful, 500)).toBe('pending'); // it waits for the job
    const t0 = performance.now();
    expect(await within(a.close(true), 5000)).toBeUndefined(); // a memoized close() would still be waiting here
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(await within(graceful, 100)).toBeUndefined();
    const job = (await queue.getJob(jobId))!;
    expect(await job.getState()).toBe('waiting');
    expect(job.attemptsMade).toBe(0);
    expect(await client.exists(`bull:close-force:${jobId}:lock`)).toBe(0);

    await worker('close-force');
    const results = await submitted;
    open_(); // the first worker's processor goes on: its result write fails quietly (its connection is closed)
    await expectDoneOnce(results, jobId, completed, queue);
  }, 60_000);

  it('eiskit worker, its pool thread busy in a job, gets SIGINT twice: exit 130 within seconds, the job completed once by another worker', async () => {
    const { queue, completed, active } = await open('cli-close');
    const child = spawn(process.execPath, [BUNDLE, 'worker', '--redis', server.url, '--queue', 'cli-close'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, EISKIT_TEST_POOL_BLOCK_MS: '600000' } });
    children.push(child);
    let out = '', err = '';
    child.stdout!.on('data', (b: Buffer) => void (out += b.toString()));
    child.stderr!.on('data', (b: Buffer) => void (err += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await expect.poll(() => out, { timeout: 20_000 }).toContain('ready');
    // not the first test's batch: its result would be served from Redis, and no job added
    const submitted = submitFitBatch(circuit, spectra.slice(1), {}, { connection: { url: server.url }, queue: 'cli-close' });
    const jobId = await active;
    await new Promise((r) => setTimeout(r, 300)); // the fit has reached the blocked pool thread
    child.kill('SIGINT');
    await expect.poll(() => err, { timeout: 5000 }).toContain('finishing the running jobs');
    expect(await within(exited, 1000)).toBe('pending'); // a graceful stop waits for the job (10 minutes here)
    const t0 = performance.now();
    child.kill('SIGINT');
    expect(await within(exited, 8000)).toBe(130);
    expect(performance.now() - t0).toBeLessThan(5000); // by the clean close, not by the 10 s fallback
    expect(out).toMatch(/eiskit worker: stopped at once, queue "cli-close" on redis:\/\/127\.0\.0\.1:\d+; its running jobs went back to the queue\n$/);
    const job = (await queue.getJob(jobId))!;
    expect(await job.getState()).toBe('waiting');
    expect(job.attemptsMade).toBe(0);

    await worker('cli-close');
    const results = await submitted;
    local.shift(); // fitBatch's results of spectra.slice(1)
    await expectDoneOnce(results, jobId, completed, queue);
  }, 90_000);

  it('close() with Redis gone: settles within seconds (it does not wait for a reconnection), also with close(true) after it', async () => {
    const gone = await startRedis();
    try {
      const w = await startFitWorker({ connection: { url: gone.url }, queue: 'gone' });
      const w2 = await startFitWorker({ connection: { url: gone.url }, queue: 'gone' });
      await gone.stop();
      await new Promise((r) => setTimeout(r, 300)); // the clients notice and start reconnecting
      const t0 = performance.now();
      expect(await within(w.close(), 20_000)).toBeUndefined();
      const first = w2.close();
      expect(await within(w2.close(true), 20_000)).toBeUndefined();
      expect(await within(first, 1000)).toBeUndefined();
      expect(performance.now() - t0).toBeLessThan(20_000);
    } finally {
      await gone.stop();
    }
  }, 60_000);
});
