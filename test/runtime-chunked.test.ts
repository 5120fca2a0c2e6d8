/**
 * The one chunked-batch loop (src/runtime/chunked.ts) behind fitBatch, linKKBatch and the
 * fitting worker: chunk boundaries, progress counts, empty input, a throwing runChunk or
 * onProgress, and a turn of the event loop between chunks.
 */
import { describe, expect, it } from 'vitest';
import { EisError } from '../src/index.ts';
import { callbackError, reportProgress, runChunked } from '../src/runtime/chunked.ts';

const items = Array.from({ length: 10 }, (_, k) => k);

describe('runChunked', () => {
  it('runs consecutive slices of at most chunkSize, in order, and returns one result per item', async () => {
    const calls: [number[], number][] = [];
    const out = await runChunked(items, { chunkSize: 4 }, (chunk, start) => {
      calls.push([chunk, start]);
      return chunk.map((x) => x * x);
    });
    expect(calls).toEqual([[[0, 1, 2, 3], 0], [[4, 5, 6, 7], 4], [[8, 9], 8]]);
    expect(out).toEqual(items.map((x) => x * x));
  });

  it('reports (done, total) after every chunk, the last one included', async () => {
    for (const [chunkSize, expected] of [
      [3, [[3, 10], [6, 10], [9, 10], [10, 10]]],
      [5, [[5, 10], [10, 10]]], // a chunk size that divides the total: no empty last chunk
      [10, [[10, 10]]],
      [1e6, [[10, 10]]], // larger than the input: one chunk
    ] as const) {
      const seen: [number, number][] = [];
      await runChunked(items, { chunkSize, onProgress: (d, n) => seen.push([d, n]) }, (chunk) => chunk);
      expect(seen, `chunkSize ${chunkSize}`).toEqual(expected);
    }
  });

  it('empty input: no runChunk call, no progress, an empty result', async () => {
    let calls = 0, reports = 0;
    const out = await runChunked([], { chunkSize: 4, onProgress: () => reports++ }, (chunk) => (calls++, chunk));
    expect(out).toEqual([]);
    expect({ calls, reports }).toEqual({ calls: 0, reports: 0 });
  });

  it('a throwing runChunk rejects with its own error and runs no further chunk', async () => {
    const mine = new EisError('E_ARG_RANGE', 'bad spectrum', { argument: 'spectra' });
    const starts: number[] = [];
    const seen: number[] = [];
    const p = runChunked(items, { chunkSize: 3, onProgress: (d) => seen.push(d) }, (chunk, start) => {
      starts.push(start);
      if (start === 3) throw mine;
      return chunk;
    });
    await expect(p).rejects.toBe(mine);
    expect(starts).toEqual([0, 3]);
    expect(seen).toEqual([3]);
  });

  it('a throwing onProgress rejects with E_CALLBACK naming onProgress, its error as cause; no further chunk runs', async () => {
    const mine = new Error('stop here');
    const starts: number[] = [];
    const e = await runChunked(items, { chunkSize: 4, onProgress: () => { throw mine; } }, (chunk, start) => (starts.push(start), chunk))
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(EisError);
    expect((e as EisError).code).toBe('E_CALLBACK');
    expect((e as EisError).message).toBe('onProgress threw: stop here');
    expect((e as EisError).details).toEqual({ argument: 'onProgress', cause: mine });
    expect(starts).toEqual([0]);
  });

  it('a throw of a non-Error is wrapped too, its value in the message', () => {
    expect(() => reportProgress(() => { throw 'nope'; }, 1, 2)).toThrow(expect.objectContaining({ code: 'E_CALLBACK', message: 'onProgress threw: nope' }));
    expect(callbackError(42).details).toEqual({ argument: 'onProgress', cause: 42 });
    expect(() => reportProgress(undefined, 1, 2)).not.toThrow();
  });

  it('gives the event loop a turn between chunks: chunk 2 runs after queued microtask chains and a task of the same turn', async () => {
    const log: string[] = [];
    const p = runChunked([0, 1], { chunkSize: 1 }, (chunk, start) => {
      log.push(`chunk ${start}`);
      if (start === 0) {
        // a long microtask chain: a plain `await` between chunks would let chunk 1 run in the middle of it
        let chain = Promise.resolve();
        for (let k = 0; k < 100; k++) chain = chain.then(() => undefined);
        void chain.then(() => log.push('microtasks drained'));
      }
      return chunk;
    });
    // the first chunk runs synchronously in the call, the second not before a turn
    expect(log).toEqual(['chunk 0']);
    await p;
    expect(log).toEqual(['chunk 0', 'microtasks drained', 'chunk 1']);
  });

  it('a chunkSize that is not a positive integer is E_ARG_RANGE (no endless loop)', async () => {
    for (const chunkSize of [0, -1, 1.5, Number.NaN]) {
      const e = await runChunked(items, { chunkSize }, (chunk) => chunk).catch((x: unknown) => x);
      expect((e as EisError).code, String(chunkSize)).toBe('E_ARG_RANGE');
      expect((e as EisError).details).toEqual({ argument: 'chunkSize' });
    }
  });

  it('a runChunk that returns fewer results than items is E_INTERNAL (a broken invariant, not short output)', async () => {
    const e = await runChunked(items, { chunkSize: 4 }, (chunk) => chunk.slice(1)).catch((x: unknown) => x);
    expect((e as EisError).code).toBe('E_INTERNAL');
  });
});
