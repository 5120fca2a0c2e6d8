/**
 * Turns fit() arguments into a validated numeric problem both backends share: the data, the
 * σ of every residual, the parameter vector with its free/fixed mask and bounds, tolerances.
 */
import type { Circuit, ParamInput } from '../circuit/circuit.ts';
import { hypot, pow } from '../math/index.ts';
import { EisError, show } from '../errors.ts';
import { checkDistinctFrequencies, checkImpedanceScale, distinctFrequencies, checkOptionKeys, checkOptions, integerOption, MAX_STARTS, numberOption, oneOfOption, toFloat64, toSpectrum, type NumericArray, type SpectrumArena } from '../validate.ts';
import { BOUND, FIT_REPRESENTATION } from '../abi/descriptor.ts';
import { representPoint } from '../reference/representation.ts';
import { cellConstants, type CellGeometry } from '../representation/geometry.ts';
import type { Spectrum, SpectrumInput } from '../types/spectrum.ts';
import { boundKind, toInternal } from '../reference/transform.ts';
import type { ComputeOptions } from '../backend/select.ts';
import type { GuessKernels } from '../backend/types.ts';
import type { FitProblem } from '../types/problems.ts';
import { guessWith } from '../guess/index.ts';
import { CROP_OPTION_KEYS, croppedNote, cropIndices, cropWindow, frequencyRange, pick } from '../crop.ts';

/**
 * How residuals are weighted: r = (X_exp − X_model)/σ on Re and Im, X the fit's representation
 * (Z by default; see FitOptions.representation).
 */
export type Weighting =
  /** σ = |X_exp| on both parts (default; relative errors, the usual choice for EIS). */
  | 'modulus'
  /** σ_re = |Re X_exp|, σ_im = |Im X_exp| (each part relative to itself). */
  | 'proportional'
  /** σ = 1 (absolute errors in the units of X: Ohm for Z; large values dominate). */
  | 'unit'
  /**
   * Explicit standard deviations of Z: one array for both parts, or one per part. In Y and M
   * they are carried over to X to first order: σ_M = ωC0·σ_Z (parts swapped, M = jωC0·Z),
   * σ_Y = |Y_exp|²·σ_Z (per part: σ_Yre² = a²σ_re² + b²σ_im², σ_Yim² = b²σ_re² + a²σ_im² with Y_exp² = a + jb).
   */
  | { sigma: NumericArray | { re: NumericArray; im: NumericArray } };

/** The representation a fit's residuals are taken in (specs/global-fit.md Part B). */
export type FitRepresentation = 'Z' | 'Y' | 'M';

