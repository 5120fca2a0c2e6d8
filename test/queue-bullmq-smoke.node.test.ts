/**
 * The ground eiskit/queue (issue 15) stands on, with plain BullMQ and no eiskit code: the pinned
 * bullmq 6.7.6 and ioredis 5.11.1 against Debian's redis-server on a private port
 * (test/redis-server.ts). A Queue adds jobs, a Worker runs them and QueueEvents reports each
 * completion; re-adding existing job ids adds nothing (what makes eiskit's content-hash ids
 * idempotent); an UnrecoverableError fails a job on its first attempt (eiskit's input errors); and
 * every connection closes, so the run exits. The last case times addBulk of 2000 jobs and one
 * worker's jobs/s (bench/README.md, "issue 15: the queue's ground").
 *
 * eiskit builds the ioredis client itself and hands it to BullMQ (bullmq's ESM build cannot load
 * ioredis on its own; s6 plan §2); so does this test. Workers and QueueEvents block on their
 * connection: `maxRetriesPerRequest: null` is what BullMQ requires of such a client, and
 * QueueEvents gets a client of its own (duplicate()) so its blocking reads hold up no one else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadavg } from 'node:os';
import { type Job, Queue, QueueEvents, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { REDIS, type RedisServer, startRedis } from './redis-server.ts';

describe.skipIf(!REDIS.available).sequential('BullMQ 6.7.6 + ioredis 5.11.1 on a private redis-server', () => {
  let server: RedisServer;
  let connection: Redis;
  /** Everything to close in afterAll, in order (workers first, the clients last). */
  const closers: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    server = await startRedis();
    connection = new Redis(server.url, { maxRetriesPerRequest: null });
    clients.push(connection);
  });
  /** The clients this test made (BullMQ closes only those it duplicates itself). */
  const clients: Redis[] = [];
  afterAll(async () => {
    for (const close of closers) await close();
    await connection?.quit();
    await server?.stop();
    // no client left connected or reconnecting: nothing keeps the run alive
    expect(clients.map((c) => c.status)).toEqual(clients.map(() => 'end'));
  });

  /** A Queue and its QueueEvents (own client), ready, closed in afterAll. */
  async function open(name: string): Promise<{ queue: Queue; events: QueueEvents }> {
    const queue = new Queue(name, { connection });
    const eventsClient = connection.duplicate();
    clients.push(eventsClient);
    const events = new QueueEvents(name, { connection: eventsClient });
    closers.unshift(() => queue.close(), () => events.close().then(() => eventsClient.quit()));
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    return { queue, events };
  }

  /** A Worker running `processor`, closed in afterAll (before the queues). */
  function work(name: string, processor: (job: Job) => Promise<unknown>, concurrency = 1): Worker {
    const worker = new Worker(name, processor, { connection, concurrency });
    closers.unshift(() => worker.close());
    return worker;
  }

  /** Resolves once `events` has reported `count` completions (their return values by jobId). */
  function completions(events: QueueEvents, count: number): Promise<Map<string, unknown>> {
    return new Promise((resolve) => {
      const seen = new Map<string, unknown>();
      const on = ({ jobId, returnvalue }: { jobId: string; returnvalue: unknown }) => {
        seen.set(jobId, returnvalue);
        if (seen.size === count) {
          events.off('completed', on);
          resolve(seen);
        }
      };
      events.on('completed', on);
    });
  }

  it('a Queue adds 20 jobs, a Worker runs them, QueueEvents sees 20 completions; re-adding the ids adds nothing', async () => {
    const { queue, events } = await open('smoke');
    const ids = Array.from({ length: 20 }, (_, i) => `eis-${i.toString(16).padStart(4, '0')}`);
    const done = completions(events, 20);
    let runs = 0;
    await queue.addBulk(ids.map((jobId, i) => ({ name: 'square', data: { x: i }, opts: { jobId } })));
    work('smoke', async (job) => {
      runs++;
      return { y: (job.data as { x: number }).x ** 2 };
    });
    const returned = await done;
    expect([...returned.keys()].sort()).toEqual(ids);
    ids.forEach((id, i) => expect(returned.get(id)).toEqual({ y: i * i }));
    expect(runs).toBe(20);

    const duplicated: string[] = [];
    events.on('duplicated', ({ jobId }) => void duplicated.push(jobId));
    const again = await queue.addBulk(ids.map((jobId, i) => ({ name: 'square', data: { x: i + 100 }, opts: { jobId } })));
    expect(again.map((j) => j.id)).toEqual(ids);
    // the stored jobs keep their first data; none waits or runs again
    expect((await queue.getJob(ids[3]!))!.data).toEqual({ x: 3 });
    await expect.poll(() => duplicated.length).toBe(20);
    expect(await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed')).toEqual({ waiting: 0, active: 0, delayed: 0, completed: 20, failed: 0 });
    expect(runs).toBe(20);
  });

  it('a job throwing UnrecoverableError fails on its first of 3 attempts', async () => {
    const { queue, events } = await open('smoke-unrecoverable');
    const failed = new Promise<{ jobId: string; failedReason: string }>((resolve) => events.once('failed', resolve));
    let runs = 0;
    work('smoke-unrecoverable', async () => {
      runs++;
      throw new UnrecoverableError('eiskit:{"code":"E_SYNTAX"}');
    });
    await queue.add('bad', {}, { jobId: 'eis-bad', attempts: 3, backoff: { type: 'fixed', delay: 10 } });
    expect(await failed).toEqual({ jobId: 'eis-bad', failedReason: 'eiskit:{"code":"E_SYNTAX"}', prev: 'active' });
    const job = (await queue.getJob('eis-bad'))!;
    expect(job.attemptsMade).toBe(1);
    expect(await job.getState()).toBe('failed');
    expect(runs).toBe(1);
  });

  it('2000 jobs: addBulk, then one worker (concurrency 8) runs them all', async () => {
    const { queue, events } = await open('smoke-throughput');
    const n = 2000;
    const done = completions(events, n);
    const t0 = performance.now();
    await queue.addBulk(Array.from({ length: n }, (_, i) => ({ name: 'noop', data: { i }, opts: { jobId: `eis-t${i}` } })));
    const addMs = performance.now() - t0;
    expect(await queue.getWaitingCount()).toBe(n);
    const t1 = performance.now();
    work('smoke-throughput', async (job) => (job.data as { i: number }).i, 8);
    const returned = await done;
    const runMs = performance.now() - t1;
    expect(returned.size).toBe(n);
    expect(await queue.getJobCounts('waiting', 'active', 'completed')).toEqual({ waiting: 0, active: 0, completed: n });
    console.log(`[queue ground] addBulk ${n}: ${addMs.toFixed(0)} ms; one worker, concurrency 8: ${(n / (runMs / 1000)).toFixed(0)} jobs/s (${runMs.toFixed(0)} ms); load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  });
});
