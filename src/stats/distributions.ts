/**
 * The F and Student t distributions, from the regularised incomplete beta function: the p-value
 * of a lack-of-fit F test (`fDistributionSf`) and the t quantile of a confidence interval
 * (`tQuantile`). Deterministic (src/math: the same bits in Node and Chromium), every loop capped.
 *
 * I_x(a, b) by its continued fraction, evaluated with the modified Lentz method (Numerical Recipes
 * 3rd ed., §6.4 `betacf`, and §5.2 for Lentz), on the side of the mean where it converges fast.
 * The prefactor x^a·y^b/B(a, b) (y = 1 − x, passed separately so that neither side loses digits
 * to 1 − x) is formed without the cancellation of ln Γ(a) + ln Γ(b) − ln Γ(a + b) for large a and b
 * (degrees of freedom up to 1e5): with Stirling's series and u − ln(1 + u) about the mean, as
 * in Didonato & Morris, ACM TOMS 18 (1992) 360, Algorithm 708 (`brcomp`). Measured against scipy
 * 1.17 and mpmath on test/fixtures/gen_gls.py's grid (test/stats-distributions.test.ts): within
 * 3.4e-12 relative for F ∈ [1e-3, 1e3], d1, d2 ∈ {1 … 1e5}, and 3e-13 for t_p, p ∈ [1e-8, 1 − 1e-8],
 * ν ≤ 1e5. Beyond ~1e7 degrees of freedom the continued fraction itself loses digits when one
 * parameter is huge and x is near 1 (its terms approach −1; TOMS 708 switches to asymptotic
 * expansions there, not done here): t_0.975 is off by 5e-11 at ν = 1e7, 6e-10 at 1e8, 2e-7 at 1e10.
 */
import { EisError, show } from '../errors.ts';
import { log, log1p, exp } from '../math/index.ts';

const HALF_LN_2PI = 0.9189385332046728; // ½ ln 2π

/** ln Γ(z) − [(z − ½) ln z − z + ½ ln 2π], z ≥ 10: Stirling's series to z⁻¹³ (next term < 3e-17). */
function stirlingCorrection(z: number): number {
  const r = 1 / z, r2 = r * r;
  return r * (1 / 12 + r2 * (-1 / 360 + r2 * (1 / 1260 + r2 * (-1 / 1680 + r2 * (1 / 1188 + r2 * (-691 / 360360 + r2 / 156))))));
}

/** ln Γ(z), z > 0: Stirling's series at z + k ≥ 10, less ln z(z + 1)…(z + k − 1). */
export function lnGamma(z: number): number {
  let shift = 0, product = 1;
  while (z < 10) {
    product *= z;
    z += 1;
    shift++;
  }
  const lnProduct = shift > 0 ? log(product) : 0;
  return (z - 0.5) * log(z) - z + HALF_LN_2PI + stirlingCorrection(z) - lnProduct;
}

/** u − ln(1 + u), u > −1, without cancellation for small u (its series to u¹⁰ below |u| 0.01). */
function uMinusLog1p(u: number): number {
  if (Math.abs(u) > 0.01) return u - log1p(u);
  // Σ_{k≥2} (−u)^k / k … written as u²(1/2 − u/3 + u²/4 − …)
  let s = 0;
  for (let k = 12; k >= 2; k--) s = 1 / k - u * s;
  return u * u * s;
}

