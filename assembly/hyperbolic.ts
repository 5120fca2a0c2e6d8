// Hyperbolic functions of z with Re z ≥ 0 through q = e^{−2z} and e = expm1(−2z) = q − 1,
// each computed directly (1 + e would lose all digits of a tiny q), so they neither
// overflow for large |z| nor cancel for small |z|:
//   tanh z = −e/(2+e), coth z = (2+e)/(−e), sech²z = 4q/(2+e)², csch²z = 4q/e².
import { RE, IM, EXP_R, EXP_I, cdiv, cexpm1 } from './complex';

export let E_R: f64 = 0;
export let E_I: f64 = 0;
export let TANH_R: f64 = 0;
export let TANH_I: f64 = 0;
export let COTH_R: f64 = 0;
export let COTH_I: f64 = 0;
export let SECH2_R: f64 = 0;
export let SECH2_I: f64 = 0;
export let CSCH2_R: f64 = 0;
export let CSCH2_I: f64 = 0;

export function hyperbolic(zr: f64, zi: f64): void {
  cexpm1(-2 * zr, -2 * zi);
  const er = RE, ei = IM;
  E_R = er; E_I = ei;
  const tr = 2 + er; // 2 + e
  const q4r = 4 * EXP_R, q4i = 4 * EXP_I;
  cdiv(-er, -ei, tr, ei);
  TANH_R = RE; TANH_I = IM;
  cdiv(tr, ei, -er, -ei);
  COTH_R = RE; COTH_I = IM;
  cdiv(q4r, q4i, tr * tr - ei * ei, 2 * tr * ei);
  SECH2_R = RE; SECH2_I = IM;
  cdiv(q4r, q4i, er * er - ei * ei, 2 * er * ei);
  CSCH2_R = RE; CSCH2_I = IM;
}
