/**
 * The Backend interface: one signature per computation, implemented by the WASM backend
 * (src/backend/wasm.ts: all marshalling) and the JS backend (src/backend/js.ts: the TS
 * reference), chosen in one place (src/backend/select.ts). Call sites never branch on the
 * backend; both check the same size limits (src/backend/limits.ts) before computing.
 *
 * Extension point: new kernels (global fits next) join as methods here — e.g.
 * `globalFit(program, problems): BackendFit` —
 * with their problem/outcome types in src/types/problems.ts, implemented by both backends, and
 * covered by the backend contract tests (test/backend.test.ts) that run every method on both.
 */
import type { DrtOutcome, DrtProblem } from '../types/drt.ts';
import type { BackendFit, FitProblem, KernelProgram, KkOutcome, KkProblem, Planes, PlanesWithJacobian, WarmChain } from '../types/problems.ts';

export interface Backend {
  /** Which implementation this is (reported in results). */
  readonly name: 'wasm' | 'js';
  /** Z at the frequencies `freq` (Hz) for one parameter vector. */
  impedance(program: KernelProgram, params: Float64Array, freq: Float64Array): Planes;
  /** Z and the Jacobian ∂Z/∂p (N×P row-major planes). */
  jacobian(program: KernelProgram, params: Float64Array, freq: Float64Array): PlanesWithJacobian;
  /** Z for `rows` parameter vectors (`params` is rows×P row-major) → rows×N row-major planes. */
  impedanceMany(program: KernelProgram, params: Float64Array, rows: number, freq: Float64Array): Planes;
  /**
   * Fits of one circuit to several problems that share the free set and bounds (one options
   * object). With `chain.warmStart`, each fit starts from the previous successful solution
   * (chain.previous for the first), falling back to its own start values when the warm fit
   * fails or is much worse; chain.previous is updated for the next call.
   */
  fitBatch(program: KernelProgram, problems: readonly FitProblem[], chain?: WarmChain): BackendFit[];
  /** Lin-KK tests of several spectra that share the options (each has its own points and largest M). */
  linKKBatch(problems: readonly KkProblem[]): KkOutcome[];
  /** DRTs of several validated problems (specs/drt.md §1–§3): matrices, λ scan or given λ, scaled NNLS, A·x. */
  drt(problems: readonly DrtProblem[]): DrtOutcome[];
}
