/** Checks of the spectra passed to the writers (E_ARG_* like every other entry point). */
import { EisError, show } from '../errors.ts';
import { toSpectrum } from '../validate.ts';
import type { Spectrum, SpectrumInput } from '../types/spectrum.ts';
import type { SpectrumMeta } from './types.ts';

/** A spectrum as the writers take it: a read Spectrum, a simulated one, or plain arrays. */
export interface SpectrumLike extends SpectrumInput {
  meta?: Partial<SpectrumMeta>;
}

export interface CheckedSpectrum extends Spectrum {
  meta?: Partial<SpectrumMeta>;
}

export function checkSpectra(value: unknown, name = 'spectra'): CheckedSpectrum[] {
  if (!Array.isArray(value)) {
    throw new EisError('E_ARG_TYPE', `invalid argument. \`${name}\` must be an array of spectra { freq, re, im }; got ${show(value)}.`, { argument: name });
  }
  if (value.length === 0) throw new EisError('E_ARG_LENGTH', `invalid argument. \`${name}\` must hold at least one spectrum; got 0.`, { argument: name });
  // Array.from visits holes (as undefined), which map would skip
  return Array.from(value as unknown[], (s, k) => {
    const at = `${name}[${k}]`;
    // any finite spectrum can be written: no analysis limits
    const { freq, re, im } = toSpectrum(s, at, { limits: false });
    const meta = (s as Record<string, unknown>).meta;
    if (meta !== undefined && (meta === null || typeof meta !== 'object' || Array.isArray(meta))) {
      throw new EisError('E_ARG_TYPE', `invalid argument. \`${at}.meta\` must be an object; got ${show(meta)}.`, { argument: `${at}.meta` });
    }
    return { freq, re, im, ...(meta !== undefined && { meta: meta as Partial<SpectrumMeta> }) };
  });
}
