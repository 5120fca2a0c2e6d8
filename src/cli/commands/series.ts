/** `eiskit series FILE… --thickness … --area|--diameter …`: σ(T) and the activation energy. */
import { temperatureSeries } from '../../analysis/series.ts';
import { frequencyWindow, numbers, parse, str, WINDOW_OPTIONS } from '../args.ts';
import { readAll, UsageError, withTemperatures, type CliContext, type LabelledSpectrum } from '../context.ts';
import { readNameTemperature } from '../../io/temperature-name.ts';
import { fmt, progressBar, table } from '../output.ts';
import { emit } from '../output-file.ts';
import { pelletGeometry } from '../geometry.ts';
import { writeResultsJson } from '../../io/results-json.ts';
import { countsText, kkWord, qualityWord } from '../../report/summary.ts';
import { NO_TRACKS, seriesTailCropText, TRACK_RULE, trackEa } from '../../report/drt.ts';
import { globalRouteRows, lackOfFitText } from '../../report/series-global.ts';
import type { SeriesGlobal } from '../../analysis/series-global.ts';

export const SERIES_HELP = `eiskit series FILE… --thickness CM (--area CM2 | --diameter CM) [--temperatures T1,T2,…] [options]

A variable-temperature series of one pellet: every spectrum Lin-KK-checked and fitted (in
increasing temperature, each seeded by the previous fit), the bulk resistance turned into
σ = L/(R·A), and the Arrhenius fit of σ(T) → activation energy with its uncertainty. Every
temperature shows its fit quality (good, suspect, BAD) and Lin-KK verdict, with the counts.
With --drt also the DRT of every spectrum and its peaks followed across temperatures (a peak
continues a track when its τ lies within 1 decade of the track's τ shifted by its last Arrhenius
step and is not 0.1 decade longer than its last; peaks at a window end are not followed and end
a track): per track the temperatures, τ and R at the ends, and over ≥ 3 temperatures the
activation energies of 1/R and of 1/τ — or, when the two disagree beyond what one process
allows, the reason instead.

Options:
  --temperatures LIST  one temperature per spectrum, in °C (or K with --kelvin); default: the
                       temperatures the files state, else their names state ("p_75C.mpt",
                       "p_348K.mpt"; one digit before C is a C-rate: "LFP_1C"; only 150–1500 K;
                       a note names what was read) (below zero: --temperatures=-20,0,20)
  --kelvin             --temperatures are in kelvin
  --thickness CM       pellet thickness (cm)
  --area CM2           electrode area (cm²)
  --diameter CM        electrode diameter (cm): area = π d²/4 (instead of --area); without
                       either, the area the files state
  --fmin HZ            fit and check only frequencies ≥ HZ (inclusive)
  --fmax HZ            fit and check only frequencies ≤ HZ (inclusive)
  --circuit C          default R0-p(R1,CPE1)-CPE2 (bulk arc, electrode CPE)
  --bulk NAME          the bulk resistance parameter (default R1)
  --sigma-t            fit ln(σT) instead of ln σ
  --arrhenius-weighting W
                       stderr (weight each temperature by its σ uncertainty) or none
  --drt                the DRT of every spectrum (λ chosen automatically) and its peak tracks
  --global             also one global fit of all spectra: the bulk resistance on the Arrhenius
                       law (σ, or σT with --sigma-t), every arc's CPE shared; prints Ea of the
                       constrained fit and of the two-step route (GLS with the full covariance of
                       ln R from the global fit with the bulk free), both ± stderr with the 95 %
                       interval, and the lack-of-fit verdict of the law with its reason
  --shared LIST        with --global: the shared parameters instead, e.g. CPE1.Q,CPE1.alpha
                       (--shared= shares nothing)
  -o, --output FILE    write the table (or JSON) to FILE instead of the terminal (never over an input)
  --json               machine-readable output

Examples:
  eiskit series pellet_25C.mpt pellet_35C.mpt pellet_45C.mpt --temperatures 25,35,45 --thickness 0.1 --area 0.196
  eiskit series p*.mpt --thickness 0.1 --diameter 0.5 --fmin 10 --arrhenius-weighting none
  eiskit series p*.mpt --thickness 0.1 --area 0.196 --global --shared CPE1.Q,CPE1.alpha`;

