/**
 * temperatureSeries(): the variable-temperature workflow of a solid-electrolyte paper — KK-check
 * and fit every spectrum, keep the arcs' identity across temperatures, convert the bulk
 * resistance to σ(T) and fit the Arrhenius law.
 */
import { Circuit, parseCircuit, type ParamInput } from '../circuit/circuit.ts';
import type { ComputeOptions } from '../backend/select.ts';
import { EisError, show } from '../errors.ts';
import { fit, type FitResult } from '../fit/fit.ts';
import { fitBatch } from '../fit/batch.ts';
import type { FitOptions } from '../fit/problem.ts';
import type { SpectrumInput } from '../types/spectrum.ts';
import { linKKBatch, type LinKKOptions, type LinKKResult } from '../kk/linkk.ts';
import { arrhenius, type ArrheniusResult } from './arrhenius.ts';
import { effectiveCapacitance, ionicConductivity, type ArcKind } from './conductivity.ts';
import { finite, positive, record } from './checks.ts';
import { checkSpectrumList, functionOption, oneOfOption } from '../validate.ts';
import { arcCapacitance, findArcs, type Arc } from './arcs.ts';
import { relativeResidualJudgement } from '../fit/quality.ts';
import { cropSpectrum } from '../crop.ts';
import { drtBatch } from '../drt/drt.ts';
import { tailCropOptions } from '../drt/tail-crop.ts';
import { DRT_BATCH_OPTION_KEYS, drtSettings } from '../drt/solve.ts';
import type { DrtOptions, DrtResult } from '../drt/types.ts';
import { trackDrtPeaks, type DrtTrack } from './drt-tracks.ts';
import { reportProgress } from '../runtime/chunked.ts';
import { seriesGlobal, seriesGlobalRoles, type SeriesGlobal, type SeriesGlobalOptions } from './series-global.ts';

export interface SeriesSpectrum extends SpectrumInput {
  /** Temperature of this spectrum (K). */
  temperatureK: number;
}

export interface Geometry {
  thicknessCm: number;
  areaCm2: number;
  thicknessStderrCm?: number;
  areaStderrCm2?: number;
}

export interface TemperatureSeriesOptions extends ComputeOptions {
  /** The equivalent circuit (string or parsed). */
  circuit: Circuit | string;
  /** The parameter that is the bulk resistance, e.g. 'R1'. */
  bulk: string;
  geometry: Geometry;
  /** Seed each fit with the previous temperature's result (in temperature order). @default true */
  warmStart?: boolean;
  /** Start values for the first (lowest) temperature; omitted: estimated from its spectrum. */
  initial?: ParamInput;
  /** Further fit options (weighting, bounds, fixed, tolerances). */
  fitOptions?: Omit<FitOptions, 'initial' | 'backend' | 'engine'>;
  /** Lin-KK options, or false to skip the check. @default linKK's defaults (the noise-aware verdict) */
  kk?: Omit<LinKKOptions, 'backend' | 'engine'> | false;
  /** Arrhenius form. @default 'sigma' */
  arrheniusForm?: 'sigma' | 'sigmaT';
  /**
   * Weighting of the Arrhenius fit: by the conductivities' standard errors (the stderr of Ea then
   * never below what they imply: arrhenius' Birge-ratio scaling), or none. @default 'stderr'
   */
  weighting?: 'stderr' | 'none';
  /** Fit and KK-check only f ≥ fmin (Hz, inclusive) of every spectrum (each point's fit.freqRange and kk.freqRange say what was kept). */
  fmin?: number;
  /** Fit and KK-check only f ≤ fmax (Hz, inclusive). */
  fmax?: number;
  /**
   * The DRT of every spectrum (`drtBatch`, on the series' frequency window unless the options
   * give one, with the series' backend) and its peaks followed across temperatures (`drtTracks`):
   * `true` for drt()'s defaults, or drt() options. Without an `fmin` (here or in the series'
   * options), a spectrum ending in a blocking electrode's capacitive tail has its DRT on f ≥ the
   * tail's suggested fmin, as in the report (tailCropOptions, src/drt/tail-crop.ts): the DRT of
   * the whole range would be swamped by the tail, and its peaks would not track the arcs.
   * `SeriesPoint.drtWindow` says the window each DRT ran on. @default false
   */
  drt?: boolean | DrtOptions;
  /**
   * After the per-spectrum fits, Ea of the bulk resistance by both routes of specs/global-fit.md §7
   * (`result.global`; src/analysis/series-global.ts): an Arrhenius-constrained `globalFit`, and the
   * two-step GLS on the full covariance of ln R from a global fit with the bulk local. `true`: the
   * bulk follows `arrheniusForm` and every arc's CPE (or C) is shared — arc capacitances are
   * dielectric, nearly T-independent, while the electrode CPE and the other R stay local; sharing
   * stops the R–CPE trade-off that scatters the independent fits' R. Or `{ shared?, arrhenius? }`
   * (with the bulk's law). Needs ≥ 3 temperatures; takes fitOptions, window, backend. @default false
   */
  global?: boolean | SeriesGlobalOptions;
  /**
   * Called after every chunk of the batched stages with (steps done, total steps): the DRTs (with
   * `drt`), the Lin-KK checks (unless `kk: false`) and the fits, one step per spectrum each, in
   * that order, then with `global` two steps (the constrained global fit, the two-step's global
   * fit). If it throws, the series rejects with EisError E_CALLBACK.
   */
  onProgress?: (done: number, total: number) => void;
}

