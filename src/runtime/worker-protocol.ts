/**
 * The messages between a thread that fits in workers (./workers.ts) and a fitting worker
 * (src/fit/worker-entry.ts). Here, below both, so the runtime never imports the facade:
 * fit/ → runtime/, never the other way.
 *
 * Protocol: one request → a progress message after every chunk → one 'done' (or 'error').
 */
import type { BackendFit, FitProblem } from '../types/problems.ts';
import type { SpectrumInput } from '../types/spectrum.ts';

export interface WorkerRequest {
  /** The compiled WASM module (the worker script carries no WASM of its own). */
  module: WebAssembly.Module;
  source: string;
  spectra: SpectrumInput[];
  /** The fit options (structured-cloneable ones: no engine, no callbacks). */
  options: Record<string, unknown>;
  /** The option names buildProblem accepts. */
  optionKeys: string[];
  warmStart: boolean;
  chunkSize: number;
}

export type WorkerMessage =
  | { type: 'progress'; done: number }
  | { type: 'done'; fits: BackendFit[]; problems: FitProblem[] }
  | { type: 'error'; message: string; code?: string; details?: Record<string, unknown>; spectrum?: number };
