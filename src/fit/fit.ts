/**
 * fit(): weighted complex nonlinear least squares of a circuit to a spectrum, by
 * Levenberg–Marquardt with bounds by variable transformation. The loop runs inside WASM (one
 * boundary crossing per fit) or in the TS reference; both report the same status table.
 */
import type { Circuit, ComplexArray } from '../circuit/circuit.ts';
import { log } from '../math/index.ts';
import { selectBackend } from '../backend/select.ts';
import type { BackendFit, FitProblem, WarmChain } from '../types/problems.ts';
import type { Backend } from '../backend/types.ts';
import { buildProblem, type FitOptions, type FitRepresentation, type ProblemBatch, type SpectrumInput } from './problem.ts';
import { SpectrumArena } from '../validate.ts';
import { representPoint } from '../reference/representation.ts';
import { FIT_REPRESENTATION } from '../abi/descriptor.ts';
import { Random } from '../random.ts';
import { FIT_MESSAGES } from './status.ts';
import { fitQuality, type FitQuality, type QualityInput } from './quality.ts';
import type { FrequencyRange } from '../crop.ts';

export interface FittedParameter {
  value: number;
  stderr: number;
  unit: string;
  free: boolean;
  /** Whether the value ended within 1e-6 (relative) of a bound. */
  atBound: boolean;
}

/**
 * The result of a fit: plain data (survives `structuredClone` and `postMessage`). Its typed
 * arrays (params, stderr, covariance, correlation, fitted, residuals) are views of one buffer
 * of this result alone; transferring one of them (`postMessage(r, [r.params.buffer])`) moves
 * them all.
 */
export interface FitResult {
  /** The circuit, impedance.py syntax. */
  circuit: string;
  paramNames: string[];
  units: string[];
  free: boolean[];
  params: Float64Array;
  /** Standard errors (NaN for fixed parameters; Infinity when undeterminable). */
  stderr: Float64Array;
  /** P × P row-major in natural units; rows and columns of fixed parameters are 0. */
  covariance: Float64Array;
  /** P × P correlation matrix (NaN where undefined). */
  correlation: Float64Array;
  /** Σ r² with r = (X_exp − X_fit)/σ, X the representation (Z unless the option says otherwise). */
  chi2: number;
  reducedChi2: number;
  dof: number;
  /** 2N·ln(χ²/2N) + 2m (Gaussian errors, m free parameters). */
  aic: number;
  /** 2N·ln(χ²/2N) + m·ln(2N). */
  bic: number;
  fitted: ComplexArray;
  /** Z_exp − Z_fit, Ohm (in every representation). */
  residuals: ComplexArray;
  weighting: string;
  /**
   * The representation the fit's residuals, weights and χ² were taken in: 'Z', 'Y' (1/Z) or
   * 'M' (jωC0·Z, C0 from the option geometry or 1); params, covariance, fitted and residuals are the same kind of number in all three.
   */
  representation: FitRepresentation;
  iterations: number;
  /** Residual evaluations (excluding Jacobians). */
  nfev: number;
  /** Jacobian evaluations. */
  njev: number;
  status: number;
  /** The optimiser converged (says nothing about whether the fit is usable: see `quality`). */
  success: boolean;
  message: string;
  /** Whether the fit can be used: 'good', 'suspect' (needs a look) or 'bad', with the reasons (src/fit/quality.ts). */
  quality: FitQuality;
  warnings: string[];
  backend: 'wasm' | 'js';
  byName: Record<string, FittedParameter>;
  /**
   * The frequency window (options fmin/fmax, null when not given) and the points fitted of the
   * spectrum's total; with a crop, `fitted` and `residuals` are on the cropped grid.
   */
  freqRange: FrequencyRange;
}

/** |x| when x is finite, else 0 (a bound's scale). */
function finiteAbs(x: number): number {
  return Number.isFinite(x) ? Math.abs(x) : 0;
}

