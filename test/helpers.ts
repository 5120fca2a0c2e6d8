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
