/**
 * linKK(): the linear Kramers–Kronig test (Schönleber, Klotz, Ivers-Tiffée, Electrochim. Acta
 * 131 (2014) 20; Boukamp, J. Electrochem. Soc. 142 (1995) 1885). A spectrum that a Voigt
 * circuit (or its admittance dual) reproduces to the noise level is consistent with the
 * Kramers–Kronig relations: linear, causal, stable. Drift during the sweep or a non-causal
 * artefact leaves systematic residuals. Method and formulas: src/reference/linkk.ts.
 */
import type { ComplexArray } from '../circuit/circuit.ts';
import { exp10, hypot } from '../math/index.ts';
import { selectBackend, type ComputeOptions } from '../backend/select.ts';
import { EisError } from '../errors.ts';
import { booleanOption, checkDistinctFrequencies, checkOptionKeys, checkOptions, checkSpectrumList, functionOption, integerOption, MAX_CHUNK_SIZE, MIN_MAGNITUDE, numberOption, oneOfOption, toSpectrum } from '../validate.ts';
import { runChunked } from '../runtime/chunked.ts';
import type { SpectrumInput } from '../types/spectrum.ts';
import { CROP_OPTION_KEYS, croppedNote, cropIndices, cropWindow, frequencyRange, pick, type FrequencyRange, type FrequencyWindow } from '../crop.ts';
import {
  KK_FIT_COMPLEX, KK_FIT_IMAG, KK_FIT_REAL, KK_RULE_FIXED, KK_RULE_MU, KK_RULE_SCORE,
  type KkOutcome, type KkProblem,
} from '../reference/linkk.ts';
import type { ResidualJudgement } from '../stats/judge.ts';
import { judgeInFrequencyOrder } from '../stats/order.ts';
import { kkDesign, kkParameters, kkVerdict, partProfile } from './verdict.ts';
import { runKk } from './noise-rule.ts';

export interface LinKKOptions extends ComputeOptions {
  /**
   * Which parts are fitted: both (`'complex'`), the real part (`'real'`: then the series C and
   * L are fitted to what is left of the imaginary part, as impedance.py does) or the imaginary
   * part (`'imag'`: then the series resistance from the real part, Boukamp 1995 eq. 7).
   * @default 'complex'
   */
  fitType?: 'complex' | 'real' | 'imag';
  /**
   * Test the impedance Z (Voigt circuit: R_s, RC elements in series, C_s, L_s) or the
   * admittance Y = 1/Z (R_p, C_p, L_p and series-RC branches in parallel) — Y suits spectra
   * dominated by a parallel capacitance. @default 'Z'
   */
  representation?: 'Z' | 'Y';
  /** Add a series (Z) or parallel (Y) capacitance: needed when there is no low-frequency intercept (blocking electrodes). @default true */
  addCapacitance?: boolean;
  /** Add a series (Z) or parallel (Y) inductance (cables, instrument). @default true */
  addInductance?: boolean;
  /** A fixed number of RC elements instead of the automatic choice. */
  M?: number;
  /** μ criterion: the automatic choice takes M with μ < c. @default 0.85 */
  c?: number;
  /** Largest M tried (also limited by the number of data: unknowns < equations). @default 50 */
  maxM?: number;
  /**
   * `'mu'`: the smallest M with μ < c (Schönleber 2014; impedance.py). `'score'`: among the M
   * values at the top of the scan with μ < c, the largest S = −log₁₀ χ²_ps / (c − μ)^β
   * (Yrjänä & Bobacka 2024; pyimpspec's default) — robust against μ fluctuating at small M,
   * but it scans every M up to maxM. `'noise'`: the smallest M whose fit reaches the noise
   * estimated from the data (src/kk/noise-rule.ts; a score scan, then one fixed-M fit) — few
   * enough time constants that a narrow artefact stays in the residuals. @default 'noise'
   */
  method?: 'mu' | 'score' | 'noise';
  /** β of the `'score'` method. @default 0.75 */
  beta?: number;
  /**
   * F_ext: the time constants span [1/(F_ext·ω_max), F_ext/ω_min]. `'auto'` tries
   * `extensionSteps` values of log₁₀ F_ext evenly over [−1, 1] and keeps the one whose chosen
   * fit has the lowest pseudo-χ². @default 'auto' with method 'noise' (the default), else 1
   */
  extension?: number | 'auto';
  /** Candidates for `extension: 'auto'`. @default 5 with method 'noise' (the default), else 21 */
  extensionSteps?: number;
  /**
   * How the residuals are judged. `'statistics'` (default): against the noise estimated from the
   * data — their size, whiteness along frequency and outliers (src/stats/judge.ts; residuals all
   * below 0.05 % of |Z| pass). `'threshold'`: every |residual| ≤ `threshold` (impedance.py's
   * rule); giving `threshold` alone selects it. @default 'statistics'
   */
  verdict?: 'statistics' | 'threshold';
  /** The `'threshold'` verdict: pass when every |residual| (relative, real and imaginary) is at most this. @default 0.01 (1 %) */
  threshold?: number;
  /**
   * Test only the frequencies f ≥ fmin (Hz, inclusive); residuals, fitted and maxResidualIndex
   * are then on the cropped grid (cropSpectrum gives its frequencies), see `freqRange`.
   */
  fmin?: number;
  /** Test only the frequencies f ≤ fmax (Hz, inclusive); see fmin. */
  fmax?: number;
}

