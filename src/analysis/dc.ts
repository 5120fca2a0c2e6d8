/** Electronic conductivity from a DC current–voltage sweep on a pellet between blocking electrodes. */
import { pairedArrays, optionalStderr, positive, record } from './checks.ts';
import { fitLine } from './stats.ts';
import { EisError } from '../errors.ts';

export interface ElectronicConductivity {
  /** σ_e = (dI/dV)·L/A (S/cm). */
  sigma: number;
  /** Standard error from the slope's (and the geometry's) uncertainty. */
  stderr: number;
  /** R = dV/dI (Ω). */
  resistance: number;
  /** dI/dV (S) and its standard error. */
  slope: number;
  slopeStderr: number;
  /** Current at V = 0 (A): an offset from the instrument or a residual ionic current. */
  intercept: number;
  r2: number;
  /** I − Î (A). */
  residuals: Float64Array;
}

/**
 * Least-squares straight line I = I₀ + V/R through a DC sweep { voltage (V), current (A) }:
 * σ_e = L/(R·A).
 */
export function electronicConductivity(input: { voltage: ArrayLike<number>; current: ArrayLike<number>; thicknessCm: number; areaCm2: number; thicknessStderrCm?: number; areaStderrCm2?: number }): ElectronicConductivity {
  const o = record('input', input);
  const [v, i] = pairedArrays('voltage', o.voltage, 'current', o.current, 3);
  const L = positive('thicknessCm', o.thicknessCm, 'cm'), A = positive('areaCm2', o.areaCm2, 'cm²');
  const dL = optionalStderr('thicknessStderrCm', o.thicknessStderrCm), dA = optionalStderr('areaStderrCm2', o.areaStderrCm2);
  let vmin = Infinity, vmax = -Infinity;
  for (const x of v) {
    vmin = Math.min(vmin, x);
    vmax = Math.max(vmax, x);
  }
  if (!(vmax > vmin)) throw new EisError('E_ARG_RANGE', 'invalid argument. `voltage` must span a range: every value is the same.', { argument: 'voltage' });
  const line = fitLine(v, i);
  if (!(line.slope > 0)) throw new EisError('E_ARG_RANGE', `invalid argument. The current falls with the voltage (slope ${line.slope} S): check the sign convention of the sweep.`, { argument: 'current' });
  const sigma = (line.slope * L) / A;
  const rel = Math.hypot(line.slopeStderr / line.slope || 0, dL / L, dA / A);
  return { sigma, stderr: sigma * rel, resistance: 1 / line.slope, slope: line.slope, slopeStderr: line.slopeStderr, intercept: line.intercept, r2: line.r2, residuals: line.residuals };
}
