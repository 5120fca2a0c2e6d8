/**
 * startFitWorker(): a BullMQ worker that runs queued chunks (`eiskit-batch-job/1`: fits, Lin-KK
 * tests, DRTs) and writes each chunk's results (`eiskit-batch-result/1`) under
 * `eiskit:result:<jobId>` in Redis.
 *
 * The fits run in eiskit's worker-thread pool (src/runtime/workers.ts), not on this thread: the
 * BullMQ thread stays free to renew the job's lock while WASM works (a lock that is not renewed
 * makes BullMQ hand the job to another worker as stalled), no processor file has to exist on
 * disk, and the results are those of fitBatch bit for bit (the pool's results are tested so).
 * Lin-KK and DRT chunks run on this thread, by linKKBatch and drtBatch with a small chunkSize:
 * they give the event loop a turn (setImmediate) between chunks, so the lock renewal runs between
 * them; the bound is that one such step (8 Lin-KK tests, or one DRT) stays below lockDuration / 2
 * (src/queue/kinds.ts says what takes long).
 *
 * Written once: the result key is set with NX, and a job whose key exists already (a retry after
 * the worker died between SET and completing) returns at once. The job's return value is a small
 * stub, since BullMQ copies it into the events stream; the results travel only under the key.
 *
 * Failures: a job that cannot be read, is from another eiskit (E_VERSION), is not the content its
 * id hashes, or holds invalid input fails at once (UnrecoverableError, no retry) with the
 * EisError in the failedReason (src/queue/failure.ts); a fault of the machine (E_WORKER,
 * E_INTERNAL, E_ABORTED, a Redis error) throws an ordinary error, retried by BullMQ.
 */
import type { Job, Worker } from 'bullmq';
import { EisError, show } from '../errors.ts';
import { integerInRange } from '../validate.ts';
import { connectRedis, loadBullmq, queueError, type RedisConnection } from './deps.ts';
import { encodeFailure } from './failure.ts';
import { decodeJob, encodeResult, type JobResults, RESULT_SCHEMA, resultsCount } from './payload.ts';
import { inBatch, runJob } from './kinds.ts';
import { checkQueueName, closeClient, within, DEFAULT_QUEUE, RESULT_TTL_SECONDS, resultKey } from './shared.ts';

export interface FitWorkerOptions {
  /** Where Redis is. */
  connection: RedisConnection;
  /** The queue's name. @default 'eiskit' */
  queue?: string;
  /** Jobs run at once (each in a pooled worker thread of its own). @default 1 */
  concurrency?: number;
  /** Milliseconds a job's lock lasts without renewal (a killed worker's job is run again after about this). @default 30000 */
  lockDuration?: number;
  /** Milliseconds between checks for stalled jobs. @default 30000 */
  stalledInterval?: number;
  /** Seconds a result stays in Redis. @default 86400 (one day) */
  resultTtlSeconds?: number;
  /** Called with connection and worker errors (redacted), e.g. for a log; the worker keeps running. */
  onError?: (error: EisError) => void;
}

/** A running worker. */
export interface FitWorker {
  /**
   * Stops taking jobs, waits for the running ones and closes its connections. With `force` (also
   * after a close() that is still waiting) the running jobs are put back in the queue at once,
   * for another worker, and not waited for. Every call returns the same promise.
   */
  close(force?: boolean): Promise<void>;
}

/** What a job returns (BullMQ writes it into the events stream: kept small). */
export interface JobStub {
  schema: typeof RESULT_SCHEMA;
  jobId: string;
  count: number;
  ms: number;
  /** The result was there already (a job run again after its worker died). */
  existed: boolean;
}

/** Codes that a retry may cure (the machine, not the input). */
const RETRYABLE = new Set<EisError['code']>(['E_WORKER', 'E_INTERNAL', 'E_ABORTED', 'E_QUEUE']);
/** Milliseconds between progress reports of a job. */
const PROGRESS_MS = 250;

let jobHookForTests: ((jobId: string) => Promise<void> | void) | undefined;

/** Test hook: awaited at the start of every job that has no result yet (a slow or observed worker); `undefined` removes it. */
export function setJobHookForTests(hook: ((jobId: string) => Promise<void> | void) | undefined): void {
  jobHookForTests = hook;
}

