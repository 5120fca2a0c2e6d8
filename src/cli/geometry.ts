/**
 * Pellet geometry from the command line: --thickness (else the thickness every file states), and
 * the electrode area from --area, from --diameter (A = π d²/4) — not both — or else from what the
 * files state (an area, or a diameter).
 */
import type { Geometry } from '../analysis/series.ts';
import { number, type Values } from './args.ts';
import { UsageError, type LabelledSpectrum } from './context.ts';

function positiveFlag(values: Values, key: string, unit: string): number | undefined {
  const x = number(values, key);
  if (x !== undefined && !(x > 0)) throw new UsageError(`--${key} must be > 0 (${unit}); got ${x}`);
  return x;
}

/** The electrode area (cm²) and where it came from; undefined when no flag is given and the files do not state it. */
export function electrodeArea(values: Values, spectra: readonly LabelledSpectrum[]): { areaCm2: number; source: string } | undefined {
  const area = positiveFlag(values, 'area', 'cm²'), diameter = positiveFlag(values, 'diameter', 'cm');
  if (area !== undefined && diameter !== undefined) throw new UsageError('give --area or --diameter, not both');
  if (area !== undefined) return { areaCm2: area, source: '--area' };
  if (diameter !== undefined) return { areaCm2: (Math.PI * diameter * diameter) / 4, source: `--diameter ${diameter} cm (π d²/4)` };
  // the files: an area, else a diameter
  const stated = spectra.map((s) => s.meta.areaCm2 ?? (s.meta.diameterCm !== undefined && s.meta.diameterCm > 0 ? (Math.PI * s.meta.diameterCm ** 2) / 4 : undefined));
  const a0 = agreed(stated, spectra, 'electrode areas', 'cm²', '--area or --diameter');
  return a0 === undefined ? undefined : { areaCm2: a0, source: 'the files' };
}

/** The one value every file states, undefined when one does not; files that disagree are a usage error. */
function agreed(stated: (number | undefined)[], spectra: readonly LabelledSpectrum[], what: string, unit: string, flags: string): number | undefined {
  if (stated.some((a) => a === undefined || !(a > 0))) return undefined;
  const a0 = stated[0]!;
  const differs = stated.findIndex((a) => Math.abs(a! - a0) > 1e-9 * a0);
  if (differs >= 0) throw new UsageError(`the files state different ${what} (${spectra[0]!.label}: ${a0} ${unit}, ${spectra[differs]!.label}: ${stated[differs]} ${unit}): give ${flags}`);
  return a0;
}

/**
 * The geometry for a series: --thickness and one area source. `required`: the command needs
 * it (series); otherwise (report) undefined when no geometry flag is given at all.
 */
export function pelletGeometry(values: Values, spectra: readonly LabelledSpectrum[], required: boolean): { geometry: Geometry; areaSource: string } | undefined {
  const flag = positiveFlag(values, 'thickness', 'cm');
  const any = flag !== undefined || values.area !== undefined || values.diameter !== undefined;
  if (!required && !any) return undefined;
  const thicknessCm = flag ?? agreed(spectra.map((s) => s.meta.thicknessCm), spectra, 'thicknesses', 'cm', '--thickness');
  if (thicknessCm === undefined) throw new UsageError('give --thickness (cm): the files do not state the pellet thickness');
  const area = electrodeArea(values, spectra);
  if (!area) throw new UsageError('give --area (cm²) or --diameter (cm): the files do not state the electrode area');
  return { geometry: { thicknessCm, areaCm2: area.areaCm2 }, areaSource: area.source };
}
