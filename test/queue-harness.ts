/**
 * The queue tests' one setup (issue 15): a private Redis (test/redis-server.ts), a submitter
 * client on it, in-process workers started by the test, BullMQ Queue and QueueEvents handles for
 * looking at a queue's jobs, and an afterAll that closes them all. Call queueHarness() inside the
 * test file's describe; a fix to the setup or the teardown is then made here once.
 *
 * The teardown order: the file's own `teardown` first (e.g. a test hook reset before the worker
 * that uses it closes), then the workers in the order they started, then the Queue and
 * QueueEvents handles in the order they opened, then the client, then the server (by its PID).
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { EisError } from '../src/errors.ts';
import { connectRedis, loadBullmq } from '../src/queue/deps.ts';
import { decodeFailure } from '../src/queue/failure.ts';
import { encodeJob, type JobChunk } from '../src/queue/payload.ts';
import { type FitWorker, type FitWorkerOptions, startFitWorker } from '../src/queue/index.ts';
import { packValues, unpackValues } from '../src/runtime/pack.ts';
import { ensureInit } from './helpers.ts';
import { type RedisServer, startRedis } from './redis-server.ts';

/** A queue's job counts when it holds no job at all. */
export const none = { waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0 };

/** A QueueEvents on a client of its own (its XREAD blocks), and how to close both. */
export interface Listener {
  readonly events: QueueEvents;
  /** Closes the QueueEvents, then disconnects its client; once (the afterAll calls it too). */
  close(): Promise<void>;
}

export interface QueueHarness {
  readonly server: RedisServer;
  /** `redis://127.0.0.1:<port>` of the private server. */
  readonly url: string;
  /** The submitter's client, for reading keys and for the Queue handles. */
  readonly client: Redis;
  /** Starts an in-process worker on `queue`, closed by the afterAll. */
  worker(queue: string, extra?: Omit<FitWorkerOptions, 'connection' | 'queue'>): Promise<FitWorker>;
  /** A BullMQ Queue on `name` for looking at its jobs, closed by the afterAll. */
  look(name: string): Promise<Queue>;
  /** A ready QueueEvents on `name`, closed by the afterAll unless the test closes it first. */
  listen(name: string): Promise<Listener>;
  /** look(name) and listen(name): a Queue and its QueueEvents, both ready. */
  open(name: string): Promise<{ queue: Queue; events: QueueEvents }>;
  /** The queue's waiting, active, delayed, completed and failed counts. */
  counts(q: Queue): Promise<Record<string, number>>;
  /**
   * Runs `resubmit` and checks that it added no job and ran none: the same counts, and no new
   * event in the queue's stream (BullMQ writes one for each; a re-added job would also be removed
   * on completion, so the counts alone would not tell).
   */
  addsNoJob(q: Queue, resubmit: () => Promise<void>): Promise<void>;
  /**
   * Adds a job made elsewhere (`chunk` as the batch's chunk 1 at `offset`), waits until it has
   * failed, checks it failed on its first attempt of 3, and returns the worker's EisError.
   */
  failsAtOnce(q: Queue, chunk: JobChunk, offset: number): Promise<EisError>;
}

export interface HarnessOptions {
  /** More for the beforeAll after the common setup (e.g. the local results, a worker). */
  setup?: (h: QueueHarness) => Promise<void>;
  /** Runs first in the afterAll, before anything is closed. */
  teardown?: () => void | Promise<void>;
}

export function queueHarness(options: HarnessOptions = {}): QueueHarness {
  let server: RedisServer | undefined;
  let client: Redis | undefined;
  const workers: FitWorker[] = [];
  const closers: (() => Promise<unknown>)[] = [];
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the queue harness's ${what} is not there: its beforeAll has not run or failed`);
    return value;
  };

  const h: QueueHarness = {
    get server() {
      return started(server, 'server');
    },
    get url() {
      return started(server, 'server').url;
    },
    get client() {
      return started(client, 'client');
    },
    async worker(queue, extra = {}) {
      const w = await startFitWorker({ connection: { url: h.url }, queue, ...extra });
      workers.push(w);
      return w;
    },
    async look(name) {
      const { Queue: QueueClass } = await loadBullmq();
      const q = new QueueClass(name, { connection: h.client });
      closers.push(() => q.close());
      return q;
    },
    async listen(name) {
      const { QueueEvents: EventsClass } = await loadBullmq();
      const eventsClient = h.client.duplicate();
      const events = new EventsClass(name, { connection: eventsClient });
      let closing: Promise<void> | undefined;
      const close = () => (closing ??= events.close().then(() => eventsClient.disconnect()));
      closers.push(close);
      await events.waitUntilReady();
      return { events, close };
    },
    async open(name) {
      const queue = await h.look(name);
      const { events } = await h.listen(name);
      await queue.waitUntilReady();
      return { queue, events };
    },
    counts: (q) => q.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed'),
    async addsNoJob(q, resubmit) {
      const stream = `bull:${q.name}:events`;
      const before = await h.counts(q);
      const events = await h.client.xlen(stream);
      await resubmit();
      expect(await h.counts(q)).toEqual(before);
      expect(await h.client.xlen(stream)).toBe(events);
    },
    async failsAtOnce(q, chunk, offset) {
      await q.add(chunk.kind, encodeJob(chunk, { batchId: 'eis-test', index: 1, offset }), { jobId: chunk.id, attempts: 3 });
      await expect.poll(() => q.getJobState(chunk.id), { timeout: 10_000 }).toBe('failed');
      const job = (await q.getJob(chunk.id))!;
      expect(job.attemptsMade).toBe(1);
      return decodeFailure(job.failedReason);
    },
  };

  beforeAll(async () => {
    await ensureInit();
    server = await startRedis();
    client = await connectRedis({ url: server.url }, 'submitter');
    await options.setup?.(h);
  }, 60_000);
  afterAll(async () => {
    await options.teardown?.();
    for (const w of workers) await w.close();
    for (const close of closers) await close();
    client?.disconnect();
    await server?.stop();
  });
  return h;
}

/** The longest gap between 10 ms ticks of this thread's event loop, from now until stop(). */
export function watchEventLoop(): { readonly longest: number; stop(): void } {
  let longest = 0, last = performance.now();
  const tick = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 10);
  return {
    get longest() {
      return longest;
    },
    stop: () => clearInterval(tick),
  };
}

/** `values` packed, moved as a worker's results are (transferred), and unpacked. */
export function packerRoundTrip(values: unknown[]): unknown[] {
  const packed = packValues(values);
  return unpackValues(structuredClone(packed, { transfer: [packed.data.buffer] }), values.length);
}