export interface LinKKResult {
  /** Number of RC elements (time constants) used. */
  M: number;
  /** μ of the chosen fit (1 − negative/positive mass of the RC coefficients). */
  mu: number;
  /** Pseudo-χ² = Σ(Δ′² + Δ″²) (Boukamp 1995, eq. 14). */
  chi2ps: number;
  /** Noise estimate SD = √(5000·χ²_ps/N), in % of |Z| (Yrjänä & Bobacka 2024). */
  noiseEstimate: number;
  /** Relative residuals Δ = (X − X̂)/|X| in the tested representation (X = Z or Y). */
  residuals: ComplexArray;
  /** The fitted model's impedance (Ω), whatever the representation. */
  fitted: ComplexArray;
  /** Time constants τ_k (s). */
  tau: Float64Array;
  /** R_k (Ω) of the RC elements: Z — the fitted coefficients; Y — τ_k/C_k of the series-RC branches. */
  resistances: Float64Array;
  /** C_k (F): Z — τ_k/R_k; Y — the fitted coefficients. */
  capacitances: Float64Array;
  /** The series (Z) or parallel (Y) R, C, L; null for an element not in the model. */
  elements: { resistance: number; capacitance: number | null; inductance: number | null };
  /** Whether the spectrum is consistent with the Kramers–Kronig relations, by the `verdict` rule. */
  pass: boolean;
  /** The rule that gave `pass`. */
  verdict: 'statistics' | 'threshold';
  /** Why it passed or failed, in plain words (what was measured, against what). */
  reasons: string[];
  /** Noise σ̂ estimated from the residuals' second differences (fraction of |X|, Re and Im pooled). */
  noiseSigma: number;
  /** The statistics behind the `'statistics'` verdict (computed for either rule), taken in increasing frequency: indices in it (`scan.index`) count positions in that order. */
  statistics: ResidualJudgement;
  /** The `'threshold'` rule's limit on |Δ| (also the band drawn on residual plots). */
  threshold: number;
  /** Largest |Δ| over real and imaginary parts, and the index of its frequency. */
  maxResidual: number;
  maxResidualIndex: number;
  /** μ and pseudo-χ² for each M tried (at the chosen F_ext); 'mu' stops at the chosen M. */
  muCurve: { M: Int32Array; mu: Float64Array; chi2ps: Float64Array };
  extension: number;
  representation: 'Z' | 'Y';
  fitType: 'complex' | 'real' | 'imag';
  method: 'mu' | 'score' | 'noise' | 'fixed';
  c: number;
  warnings: string[];
  backend: 'wasm' | 'js';
  /** The frequency window (fmin/fmax, null when not given) and the points tested of the spectrum's total. */
  freqRange: FrequencyRange;
}