export interface SeriesPoint {
  temperatureK: number;
  /** Position of this spectrum in the input. */
  index: number;
  fit: FitResult;
  kk: LinKKResult | null;
  bulkResistance: number;
  bulkStderr: number;
  sigma: number;
  sigmaStderr: number;
  /** Effective capacitance of the bulk arc (F) and what it looks like (null when the bulk R is not in an R‖C/CPE arc). */
  bulkCapacitance: number | null;
  /** The same per unit cell constant, C·L/A (F/cm): the scale of Irvine's ranges that `bulkKind` uses. */
  bulkCapacitancePerCellConstant: number | null;
  bulkKind: ArcKind | null;
  /** The fit had the arcs in another order than the reference temperature; they were relabelled. */
  arcsRelabelled: boolean;
  /**
   * The data seem to hold an arc the circuit does not (one arc in the circuit whose effective
   * capacitance is typical of a grain boundary, or fit residuals with structure): the "bulk"
   * resistance may then be the sum of bulk and grain boundary (see warnings).
   */
  unresolvedArc: boolean;
  /** This temperature's DRT (with `drt`), else null. */
  drt: DrtResult | null;
  /**
   * The frequency window (Hz, inclusive; null: the spectrum's own end) this temperature's DRT ran
   * on, and `tailCrop`: whether `fmin` is the blocking-electrode tail's suggested fmin, found on
   * this spectrum (no fmin was given); null without `drt`.
   */
  drtWindow: { fmin: number | null; fmax: number | null; tailCrop: boolean } | null;
  warnings: string[];
}

/** How many fits came out good, suspect or bad, and how many spectra passed the KK check. */
export interface SeriesSummary {
  quality: { good: number; suspect: number; bad: number };
  kk: { pass: number; fail: number; skipped: number };
}

export interface TemperatureSeriesResult {
  /** One entry per spectrum, in increasing temperature. */
  points: SeriesPoint[];
  arrhenius: ArrheniusResult;
  /** Every parameter (value and stderr), χ², σ and the KK verdict per temperature. */
  table: { columns: string[]; rows: number[][] };
  summary: SeriesSummary;
  /**
   * With `drt`: the DRT peaks followed across temperatures (trackDrtPeaks: a peak continues a track
   * when its ln τ lies within 1 decade of the track's last ln τ shifted by the Arrhenius slope of
   * its last two temperatures and is not 0.1 decade longer than its last; peaks at an end of the
   * measured window are not followed and end a track), each with τ(T), R(T) and, over ≥ 3
   * temperatures, the activation energies of 1/R and 1/τ and their consistency check. Null without `drt`.
   */
  drtTracks: DrtTrack[] | null;
  /** With `global`: Ea of the bulk resistance by the constrained global fit and by the GLS two-step route, and the lack-of-fit verdict; else null. */
  global: SeriesGlobal | null;
  warnings: string[];
}