export async function seriesCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parse(argv, {
    temperatures: { type: 'string' }, kelvin: { type: 'boolean' }, thickness: { type: 'string' }, area: { type: 'string' }, diameter: { type: 'string' },
    circuit: { type: 'string' }, bulk: { type: 'string' }, 'sigma-t': { type: 'boolean' }, 'arrhenius-weighting': { type: 'string' },
    output: { type: 'string', short: 'o' }, drt: { type: 'boolean' }, global: { type: 'boolean' }, shared: { type: 'string' }, ...WINDOW_OPTIONS,
  });
  if (values.help) {
    ctx.stdout.write(`${SERIES_HELP}\n`);
    return 0;
  }
  const window = frequencyWindow(values);
  const weighting = arrheniusWeighting(values);
  const global = globalOption(values);
  const spectra = await readAll(ctx, positionals);
  const { geometry, areaSource } = pelletGeometry(values, spectra, true)!;
  const withT = seriesTemperatures('series', spectra, numbers(values, 'temperatures'), values.kelvin === true, ctx);
  const bar = progressBar('series', ctx.stderr);
  const r = await temperatureSeries(withT, {
    circuit: str(values, 'circuit') ?? 'R0-p(R1,CPE1)-CPE2', bulk: str(values, 'bulk') ?? 'R1', geometry,
    arrheniusForm: values['sigma-t'] ? 'sigmaT' : 'sigma', ...window, ...weighting, drt: values.drt === true, ...(global ? { global } : {}),
    onProgress: (done, total) => bar.update(done, total),
  });
  bar.end();
  let text: string;
  if (values.json) {
    text = `${writeResultsJson('series', [{ points: r.points.map((p) => ({ file: spectra[p.index]!.label, ...p })), arrhenius: r.arrhenius, table: r.table, geometry: { ...geometry, areaSource }, ...(r.drtTracks ? { drtTracks: r.drtTracks } : {}), ...(r.global ? { global: globalJson(r.global) } : {}), warnings: r.warnings }], 1)}\n`;
  } else {
    const rows = [['file', 'T (°C)', 'R_bulk (Ω)', '±', 'σ (S/cm)', '±', 'fit', 'Lin-KK']];
    for (const p of r.points) rows.push([spectra[p.index]!.label, (p.temperatureK - 273.15).toFixed(1), fmt(p.bulkResistance), fmt(p.bulkStderr), fmt(p.sigma), fmt(p.sigmaStderr), qualityWord(p.fit), p.kk ? kkWord(p.kk) : '—']);
    const a = r.arrhenius;
    const out = [
      `${r.points.length} temperatures — ${countsText(r.points.map((p) => p.fit), r.points.map((p) => p.kk))}; thickness ${geometry.thicknessCm} cm, area ${fmt(geometry.areaCm2)} cm² (from ${areaSource})`,
      table(rows), '',
      `Ea = ${a.activationEnergyEv.toFixed(4)} ± ${a.stderr.toPrecision(2)} eV (95 %: ${a.ci95[0].toFixed(4)} – ${a.ci95[1].toFixed(4)}), prefactor ${fmt(a.prefactor)}, r² = ${a.r2.toFixed(5)} (${a.form === 'sigma' ? 'ln σ' : 'ln σT'} vs 1/T, ${a.n} temperatures${a.weighted ? ', weighted by the σ uncertainties' : ', unweighted'})`,
    ];
    if (r.global) {
      const f = r.global.constrained.fit;
      out.push('', `Global fit of the ${f.spectra.length} spectra (χ²/ν = ${f.reducedChi2.toPrecision(4)}, ν = ${f.dof}, ${f.quality.verdict}) — Ea of ${r.global.bulk} by each route:`, table([['route', 'Ea', '95 % (eV)'], ...globalRouteRows(r)]), lackOfFitText(r.global));
    }
    if (r.drtTracks) {
      const C = (t: number) => (t - 273.15).toFixed(1);
      const tracks = [['track', 'T (°C)', 'τ (s)', 'R (Ω)', 'Ea of 1/R', 'Ea of 1/τ']];
      for (const t of r.drtTracks) {
        const first = t.points[0]!, last = t.points[t.points.length - 1]!;
        const span = (x: number, y: number) => (t.points.length === 1 ? fmt(x) : `${fmt(x)} → ${fmt(y)}`);
        tracks.push([t.id, t.points.length === 1 ? C(first.temperatureK) : `${C(first.temperatureK)} – ${C(last.temperatureK)}`, span(first.tau, last.tau), span(first.resistance, last.resistance), trackEa(t, t.conductance), trackEa(t, t.relaxation)]);
      }
      // the DRTs cropped at a blocking electrode's tail (no fmin given), as in the report
      const cropped = r.points.flatMap((p) => (p.drtWindow?.tailCrop && p.drtWindow.fmin !== null ? [{ temperatureK: p.temperatureK, fmin: p.drtWindow.fmin }] : []));
      if (cropped.length) out.push('', seriesTailCropText(cropped, r.points.length));
      if (r.drtTracks.length) {
        out.push('', `DRT peaks across temperatures (${r.drtTracks.length} tracks; ${TRACK_RULE}; Ea over ≥ 3 temperatures):`, table(tracks));
        for (const t of r.drtTracks) if (t.consistency?.consistent === false) out.push(`${t.id}: ${t.consistency.reason}`);
      } else out.push('', NO_TRACKS);
    }
    // the series' warnings carry each temperature's quality and Lin-KK reasons (not repeated here)
    for (const w of r.warnings) out.push(`warning: ${w}`);
    text = `${out.join('\n')}\n`;
  }
  await emit(ctx, str(values, 'output'), text, positionals);
  return seriesOk(r) ? 0 : 1;
}

