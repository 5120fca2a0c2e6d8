/** Shared test helpers (run in Node and in Chromium: no Node-only imports). */
import { init } from '../src/index.ts';

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
