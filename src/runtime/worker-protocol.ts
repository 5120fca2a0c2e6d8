/**
 * The messages between a thread that fits in workers (./workers.ts) and a fitting worker
 * (src/fit/worker-entry.ts). Here, below both, so the runtime never imports the facade:
 * fit/ → runtime/, never the other way.
 *
 * Protocol, per request (a worker may hold the next before it answers one; it handles them in
 * turn): a 'chunk' message after every chunk (its results packed in one
 * transferred Float64Array, ./pack.ts) → one 'done' (or 'error'). 'progress' (spectra done, no
 * results) is accepted too.
 */
import type { PackedChunk, PackedSpectra } from './pack.ts';

export interface WorkerRequest {
  /** The compiled WASM module (the worker script carries no WASM of its own). */
  module: WebAssembly.Module;
  source: string;
  /** The slice's spectra, Float64Array ones packed in one transferred buffer (./pack.ts). */
  spectra: PackedSpectra;
  /** The fit options (structured-cloneable ones: no engine, no callbacks). */
  options: Record<string, unknown>;
  /** The option names buildProblem accepts. */
  optionKeys: string[];
  warmStart: boolean;
  chunkSize: number;
}

export type WorkerMessage =
  | { type: 'progress'; done: number }
  /** The results of the slice's spectra [done − count, done), count = the values packed. */
  | { type: 'chunk'; done: number; packed: PackedChunk }
  /**
   * The slice is done. `busyMs`: the worker's wall time validating, fitting, assembling and
   * packing it; `cpuMs`: the worker thread's CPU time meanwhile where the runtime tells (Linux
   * Node), else NaN — on shared cores the wall time counts the time other threads ran.
   */
  | { type: 'done'; busyMs: number; cpuMs: number }
  | { type: 'error'; message: string; code?: string; details?: Record<string, unknown>; spectrum?: number };
