/** Names and limits shared by the queue's worker and submitter. */
import type { Redis } from 'ioredis';
import { init } from '../backend/select.ts';
import { EisError, show } from '../errors.ts';
import { FIT_OPTION_KEYS } from '../fit/problem.ts';

/** The queue's name unless one is given. */
export const DEFAULT_QUEUE = 'eiskit';

/** The largest chunkSize (BullMQ keeps a job's text in Redis and in memory: a few MB at most). */
export const MAX_QUEUE_CHUNK = 4096;

/** Seconds a chunk's result stays in Redis (a resubmission within it is served from there). */
export const RESULT_TTL_SECONDS = 86_400;

/** The Redis key of a chunk's result (by job id; the same content has the same key on every queue). */
export const resultKey = (jobId: string): string => `eiskit:result:${jobId}`;

/**
 * The fit options a queued batch takes: fitBatch's per-fit options without `engine` (an object
 * of this process) and `backend` (workers run WASM, as fitBatch's `workers` does).
 */
export const QUEUE_FIT_OPTION_KEYS: readonly string[] = FIT_OPTION_KEYS.filter((k) => k !== 'engine' && k !== 'backend');

/** Resolves once WASM is ready; E_NO_WASM when this runtime cannot run it (a job on this thread then refuses to run on JS: its results would differ). */
export async function requireWasm(): Promise<void> {
  const ready = await init();
  if (ready.backend !== 'wasm') throw new EisError('E_NO_WASM', `this queue worker cannot run WebAssembly${ready.warning ? ` (${ready.warning})` : ''}: its results would not be the WASM backend's.`);
}

/** Checks a queue name (E_ARG_TYPE, E_ARG_RANGE): BullMQ forbids ':' in it. */
export function checkQueueName(name: unknown): string {
  if (typeof name !== 'string') throw new EisError('E_ARG_TYPE', `\`queue\` must be a string (the queue's name); got ${show(name)}.`, { argument: 'queue' });
  if (name === '' || name.includes(':') || name.length > 200) throw new EisError('E_ARG_RANGE', `\`queue\` must be a name of 1 to 200 characters without ':'; got ${show(name)}.`, { argument: 'queue' });
  return name;
}

/**
 * Waits for `work` at most `ms` milliseconds; never throws. For clean-up on a Redis that may be
 * gone: a BullMQ close() or a command then waits for a connection that may never come back, and
 * a batch must settle anyway (the connections are disconnected afterwards).
 */
export async function within(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  } catch {
    // cleaning up anyway
  } finally {
    clearTimeout(timer);
  }
}

/** QUIT, or a hard disconnect when Redis does not answer within a second. */
export async function closeClient(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  await within(client.quit(), 1000);
  client.disconnect();
}