/**
 * Permutes the parameter groups of same-kind arcs so that their order by effective capacitance
 * matches `reference` (arc labels ordered by capacitance at the first temperature). Series arcs
 * are interchangeable, so the permuted vector has the same χ²; returns null when nothing moves.
 */
function relabel(c: Circuit, arcs: Arc[], reference: number[], p: Float64Array): Float64Array | null {
  const caps = arcs.map((a) => arcCapacitance(c, a, p));
  if (caps.some((x) => !Number.isFinite(x))) return null;
  const out = Float64Array.from(p);
  let moved = false;
  for (const symbol of new Set(arcs.map((a) => a.symbol))) {
    const group = arcs.map((_arc, k) => k).filter((k) => arcs[k]!.symbol === symbol);
    if (group.length < 2) continue;
    const wantOrder = group.slice().sort((a, b) => reference.indexOf(a) - reference.indexOf(b)); // labels, smallest C first
    const haveOrder = group.slice().sort((a, b) => caps[a]! - caps[b]!); // fitted arcs, smallest C first
    haveOrder.forEach((src, rank) => {
      const dst = wantOrder[rank]!;
      if (src === dst) return;
      moved = true;
      const from = arcs[src]!, to = arcs[dst]!;
      out[c.paramIndex(to.r)] = p[c.paramIndex(from.r)]!;
      to.params.forEach((name, k) => (out[c.paramIndex(name)] = p[c.paramIndex(from.params[k]!)]!));
    });
  }
  return moved ? out : null;
}

/**
 * Fits a temperature series of one sample: every spectrum KK-checked and fitted (in increasing
 * temperature, each seeded by the previous result), arcs kept in their identity (ordered by
 * effective capacitance as at the first temperature), σ(T) = L/(R_bulk·A) with propagated
 * errors, and the Arrhenius fit.
 * @example
 * const s = await temperatureSeries(spectra, { circuit: 'R0-p(R1,CPE1)-CPE2', bulk: 'R1', geometry: { thicknessCm: 0.05, areaCm2: 0.785 } });
 * s.arrhenius.activationEnergyEv; s.points.map((p) => p.sigma);
 */