export interface FitOptions extends ComputeOptions {
  /**
   * Start values by name or position. Omitted: estimated from the spectrum (initialGuess: arc
   * geometry, intercepts, low-frequency slope); names left out of a record are estimated too.
   */
  initial?: ParamInput;
  /** Parameters held constant, by name (the value given here is used). */
  fixed?: Readonly<Record<string, number>>;
  /** Bounds by name, [lower, upper] (±Infinity allowed); others use the element table's. */
  bounds?: Readonly<Record<string, readonly [number, number]>>;
  /** @default 'modulus' */
  weighting?: Weighting;
  /**
   * Fit in the impedance Z, the admittance Y = 1/Z or the modulus M = jωC0·Z: residuals
   * w∘(X_exp − X_model) with the weights from X_exp, the Jacobian by the chain rule
   * (∂Y = −Y²∂Z, ∂M = jωC0·∂Z). Parameters and covariance stay in natural units; χ² is in X.
   * Under 'modulus' weighting M is the same fit as Z (the residual times j), and Y differs
   * from Z only at second order in the relative residual; with 'unit' or 'proportional'
   * weighting M stresses the high-frequency (bulk) points, Z the low-frequency ones.
   * @default 'Z'
   */
  representation?: FitRepresentation;
  /**
   * The sample geometry for representation 'M': C0 = ε0·A/L (ε0 = 8.8541878128e-14 F/cm; A =
   * areaCm2, or π·diameterCm²/4). Without it C0 = 1 F, i.e. M̃ = jωZ: the parameters do not
   * depend on C0 (it scales every residual alike), only χ² of unit or sigma weighting does.
   * Only with representation 'M'.
   */
  geometry?: CellGeometry;
  /** With explicit sigma: treat σ as absolute (covariance not rescaled by χ²/dof). @default false */
  absoluteSigma?: boolean;
  /**
   * Stop when the relative reduction of χ² in a step is below ftol. @default 1e-10
   * Without ftol, xtol and gtol a fit also stops at the noise floor: when the Gauss–Newton step
   * would lower χ² by less than 1e-4·χ²/ν (status 6, FIT_STATUS.NOISE_FLOOR; χ² then within about
   * 1e-4·s² of the converged value). Giving any of the three turns that stop off: the fit runs to
   * the tolerances asked for.
   */
  ftol?: number;
  /** Stop when the relative step is below xtol. @default 1e-10 */
  xtol?: number;
  /** Stop when the gradient is orthogonal to the residuals within gtol. @default 1e-10 */
  gtol?: number;
  /** Limit on model evaluations (residuals and Jacobians). @default 200·(free parameters + 1) */
  maxEvaluations?: number;
  /**
   * Multi-start: fit from the start values and from `starts − 1` seeded random perturbations of
   * them (each free parameter moved by a standard normal step in its internal variable: a
   * factor e^±1 for positive parameters), keeping the lowest χ². An integer from 1 to
   * MAX_STARTS = 1000 (each start is a full fit). @default 1
   */
  starts?: number;
  /** Seed of the multi-start perturbations. @default 1 */
  seed?: number;
  /**
   * Fit only the frequencies f ≥ fmin (Hz, inclusive). The result's `fitted` and `residuals`
   * are then on the cropped grid (cropSpectrum gives its frequencies), `freqRange` says what
   * was kept, and an explicit `weighting.sigma` is given for the whole spectrum and cropped with it.
   */
  fmin?: number;
  /** Fit only the frequencies f ≤ fmax (Hz, inclusive); see fmin. */
  fmax?: number;
}

/** A spectrum as fit(), fitBatch() and linKK() take it: the one spectrum type (src/types/spectrum.ts). */
export type { SpectrumInput };

/** The numeric problem. */
/** A validated fit problem: the type lives below the backends (src/types/problems.ts). */
export type { FitProblem };

/** Kept here for the modules that import it from fit/problem (moved to the validation toolkit). */
export { checkOptionKeys, toSpectrum };

/** The points of a validated spectrum at `keep`, again as views of one allocation with two spare arrays. */
function cropped(s: Spectrum, keep: Int32Array) {
  const n = keep.length, buffer = new ArrayBuffer(40 * n);
  const view = (k: number) => new Float64Array(buffer, 8 * k * n, n);
  return { freq: pick(s.freq, keep, view(0)), re: pick(s.re, keep, view(1)), im: pick(s.im, keep, view(2)), spare: [view(3), view(4)] };
}

/** Shared zeros for the flags of a problem without initial or fixed options: at least `P`, never written. */
function zeroFlags(P: number): Uint8Array {
  if (ZERO_FLAGS.length < P) ZERO_FLAGS = new Uint8Array(Math.max(P, 2 * ZERO_FLAGS.length));
  return ZERO_FLAGS;
}
let ZERO_FLAGS = new Uint8Array(64);

/** A finite option ≥ 0 (tolerances, maxEvaluations), or `dflt` when absent. */
function positiveOption(o: Record<string, unknown>, key: string, dflt: number): number {
  return numberOption(o, key, dflt, (v) => v >= 0, 'a finite number ≥ 0');
}

/**
 * An estimated start value moved inside user bounds that exclude it: a tenth of the way in from
 * the violated bound (in log space for positive intervals).
 */