/** x^a·y^b / B(a, b) with y = 1 − x (both given), a, b > 0. */
function betaFront(a: number, b: number, x: number, y: number): number {
  if (a >= 10 && b >= 10) {
    // ln B(a,b) by Stirling; a ln(x/x0) + b ln(y/y0) = −a·(u − ln(1+u)) − b·(v − ln(1+v)) since a·u + b·v = 0
    const s = a + b, x0 = a / s, y0 = b / s;
    const e = x <= y ? x - x0 : y0 - y; // x − x0, from the smaller of x, y
    const u = e / x0, v = -e / y0;
    const ln = -a * uMinusLog1p(u) - b * uMinusLog1p(v) + 0.5 * log((a * b) / s) - HALF_LN_2PI
      - stirlingCorrection(a) - stirlingCorrection(b) + stirlingCorrection(s);
    return exp(ln);
  }
  // one of a, b below 10: ln Γ(large) − ln Γ(large + small) without cancellation, from Stirling's series
  const small = Math.min(a, b), large = Math.max(a, b);
  let lnB: number;
  if (large < 10) lnB = lnGamma(a) + lnGamma(b) - lnGamma(a + b);
  else {
    const s = small + large;
    lnB = lnGamma(small) - (large - 0.5) * log1p(small / large) - small * log(s) + small
      + stirlingCorrection(large) - stirlingCorrection(s);
  }
  // ln x from y when x is near 1 (and the other way): a·ln x with a up to 1e9 must not see x's rounding
  const lnx = x > 0.5 ? log1p(-y) : log(x), lny = y > 0.5 ? log1p(-x) : log(y);
  return exp(a * lnx + b * lny - lnB);
}

/** Most Lentz iterations of the continued fraction (it converges in O(√max(a, b)); ~600 for a = b = 5e4). */
const CF_MAX_ITERATIONS = 10000;

/** The continued fraction of I_x(a, b) (Numerical Recipes 3rd ed. §6.4 `betacf`; modified Lentz, §5.2). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  const qab = a + b, qap = a + 1, qam = a - 1;
  let c = 1, d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= CF_MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) <= 1e-16) return h;
  }
  return h; // best value after the cap (not reached on the tested grid: see the test)
}

/**
 * I_x(a, b) and its complement 1 − I_x(a, b), each computed directly on its own side of the
 * switch point (a + 1)/(a + b + 2) and the other as 1 − it, with y = 1 − x given (exact), and
 * the density factor x^a·y^b/B(a, b).
 */
function incompleteBetaPair(a: number, b: number, x: number, y: number): { p: number; q: number; front: number } {
  if (x <= 0) return { p: 0, q: 1, front: 0 };
  if (y <= 0) return { p: 1, q: 0, front: 0 };
  const front = betaFront(a, b, x, y);
  if (x < (a + 1) / (a + b + 2)) {
    const p = (front * betaContinuedFraction(a, b, x)) / a;
    return { p, q: 1 - p, front };
  }
  const q = (front * betaContinuedFraction(b, a, y)) / b;
  return { p: 1 - q, q, front };
}

function checkDegrees(name: string, nu: unknown): number {
  if (typeof nu !== 'number' || !(nu > 0) || nu === Infinity) {
    throw new EisError(typeof nu === 'number' ? 'E_ARG_RANGE' : 'E_ARG_TYPE', `invalid argument. \`${name}\` (degrees of freedom) must be a finite number > 0; got ${show(nu)}.`, { argument: name, value: nu });
  }
  return nu;
}

/** Regularised incomplete beta I_x(a, b), 0 ≤ x ≤ 1, a, b > 0. */
export function incompleteBeta(x: number, a: number, b: number): number {
  checkDegrees('a', a);
  checkDegrees('b', b);
  if (!(x >= 0 && x <= 1)) throw new EisError('E_ARG_RANGE', `invalid argument. \`x\` must be in [0, 1]; got ${show(x)}.`, { argument: 'x', value: x });
  return incompleteBetaPair(a, b, x, 1 - x).p;
}

/**
 * P(F > f) for Fisher's F with d1 and d2 degrees of freedom (the p-value of an F test):
 * I_y(d2/2, d1/2) with y = d2/(d2 + d1·f). 1 for f ≤ 0, 0 for f = +∞.
 */
