/**
 * The code a fitting worker runs (bundled by scripts/embed-worker.mjs into a self-contained
 * script that src/fit/workers.ts starts as a Node worker thread or a browser Web Worker).
 * Protocol: one request { source, problems, warmStart, chunkSize } → progress messages
 * { type: 'progress', done } after every chunk → { type: 'done', fits } (or { type: 'error' }).
 */
import { createEngine } from '../backend.ts';
import { parseCircuit } from '../circuit/circuit.ts';
import type { FitProblem } from './problem.ts';
import type { BackendFit } from './fit.ts';

export interface WorkerRequest {
  source: string;
  problems: FitProblem[];
  warmStart: boolean;
  chunkSize: number;
}

export type WorkerMessage =
  | { type: 'progress'; done: number }
  | { type: 'done'; fits: BackendFit[] }
  | { type: 'error'; message: string };

let enginePromise: ReturnType<typeof createEngine> | undefined;

async function handle(req: WorkerRequest, post: (m: WorkerMessage) => void): Promise<void> {
  try {
    const engine = await (enginePromise ??= createEngine()); // one engine per worker, reused
    const program = parseCircuit(req.source).kernelProgram;
    const fits: BackendFit[] = [];
    let previous: BackendFit | undefined;
    for (let start = 0; start < req.problems.length; start += req.chunkSize) {
      const chunk = req.problems.slice(start, start + req.chunkSize);
      const out = engine.fitBatch(program, chunk, req.warmStart, previous);
      fits.push(...out);
      const last = out[out.length - 1]!;
      previous = req.warmStart && last.status > 0 ? last : undefined;
      post({ type: 'progress', done: fits.length });
    }
    post({ type: 'done', fits });
  } catch (e) {
    post({ type: 'error', message: (e as Error)?.message ?? String(e) });
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