export interface LinKKBatchOptions extends LinKKOptions {
  /** Called after every chunk with (spectra done, total). If it throws, the batch rejects with EisError E_CALLBACK (its error in `details.cause`). */
  onProgress?: (done: number, total: number) => void;
  /** Spectra per WASM call (between progress reports): an integer from 1 to MAX_CHUNK_SIZE = 10⁶. @default 256 */
  chunkSize?: number;
}

/** The options of linKK() (and, with onProgress and chunkSize, of linKKBatch()). */
export const KK_OPTION_KEYS = ['fitType', 'representation', 'addCapacitance', 'addInductance', 'M', 'c', 'maxM', 'method', 'beta', 'extension', 'extensionSteps', 'verdict', 'threshold', ...CROP_OPTION_KEYS, 'backend', 'engine'] as const;
const KK_BATCH_OPTION_KEYS = [...KK_OPTION_KEYS, 'onProgress', 'chunkSize'];

/** The validated options shared by every spectrum. */
interface KkSettings {
  fitType: 'complex' | 'real' | 'imag';
  representation: 'Z' | 'Y';
  addC: boolean;
  addL: boolean;
  fixedM: number; // 0: automatic
  c: number;
  maxM: number;
  method: 'mu' | 'score' | 'noise';
  beta: number;
  extensions: Float64Array;
  verdict: 'statistics' | 'threshold';
  threshold: number;
  window: FrequencyWindow;
}

function settings(options: unknown, keys: readonly string[]): KkSettings {
  const o = checkOptions('options', options);
  checkOptionKeys(o, keys);
  const fixedM = o.M === undefined ? 0 : numberOption(o, 'M', 0, (x) => Number.isInteger(x) && x >= 1, 'an integer ≥ 1');
  const method = oneOfOption(o, 'method', ['mu', 'score', 'noise'] as const, 'noise');
  // the noise rule searches F_ext by default: noise-free spectra then reach the 0.05 % floor
  const extension = o.extension ?? (fixedM === 0 && method === 'noise' ? 'auto' : undefined);
  let extensions: Float64Array;
  if (extension === 'auto') {
    // the noise rule needs F_ext only good enough for noise-free data to reach the floor: 5
    // candidates measure as well as 21 on the clear-cut cases at a quarter of the cost (bench/README.md)
    const steps = numberOption(o, 'extensionSteps', fixedM === 0 && method === 'noise' ? 5 : 21, (x) => Number.isInteger(x) && x >= 2 && x <= 1001, 'an integer from 2 to 1001');
    extensions = Float64Array.from({ length: steps }, (_, k) => exp10(-1 + (2 * k) / (steps - 1)));
  } else {
    if (o.extensionSteps !== undefined) throw new EisError('E_ARG_RANGE', 'invalid option. `extensionSteps` only applies with extension: \'auto\'.', { argument: 'extensionSteps' });
    extensions = Float64Array.of(numberOption(o, 'extension', 1, (x) => x > 0, "a number > 0 or 'auto'"));
  }
  if (fixedM > 0 && o.method !== undefined) throw new EisError('E_ARG_RANGE', 'invalid options. `M` fixes the number of RC elements; `method` chooses it automatically. Give one of them.', { argument: 'method' });
  return {
    fitType: oneOfOption(o, 'fitType', ['complex', 'real', 'imag'] as const, 'complex'),
    representation: oneOfOption(o, 'representation', ['Z', 'Y'] as const, 'Z'),
    addC: booleanOption(o, 'addCapacitance', true),
    addL: booleanOption(o, 'addInductance', true),
    fixedM,
    c: numberOption(o, 'c', 0.85, (x) => x > 0 && x < 1, 'a number in (0, 1)'),
    maxM: numberOption(o, 'maxM', 50, (x) => Number.isInteger(x) && x >= 1 && x <= 10000, 'an integer from 1 to 10000'),
    method,
    beta: numberOption(o, 'beta', 0.75, (x) => x >= 0, 'a number ≥ 0'),
    extensions,
    verdict: oneOfOption(o, 'verdict', ['statistics', 'threshold'] as const, o.threshold !== undefined ? 'threshold' : 'statistics'),
    threshold: numberOption(o, 'threshold', 0.01, (x) => x > 0, 'a number > 0'),
    window: cropWindow(o),
  };
}

