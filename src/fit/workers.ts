/**
 * Spreads a batch of fits over worker threads: Node `worker_threads` or browser Web Workers,
 * each with its own WASM engine. The worker script is embedded (bindings/worker-source.ts,
 * generated), so nothing has to be located on disk or served.
 */
import { workerSource } from '../../bindings/worker-source.ts';
import { EisError } from '../errors.ts';
import type { FitProblem } from './problem.ts';
import type { BackendFit } from './fit.ts';
import type { WorkerMessage, WorkerRequest } from './worker-entry.ts';

interface AnyWorker {
  post(req: WorkerRequest): void;
  onMessage(fn: (m: WorkerMessage) => void): void;
  onError(fn: (e: unknown) => void): void;
  terminate(): void;
}

const isNode = () => typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';

async function startWorker(): Promise<AnyWorker> {
  if (isNode()) {
    const { Worker } = (await import('node:worker_threads')) as typeof import('node:worker_threads');
    // a data: URL makes it an ES module worker, with dynamic import of node: builtins
    const w = new Worker(new URL(`data:text/javascript;base64,${btoa(workerSource)}`));
    return {
      post: (req) => w.postMessage(req),
      onMessage: (fn) => void w.on('message', fn),
      onError: (fn) => void w.on('error', fn),
      terminate: () => void w.terminate(),
    };
  }
  if (typeof Worker !== 'function' || typeof Blob !== 'function' || typeof URL?.createObjectURL !== 'function') {
    throw new EisError('E_ARG_RANGE', 'invalid option. `workers` needs Web Workers, which this runtime does not have; leave `workers` at 1.', { argument: 'workers' });
  }
  const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
  const w = new Worker(url);
  return {
    post: (req) => w.postMessage(req),
    onMessage: (fn) => w.addEventListener('message', (e: MessageEvent<WorkerMessage>) => fn(e.data)),
    onError: (fn) => w.addEventListener('error', fn),
    terminate: () => {
      w.terminate();
      URL.revokeObjectURL(url);
    },
  };
}

/**
 * Fits `problems` in `count` workers, contiguous slices in input order; each slice's warm-start
 * chain starts at its own first spectrum. Calls onProgress with the total done so far.
 */
export async function fitInWorkers(count: number, source: string, problems: readonly FitProblem[], warmStart: boolean,
  chunkSize: number, onProgress: (done: number) => void): Promise<BackendFit[]> {
  const n = Math.min(count, problems.length);
  const size = Math.ceil(problems.length / n);
  const slices = Array.from({ length: n }, (_, k) => problems.slice(k * size, (k + 1) * size)).filter((s) => s.length);
  const done = new Array<number>(slices.length).fill(0);
  const workers = await Promise.all(slices.map(() => startWorker()));
  try {
    const results = await Promise.all(slices.map((slice, k) => new Promise<BackendFit[]>((resolve, reject) => {
      const w = workers[k]!;
      w.onMessage((m) => {
        if (m.type === 'progress') {
          done[k] = m.done;
          onProgress(done.reduce((a, b) => a + b, 0));
        } else if (m.type === 'done') resolve(m.fits);
        else reject(new EisError('E_INTERNAL', `fitting worker ${k} failed: ${m.message}`));
      });
      w.onError((e) => reject(new EisError('E_INTERNAL', `fitting worker ${k} failed: ${(e as Error)?.message ?? String(e)}`)));
      w.post({ source, problems: slice, warmStart, chunkSize });
    })));
    return results.flat();
  } finally {
    for (const w of workers) w.terminate();
  }
}
