/**
 * The code a fitting worker runs (bundled by scripts/embed-worker.mjs into a self-contained
 * script, src/runtime/generated/worker-source.ts, that src/runtime/workers.ts starts as a Node
 * worker thread or a browser Web Worker).
 *
 * Protocol (src/runtime/worker-protocol.ts): per request { source, spectra, options, warmStart,
 * chunkSize } one { type: 'chunk', done, packed } after every chunk (src/runtime/chunked.ts)
 * → { type: 'done', busyMs, cpuMs } (or { type: 'error', … }); requests are handled in turn. The worker does everything the calling
 * thread would do per spectrum: it validates its spectra and estimates start values
 * (buildProblem), fits, and assembles the results (assembleResult, with the quality verdict:
 * the costly part of a cheap fit); a chunk's results go back as one packed Float64Array
 * (src/runtime/pack.ts) in the transfer list, which the calling thread only unpacks.
 */
import { createEngine, selectBackend } from '../backend/select.ts';
import type { WarmChain } from '../types/problems.ts';
import { provideModule } from '../../bindings/loader.ts';
import { parseCircuit } from '../circuit/circuit.ts';
import { EisError } from '../errors.ts';
import { SpectrumArena } from '../validate.ts';
import { buildProblem, type FitProblem, type ProblemBatch } from './problem.ts';
import { fitChunk } from './fit.ts';
import { runChunked } from '../runtime/chunked.ts';
import { packValues, unpackSpectra } from '../runtime/pack.ts';
import { threadCpuMs } from '../runtime/thread-cpu.ts';
import type { WorkerMessage, WorkerRequest } from '../runtime/worker-protocol.ts';

let enginePromise: ReturnType<typeof createEngine> | undefined;

/**
 * Fits a request's slice. `cpu`: the thread's CPU time in ms (NaN where the runtime does not
 * tell), for the benchmarks' per-worker figures.
 */
async function handle(req: WorkerRequest, post: (m: WorkerMessage, transfer?: ArrayBuffer[]) => void, cpu: () => number): Promise<void> {
  const began = performance.now(), cpu0 = cpu();
  let k = 0;
  try {
    provideModule(req.module);
    const backend = selectBackend({ backend: 'wasm', engine: await (enginePromise ??= createEngine()) }); // one engine per worker, reused
    const circuit = parseCircuit(req.source);
    const problems: FitProblem[] = [];
    const spectra = unpackSpectra(req.spectra);
    const batch: ProblemBatch = { arena: new SpectrumArena() }; // as in fitBatch: shared blocks, options parsed once
    for (; k < spectra.length; k++) problems.push(buildProblem(circuit, spectra[k], req.options, req.optionKeys, batch, backend.guess));
    k = -1;
    const chain: WarmChain = { warmStart: req.warmStart };
    let busy = performance.now() - began;
    await runChunked(problems, { chunkSize: req.chunkSize }, (chunk, start) => {
      const t = performance.now();
      const results = fitChunk(circuit, backend, chunk, chain);
      const packed = packValues(results);
      busy += performance.now() - t;
      post({ type: 'chunk', done: start + chunk.length, packed }, [packed.data.buffer as ArrayBuffer]);
      return results;
    });
    post({ type: 'done', busyMs: busy, cpuMs: cpu() - cpu0 });
  } catch (e) {
    const err = e as Error;
    post({
      type: 'error', message: err?.message ?? String(e),
      ...(e instanceof EisError ? { code: e.code, details: { ...e.details } } : {}),
      ...(k >= 0 ? { spectrum: k } : {}),
    });
  }
}

/**
 * Requests are handled one after the other (the calling thread sends the next part before this
 * one is done, so the worker never waits for it): their messages never interleave.
 */
let queue: Promise<void> = Promise.resolve();
function inTurn(run: () => Promise<void>): void {
  queue = queue.then(run);
}

// Node worker thread (started from a data: URL, so this runs as an ES module there) or Web Worker.
const g = globalThis as unknown as {
  process?: { versions?: { node?: string } };
  onmessage?: (e: { data: WorkerRequest }) => void;
  postMessage?: (m: WorkerMessage, transfer?: ArrayBuffer[]) => void;
};
if (g.process?.versions?.node) {
  void Promise.all([import('node:worker_threads'), import('node:fs')]).then(([{ parentPort }, { readFileSync }]) => {
    const cpu = () => threadCpuMs(readFileSync);
    parentPort!.on('message', (req: WorkerRequest) => inTurn(() => handle(req, (m, t) => parentPort!.postMessage(m, t ?? []), cpu)));
  });
} else {
  g.onmessage = (e) => inTurn(() => handle(e.data, (m, t) => g.postMessage!(m, t ?? []), () => Number.NaN));
}
