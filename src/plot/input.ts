/**
 * Plot input: plain data or eiskit results taken structurally, checked the way the rest of
 * eiskit checks arguments (an EisError naming the offending value).
 */
import { EisError, show } from '../errors.ts';
import { checkOptions, finiteNumber, objectArgument, toFloat64 } from '../validate.ts';
import type { Spectrum, SpectrumInput } from '../types/spectrum.ts';

/** Complex values in planar form (Ω), physical sign: Im < 0 for a capacitive response. */
export interface ComplexLike {
  re: ArrayLike<number>;
  im: ArrayLike<number>;
}

/** An impedance spectrum: frequencies (Hz) and Z (Ω) with the physical sign (the one spectrum type, src/types/spectrum.ts). */
export type SpectrumLike = SpectrumInput;

/**
 * A fitted curve: a fit() or linKK() result (its `fitted`, at the data's frequencies), Z at the
 * data's frequencies (`{ re, im }`), or a model spectrum at its own frequencies (`{ freq, re, im }`,
 * e.g. simulate() on a denser grid).
 */
export type FitCurve = { fitted: ComplexLike } | ComplexLike | SpectrumLike;

/** A spectrum with an optional legend label and fitted curve. */
export interface PlotSpectrum extends SpectrumLike {
  label?: string;
  fit?: FitCurve | null;
}

/** Options shared by the spectrum plots. */
export interface SpectrumPlotOptions {
  /** Legend labels, one per spectrum (override `label` of the spectra). */
  labels?: readonly string[];
  /** Fitted curves, one per spectrum (null: none); override `fit` of the spectra. */
  fits?: readonly (FitCurve | null | undefined)[];
  /** Plot title. */
  title?: string;
}

/** A checked spectrum: one row of the legend. */
export interface Series extends Spectrum {
  label: string;
  /** The fitted curve, at its own frequencies. */
  fit: Spectrum | null;
}

/** Options object (or absent), as a record. */
export function options(name: string, v: unknown): Record<string, unknown> {
  return checkOptions(name, v);
}

/** A finite Float64Array copy of `v` with at least `min` values. */
export function numbers(name: string, v: unknown, min = 1): Float64Array {
  return toFloat64(name, v, { minLength: min });
}

/** Frequencies in Hz: finite, > 0, at least one. */
export function frequencies(name: string, v: unknown): Float64Array {
  return toFloat64(name, v, { positive: true });
}

/** A finite number (the validation toolkit's check). */
export const finite = finiteNumber;

/** An object argument (not null, an array or a typed array; the validation toolkit's check). */
export const object = objectArgument;

/** Throws E_ARG_LENGTH unless `b` has as many values as `a`. */
export function sameLength(nameA: string, a: ArrayLike<number>, nameB: string, b: ArrayLike<number>): void {
  if (a.length !== b.length) {
    throw new EisError('E_ARG_LENGTH', `invalid argument. \`${nameA}\` has ${a.length} values but \`${nameB}\` has ${b.length}; they must match.`, { argument: nameB, length: b.length, expected: a.length });
  }
}

/** A string option (or absent). */
export function text(name: string, v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new EisError('E_ARG_TYPE', `invalid option. \`${name}\` must be a string; got ${show(v)}.`, { argument: name });
  return v;
}

/** A size option in px (or its default). */
export function pixels(name: string, v: unknown, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number') throw new EisError('E_ARG_TYPE', `invalid option. \`${name}\` must be a number of pixels; got ${show(v)}.`, { argument: name });
  if (!(v >= 10 && v <= 10000)) throw new EisError('E_ARG_RANGE', `invalid option. \`${name}\` must be between 10 and 10000 px; got ${show(v)}.`, { argument: name, value: v });
  return v;
}

/** A boolean option (or its default). */
export function flag(name: string, v: unknown, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new EisError('E_ARG_TYPE', `invalid option. \`${name}\` must be true or false; got ${show(v)}.`, { argument: name });
  return v;
}

