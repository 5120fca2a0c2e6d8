/**
 * fitBatch(): one circuit fitted to many spectra (a temperature or time series, a map).
 * The fitting loop runs inside WASM over a chunk of spectra per call; between chunks the
 * progress callback runs and the event loop gets a turn, so a page stays responsive.
 */
import type { Circuit } from '../circuit/circuit.ts';
import { selectBackend } from '../backend/select.ts';
import type { WarmChain } from '../types/problems.ts';
import { EisError } from '../errors.ts';
import { buildProblem, checkOptionKeys, FIT_OPTION_KEYS, type FitOptions, type FitProblem, type ProblemBatch, type SpectrumInput } from './problem.ts';
import { checkOptions, checkSpectrumList, functionOption, integerInRange, MAX_CHUNK_SIZE, SpectrumArena } from '../validate.ts';

const BATCH_OPTION_KEYS = [...FIT_OPTION_KEYS, 'warmStart', 'onProgress', 'chunkSize', 'workers'];
import { fitChunk, type FitResult } from './fit.ts';
import { fitInWorkers, MAX_WORKERS } from '../runtime/workers.ts';
import { runChunked } from '../runtime/chunked.ts';
import { hasWebAssembly } from '../../bindings/loader.ts';

export interface FitBatchOptions extends FitOptions {
  /** Seed each fit with the previous fit's solution when that fit succeeded. @default false */
  warmStart?: boolean;
  /** Called after every chunk with (spectra done, total). If it throws, the batch rejects with EisError E_CALLBACK (its error in `details.cause`). */
  onProgress?: (done: number, total: number) => void;
  /** Spectra per WASM call (between progress reports): an integer from 1 to MAX_CHUNK_SIZE = 10⁶. @default 256 */
  chunkSize?: number;
  /**
   * Worker threads (Node) or Web Workers (browsers) to spread the batch over, each with its own
   * engine; 1 runs in the calling thread. Results are the same bit for bit as in one thread. The
   * workers validate, fit and assemble the results; each chunk comes back as one packed buffer.
   * Without `warmStart` the batch is dealt out in small parts as workers free up; with it each
   * worker takes a contiguous slice, so the chain restarts at every slice. Needs the WASM backend. At most 64
   * (MAX_WORKERS) workers exist at once; a batch that needs more than are free waits for them.
   * A fault rejects the batch and stops its workers: terminateFitWorkers() meanwhile with
   * E_ABORTED, a worker that fails with E_WORKER, a spectrum that cannot be sent to a worker
   * (structured clone) with E_ARG_TYPE, a throwing onProgress with E_CALLBACK. @default 1
   */
  workers?: number;
}

/**
 * Fits `circuit` to every spectrum; results in input order. Invalid input in any spectrum
 * throws EisError (naming the spectrum) before any fit runs.
 * @example
 * const results = await fitBatch(parseCircuit('R0-p(R1,CPE1)-CPE2'), spectra, { initial, warmStart: true, onProgress: (d, n) => console.log(`${d}/${n}`) });
 */
export async function fitBatch(circuit: Circuit, spectra: readonly SpectrumInput[], options: FitBatchOptions = {}): Promise<FitResult[]> {
  checkSpectrumList(spectra);
  checkOptionKeys(checkOptions('options', options), BATCH_OPTION_KEYS);
  const { onProgress, warmStart = false, chunkSize = 256 } = options;
  if (warmStart && options.starts !== undefined && options.starts !== 1) {
    throw new EisError('E_ARG_RANGE', 'invalid options. `starts` (multi-start) and `warmStart` exclude each other: a warm start seeds each fit with the previous solution, a multi-start perturbs the own start values. Choose one.', { argument: 'starts' });
  }
  functionOption(options as Record<string, unknown>, 'onProgress');
  integerInRange('chunkSize', chunkSize, 1, MAX_CHUNK_SIZE);
  const workers = options.workers ?? 1;
  integerInRange('workers', workers, 1, MAX_WORKERS); // the pool's bound, checked even when one spectrum runs in this thread
  if (workers > 1 && spectra.length > 1) {
    // each worker makes its own engine, so init() in this thread is not needed
    if (options.backend === 'js' || !hasWebAssembly()) throw new EisError('E_ARG_RANGE', 'invalid option. `workers` runs the WASM backend in each worker; it cannot be combined with backend: "js" or a runtime without WebAssembly.', { argument: 'workers' });
    // the workers validate the spectra, estimate start values, fit and assemble the results
    // (fitChunk, as below); this thread only unpacks one buffer per chunk
    const { engine: _e, onProgress: _p, backend: _b, workers: _w, chunkSize: _c, warmStart: _s, ...fitOptions } = options;
    return (await fitInWorkers(workers, circuit.toString(), spectra, fitOptions, BATCH_OPTION_KEYS, warmStart, chunkSize, onProgress)) as FitResult[];
  }
  // the spectra's validated copies are views of a few shared blocks, dropped with the problems;
  // the options are parsed once (ProblemBatch)
  const batch: ProblemBatch = { arena: new SpectrumArena() };
  const backend = selectBackend(options);
  const problems: FitProblem[] = spectra.map((s, k) => {
    try {
      return buildProblem(circuit, s, options, BATCH_OPTION_KEYS, batch, backend.guess);
    } catch (e) {
      if (e instanceof EisError) throw new EisError(e.code, `spectra[${k}]: ${e.message}`, { ...e.details, spectrum: k });
      throw e;
    }
  });
  // warm start across chunk boundaries: the backend carries the last fit of the previous chunk
  const chain: WarmChain = { warmStart };
  return runChunked(problems, { chunkSize, onProgress }, (chunk) => fitChunk(circuit, backend, chunk, chain));
}
