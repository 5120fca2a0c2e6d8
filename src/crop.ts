/**
 * Frequency cropping: the `fmin`/`fmax` options (Hz, inclusive) of fit, fitBatch, linKK,
 * linKKBatch, temperatureSeries and the report. Every entry point crops here, after the
 * spectrum is validated and before any backend runs, so all of them keep the same points.
 */
import { EisError, show } from './errors.ts';
import { toSpectrum } from './validate.ts';
import type { Spectrum, SpectrumInput } from './types/spectrum.ts';
import type { FrequencyRange, FrequencyWindow } from './types/frequency-range.ts';

export type { FrequencyRange, FrequencyWindow };

/** Option names of the frequency window. */
export const CROP_OPTION_KEYS = ['fmin', 'fmax'] as const;

function limit(o: Record<string, unknown>, key: 'fmin' | 'fmax'): number | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v) || !(v > 0)) {
    throw new EisError('E_ARG_RANGE', `invalid option. \`${key}\` must be a finite frequency > 0 Hz; got ${show(v)}.`, { argument: key, value: v });
  }
  return v;
}

/** The validated `fmin`/`fmax` of an options record. */
export function cropWindow(o: Record<string, unknown>): FrequencyWindow {
  const fmin = limit(o, 'fmin'), fmax = limit(o, 'fmax');
  if (fmin !== null && fmax !== null && fmin > fmax) {
    throw new EisError('E_ARG_RANGE', `invalid options. \`fmin\` = ${fmin} Hz is above \`fmax\` = ${fmax} Hz; the window [fmin, fmax] would be empty.`, { argument: 'fmin', fmin, fmax });
  }
  return { fmin, fmax };
}

/**
 * Indices of the frequencies inside the window, in their original order; null when every one
 * is kept. No frequency inside is an E_ARG_LENGTH error naming the window and the data's span.
 */
export function cropIndices(freq: ArrayLike<number>, w: FrequencyWindow, name = 'spectrum'): Int32Array | null {
  if (w.fmin === null && w.fmax === null) return null;
  const lo = w.fmin ?? 0, hi = w.fmax ?? Number.POSITIVE_INFINITY;
  const keep: number[] = [];
  let min = Number.POSITIVE_INFINITY, max = 0;
  for (let i = 0; i < freq.length; i++) {
    const f = freq[i]!;
    if (f >= lo && f <= hi) keep.push(i);
    if (f < min) min = f;
    if (f > max) max = f;
  }
  if (keep.length === 0) {
    throw new EisError('E_ARG_LENGTH', `invalid options. No frequency of \`${name}\` lies in ${windowText(w)} (its ${freq.length} frequencies span ${min} – ${max} Hz): 0 points remain.`, { argument: name, fmin: w.fmin, fmax: w.fmax, remaining: 0 });
  }
  return keep.length === freq.length ? null : Int32Array.from(keep);
}

/** The values of `a` at `keep` (a itself when keep is null), into `out` when given. */
export function pick(a: Float64Array, keep: Int32Array | null, out?: Float64Array): Float64Array {
  if (keep === null) return a;
  const r = out ?? new Float64Array(keep.length);
  for (let k = 0; k < keep.length; k++) r[k] = a[keep[k]!]!;
  return r;
}

/** The range record of a result. */
export function frequencyRange(w: FrequencyWindow, points: number, total: number): FrequencyRange {
  return { fmin: w.fmin, fmax: w.fmax, points, total };
}

/** A frequency for a text, four significant digits: 19952.623… Hz reads as 19950, 1.23456e6 as 1.235e+6. */
export const hzText = (f: number): string => (f >= 0.01 && f < 1e5 ? String(Number(f.toPrecision(4))) : f.toPrecision(4));

/** "[1, 1e5] Hz", "f ≥ 1 Hz", "f ≤ 1e5 Hz". */
export function windowText(w: FrequencyWindow): string {
  if (w.fmin !== null && w.fmax !== null) return `[${w.fmin}, ${w.fmax}] Hz`;
  if (w.fmin !== null) return `f ≥ ${w.fmin} Hz`;
  return `f ≤ ${w.fmax} Hz`;
}

/** For an error about too few points: " after cropping to [a, b] Hz (k of N frequencies remain)", or "" when nothing was cropped. */
export function croppedNote(r: FrequencyRange): string {
  if (r.fmin === null && r.fmax === null) return '';
  return ` after cropping to ${windowText(r)} (${r.points} of ${r.total} frequencies remain)`;
}

/**
 * A spectrum cropped to [fmin, fmax] (Hz, inclusive): copies of the points inside, in their
 * order. What fit, linKK and the rest use internally, for plotting their `fitted` and
 * `residuals` (which are on the cropped grid) against the right frequencies.
 * @throws EisError E_ARG_RANGE for a bad limit, E_ARG_LENGTH when no point is inside; a
 * spectrum that fails the checks of fit and linKK (toSpectrum: shape, finite values, the
 * numeric domain) fails here the same way.
 * @example
 * const s = cropSpectrum(spectrum, { fmin: 1, fmax: 1e5 });
 * fit(c, spectrum, { fmin: 1, fmax: 1e5 }).fitted;   // at s.freq
 * cropSpectrum(spectrum, result.freqRange);           // the grid of a fit() or linKK() result
 */
export function cropSpectrum(spectrum: SpectrumInput, window: { fmin?: number | null; fmax?: number | null }): Spectrum {
  if (spectrum === null || typeof spectrum !== 'object') throw new EisError('E_ARG_TYPE', `invalid argument. \`spectrum\` must be an object { freq, re, im }; got ${show(spectrum)}.`, { argument: 'spectrum' });
  if (window === null || typeof window !== 'object') throw new EisError('E_ARG_TYPE', `invalid argument. \`window\` must be { fmin?, fmax? }; got ${show(window)}.`, { argument: 'window' });
  const w = cropWindow(window as Record<string, unknown>);
  const { freq, re, im } = toSpectrum(spectrum);
  const keep = cropIndices(freq, w);
  // toSpectrum's arrays are views of one block: uncropped, return each in its own buffer
  if (keep === null) return { freq: freq.slice(), re: re.slice(), im: im.slice() };
  return { freq: pick(freq, keep), re: pick(re, keep), im: pick(im, keep) };
}
