/**
 * Spreads a batch of fits over pooled workers (./pool.ts): Node `worker_threads` or browser Web
 * Workers, each with its own WASM engine. The worker script is embedded
 * (./generated/worker-source.ts, generated from src/fit/worker-entry.ts), so nothing has to be
 * located on disk or served.
 *
 * Every fault settles the batch promise with a rejection and leaves no worker of the batch
 * running (the others are stopped, the pool keeps only healthy idle workers):
 * - terminateFitWorkers() meanwhile → EisError E_ABORTED;
 * - a worker that throws, exits (Node) or sends a message that cannot be deserialized → E_WORKER;
 * - a spectrum (or option) that cannot be structured-cloned → E_ARG_TYPE naming it;
 * - a throwing `onProgress` → E_CALLBACK (its error in `details.cause`), as in one thread.
 * An invalid spectrum found inside a worker rejects with its EisError once every slice has
 * answered, so the first invalid spectrum in input order wins, as in one thread.
 */
import { compileModule } from '../../bindings/loader.ts';
import { EisError } from '../errors.ts';
import type { SpectrumInput } from '../types/spectrum.ts';
import type { WorkerMessage, WorkerRequest } from './worker-protocol.ts';
import { reportProgress, type ProgressCallback } from './chunked.ts';
import { type PackedChunk, packSpectra, unpackValues } from './pack.ts';
import { acquireWorkers, drop, poolGeneration, release, startJob, terminateAllWorkers, MAX_WORKERS, type PooledWorker } from './pool.ts';

export { MAX_WORKERS };

let scriptOverride: string | undefined;

/**
 * The embedded worker script, loaded on first use: bundles put it in a chunk of its own, so
 * code that never starts workers never downloads it.
 */
async function workerScript(): Promise<string> {
  return scriptOverride ?? (await import('./generated/worker-source.ts')).workerSource;
}

/**
 * Runs workers from `source` instead of the fitting worker (tests of faults: a worker that
 * throws, exits or never answers); `undefined` restores it. Workers already pooled are ended.
 */
export function setWorkerScriptForTests(source: string | undefined): void {
  terminateAllWorkers();
  scriptOverride = source;
}

/**
 * Terminates the pooled workers (they are also ended with the process or page). A fitBatch
 * running in workers meanwhile rejects with EisError E_ABORTED.
 */
export function terminateFitWorkers(): void {
  terminateAllWorkers();
}

/** Where a batch in workers spent its time (benchmarks: the scaling the code allows, apart from the machine's load). */
export interface WorkerBatchStats {
  /** Per worker (slice): validating, fitting, assembling and packing, ms of wall time. */
  busyMs: number[];
  /** Per worker: the thread's CPU time in that work, ms (Linux Node; NaN elsewhere). */
  cpuMs: number[];
  /** This thread's time unpacking the chunks, ms. */
  unpackMs: number;
  /** Chunk messages received. */
  chunks: number;
}

let lastStats: WorkerBatchStats | undefined;

/** The stats of the last batch that fitInWorkers resolved (undefined before the first). */
export function lastWorkerBatchStats(): WorkerBatchStats | undefined {
  return lastStats;
}

/** The first spectrum of `slice` that structured clone rejects, or -1. */
function uncloneable(slice: readonly unknown[]): number {
  return slice.findIndex((s) => {
    try {
      structuredClone(s);
      return false;
    } catch {
      return true;
    }
  });
}

/** Parts per worker when the parts are dealt out as workers free up (no warm start). */
const PARTS_PER_WORKER = 16;
/** Requests a worker holds at once in that mode: the one it fits and the next, so it never waits for this thread. */
const AHEAD = 2;

/** How fitInWorkers deals the batch out (callers other than fitBatch's `workers` path). */
export interface PoolCallOptions {
  /**
   * One part per worker (one contiguous slice each, as with warmStart), not ~16: for a caller
   * that runs one small batch per worker, e.g. a queue worker's job of 256 spectra in its one
   * pooled thread, where 16 parts of 16 cost twice a fit's CPU in messages and per-part setup.
   * The results are the same (every fit is independent without warmStart).
   */
  whole?: boolean;
  /**
   * Resolve with the workers' packed chunks as they came ({@link PackedPart}, in input order),
   * not unpacked into result objects: for a caller that only sends them on (a queue worker
   * writes them into its result text; the submitter unpacks them). Nothing checks them here.
   */
  packed?: boolean;
}

