/**
 * The other views of an impedance spectrum (specs/global-fit.md Part B) point by point, and their
 * Jacobians by the chain rule from Z and ∂Z/∂p — no new element code. Every quantity is planar
 * re/im with the physical sign (never pre-negated):
 *
 * | kind | X | ∂X |
 * |---|---|---|
 * | 'Y' | Y = 1/Z (S) | −Y²·∂Z |
 * | 'C' | C* = Y/(jω) (F) | −(Y²/jω)·∂Z = −C*·Y·∂Z |
 * | 'eps' | ε* = C* / C0 (1) | −ε*·∂Z/Z = −ε*·Y·∂Z |
 * | 'M' | M* = jωC0·Z (1) | jωC0·∂Z |
 * | 'sigma' | σ* = (L/A)·Y (S/cm) | −(L/A)·Y²·∂Z = −σ*·Y·∂Z |
 *
 * `scale` is C0 (F) for 'eps' and 'M', L/A (cm⁻¹) for 'sigma', and ignored (1) for 'Y' and 'C'.
 * Y = 1/Z by Smith's division (no overflow in |Z|²). These helpers do not check their input:
 * Z = 0 gives ±Infinity/NaN in every kind but 'M' (the public conversions of convert.ts check
 * first and name the point). Jacobians are N×P row-major planes, as Backend.jacobian returns them.
 * Plain IEEE arithmetic only (no Math.* on values): the same bits in every JS engine.
 */
import { hypot } from '../math/index.ts';
import type { Planes, PlanesWithJacobian } from '../types/problems.ts';

/** The representations: admittance, complex capacitance, permittivity, modulus, conductivity. */
export type RepresentationKind = 'Y' | 'C' | 'eps' | 'M' | 'sigma';

const TWO_PI = 2 * Math.PI;

/**
 * X at every frequency from Z (planes of length N). `out` (optional) receives the planes and is
 * returned; it may be the input (in place).
 */
export function representationValues(kind: RepresentationKind, freq: ArrayLike<number>, z: Planes, scale = 1, out?: Planes): Planes {
  const n = freq.length;
  const o = out ?? { re: new Float64Array(n), im: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const w = TWO_PI * freq[i]!;
    pointValue(kind, w, z.re[i]!, z.im[i]!, scale);
    o.re[i] = PT.xr;
    o.im[i] = PT.xi;
  }
  return o;
}

/**
 * X and ∂X/∂p (N×P row-major planes) from Z and ∂Z/∂p at the same parameters, P = jre.length / N.
 * `out` (optional, not aliasing the input) receives them and is returned.
 */
export function representationJacobian(kind: RepresentationKind, freq: ArrayLike<number>, z: PlanesWithJacobian, scale = 1, out?: PlanesWithJacobian): PlanesWithJacobian {
  const n = freq.length;
  const p = n === 0 ? 0 : z.jre.length / n;
  const o = out ?? { re: new Float64Array(n), im: new Float64Array(n), jre: new Float64Array(n * p), jim: new Float64Array(n * p) };
  for (let i = 0; i < n; i++) {
    const w = TWO_PI * freq[i]!;
    pointValue(kind, w, z.re[i]!, z.im[i]!, scale);
    const kr = PT.kr, ki = PT.ki;
    o.re[i] = PT.xr;
    o.im[i] = PT.xi;
    for (let j = i * p, end = j + p; j < end; j++) {
      const a = z.jre[j]!, b = z.jim[j]!;
      o.jre[j] = kr * a - ki * b;
      o.jim[j] = kr * b + ki * a;
    }
  }
  return o;
}

/**
 * |∂X/∂Z| at every frequency: an absolute uncertainty σ_Z of Z (the same on re and im) becomes
 * σ_X = |∂X/∂Z|·σ_Z in the view X, to first order (σ_Y = |Y|²·σ_Z, σ_M = ωC0·σ_Z; Part B's
 * transformed `sigma` weights). `out` (optional) receives the factors and is returned.
 */