/**
 * assembleResult's scratch (read before the next result is assembled; nothing of it goes into a
 * result): the slot of each parameter among the free ones, its at-bound flags, fitQuality's input
 * (its array fields reset after each call, so it keeps no result alive) and the point of a
 * representation.
 */
let SLOTS = new Int32Array(64), AT_BOUND = new Uint8Array(64);
const NO_VALUES = new Float64Array(0);
const QUALITY_INPUT: QualityInput = { success: false, message: '', params: NO_VALUES, stderr: NO_VALUES, correlation: NO_VALUES, atBound: AT_BOUND, residualsRe: NO_VALUES, residualsIm: NO_VALUES };
const POINT = { xr: 0, xi: 0, fr: 0, fi: 0 };

/** Builds the public result from a backend's output. */
export function assembleResult(circuit: Circuit, pr: FitProblem, b: BackendFit, backend: 'wasm' | 'js'): FitResult {
  const bl = b.block;
  const P = circuit.paramNames.length, m = pr.free.length, n = pr.n;
  const warnings: string[] = [];
  const dof = 2 * n - m;
  let chi2 = 0;
  const { fittedRe, fittedIm, residualsRe, residualsIm, unscaled, covariance, stderr, correlation } = bl;
  const kind = pr.representation;
  const zre = pr.zre, zim = pr.zim, sre = pr.sre, sim = pr.sim;
  if (kind === FIT_REPRESENTATION.Z) {
    for (let i = 0; i < n; i++) {
      const dr = zre[i]! - fittedRe[i]!, di = zim[i]! - fittedIm[i]!;
      residualsRe[i] = dr;
      residualsIm[i] = di;
      const a = dr / sre[i]!, c = di / sim[i]!;
      chi2 += a * a + c * c;
    }
  } else {
    const pt = POINT;
    for (let i = 0; i < n; i++) {
      residualsRe[i] = zre[i]! - fittedRe[i]!;
      residualsIm[i] = zim[i]! - fittedIm[i]!;
      // χ² in the representation: the model's X as the backends form it (src/reference/representation.ts)
      representPoint(kind, fittedRe[i]!, fittedIm[i]!, 2 * Math.PI * pr.freq[i]!, pr.c0, pt);
      const a = (pr.xre[i]! - pt.xr) / sre[i]!, c = (pr.xim[i]! - pt.xi) / sim[i]!;
      chi2 += a * a + c * c;
    }
  }
  const scale = pr.absoluteSigma ? 1 : chi2 / dof;
  // plain loops (TypedArray every/map with callbacks are slow, and this runs per fit in batches)
  let determined = b.covarianceDetermined;
  for (let i = 0; i < m * m; i++) {
    const x = unscaled[i]! * scale;
    if (!(x - x === 0)) determined = false;
  }
  if (!determined) warnings.push('The covariance of the parameters could not be estimated (the Jacobian is singular or rank deficient at the solution): stderr and covariance are Infinity.');
  stderr.fill(Number.NaN);
  for (let a = 0; a < m; a++) {
    const fa = pr.free[a]!;
    for (let c = 0; c < m; c++) covariance[fa * P + pr.free[c]!] = determined ? unscaled[a * m + c]! * scale : Number.POSITIVE_INFINITY;
    stderr[fa] = Math.sqrt(covariance[fa * P + fa]!);
  }
  for (let a = 0; a < P; a++) {
    for (let c = 0; c < P; c++) {
      const d = Math.sqrt(covariance[a * P + a]! * covariance[c * P + c]!);
      correlation[a * P + c] = d > 0 && d - d === 0 ? covariance[a * P + c]! / d : Number.NaN;
    }
  }
  const byName: Record<string, FittedParameter> = {};
  // the parameters at a bound as the warning lists them (joined by ', ' as they are found)
  let atBoundNames = '';
  // exactly P entries, every one written below (push would grow a larger backing store)
  const isFree: boolean[] = new Array(P);
  // the slot of every parameter among the free ones (−1: fixed), once instead of an indexOf per parameter
  if (SLOTS.length < P) {
    SLOTS = new Int32Array(Math.max(P, 2 * SLOTS.length));
    AT_BOUND = new Uint8Array(SLOTS.length);
  }
  const slots = SLOTS.fill(-1, 0, P), atBoundFlags = AT_BOUND;
  for (let a = 0; a < m; a++) slots[pr.free[a]!] = a;
  const names = circuit.paramNames, units = circuit.units;
  for (let k = 0; k < P; k++) {
    const name = names[k]!, slot = slots[k]!;
    isFree[k] = slot >= 0;
    const lo = slot >= 0 ? pr.lower[slot]! : Number.NaN, hi = slot >= 0 ? pr.upper[slot]! : Number.NaN;
    const v = bl.params[k]!;
    // within 1e-6 of a finite bound, relative to the parameter's scale (start value, finite bounds)
    const tol = 1e-6 * Math.max(Math.abs(pr.params[k]!), finiteAbs(lo), finiteAbs(hi), 1e-300);
    const atBound = slot >= 0 && ((Number.isFinite(lo) && v - lo <= tol) || (Number.isFinite(hi) && hi - v <= tol));
    atBoundFlags[k] = atBound ? 1 : 0;
    if (atBound) atBoundNames += `${atBoundNames ? ', ' : ''}${name} = ${v} (bounds [${lo}, ${hi}])`;
    byName[name] = { value: v, stderr: stderr[k]!, unit: units[k]!, free: slot >= 0, atBound };
  }
  if (b.multiStart) warnings.push(`Multi-start: ${b.multiStart.starts} starts, ${b.multiStart.converged} converged; the lowest χ² came from start ${b.multiStart.best + 1} (1 = the given start values).`);
  if (b.warmFallback) warnings.push('The warm start from the previous spectrum failed or gave a much worse χ², so this spectrum was fitted from its own start values.');
  if (atBoundNames) warnings.push(`Parameters ended at a bound, so their standard errors are not meaningful: ${atBoundNames}.`);
  const success = b.status > 0;
  const message = FIT_MESSAGES[b.status] ?? `status ${b.status}`;
  const qi = QUALITY_INPUT;
  qi.success = success; qi.message = message; qi.params = bl.params; qi.stderr = stderr; qi.correlation = correlation;
  qi.atBound = atBoundFlags; qi.residualsRe = residualsRe; qi.residualsIm = residualsIm;
  const quality = fitQuality(circuit, pr, qi, b.verdictNumbers);
  qi.params = qi.stderr = qi.correlation = qi.residualsRe = qi.residualsIm = NO_VALUES;
  const lnTerm = 2 * n * log(chi2 / (2 * n));
  return {
    circuit: circuit.toString(),
    paramNames: circuit.paramNames.slice(),
    units: circuit.units.slice(),
    free: isFree,
    // all typed arrays of a result are views of one block (newResultBlock in src/types/problems.ts)
    params: bl.params,
    stderr, covariance, correlation,
    chi2, reducedChi2: chi2 / dof, dof,
    aic: lnTerm + 2 * m,
    bic: lnTerm + m * log(2 * n),
    fitted: { re: fittedRe, im: fittedIm }, residuals: { re: residualsRe, im: residualsIm },
    weighting: pr.weighting,
    representation: kind === FIT_REPRESENTATION.Y ? 'Y' : kind === FIT_REPRESENTATION.M ? 'M' : 'Z',
    iterations: b.iterations, nfev: b.nfev, njev: b.njev,
    status: b.status, success, message, quality,
    warnings, backend, byName, freqRange: { ...pr.range },
  };
}

