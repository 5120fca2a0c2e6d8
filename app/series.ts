/**
 * What the worker does with a "Temperature series — activation energy" request, as plain
 * functions (tested in Node): the request becomes temperatureSeries() options exactly as
 * `eiskit series --global [--shared …]` builds them (global: true, or { shared }), the series runs
 * with its progress reported, and the result becomes plain data with the report's own texts
 * (globalRouteRows, lackOfFitText, globalArrheniusLines of src/report/series-global.ts).
 */
import { temperatureSeries, type Circuit, type TemperatureSeriesOptions, type TemperatureSeriesResult } from '../src/index.ts';
import { arcCapacitiveParams } from '../src/analysis/series-global.ts';
import { findArcs } from '../src/circuit/arcs.ts';
import { arrheniusLine, extrapolationText, globalArrheniusLine, sigmaAt, type ArrheniusLine } from '../src/analysis/arrhenius-at.ts';
import { globalArrheniusLines, globalRouteRows, lackOfFitText } from '../src/report/series-global.ts';
import type { SeriesOutcome, SeriesReply, SeriesRequest, SeriesRoute } from './protocol.ts';

/** 25 °C in K: the temperature σ is quoted at. */
export const T25 = 298.15;

/**
 * The section's defaults for a circuit (computed in the worker, which has the library; the page
 * bundle stays without the engine): the bulk resistance R1 as `eiskit series` takes it, else the
 * first arc's resistance, else the first R; the shared parameters temperatureSeries' own default,
 * every arc's CPE or C parameters (arcCapacitiveParams, as seriesGlobalRoles).
 */
export function seriesDefaults(circuit: Circuit): { bulk: string; shared: string[] } {
  const names = circuit.paramNames;
  const bulk = names.includes('R1') ? 'R1' : (findArcs(circuit.ast)[0]?.r ?? names.find((n) => /^R\d*$/.test(n)) ?? '');
  return { bulk, shared: arcCapacitiveParams(circuit) };
}

/** The temperatureSeries() options of a request: the CLI's `series --global` with the app's circuit, range, bulk, law and geometry. */
export function seriesOptions(req: SeriesRequest, onProgress?: (done: number, total: number) => void): TemperatureSeriesOptions {
  return {
    circuit: req.circuit, bulk: req.bulk, geometry: { thicknessCm: req.geometry.thicknessCm, areaCm2: req.geometry.areaCm2 },
    arrheniusForm: req.form, ...req.range,
    global: req.shared === undefined ? true : { shared: [...req.shared] },
    ...(onProgress ? { onProgress } : {}),
  };
}

/** σ at 25 °C with its standard error on a route's line (sigmaAt), or nulls without a line. */
function at25(line: ArrheniusLine | null, temperatures: readonly number[]): { sigma25: number | null; sigma25Stderr: number | null } {
  if (!line) return { sigma25: null, sigma25Stderr: null };
  const s = sigmaAt(line, T25, temperatures);
  return { sigma25: s.sigma, sigma25Stderr: Number.isFinite(s.stderr) ? s.stderr : null };
}

/** The message of a failed series: the error's text and its code, e.g. "… [E_TOO_FEW_POINTS]". */
export function seriesErrorText(err: unknown): string {
  const e = err as { message?: unknown; code?: unknown } | null;
  const m = e !== null && typeof e === 'object' && typeof e.message === 'string' ? e.message : String(err);
  const code = e !== null && typeof e === 'object' && typeof e.code === 'string' ? ` [${e.code}]` : '';
  return `Temperature series: not possible — ${m.length > 500 ? `${m.slice(0, 500)}…` : m}${code}`;
}

