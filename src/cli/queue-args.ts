/**
 * The command-line flags of eiskit/queue (`eiskit worker`, `eiskit fit --redis`): --redis URL,
 * --queue NAME, --chunk-size N, --concurrency N, checked here as usage errors naming the flag.
 * deps.ts and shared.ts load neither bullmq nor ioredis (only their types): the queue's entry
 * itself is imported lazily by the commands, so the CLI loads bullmq only when a queue is used.
 */
import { EisError } from '../errors.ts';
import { checkRedisUrl } from '../queue/deps.ts';
import { checkQueueName, DEFAULT_QUEUE } from '../queue/shared.ts';
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

/** An integer flag in [min, max] (or undefined). */
export function bounded(values: Values, key: string, min: number, max: number): number | undefined {
  const x = integer(values, key, min);
  if (x !== undefined && x > max) throw new UsageError(`--${key} must be an integer from ${min} to ${max}; got ${values[key]}`);
  return x;
}
