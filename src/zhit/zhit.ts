/**
 * zhit(): the Z-HIT validity check (Ehm, Göhr, Kaus, Röseler, Schiller, Acta Chim. Hung. 137
 * (2000) 145; Schiller et al., PCCP 3 (2001) 374). The modulus is rebuilt from the phase by an
 * approximate Hilbert transform, which holds for any causal, linear, stable system; where the
 * measured |Z| parts from it (typically drift at the low-frequency end) the data are not valid.
 * No model is fitted. Specification and known answers: docs/specs/zhit.md; usage: docs/kk.md.
 */
import { atan2, cos, exp, exp10, hypot, log, log10, sin } from '../math/index.ts';
import { EisError, show } from '../errors.ts';
import { checkNonzeroImpedance, checkOptionKeys, checkOptions, numberOption, objectArgument, oneOfOption, toSpectrum } from '../validate.ts';
import { CROP_OPTION_KEYS, croppedNote, cropIndices, cropWindow, frequencyRange, pick, type FrequencyRange } from '../crop.ts';
import type { ComplexArray } from '../circuit/circuit.ts';
import type { SpectrumInput } from '../types/spectrum.ts';
import { linKK, type LinKKResult } from '../kk/linkk.ts';
import { smoothModSinc } from './smoothing.ts';
import { reconstructLogModulus } from './integrate.ts';
import { autoWindow, offsetFor, windowWeights, type WindowShape } from './offset.ts';
import { DEFAULT_THRESHOLD, zhitVerdict } from './verdict.ts';

/** The offset window: the band (Hz, inclusive) whose points set the constant C, and their weights. */
export interface ZhitWindow {
  fmin: number;
  fmax: number;
  /** Equal weights, or a Hann bell over log f. @default 'boxcar' */
  shape?: WindowShape;
}

export interface ZhitOptions {
  /** Smooth the phase before integrating: modified-sinc (n = 2, m = 3, half-width 7), or not. @default 'modsinc' */
  smoothing?: 'modsinc' | 'none';
  /**
   * The points that fix the offset C. Default: the 3-decade band (the whole range when narrower)
   * with the smallest mean |Lin-KK residual| (one `linKK` call with `method: 'mu'`, or the
   * `linKK` result given).
   */
  window?: ZhitWindow;
  /** Test only f ≥ fmin (Hz, inclusive); the results are then on the cropped grid (see `freqRange`). */
  fmin?: number;
  /** Test only f ≤ fmax (Hz, inclusive). */
  fmax?: number;
  /** Apply the formula to Z or to Y = 1/Z (φ_Y = −φ_Z); results are reported in Z. @default 'Z' */
  representation?: 'Z' | 'Y';
  /** Pass when the largest relative modulus deviation is at most this. @default 0.04 (plus 3× the given Lin-KK noise σ̂) */
  threshold?: number;
  /** A `linKK` result of the same (cropped) spectrum: its residuals choose the default window and its noise σ̂ widens the threshold. */
  linKK?: LinKKResult;
}

export interface ZhitResult {
  /** The reconstructed modulus |Z| (Ω) at each frequency, in the input order. */
  modulus: Float64Array;
  /** The reconstructed impedance (Ω): modulus·e^{jφ_s}, φ_s the (smoothed) phase of Z. */
  fitted: ComplexArray;
  /** (Z − fitted)/|Z|, real and imaginary, as in Lin-KK. */
  residuals: ComplexArray;
  /** Whether maxResidual ≤ threshold. */
  pass: boolean;
  /** The largest |modulus − |Z|| / |Z|. */
  maxResidual: number;
  /** The threshold maxResidual was judged against. */
  threshold: number;
  /** Why it passed or failed, and any caveat (phase beyond ±90°, irregular grid). */
  reasons: string[];
  /** The constant C of ln|X| = C + L (X = Z, or Y with representation 'Y'). */
  offset: number;
  /** The offset window [fmin, fmax] (Hz). */
  window: [number, number];
  representation: 'Z' | 'Y';
  smoothing: 'modsinc' | 'none';
  /** The frequency window (fmin/fmax, null when not given) and the points used of the spectrum's total. */
  freqRange: FrequencyRange;
}

const ZHIT_OPTION_KEYS = ['smoothing', 'window', 'representation', 'threshold', 'linKK', ...CROP_OPTION_KEYS] as const;
const WINDOW_KEYS = ['fmin', 'fmax', 'shape'] as const;

