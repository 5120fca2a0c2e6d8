/** Shared test helpers (run in Node and in Chromium: no Node-only imports). */
import { expect } from 'vitest';
import { init, EisError, type EisErrorCode } from '../src/index.ts';

/** Backends every differential test runs on. */
export const BACKENDS = ['wasm', 'js'] as const;

let ready: Promise<unknown> | undefined;
/** init() once per test file. */
export function ensureInit(): Promise<unknown> {
  ready ??= init();
  return ready;
}

/** The EisError a promise rejects with (fails the test when it resolves or rejects with anything else). */
export async function rejection(p: Promise<unknown>): Promise<EisError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(EisError);
    return e as EisError;
  }
  throw new Error('expected a rejection');
}

/** max_k |a_k − b_k| / max_k |b_k|: the difference of two vectors relative to the larger of b's components. */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let e = 0, n = 0;
  for (let k = 0; k < a.length; k++) {
    e = Math.max(e, Math.abs(a[k]! - b[k]!));
    n = Math.max(n, Math.abs(b[k]!));
  }
  return e / n;
}

/** |a − b| for complex numbers given as pairs. */
export function cabsDiff(ar: number, ai: number, br: number, bi: number): number {
  return Math.hypot(ar - br, ai - bi);
}

/** Runs fn, expecting an EisError with `code` whose message matches every fragment; returns it. */
export function expectError(fn: () => unknown, code: EisErrorCode, ...fragments: (string | RegExp | undefined)[]): EisError {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err, `expected ${code}`).toBeInstanceOf(EisError);
  const e = err as EisError;
  expect(e.code, e.message).toBe(code);
  for (const f of fragments) if (f !== undefined) expect(e.message).toMatch(f);
  return e;
}

/** Runs fn, expecting an EisError; returns [code, details.argument]. */
export function errorCodeAndArgument(fn: () => unknown): [string, unknown] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(EisError);
    return [(e as EisError).code, (e as EisError).details.argument];
  }
  throw new Error('did not throw');
}

/** Compares labelled output lines of two runtimes line by line (the first difference throws, naming both); returns how many lines were compared. */
export function compareLabelledLines(mine: Record<string, string[]>, node: Record<string, string[]>): number {
  let compared = 0;
  for (const label of Object.keys(node)) {
    const a = mine[label]!, b = node[label]!;
    const i = a.findIndex((line, k) => line !== b[k]);
    if (i >= 0 || a.length !== b.length) throw new Error(`${label}: chromium ${a[i] ?? '(missing)'} vs node ${b[i] ?? '(missing)'}`);
    compared += a.length;
  }
  return compared;
}
