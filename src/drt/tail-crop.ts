/**
 * The one crop rule of the report's DRT and of temperatureSeries({ drt }) (issue 12): when no
 * `fmin` is given and the spectrum (within `fmax`) ends in a blocking electrode's capacitive tail
 * (src/drt/tail.ts), the DRT runs on f ≥ the tail's suggested fmin — the DRT of the whole range
 * would be swamped by the tail and hide the arcs. drt() itself never crops (it warns); the report
 * and the series call this so that the DRT of one spectrum is the same in both.
 */
import type { SpectrumInput } from '../types/spectrum.ts';
import type { DrtOptions } from './types.ts';
import { DRT_BATCH_OPTION_KEYS, drtProblem, drtSettings } from './solve.ts';
import { detectTail } from './tail.ts';

/** The options a report or series DRT runs with, and the tail's fmin (Hz) when it was cropped there (else null). */
export interface TailCrop<O extends DrtOptions> {
  options: O;
  tailCrop: number | null;
}

/**
 * `options` as given when they name an `fmin` or the spectrum has no tail; otherwise the same
 * options with `fmin` = the tail's suggested fmin. The options and the spectrum (as `name`) are
 * checked as drt() checks them (EisError naming them); the batch keys of drtBatch are allowed.
 * @example
 * const { options, tailCrop } = tailCropOptions(spectrum, {});
 * drt(spectrum, options); // tailCrop: the fmin (Hz) of a blocking electrode's tail, or null
 */
export function tailCropOptions<O extends DrtOptions>(spectrum: SpectrumInput, options: O, name = 'spectrum'): TailCrop<O> {
  if (options.fmin !== undefined) return { options, tailCrop: null };
  const p = drtProblem(spectrum, drtSettings(options, DRT_BATCH_OPTION_KEYS), name);
  const tail = detectTail(p.freq, p.im);
  return tail ? { options: { ...options, fmin: tail.fmin }, tailCrop: tail.fmin } : { options, tailCrop: null };
}
