/**
 * submitFitBatch(): fitBatch over a BullMQ queue. The batch is validated here as fitBatch
 * validates it (an invalid spectrum rejects with the same EisError before any job exists), cut
 * into chunks with content-hash ids (src/queue/job-id.ts), and only the chunks whose result is
 * not in Redis yet are added, so a resubmission adds nothing and fits nothing again.
 *
 * Every batch settles: results arrive by QueueEvents (`completed`, `failed`, `progress`),
 * opened and ready before the jobs are added so that no event is missed, and a reconcile pass
 * every second reads the pending chunks' results and states, so a dropped event (or a chunk that
 * was done before this submitter came) cannot leave the promise hanging; a chunk gone from the
 * queue without a result (another submitter of the same chunk aborted, or its result expired) is
 * added again, up to {@link MAX_READDS} times. A failed chunk rejects the batch with its
 * EisError; `signal` rejects it with E_ABORTED. Either way this batch's
 * chunks that no worker has taken yet are removed first (running ones finish and keep their
 * results for a resubmission), and every connection is closed.
 */
import type { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Circuit } from '../circuit/circuit.ts';
import { selectBackend } from '../backend/select.ts';
import { EisError, show } from '../errors.ts';
import type { FitResult } from '../fit/fit.ts';
import { buildProblem, type FitOptions, type ProblemBatch, type SpectrumInput } from '../fit/problem.ts';
import { reportProgress } from '../runtime/chunked.ts';
import type { Spectrum } from '../types/spectrum.ts';
import { checkOptionKeys, checkOptions, checkSpectrumList, functionOption, integerInRange, SpectrumArena, toSpectrum } from '../validate.ts';
import { connectRedis, loadBullmq, queueError, type RedisConnection } from './deps.ts';
import { decodeFailure } from './failure.ts';
import { queueIdentity, type QueueIdentity } from './identity.ts';
import { batchJobId, canonicalJson } from './job-id.ts';
import { decodeResult, encodeJob, type JobChunk, packJobChunk, resultCount } from './payload.ts';
import { checkQueueName, closeClient, within, DEFAULT_QUEUE, MAX_QUEUE_CHUNK, QUEUE_FIT_OPTION_KEYS, resultKey } from './shared.ts';

export { MAX_QUEUE_CHUNK };

export interface SubmitOptions {
  /** Where Redis is. */
  connection: RedisConnection;
  /** The queue's name. @default 'eiskit' */
  queue?: string;
  /** Spectra per job, from 1 to 4096 (a job's text is about 2 KB per 61-point spectrum). @default 256 */
  chunkSize?: number;
  /** Called with (spectra done, total) as the workers report; if it throws, the batch rejects with E_CALLBACK. */
  onProgress?: (done: number, total: number) => void;
  /** Aborting rejects the batch with E_ABORTED and removes its chunks that no worker has taken yet. */
  signal?: AbortSignal;
}

/** Milliseconds a failed batch may spend removing its waiting chunks, and closing each BullMQ object. */
const CLEANUP_MS = 5000, CLOSE_MS = 2000;
/** Milliseconds between reconcile passes. */
const RECONCILE_MS = 1000;
/** Times a submitter adds again a chunk that is gone from the queue without a result, before E_QUEUE. */
const MAX_READDS = 3;
/** The BullMQ job options of every chunk: retried twice on a fault of the machine (input errors are not retried). */
const JOB_OPTIONS = { attempts: 3, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: { age: 7 * 86_400 } };

/** The same checks, in the same order and with the same errors, as fitBatch's one-thread path; the spectra as Float64Arrays. */
function validate(circuit: Circuit, spectra: readonly SpectrumInput[], options: FitOptions): Spectrum[] {
  checkSpectrumList(spectra);
  checkOptionKeys(checkOptions('options', options), QUEUE_FIT_OPTION_KEYS);
  const batch: ProblemBatch = { arena: new SpectrumArena() };
  const guess = selectBackend({}).guess;
  return spectra.map((s, k) => {
    try {
      buildProblem(circuit, s, options, QUEUE_FIT_OPTION_KEYS, batch, guess);
    } catch (e) {
      if (e instanceof EisError) throw new EisError(e.code, `spectra[${k}]: ${e.message}`, { ...e.details, spectrum: k });
      throw e;
    }
    return queuedSpectrum(s, `spectra[${k}]`, { spectrum: k });
  });
}

