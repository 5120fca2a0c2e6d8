/**
 * The optional peers of `eiskit/queue`, loaded lazily: bullmq and ioredis are needed only when a
 * queue is used, so the core keeps zero runtime dependencies and importing eiskit/queue without
 * them fails only when a function needs them, with E_MISSING_DEPENDENCY saying what to install.
 *
 * eiskit makes the Redis connections itself and hands them to BullMQ: bullmq has no `exports` map,
 * so Node's ESM `import('bullmq')` loads its CommonJS build, and its own ESM build could not load
 * ioredis; one client factory also gives every connection the same retry and error rules.
 */
import type * as BullMQ from 'bullmq';
import type { Redis, RedisOptions } from 'ioredis';
import { EisError, show } from '../errors.ts';

/** What to install, in every E_MISSING_DEPENDENCY message (the versions eiskit is tested with). */
export const INSTALL_HINT = 'npm install bullmq@^6.7.6 ioredis@^5.11.1';

type ModuleName = 'bullmq' | 'ioredis';
let missingForTests = new Set<ModuleName>();

/** Test hook: make `loadBullmq`/`loadIoredis` act as if these packages were not installed. */
export function setMissingModulesForTests(names: readonly ModuleName[]): void {
  missingForTests = new Set(names);
}

function missing(name: ModuleName, cause?: unknown): EisError {
  const why = cause === undefined || isNotFound(cause) ? 'is not installed' : `could not be loaded (${cause instanceof Error ? cause.message : String(cause)})`;
  return new EisError('E_MISSING_DEPENDENCY', `eiskit/queue needs the package ${name}, which ${why}: ${INSTALL_HINT}`, { packages: ['bullmq', 'ioredis'], missing: name, install: INSTALL_HINT, ...(cause === undefined ? {} : { cause }) });
}

const isNotFound = (e: unknown) => {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
};

let bullmq: Promise<typeof BullMQ> | undefined;
let ioredis: Promise<typeof Redis> | undefined;

/** The bullmq module (E_MISSING_DEPENDENCY when it is not installed). */
export function loadBullmq(): Promise<typeof BullMQ> {
  if (missingForTests.has('bullmq')) return Promise.reject(missing('bullmq'));
  bullmq ??= import('bullmq').then(
    (m) => ((m as { Worker?: unknown }).Worker ? m : (m as unknown as { default: typeof BullMQ }).default),
    (e: unknown) => {
      bullmq = undefined; // installed later in the same process: try again next time
      throw missing('bullmq', e);
    },
  );
  return bullmq;
}

/** ioredis's Redis class (E_MISSING_DEPENDENCY when it is not installed). */
export function loadIoredis(): Promise<typeof Redis> {
  if (missingForTests.has('ioredis')) return Promise.reject(missing('ioredis'));
  ioredis ??= import('ioredis').then(
    (m) => (m as { Redis?: typeof Redis }).Redis ?? (m.default as unknown as typeof Redis),
    (e: unknown) => {
      ioredis = undefined;
      throw missing('ioredis', e);
    },
  );
  return ioredis;
}

