/**
 * The one chunked-batch loop of fitBatch, linKKBatch and the fitting worker (and of later batch
 * APIs): runs a chunk of items per call, reports progress after every chunk and gives the event
 * loop a turn between chunks (src/next-turn.ts), so a page stays responsive and a worker can be
 * stopped. A throwing progress callback rejects with EisError E_CALLBACK, its error in
 * `details.cause`.
 */
import { EisError } from '../errors.ts';
import { nextTurn } from '../next-turn.ts';

/** (items done, total), called after every chunk. */
export type ProgressCallback = (done: number, total: number) => void;

export interface ChunkedOptions {
  /** Items per `runChunk` call: a positive integer (the batch APIs check it against MAX_CHUNK_SIZE). */
  chunkSize: number;
  /** Called after every chunk, the last one included. */
  onProgress?: ProgressCallback | undefined;
}

/** The EisError for a progress callback that threw `cause`. */
export function callbackError(cause: unknown): EisError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new EisError('E_CALLBACK', `onProgress threw: ${reason}`, { argument: 'onProgress', cause });
}

/** Calls `onProgress(done, total)` if given; a throw becomes EisError E_CALLBACK. */
export function reportProgress(onProgress: ProgressCallback | undefined, done: number, total: number): void {
  if (!onProgress) return;
  try {
    onProgress(done, total);
  } catch (e) {
    throw callbackError(e);
  }
}

/**
 * Runs `runChunk` on consecutive slices of `items` (at most `chunkSize` each, in order; `start`
 * is the slice's first index) and returns the results in input order. `runChunk` returns one
 * result per item of its slice. After every chunk `onProgress` gets (items done, total); between
 * chunks the event loop gets a turn. An error of `runChunk` rejects as it is.
 */
export async function runChunked<T, R>(items: readonly T[], options: ChunkedOptions,
  runChunk: (chunk: T[], start: number) => readonly R[]): Promise<R[]> {
  const { chunkSize, onProgress } = options;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new EisError('E_ARG_RANGE', `invalid option. \`chunkSize\` must be a positive integer; got ${String(chunkSize)}.`, { argument: 'chunkSize' });
  }
  const results: R[] = [];
  for (let start = 0; start < items.length; start += chunkSize) {
    if (start > 0) await nextTurn();
    const chunk = items.slice(start, start + chunkSize);
    const out = runChunk(chunk, start);
    if (out.length !== chunk.length) {
      throw new EisError('E_INTERNAL', `a batch chunk of ${chunk.length} items gave ${out.length} results.`);
    }
    for (const r of out) results.push(r); // a loop, not push(...): a chunk may hold more items than a call takes arguments
    reportProgress(onProgress, results.length, items.length);
  }
  return results;
}