function insideBounds(p: number, lo: number, hi: number): number {
  if (p >= lo && p <= hi) return p;
  const finiteBoth = Number.isFinite(lo) && Number.isFinite(hi);
  if (finiteBoth && lo > 0) return p < lo ? lo * pow(hi / lo, 0.1) : hi / pow(hi / lo, 0.1);
  if (finiteBoth) return p < lo ? lo + 0.1 * (hi - lo) : hi - 0.1 * (hi - lo);
  if (p < lo) return lo > 0 ? lo * 1.5 : lo + 1;
  return hi > 0 ? hi / 1.5 : hi - 1;
}

function sigmas(w: unknown, re: Float64Array, im: Float64Array, spare: Float64Array[], keep: Int32Array | null, total: number, x = 'Z'): { sre: Float64Array; sim: Float64Array; label: string } {
  const n = re.length;
  const sre = spare[0] ?? new Float64Array(n), sim = spare[1] ?? new Float64Array(n);
  if (w === undefined || w === 'modulus') {
    let positive = true;
    for (let i = 0; i < n; i++) {
      // |Z| by sqrt(re² + im²) (correctly rounded: the same in every runtime); hypot only
      // where the squares would over- or underflow
      const a = re[i]!, b = im[i]!, m2 = a * a + b * b;
      const s = m2 > 1e-300 && m2 < 1e300 ? Math.sqrt(m2) : hypot(a, b);
      sre[i] = s;
      sim[i] = s;
      if (!(s > 0)) positive = false;
    }
    // checkSigma names the first σ ≤ 0; without one it only labels
    return positive ? { sre, sim, label: 'modulus' } : checkSigma(sre, sim, 'modulus', x);
  }
  if (w === 'unit') return { sre: sre.fill(1), sim: sim.fill(1), label: 'unit' };
  if (w === 'proportional') {
    for (let i = 0; i < n; i++) {
      sre[i] = Math.abs(re[i]!);
      sim[i] = Math.abs(im[i]!);
    }
    return checkSigma(sre, sim, 'proportional', x);
  }
  if (w !== null && typeof w === 'object' && 'sigma' in w) {
    const sg = (w as { sigma: unknown }).sigma;
    if (sg !== null && typeof sg === 'object' && 're' in sg && 'im' in sg) {
      // σ is given per frequency of the spectrum as passed, and cropped with it
      const a = toFloat64('weighting.sigma.re', (sg as { re: unknown }).re), b = toFloat64('weighting.sigma.im', (sg as { im: unknown }).im);
      if (a.length !== total || b.length !== total) throw new EisError('E_ARG_LENGTH', `invalid option. \`weighting.sigma\` must have ${total} values per part; got ${a.length} and ${b.length}.`, { argument: 'weighting.sigma' });
      return checkSigma(pick(a, keep), pick(b, keep), 'sigma');
    }
    const a = toFloat64('weighting.sigma', sg);
    if (a.length !== total) throw new EisError('E_ARG_LENGTH', `invalid option. \`weighting.sigma\` must have ${total} values (one per frequency); got ${a.length}.`, { argument: 'weighting.sigma' });
    const kept = pick(a, keep);
    return checkSigma(kept, Float64Array.from(kept), 'sigma');
  }
  throw new EisError('E_ARG_RANGE', `invalid option. \`weighting\` must be 'modulus', 'proportional', 'unit' or { sigma }; got ${show(w)}.`, { argument: 'weighting', value: w });
}

function checkSigma(sre: Float64Array, sim: Float64Array, label: string, x = 'Z') {
  for (let i = 0; i < sre.length; i++) {
    if (!(sre[i]! > 0) || !(sim[i]! > 0)) {
      const hint = label === 'proportional' ? ` (proportional weighting divides by |Re ${x}| and |Im ${x}|, which must not be 0; use modulus)` : '';
      throw new EisError('E_ARG_RANGE', `invalid weighting. σ must be > 0 for every residual; at index ${i} σ_re = ${sre[i]}, σ_im = ${sim[i]}${hint}.`, { argument: 'weighting', index: i });
    }
  }
  return { sre, sim, label };
}