/** The result as the section shows it (plain arrays; labels in temperature order). */
export function seriesOutcome(req: SeriesRequest, r: TemperatureSeriesResult, ms: number): SeriesOutcome {
  const g = r.global;
  if (!g) throw new Error('temperatureSeries gave no global result'); // it always does with `global`
  const form = req.form;
  const c = g.constrained, t = g.twoStep, a = r.arrhenius, f = c.fit;
  const temps = r.points.map((p) => p.temperatureK);
  // σ at 25 °C ± stderr on each route's line: the constrained fit's law of the bulk (from its R_ref, Ea and their covariance), the two-step and independent Arrhenius lines
  const constrained: SeriesRoute = {
    activationEnergyEv: c.activationEnergyEv, stderr: c.stderr, ci95: [c.ci95[0], c.ci95[1]], prefactor: c.prefactor,
    ...at25(globalArrheniusLine(c.fit, g.bulk, req.geometry), temps),
  };
  const twoStep: SeriesRoute | null = t
    ? { activationEnergyEv: t.activationEnergyEv, stderr: t.stderr, ci95: [t.ci95[0], t.ci95[1]], prefactor: t.arrhenius.prefactor, ...at25(arrheniusLine(t.arrhenius), temps) }
    : null;
  const extrapolated = extrapolationText(sigmaAt(arrheniusLine(a), T25, temps));
  const labels = distinctLabels(r.points.map((p) => `${(p.temperatureK - 273.15).toFixed(1)} °C — ${req.spectra[p.index]!.label}`));
  const l = g.lackOfFit;
  return {
    circuit: req.circuit, range: req.range, bulk: g.bulk, form, geometry: req.geometry, shared: [...g.shared],
    points: r.points.map((p) => ({ label: req.spectra[p.index]!.label, temperatureK: p.temperatureK, sigma: p.sigma, sigmaStderr: p.sigmaStderr })),
    routes: globalRouteRows(r),
    constrained, twoStep,
    independent: { activationEnergyEv: a.activationEnergyEv, stderr: a.stderr, ci95: [a.ci95[0], a.ci95[1]], prefactor: a.prefactor, ...at25(arrheniusLine(a), temps), slope: a.slope, intercept: a.intercept, form: a.form },
    lines: globalArrheniusLines(r).map((x) => ({ label: x.label, slope: x.slope, intercept: x.intercept })),
    lackOfFit: l ? { verdict: l.verdict, reason: l.reason, F: l.F, df1: l.df1, df2: l.df2, p: l.p } : null,
    lackOfFitText: lackOfFitText(g),
    sigma25Note: extrapolated ? `σ at 25 °C is ${extrapolated}: it assumes the law holds there, and its ± covers only the line's statistical error.` : '',
    fit: { success: f.success, message: f.message, chi2: f.chi2, reducedChi2: f.reducedChi2, dof: f.dof, quality: { verdict: f.quality.verdict, reasons: [...f.quality.reasons] } },
    sharedValues: g.shared.map((name) => ({ name, value: f.shared[name]!.value, stderr: f.shared[name]!.stderr })),
    residuals: g.residuals.map((x, k) => ({ label: labels[k]!, temperatureK: x.temperatureK, freq: Array.from(x.freq), re: Array.from(x.re), im: Array.from(x.im) })),
    warnings: [...r.warnings],
    ms,
  };
}

/** Labels made distinct by " #2", " #3" on repeats (the residuals plot's legend tells spectra apart by them). */
function distinctLabels(labels: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((x) => {
    const n = (seen.get(x) ?? 0) + 1;
    seen.set(x, n);
    return n === 1 ? x : `${x} #${n}`;
  });
}

/** Runs the series of a request; every failure becomes a 'series-error' reply. */
export async function runSeries(req: SeriesRequest, progress: (done: number, total: number) => void): Promise<SeriesReply> {
  const t0 = performance.now();
  try {
    const spectra = req.spectra.map((s) => ({ freq: s.freq, re: s.re, im: s.im, temperatureK: s.temperatureK }));
    const r = await temperatureSeries(spectra, seriesOptions(req, progress));
    return { type: 'series-done', id: req.id, outcome: seriesOutcome(req, r, performance.now() - t0) };
  } catch (err) {
    return { type: 'series-error', id: req.id, message: seriesErrorText(err) };
  }
}