/**
 * The largest M: unknowns of the main least-squares solve stay below its equations, and M ≤ N
 * (more time constants than frequencies cannot be told apart: the problem becomes rank
 * deficient, as Schönleber et al. and pyimpspec's limits also assume).
 */
function largestM(s: KkSettings, n: number): number {
  const extra = (s.addC ? 1 : 0) + (s.addL ? 1 : 0);
  if (s.fitType === 'real') return n - 2; // 1 + M < N
  if (s.fitType === 'imag') return n - 1 - extra; // M + extra < N
  return Math.min(n, 2 * n - 2 - extra); // 1 + M + extra < 2N, and M ≤ N
}

/** The fewest frequencies for one RC element. */
function fewestPoints(s: KkSettings): number {
  for (let n = 1; ; n++) if (largestM(s, n) >= 1) return n;
}

/** Whether M is chosen by the noise rule (a score scan, then a fixed-M fit). */
const noiseRule = (s: KkSettings) => s.fixedM === 0 && s.method === 'noise';

function buildKkProblem(spectrum: unknown, s: KkSettings, name: string): KkProblem & { range: FrequencyRange } {
  const full = toSpectrum(spectrum, name);
  const keep = cropIndices(full.freq, s.window, name);
  const freq = pick(full.freq, keep), re = pick(full.re, keep), im = pick(full.im, keep);
  const n = freq.length;
  const range = frequencyRange(s.window, n, full.freq.length);
  const limit = largestM(s, n);
  if (limit < 1) {
    throw new EisError('E_ARG_LENGTH', `invalid argument. \`${name}\` has ${n} frequencies${croppedNote(range)}; a Lin-KK test with fitType '${s.fitType}'${s.addC || s.addL ? ' and the series elements' : ''} needs at least ${fewestPoints(s)} to fit one RC element.`, { argument: name });
  }
  // the points must differ in frequency too: copies of one frequency give a rank-deficient
  // design whose 'fit' is no test at all
  checkDistinctFrequencies(name, freq, fewestPoints(s), `a Lin-KK test with fitType '${s.fitType}'${s.addC || s.addL ? ' and the series elements' : ''}`);
  if (s.fixedM > limit) {
    throw new EisError('E_ARG_RANGE', `invalid option. \`M\` = ${s.fixedM} needs more data: with ${n} frequencies${croppedNote(range)} and fitType '${s.fitType}' at most ${limit} RC elements can be fitted.`, { argument: 'M', value: s.fixedM });
  }
  const w = new Float64Array(n), xre = new Float64Array(n), xim = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    w[i] = 2 * Math.PI * freq[i]!;
    const m2 = re[i]! * re[i]! + im[i]! * im[i]!;
    // |Z|² underflows below ~1e-154 Ω: measure those points by hypot before judging them
    if (!(m2 >= MIN_MAGNITUDE * MIN_MAGNITUDE) && !(hypot(re[i]!, im[i]!) >= MIN_MAGNITUDE)) {
      const z = hypot(re[i]!, im[i]!);
      throw new EisError('E_ARG_RANGE', `invalid argument. \`${name}\` has ${z === 0 ? 'Z = 0' : `|Z| = ${z} Ω (below ${MIN_MAGNITUDE} Ω)`} at index ${i} (f = ${freq[i]} Hz): the test weights each point by 1/|Z|.`, { argument: name, index: i, value: z, limit: MIN_MAGNITUDE });
    }
    if (s.representation === 'Y') {
      // Y = 1/Z = conj(Z)/|Z|² (Smith's form where |Z|² could over- or underflow)
      if (m2 > 1e-300 && m2 < 1e300) {
        xre[i] = re[i]! / m2;
        xim[i] = -im[i]! / m2;
      } else {
        const h = hypot(re[i]!, im[i]!);
        xre[i] = re[i]! / h / h;
        xim[i] = -im[i]! / h / h;
      }
    } else {
      xre[i] = re[i]!;
      xim[i] = im[i]!;
    }
  }
  return {
    n, w, xre, xim, admittance: s.representation === 'Y',
    fitType: s.fitType === 'real' ? KK_FIT_REAL : s.fitType === 'imag' ? KK_FIT_IMAG : KK_FIT_COMPLEX,
    addC: s.addC, addL: s.addL,
    rule: s.fixedM > 0 ? KK_RULE_FIXED : s.method === 'score' ? KK_RULE_SCORE : KK_RULE_MU,
    fixedM: s.fixedM, maxM: Math.min(s.maxM, limit), c: s.c, beta: s.beta, extensions: s.extensions,
    range,
  };
}

