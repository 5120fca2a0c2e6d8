/**
 * The Backend interface: one signature per computation, implemented by the WASM backend
 * (src/backend/wasm.ts: all marshalling) and the JS backend (src/backend/js.ts: the TS
 * reference), chosen in one place (src/backend/select.ts). Call sites never branch on the
 * backend; both check the same size limits (src/backend/limits.ts) before computing.
 *
 * Extension points: the core kernels (what parse, fit, linKK and simulate need) are methods here.
 * A feature kernel (the DRT, the global fit) gets its own small interface instead, e.g.
 * {@link DrtKernels}, with a WASM implementation on the WasmBackend's engine
 * (src/backend/wasm-<feature>.ts), a JS one (src/backend/js-<feature>.ts) and a chooser
 * `<feature>Kernels(backend)` in its own file, imported only by the feature's folder: a method
 * of this interface is kept by every bundle that calls any kernel (object and class members are
 * not tree-shaken), a feature interface only by the bundles that use the feature. Problem/outcome
 * types go in src/types/; both implementations are covered by the contract tests.
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
   * fails or is much worse; chain.previous is updated for the next call. With `judge`, a backend
   * with judgeFits also sets every fit's verdictNumbers as judgeFits(problems, fits) would (WASM:
   * in the same call, from the data already in its memory); a backend without it ignores `judge`.
   */
  fitBatch(program: KernelProgram, problems: readonly FitProblem[], chain?: WarmChain, judge?: boolean): BackendFit[];
  /**
   * The quality verdicts' numbers of fits of `problems` (fits[k] of problems[k], as fitBatch
   * returned them) in one call, set as fits[k].verdictNumbers; the same numbers as fitQuality's
   * own (src/fit/quality.ts relativeResidualJudgement). A backend without it leaves them to fitQuality.
   */
  judgeFits?(problems: readonly FitProblem[], fits: readonly BackendFit[]): void;
  /** Lin-KK tests of several spectra that share the options (each has its own points and largest M). */
  linKKBatch(problems: readonly KkProblem[]): KkOutcome[];
  /**
   * initialGuess's numeric passes in the backend's kernels (WASM: assembly/guess.ts), used by
   * fit and fitBatch for automatic start values; the same bits as the TS passes (src/guess), which
   * stay the reference and the path of the JS backend and of the public initialGuess.
   */
  readonly guess?: GuessKernels;
}

/** initialGuess's passes in a backend's kernels: each gives the same bits as its TS twin in src/guess. */
export interface GuessKernels {
  /**
   * arcShape's weighted sums (src/guess/circle.ts) over the points [a, b] of xs, ys (Re Z and −Im Z)
   * and lw (ln ω) of an arc with intercept xhf and width r, into out[0..4]: Σwt, Σwt·Re u/|u|,
   * Σwt·Im u/|u|, Σwt·ln|u|², Σwt·ln ω. False (out untouched) when the arc has more points than
   * the kernel takes: the caller computes the sums itself.
   */
  arcSums(xs: Float64Array, ys: Float64Array, lw: Float64Array, a: number, b: number, xhf: number, r: number, out: Float64Array): boolean;
}

/**
 * The DRT kernels (a feature interface, see above): src/backend/wasm-drt.ts and js-drt.ts,
 * chosen by `drtKernels(backend)` (src/backend/drt-kernels.ts, imported only by src/drt/).
 */
export interface DrtKernels {
  /** The backend they run on (reported in results). */
  readonly name: 'wasm' | 'js';
  /** DRTs of several validated problems (specs/drt.md §1–§3): matrices, λ scan or given λ, scaled NNLS, A·x. */
  drt(problems: readonly DrtProblem[]): DrtOutcome[];
}
