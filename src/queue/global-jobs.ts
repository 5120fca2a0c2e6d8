/**
 * Global fits over the queue: the unit of a 'global' job is a whole series (globalFit is one
 * coupled problem over a temperature series; it cannot be cut). Here: the options a queued global
 * fit takes, the submitter's checks of a batch of series (globalFit's own, per series), and what a
 * worker does with a 'global' job.
 *
 * Naming: an error of series i is globalFit's EisError on that series, same code, its message
 * prefixed `series[i]: ` and `details.series = i`; a spectrum in it stays named as globalFit names
 * it, `spectra[k]`: the k-th spectrum of series i (details.spectrum = k where globalFit sets it).
 *
 * The worker runs the series of a job one after another on its own thread (WASM backend), with a
 * turn of the event loop between them, so BullMQ's lock renewal runs between two global fits. The
 * bound: one globalFit must stay below lockDuration / 2 (15 s by default). Measured on the recipe
 * (WASM, lack-of-fit refit included): 8–11 ms for 7 spectra, 35–85 ms for 50 (bench/README.md),
 * 36–151 ms for 50 in test/queue-global.node.test.ts on the loaded 2-core VM: at most ~3 ms per
 * spectrum of the series (the Schur-complement LM grows linearly), so a series would need
 * thousands of spectra to come near the bound.
 */
import type { Circuit } from '../circuit/circuit.ts';
import { parseCircuit } from '../circuit/circuit.ts';
import { EisError, show } from '../errors.ts';
import { checkGlobalFit, GLOBAL_OPTION_KEYS, globalFit, type GlobalFitOptions, type GlobalFitResult, type GlobalSpectrumInput } from '../global/global-fit.ts';
import { nextTurn } from '../next-turn.ts';
import { checkOptionKeys, checkOptions } from '../validate.ts';
import { canonicalJson } from './job-id.ts';
import type { DecodedJob } from './payload.ts';
import { requireWasm } from './shared.ts';

/**
 * globalFit()'s options a queued global fit takes: all but `backend`, `engine` (workers run WASM;
 * an engine is an object of this process) and `start` (a GlobalFitResult: Float64Arrays and NaN,
 * which a job's JSON cannot carry as they are).
 */
export const QUEUE_GLOBAL_OPTION_KEYS: readonly string[] = GLOBAL_OPTION_KEYS.filter((k) => k !== 'backend' && k !== 'engine' && k !== 'start');

/** The options of submitGlobalFitBatch: globalFit()'s without `backend`, `engine` and `start`. */
export type QueueGlobalFitOptions = Omit<GlobalFitOptions, 'backend' | 'engine' | 'start'>;

/**
 * Series per job unless `chunkSize` says otherwise. A global fit of a 5–50-spectrum series takes
 * 10–90 ms on WASM, a job's overhead a few ms: 8 series make a job of about 0.1–0.7 s, still
 * cheap next to that overhead, while a batch of a few dozen cells is spread over several workers
 * (256, the default of the other kinds, would put a typical batch in one job on one worker).
 */
export const GLOBAL_CHUNK = 8;

/** `e` (an error of series `i`) named by its series: `series[i]: ` before the message, details.series = i. */
export function inSeries(e: unknown, i: number): unknown {
  if (!(e instanceof EisError)) return e;
  return new EisError(e.code, `series[${i}]: ${e.message}`, { ...e.details, series: i });
}

/**
 * The submitter's checks, before any job: `series` a non-empty array, the options an object of the
 * queue's keys (`start` refused with its reason), then every series as globalFit checks it (its
 * errors named by inSeries), then the options plain JSON (canonicalJson names what is not).
 */
export function checkGlobalBatch(circuit: Circuit, series: readonly (readonly GlobalSpectrumInput[])[], options: unknown): void {
  if (!Array.isArray(series) || series.length === 0) {
    throw new EisError('E_ARG_TYPE', `invalid argument. \`series\` must be a non-empty array of temperature series (each an array of spectra { freq, re, im, temperatureK }); got ${show(series)}.`, { argument: 'series' });
  }
  const o = checkOptions('options', options);
  if (o.start !== undefined) {
    throw new EisError('E_ARG_RANGE', 'invalid option. `start` (a GlobalFitResult) cannot be sent to a queue: its Float64Arrays and NaNs are not plain JSON; fit with globalFit locally to start from a previous result.', { argument: 'start' });
  }
  checkOptionKeys(o, QUEUE_GLOBAL_OPTION_KEYS);
  for (let i = 0; i < series.length; i++) {
    if (!(i in series)) throw new EisError('E_ARG_TYPE', `invalid argument. \`series[${i}]\` must be an array of spectra; got a hole (sparse array).`, { argument: `series[${i}]`, series: i });
    try {
      checkGlobalFit(circuit, series[i]!, options as GlobalFitOptions, QUEUE_GLOBAL_OPTION_KEYS);
    } catch (e) {
      throw inSeries(e, i);
    }
  }
  canonicalJson(o, 'options');
}

/**
 * The global fits of a decoded 'global' job, one per series in order, each
 * `globalFit(circuit, series, options)` on WASM; `onProgress` after each series; `signal`
 * (BullMQ's, when it cancels the job) ends the job between two series with E_ABORTED.
 */
export async function runGlobalJob(job: DecodedJob, onProgress: (done: number, total: number) => void, signal?: AbortSignal): Promise<GlobalFitResult[]> {
  const counts = job.series!;
  // a job made by another submitter may hold any key: the queue's only
  const options = checkOptions('options', job.options);
  checkOptionKeys(options, QUEUE_GLOBAL_OPTION_KEYS);
  await requireWasm();
  const circuit = parseCircuit(job.circuit);
  const results: GlobalFitResult[] = [];
  let at = 0;
  for (let j = 0; j < counts.length; j++) {
    if (j > 0) await nextTurn(); // BullMQ's lock renewal runs here
    if (signal?.aborted) throw new EisError('E_ABORTED', `the global job was cancelled after ${j} of ${counts.length} series.`, { done: j, total: counts.length, cause: signal.reason });
    const spectra = job.spectraList.slice(at, (at += counts[j]!)) as unknown as GlobalSpectrumInput[];
    try {
      results.push(await globalFit(circuit, spectra, { ...options, backend: 'wasm' }));
    } catch (e) {
      throw inSeries(e, job.chunk.offset + j);
    }
    onProgress(j + 1, counts.length);
  }
  return results;
}