function assemble(p: KkProblem & { range: FrequencyRange }, o: KkOutcome, s: KkSettings, backend: 'wasm' | 'js'): LinKKResult {
  const { n, admittance } = p;
  const M = o.M;
  const warnings: string[] = [];
  // the model's impedance: Z itself, or 1/Y
  const fitted = { re: new Float64Array(n), im: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    if (!admittance) {
      fitted.re[i] = o.fittedRe[i]!;
      fitted.im[i] = o.fittedIm[i]!;
    } else {
      const a = o.fittedRe[i]!, b = o.fittedIm[i]!, m2 = a * a + b * b;
      fitted.re[i] = a / m2;
      fitted.im[i] = -b / m2;
    }
  }
  const tau = o.tau;
  const resistances = new Float64Array(M), capacitances = new Float64Array(M);
  for (let k = 0; k < M; k++) {
    const x = o.coef[1 + k]!;
    resistances[k] = admittance ? tau[k]! / x : x;
    capacitances[k] = admittance ? x : tau[k]! / x;
  }
  const iC = 1 + M, iL = 1 + M + (p.addC ? 1 : 0);
  const elements = {
    resistance: admittance ? 1 / o.coef[0]! : o.coef[0]!,
    capacitance: p.addC ? (admittance ? o.coef[iC]! : 1 / o.coef[iC]!) : null,
    inductance: p.addL ? (admittance ? 1 / o.coef[iL]! : o.coef[iL]!) : null,
  };
  let maxResidual = 0, maxResidualIndex = 0;
  for (let i = 0; i < n; i++) {
    const a = Math.max(Math.abs(o.residualsRe[i]!), Math.abs(o.residualsIm[i]!));
    if (a > maxResidual || Number.isNaN(a)) {
      maxResidual = a;
      maxResidualIndex = i;
      if (Number.isNaN(a)) break;
    }
  }
  const finite = Number.isFinite(o.chi2) && !o.rankDeficient;
  if (o.rankDeficient && Number.isFinite(o.chi2)) warnings.push(`The least-squares problem with M = ${M} is rank deficient (time constants closer than these ${n} frequencies resolve): its coefficients are not determined, so no verdict. Lower M or maxM.`);
  if (!finite) warnings.push(`The least-squares problem with M = ${M} is singular (the time constants are too close for the data): no verdict. Lower maxM or give a smaller M.`);
  if (!o.found) warnings.push(`μ stayed at or above c = ${s.c} up to M = ${p.maxM}${p.maxM < s.maxM ? ' (the most these data support)' : ''}: the test used M = ${M}. Over-fitting was not reached, so the residuals may still show under-fitting; try a larger maxM, extension: 'auto', or addCapacitance.`);
  const design = kkDesign(p, o.tau);
  // judged in increasing frequency, whatever the order the data came in (src/stats/order.ts)
  const hz = Float64Array.from(p.w, (w) => w / (2 * Math.PI));
  const { judgement: statistics, freqAt } = judgeInFrequencyOrder(hz, o.residualsRe, o.residualsIm, { parameters: kkParameters(p, M), profile: partProfile(p.xre, p.xim), ...(design ? { design } : {}) });
  const { pass, reasons } = kkVerdict(s.verdict, finite, statistics, maxResidual, hz[maxResidualIndex]!, s.threshold, freqAt, 2 * n - kkParameters(p, M));
  return {
    M, mu: o.mu, chi2ps: o.chi2, noiseEstimate: Math.sqrt((5000 * o.chi2) / n),
    residuals: { re: o.residualsRe, im: o.residualsIm }, fitted, tau, resistances, capacitances, elements,
    pass, verdict: s.verdict, reasons, noiseSigma: Math.sqrt(0.5 * (statistics.re.noise ** 2 + statistics.im.noise ** 2)), statistics,
    threshold: s.threshold, maxResidual, maxResidualIndex,
    muCurve: { M: o.curveM, mu: o.curveMu, chi2ps: o.curveChi2 },
    extension: p.extensions[o.extIndex]!, representation: s.representation, fitType: s.fitType,
    method: s.fixedM > 0 ? 'fixed' : s.method, c: s.c, warnings, backend, freqRange: { ...p.range },
  };
}

