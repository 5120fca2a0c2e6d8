/**
 * The code a fitting worker runs (bundled by scripts/embed-worker.mjs into a self-contained
 * script that src/fit/workers.ts starts as a Node worker thread or a browser Web Worker).
 * Each worker runs the ordinary single-threaded fitBatch on its slice — problem setup,
 * automatic start values, the WASM fitting loop and result assembly all happen in the
 * worker, so they all scale with the cores.
 * Protocol: one request { source, spectra, options } → { type: 'progress', done } after every
 * chunk → { type: 'done', results } or { type: 'error', code, message, details }.
 */
import { init } from '../backend.ts';
import { parseCircuit } from '../circuit/circuit.ts';
import { EisError } from '../errors.ts';
import { fitBatch, type FitBatchOptions } from './batch.ts';
import type { FitResult } from './fit.ts';
import type { SpectrumInput } from './problem.ts';

export interface WorkerRequest {
  source: string;
  spectra: SpectrumInput[];
  options: Omit<FitBatchOptions, 'onProgress' | 'engine' | 'workers'>;
}

export type WorkerMessage =
  | { type: 'progress'; done: number }
  | { type: 'done'; results: FitResult[] }
  | { type: 'error'; code: string; message: string; details: Record<string, unknown> };

async function handle(req: WorkerRequest, post: (m: WorkerMessage) => void): Promise<void> {
  try {
    await init(); // once per worker; later calls return at once
    const results = await fitBatch(parseCircuit(req.source), req.spectra, {
      ...req.options, backend: 'wasm', workers: 1, onProgress: (done) => post({ type: 'progress', done }),
    });
    post({ type: 'done', results });
  } catch (e) {
    const err = e instanceof EisError ? e : new EisError('E_INTERNAL', (e as Error)?.message ?? String(e));
    post({ type: 'error', code: err.code, message: err.message, details: { ...err.details } });
  }
}

// Node worker thread (started from a data: URL, so this runs as an ES module there) or Web Worker.
const g = globalThis as unknown as {
  process?: { versions?: { node?: string } };
  onmessage?: (e: { data: WorkerRequest }) => void;
  postMessage?: (m: WorkerMessage) => void;
};
if (g.process?.versions?.node) {
  void import('node:worker_threads').then(({ parentPort }) => {
    parentPort!.on('message', (req: WorkerRequest) => void handle(req, (m) => parentPort!.postMessage(m)));
  });
} else {
  g.onmessage = (e) => void handle(e.data, (m) => g.postMessage!(m));
}