/** `count` results packed by a fitting worker (./pack.ts: unpackValues(chunk, count) reads them). */
export interface PackedPart {
  count: number;
  chunk: PackedChunk;
}

/**
 * Fits `spectra` in up to `count` workers. With `warmStart` (or `how.whole`), each worker takes one contiguous
 * slice (its warm-start chain starts at the slice's first spectrum). Without, the batch is cut
 * into parts of at most `chunkSize` (about {@link PARTS_PER_WORKER} per worker) dealt out in
 * input order as workers free up, so a worker whose fits converge slowly does not hold the batch
 * up (every fit is independent then: the results are the same). Resolves with the assembled
 * results (what assembleResult returns in the worker), in input order, unpacked from one buffer
 * per chunk. The workers validate the spectra and estimate start values: an invalid spectrum
 * rejects with its EisError, its index counted in the whole batch, once every part sent has
 * answered (parts go out in order, so the first invalid spectrum in input order wins, as in one
 * thread). Calls onProgress with (done so far over all workers, total); if it throws, the batch
 * rejects with E_CALLBACK.
 */
export async function fitInWorkers(count: number, source: string, spectra: readonly SpectrumInput[], options: Record<string, unknown>,
  optionKeys: readonly string[], warmStart: boolean, chunkSize: number, onProgress: ProgressCallback | undefined, how: PoolCallOptions & { packed: true }): Promise<PackedPart[]>;
export async function fitInWorkers(count: number, source: string, spectra: readonly SpectrumInput[], options: Record<string, unknown>,
  optionKeys: readonly string[], warmStart: boolean, chunkSize: number, onProgress: ProgressCallback | undefined, how?: PoolCallOptions): Promise<unknown[]>;