export function representationSigmaFactor(kind: RepresentationKind, freq: ArrayLike<number>, z: Planes, scale = 1, out?: Float64Array): Float64Array {
  const n = freq.length;
  const o = out ?? new Float64Array(n);
  for (let i = 0; i < n; i++) {
    pointValue(kind, TWO_PI * freq[i]!, z.re[i]!, z.im[i]!, scale);
    o[i] = hypot(PT.kr, PT.ki);
  }
  return o;
}

/** Y = 1/Z and ∂Y = −Y²·∂Z. */
export function admittanceJacobian(freq: ArrayLike<number>, z: PlanesWithJacobian, out?: PlanesWithJacobian): PlanesWithJacobian {
  return representationJacobian('Y', freq, z, 1, out);
}

/** C* = 1/(jωZ) and ∂C* = −(Y²/jω)·∂Z. */
export function capacitanceJacobian(freq: ArrayLike<number>, z: PlanesWithJacobian, out?: PlanesWithJacobian): PlanesWithJacobian {
  return representationJacobian('C', freq, z, 1, out);
}

/** ε* = 1/(jωC0·Z) and ∂ε* = −ε*·∂Z/Z; `c0` = ε0·A/L (F). */
export function permittivityJacobian(freq: ArrayLike<number>, z: PlanesWithJacobian, c0: number, out?: PlanesWithJacobian): PlanesWithJacobian {
  return representationJacobian('eps', freq, z, c0, out);
}

/** M* = jωC0·Z and ∂M* = jωC0·∂Z; `c0` = ε0·A/L (F), or 1 for M̃ = jωZ. */
export function modulusJacobian(freq: ArrayLike<number>, z: PlanesWithJacobian, c0: number, out?: PlanesWithJacobian): PlanesWithJacobian {
  return representationJacobian('M', freq, z, c0, out);
}

/** σ* = (L/A)·Y and ∂σ* = −(L/A)·Y²·∂Z; `cellConstant` = L/A (cm⁻¹). */
export function conductivityJacobian(freq: ArrayLike<number>, z: PlanesWithJacobian, cellConstant: number, out?: PlanesWithJacobian): PlanesWithJacobian {
  return representationJacobian('sigma', freq, z, cellConstant, out);
}

/** Scratch of pointValue: X = xr + j·xi and the chain factor k = ∂X/∂Z = kr + j·ki (no allocation per point). */
const PT = { xr: 0, xi: 0, kr: 0, ki: 0 };

/** X and ∂X/∂Z at one point (ω = 2πf, Z = zr + j·zi) into PT. */
function pointValue(kind: RepresentationKind, w: number, zr: number, zi: number, scale: number): void {
  if (kind === 'M') {
    const wc = w * scale; // jωC0·Z
    PT.xr = -wc * zi;
    PT.xi = wc * zr;
    PT.kr = 0;
    PT.ki = wc;
    return;
  }
  // Y = 1/Z by Smith's division
  let yr: number, yi: number;
  if ((zr < 0 ? -zr : zr) >= (zi < 0 ? -zi : zi)) {
    const r = zi / zr, d = zr + zi * r;
    yr = 1 / d;
    yi = -r / d;
  } else {
    const r = zr / zi, d = zr * r + zi;
    yr = r / d;
    yi = -1 / d;
  }
  let xr: number, xi: number;
  if (kind === 'Y') {
    xr = yr;
    xi = yi;
  } else if (kind === 'sigma') {
    xr = scale * yr;
    xi = scale * yi;
  } else {
    // C* = Y/(jω) = (Y″ − j·Y′)/ω; ε* = C* / C0
    const d = kind === 'C' ? w : w * scale;
    xr = yi / d;
    xi = -yr / d;
  }
  PT.xr = xr;
  PT.xi = xi;
  // k = −X·Y (= −Y² for Y, −C*·Y = −Y²/(jω), −ε*/Z, −(L/A)·Y²)
  PT.kr = -(xr * yr - xi * yi);
  PT.ki = -(xr * yi + xi * yr);
}