/** C0 (F) of the `geometry` option (src/representation/geometry.ts), or 1 when it is absent; only representation 'M' takes it. */
function geometryC0(o: Record<string, unknown>, representation: FitRepresentation): number {
  if (o.geometry === undefined) return 1;
  if (representation !== 'M') {
    throw new EisError('E_ARG_RANGE', `invalid option. \`geometry\` sets C0 of the modulus M = jωC0·Z and is taken only with representation 'M'; got representation '${representation}'.`, { argument: 'geometry' });
  }
  return cellConstants(o.geometry, 'geometry', "representation 'M'").c0;
}

/** The data in the representation (X_exp), with the same operations as the model's (src/reference/representation.ts). */
function representData(code: number, freq: Float64Array, re: Float64Array, im: Float64Array, c0: number) {
  const n = freq.length;
  const buffer = new ArrayBuffer(16 * n), xre = new Float64Array(buffer, 0, n), xim = new Float64Array(buffer, 8 * n, n);
  const pt = { xr: 0, xi: 0, fr: 0, fi: 0 };
  for (let i = 0; i < n; i++) {
    representPoint(code, re[i]!, im[i]!, 2 * Math.PI * freq[i]!, c0, pt);
    xre[i] = pt.xr;
    xim[i] = pt.xi;
  }
  return { xre, xim };
}

/** Explicit σ of Z carried over to X (first order; see Weighting). New arrays: the user's are never written. */
function representSigma(code: number, perPart: boolean, freq: Float64Array, xre: Float64Array, xim: Float64Array, sre: Float64Array, sim: Float64Array, c0: number) {
  const n = freq.length, ore = new Float64Array(n), oim = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (code === FIT_REPRESENTATION.M) {
      const wc = 2 * Math.PI * freq[i]! * c0;
      ore[i] = wc * sim[i]!;
      oim[i] = wc * sre[i]!;
    } else {
      const yr = xre[i]!, yi = xim[i]!;
      if (!perPart) ore[i] = oim[i] = (yr * yr + yi * yi) * sre[i]!;
      else {
        const a = yr * yr - yi * yi, b = 2 * yr * yi;
        const ar = a * sre[i]!, ai = a * sim[i]!, br = b * sre[i]!, bi = b * sim[i]!;
        ore[i] = Math.sqrt(ar * ar + bi * bi);
        oim[i] = Math.sqrt(br * br + ai * ai);
      }
    }
  }
  return checkSigma(ore, oim, 'sigma');
}

/** Option names fit() accepts (a misspelt option is an error, not silently ignored). */
export const FIT_OPTION_KEYS = ['initial', 'fixed', 'bounds', 'weighting', 'representation', 'geometry', 'absoluteSigma', 'ftol', 'xtol', 'gtol', 'maxEvaluations', 'starts', 'seed', ...CROP_OPTION_KEYS, 'backend', 'engine'] as const;

/** seriesResistances' answer per parsed circuit. */
const SERIES_R = new WeakMap<object, Set<number>>();

/**
 * Parameter indices of the resistances in series with the whole circuit (R elements at its top
 * level): the ones phase B of the fit may continue in natural units (FitProblem.eligible). A
 * resistance inside a parallel group shares a time constant τ = R·C (or R·Q) with its partner:
 * ln R + ln C = const is a straight valley in the log variables and a curved one with R natural
 * (measured: a collapsed arc R1‖C1 crept to maxEvaluations in natural R1, 0.37·s² above its
 * log-space fit), so those stay in phase A's variables.
 */
function seriesResistances(circuit: Circuit): Set<number> {
  let set = SERIES_R.get(circuit.ast);
  if (!set) {
    set = new Set();
    const root = circuit.ast;
    const top = root.kind === 'series' ? root.children : [root];
    for (const node of top) {
      if (node.kind !== 'element' || node.symbol !== 'R') continue;
      const k = circuit.paramNames.indexOf(node.name);
      if (k >= 0 && circuit.units[k] === 'Ohm') set.add(k);
    }
    SERIES_R.set(circuit.ast, set);
  }
  return set;
}

