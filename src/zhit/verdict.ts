/**
 * The Z-HIT verdict (docs/specs/zhit.md §2.8): pass when the largest |e^{L+C} − |Z|| / |Z| is at
 * most the threshold (0.04 by default: the method's own error reaches 3.2 % on valid data), and
 * the reasons in plain words.
 */
import { hzText as hz } from '../crop.ts';

/** Default threshold on the relative modulus deviation. */
export const DEFAULT_THRESHOLD = 0.04;

export interface ZhitVerdict {
  pass: boolean;
  maxResidual: number;
  reasons: string[];
}

const pct = (x: number) => `${(100 * x).toPrecision(3)} %`;

/**
 * dev[i] = |modulus − |Z|| / |Z| at freq[i] (any order). `reasons` names the largest deviation
 * and, on failure, the first frequency from the low end where it exceeds the threshold.
 */
export function zhitVerdict(freq: Float64Array, dev: Float64Array, threshold: number): ZhitVerdict {
  let maxResidual = 0, at = 0;
  for (let i = 0; i < dev.length; i++) {
    if (dev[i]! > maxResidual || Number.isNaN(dev[i]!)) {
      maxResidual = dev[i]!;
      at = i;
      if (Number.isNaN(maxResidual)) break;
    }
  }
  const pass = maxResidual <= threshold;
  const reasons: string[] = [];
  if (pass) {
    reasons.push(`The modulus rebuilt from the phase matches |Z| within ${pct(maxResidual)} (largest at ${hz(freq[at]!)} Hz), at most the threshold ${pct(threshold)}.`);
    return { pass, maxResidual, reasons };
  }
  let first = -1;
  for (let i = 0; i < dev.length; i++) {
    if (!(dev[i]! <= threshold) && (first < 0 || freq[i]! < freq[first]!)) first = i;
  }
  reasons.push(`The modulus rebuilt from the phase parts from |Z| by ${pct(dev[first]!)} at ${hz(freq[first]!)} Hz, the lowest frequency beyond the threshold ${pct(threshold)} (largest ${pct(maxResidual)} at ${hz(freq[at]!)} Hz): |Z| there is not what the phase implies (drift, non-stationarity or an artefact); trust the spectrum above it only.`);
  return { pass, maxResidual, reasons };
}
