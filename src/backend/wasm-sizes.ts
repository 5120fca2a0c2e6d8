/**
 * Sizes of the WASM kernels' workspaces, in f64 arithmetic (exact far beyond any size the
 * limits allow), mirroring the AS formulas: program.ts workspaceBytes, lm.ts lmScratchWords,
 * covariance.ts covarianceScratchWords, linkk.ts kkScratchWords. test/backend-limits.test.ts
 * checks them against the module's own exports. Computing them here rather than asking the
 * module means an oversized request is refused before any u32 arithmetic can wrap.
 */

/** Bytes of the program workspace for `nodes` instructions over n frequencies. */
export function workspaceBytes(nodes: number, n: number): number {
  return nodes * 4 * n * 8 + nodes * 4;
}

/** f64 words of LM scratch (or the covariance scratch after it, whichever is larger) for n points and m free parameters. */
export function fitScratchWords(n: number, m: number): number {
  const rows = 2 * n;
  const lm = 3 * rows + rows * m + 2 * m * m + 2 * m + 5 * m;
  const cov = rows * m + rows + m * m + m;
  return Math.max(lm, cov);
}

/** f64 words of Lin-KK scratch for at most n points and maxCols coefficients. */
export function kkScratchWords(n: number, maxCols: number): number {
  return 2 * n * maxCols + 2 * n + 2 * maxCols + n + 2 * n * maxCols;
}

/** Bytes a list of regions (in 8-byte words) takes in the scratch block (16-byte aligned each, as Engine.scratch lays them out). */
export function scratchBytes(words: readonly number[]): number {
  let total = 0;
  for (const w of words) total += Math.ceil((w * 8) / 16) * 16;
  return total;
}