/**
 * What buildProblem derives from the circuit and the options alone, the same for every spectrum
 * of a batch: kept from the batch's first problem and shared by the others (FitProblem's arrays
 * are read-only), so the options are checked once and these arrays are allocated once.
 */
interface SharedParts {
  readonly o: Record<string, unknown>;
  readonly window: ReturnType<typeof cropWindow>;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly free: Int32Array;
  readonly kinds: Int32Array;
  readonly freeLower: Float64Array;
  readonly freeUpper: Float64Array;
  readonly eligible: Uint8Array;
  readonly representation: FitRepresentation;
  readonly c0: number;
  readonly maxEvaluations: number;
  readonly ftol: number;
  readonly xtol: number;
  readonly gtol: number;
  readonly starts: number;
  readonly seed: number;
}

/**
 * The state buildProblem keeps across the spectra of one batch (fitBatch, a worker's share):
 * the arena their validated copies live in and, once the first problem is built, the parts
 * every problem shares. Only for one circuit with one options object, unchanged meanwhile.
 */
export interface ProblemBatch {
  readonly arena: SpectrumArena;
  shared?: SharedParts;
}

/**
 * Validates fit() arguments into a FitProblem. With `batch` the validated copy of the spectrum
 * and its weights are views of the batch's arena instead of an allocation of their own, and
 * from the second spectrum on the options are not parsed again: their checks passed for the
 * first (errors a spectrum can cause are still checked for each). Automatic start values use
 * `guess`, the backend's kernels for initialGuess's passes, when given (the same values).
 */