export async function fitInWorkers(count: number, source: string, spectra: readonly SpectrumInput[], options: Record<string, unknown>,
  optionKeys: readonly string[], warmStart: boolean, chunkSize: number, onProgress: ProgressCallback | undefined, how: PoolCallOptions = {}): Promise<unknown[]> {
  if (count > MAX_WORKERS) {
    throw new EisError('E_ARG_RANGE', `invalid option. \`workers\` must be at most ${MAX_WORKERS}; got ${count}.`, { argument: 'workers', limit: MAX_WORKERS });
  }
  const began = poolGeneration(); // a terminateFitWorkers() from here on stops this batch
  const n = Math.min(count, spectra.length);
  const whole = warmStart || how.whole === true;
  const size = whole ? Math.ceil(spectra.length / n) : Math.max(1, Math.min(chunkSize, Math.ceil(spectra.length / (n * PARTS_PER_WORKER))));
  const parts: { start: number; spectra: readonly SpectrumInput[] }[] = [];
  for (let start = 0; start < spectra.length; start += size) parts.push({ start, spectra: spectra.slice(start, start + size) });
  const ahead = whole ? 1 : AHEAD;
  const module = await compileModule();
  const workers = await acquireWorkers(Math.min(n, parts.length), workerScript, began);
  return new Promise<unknown[]>((resolve, reject) => {
    const results: unknown[] = new Array(spectra.length);
    /** With how.packed: the chunks as they came, each at its first spectrum's index. */
    const packedParts: (PackedPart & { start: number })[] = [];
    /** Per worker: the parts sent and not yet answered, in order, and the results of the first received so far. */
    const queues = workers.map(() => [] as (typeof parts)[number][]);
    const received = new Array<number>(workers.length).fill(0);
    const stats: WorkerBatchStats = { busyMs: new Array<number>(workers.length).fill(0), cpuMs: new Array<number>(workers.length).fill(0), unpackMs: 0, chunks: 0 };
    /** Invalid input found in the workers, with the spectrum's index in the batch (-1: none named). */
    const errors: { error: EisError; at: number }[] = [];
    const running = new Set<PooledWorker>(workers);
    let next = 0, placed = 0, settled = false;
    /** A fault: stop the batch's other workers and reject now. */
    const fault = (error: unknown) => {
      if (settled) return;
      settled = true;
      for (const w of running) drop(w);
      running.clear();
      reject(error);
    };
    const progress = (done: number) => {
      try {
        reportProgress(onProgress, done, spectra.length);
      } catch (e) {
        fault(e); // E_CALLBACK, as the one-thread fitBatch rejects
      }
    };
    /** Sends worker k parts until it holds `ahead` (none after an invalid spectrum); releases it when it has none left. */
    const feed = (k: number) => {
      const w = workers[k]!, queue = queues[k]!;
      while (!settled && errors.length === 0 && next < parts.length && queue.length < ahead) {
        const part = parts[next++]!;
        queue.push(part);
        try {
          const packed = packSpectra(part.spectra);
          const request: WorkerRequest = { module, source, spectra: packed, options, optionKeys: [...optionKeys], warmStart, chunkSize };
          startJob(w, jobs[k]!, request, [packed.data.buffer as ArrayBuffer]);
        } catch (e) {
          return fault(postFailure(e, part.spectra, part.start));
        }
      }
      if (settled || queue.length) return;
      running.delete(w);
      release(w);
      if (running.size) return;
      settled = true;
      if (errors.length) reject(errors.reduce((a, b) => (b.at < a.at ? b : a)).error);
      else {
        lastStats = stats;
        resolve(how.packed ? packedParts.sort((a, b) => a.start - b.start).map(({ count, chunk }) => ({ count, chunk })) : results);
      }
    };
    const jobs = workers.map((w, k) => ({
      fail: (e: EisError) => {
        running.delete(w);
        fault(e);
      },
      message: (data: unknown) => {
        if (settled) return;
        const m = data as WorkerMessage;
        const part = queues[k]![0];
        if (!part) return fault(new EisError('E_INTERNAL', `fitting worker ${k} sent a message without a request.`));
        if (m.type === 'progress') progress(placed + m.done - received[k]!);
        else if (m.type === 'chunk') {
          const t = performance.now();
          const count = m.done - received[k]!;
          if (how.packed) packedParts.push({ start: part.start + received[k]!, count, chunk: m.packed });
          else {
            let values: unknown[];
            try {
              values = unpackValues(m.packed, count);
            } catch (e) {
              return fault(e);
            }
            for (let i = 0; i < values.length; i++) results[part.start + received[k]! + i] = values[i];
          }
          received[k] = m.done;
          placed += count;
          stats.unpackMs += performance.now() - t;
          stats.chunks++;
          progress(placed);
        } else if (m.type === 'done') {
          if (received[k] !== part.spectra.length) return fault(new EisError('E_INTERNAL', `fitting worker ${k} ended its part with ${received[k]} of ${part.spectra.length} results.`));
          stats.busyMs[k]! += m.busyMs;
          stats.cpuMs[k]! += m.cpuMs;
          queues[k]!.shift();
          received[k] = 0;
          feed(k);
        } else if (m.code !== undefined) {
          // an EisError inside the worker (invalid input: the same error fitBatch throws in one thread)
          const at = m.spectrum === undefined ? undefined : part.start + m.spectrum;
          const message = at === undefined ? m.message : `spectra[${at}]: ${m.message}`;
          errors.push({ error: new EisError(m.code as EisError['code'], message, { ...m.details, ...(at === undefined ? {} : { spectrum: at }) }), at: at ?? -1 });
          queues[k]!.shift();
          received[k] = 0;
          feed(k);
        } else fault(new EisError('E_INTERNAL', `fitting worker ${k} failed: ${m.message}`));
      },
    }));
    for (let k = 0; k < workers.length; k++) feed(k);
  });
}

/** The EisError for a request that could not be posted (a DataCloneError names the spectrum). */
function postFailure(e: unknown, slice: readonly unknown[], offset: number): EisError {
  const reason = (e as Error)?.message ?? String(e);
  if ((e as Error)?.name !== 'DataCloneError') return new EisError('E_WORKER', `could not send a batch to a fitting worker: ${reason}`);
  const bad = uncloneable(slice);
  if (bad >= 0) {
    const at = offset + bad;
    return new EisError('E_ARG_TYPE', `invalid argument. \`spectra[${at}]\` cannot be sent to a worker (structured clone: ${reason}); give plain arrays or typed arrays of numbers, without functions or class instances.`, { argument: 'spectra', spectrum: at });
  }
  return new EisError('E_ARG_TYPE', `invalid argument. \`options\` cannot be sent to a worker (structured clone: ${reason}); with \`workers\` the options must be plain data.`, { argument: 'options' });
}