/**
 * A valid spectrum as it is queued: its own copy as Float64Arrays (packed bit for bit) with its
 * other fields, which must be plain JSON (E_ARG_TYPE naming `path.field`, with `details` added,
 * before any job: a Date or a function cannot travel). `path` names the spectrum in the batch:
 * `spectra[k]` (details { spectrum: k }), or `series[i][k]` in a global batch.
 */
export function queuedSpectrum(s: SpectrumInput, path: string, details: Record<string, unknown> = {}): Spectrum {
  const { freq, re, im } = toSpectrum(s, path);
  const { freq: _f, re: _r, im: _i, ...other } = s as unknown as Record<string, unknown>;
  try {
    canonicalJson(other, path);
  } catch (e) {
    if (e instanceof EisError) throw new EisError(e.code, e.message, { ...e.details, ...details });
    throw e;
  }
  return { ...(s as object), freq, re, im } as Spectrum;
}

/**
 * Fits `circuit` to every spectrum on the workers of a queue (startFitWorker); resolves with the
 * results in input order, the same bit for bit as `fitBatch(circuit, spectra, fitOptions)`
 * (workers of the same eiskit version on the same Node version).
 */
export async function submitFitBatch(circuit: Circuit, spectra: readonly SpectrumInput[], fitOptions: FitOptions = {}, options: SubmitOptions): Promise<FitResult[]> {
  const identity = queueIdentity(); // read once, when called (tests change it right after)
  const { name, chunkSize } = checkSubmitOptions(options);
  const valid = validate(circuit, spectra, fitOptions);
  const chunks = chunked(valid, chunkSize, (part) => packJobChunk({ kind: 'fit', circuit: circuit.toString(), options: fitOptions, spectra: part, identity }));
  return (await runBatch(chunks, chunkSize, name, options, identity)) as FitResult[];
}

/** The queue's name and the chunk size of `options` (checked: E_ARG_TYPE, E_ARG_RANGE). */
export function checkSubmitOptions(options: SubmitOptions, defaultChunk = 256): { name: string; chunkSize: number } {
  if (typeof options !== 'object' || options === null) throw new EisError('E_ARG_TYPE', `\`options\` must be an object { connection, queue?, chunkSize?, onProgress?, signal? }; got ${show(options)}.`, { argument: 'options' });
  const name = checkQueueName(options.queue ?? DEFAULT_QUEUE);
  const chunkSize = options.chunkSize ?? defaultChunk;
  integerInRange('chunkSize', chunkSize, 1, MAX_QUEUE_CHUNK);
  functionOption(options as unknown as Record<string, unknown>, 'onProgress');
  const { signal } = options;
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new EisError('E_ARG_TYPE', `invalid option. \`signal\` must be an AbortSignal; got ${show(signal)}.`, { argument: 'signal' });
  return { name, chunkSize };
}

/** `spectra` cut into chunks of `size`, each packed by `pack`. */
export function chunked(spectra: Spectrum[], size: number, pack: (part: Spectrum[]) => JobChunk): JobChunk[] {
  const chunks: JobChunk[] = [];
  for (let at = 0; at < spectra.length; at += size) chunks.push(pack(spectra.slice(at, at + size)));
  return chunks;
}

const aborted = (signal: AbortSignal, done: number, total: number, unit: string) =>
  new EisError('E_ABORTED', `the queued batch was aborted after ${done} of ${total} ${unit}.`, { argument: 'signal', done, total, cause: signal.reason });

/**
 * Sends the chunks and collects their results (the part every kind of batch shares:
 * src/queue/submit-kinds.ts, src/queue/submit-global.ts); `chunkSize` results per chunk but the
 * last (one per spectrum, or per series in 'global' chunks: resultCount), progress counted so.
 */