/**
 * Linear Kramers–Kronig test of one spectrum ({ freq, re, im }, Ohm): fits a Voigt circuit with
 * M RC elements of fixed log-spaced time constants by linear least squares (WASM, or the TS
 * reference), chooses M (by default the smallest M whose fit reaches the noise of the data,
 * src/kk/noise-rule.ts) and judges the residuals against the noise estimated from the data
 * (src/stats/judge.ts); `reasons` says why it passed or failed.
 * @throws EisError on invalid input, before any computation: E_ARG_TYPE, E_NONFINITE,
 * E_NONPOSITIVE_FREQ, E_ARG_LENGTH for the spectrum's shape (see toSpectrum); E_ARG_RANGE for
 * degenerate data the test cannot judge — frequencies or |Re Z|, |Im Z| outside
 * [1e-50, 1e50] (Hz, Ω; their squares would overflow), a point with |Z| = 0 (or below
 * 1e-50 Ω: the test weights by 1/|Z|), fewer different frequencies than one RC element
 * needs (e.g. every point at one frequency), more than 10⁶ frequencies (MAX_SPECTRUM_POINTS).
 * @example
 * const kk = linKK(data);                      // complex fit, series C and L, automatic M
 * kk.pass; kk.reasons; kk.M; kk.residuals.re;  // residuals relative to |Z|
 * linKK(data, { fitType: 'real', addCapacitance: false, c: 0.85, maxM: 50, method: 'mu', verdict: 'threshold' });  // impedance.py's settings
 */
export function linKK(spectrum: SpectrumInput, options: LinKKOptions = {}): LinKKResult {
  const s = settings(options, KK_OPTION_KEYS);
  const p = buildKkProblem(spectrum, s, 'spectrum');
  const backend = selectBackend(options);
  const [o] = runKk([p], (ps) => backend.linKKBatch(ps), noiseRule(s));
  return assemble(p, o, s, backend.name);
}

/** Every spectrum's problem, in order (EisError naming `spectra[k]` for the first invalid one). */
const kkProblems = (spectra: readonly SpectrumInput[], s: KkSettings) => spectra.map((sp, k) => buildKkProblem(sp, s, `spectra[${k}]`));

/**
 * linKKBatch's checks of its spectra and options, in its order and with its errors, without a
 * test run (the queue's submitter: src/queue/submit-kinds.ts); `keys` the options taken.
 */
export function checkLinKKBatch(spectra: readonly SpectrumInput[], options: unknown, keys: readonly string[]): void {
  checkSpectrumList(spectra);
  kkProblems(spectra, settings(options, keys));
}

/**
 * Lin-KK tests of many spectra with the same options: one WASM call per chunk, progress
 * between chunks; results in input order. An invalid spectrum throws EisError (naming it)
 * before any test runs.
 */
export async function linKKBatch(spectra: readonly SpectrumInput[], options: LinKKBatchOptions = {}): Promise<LinKKResult[]> {
  checkSpectrumList(spectra);
  const s = settings(options, KK_BATCH_OPTION_KEYS);
  const o = options as Record<string, unknown>;
  const onProgress = functionOption<(done: number, total: number) => void>(o, 'onProgress');
  const chunkSize = integerOption(o, 'chunkSize', 256, 1, MAX_CHUNK_SIZE);
  const problems = kkProblems(spectra, s);
  const backend = selectBackend(options);
  return runChunked(problems, { chunkSize, onProgress }, (chunk) =>
    runKk(chunk, (ps) => backend.linKKBatch(ps), noiseRule(s)).map((o, k) => assemble(chunk[k]!, o, s, backend.name)));
}
