/**
 * The pure parts of the app's DRT panel (no DOM, tested in Node): the λ slider's positions (the
 * 71-point grid 10^{−7+0.1k} of specs/drt.md §3), the start values a DRT peak gives an R‖CPE or
 * R‖C arc of the circuit, the start-value text of the fit form, and the panel's messages.
 */
import { lambdaGrid } from '../src/drt/index.ts';
import { pow } from '../src/math/index.ts';
import type { Arc } from '../src/circuit/arcs.ts';
import { cell as num } from '../src/report/html.ts';

/** The slider's grid, the same values `drt()` scans with λ 'auto'. */
export const LAMBDA_GRID: readonly number[] = Array.from(lambdaGrid());
/** Slider positions 0 … LAMBDA_STEPS. */
export const LAMBDA_STEPS = LAMBDA_GRID.length - 1;
/** Where the slider starts before a result has placed it (λ = 1e-3). */
export const DEFAULT_LAMBDA_STEP = 40;

/** λ at slider position k (rounded and clamped to 0 … LAMBDA_STEPS). */
export function sliderLambda(k: number): number {
  const i = Number.isFinite(k) ? Math.min(LAMBDA_STEPS, Math.max(0, Math.round(k))) : DEFAULT_LAMBDA_STEP;
  return LAMBDA_GRID[i]!;
}

/** The slider position nearest to λ in log scale (clamped to the grid's ends; the default for λ ≤ 0 or NaN). */
export function lambdaStep(lambda: number): number {
  if (!(lambda > 0) || !Number.isFinite(lambda)) return DEFAULT_LAMBDA_STEP;
  return Math.min(LAMBDA_STEPS, Math.max(0, Math.round(10 * (Math.log10(lambda) + 7))));
}

/** λ as the panel shows it: "1e-7", "1.259e-3" (4 significant digits, exponent form). */
export function lambdaLabel(lambda: number): string {
  const [mantissa, exponent] = lambda.toExponential(3).split('e') as [string, string];
  return `${mantissa.replace(/\.?0+$/, '')}e${exponent.replace('+', '')}`;
}

/** The α of the CPE a peak seeds (a peak of a real, somewhat dispersed arc). */
export const SEED_ALPHA = 0.9;

/** What a peak gives a fit: its τ (s) and resistance (Ω). */
export interface PeakLike {
  tau: number;
  resistance: number;
}

/**
 * Start values of the arc `arc` (R‖C or R‖CPE) from a DRT peak: R = the peak's resistance; for
 * a C, C = τ/R; for a CPE, α = {@link SEED_ALPHA} and Q = τ^α / R, the Q whose R‖CPE has its
 * characteristic time (RQ)^{1/α} at τ and whose effective (Brug) capacitance (R^{1−α}Q)^{1/α}
 * is τ/R. Null when the peak has no finite positive τ and R, or the arc is neither kind.
 */
export function seedFromPeak(peak: PeakLike, arc: Pick<Arc, 'r' | 'kind' | 'params'>): Record<string, number> | null {
  const { tau, resistance: r } = peak;
  if (!(tau > 0 && r > 0 && Number.isFinite(tau) && Number.isFinite(r))) return null;
  if (arc.kind === 'ideal' && arc.params.length === 1) return { [arc.r]: r, [arc.params[0]!]: tau / r };
  if (arc.kind === 'cpe' && arc.params.length === 2) return { [arc.r]: r, [arc.params[0]!]: pow(tau, SEED_ALPHA) / r, [arc.params[1]!]: SEED_ALPHA };
  return null;
}

/** The arc a peak seeds by default: peaks ranked by τ (fastest first) go to the arcs in circuit order (bulk, grain boundary, …). */
export function defaultArcIndex(peaks: readonly PeakLike[], k: number, arcCount: number): number {
  if (arcCount <= 0) return -1;
  const rank = peaks.filter((p) => p.tau < peaks[k]!.tau).length;
  return Math.min(rank, arcCount - 1);
}

/** "p(R1,CPE1)": how the panel names an arc. */
export function arcName(arc: Pick<Arc, 'r' | 'element'>): string {
  return `p(${arc.r},${arc.element})`;
}

/**
 * The fit form's start values, "R1=1000, CPE1.Q=2e-9": name=value pairs separated by commas,
 * semicolons or whitespace; empty means all estimated. Values must be finite numbers.
 */