/** Starts a worker on `options.queue`; resolves once it is connected (E_QUEUE when Redis cannot be reached). */
export async function startFitWorker(options: FitWorkerOptions): Promise<FitWorker> {
  if (typeof options !== 'object' || options === null) throw new EisError('E_ARG_TYPE', `\`options\` must be an object { connection, queue?, concurrency? }; got ${show(options)}.`, { argument: 'options' });
  const name = checkQueueName(options.queue ?? DEFAULT_QUEUE);
  const concurrency = options.concurrency ?? 1;
  integerInRange('concurrency', concurrency, 1, 64);
  const ttl = options.resultTtlSeconds ?? RESULT_TTL_SECONDS;
  integerInRange('resultTtlSeconds', ttl, 1, 365 * 86400);
  const { Worker: WorkerClass, UnrecoverableError, WaitingError } = await loadBullmq();
  // aborted by close(): from then on a lost connection is not retried, so close() settles also
  // when Redis is gone (BullMQ's close would wait for it: its commands queue until a reconnection)
  const closed = new AbortController();
  const client = await connectRedis(options.connection, 'worker', { onError: options.onError, stop: closed.signal });
  const url = options.connection.url;

  const processor = async (job: Job, _token: string | undefined, signal: AbortSignal): Promise<JobStub> => {
    const began = performance.now();
    const jobId = String(job.id);
    const key = resultKey(jobId);
    if (await client.exists(key)) return { schema: RESULT_SCHEMA, jobId, count: 0, ms: 0, existed: true };
    await jobHookForTests?.(jobId);
    let decoded;
    try {
      decoded = decodeJob(job.data);
      if (decoded.id !== jobId) throw new EisError('E_QUEUE', `a queued job's id ${show(jobId)} is not the hash of its content (${show(decoded.id)}): it was not made by eiskit's submitter, so it is refused.`, { jobId, contentId: decoded.id });
    } catch (e) {
      throw new UnrecoverableError(encodeFailure(e));
    }
    let results: JobResults;
    try {
      let last = 0;
      const onProgress = (done: number, total: number) => {
        const now = performance.now();
        if (done === total || now - last < PROGRESS_MS) return;
        last = now;
        // progress is a hint: a lost update must not fail the job
        job.updateProgress({ done, total }).catch(() => {});
      };
      try {
        results = await runJob(decoded, onProgress, signal);
      } catch (e) {
        throw inBatch(e, decoded.chunk.offset); // a spectrum named by its index in the batch, not in the chunk
      }
    } catch (e) {
      if (e instanceof EisError && !RETRYABLE.has(e.code)) throw new UnrecoverableError(encodeFailure(e));
      throw new Error(encodeFailure(e));
    }
    const ms = performance.now() - began;
    let text: string;
    try {
      text = encodeResult({ jobId, batchId: decoded.chunk.batchId, index: decoded.chunk.index, ms, ...results });
    } catch (e) {
      throw new Error(encodeFailure(e)); // E_INTERNAL (a value pack.ts cannot write): a fault of the code, kept with its code
    }
    try {
      await client.set(key, text, 'EX', ttl, 'NX');
    } catch (e) {
      throw new Error(encodeFailure(queueError(url, 'cannot write a result', client, e)));
    }
    return { schema: RESULT_SCHEMA, jobId, count: resultsCount(results), ms, existed: false };
  };

  // close(true) — also while a close() waits for the running jobs — puts each running job back at
  // the head of the queue (moveToWait with its lock's token: no attempt spent, the lock removed,
  // so another worker takes it at once instead of after lockDuration) and lets its processor go.
  // Its fit may still finish in the pool: the result is then written with NX, so once at most.
  const forced = new AbortController();
  const run = async (job: Job, token?: string, signal?: AbortSignal): Promise<JobStub> => {
    // the job's own signal: aborted by BullMQ's (a cancelled job) or by a forced close, so that a
    // released job's work stops where it can (a DRT or global chunk between spectra or series).
    // Listeners, not AbortSignal.any: on Node 20 that keeps a small record per call alive for as
    // long as the long-lived `forced` signal lives (measured: ~52 B per job, without bound)
    const stop = new AbortController();
    let onForce!: () => void;
    const onCancel = () => stop.abort(signal?.reason);
    const force = new Promise<'forced'>((resolve) => {
      onForce = () => {
        stop.abort();
        resolve('forced');
      };
      if (forced.signal.aborted) onForce();
      else forced.signal.addEventListener('abort', onForce, { once: true });
    });
    if (signal?.aborted) onCancel();
    else signal?.addEventListener('abort', onCancel, { once: true });
    const work = processor(job, token, stop.signal);
    let outcome: JobStub | 'forced';
    try {
      outcome = await Promise.race([work, force]);
    } finally {
      forced.signal.removeEventListener('abort', onForce);
      signal?.removeEventListener('abort', onCancel);
    }
    if (outcome !== 'forced') return outcome;
    work.catch(() => {}); // let go: it can no longer complete this job
    await releaseJob(job, token);
    throw new WaitingError(); // BullMQ: the job was moved back, not failed (no attempt counted)
  };

  let worker: Worker;
  try {
    worker = new WorkerClass(name, run, {
      connection: client,
      concurrency,
      lockDuration: options.lockDuration ?? 30_000,
      stalledInterval: options.stalledInterval ?? 30_000,
    });
    // an 'error' event without a listener would throw; the worker goes on after it
    worker.on('error', (e: Error) => options.onError?.(queueError(url, 'worker error', client, e)));
    await worker.waitUntilReady();
  } catch (e) {
    client.disconnect();
    throw queueError(url, 'cannot start a worker', client, e);
  }
  let closing: Promise<void> | undefined;
  return {
    close: (force = false) => {
      if (force) forced.abort();
      closed.abort();
      // always BullMQ's graceful close: once the released jobs have thrown, it has none to wait
      // for. BullMQ 6.7's close(true) would not do: it returns a pending close's promise
      // unchanged, and alone it only stops renewing the locks, so a job runs again only once its
      // lock expires and a stall check finds it (counted as a stall; a second one fails it)
      closing ??= (async () => {
        const bull = worker.close();
        // Redis gone: our client ends (it stops reconnecting once `closed` is aborted), but BullMQ's
        // close would wait for ever on its blocking connection (its own copy of the client, which
        // it retries for ever and whose pending command never settles): once our client has ended,
        // no job can finish anyway (no result can be written), so the close ends GONE_MS later
        let timer: ReturnType<typeof setTimeout> | undefined;
        let onEnd!: () => void;
        const gone = new Promise<void>((resolve) => {
          onEnd = () => {
            void dropBlockingConnection(worker);
            timer = setTimeout(resolve, GONE_MS);
          };
          if (client.status === 'end') onEnd();
          else client.once('end', onEnd);
        });
        try {
          await Promise.race([bull, gone]);
        } finally {
          client.off('end', onEnd);
          clearTimeout(timer);
          await closeClient(client);
        }
      })();
      return closing;
    },
  };
}

/**
 * Disconnects BullMQ's blocking connection of `worker` (BullMQ 6.7 keeps it in its backend and
 * has no public call for it when the main connection is the caller's). Best effort: without
 * those internals nothing happens.
 */
async function dropBlockingConnection(worker: Worker): Promise<void> {
  const internals = worker as unknown as { backend?: { blockingConnection?: { disconnect?: (wait?: boolean) => Promise<void> } } };
  try {
    await internals.backend?.blockingConnection?.disconnect?.(false);
  } catch {
    // gone already
  }
}

/** Milliseconds a close waits for BullMQ after Redis is gone and the worker's client has ended. */
const GONE_MS = 2000;

/** Milliseconds a forced close waits for Redis to take a job back (else its lock expires and it is run again as stalled). */
const RELEASE_MS = 2000;

/** Moves a running job back to waiting; bounded in time, never throws (its lock expiring releases it anyway: another worker's stall check puts it back). */
async function releaseJob(job: Job, token: string | undefined): Promise<void> {
  await within(job.moveToWait(token), RELEASE_MS);
}
