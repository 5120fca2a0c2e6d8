/**
 * Sizes of the WASM kernels' workspaces, part of the ABI: f64 mirrors of the AS formulas
 * (program.ts workspaceBytes, lm.ts lmScratchWords, covariance.ts covarianceScratchWords,
 * linkk.ts kkScratchWords, global-lm.ts globalScratchWords), exact far beyond any size the limits allow; test/abi.test.ts checks
 * them against the module's own exports. Computing them here rather than asking the module
 * means an oversized request is refused before any u32 arithmetic can wrap; the JS backend
 * checks the same sizes, so both backends refuse the same requests. Imports nothing, so
 * bindings/ may use it.
 */

/** The sizes of a compiled circuit the layouts depend on (a KernelProgram). */
interface ProgramSize {
  readonly code: { readonly length: number };
  readonly nodeCount: number;
  readonly paramCount: number;
}

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

/** f64 words of the quality verdict's scratch for spectra of at most n points (assembly/judge.ts judgeScratchWords). */
export function judgeScratchWords(n: number): number {
  return 26 * n + 4;
}

/**
 * Scratch regions of a quality-verdict call of K fits (`total` points, at most nMax per fit), in
 * the order src/backend/wasm.ts lays them out: off free order zre zim fre fim scratch out.
 */
export function judgeWords(K: number, total: number, nMax: number, outcomeWords: number): number[] {
  return [i32Words(K + 1), i32Words(K), i32Words(total), total, total, total, total, judgeScratchWords(nMax), K * outcomeWords];
}

/** f64 words of Lin-KK scratch for at most n points and maxCols coefficients. */
export function kkScratchWords(n: number, maxCols: number): number {
  return 2 * n * maxCols + 2 * n + 2 * maxCols + n + 2 * n * maxCols;
}

/**
 * f64 words of DRT scratch for problems of at most n points (assembly/drt-scratch.ts
 * drtScratchWords): the matrices, the trapezoid nodes (three arrays of at most 2·4096 + 1, see
 * src/reference/drt/matrices.ts quadratureNodes) and the L-curve's two rows of 71.
 */
export function drtScratchWords(n: number): number {
  const p = n + 2;
  return 6 * p * p + 6 * n * p + 26 * p + 9 * n + 3 * (2 * 4096 + 1) + 2 * 71;
}

/**
 * Scratch regions of a DRT call of K problems (`total` points, at most nMax per problem), in the
 * order src/backend/wasm.ts lays them out: off freq re im tasks grid scratch | outs x y fre fim scores.
 */
export function drtWords(K: number, total: number, nMax: number, taskWords: number, outcomeWords: number, gridPoints: number): number[] {
  return [
    i32Words(K + 1), total, total, total, K * taskWords, gridPoints, drtScratchWords(nMax),
    K * outcomeWords, K * (nMax + 2), total, total, total, K * gridPoints,
  ];
}

/** Bytes one region of `words` 8-byte words takes in a scratch block: rounded up to 16 (each region starts 16-byte aligned; Engine.scratch lays them out by this function). */
export function regionBytes(words: number): number {
  return Math.ceil((words * 8) / 16) * 16;
}

/** Bytes a list of regions (in 8-byte words) takes in the scratch block (16-byte aligned each, as Engine.scratch lays them out). */
export function scratchBytes(words: readonly number[]): number {
  let total = 0;
  for (const w of words) total += regionBytes(w);
  return total;
}

/** Named regions of `words` laid out one after another from `base` (a 16-byte aligned address), as scratchBytes counts them. */
export function regionsAt<K extends string>(base: number, words: Readonly<Record<K, number>>): Record<K, { ptr: number; length: number }> {
  let at = base;
  const out = {} as Record<K, { ptr: number; length: number }>;
  for (const name of Object.keys(words) as K[]) {
    out[name] = { ptr: at, length: words[name] };
    at += regionBytes(words[name]);
  }
  return out;
}

/** 8-byte words that hold `count` i32 values. */
const i32Words = (count: number) => Math.ceil(count / 2);

/** Scratch regions (8-byte words) of one evaluation: code, params, freq, ω, ln ω, workspace, then `outputs`. */
export function evaluationWords(program: ProgramSize, n: number, params: number, outputs: readonly number[]): number[] {
  return [i32Words(program.code.length), params, n, n, n, workspaceBytes(program.nodeCount, n) / 8, ...outputs];
}

/**
 * Scratch regions of a fit call of K spectra (`total` points, at most nMax per spectrum) with m
 * free parameters, in the order src/backend/wasm.ts lays them out.
 */