/**
 * Fits `circuit` to `spectrum` ({ freq, re, im }) by weighted complex nonlinear least squares.
 * Non-convergence is reported in `status`/`success`/`message`, never thrown.
 * @throws EisError on invalid input (before any computation); degenerate data are E_ARG_RANGE:
 * frequencies or |Re Z|, |Im Z| outside [1e-50, 1e50] (Hz, Ω), Z = 0 at every frequency, or
 * fewer different frequencies than the free parameters need (2·distinct > free; a fit to 61
 * copies of one point is an error, not a `success`); a spectrum has at most 10⁶ frequencies
 * (MAX_SPECTRUM_POINTS, src/validate/limits.ts).
 * @example
 * const r = fit(parseCircuit('R0-p(R1,CPE1)'), data, { initial: { R0: 10, R1: 1e3, 'CPE1.Q': 1e-6, 'CPE1.alpha': 0.9 } });
 * r.byName.R1.value; r.byName.R1.stderr;
 */
export function fit(circuit: Circuit, spectrum: SpectrumInput, options: FitOptions = {}): FitResult {
  const backend = selectBackend(options);
  // the problem's copy of the spectrum (freq, Z, σ) lives in one reused block: it is dropped when
  // fit() returns (no result or error holds a view of it); a nested fit() (from an option's getter) gets its own
  if (singleBusy) return fitChunk(circuit, backend, [buildProblem(circuit, spectrum, options, undefined, undefined, backend.guess)])[0]!;
  singleBusy = true;
  try {
    SINGLE.arena.rewind();
    const pr = buildProblem(circuit, spectrum, options, undefined, SINGLE, backend.guess);
    return fitChunk(circuit, backend, [pr])[0]!;
  } finally {
    SINGLE.shared = undefined; // the options' parts: neither kept alive nor seen by the next call
    singleBusy = false;
  }
}