export function parseStartValues(text: string): { values: Record<string, number> } | { error: string } {
  const values: Record<string, number> = {};
  for (const part of text.split(/[,;\s]+/).filter((p) => p !== '')) {
    const m = /^([A-Za-z][\w.]*)=(.+)$/.exec(part);
    if (!m) return { error: `"${part.slice(0, 40)}" is not name=value` };
    const x = Number(m[2]);
    if (!Number.isFinite(x) || m[2]!.trim() === '') return { error: `${m[1]} must be a finite number; got "${m[2]!.slice(0, 40)}"` };
    values[m[1]!] = x;
  }
  return { values };
}

/** One start value to 6 significant digits: exponent form ("1.99526e-6") below 1e-3 and from 1e6. */
function startValueText(v: number): string {
  const a = Math.abs(v);
  if (v === 0 || (a >= 1e-3 && a < 1e6)) return String(Number(v.toPrecision(6)));
  const [mantissa, exponent] = v.toExponential(5).split('e') as [string, string];
  return `${mantissa.replace(/\.?0+$/, '')}e${exponent.replace('+', '')}`;
}

/** Start values as the form shows them, in the given order, each value to 6 significant digits. */
export function formatStartValues(values: Readonly<Record<string, number>>): string {
  return Object.entries(values).map(([n, v]) => `${n}=${startValueText(v)}`).join(', ');
}

/** The form's text with `seed` put in (replacing those names, keeping the others); an unreadable text is replaced. */
export function mergeStartValues(text: string, seed: Readonly<Record<string, number>>): string {
  const parsed = parseStartValues(text);
  const kept = 'error' in parsed ? {} : parsed.values;
  return formatStartValues({ ...kept, ...seed });
}

/** The line that says what a click on a peak did. */
export function seedMessage(arc: Pick<Arc, 'r' | 'element'>, seed: Readonly<Record<string, number>>, peak: PeakLike & { frequency: number }): string {
  const values = Object.entries(seed).map(([n, v]) => `${n} = ${num(v)}`).join(', ');
  return `Seeded ${arcName(arc)} from the peak at τ = ${num(peak.tau)} s (f = ${num(peak.frequency)} Hz): ${values}. Run the fit again to start from them.`;
}

/** What the panel says about the λ a result used. */
export function lambdaText(r: { method: string; lambda: number; lambdaCurve?: { method: string; rule: string } }, auto: boolean): string {
  const how = auto && r.lambdaCurve ? `chosen automatically (${r.lambdaCurve.method}, ${r.lambdaCurve.rule} rule)` : 'set by the slider';
  return `Method ${r.method}, λ = ${lambdaLabel(r.lambda)} (${how}).`;
}

/** A failed DRT as the panel shows it (at most 500 characters of the error's message, with its code when it has one). */
export function drtErrorText(err: unknown): string {
  const e = err as { message?: unknown; code?: unknown } | null;
  const m = e !== null && typeof e === 'object' && typeof e.message === 'string' ? e.message : String(err);
  const code = e !== null && typeof e === 'object' && typeof e.code === 'string' ? ` [${e.code}]` : '';
  return `DRT: not possible — ${m.length > 500 ? `${m.slice(0, 500)}…` : m}${code}`;
}

/** The share of R_pol as a percentage with one decimal ("42.5 %"), "—" when unknown. */
export function shareText(fraction: number): string {
  return Number.isFinite(fraction) ? `${(100 * fraction).toFixed(1)} %` : '—';
}

/** A frequency as the crop button shows it: 3 significant digits ("2.51e+3" → "2510"). */
export function cropHz(f: number): string {
  return String(Number(f.toPrecision(3)));
}

/** What the panel says once the DRT window is cropped at a blocking electrode's tail. */
export function tailCroppedText(fmin: number): string {
  return `DRT on f ≥ ${cropHz(fmin)} Hz: the blocking-electrode tail below is excluded; peaks of the whole range would be swamped by it.`;
}

/** The note under the peak table on the peaks at an end of the measured window (numbers from 1). */
export function edgeText(peaks: readonly number[]): string {
  const which = peaks.length === 1 ? `Peak ${peaks[0]} lies` : `Peaks ${peaks.join(', ')} lie`;
  return `${which} at an end of the measured window (within 0.1 decade of τ = 1/f_max or 1/f_min, or beyond): τ and R are set by the window, not determined by the data.`;
}
