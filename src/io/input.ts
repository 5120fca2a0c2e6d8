/** Checks of the spectra passed to the writers (E_ARG_* like every other entry point). */
import { EisError, show } from '../errors.ts';
import { toFloat64, toFrequencies, type NumericArray } from '../validate.ts';
import type { SpectrumMeta } from './types.ts';

/** A spectrum as the writers take it: a read Spectrum, a simulated one, or plain arrays. */
export interface SpectrumLike {
  freq: NumericArray;
  re: NumericArray;
  im: NumericArray;
  meta?: Partial<SpectrumMeta>;
}

export interface CheckedSpectrum {
  freq: Float64Array;
  re: Float64Array;
  im: Float64Array;
  meta?: Partial<SpectrumMeta>;
}

export function checkSpectra(value: unknown, name = 'spectra'): CheckedSpectrum[] {
  if (!Array.isArray(value)) {
    throw new EisError('E_ARG_TYPE', `invalid argument. \`${name}\` must be an array of spectra { freq, re, im }; got ${show(value)}.`, { argument: name });
  }
  if (value.length === 0) throw new EisError('E_ARG_LENGTH', `invalid argument. \`${name}\` must hold at least one spectrum; got 0.`, { argument: name });
  return value.map((s: unknown, k) => {
    const at = `${name}[${k}]`;
    if (s === null || typeof s !== 'object') {
      throw new EisError('E_ARG_TYPE', `invalid argument. \`${at}\` must be an object { freq, re, im }; got ${show(s)}.`, { argument: at });
    }
    const o = s as Record<string, unknown>;
    const freq = toFrequencies(o.freq, `${at}.freq`);
    const re = toFloat64(`${at}.re`, o.re), im = toFloat64(`${at}.im`, o.im);
    if (re.length !== freq.length || im.length !== freq.length) {
      throw new EisError('E_ARG_LENGTH', `invalid argument. \`${at}\` has ${freq.length} frequencies but ${re.length} re and ${im.length} im values; they must match.`, { argument: at });
    }
    const meta = o.meta;
    if (meta !== undefined && (meta === null || typeof meta !== 'object' || Array.isArray(meta))) {
      throw new EisError('E_ARG_TYPE', `invalid argument. \`${at}.meta\` must be an object; got ${show(meta)}.`, { argument: `${at}.meta` });
    }
    return { freq, re, im, ...(meta !== undefined && { meta: meta as Partial<SpectrumMeta> }) };
  });
}