/**
 * The spectra with their temperatures (K): --temperatures (°C, or K with --kelvin) when given;
 * else what each file states (its metadata), else what its file name states
 * (src/io/temperature-name.ts: "LLZO_75C.mpt", not "LFP_1C.mpt", within 150–1500 K), with a note
 * on stderr naming every temperature read from a name. A spectrum with neither: a usage error
 * naming it, and why its name was not read when it holds something.
 */
export function seriesTemperatures(command: string, spectra: LabelledSpectrum[], temps: number[] | undefined, kelvin: boolean, ctx: Pick<CliContext, 'stderr'>) {
  if (temps) return withTemperatures(spectra, temps, kelvin);
  const fromNames: string[] = [];
  const missing: string[] = [];
  const out = spectra.map((s) => {
    let t = s.meta.temperatureK;
    if (t === undefined) {
      const r = readNameTemperature(s.label.replace(/ #\d+$/, ''));
      if (r.temperatureK !== null) {
        t = r.temperatureK;
        fromNames.push(`${s.label}: "${r.text}" → ${Number(t.toFixed(2))} K`);
      } else missing.push(r.reason ? `${s.label} (its name: ${r.reason})` : s.label);
    }
    return { freq: s.freq, re: s.re, im: s.im, temperatureK: t ?? Number.NaN };
  });
  if (missing.length) throw new UsageError(`${missing.length === 1 ? `${missing[0]} does not state its temperature` : `${missing.length} spectra state no temperature (neither the file nor its name): ${missing.join('; ')}`}: give --temperatures`);
  if (fromNames.length) ctx.stderr.write(`eiskit ${command}: note: no --temperatures; temperatures read from the file names (°C + 273.15): ${fromNames.join('; ')}\n`);
  return out;
}

/** --global [--shared LIST] as temperatureSeries' `global`. */
export function globalOption(values: Record<string, unknown>): true | { shared: string[] } | null {
  const shared = values.shared;
  if (shared !== undefined && values.global !== true) throw new UsageError('--shared goes with --global');
  if (values.global !== true) return null;
  if (shared === undefined) return true;
  return { shared: String(shared).split(',').map((x) => x.trim()).filter((x) => x !== '') };
}

/** The global fits in the JSON: roles, both routes and the verdict, each fit as its global parameters and quality. */
function globalJson(g: SeriesGlobal) {
  const fitOf = (f: SeriesGlobal['constrained']['fit']) => ({ success: f.success, chi2: f.chi2, dof: f.dof, reducedChi2: f.reducedChi2, quality: f.quality, paramNames: f.paramNames, params: f.params, stderr: f.stderr, warnings: f.warnings });
  const { fit: cf, ...constrained } = g.constrained;
  const twoStep = g.twoStep ? (({ fit, ...rest }) => ({ ...rest, fit: fitOf(fit) }))(g.twoStep) : null;
  return { ...g, constrained: { ...constrained, fit: fitOf(cf) }, twoStep };
}

/** --arrhenius-weighting stderr|none as temperatureSeries' option. */
export function arrheniusWeighting(values: Record<string, unknown>): { weighting?: 'stderr' | 'none' } {
  const w = values['arrhenius-weighting'];
  if (w === undefined) return {};
  if (w !== 'stderr' && w !== 'none') throw new UsageError(`--arrhenius-weighting must be stderr or none; got "${String(w)}"`);
  return { weighting: w };
}

/** Every fit converged and every Lin-KK check passed. */
export function seriesOk(r: { points: readonly { fit: { success: boolean }; kk: { pass: boolean } | null }[] }): boolean {
  return r.points.every((p) => p.fit.success && (p.kk === null || p.kk.pass));
}
