/**
 * The cell geometry of the dielectric views: thickness L and electrode area A (or the diameter,
 * A = πd²/4), the cell constant L/A and the empty-cell capacitance C0 = ε0·A/L. Checked with the
 * validation toolkit's number checks, as temperatureSeries and ionicConductivity check theirs.
 */
import { EisError } from '../errors.ts';
import { objectArgument, positiveNumber } from '../validate.ts';

/** Vacuum permittivity ε0 in F/cm (CODATA 2018: 8.8541878128e-12 F/m). */
export const EPSILON_0 = 8.8541878128e-14;

/**
 * A pellet (or cell) between two parallel electrodes: thickness L (cm) and electrode area A
 * (cm²), or the electrode diameter d (cm) with A = πd²/4 — one of the two, not both.
 * `temperatureSeries`'s `Geometry` fits the first form.
 */
export type CellGeometry = { thicknessCm: number; areaCm2: number; diameterCm?: undefined } | { thicknessCm: number; diameterCm: number; areaCm2?: undefined };

/** A checked geometry: L (cm), A (cm²), L/A (cm⁻¹) and C0 = ε0·A/L (F). */
export interface CellConstants {
  thicknessCm: number;
  areaCm2: number;
  /** L/A (cm⁻¹). */
  cellConstant: number;
  /** C0 = ε0·A/L (F), the capacitance of the empty cell. */
  c0: number;
}

/**
 * Checks a geometry argument. Absent: E_ARG_TYPE naming `name` (the views that need it say so);
 * not an object: E_ARG_TYPE; L, A or d not a finite number > 0: the toolkit's E_ARG_TYPE,
 * E_NONFINITE or E_ARG_RANGE naming e.g. `geometry.thicknessCm`; both areaCm2 and diameterCm, or
 * neither: E_ARG_TYPE.
 */
export function cellConstants(v: unknown, name = 'geometry', needed = 'this representation'): CellConstants {
  if (v === undefined || v === null) {
    throw new EisError('E_ARG_TYPE', `invalid argument. \`${name}\` is required for ${needed}: give { thicknessCm, areaCm2 } or { thicknessCm, diameterCm } (cm, cm²).`, { argument: name });
  }
  const g = objectArgument(name, v, 'an object { thicknessCm, areaCm2 } or { thicknessCm, diameterCm }');
  const L = positiveNumber(`${name}.thicknessCm`, g.thicknessCm, 'cm');
  const hasArea = g.areaCm2 !== undefined, hasDiameter = g.diameterCm !== undefined;
  if (hasArea && hasDiameter) {
    throw new EisError('E_ARG_TYPE', `invalid argument. \`${name}\` gives both areaCm2 and diameterCm; give one of them (A = πd²/4).`, { argument: name });
  }
  if (!hasArea && !hasDiameter) {
    throw new EisError('E_ARG_TYPE', `invalid argument. \`${name}\` needs the electrode area: areaCm2 (cm²) or diameterCm (cm).`, { argument: `${name}.areaCm2` });
  }
  let A: number;
  if (hasArea) A = positiveNumber(`${name}.areaCm2`, g.areaCm2, 'cm²');
  else {
    const d = positiveNumber(`${name}.diameterCm`, g.diameterCm, 'cm');
    A = (Math.PI * d * d) / 4;
  }
  const c0 = (EPSILON_0 * A) / L, cellConstant = L / A;
  if (!(c0 > 0 && c0 < Number.POSITIVE_INFINITY && cellConstant > 0 && cellConstant < Number.POSITIVE_INFINITY)) {
    throw new EisError('E_ARG_RANGE', `invalid argument. \`${name}\` gives L/A = ${cellConstant} cm⁻¹ and C0 = ${c0} F; both must be finite and > 0.`, { argument: name });
  }
  return { thicknessCm: L, areaCm2: A, cellConstant, c0 };
}