export async function temperatureSeries(spectra: readonly SeriesSpectrum[], options: TemperatureSeriesOptions): Promise<TemperatureSeriesResult> {
  const o = record('options', options);
  if (!Array.isArray(spectra)) throw new EisError('E_ARG_TYPE', `invalid argument. \`spectra\` must be an array of { freq, re, im, temperatureK }; got ${show(spectra)}.`, { argument: 'spectra' });
  if (spectra.length < 2) throw new EisError('E_ARG_LENGTH', `invalid argument. A temperature series needs at least two spectra (temperatures); got ${spectra.length}.`, { argument: 'spectra' });
  checkSpectrumList(spectra); // holes: map would skip them and the series lose temperatures silently
  const circuit = typeof o.circuit === 'string' ? parseCircuit(o.circuit) : o.circuit;
  if (!(circuit instanceof Circuit)) throw new EisError('E_ARG_TYPE', `invalid option. \`circuit\` must be a circuit string or parseCircuit() result; got ${show(o.circuit)}.`, { argument: 'circuit' });
  if (typeof o.bulk !== 'string') throw new EisError('E_ARG_TYPE', `invalid option. \`bulk\` must name the bulk resistance, e.g. 'R1'; got ${show(o.bulk)}.`, { argument: 'bulk' });
  const bulkIndex = circuit.paramIndex(o.bulk);
  const g = record('geometry', o.geometry);
  positive('geometry.thicknessCm', g.thicknessCm, 'cm');
  positive('geometry.areaCm2', g.areaCm2, 'cm²');
  const temps = spectra.map((s, k) => {
    const t = finite(`spectra[${k}].temperatureK`, record(`spectra[${k}]`, s).temperatureK);
    if (!(t > 0)) throw new EisError('E_ARG_RANGE', `invalid argument. \`spectra[${k}].temperatureK\` must be > 0 K; got ${t} (in °C? use celsiusToKelvin).`, { argument: 'temperatureK', index: k, value: t });
    return t;
  });
  const order = temps.map((_, k) => k).sort((a, b) => temps[a]! - temps[b]!);
  const sorted = order.map((k) => {
    const { temperatureK: _t, ...s } = spectra[k]!;
    return s as SpectrumInput;
  });
  const compute: ComputeOptions = { ...(o.backend !== undefined ? { backend: o.backend as ComputeOptions['backend'] } : {}), ...(o.engine !== undefined ? { engine: o.engine as ComputeOptions['engine'] } : {}) };
  // one frequency window for the KK checks and every fit (including the refits after relabelling)
  const crop = { ...(o.fmin !== undefined ? { fmin: o.fmin as number } : {}), ...(o.fmax !== undefined ? { fmax: o.fmax as number } : {}) };
  const fitOptions = { ...((o.fitOptions as FitOptions | undefined) ?? {}), ...crop, ...compute };

  const kkUser = o.kk === undefined || o.kk === false ? {} : (record('kk', o.kk) as LinKKOptions);
  // linKK's own defaults (one verdict everywhere), with the caller's options on top
  const kkOptions = o.kk === false ? null : { ...kkUser, ...crop, ...compute };
  const weighting = oneOfOption(o, 'weighting', ['stderr', 'none'] as const, 'stderr', ' or ');
  const drtOptions = seriesDrtOptions(o.drt, crop, compute);
  const form = oneOfOption(o, 'arrheniusForm', ['sigma', 'sigmaT'] as const, 'sigma', ' or ');
  const globalRoles = seriesGlobalRoles(o.global, circuit, o.bulk, form, (o.fitOptions as FitOptions | undefined)?.fixed, temps);
  // progress over the batched stages: each one step per spectrum, counted on from the previous stage
  const onProgress = functionOption<(done: number, total: number) => void>(o, 'onProgress');
  const total = sorted.length * (1 + (kkOptions ? 1 : 0) + (drtOptions ? 1 : 0)) + (globalRoles ? 2 : 0);
  let before = 0;
  const stage = () => {
    const base = before;
    before += sorted.length;
    return onProgress ? { onProgress: (done: number) => onProgress(base + done, total) } : {};
  };
  // the DRTs first: the options are checked before any computation
  const drtRuns = drtOptions ? await seriesDrts(sorted, order, drtOptions, stage()) : null;
  const drts = drtRuns ? drtRuns.map((r) => r.result) : null;
  const kk = kkOptions ? await linKKBatch(sorted, { ...kkOptions, ...stage() }) : null;
  const fits = await fitBatch(circuit, sorted, { ...fitOptions, warmStart: o.warmStart !== false, ...(o.initial !== undefined ? { initial: o.initial as ParamInput } : {}), ...stage() });

  // arc identity: labels ordered by effective capacitance at the first temperature
  const arcs = findArcs(circuit.ast);
  // the first converged fit with finite arc capacitances defines the labels
  const refIndex = fits.findIndex((f) => f.success && arcs.every((a) => Number.isFinite(arcCapacitance(circuit, a, f.params))));
  const caps0 = refIndex < 0 ? [] : arcs.map((a) => arcCapacitance(circuit, a, fits[refIndex]!.params));
  const reference = arcs.map((_, k) => k).sort((a, b) => caps0[a]! - caps0[b]!);
  const bulkArc = arcs.find((a) => a.r === o.bulk) ?? null;

  // capacitance per unit cell constant (C·L/A, F/cm) and what it is typical of
  const perCell = (c: number) => (c * (g.thicknessCm as number)) / (g.areaCm2 as number);
  const kindOf = (c: number): ArcKind => effectiveCapacitance({ resistance: 1, q: c, alpha: 1, thicknessCm: g.thicknessCm as number, areaCm2: g.areaCm2 as number }).kind;

  const warnings: string[] = [];
  const points: SeriesPoint[] = sorted.map((s, k) => {
    let f = fits[k]!;
    let relabelled = false;
    const pw: string[] = [];
    if (refIndex >= 0 && k !== refIndex && arcs.length > 1 && f.success) {
      const swapped = relabel(circuit, arcs, reference, f.params);
      if (swapped) {
        // the same χ² with the labels exchanged: refit from there for consistent errors
        f = fit(circuit, s, { ...fitOptions, initial: swapped });
        relabelled = true;
        pw.push('The arcs came out in another order than at the reference temperature (the first converged fit), by effective capacitance; their labels were exchanged and the fit repeated from there.');
      }
    }
    if (!f.success) pw.push(`The fit did not converge: ${f.message}`);
    const kkr = kk ? kk[k]! : null;
    if (kkr && !kkr.pass) pw.push(`Lin-KK: ${kkr.reasons.join('; ')}.`);
    if (f.quality.verdict !== 'good') pw.push(`Fit quality ${f.quality.verdict}: ${f.quality.reasons.join('; ')}.`);
    if (drts) drts[k]!.warnings.forEach((w) => pw.push(`DRT: ${w}`));
    const R = f.params[bulkIndex]!, dR = f.stderr[bulkIndex]!;
    // a bulk resistance that is not a positive number (a fit pinned at 0) gives no σ: the point
    // is reported, with a warning, and left out of the Arrhenius fit
    const cond = R > 0 && Number.isFinite(R) ? ionicConductivity({
      resistance: R, resistanceStderr: Number.isFinite(dR) ? dR : 0,
      thicknessCm: g.thicknessCm as number, areaCm2: g.areaCm2 as number,
      ...(g.thicknessStderrCm !== undefined ? { thicknessStderrCm: g.thicknessStderrCm as number } : {}),
      ...(g.areaStderrCm2 !== undefined ? { areaStderrCm2: g.areaStderrCm2 as number } : {}),
    }) : { sigma: Number.NaN, stderr: Number.NaN };
    if (!(R > 0 && Number.isFinite(R))) pw.push(`${o.bulk} = ${R}: no conductivity for this temperature; it is left out of the Arrhenius fit.`);
    if (!Number.isFinite(dR)) pw.push(`The standard error of ${o.bulk} could not be estimated: σ carries no uncertainty from the fit.`);
    let bulkCapacitance: number | null = null, bulkKind: ArcKind | null = null;
    if (bulkArc) {
      bulkCapacitance = arcCapacitance(circuit, bulkArc, f.params);
      if (Number.isFinite(bulkCapacitance)) {
        bulkKind = kindOf(bulkCapacitance);
        if (bulkKind !== 'bulk' && bulkKind !== 'grain boundary') pw.push(`The arc of ${o.bulk} has an effective capacitance of ${bulkCapacitance.toExponential(2)} F (${bulkKind}), unusual for a bulk response: check which arc is the bulk.`);
      }
    }
    // several arcs: the bulk is the one with the smallest effective capacitance (Irvine, Sinclair
    // & West 1990), and it should look like a bulk; otherwise "bulk σ" is another arc's σ
    if (bulkArc && arcs.length > 1 && f.success && bulkCapacitance !== null && Number.isFinite(bulkCapacitance)) {
      const caps = arcs.map((a) => arcCapacitance(circuit, a, f.params));
      const smallest = arcs.reduce((best, a, k) => (caps[k]! < caps[arcs.indexOf(best)]! ? a : best), bulkArc);
      const describe = (a: Arc, c: number) => `${a.r}‖${a.element} has ${a === bulkArc ? 'an effective capacitance of ' : 'the smaller '}${perCell(c).toExponential(2)} F/cm (${kindOf(c)})`;
      if (smallest !== bulkArc) {
        pw.push(`\`bulk\` names ${o.bulk}, whose arc ${describe(bulkArc, bulkCapacitance)}, but the arc ${describe(smallest, caps[arcs.indexOf(smallest)]!)} (per unit cell constant, C·L/A): the bulk is usually the smallest-capacitance arc, so σ from ${o.bulk} may be another arc's (e.g. the grain boundary's) conductivity; check \`bulk\`.`);
      } else if (bulkKind !== 'bulk') {
        pw.push(`\`bulk\` names ${o.bulk}, the arc with the smallest effective capacitance, but ${perCell(bulkCapacitance).toExponential(2)} F/cm (per unit cell constant, C·L/A) is typical of a ${bulkKind}, not of a bulk (≲ 1e-11 F/cm; Irvine, Sinclair & West 1990): the bulk arc may lie above the measured frequencies or be merged with another.`);
      }
    }
    // one arc in the circuit, but two in the data? (Irvine, Sinclair & West 1990: per cell
    // constant 1 cm⁻¹, bulk ~1e-12 F, grain boundary 1e-11 – 1e-8 F)
    let unresolvedArc = false;
    if (bulkArc && arcs.length === 1 && f.success) {
      if (bulkKind === 'grain boundary') {
        unresolvedArc = true;
        pw.push(`The circuit has one arc, and its effective capacitance (${perCell(bulkCapacitance!).toExponential(2)} F/cm at cell constant 1 cm⁻¹) is typical of a grain boundary, not of a bulk (~1e-12 F/cm; Irvine, Sinclair & West 1990): the bulk and grain-boundary arcs may be merged, so σ from ${o.bulk} may be the total conductivity. Fit a circuit with two arcs, e.g. R0-p(R1,CPE1)-p(R2,CPE2)-CPE3.`);
      }
      // the data the fit saw (the same crop): the judgement its quality made, with the sizes and tests
      const data = cropSpectrum(s, crop);
      const { judgement: j } = relativeResidualJudgement(data.freq, data.re, data.im, f.residuals.re, f.residuals.im, f.free.filter(Boolean).length);
      if (!j.belowFloor && (!j.sizeOk || !j.whiteOk)) {
        unresolvedArc = true;
        pw.push(`The circuit has one arc, and the fit's residuals show structure (${!j.sizeOk ? `RMS ${j.sizeRatio.toFixed(1)}× the noise` : `not white: ${j.whitenessTest}, p = ${j.whitenessP.toExponential(1)}`}): the data may hold a second, unmodelled arc, so σ from ${o.bulk} may not be the bulk conductivity alone.`);
      }
    }
    return {
      temperatureK: temps[order[k]!]!, index: order[k]!, fit: f, kk: kkr, bulkResistance: R, bulkStderr: dR,
      sigma: cond.sigma, sigmaStderr: cond.stderr, bulkCapacitance,
      bulkCapacitancePerCellConstant: bulkCapacitance !== null && Number.isFinite(bulkCapacitance) ? perCell(bulkCapacitance) : null, bulkKind, arcsRelabelled: relabelled, unresolvedArc,
      drt: drts ? drts[k]! : null, drtWindow: drtRuns ? drtRuns[k]!.window : null, warnings: pw,
    };
  });
  points.forEach((p) => p.warnings.forEach((w) => warnings.push(`${p.temperatureK.toFixed(2)} K: ${w}`)));
  const usable = points.filter((p) => p.sigma > 0);
  if (usable.length < 2) throw new EisError('E_ARG_RANGE', `invalid data. Only ${usable.length} of ${points.length} temperatures gave a bulk resistance > 0, and an Arrhenius fit needs two; check the circuit and the bulk parameter \`${o.bulk}\`.`, { argument: 'spectra' });
  const arr = arrhenius(usable.map((p) => ({ temperatureK: p.temperatureK, sigma: p.sigma, ...(p.sigmaStderr > 0 ? { sigmaStderr: p.sigmaStderr } : {}) })), { form, weighting });
  arr.warnings.forEach((w) => warnings.push(`Arrhenius: ${w}`));

  const names = circuit.paramNames;
  const columns = ['temperatureK', 'temperatureC', ...names.flatMap((n) => [n, `${n} stderr`]), 'chi2', 'sigma', 'sigma stderr', 'kkPass', 'kkMaxResidual'];
  const rows = points.map((p) => [
    p.temperatureK, p.temperatureK - 273.15,
    ...names.flatMap((_, i) => [p.fit.params[i]!, p.fit.stderr[i]!]),
    p.fit.chi2, p.sigma, p.sigmaStderr, p.kk ? (p.kk.pass ? 1 : 0) : Number.NaN, p.kk ? p.kk.maxResidual : Number.NaN,
  ]);
  const summary: SeriesSummary = {
    quality: { good: 0, suspect: 0, bad: 0 },
    kk: { pass: 0, fail: 0, skipped: 0 },
  };
  for (const p of points) {
    summary.quality[p.fit.quality.verdict]++;
    summary.kk[p.kk ? (p.kk.pass ? 'pass' : 'fail') : 'skipped']++;
  }
  if (summary.quality.good < points.length) warnings.unshift(`Fit quality: ${summary.quality.good} good, ${summary.quality.suspect} suspect, ${summary.quality.bad} bad of ${points.length}.`);
  if (summary.kk.fail > 0) warnings.unshift(`Lin-KK: ${summary.kk.fail} of ${points.length} spectra failed the Kramers–Kronig check.`);
  const drtTracks = drts ? trackDrtPeaks(points.map((p) => p.temperatureK), drts) : null;
  const { starts: _s, seed: _d, geometry: _g, ...gOptions } = fitOptions, base = before;
  const global: SeriesGlobal | null = globalRoles ? await seriesGlobal(circuit, sorted.map((s, k) => ({ ...s, temperatureK: points[k]!.temperatureK })), globalRoles, o.bulk, form, g as { thicknessCm: number; areaCm2: number }, { ...gOptions, ...(o.initial !== undefined ? { initial: o.initial as ParamInput } : {}) }, (k) => reportProgress(onProgress, base + k, total)) : null;
  global?.warnings.forEach((w) => warnings.push(`Global fit: ${w}`));
  return { points, arrhenius: arr, table: { columns, rows }, summary, drtTracks, global, warnings };
}