export function buildProblem(circuit: Circuit, spectrum: unknown, options: unknown, allowedKeys: readonly string[] = FIT_OPTION_KEYS, batch?: ProblemBatch, guess?: GuessKernels): FitProblem {
  const shared = batch?.shared;
  const o = shared ? shared.o : checkOptions('options', options);
  if (!shared) checkOptionKeys(o, allowedKeys);
  const window = shared ? shared.window : cropWindow(o);
  const full = toSpectrum(spectrum, 'spectrum', { extra: 2, arena: batch?.arena });
  const total = full.freq.length;
  const keep = cropIndices(full.freq, window);
  const { freq, re, im, spare } = keep === null ? full : cropped(full, keep);
  const range = frequencyRange(window, freq.length, total);
  checkImpedanceScale('spectrum', re, im);
  const P = circuit.paramNames.length;
  const program = circuit.program;
  // start values: positional, or by name with automatic estimates for the rest
  let params: Float64Array;
  const init = o.initial;
  // start values the user gave (estimated ones may be moved into the bounds); none: read-only zeros
  const given = init === undefined ? zeroFlags(P) : new Uint8Array(P);
  if (init === undefined) params = guessWith(circuit, { freq, re, im }, guess ?? null);
  else if (init !== null && typeof init === 'object' && !Array.isArray(init) && !ArrayBuffer.isView(init)) {
    params = guessWith(circuit, { freq, re, im }, guess ?? null);
    for (const [k, v] of Object.entries(init as Record<string, unknown>)) {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new EisError('E_NONFINITE', `invalid option. \`initial.${k}\` must be a finite number; got ${show(v)}.`, { argument: 'initial', name: k });
      const idx = circuit.paramIndex(k);
      params[idx] = v;
      given[idx] = 1;
    }
  } else {
    params = circuit.resolveParams(init, 'initial');
    given.fill(1);
  }

  const isFixed = o.fixed === undefined ? zeroFlags(P) : new Uint8Array(P);
  if (o.fixed !== undefined) {
    if (o.fixed === null || typeof o.fixed !== 'object') throw new EisError('E_ARG_TYPE', `invalid option. \`fixed\` must be an object of name → value; got ${show(o.fixed)}.`, { argument: 'fixed' });
    for (const [k, v] of Object.entries(o.fixed as Record<string, unknown>)) {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new EisError('E_NONFINITE', `invalid option. \`fixed.${k}\` must be a finite number; got ${show(v)}.`, { argument: 'fixed', name: k });
      const idx = circuit.paramIndex(k);
      isFixed[idx] = 1;
      params[idx] = v;
    }
  }
  // the element table's bounds themselves (read-only) unless the option `bounds` writes them into copies
  const ownBounds = o.bounds !== undefined && !shared;
  const lower = shared ? shared.lower : ownBounds ? program.lower.slice() : program.lower;
  const upper = shared ? shared.upper : ownBounds ? program.upper.slice() : program.upper;
  if (ownBounds) {
    if (o.bounds === null || typeof o.bounds !== 'object') throw new EisError('E_ARG_TYPE', `invalid option. \`bounds\` must be an object of name → [lower, upper]; got ${show(o.bounds)}.`, { argument: 'bounds' });
    for (const [k, v] of Object.entries(o.bounds as Record<string, unknown>)) {
      const idx = circuit.paramIndex(k);
      if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== 'number' || typeof v[1] !== 'number' || Number.isNaN(v[0]) || Number.isNaN(v[1]) || !(v[0] < v[1])
        || (Number.isFinite(v[0]) && Number.isFinite(v[1]) && !Number.isFinite(v[1] - v[0]))) {
        throw new EisError('E_ARG_RANGE', `invalid option. \`bounds.${k}\` must be [lower, upper] with lower < upper (and a finite width when both are finite); got ${show(v)}${Array.isArray(v) ? ` [${v.join(', ')}]` : ''}.`, { argument: 'bounds', name: k });
      }
      lower[idx] = v[0];
      upper[idx] = v[1];
    }
  }
  const free: number[] = [];
  let automaticStart = true; // no free start value from the user: λ0 = LAMBDA0_AUTO (src/reference/lm.ts)
  for (let k = 0; k < P; k++) {
    if (isFixed[k]) continue;
    if (given[k]) automaticStart = false;
    if (!given[k]) params[k] = insideBounds(params[k]!, lower[k]!, upper[k]!);
    if (params[k]! < lower[k]! || params[k]! > upper[k]!) {
      throw new EisError('E_ARG_RANGE', `invalid start value. ${circuit.paramNames[k]} = ${params[k]} is outside its bounds [${lower[k]}, ${upper[k]}].`, { argument: 'initial', name: circuit.paramNames[k] });
    }
    if (!shared) free.push(k);
  }
  const m = shared ? shared.free.length : free.length;
  if (m === 0) throw new EisError('E_ARG_RANGE', 'invalid options. Every parameter is fixed: there is nothing to fit.', { argument: 'fixed' });
  if (2 * freq.length <= m) {
    throw new EisError('E_ARG_LENGTH', `invalid argument. ${m} free parameters need more than ${m} residuals; the spectrum has ${freq.length} frequencies (${2 * freq.length} residuals)${croppedNote(range)}.`, { argument: 'spectrum', remaining: freq.length });
  }
  // 2·(different frequencies) > m: repeated frequencies are no new residuals (a fit to 61
  // copies of one point would otherwise end as a 'success' of an underdetermined problem)
  const needed = Math.floor(m / 2) + 1;
  if (distinctFrequencies(freq, needed) < needed) checkDistinctFrequencies('spectrum', freq, needed, `a fit of ${m} free parameters`);
  // plain loops: TypedArray.from with a map function is slow in V8, and this runs per spectrum
  const u0 = new Float64Array(m);
  let kinds: Int32Array, freeLower: Float64Array, freeUpper: Float64Array, eligible: Uint8Array, freeIdx: Int32Array;
  if (shared) ({ kinds, freeLower, freeUpper, eligible, free: freeIdx } = shared);
  else {
    kinds = new Int32Array(m);
    freeLower = new Float64Array(m);
    freeUpper = new Float64Array(m);
    eligible = new Uint8Array(m); // phase B's resistances (FitProblem.eligible)
    freeIdx = new Int32Array(m);
    let series: Set<number> | undefined;
    for (let i = 0; i < m; i++) {
      const k = free[i]!;
      freeIdx[i] = k;
      kinds[i] = boundKind(lower[k]!, upper[k]!);
      if (kinds[i] === BOUND.LOWER && lower[k] === 0 && (series ??= seriesResistances(circuit)).has(k)) eligible[i] = 1;
      freeLower[i] = lower[k]!;
      freeUpper[i] = upper[k]!;
    }
  }
  for (let i = 0; i < m; i++) {
    const k = freeIdx[i]!;
    u0[i] = toInternal(params[k]!, lower[k]!, upper[k]!, kinds[i]!);
  }
  const representation = shared ? shared.representation : oneOfOption(o, 'representation', ['Z', 'Y', 'M'] as const, 'Z');
  const code = FIT_REPRESENTATION[representation];
  const c0 = shared ? shared.c0 : geometryC0(o, representation);
  const { xre, xim } = code === FIT_REPRESENTATION.Z ? { xre: re, xim: im } : representData(code, freq, re, im, c0);
  const w = o.weighting;
  const explicit = w !== null && typeof w === 'object' && 'sigma' in w;
  // explicit σ are given for Z and carried over; the other weightings are defined on X_exp
  let { sre, sim, label } = explicit || code === FIT_REPRESENTATION.Z ? sigmas(w, re, im, spare, keep, total) : sigmas(w, xre, xim, spare, keep, total, representation);
  if (explicit && code !== FIT_REPRESENTATION.Z) {
    const sg = (w as { sigma: unknown }).sigma;
    const perPart = sg !== null && typeof sg === 'object' && 're' in sg && 'im' in sg;
    ({ sre, sim, label } = representSigma(code, perPart, freq, xre, xim, sre, sim, c0));
  }
  const maxEvaluations = shared ? shared.maxEvaluations : o.maxEvaluations === undefined ? 200 * (m + 1) : positiveOption(o, 'maxEvaluations', 0);
  if (!Number.isInteger(maxEvaluations) || maxEvaluations < 2 || maxEvaluations > 2147483647) {
    throw new EisError('E_ARG_RANGE', `invalid option. \`maxEvaluations\` must be an integer from 2 to 2147483647; got ${show(o.maxEvaluations)}.`, { argument: 'maxEvaluations' });
  }
  if (o.absoluteSigma === true && label !== 'sigma' && label !== 'unit') {
    throw new EisError('E_ARG_RANGE', `invalid option. \`absoluteSigma\` treats σ as known measurement errors; it needs weighting { sigma } (or 'unit'), not '${label}', whose σ is a relative weight.`, { argument: 'absoluteSigma' });
  }
  const ftol = shared ? shared.ftol : positiveOption(o, 'ftol', 1e-10), xtol = shared ? shared.xtol : positiveOption(o, 'xtol', 1e-10);
  const gtol = shared ? shared.gtol : positiveOption(o, 'gtol', 1e-10);
  const starts = shared ? shared.starts : integerOption(o, 'starts', 1, 1, MAX_STARTS), seed = shared ? shared.seed : integerOption(o, 'seed', 1, Number.MIN_SAFE_INTEGER);
  if (batch && !shared) {
    batch.shared = { o, window, lower, upper, free: freeIdx, kinds, freeLower, freeUpper, eligible, representation, c0, maxEvaluations, ftol, xtol, gtol, starts, seed };
  }
  return {
    n: freq.length, freq, zre: re, zim: im, sre, sim, representation: code, c0, xre, xim, params, free: freeIdx,
    lower: freeLower, upper: freeUpper,
    kinds, u0, automaticStart, eligible,
    // the statistical stop unless the user asked for tolerances (FitOptions.ftol)
    noiseStop: o.ftol === undefined && o.xtol === undefined && o.gtol === undefined,
    ftol, xtol, gtol,
    maxEvaluations, absoluteSigma: o.absoluteSigma === true, weighting: label,
    starts, seed,
    range,
  };
}