/** fit()'s storage for its one validated spectrum (a block of just the size needed, rewound per call; no parts shared across calls), and whether a fit() is using it. */
const SINGLE: ProblemBatch = { arena: new SpectrumArena(0) };
let singleBusy = false;

/**
 * The results of a chunk of problems: every start of every problem in one backend call (one WASM
 * call) with the quality verdicts' numbers (WASM: in the same call; after multi-start, for the
 * chosen fits only, by judgeFits), then each result assembled — fit(), fitBatch and a worker's
 * share of one.
 */
export function fitChunk(circuit: Circuit, backend: Backend, problems: FitProblem[], chain?: WarmChain): FitResult[] {
  const program = circuit.kernelProgram;
  let fits: BackendFit[];
  if (problems.every((p) => p.starts <= 1)) fits = backend.fitBatch(program, problems, chain, true);
  else {
    fits = fitWithStarts(problems, (prs) => backend.fitBatch(program, prs, chain));
    backend.judgeFits?.(problems, fits);
  }
  return fits.map((b, k) => assembleResult(circuit, problems[k]!, b, backend.name));
}

/**
 * Fits every problem and, for those with `starts` > 1, its seeded perturbations too, all
 * through one call of `run` (one WASM call); returns the best fit per problem (a converged fit
 * before a failed one, then the lowest χ²).
 */
export function fitWithStarts(problems: readonly FitProblem[], run: (prs: FitProblem[]) => BackendFit[]): BackendFit[] {
  if (problems.every((p) => p.starts <= 1)) return run(problems as FitProblem[]);
  const expanded = problems.map(multiStartProblems);
  const flat = run(expanded.flat());
  let at = 0;
  return expanded.map((list) => {
    const fits = flat.slice(at, (at += list.length));
    if (fits.length === 1) return fits[0]!;
    let best = 0;
    fits.forEach((b, k) => {
      const cur = fits[best]!;
      if ((b.status > 0 && !(cur.status > 0)) || ((b.status > 0) === (cur.status > 0) && b.chi2 < cur.chi2)) best = k;
    });
    return { ...fits[best]!, multiStart: { starts: fits.length, converged: fits.filter((b) => b.status > 0).length, best } };
  });
}

/** The problem from its own start values, then `starts − 1` seeded perturbations of them. */
export function multiStartProblems(pr: FitProblem): FitProblem[] {
  if (pr.starts <= 1) return [pr];
  const rng = new Random(pr.seed);
  const out = [pr];
  for (let s = 1; s < pr.starts; s++) out.push({ ...pr, u0: pr.u0.map((u) => u + rng.normal()) });
  return out;
}

export type { FitOptions, SpectrumInput, BackendFit };