/** Z of a spectrum: re and im of the same length (≥ 1). */
export function complex(name: string, v: unknown): { re: Float64Array; im: Float64Array } {
  const o = object(name, v, 'an object { re, im }');
  const re = numbers(`${name}.re`, o.re);
  const im = numbers(`${name}.im`, o.im);
  sameLength(`${name}.re`, re, `${name}.im`, im);
  return { re, im };
}

/** A spectrum: freq (Hz, > 0), re and im of one length. */
export function spectrum(name: string, v: unknown): Spectrum {
  const o = object(name, v, 'a spectrum { freq, re, im }');
  const freq = frequencies(`${name}.freq`, o.freq);
  const z = complex(name, o);
  sameLength(`${name}.freq`, freq, `${name}.re`, z.re);
  return { freq, ...z };
}

/** A fitted curve at its own frequencies; `freq` is the data's, used when the curve has none. */
export function fitCurve(name: string, v: unknown, freq: Float64Array): Series['fit'] {
  const o = object(name, v, 'a fit result ({ fitted }), { re, im } or { freq, re, im }');
  if (o.fitted !== undefined) return fitCurve(`${name}.fitted`, o.fitted, freq);
  if (o.freq !== undefined) return spectrum(name, o);
  const z = complex(name, o);
  if (z.re.length !== freq.length) {
    throw new EisError('E_ARG_LENGTH', `invalid argument. \`${name}\` has ${z.re.length} values but the spectrum has ${freq.length} frequencies; a fitted curve without its own \`freq\` must be at the data's frequencies.`, { argument: name, length: z.re.length, expected: freq.length });
  }
  return { freq, ...z };
}

/** One or more spectra, with labels and fitted curves from the spectra or the options. */
export function spectra(v: unknown, o: Record<string, unknown>): Series[] {
  const list: unknown[] = Array.isArray(v) ? v : [v];
  if (list.length === 0) throw new EisError('E_ARG_LENGTH', 'invalid argument. `spectra` must hold at least one spectrum; got an empty array.', { argument: 'spectra', length: 0 });
  const labels = o.labels === undefined ? undefined : array('labels', o.labels, list.length);
  const fits = o.fits === undefined ? undefined : array('fits', o.fits, list.length);
  const name = (k: number) => (Array.isArray(v) ? `spectra[${k}]` : 'spectrum');
  // Array.from visits holes (as undefined: E_ARG_TYPE naming them), which map would skip
  const out = Array.from(list, (item, k): Series => {
    const s = spectrum(name(k), item);
    const rec = item as Record<string, unknown>;
    const label = labels ? labels[k] : rec.label;
    if (label !== undefined && typeof label !== 'string') throw new EisError('E_ARG_TYPE', `invalid argument. the label of ${name(k)} must be a string; got ${show(label)}.`, { argument: labels ? `labels[${k}]` : `${name(k)}.label`, index: k });
    const f = fits ? fits[k] : rec.fit;
    return { label: label ?? (list.length === 1 ? 'data' : `spectrum ${k + 1}`), ...s, fit: f == null ? null : fitCurve(fits ? `fits[${k}]` : `${name(k)}.fit`, f, s.freq) };
  });
  const seen = new Set<string>();
  out.forEach((s, k) => {
    if (seen.has(s.label)) throw new EisError('E_ARG_RANGE', `invalid argument. the label ${show(s.label)} of spectrum ${k} is used twice; labels tell the spectra apart in the legend.`, { argument: 'labels', index: k, value: s.label });
    seen.add(s.label);
  });
  return out;
}

/** An array option with exactly `n` entries. */
function array(name: string, v: unknown, n: number): readonly unknown[] {
  if (!Array.isArray(v)) throw new EisError('E_ARG_TYPE', `invalid option. \`${name}\` must be an array with one entry per spectrum; got ${show(v)}.`, { argument: name });
  if (v.length !== n) throw new EisError('E_ARG_LENGTH', `invalid option. \`${name}\` has ${v.length} entries but there are ${n} spectra; they must match.`, { argument: name, length: v.length, expected: n });
  return v;
}

/** A legend is worth showing: several spectra, or labels given by the caller. */
export function legendWanted(series: readonly Series[], o: Record<string, unknown>): boolean {
  return series.length > 1 || o.labels !== undefined || series.some((s) => s.label !== 'data');
}
