/** `eiskit report FILE… -o report.html`: fits, Lin-KK, plots and (with temperatures) the Arrhenius analysis in one HTML file. */
import { fitBatch } from '../../fit/batch.ts';
import { parseCircuit } from '../../circuit/circuit.ts';
import { linKKBatch } from '../../kk/linkk.ts';
import { temperatureSeries } from '../../analysis/series.ts';
import { reportHtml, seriesBlocks, spectrumBlocks, type Block } from '../../report/index.ts';
import { seriesOk } from './series.ts';
import { number, numbers, parse, str } from '../args.ts';
import { readAll, UsageError, withTemperatures, type CliContext } from '../context.ts';
import { progressBar } from '../output.ts';

export const REPORT_HELP = `eiskit report FILE… -o report.html [options]

One self-contained HTML file (no network): for every spectrum the Nyquist and Bode plots with
the fitted curve, the parameter table and the Lin-KK residuals; with temperatures and the
pellet geometry also σ(T), the Arrhenius plot with Ea and the parameters against temperature.

Options:
  -o, --output FILE    the HTML file to write (required)
  --circuit C          circuit to fit (default R0-p(R1,CPE1)-CPE2)
  --temperatures LIST  one per spectrum, °C (K with --kelvin); default: what the files state
  --kelvin             --temperatures are in kelvin
  --thickness CM       pellet thickness (cm): with --area, adds the series analysis
  --area CM2           electrode area (cm²)
  --bulk NAME          the bulk resistance parameter (default R1)
  --title TEXT         report title

Example:
  eiskit report p25.mpt p45.mpt p65.mpt --temperatures 25,45,65 --thickness 0.1 --area 0.196 -o pellet.html`;

export async function reportCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parse(argv, {
    output: { type: 'string', short: 'o' }, circuit: { type: 'string' }, temperatures: { type: 'string' }, kelvin: { type: 'boolean' },
    thickness: { type: 'string' }, area: { type: 'string' }, bulk: { type: 'string' }, title: { type: 'string' },
  });
  if (values.help) {
    ctx.stdout.write(`${REPORT_HELP}\n`);
    return 0;
  }
  const output = str(values, 'output');
  if (!output) throw new UsageError('report needs -o FILE (the HTML file to write)');
  const spectra = await readAll(ctx, positionals);
  const circuit = parseCircuit(str(values, 'circuit') ?? 'R0-p(R1,CPE1)-CPE2');
  const bar = progressBar('report', ctx.stderr);
  const fits = await fitBatch(circuit, spectra, { onProgress: (d, n) => bar.update(d, 2 * n) });
  const kks = await linKKBatch(spectra, { method: 'score', extension: 'auto', onProgress: (d, n) => bar.update(n + d, 2 * n) });
  bar.end();
  const blocks: Block[] = [];
  let ok = fits.every((f) => f.success) && kks.every((k) => k.pass);
  const thicknessCm = number(values, 'thickness'), areaCm2 = number(values, 'area');
  if ((thicknessCm === undefined) !== (areaCm2 === undefined)) throw new UsageError('give both --thickness and --area (or neither)');
  if (thicknessCm !== undefined && areaCm2 !== undefined && spectra.length > 1) {
    const withT = withTemperatures(spectra, numbers(values, 'temperatures'), values.kelvin === true);
    const series = await temperatureSeries(withT, { circuit, bulk: str(values, 'bulk') ?? 'R1', geometry: { thicknessCm, areaCm2 } });
    ok = seriesOk(series);
    blocks.push(...(await seriesBlocks(series, spectra.map((s) => s.label))));
  }
  blocks.push({ kind: 'heading', text: 'Spectra' });
  for (const [k, s] of spectra.entries()) blocks.push(...(await spectrumBlocks(s.label, s, fits[k], kks[k])));
  await ctx.writeText(output, reportHtml({ title: str(values, 'title') ?? `eiskit report — ${spectra.length} spectra`, subtitle: `${circuit.toString()}; written by eiskit report on ${new Date().toISOString().slice(0, 10)}`, blocks }));
  ctx.stdout.write(`wrote ${output} (${spectra.length} spectra${blocks[0]?.kind === 'heading' && blocks[0].text === 'Temperature series' ? ', temperature series' : ''})${ok ? '' : ' — some fits did not converge or Lin-KK checks failed: see the report'}\n`);
  return ok ? 0 : 1;
}
