/**
 * toAdmittance, toCapacitance, toPermittivity, toModulus, toConductivity: the same data as an
 * impedance spectrum in the other views of specs/global-fit.md Part B, each planar { freq, re, im }
 * of the complex quantity with the physical sign (never pre-negated).
 *
 * | view | definition | unit | im of a capacitive sample |
 * |---|---|---|---|
 * | Y | 1/Z | S | > 0 |
 * | C* | Y/(jω) = 1/(jωZ) | F (F/cm with a geometry: C*·L/A) | < 0 (C* = C′ − jC″) |
 * | ε* | C* / C0 = 1/(jωC0·Z) | 1 | < 0 (ε″ = −im) |
 * | M* | 1/ε* = jωC0·Z | 1 | > 0 (M″ = im) |
 * | σ* | (L/A)·Y = jωε0ε* | S/cm | > 0 |
 */
import { EisError } from '../errors.ts';
import type { Spectrum, SpectrumInput } from '../types/spectrum.ts';
import { toSpectrum } from '../validate.ts';
import { representationValues, type RepresentationKind } from './chain.ts';
import { cellConstants, type CellGeometry } from './geometry.ts';

/** A spectrum in another view: frequencies (Hz) and the complex quantity X = re + j·im. */
export interface RepresentedSpectrum extends Spectrum {
  /** Which view: 'Y', 'C*', 'ε*', 'M*' or 'σ*'. */
  readonly quantity: 'Y' | 'C*' | 'ε*' | 'M*' | 'σ*';
  /** The unit of re and im: 'S', 'F', 'F/cm' (C* with a geometry: C*·L/A), '1' or 'S/cm'. */
  readonly unit: 'S' | 'F' | 'F/cm' | '1' | 'S/cm';
}

/**
 * Admittance Y = 1/Z (S); a capacitive sample has Im Y > 0.
 * @throws EisError the spectrum's checks (toSpectrum); E_ARG_RANGE naming the index of a point
 * where Z = 0 (or where 1/Z overflows).
 * @example toAdmittance({ freq: [1e3], re: [100], im: [-100] }) // { re: [0.005], im: [0.005] }
 */
export function toAdmittance(spectrum: SpectrumInput): RepresentedSpectrum {
  return convert('Y', spectrum, 1, 'Y', 'S');
}

/**
 * Complex capacitance C* = Y/(jω) = 1/(jωZ) = C′ − jC″ (F): Im C* = −C″ < 0 for a lossy
 * capacitor. With a geometry, C*·L/A (F/cm): the capacitance of a cell with constant 1 cm⁻¹, the
 * scale of Irvine, Sinclair & West's table (bulk pF/cm, grain boundary nF/cm).
 * @throws EisError as toAdmittance; the geometry's checks when one is given.
 */
export function toCapacitance(spectrum: SpectrumInput, geometry?: CellGeometry): RepresentedSpectrum {
  if (geometry === undefined) return convert('C', spectrum, 1, 'C*', 'F');
  const g = cellConstants(geometry, 'geometry');
  const c = convert('C', spectrum, 1, 'C*', 'F/cm');
  for (let i = 0; i < c.re.length; i++) {
    c.re[i] = c.re[i]! * g.cellConstant;
    c.im[i] = c.im[i]! * g.cellConstant;
  }
  return c;
}

/**
 * Relative permittivity ε* = C* / C0 = 1/(jωC0·Z) = ε′ − jε″, C0 = ε0·A/L: Im ε* = −ε″ < 0.
 * @throws EisError E_ARG_TYPE naming `geometry` when it is missing; as toAdmittance.
 */
export function toPermittivity(spectrum: SpectrumInput, geometry: CellGeometry): RepresentedSpectrum {
  const g = cellConstants(geometry, 'geometry', 'toPermittivity (ε* = C* / C0, C0 = ε0·A/L)');
  return convert('eps', spectrum, g.c0, 'ε*', '1');
}

/**
 * Electric modulus M* = 1/ε* = jωC0·Z = M′ + jM″, C0 = ε0·A/L: Im M* = M″ > 0. Defined at Z = 0
 * too (M* = 0 there).
 * @throws EisError E_ARG_TYPE naming `geometry` when it is missing; the spectrum's checks.
 * @example toModulus(spectrum, { thicknessCm: 0.1, diameterCm: 1 })
 */
export function toModulus(spectrum: SpectrumInput, geometry: CellGeometry): RepresentedSpectrum {
  const g = cellConstants(geometry, 'geometry', 'toModulus (M* = jωC0·Z, C0 = ε0·A/L)');
  return convert('M', spectrum, g.c0, 'M*', '1');
}

/**
 * Complex conductivity σ* = (L/A)·Y = jωε0·ε* = σ′ + jσ″ (S/cm): σ′ is the real conductivity, its
 * low-frequency plateau σ_dc.
 * @throws EisError E_ARG_TYPE naming `geometry` when it is missing; as toAdmittance.
 */
export function toConductivity(spectrum: SpectrumInput, geometry: CellGeometry): RepresentedSpectrum {
  const g = cellConstants(geometry, 'geometry', 'toConductivity (σ* = (L/A)·Y)');
  return convert('sigma', spectrum, g.cellConstant, 'σ*', 'S/cm');
}

function convert(kind: RepresentationKind, input: SpectrumInput, scale: number, quantity: RepresentedSpectrum['quantity'], unit: RepresentedSpectrum['unit']): RepresentedSpectrum {
  const s = toSpectrum(input, 'spectrum');
  const n = s.freq.length;
  if (kind !== 'M') {
    for (let i = 0; i < n; i++) {
      if (s.re[i] === 0 && s.im[i] === 0) {
        throw new EisError('E_ARG_RANGE', `invalid argument. \`spectrum\` has Z = 0 at index ${i} (f = ${s.freq[i]} Hz): ${quantity} needs 1/Z, which is infinite there.`, { argument: 'spectrum', index: i });
      }
    }
  }
  const x = representationValues(kind, s.freq, s, scale);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x.re[i]!) || !Number.isFinite(x.im[i]!)) {
      throw new EisError('E_ARG_RANGE', `invalid argument. \`spectrum\` gives a non-finite ${quantity} at index ${i} (f = ${s.freq[i]} Hz, Z = ${s.re[i]} + ${s.im[i]}j): |Z| is too small (or too large) for this view.`, { argument: 'spectrum', index: i });
    }
  }
  return { freq: s.freq.slice(), re: x.re as Float64Array, im: x.im as Float64Array, quantity, unit };
}
