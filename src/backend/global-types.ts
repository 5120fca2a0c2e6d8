/**
 * The global fit's kernel interface (issue 13), in a file of its own rather than ./types.ts: its
 * types come from the TS reference (src/reference/global-*.ts), which the core backends must not
 * reach (test/architecture.test.ts).
 */
import type { GlobalLayout } from '../reference/global-map.ts';
import type { GlobalLmResult, GlobalStepMethod } from '../reference/global-lm.ts';
import type { LmOptions } from '../reference/lm.ts';
import type { FitProblem, KernelProgram } from '../types/problems.ts';

/**
 * The global fit's kernels (a feature interface, see ./types.ts): src/backend/wasm-global.ts
 * and js-global.ts, chosen by `globalKernels(backend)` (src/backend/global-kernels.ts, imported
 * only by src/global/).
 */
export interface GlobalKernels {
  /** The backend they run on (reported in results). */
  readonly name: 'wasm' | 'js';
  /** A fallback's warning for the result, if any. */
  readonly warning?: string;
  /**
   * Minimises Σ_s ‖r_s(θ)‖² over the spectra's problems (one circuit, one free list) under the
   * role layout, from θ (updated in place): the whole LM loop, Schur-complement steps with the
   * dense fallback (or dense steps only with `method` 'dense'). `denseLimit`: the largest dense
   * fallback in matrix entries, (rows + M)·M (GLOBAL_LM.DENSE_FALLBACK_LIMIT; smaller in tests);
   * beyond it a step the Schur complement cannot take is rejected. Refuses requests beyond the
   * limits (src/backend/limits.ts checkGlobal) on both backends.
   */
  globalLm(program: KernelProgram, problems: readonly FitProblem[], layout: GlobalLayout, theta: Float64Array, opts: LmOptions, method?: GlobalStepMethod, denseLimit?: number): GlobalLmResult;
}