/** The password of `url`, or '' (also the percent-encoded form, as it stands in the text). */
function secrets(url: string): string[] {
  // the user info ends at the authority's last '@' (a password may hold an unencoded '@')
  const authority = /^[a-z]+:\/\/([^/?#]*)/i.exec(url)?.[1] ?? '';
  const userInfo = authority.slice(0, Math.max(0, authority.lastIndexOf('@')));
  const colon = userInfo.indexOf(':');
  const raw = colon >= 0 ? userInfo.slice(colon + 1) : '';
  if (raw === '') return [];
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // not percent-encoded: the raw text is all there is
  }
  return [...new Set([raw, decoded])].sort((a, b) => b.length - a.length);
}

/** `text` with `url`'s password replaced by `***` wherever it occurs. */
export function redact(text: string, url: string): string {
  let out = text;
  for (const secret of secrets(url)) out = out.split(secret).join('***');
  return out;
}

/** A Redis URL (redis:// or rediss://) for messages: its password replaced by `***`. */
export const redactedUrl = (url: string): string => redact(url, url);

/** Checks `connection.url` (E_ARG_TYPE, E_ARG_RANGE; messages never show its password). */
export function checkRedisUrl(url: unknown, argument = 'connection.url'): string {
  if (typeof url !== 'string') throw new EisError('E_ARG_TYPE', `\`${argument}\` must be a Redis URL string (redis://host:port); got ${show(url)}.`, { argument });
  if (!/^rediss?:\/\/[^\s]+$/i.test(url)) throw new EisError('E_ARG_RANGE', `\`${argument}\` must be a redis:// or rediss:// URL; got ${show(redactedUrl(url))}.`, { argument });
  return url;
}

/**
 * Who holds the connection. A worker waits for Redis forever (a blocking client, and a worker
 * machine should survive a Redis restart); a submitter gives up after about `giveUpMs` so that
 * its promise settles with E_QUEUE.
 */
export type RedisRole = 'worker' | 'submitter';

export interface RedisClientOptions {
  /** Milliseconds a submitter keeps reconnecting after losing Redis. @default 10000 */
  giveUpMs?: number;
  /** Milliseconds to wait for the first connection. @default 5000 */
  connectTimeoutMs?: number;
  /** Called with every connection error (redacted), e.g. for a worker's log. */
  onError?: (error: EisError) => void;
  /**
   * Once aborted, a lost connection is not retried (a worker that is closing: its close must not
   * wait for a Redis that is gone). Copies BullMQ makes of the client (its blocking connection)
   * share it, since they share the retry strategy.
   */
  stop?: AbortSignal;
}

/** The last error each client saw (ioredis reports the cause as an 'error' event, the rejection only says "Connection is closed"). */
const lastErrors = new WeakMap<Redis, Error>();

/** E_QUEUE for a failure of the client of `url`, the cause taken from its last connection error. */
export function queueError(url: string, problem: string, client?: Redis, cause?: unknown): EisError {
  const last = (client && lastErrors.get(client)) ?? cause;
  const reason = last instanceof Error ? last.message : last === undefined ? '' : String(last);
  const message = redact(`${problem} (Redis at ${url}${reason ? `: ${reason}` : ''}).`, url);
  return new EisError('E_QUEUE', message, { url: redactedUrl(url), ...(reason ? { cause: redact(reason, url) } : {}) });
}

/** Where Redis is: `connection` of startFitWorker and submitFitBatch. */
export interface RedisConnection {
  /** redis://[user:password@]host:port[/db] or rediss:// (TLS). */
  url: string;
}

/**
 * A connected ioredis client for `connection.url`. The first connection is tried once: Redis unreachable at
 * the start is E_QUEUE at once (a typo in the URL should not hang). After that, a worker retries
 * forever (backoff to 5 s), a submitter for about `giveUpMs`; then the client ends and its
 * pending commands reject (wrap them with {@link queueError}). `maxRetriesPerRequest: null`
 * in both roles: BullMQ's blocking connections require it, and commands then wait for the
 * reconnection instead of failing after a fixed count.
 */
export async function connectRedis(connection: RedisConnection, role: RedisRole, options: RedisClientOptions = {}): Promise<Redis> {
  if (typeof connection !== 'object' || connection === null) throw new EisError('E_ARG_TYPE', `\`connection\` must be an object { url }; got ${show(connection)}.`, { argument: 'connection' });
  const url = checkRedisUrl(connection.url);
  const RedisClass = await loadIoredis();
  const giveUpMs = options.giveUpMs ?? 10_000;
  let ready = false;
  let lostAt = 0;
  const redisOptions: RedisOptions = {
    lazyConnect: true,
    maxRetriesPerRequest: null,
    connectTimeout: options.connectTimeoutMs ?? 5000,
    retryStrategy: (times) => {
      if (!ready || options.stop?.aborted) return null;
      if (role === 'worker') return Math.min(200 * times, 5000);
      if (times === 1) lostAt = Date.now();
      return Date.now() - lostAt >= giveUpMs ? null : Math.min(200 * times, 1000);
    },
  };
  let client: Redis;
  try {
    client = new RedisClass(url, redisOptions);
  } catch (e) {
    throw queueError(url, 'cannot connect', undefined, e);
  }
  client.on('error', (e: Error) => {
    lastErrors.set(client, e);
    options.onError?.(queueError(url, 'connection error', undefined, e));
  });
  client.on('ready', () => {
    ready = true;
  });
  try {
    await client.connect();
  } catch (e) {
    client.disconnect();
    throw queueError(url, 'cannot connect', client, e);
  }
  return client;
}
