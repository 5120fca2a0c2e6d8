/**
 * The command-line flags of eiskit/queue (`eiskit worker`, `eiskit fit --redis`): --redis URL,
 * --queue NAME, --chunk-size N, --concurrency N, checked here as usage errors naming the flag.
 * deps.ts and shared.ts load neither bullmq nor ioredis (only their types): the queue's entry
 * itself is imported lazily by the commands, so the CLI loads bullmq only when a queue is used.
 */
import { EisError } from '../errors.ts';
import { checkRedisUrl } from '../queue/deps.ts';
import { checkQueueName, DEFAULT_QUEUE, MAX_QUEUE_CHUNK } from '../queue/shared.ts';
import type { SubmitOptions } from '../queue/submit.ts';
import { integer, str, type Options, type Values } from './args.ts';
import { UsageError } from './context.ts';

export const QUEUE_OPTIONS: Options = { redis: { type: 'string' }, queue: { type: 'string' } };

/** What the queue functions need from the flags. */
export interface QueueTarget {
  url: string;
  queue: string;
}

/** The queue's check of a value as a usage error naming `flag` (its message never shows a password). */
function asUsage<T>(flag: string, check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (e instanceof EisError) throw new UsageError(`--${flag}: ${e.message.replace(/^`[^`]+` /, '')}`);
    throw e;
  }
}

/** --redis and --queue; undefined without --redis (then --queue is refused as meaningless). */
export function queueTarget(values: Values): QueueTarget | undefined {
  const url = str(values, 'redis');
  if (url === undefined) {
    if (values.queue !== undefined) throw new UsageError('--queue needs --redis URL (the Redis server of the queue)');
    return undefined;
  }
  return {
    url: asUsage('redis', () => checkRedisUrl(url)),
    queue: asUsage('queue', () => checkQueueName(str(values, 'queue') ?? DEFAULT_QUEUE)),
  };
}

/** The queue flags of a batch command (fit, kk, drt): --redis, --queue and --chunk-size, which needs --redis. */
export interface QueueBatchTarget extends QueueTarget {
  chunkSize: number | undefined;
}

/** --redis, --queue and --chunk-size of a batch command; undefined without --redis. */
export function queueBatchTarget(values: Values): QueueBatchTarget | undefined {
  const target = queueTarget(values);
  const chunkSize = bounded(values, 'chunk-size', 1, MAX_QUEUE_CHUNK);
  if (!target && chunkSize !== undefined) throw new UsageError('--chunk-size needs --redis URL (it sizes the queued jobs)');
  return target && { ...target, chunkSize };
}

/** The submitter's options (submitFitBatch, submitLinKKBatch, submitDrtBatch) for `target`. */
export function submitOptions(target: QueueBatchTarget, onProgress: (done: number, total: number) => void): SubmitOptions {
  return { connection: { url: target.url }, queue: target.queue, onProgress, ...(target.chunkSize !== undefined ? { chunkSize: target.chunkSize } : {}) };
}

/** An integer flag in [min, max] (or undefined). */
export function bounded(values: Values, key: string, min: number, max: number): number | undefined {
  const x = integer(values, key, min);
  if (x !== undefined && x > max) throw new UsageError(`--${key} must be an integer from ${min} to ${max}; got ${values[key]}`);
  return x;
}
