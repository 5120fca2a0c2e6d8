/**
 * Spreads a batch of fits over worker threads: Node `worker_threads` or browser Web Workers,
 * each with its own WASM engine. The worker script is embedded (bindings/worker-source.ts,
 * generated), so nothing has to be located on disk or served.
 */
import { compileModule } from '../../bindings/loader.ts';
import { EisError } from '../errors.ts';
import type { FitProblem, SpectrumInput } from './problem.ts';
import type { BackendFit } from './fit.ts';
import type { WorkerMessage, WorkerRequest } from './worker-entry.ts';

interface AnyWorker {
  /** Sends a request; the worker keeps the process alive (Node) until `idle()`. */
  post(req: WorkerRequest): void;
  /** The request is answered: an idle pooled worker must not keep a Node process alive. */
  idle(): void;
  /** Replaces the message handler (one request at a time per worker). */
  onMessage(fn: (m: WorkerMessage) => void): void;
  onError(fn: (e: unknown) => void): void;
  terminate(): void;
}

const isNode = () => typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';

/**
 * The embedded worker script, loaded on first use: bundles put it in a chunk of its own, so
 * code that never starts workers never downloads it.
 */
async function workerScript(): Promise<string> {
  return (await import('../../bindings/worker-source.ts')).workerSource;
}

async function startWorker(): Promise<AnyWorker> {
  const workerSource = await workerScript();
  if (isNode()) {
    const { Worker } = (await import('node:worker_threads')) as typeof import('node:worker_threads');
    // a data: URL makes it an ES module worker, with dynamic import of node: builtins
    const w = new Worker(new URL(`data:text/javascript;base64,${btoa(workerSource)}`));
    let onMsg: (m: WorkerMessage) => void = () => {};
    let onErr: (e: unknown) => void = () => {};
    w.on('message', (m: WorkerMessage) => onMsg(m));
    w.on('error', (e) => onErr(e));
    w.unref();
    return {
      post: (req) => {
        w.ref();
        w.postMessage(req);
      },
      idle: () => w.unref(),
      onMessage: (fn) => void (onMsg = fn),
      onError: (fn) => void (onErr = fn),
      terminate: () => void w.terminate(),
    };
  }
  if (typeof Worker !== 'function' || typeof Blob !== 'function' || typeof URL?.createObjectURL !== 'function') {
    throw new EisError('E_ARG_RANGE', 'invalid option. `workers` needs Web Workers, which this runtime does not have; leave `workers` at 1.', { argument: 'workers' });
  }
  const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
  const w = new Worker(url);
  let onMsg: (m: WorkerMessage) => void = () => {};
  let onErr: (e: unknown) => void = () => {};
  w.addEventListener('message', (e: MessageEvent<WorkerMessage>) => onMsg(e.data));
  w.addEventListener('error', (e) => onErr(e));
  return {
    post: (req) => w.postMessage(req),
    idle: () => {},
    onMessage: (fn) => void (onMsg = fn),
    onError: (fn) => void (onErr = fn),
    terminate: () => {
      w.terminate();
      URL.revokeObjectURL(url);
    },
  };
}

/**
 * Workers are kept between calls (starting one costs ~50 ms: parsing the bundle and compiling
 * the WASM), so repeated batches pay it once. A worker serves one request at a time: concurrent
 * batches take different workers (the pool grows as needed). A worker that failed is dropped.
 */
const pool: { worker: AnyWorker; busy: boolean }[] = [];

async function acquire(count: number): Promise<AnyWorker[]> {
  const taken: AnyWorker[] = [];
  for (const slot of pool) {
    if (taken.length === count) break;
    if (!slot.busy) {
      slot.busy = true;
      taken.push(slot.worker);
    }
  }
  while (taken.length < count) {
    const slot = { worker: await startWorker(), busy: true };
    pool.push(slot);
    taken.push(slot.worker);
  }
  return taken;
}

function release(w: AnyWorker): void {
  const slot = pool.find((s) => s.worker === w);
  if (slot) slot.busy = false;
  w.idle();
}

function drop(w: AnyWorker): void {
  const i = pool.findIndex((s) => s.worker === w);
  if (i >= 0) pool.splice(i, 1);
  w.terminate();
}

/** Terminates the pooled workers (they are also ended with the process or page). */
export function terminateFitWorkers(): void {
  for (const s of pool.splice(0)) s.worker.terminate();
}

/** What the workers return, in input order. */
export interface WorkerFits {
  fits: BackendFit[];
  problems: FitProblem[];
}

/**
 * Fits `spectra` in `count` workers, contiguous slices in input order; each slice's warm-start
 * chain starts at its own first spectrum. The workers validate the spectra and estimate start
 * values (an invalid spectrum rejects with its EisError, its index counted in the whole batch).
 * Calls onProgress with the total done so far.
 */
export async function fitInWorkers(count: number, source: string, spectra: readonly SpectrumInput[], options: Record<string, unknown>,
  optionKeys: readonly string[], warmStart: boolean, chunkSize: number, onProgress: (done: number) => void): Promise<WorkerFits> {
  const n = Math.min(count, spectra.length);
  const size = Math.ceil(spectra.length / n);
  const slices = Array.from({ length: n }, (_, k) => spectra.slice(k * size, (k + 1) * size)).filter((s) => s.length);
  const done = new Array<number>(slices.length).fill(0);
  const workers = await acquire(slices.length);
  const module = await compileModule();
  const results = await Promise.allSettled(slices.map((slice, k) => new Promise<WorkerFits>((resolve, reject) => {
    const w = workers[k]!;
    const fail = (message: string) => {
      drop(w);
      reject(new EisError('E_INTERNAL', `fitting worker ${k} failed: ${message}`));
    };
    w.onMessage((m) => {
      if (m.type === 'progress') {
        done[k] = m.done;
        onProgress(done.reduce((a, b) => a + b, 0));
      } else if (m.type === 'done') {
        release(w);
        resolve({ fits: m.fits, problems: m.problems });
      } else if (m.code && m.spectrum !== undefined) {
        // invalid input, found by the worker: the same error fitBatch throws in one thread
        release(w);
        const at = k * size + m.spectrum;
        reject(new EisError(m.code as EisError['code'], `spectra[${at}]: ${m.message}`, { ...m.details, spectrum: at }));
      } else fail(m.message);
    });
    w.onError((e) => fail((e as Error)?.message ?? String(e)));
    w.post({ module, source, spectra: slice as SpectrumInput[], options, optionKeys: [...optionKeys], warmStart, chunkSize });
  })));
  // the first invalid spectrum in input order wins, as in one thread
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  const ok = results as PromiseFulfilledResult<WorkerFits>[];
  return { fits: ok.flatMap((r) => r.value.fits), problems: ok.flatMap((r) => r.value.problems) };
}
