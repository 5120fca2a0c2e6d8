/** `eiskit series FILE… --temperatures … --thickness … --area …`: σ(T) and the activation energy. */
import { temperatureSeries } from '../../analysis/series.ts';
import { number, numbers, parse, str } from '../args.ts';
import { readAll, UsageError, withTemperatures, type CliContext } from '../context.ts';
import { fmt, table } from '../output.ts';
import { writeResultsJson } from '../../io/results-json.ts';

export const SERIES_HELP = `eiskit series FILE… --thickness CM --area CM2 [--temperatures T1,T2,…] [options]

A variable-temperature series of one pellet: every spectrum Lin-KK-checked and fitted (in
increasing temperature, each seeded by the previous fit), the bulk resistance turned into
σ = L/(R·A), and the Arrhenius fit of σ(T) → activation energy with its uncertainty.

Options:
  --temperatures LIST  one temperature per spectrum, in °C (or K with --kelvin); default: the
                       temperatures the files state (below zero: --temperatures=-20,0,20)
  --kelvin             --temperatures are in kelvin
  --thickness CM       pellet thickness (cm)
  --area CM2           electrode area (cm²)
  --circuit C          default R0-p(R1,CPE1)-CPE2 (bulk arc, electrode CPE)
  --bulk NAME          the bulk resistance parameter (default R1)
  --sigma-t            fit ln(σT) instead of ln σ
  --json               machine-readable output

Example:
  eiskit series pellet_25C.mpt pellet_35C.mpt pellet_45C.mpt --temperatures 25,35,45 --thickness 0.1 --area 0.196`;

export async function seriesCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parse(argv, {
    temperatures: { type: 'string' }, kelvin: { type: 'boolean' }, thickness: { type: 'string' }, area: { type: 'string' },
    circuit: { type: 'string' }, bulk: { type: 'string' }, 'sigma-t': { type: 'boolean' },
  });
  if (values.help) {
    ctx.stdout.write(`${SERIES_HELP}\n`);
    return 0;
  }
  const thicknessCm = number(values, 'thickness'), areaCm2 = number(values, 'area');
  if (thicknessCm === undefined || areaCm2 === undefined) throw new UsageError('series needs --thickness (cm) and --area (cm²)');
  const spectra = await readAll(ctx, positionals);
  const withT = withTemperatures(spectra, numbers(values, 'temperatures'), values.kelvin === true);
  const r = await temperatureSeries(withT, {
    circuit: str(values, 'circuit') ?? 'R0-p(R1,CPE1)-CPE2', bulk: str(values, 'bulk') ?? 'R1', geometry: { thicknessCm, areaCm2 },
    arrheniusForm: values['sigma-t'] ? 'sigmaT' : 'sigma',
  });
  if (values.json) {
    ctx.stdout.write(`${writeResultsJson('series', [{ points: r.points.map((p) => ({ file: spectra[p.index]!.label, ...p })), arrhenius: r.arrhenius, table: r.table, warnings: r.warnings }], 1)}\n`);
    return seriesOk(r) ? 0 : 1;
  }
  const rows = [['file', 'T (°C)', 'R_bulk (Ω)', '±', 'σ (S/cm)', '±', 'Lin-KK']];
  for (const p of r.points) rows.push([spectra[p.index]!.label, (p.temperatureK - 273.15).toFixed(1), fmt(p.bulkResistance), fmt(p.bulkStderr), fmt(p.sigma), fmt(p.sigmaStderr), p.kk ? (p.kk.pass ? 'pass' : 'FAIL') : '—']);
  const a = r.arrhenius;
  ctx.stdout.write(`${table(rows)}\n\nEa = ${a.activationEnergyEv.toFixed(4)} ± ${a.stderr.toPrecision(2)} eV (95 %: ${a.ci95[0].toFixed(4)} – ${a.ci95[1].toFixed(4)}), prefactor ${fmt(a.prefactor)}, r² = ${a.r2.toFixed(5)} (${a.form === 'sigma' ? 'ln σ' : 'ln σT'} vs 1/T, ${a.n} temperatures)\n`);
  for (const w of r.warnings) ctx.stdout.write(`warning: ${w}\n`);
  return seriesOk(r) ? 0 : 1;
}

/** Every fit converged and every Lin-KK check passed. */
export function seriesOk(r: { points: readonly { fit: { success: boolean }; kk: { pass: boolean } | null }[] }): boolean {
  return r.points.every((p) => p.fit.success && (p.kk === null || p.kk.pass));
}
