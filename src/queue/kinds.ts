/**
 * What a worker does with each kind of job (src/queue/payload.ts): 'fit' → fitBatch's pool path,
 * 'linkk' → linKKBatch, 'drt' → drtBatch, 'global' → globalFit per series (src/queue/global-jobs.ts),
 * each with the options a queued batch of that kind takes,
 * and the one rule that names a chunk's spectrum by its index in the whole batch.
 *
 * Fits run in eiskit's worker-thread pool (a fit may take long; see src/queue/worker.ts). Lin-KK
 * and DRT chunks run on the worker's own thread, WASM backend, in chunks of KK_STEP and DRT_STEP
 * spectra: linKKBatch and drtBatch (runChunked) give the event loop a turn between chunks, so
 * BullMQ's lock renewal runs between them. The bound: one step's work must stay below
 * lockDuration / 2 (BullMQ renews at half the lock). A Lin-KK test takes milliseconds; a DRT tens
 * of milliseconds, TR-NNLS up to 13 s at its 300-point limit and an HMC band seconds: hence one
 * DRT per step, and lockDuration ≥ 30 s (the default) for those options.
 */
import { checkDrtBatch, drtBatch } from '../drt/drt.ts';
import { DRT_OPTION_KEYS } from '../drt/solve.ts';
import type { DrtOptions } from '../drt/types.ts';
import { EisError } from '../errors.ts';
import { checkLinKKBatch, KK_OPTION_KEYS, linKKBatch, type LinKKOptions } from '../kk/linkk.ts';
import { fitInWorkers } from '../runtime/workers.ts';
import type { SpectrumInput } from '../types/spectrum.ts';
import { checkOptionKeys, checkOptions } from '../validate.ts';
import type { DecodedJob, JobResults } from './payload.ts';
import { runGlobalJob } from './global-jobs.ts';
import { QUEUE_FIT_OPTION_KEYS, requireWasm } from './shared.ts';

/** Options that name something of this process (an engine object) or the backend (workers run WASM). */
const LOCAL_ONLY = new Set(['engine', 'backend']);

/** linKK()'s per-spectrum options a queued Lin-KK batch takes. */
export const QUEUE_KK_OPTION_KEYS: readonly string[] = KK_OPTION_KEYS.filter((k) => !LOCAL_ONLY.has(k));
/** drt()'s per-spectrum options a queued DRT batch takes. */
export const QUEUE_DRT_OPTION_KEYS: readonly string[] = DRT_OPTION_KEYS.filter((k) => !LOCAL_ONLY.has(k));

/** The options of submitLinKKBatch: linKK()'s without `backend` and `engine`. */
export type QueueLinKKOptions = Omit<LinKKOptions, 'backend' | 'engine'>;
/** The options of submitDrtBatch: drt()'s without `backend` and `engine`. */
export type QueueDrtOptions = Omit<DrtOptions, 'backend' | 'engine'>;

/** Spectra per message from the pool's thread (its progress steps; the job goes to the pool as one part). */
const POOL_CHUNK = 32;
/** Lin-KK tests between two turns of the event loop. */
const KK_STEP = 8;
/** DRTs between two turns of the event loop. */
const DRT_STEP = 1;

/** linKKBatch's or drtBatch's checks of a batch with the queue's option keys (the submitter's, before any job). */
export function checkKindBatch(kind: 'linkk' | 'drt', spectra: readonly SpectrumInput[], options: unknown): void {
  if (kind === 'linkk') checkLinKKBatch(spectra, options, QUEUE_KK_OPTION_KEYS);
  else checkDrtBatch(spectra, options, QUEUE_DRT_OPTION_KEYS);
}

/**
 * The results of a decoded job's chunk, in order, as the batch function gives them (a fit job's
 * still packed, as the pool sent them); `onProgress`
 * as theirs; `signal` (BullMQ's, when it cancels the job) ends a DRT chunk between spectra.
 */
export async function runJob(job: DecodedJob, onProgress: (done: number, total: number) => void, signal?: AbortSignal): Promise<JobResults> {
  const options = job.options as Record<string, unknown>;
  // whole: the job in one part (split into ~16, a 256-spectrum job cost twice a fit's CPU in the pool's messages);
  // packed: the pool's chunks go into the result's text as they came, not unpacked here to be packed again
  if (job.kind === 'fit') return { parts: await fitInWorkers(1, job.circuit, job.spectraList, options, QUEUE_FIT_OPTION_KEYS, false, POOL_CHUNK, onProgress, { whole: true, packed: true }) };
  if (job.kind === 'global') return { results: await runGlobalJob(job, onProgress, signal) };
  // a job made by another submitter may hold any key: the ones of this kind only
  checkOptionKeys(checkOptions('options', options), job.kind === 'linkk' ? QUEUE_KK_OPTION_KEYS : QUEUE_DRT_OPTION_KEYS);
  await requireWasm();
  if (job.kind === 'linkk') return { results: await linKKBatch(job.spectraList, { ...options, backend: 'wasm', chunkSize: KK_STEP, onProgress }) };
  return { results: await drtBatch(job.spectraList, { ...options, backend: 'wasm', chunkSize: DRT_STEP, onProgress, ...(signal ? { signal } : {}) }) };
}

/**
 * An error of a chunk's batch call with its spectrum named by its index in the whole batch:
 * `spectra[k]` becomes `spectra[offset + k]` in the message and `details.argument`, and
 * `details.spectrum` is shifted by `offset`, as the local batch would name it. An error that
 * names its series (details.series: a 'global' job's, src/queue/global-jobs.ts) is in the
 * batch's terms already: its `spectra[k]` is the k-th of that series.
 */
export function inBatch(e: unknown, offset: number): unknown {
  if (!(e instanceof EisError) || offset === 0 || typeof e.details.series === 'number') return e;
  const shift = (text: string) => text.replace(/spectra\[(\d+)\]/g, (_, k: string) => `spectra[${offset + Number(k)}]`);
  const details: Record<string, unknown> = { ...e.details };
  if (typeof details.spectrum === 'number') details.spectrum = offset + details.spectrum;
  if (typeof details.argument === 'string') details.argument = shift(details.argument);
  return new EisError(e.code, shift(e.message), details);
}