export async function runBatch(chunks: JobChunk[], chunkSize: number, name: string, options: SubmitOptions, identity: QueueIdentity): Promise<unknown[]> {
  const { connection, onProgress, signal } = options;
  const url = connection.url;
  const total = chunks.reduce((n, c) => n + resultCount(c), 0);
  const unit = chunks[0]?.series ? 'series' : 'spectra';
  if (signal?.aborted) throw aborted(signal, 0, total, unit);
  const batchId = batchJobId(chunks.map((c) => c.id));
  const results: unknown[] = new Array(total);
  const done = new Array<number>(chunks.length).fill(0);
  const byId = new Map<string, number[]>(); // a chunk id → its indices (equal chunks share one job)
  chunks.forEach((c, i) => byId.set(c.id, [...(byId.get(c.id) ?? []), i]));
  const pending = new Set(byId.keys());
  let reported = 0;

  const clients: Redis[] = [];
  let queue: Queue | undefined, events: QueueEvents | undefined, timer: ReturnType<typeof setTimeout> | undefined;
  let settle!: { resolve: (v: unknown[]) => void; reject: (e: unknown) => void };
  const outcome = new Promise<unknown[]>((resolve, reject) => (settle = { resolve, reject }));
  let failure: unknown;
  let finished = false;
  const fail = (e: unknown) => {
    if (finished) return;
    finished = true;
    failure = e;
    settle.resolve([]);
  };
  const progress = () => {
    const now = done.reduce((a, b) => a + b, 0);
    if (now <= reported) return;
    reported = now;
    try {
      reportProgress(onProgress, now, total);
    } catch (e) {
      fail(e);
    }
  };
  /** The spectra of chunk `id`. */
  const spectraIn = (id: string): number => chunks[byId.get(id)![0]!]!.spectra.rest.length;
  /** Takes the results under `ids`' keys that exist; settles the batch once every chunk has its result. */
  const collect = async (client: Redis, ids: string[]): Promise<void> => {
    if (ids.length === 0) return;
    // at most MAX_QUEUE_CHUNK spectra's results (~20 MB of text) per MGET: a resubmitted batch
    // whose results are all there is not pulled through Redis in one reply of N × 5 KB
    // (counted in spectra, not chunks: a global chunk holds whole series)
    for (let at = 0; at < ids.length;) {
      let end = at + 1;
      for (let n = spectraIn(ids[at]!); end < ids.length && n + spectraIn(ids[end]!) <= MAX_QUEUE_CHUNK; end++) n += spectraIn(ids[end]!);
      const part = ids.slice(at, end);
      take(part, await client.mget(part.map(resultKey)));
      at = end;
    }
    progress();
    if (pending.size === 0 && !finished) {
      finished = true;
      settle.resolve(results);
    }
  };
  /** Puts the results read for `ids` (null: none yet) in their places. */
  const take = (ids: string[], texts: (string | null)[]): void => {
    texts.forEach((text, j) => {
      const id = ids[j]!;
      if (text === null || !pending.has(id)) return;
      const places = byId.get(id)!;
      const count = resultCount(chunks[places[0]!]!);
      const decoded = decodeResult(text, { jobId: id, count }, identity);
      for (const i of places) {
        for (let k = 0; k < count; k++) results[i * chunkSize + k] = decoded.results[k];
        done[i] = count;
      }
      pending.delete(id);
    });
  };
  const onAbort = () => fail(aborted(signal!, reported, total, unit));
  signal?.addEventListener('abort', onAbort, { once: true });

  try {
    const client = await connectRedis(connection, 'submitter');
    clients.push(client);
    const guard = (what: string) => (e: unknown) => fail(e instanceof EisError ? e : queueError(url, what, client, e));
    await collect(client, [...pending]);
    if (pending.size > 0 && !finished) {
      const { Queue: QueueClass, QueueEvents: EventsClass } = await loadBullmq();
      const eventsClient = await connectRedis(connection, 'submitter');
      clients.push(eventsClient);
      queue = new QueueClass(name, { connection: client });
      events = new EventsClass(name, { connection: eventsClient });
      queue.on('error', guard('queue error'));
      events.on('error', guard('queue events error'));
      events.on('completed', ({ jobId }) => {
        if (pending.has(jobId)) collect(client, [jobId]).catch(guard('cannot read a result'));
      });
      events.on('failed', ({ jobId, failedReason }) => {
        if (pending.has(jobId)) fail(decodeFailure(failedReason));
      });
      events.on('progress', ({ jobId, data }) => {
        const d = (data as { done?: unknown } | null)?.done;
        if (!pending.has(jobId) || typeof d !== 'number') return;
        for (const i of byId.get(jobId)!) done[i] = Math.max(done[i]!, Math.min(d, resultCount(chunks[i]!)));
        progress();
      });
      // events from here on reach this submitter: only then are the jobs added
      await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
      /** The BullMQ job of chunk `id` (its first place in the batch). */
      const job = (id: string) => {
        const i = byId.get(id)![0]!;
        return { name: chunks[i]!.kind, data: encodeJob(chunks[i]!, { batchId, index: i, offset: i * chunkSize }), opts: { ...JOB_OPTIONS, jobId: id } };
      };
      if (!finished) {
        await removeFailed(queue, [...pending]); // a chunk that failed before is run again
        await queue.addBulk([...pending].map(job));
      }
      const readded = new Map<string, number>();
      const reconcile = async () => {
        timer = undefined;
        if (finished) return;
        await collect(client, [...pending]);
        for (const id of [...pending]) {
          if (finished) return;
          const state = await queue!.getJobState(id);
          if (state === 'failed') return fail(decodeFailure((await queue!.getJob(id))?.failedReason ?? 'failed'));
          if (state === 'unknown') {
            await collect(client, [id]); // completed and removed between the two reads
            if (!pending.has(id)) continue;
            // gone without a result: removed by another submitter of the same chunk that gave up
            // (an abort removes its waiting chunks, which share this one's content-hash id), or
            // its result expired. Added again, a few times at most (adding an id that is there
            // again meanwhile is a no-op; a chunk whose result appears meanwhile returns at once).
            const times = readded.get(id) ?? 0;
            if (times >= MAX_READDS) return fail(new EisError('E_QUEUE', `queued job ${id} is gone from queue ${show(name)} without a result, again after it was added ${MAX_READDS} more times (something keeps removing it, or Redis evicts keys: set maxmemory-policy noeviction).`, { jobId: id, readded: times }));
            readded.set(id, times + 1);
            const { name: jobName, data, opts } = job(id);
            await queue!.add(jobName, data, opts);
            // settled (aborted) while adding: the clean-up may have run before the add landed
            if (finished && failure !== undefined) return void (await removeWaiting(queue!, [id]));
          }
        }
        if (!finished) timer = setTimeout(() => void reconcile().catch(guard('lost the connection')), RECONCILE_MS);
      };
      await reconcile();
    }
    const values = await outcome;
    if (failure !== undefined) throw failure;
    return values;
  } catch (e) {
    throw e instanceof EisError ? e : queueError(url, 'the queued batch failed', clients[0], e);
  } finally {
    finished = true;
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    // bounded, so that a batch settles also when Redis is gone (its closes would wait for it)
    if (failure !== undefined && queue) await within(removeWaiting(queue, [...pending]), CLEANUP_MS);
    if (events) await within(events.close(), CLOSE_MS);
    if (queue) await within(queue.close(), CLOSE_MS);
    for (const c of clients) await closeClient(c);
  }
}

/** Removes the jobs among `ids` that failed (to be added again). */
async function removeFailed(queue: Queue, ids: string[]): Promise<void> {
  for (const id of ids) {
    if ((await queue.getJobState(id)) === 'failed') await (await queue.getJob(id))?.remove();
  }
}

/** Removes the jobs among `ids` that no worker has taken (a locked job throws: it finishes and keeps its result). */
async function removeWaiting(queue: Queue, ids: string[]): Promise<void> {
  for (const id of ids) {
    try {
      const state = await queue.getJobState(id);
      if (state === 'waiting' || state === 'delayed' || state === 'prioritized' || state === 'waiting-children') await (await queue.getJob(id))?.remove();
    } catch {
      // taken meanwhile, or Redis gone: nothing more to do
    }
  }
}
