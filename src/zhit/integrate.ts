/**
 * The Z-HIT reconstruction of ln|X| up to a constant (Ehm et al. 2000; docs/specs/zhit.md §1–2):
 * L_k = (2/π)·I(x_1 → x_k) − (π/6)·t_k, with I = −∫_{x_k}^{x_1} φ dx accumulated from the highest
 * frequency over the makima cubic of φ, and t_k its slope dφ/d ln ω.
 */
import { hermiteIntegral, makimaSlopes } from './makima.ts';

/** γ of the second-order term (pyimpspec's code; its documentation's +π/6 is wrong). */
export const GAMMA = -Math.PI / 6;

/**
 * L at nodes x = ln ω (strictly increasing) from the phase phi (radians) at them; `gamma` is the
 * second-order coefficient (−π/6 unless a test asks otherwise).
 */
export function reconstructLogModulus(x: Float64Array, phi: Float64Array, gamma = GAMMA): Float64Array {
  const n = x.length;
  const t = makimaSlopes(x, phi);
  const L = new Float64Array(n);
  let I = 0; // I(x_1 → x_j), x_1 = x[n − 1] the highest frequency
  L[n - 1] = gamma * t[n - 1]!;
  for (let j = n - 2; j >= 0; j--) {
    I -= hermiteIntegral(x[j + 1]! - x[j]!, phi[j]!, phi[j + 1]!, t[j]!, t[j + 1]!);
    L[j] = (2 / Math.PI) * I + gamma * t[j]!;
  }
  return L;
}
