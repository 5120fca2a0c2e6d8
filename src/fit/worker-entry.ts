/**
 * The code a fitting worker runs (bundled by scripts/embed-worker.mjs into a self-contained
 * script, src/runtime/generated/worker-source.ts, that src/runtime/workers.ts starts as a Node
 * worker thread or a browser Web Worker).
 *
 * Protocol (src/runtime/worker-protocol.ts): one request { source, spectra, options, warmStart,
 * chunkSize } → progress messages { type: 'progress', done } after every chunk (src/runtime/chunked.ts)
 * → { type: 'done', fits, problems } (or { type: 'error', … }). The worker validates its spectra
 * and estimates start values itself (buildProblem: the costly part of a cheap fit), so the
 * calling thread only assembles results;
 * every typed array goes back in the transfer list (moved, not copied).
 */
import { createEngine, selectBackend } from '../backend/select.ts';
import type { BackendFit, WarmChain } from '../types/problems.ts';
import { provideModule } from '../../bindings/loader.ts';
import { parseCircuit } from '../circuit/circuit.ts';
import { EisError } from '../errors.ts';
import { buildProblem, type FitProblem } from './problem.ts';
import { fitWithStarts } from './fit.ts';
import { runChunked } from '../runtime/chunked.ts';
import type { WorkerMessage, WorkerRequest } from '../runtime/worker-protocol.ts';

let enginePromise: ReturnType<typeof createEngine> | undefined;

/** The distinct buffers behind a message's typed arrays. */
function buffers(fits: BackendFit[], problems: FitProblem[]): ArrayBuffer[] {
  const set = new Set<ArrayBuffer>();
  const add = (a: ArrayBufferView) => set.add(a.buffer as ArrayBuffer);
  for (const f of fits) add(f.block.params);
  for (const p of problems) [p.freq, p.zre, p.zim, p.xre, p.xim, p.sre, p.sim, p.params, p.free, p.lower, p.upper, p.kinds, p.u0].forEach(add);
  return [...set];
}

async function handle(req: WorkerRequest, post: (m: WorkerMessage, transfer?: ArrayBuffer[]) => void): Promise<void> {
  let k = 0;
  try {
    provideModule(req.module);
    const backend = selectBackend({ backend: 'wasm', engine: await (enginePromise ??= createEngine()) }); // one engine per worker, reused
    const circuit = parseCircuit(req.source);
    const problems: FitProblem[] = [];
    for (; k < req.spectra.length; k++) problems.push(buildProblem(circuit, req.spectra[k], req.options, req.optionKeys));
    k = -1;
    const chain: WarmChain = { warmStart: req.warmStart };
    const fits = await runChunked(problems, { chunkSize: req.chunkSize, onProgress: (done) => post({ type: 'progress', done }) },
      (chunk) => fitWithStarts(chunk, (prs) => backend.fitBatch(circuit.kernelProgram, prs, chain)));
    post({ type: 'done', fits, problems }, buffers(fits, problems));
  } catch (e) {
    const err = e as Error;
    post({
      type: 'error', message: err?.message ?? String(e),
      ...(e instanceof EisError ? { code: e.code, details: { ...e.details } } : {}),
      ...(k >= 0 ? { spectrum: k } : {}),
    });
  }
}

// Node worker thread (started from a data: URL, so this runs as an ES module there) or Web Worker.
const g = globalThis as unknown as {
  process?: { versions?: { node?: string } };
  onmessage?: (e: { data: WorkerRequest }) => void;
  postMessage?: (m: WorkerMessage, transfer?: ArrayBuffer[]) => void;
};
if (g.process?.versions?.node) {
  void import('node:worker_threads').then(({ parentPort }) => {
    parentPort!.on('message', (req: WorkerRequest) => void handle(req, (m, t) => parentPort!.postMessage(m, t ?? [])));
  });
} else {
  g.onmessage = (e) => void handle(e.data, (m, t) => g.postMessage!(m, t ?? []));
}