export function fDistributionSf(f: number, d1: number, d2: number): number {
  checkDegrees('d1', d1);
  checkDegrees('d2', d2);
  if (typeof f !== 'number' || Number.isNaN(f)) throw new EisError(typeof f === 'number' ? 'E_NONFINITE' : 'E_ARG_TYPE', `invalid argument. \`F\` must be a number; got ${show(f)}.`, { argument: 'F', value: f });
  if (f <= 0) return 1;
  if (f === Infinity) return 0;
  const df = d1 * f, s = d2 + df;
  return incompleteBetaPair(d1 / 2, d2 / 2, df / s, d2 / s).q;
}

/** P(T ≤ t) for Student's t with ν degrees of freedom. */
export function tCdf(t: number, nu: number): number {
  checkDegrees('nu', nu);
  if (Number.isNaN(t)) throw new EisError('E_NONFINITE', 'invalid argument. `t` must be a number; got NaN.', { argument: 't', value: t });
  if (t === 0) return 0.5;
  if (!Number.isFinite(t)) return t > 0 ? 1 : 0;
  const t2 = t * t, s = nu + t2;
  const tail = 0.5 * incompleteBetaPair(nu / 2, 0.5, nu / s, t2 / s).p; // P(T ≤ −|t|)
  return t < 0 ? tail : 1 - tail;
}

/** Most safeguarded Newton steps of `tQuantile` (each halves the bracket at worst; ~6 are used). */
const T_MAX_ITERATIONS = 200;

/**
 * The p-quantile of Student's t with ν degrees of freedom (ν need not be an integer): Newton on
 * s = ln|t| with a bisection safeguard (Numerical Recipes 3rd ed. §9.4 `rtsafe`), solving
 * ln P(T ≤ t) = ln p for p < ¼ and ln P(0 < T < |t|) = ln(½ − p) for ¼ ≤ p < ½ (½ − p exact there,
 * so the quantile keeps its relative precision near the median); the derivative is the beta
 * density factor. −∞ and +∞ at p = 0 and 1; t_{1−p} = −t_p.
 */
export function tQuantile(p: number, nu: number): number {
  checkDegrees('nu', nu);
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new EisError(typeof p === 'number' ? 'E_ARG_RANGE' : 'E_ARG_TYPE', `invalid argument. \`p\` must be a probability in [0, 1]; got ${show(p)}.`, { argument: 'p', value: p });
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (p > 0.5) return -tQuantile(1 - p, nu); // 1 − p exact (Sterbenz)
  const centre = p >= 0.25;
  const target = log(centre ? 0.5 - p : p);
  // g(s) = ln(probability) − target and its derivative in s = ln|t|; increasing in s for the
  // centre form, decreasing for the tail form
  const g = (s: number): [number, number] => {
    const t = exp(s), t2 = t * t, sum = nu + t2;
    const { p: lower, q: upper, front } = incompleteBetaPair(nu / 2, 0.5, nu / sum, t2 / sum);
    const prob = 0.5 * (centre ? upper : lower);
    const dprob = centre ? front : -front; // d prob/ds
    return [log(prob) - target, dprob / prob];
  };
  // bracket in s: the root has g(lo) and g(hi) of opposite signs
  let lo = -1, hi = 1;
  const sign = centre ? 1 : -1;
  for (let k = 0; k < 64 && sign * g(lo)[0] > 0; k++) lo = 2 * lo - 1;
  for (let k = 0; k < 64 && sign * g(hi)[0] < 0; k++) hi = 2 * hi + 1;
  let s = 0.5 * (lo + hi);
  for (let k = 0; k < T_MAX_ITERATIONS; k++) {
    const [v, dv] = g(s);
    if (v === 0) break;
    if (sign * v < 0) lo = s;
    else hi = s;
    let next = s - v / dv;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    const step = Math.abs(next - s);
    s = next;
    if (step <= 1e-15 * Math.max(1, Math.abs(s)) || hi - lo <= 1e-15 * Math.max(1, Math.abs(s))) break;
  }
  return -exp(s);
}
