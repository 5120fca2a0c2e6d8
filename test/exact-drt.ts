/**
 * The exact spectra of specs/drt.md §7 and their analytic DRTs, for the DRT tests (drt.test.ts,
 * drt-reference.test.ts, series-drt.test.ts): plain Math, the tests' own formulas, independent of
 * src/. Runs in Node and in Chromium (no Node-only imports).
 */
import { Random } from '../src/random.ts';

export const TWO_PI = 2 * Math.PI;
/** 81 points, 1 MHz → 10 mHz, 10 per decade (§8). */
export const FREQ81 = Float64Array.from({ length: 81 }, (_, k) => 10 ** (6 - k / 10));
export type Z = [number, number];
export type Spec = { freq: Float64Array; re: Float64Array; im: Float64Array };

/** R/(1 + (jωτ₀)^φ) */
export const zarc = (R: number, t0: number, phi: number) => (f: number): Z => {
  const m = (TWO_PI * f * t0) ** phi, a = (phi * Math.PI) / 2;
  const dr = 1 + m * Math.cos(a), di = m * Math.sin(a), d = dr * dr + di * di;
  return [(R * dr) / d, (-R * di) / d];
};
/** R/(1 + (jωτ₀)^α)^β, in polar form. */
export const hn = (R: number, t0: number, alpha: number, beta: number) => (f: number): Z => {
  const m = (TWO_PI * f * t0) ** alpha, a = (alpha * Math.PI) / 2;
  const ur = 1 + m * Math.cos(a), ui = m * Math.sin(a);
  const mod = Math.hypot(ur, ui) ** beta, arg = beta * Math.atan2(ui, ur);
  return [(R / mod) * Math.cos(arg), (-R / mod) * Math.sin(arg)];
};
/** §7: γ of the ZARC. */
export const gZarc = (R: number, t0: number, phi: number) => (tau: number): number =>
  ((R / TWO_PI) * Math.sin((1 - phi) * Math.PI)) / (Math.cosh(phi * Math.log(tau / t0)) - Math.cos((1 - phi) * Math.PI));
/** §7: γ of the Havriliak–Negami element. */
export const gHn = (R: number, t0: number, alpha: number, beta: number) => (tau: number): number => {
  const u = tau / t0, ua = u ** alpha;
  const th = Math.atan2(Math.sin(Math.PI * alpha), ua + Math.cos(Math.PI * alpha));
  return ((R / Math.PI) * u ** (alpha * beta) * Math.sin(beta * th)) / (u ** (2 * alpha) + 2 * ua * Math.cos(Math.PI * alpha) + 1) ** (beta / 2);
};
/** R∞ + jωL + Σ parts on `freq`. */
export function spectrum(freq: Float64Array, rInf: number, L: number, parts: ((f: number) => Z)[]): Spec {
  const re = new Float64Array(freq.length), im = new Float64Array(freq.length);
  for (let k = 0; k < freq.length; k++) {
    re[k] = rInf;
    im[k] = TWO_PI * freq[k]! * L;
    for (const z of parts) {
      const [a, b] = z(freq[k]!);
      re[k] += a;
      im[k] += b;
    }
  }
  return { freq, re, im };
}
/** Gaussian noise of `level`·|Z| on re and im, seeded. */
export function addNoise(s: Spec, level: number, seed: number): Spec {
  const rnd = new Random(seed);
  const re = s.re.slice(), im = s.im.slice();
  for (let k = 0; k < re.length; k++) {
    const m = Math.hypot(re[k]!, im[k]!);
    re[k] += level * m * rnd.normal();
    im[k] += level * m * rnd.normal();
  }
  return { freq: s.freq, re, im };
}
/** Relative L2 error of γ against `exact` on a τ grid uniform in ln τ, optionally only for τ in [lo, hi]. */
export function gammaError(tau: ArrayLike<number>, gamma: ArrayLike<number>, exact: (t: number) => number, lo = 0, hi = Number.POSITIVE_INFINITY): number {
  let num = 0, den = 0;
  for (let i = 0; i < tau.length; i++) {
    const t = tau[i]!;
    if (t < lo * (1 - 1e-12) || t > hi * (1 + 1e-12)) continue;
    const e = exact(t);
    num += (gamma[i]! - e) ** 2;
    den += e * e;
  }
  return Math.sqrt(num / den);
}
/** ∫ exact d ln τ over [lo, hi] by a fine trapezoid rule. */
export function exactArea(exact: (t: number) => number, lo: number, hi: number): number {
  const n = 200000, a = Math.log(lo), b = Math.log(hi), h = (b - a) / n;
  let s = 0.5 * (exact(lo) + exact(hi));
  for (let i = 1; i < n; i++) s += exact(Math.exp(a + i * h));
  return s * h;
}
/** ∫γ d ln τ over the whole grid (trapezoid). */
export function trapz(tau: ArrayLike<number>, gamma: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i + 1 < tau.length; i++) s += 0.5 * (gamma[i]! + gamma[i + 1]!) * Math.log(tau[i + 1]! / tau[i]!);
  return s;
}
/** |log10(a/b)|: how many decades apart. */
export const decades = (a: number, b: number) => Math.abs(Math.log10(a / b));
