/**
 * Ionic conductivity of a pellet from its bulk resistance, and the effective capacitance of an
 * R‖CPE arc with a hint of what the arc is.
 */
import { EisError } from '../errors.ts';
import { optionalStderr, positive, record } from './checks.ts';

export interface IonicConductivityInput {
  /** Bulk resistance R (Ω), e.g. R1 of `R0-p(R1,CPE1)-CPE2`. */
  resistance: number;
  /** Its standard error (Ω). */
  resistanceStderr?: number;
  /** Pellet thickness L (cm). */
  thicknessCm: number;
  /** Electrode area A (cm²). */
  areaCm2: number;
  /** Standard error of the thickness (cm). */
  thicknessStderrCm?: number;
  /** Standard error of the area (cm²). */
  areaStderrCm2?: number;
}

export interface IonicConductivity {
  /** σ = L/(R·A), S/cm. */
  sigma: number;
  /** Propagated standard error (S/cm): first order, independent errors. */
  stderr: number;
  /** stderr/σ = √((δR/R)² + (δL/L)² + (δA/A)²). */
  relativeStderr: number;
  /** The cell constant L/A (cm⁻¹). */
  cellConstant: number;
}

/**
 * σ = L/(R·A) in S/cm, with the standard error propagated from R (and L, A when given).
 * @example ionicConductivity({ resistance: 2654, resistanceStderr: 12, thicknessCm: 0.05, areaCm2: 0.785 }) // σ ≈ 2.4e-5 S/cm
 */
export function ionicConductivity(input: IonicConductivityInput): IonicConductivity {
  const o = record('input', input);
  const R = positive('resistance', o.resistance, 'Ω');
  const L = positive('thicknessCm', o.thicknessCm, 'cm');
  const A = positive('areaCm2', o.areaCm2, 'cm²');
  const dR = optionalStderr('resistanceStderr', o.resistanceStderr);
  const dL = optionalStderr('thicknessStderrCm', o.thicknessStderrCm);
  const dA = optionalStderr('areaStderrCm2', o.areaStderrCm2);
  const sigma = L / (R * A);
  const rel = Math.hypot(dR / R, dL / L, dA / A);
  return { sigma, stderr: sigma * rel, relativeStderr: rel, cellConstant: L / A };
}

export type ArcKind = 'bulk' | 'grain boundary' | 'surface layer' | 'electrode interface' | 'electrochemical reaction' | 'unclear';

export interface EffectiveCapacitance {
  /** C = (R^(1−α)·Q)^(1/α), F. */
  capacitance: number;
  /** C·L/A (F/cm): the capacitance of a cell with constant 1 cm⁻¹ (Irvine's scale); absent without geometry. */
  capacitancePerCellConstant?: number;
  /** Characteristic frequency of the arc's apex, f = 1/(2π(RQ)^(1/α)) (Hz). */
  apexFrequency: number;
  /** What an arc of this capacitance usually is (Irvine, Sinclair & West, Adv. Mater. 2 (1990) 132, Table 1). */
  kind: ArcKind;
  hint: string;
}

// Irvine, Sinclair & West (1990), Table 1, for a cell constant of 1 cm⁻¹:
// bulk 1e-12, grain boundary 1e-11 – 1e-8, surface layer 1e-9 – 1e-7,
// sample–electrode interface 1e-7 – 1e-5, electrochemical reactions 1e-4 F.
const KINDS: { below: number; kind: ArcKind }[] = [
  { below: 1e-11, kind: 'bulk' },
  { below: 1e-8, kind: 'grain boundary' },
  { below: 1e-7, kind: 'surface layer' },
  { below: 1e-5, kind: 'electrode interface' },
  { below: 1e-3, kind: 'electrochemical reaction' },
];

/**
 * Effective capacitance of an R‖CPE arc by Brug's formula (Brug et al., J. Electroanal. Chem.
 * 176 (1984) 275, eq. 20 for a parallel R‖Q): C = (R^(1−α)·Q)^(1/α); α = 1 gives C = Q. With
 * the pellet geometry the capacitance is scaled to a cell constant of 1 cm⁻¹ (C·L/A), the
 * scale on which Irvine et al. give the typical values used for `kind`.
 */
export function effectiveCapacitance(input: { resistance: number; q: number; alpha: number; thicknessCm?: number; areaCm2?: number }): EffectiveCapacitance {
  const o = record('input', input);
  const R = positive('resistance', o.resistance, 'Ω');
  const Q = positive('q', o.q, 'S·s^α');
  const alpha = positive('alpha', o.alpha);
  if (alpha > 1) throw new EisError('E_ARG_RANGE', `invalid argument. \`alpha\` must be in (0, 1]; got ${alpha}.`, { argument: 'alpha', value: alpha });
  const C = (R ** (1 - alpha) * Q) ** (1 / alpha);
  const geometry = o.thicknessCm !== undefined || o.areaCm2 !== undefined;
  const scaled = geometry ? (C * positive('thicknessCm', o.thicknessCm, 'cm')) / positive('areaCm2', o.areaCm2, 'cm²') : undefined;
  const c1 = scaled ?? C;
  const kind = KINDS.find((k) => c1 < k.below)?.kind ?? 'unclear';
  const scaleNote = geometry ? `${c1.toExponential(2)} F/cm at cell constant 1 cm⁻¹` : `${C.toExponential(2)} F (give thicknessCm and areaCm2 to scale it to a cell constant of 1 cm⁻¹)`;
  return {
    capacitance: C,
    ...(scaled !== undefined ? { capacitancePerCellConstant: scaled } : {}),
    apexFrequency: 1 / (2 * Math.PI * (R * Q) ** (1 / alpha)),
    kind,
    hint: `${scaleNote}: typical of ${kind === 'unclear' ? 'no single process (beyond 1e-3 F)' : `a ${kind} response`} (Irvine, Sinclair & West 1990).`,
  };
}
