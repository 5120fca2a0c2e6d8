/** Constants and small helpers shared by the element files. */
import type { GuessScale, TailFeature } from './types.ts';
import { pow, sin } from '../math/index.ts';
import { ALGORITHM } from '../abi/descriptor.ts';

export const HALF_PI = Math.PI / 2;
/** Below this |x| the closed-form derivatives of tanh(x)/x-type functions cancel; use series. */
export const SERIES_LIMIT = ALGORITHM.SERIES_LIMIT;
/** Start-value exponent (CPE α, ZARC γ, …) where the data say nothing about it. */
export const DEFAULT_EXPONENT = 0.85;

/** |Z''| of the tail's CPE at the lowest frequency ω₀: sin(απ/2)/(Q ω₀^α). */
export function tailImagAtLowest(tail: TailFeature, scale: GuessScale): number {
  return sin(tail.alpha * HALF_PI) / (tail.q * pow(scale.wMin, tail.alpha));
}

/** |Z| of the tail's CPE at the lowest frequency ω₀: 1/(Q ω₀^α). */
export function tailModulusAtLowest(tail: TailFeature, scale: GuessScale): number {
  return 1 / (tail.q * pow(scale.wMin, tail.alpha));
}

/** A CPE-like magnitude Q with |Z| = zMid at ωMid: 1/(z ω^α). */
export function scaledQ(scale: GuessScale, alpha: number): number {
  return 1 / (scale.zMid * pow(scale.wMid, alpha));
}