type DrtRun = { result: DrtResult; window: NonNullable<SeriesPoint['drtWindow']> };

/**
 * The DRT of every spectrum (`sorted`, in temperature order; `order[k]`: its input index) with the
 * crop rule of the report (tailCropOptions): one drtBatch per distinct window, in order of first
 * use, the progress counted on across them (`stage.onProgress(done)`, done over all spectra).
 */
async function seriesDrts(sorted: readonly SpectrumInput[], order: readonly number[], options: DrtOptions, stage: { onProgress?: (done: number) => void }): Promise<DrtRun[]> {
  drtSettings(options, DRT_BATCH_OPTION_KEYS); // a bad option is refused as such, before any spectrum
  const runs = sorted.map((s, k) => {
    try {
      return tailCropOptions(s, options, `spectra[${order[k]!}]`);
    } catch (e) {
      if (e instanceof EisError) throw new EisError(e.code, e.message, { ...e.details, spectrum: order[k]! });
      throw e;
    }
  });
  const groups = new Map<number | undefined, number[]>();
  runs.forEach((r, k) => {
    const key = r.options.fmin;
    groups.set(key, [...(groups.get(key) ?? []), k]);
  });
  const out = new Array<DrtRun>(sorted.length);
  let done = 0;
  for (const members of groups.values()) {
    const base = done;
    const opts = runs[members[0]!]!.options;
    const results = await drtBatch(members.map((k) => sorted[k]!), { ...opts, ...(stage.onProgress ? { onProgress: (n: number) => stage.onProgress!(base + n) } : {}) });
    members.forEach((k, j) => {
      out[k] = { result: results[j]!, window: { fmin: opts.fmin ?? null, fmax: opts.fmax ?? null, tailCrop: runs[k]!.tailCrop !== null } };
    });
    done += members.length;
  }
  return out;
}

/** The drtBatch options of `drt`: null when absent or false; the series' window and backend unless given. */
function seriesDrtOptions(v: unknown, crop: { fmin?: number; fmax?: number }, compute: ComputeOptions): DrtOptions | null {
  if (v === undefined || v === false) return null;
  if (v !== true && (v === null || typeof v !== 'object' || Array.isArray(v))) throw new EisError('E_ARG_TYPE', `invalid option. \`drt\` must be true, false or drt() options; got ${show(v)}.`, { argument: 'drt' });
  const given = v === true ? {} : (v as DrtOptions);
  const window = given.fmin !== undefined || given.fmax !== undefined ? {} : crop;
  return { ...compute, ...window, ...given };
}