/** The fewest distinct frequencies: the smoother's edge fit takes 4 points, makima needs 3. */
export const ZHIT_MIN_POINTS = 5;

function windowOption(v: unknown): ZhitWindow | null {
  if (v === undefined) return null;
  const o = objectArgument('window', v, '{ fmin, fmax, shape? }');
  checkOptionKeys(o, WINDOW_KEYS);
  const edge = (key: 'fmin' | 'fmax') => {
    const x = o[key];
    if (typeof x !== 'number' || !Number.isFinite(x) || !(x > 0)) throw new EisError('E_ARG_RANGE', `invalid option. \`window.${key}\` must be a finite frequency > 0 Hz; got ${show(x)}.`, { argument: 'window', value: x });
    return x;
  };
  const fmin = edge('fmin'), fmax = edge('fmax');
  if (!(fmin < fmax)) throw new EisError('E_ARG_RANGE', `invalid option. \`window.fmin\` = ${fmin} Hz must be below \`window.fmax\` = ${fmax} Hz.`, { argument: 'window', fmin, fmax });
  return { fmin, fmax, shape: oneOfOption(o, 'shape', ['boxcar', 'hann'] as const, 'boxcar') };
}

/**
 * Z-HIT of one spectrum ({ freq, re, im }, Ohm; any frequency order): rebuilds |Z| from the
 * phase (modified-sinc smoothing, makima integration, the −π/6 second-order term), fixes the
 * constant over a window, and reports how far the measured modulus departs from it.
 * @throws EisError E_ARG_TYPE / E_ARG_LENGTH / E_ARG_RANGE for a bad spectrum (as linKK), fewer
 * than 5 frequencies, a repeated frequency, |Z| ≈ 0, an unknown option or one out of range, a
 * window without points.
 * @example
 * const r = zhit(spectrum);                      // default window from a Lin-KK test
 * if (!r.pass) console.log(r.reasons[0]);        // names the frequency below which |Z| drifts
 * zhit(spectrum, { smoothing: 'none', window: { fmin: 1, fmax: 1e3 } }).modulus;
 */