export function fitWords(program: ProgramSize, K: number, m: number, nMax: number, total: number, taskWords: number, outcomeWords: number): number[] {
  const P = program.paramCount;
  return [
    i32Words(program.code.length), i32Words(m), i32Words(m), m, m, i32Words(taskWords), i32Words(K + 1), // code free kinds lower upper task off
    workspaceBytes(program.nodeCount, nMax) / 8, nMax * P, nMax * P, fitScratchWords(nMax, m), // workspace, model Jacobian, LM
    total, total, total, total, total, total, total, // freq w lnw zre zim sre sim
    // params u out jac fr fi cov (u, out: row 0 = the previous fit, for a warm start across calls)
    K * P, (K + 1) * m, (K + 1) * outcomeWords, 2 * total * m, total, total, K * m * m,
    i32Words(m), // eligible (FIT_TASK.eligible)
  ];
}

/**
 * The regions a fit call appends to fitWords' when it also judges every fit (eis_fit_batch with
 * `judge`): order (i32 per point), the measured Z (`measured`: total each; 0 when the fit's data
 * are Z itself), the verdict's scratch for nMax points and K JUDGEMENT records.
 */
export function fitJudgeWords(K: number, total: number, nMax: number, measured: boolean, outcomeWords: number): number[] {
  const z = measured ? total : 0;
  return [i32Words(total), z, z, judgeScratchWords(nMax), K * outcomeWords];
}

/** Scratch regions of a Lin-KK call of K spectra (`total` points, at most nMax), up to maxTau time constants and E F_ext candidates. */
export function kkWords(K: number, total: number, nMax: number, maxTau: number, E: number, summaryWords: number): number[] {
  const maxCols = maxTau + 3;
  return [
    i32Words(K + 1), total, total, total, i32Words(K), E, kkScratchWords(nMax, maxCols), // off w xre xim maxMs exts scratch
    K * summaryWords, K * maxCols, K * maxTau, total, total, total, total, K * maxTau, K * maxTau, // summary coef tau fre fim rre rim curves
  ];
}

/** Whether the global fit's dense fallback fits: (rows + M) × M within `limit` entries (GLOBAL_LM.DENSE_FALLBACK_LIMIT, or a test's): the one dense decision, src/backend/limits.ts checkGlobal and the reference's arrowheadModel; the kernel is told it (GLOBAL_TASK.dense). */
export function globalDenseFits(rows: number, M: number, limit: number): boolean {
  return (rows + M) * M <= limit;
}

/**
 * f64 words of the global fit's scratch (assembly/global-lm.ts globalScratchWords, the layout of
 * ArrowheadModel.bind) for S spectra of `total` points (at most nMax each), m free slots, G
 * globals, L locals per spectrum; `dense` when the dense step's matrix is part of it.
 */
export function globalScratchWords(S: number, total: number, nMax: number, m: number, G: number, L: number, dense: boolean): number {
  const rows = 2 * total, M = G + S * L;
  return rows * (1 + G + L) + 2 * nMax * (m + 1) + G * G + G + S * (G * L + L * L + L)
    + 2 * G * G + G + S * L * L + G * L + 3 * M + 3 * m + (dense ? (rows + M) * M + rows + M : 0) + 4 * M;
}

/** The regions of a global fit (src/backend/wasm-global.ts), in their order in the call's block. */
export type GlobalRegion = 'code' | 'free' | 'fitTask' | 'globalTask' | 'off' | 'roles' | 'globalAt' | 'localAt' | 'kinds'
  | 'lower' | 'upper' | 'params' | 'temperatures' | 'freq' | 'w' | 'lnw' | 'zre' | 'zim' | 'sre' | 'sim'
  | 'workspace' | 'jzr' | 'jzi' | 'theta' | 'out' | 'scratch';

/**
 * Scratch regions (8-byte words, by name in block order) of a global fit: S spectra, `total`
 * points (at most nMax each), m free slots, M = G + S·L unknowns; `dense` when the dense step's
 * matrix is part of the scratch.
 */
export function globalWords(program: ProgramSize, S: number, m: number, nMax: number, total: number, G: number, L: number, dense: boolean,
  taskWords: number, globalTaskWords: number, outcomeWords: number): Record<GlobalRegion, number> {
  const P = program.paramCount;
  return {
    code: i32Words(program.code.length), free: i32Words(m), fitTask: i32Words(taskWords), globalTask: i32Words(globalTaskWords), off: i32Words(S + 1),
    roles: i32Words(m), globalAt: i32Words(m), localAt: i32Words(m), kinds: i32Words(S * m),
    lower: S * m, upper: S * m, params: S * P, temperatures: S,
    freq: total, w: total, lnw: total, zre: total, zim: total, sre: total, sim: total,
    workspace: workspaceBytes(program.nodeCount, nMax) / 8, jzr: nMax * P, jzi: nMax * P,
    theta: G + S * L, out: outcomeWords, scratch: globalScratchWords(S, total, nMax, m, G, L, dense),
  };
}
