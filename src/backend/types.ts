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

/**
 * initialGuess's passes in a backend's kernels: each gives the same bits as its TS twin in src/guess.
 * The arrays they take are views of `memory` (a guess's Work arrays).
 */
export interface GuessKernels {
  /**
   * `words` f64 words in the kernels' memory for one guess's Work arrays (src/guess/work.ts), or
   * null when they are taken (a guess inside a guess: it gets plain arrays and the TS passes).
   * The view stays valid until `release`; the same view object comes back while neither the
   * memory nor the words moved. The passes below take views of it (their byteOffset is the address).
   */
  memory(words: number): Float64Array | null;
  /** Hands the memory of `memory` back (the guess is done with it). */
  release(): void;
  /**
   * prepare (src/guess/work.ts) in one call: the usable points of the N input points at freq, re,
   * im (arrays of the memory too, zeroed afterwards) into w, x, y in ascending order unless they
   * came unsorted; out[0..4]: points kept, ascending, descending, equally log-spaced, read
   * backwards (0/1); when they came sorted, out[5] = 1 and the ln ω / 1/|Z| pass (`points`) ran
   * too: lw, iz, out[6] the ln ω step (NaN: not equally log-spaced), out[7], out[8] the smallest
   * and largest non-zero |Z|²; else out[5] = 0. `out` has 9 words.
   */
  input(freq: Float64Array, re: Float64Array, im: Float64Array, N: number, w: Float64Array, x: Float64Array, y: Float64Array, lw: Float64Array, iz: Float64Array, out: Float64Array): void;
  /** prepare's pass (src/guess/work.ts): lw, iz over n points; the smallest and largest non-zero |Z|² into out[0], out[1]. */
  points(w: Float64Array, x: Float64Array, y: Float64Array, lw: Float64Array, iz: Float64Array, n: number, uniform: boolean, l0: number, step: number, out: Float64Array): void;
  /** noiseLevel (src/guess/peaks.ts) over [lo, hi] of yr, dev its scratch. */
  noise(yr: Float64Array, iz: Float64Array, dev: Float64Array, lo: number, hi: number): number;
  /** findPeaks (src/guess/peaks.ts): the peak indices into out[0..count), ascending; returns count. */
  peaks(ys: Float64Array, iz: Float64Array, peakI: Float64Array, peakP: Float64Array, lo: number, hi: number, k: number, lowEnd: boolean, minProminence: number, minFirst: number,
    smoothFrom: Float64Array | null, out: Float64Array): number;
  /** subtractTail's loops (src/guess/features.ts); seen false: no tail (c, s, lq, al unused). */
  subtractTail(x: Float64Array, y: Float64Array, w: Float64Array, lw: Float64Array, xr: Float64Array, yr: Float64Array, n: number, inductance: number, seen: boolean, c: number, s: number, lq: number, al: number, logStep: number): void;
  /** trimTailSide's walk (src/guess/arcs.ts) from p down towards a0; returns where it stopped. */
  trim(yr: Float64Array, lw: Float64Array, p: number, a0: number, lq: number, alpha: number, logStep: number): number;
  /**
   * measureArc (src/guess/circle.ts) up to its atan2 and exp in one call: for the arc on points
   * [a, b] of xs, ys with peak p — with `trim`, after trimTailSide's walk on yr from a = a0 (a seen
   * tail: ln Q lq, exponent alpha) — ΔR and x_hf (circle, else the apex fallback with tanDefault =
   * tan(DEFAULT_EXPONENT·π/4)) and arcSums' sums at them: out[0..4] the sums, out[5] ΔR, out[6]
   * x_hf, out[7] the arc's first point.
   */
  measure(xs: Float64Array, ys: Float64Array, lw: Float64Array, a: number, b: number, p: number, tanDefault: number,
    trim: boolean, yr: Float64Array, lq: number, alpha: number, logStep: number, out: Float64Array): void;
  /**
   * arcShape's weighted sums (src/guess/circle.ts arcSums) over the points [a, b] of xs, ys (Re Z
   * and −Im Z) and lw (ln ω) of an arc with intercept xhf and width r, into out[0..4]: Σwt,
   * Σwt·Re u/|u|, Σwt·Im u/|u|, Σwt·ln|u|², Σwt·ln ω.
   */
  arcSums(xs: Float64Array, ys: Float64Array, lw: Float64Array, a: number, b: number, xhf: number, r: number, out: Float64Array): void;
  /** estimateTail's sums (src/guess/features.ts) over the m lowest points into out[0..4]: count, Σln ω, Σ(ln ω)², Σln y, Σln ω·ln y. */
  tailSums(y: Float64Array, lw: Float64Array, tailArcs: Float64Array, m: number, withArcs: boolean, out: Float64Array): void;
  /** arcsAtTail's loop for one arc (src/guess/model.ts): out[0..m) += its −Im Z at the m lowest points. */
  arcAtTail(lw: Float64Array, out: Float64Array, m: number, r: number, alpha: number, lt: number, c: number, sn: number): void;
  /** subtractOtherArcs' loop for one arc (src/guess/model.ts): xa, ya −= the ZARC over [a, b]. */
  subArc(xa: Float64Array, ya: Float64Array, lw: Float64Array, a: number, b: number, r: number, al: number, lt: number, c: number, sn: number, logStep: number): void;
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