export function zhit(spectrum: SpectrumInput, options: ZhitOptions = {}): ZhitResult {
  const o = checkOptions('options', options);
  checkOptionKeys(o, ZHIT_OPTION_KEYS);
  const smoothing = oneOfOption(o, 'smoothing', ['modsinc', 'none'] as const, 'modsinc');
  const representation = oneOfOption(o, 'representation', ['Z', 'Y'] as const, 'Z');
  const window = windowOption(o.window);
  const given = o.linKK === undefined ? null : (objectArgument('linKK', o.linKK, 'a linKK() result') as unknown as LinKKResult);
  const noise = given !== null && typeof given.noiseSigma === 'number' && Number.isFinite(given.noiseSigma) ? given.noiseSigma : 0;
  const threshold = numberOption(o, 'threshold', DEFAULT_THRESHOLD, (x) => x > 0, 'a number > 0') + 3 * noise;
  const crop = cropWindow(o);

  const full = toSpectrum(spectrum, 'spectrum');
  const keep = cropIndices(full.freq, crop, 'spectrum');
  const freq = pick(full.freq, keep), re = pick(full.re, keep), im = pick(full.im, keep);
  const n = freq.length;
  const range = frequencyRange(crop, n, full.freq.length);
  if (n < ZHIT_MIN_POINTS) {
    throw new EisError('E_ARG_LENGTH', `invalid argument. \`spectrum\` has ${n} frequencies${croppedNote(range)}; Z-HIT needs at least ${ZHIT_MIN_POINTS}.`, { argument: 'spectrum' });
  }
  // once, on the caller's arrays, so that an error names the caller's index
  checkNonzeroImpedance('spectrum', full.freq, full.re, full.im, 'Z-HIT works on ln|Z|', keep ?? undefined);
  // ascending frequency: order[j] is the input index of the j-th lowest frequency
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => freq[a]! - freq[b]!);
  const x = new Float64Array(n), lf = new Float64Array(n), phi = new Float64Array(n), lnMod = new Float64Array(n);
  const sign = representation === 'Y' ? -1 : 1;
  const beyond: number[] = [];
  for (let j = 0; j < n; j++) {
    const i = order[j]!;
    if (j > 0 && freq[i] === freq[order[j - 1]!]) {
      throw new EisError('E_ARG_RANGE', `invalid argument. \`spectrum\` has the frequency ${freq[i]} Hz twice (indices ${order[j - 1]} and ${i}): Z-HIT integrates the phase over ln f and needs distinct frequencies.`, { argument: 'spectrum', index: i });
    }
    const mod = hypot(re[i]!, im[i]!);
    x[j] = log(2 * Math.PI * freq[i]!);
    lf[j] = log10(freq[i]!);
    const p = atan2(im[i]!, re[i]!);
    if (Math.abs(p) > Math.PI / 2) beyond.push(freq[i]!);
    phi[j] = sign * p;
    lnMod[j] = sign * log(mod);
  }

  const reasons: string[] = [];
  const phiS = smoothing === 'modsinc' ? smoothModSinc(phi) : phi;
  const L = reconstructLogModulus(x, phiS);

  // the offset window
  let edges: [number, number], weights: Float64Array;
  if (window !== null) {
    weights = windowWeights(lf, window.fmin, window.fmax, window.shape ?? 'boxcar');
    edges = [window.fmin, window.fmax];
  } else {
    // the μ rule (Schönleber 2014): its residuals place the band as well and it costs ~0.5 ms on
    // 81 points, where the default noise rule's score scan costs ~17 ms (bench/README.md, Z-HIT)
    const kk = given ?? linKK({ freq, re, im }, { representation, method: 'mu' });
    if (!kk.residuals || kk.residuals.re.length !== n) {
      throw new EisError('E_ARG_LENGTH', `invalid option. \`linKK\` has ${kk.residuals?.re?.length ?? 'no'} residuals; the spectrum has ${n} frequencies${croppedNote(range)}: give the Lin-KK result of the same (cropped) spectrum.`, { argument: 'linKK' });
    }
    const resid = new Float64Array(n);
    for (let j = 0; j < n; j++) resid[j] = hypot(kk.residuals.re[order[j]!]!, kk.residuals.im[order[j]!]!);
    const [lo, hi] = autoWindow(lf, resid);
    weights = windowWeights(lf, exp10(lo - 1e-9), exp10(hi + 1e-9), 'boxcar');
    edges = [exp10(lo), exp10(hi)];
  }
  let sw = 0;
  for (const w of weights) sw += w;
  if (!(sw > 0)) {
    throw new EisError('E_ARG_RANGE', `invalid option. \`window\` [${edges[0]}, ${edges[1]}] Hz holds no point of the spectrum${croppedNote(range)} with a weight above 0: the offset needs at least one.`, { argument: 'window' });
  }
  const C = offsetFor(lnMod, L, weights);

  // back to Z, in the input order
  const modulus = new Float64Array(n), dev = new Float64Array(n);
  const fitted = { re: new Float64Array(n), im: new Float64Array(n) };
  const residuals = { re: new Float64Array(n), im: new Float64Array(n) };
  for (let j = 0; j < n; j++) {
    const i = order[j]!;
    const m = exp(sign * (L[j]! + C)), mod = hypot(re[i]!, im[i]!), p = sign * phiS[j]!;
    modulus[i] = m;
    fitted.re[i] = m * cos(p);
    fitted.im[i] = m * sin(p);
    residuals.re[i] = (re[i]! - fitted.re[i]!) / mod;
    residuals.im[i] = (im[i]! - fitted.im[i]!) / mod;
    dev[i] = Math.abs(m - mod) / mod;
  }
  const verdict = zhitVerdict(freq, dev, threshold);
  reasons.push(...verdict.reasons);
  if (beyond.length > 0) reasons.push(`${beyond.length} point${beyond.length > 1 ? 's have' : ' has'} a phase beyond ±90° (Re Z < 0), first at ${beyond[0]} Hz: kept, but Z-HIT assumes a passive spectrum there.`);
  if (smoothing === 'modsinc') {
    let mean = 0, sq = 0;
    for (let j = 1; j < n; j++) mean += x[j]! - x[j - 1]!;
    mean /= n - 1;
    for (let j = 1; j < n; j++) sq += (x[j]! - x[j - 1]! - mean) ** 2;
    const cv = Math.sqrt(sq / (n - 1)) / mean;
    if (cv > 0.05) reasons.push(`The frequencies are not evenly spaced in log f (std/mean of the steps ${cv.toPrecision(2)}): the smoothing kernel assumes equal steps, so the smoothed phase is an approximation; smoothing: 'none' avoids it.`);
  }
  return {
    modulus, fitted, residuals, pass: verdict.pass, maxResidual: verdict.maxResidual, threshold, reasons,
    offset: C, window: edges, representation, smoothing, freqRange: range,
  };
}
