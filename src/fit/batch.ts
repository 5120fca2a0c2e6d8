/**
 * fitBatch(): one circuit fitted to many spectra (a temperature or time series, a map).
 * The fitting loop runs inside WASM over a chunk of spectra per call; between chunks the
 * progress callback runs and the event loop gets a turn, so a page stays responsive.
 */
import type { Circuit } from '../circuit/circuit.ts';
import { selectEngine } from '../backend.ts';
import { EisError, show } from '../errors.ts';
import { buildProblem, checkOptionKeys, FIT_OPTION_KEYS, type FitOptions, type FitProblem, type SpectrumInput } from './problem.ts';
import { checkOptions } from '../validate.ts';

const BATCH_OPTION_KEYS = [...FIT_OPTION_KEYS, 'warmStart', 'onProgress', 'chunkSize', 'workers'];
import { assembleResult, fitReference, fitWithStarts, type BackendFit, type FitResult } from './fit.ts';
import { fitInWorkers } from './workers.ts';
import { nextTurn } from '../next-turn.ts';
import { hasWebAssembly } from '../../bindings/loader.ts';
import { BOUND_BOTH, BOUND_LOWER, BOUND_UPPER } from './transform.ts';

export interface FitBatchOptions extends FitOptions {
  /** Seed each fit with the previous fit's solution when that fit succeeded. @default false */
  warmStart?: boolean;
  /** Called after every chunk with (spectra done, total). */
  onProgress?: (done: number, total: number) => void;
  /** Spectra per WASM call (between progress reports). @default 256 */
  chunkSize?: number;
  /**
   * Worker threads (Node) or Web Workers (browsers) to spread the batch over, each with its own
   * engine; 1 runs in the calling thread. Each worker takes a contiguous slice, so with
   * `warmStart` the chain restarts at every slice. Needs the WASM backend. @default 1
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
  if (!Array.isArray(spectra) || spectra.length === 0) {
    throw new EisError('E_ARG_TYPE', `invalid argument. \`spectra\` must be a non-empty array of { freq, re, im }; got ${show(spectra)}.`, { argument: 'spectra' });
  }
  checkOptionKeys(checkOptions('options', options), BATCH_OPTION_KEYS);
  const { onProgress, warmStart = false, chunkSize = 256 } = options;
  if (warmStart && options.starts !== undefined && options.starts !== 1) {
    throw new EisError('E_ARG_RANGE', 'invalid options. `starts` (multi-start) and `warmStart` exclude each other: a warm start seeds each fit with the previous solution, a multi-start perturbs the own start values. Choose one.', { argument: 'starts' });
  }
  if (onProgress !== undefined && typeof onProgress !== 'function') throw new EisError('E_ARG_TYPE', `invalid option. \`onProgress\` must be a function; got ${show(onProgress)}.`, { argument: 'onProgress' });
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new EisError('E_ARG_RANGE', `invalid option. \`chunkSize\` must be an integer ≥ 1; got ${show(chunkSize)}.`, { argument: 'chunkSize' });
  const workers = options.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1) throw new EisError('E_ARG_RANGE', `invalid option. \`workers\` must be an integer ≥ 1; got ${show(workers)}.`, { argument: 'workers' });
  if (workers > 1 && spectra.length > 1) {
    // each worker makes its own engine, so init() in this thread is not needed
    if (options.backend === 'js' || !hasWebAssembly()) throw new EisError('E_ARG_RANGE', 'invalid option. `workers` runs the WASM backend in each worker; it cannot be combined with backend: "js" or a runtime without WebAssembly.', { argument: 'workers' });
    // the workers validate the spectra and estimate start values; this thread assembles results
    const { engine: _e, onProgress: _p, backend: _b, workers: _w, chunkSize: _c, warmStart: _s, ...fitOptions } = options;
    const { fits, problems } = await fitInWorkers(workers, circuit.toString(), spectra, fitOptions, BATCH_OPTION_KEYS, warmStart, chunkSize, (done) => onProgress?.(done, spectra.length));
    return fits.map((b, k) => assembleResult(circuit, problems[k]!, b, 'wasm'));
  }
  const problems: FitProblem[] = spectra.map((s, k) => {
    try {
      return buildProblem(circuit, s, options, BATCH_OPTION_KEYS);
    } catch (e) {
      if (e instanceof EisError) throw new EisError(e.code, `spectra[${k}]: ${e.message}`, { ...e.details, spectrum: k });
      throw e;
    }
  });
  const engine = selectEngine(options);
  const results: FitResult[] = [];
  let previous: BackendFit | undefined;
  for (let start = 0; start < problems.length; start += chunkSize) {
    const chunk = problems.slice(start, start + chunkSize);
    if (engine) {
      // warm start across chunk boundaries: the kernel gets the last fit of the previous chunk
      const out = fitWithStarts(chunk, (prs) => engine.fitBatch(circuit.kernelProgram, prs, warmStart, previous));
      out.forEach((b, k) => results.push(assembleResult(circuit, chunk[k]!, b, 'wasm')));
      const last = out[out.length - 1]!;
      previous = warmStart && last.status > 0 ? last : undefined;
    } else {
      for (const pr of chunk) {
        const [b] = fitWithStarts([pr], (prs) => prs.map((p) => (previous ? warmFit(circuit, p, previous) : fitReference(circuit, p))));
        results.push(assembleResult(circuit, pr, b, 'js'));
        previous = warmStart && b.status > 0 ? b : undefined;
      }
    }
    onProgress?.(results.length, problems.length);
    if (start + chunkSize < problems.length) await nextTurn();
  }
  return results;
}

/** A warm-start value this far (ln 1e6) beyond the own start on the bound side counts as "at the bound" (as in assembly/lm.ts). */
const WARM_LIMIT = Math.log(1e6);
/** A warm fit whose χ² exceeds the previous fit's by this factor is redone from its own start values. */
const WARM_WORSE = 10;

/**
 * Warm start values: the previous solution, except for parameters that ended at a bound there
 * (their transform is flat, so they could not move again), which keep their own start value.
 */
function warmStartValues(pr: FitProblem, prev: Float64Array): Float64Array {
  return Float64Array.from(pr.u0, (u0, k) => {
    const up = prev[k]!, kind = pr.kinds[k]!;
    const atBound = kind === BOUND_LOWER || kind === BOUND_UPPER ? up < u0 - WARM_LIMIT : kind === BOUND_BOTH ? Math.abs(up) > WARM_LIMIT : false;
    return atBound ? u0 : up;
  });
}

/** Keeps the warm fit unless it failed or is much worse than the previous fit; then the better of it and a fit from the own start values. */
function chooseWarm(warm: BackendFit, previous: BackendFit, cold: () => BackendFit): BackendFit {
  if (warm.status > 0 && !(warm.chi2 > WARM_WORSE * previous.chi2)) return warm;
  const c = cold();
  if ((c.status <= 0 && warm.status > 0) || (warm.status > 0 && warm.chi2 <= c.chi2 * (1 + 1e-12))) return warm;
  return { ...c, warmFallback: true };
}

function warmFit(circuit: Circuit, pr: FitProblem, previous: BackendFit): BackendFit {
  return chooseWarm(fitReference(circuit, pr, warmStartValues(pr, previous.block.u)), previous, () => fitReference(circuit, pr));
}
