/** `eiskit report FILE… -o report.html`: fits, Lin-KK, plots and (with temperatures) the Arrhenius analysis in one HTML file. */
import { fitBatch } from '../../fit/batch.ts';
import { parseCircuit } from '../../circuit/circuit.ts';
import { temperatureSeries } from '../../analysis/series.ts';
import { reportHtml, seriesBlocks, spectrumBlocks, summaryBlocks, type Block } from '../../report/index.ts';
import type { DrtResult } from '../../drt/types.ts';
import { zhit, type ZhitResult } from '../../zhit/zhit.ts';
import { EisError } from '../../errors.ts';
import { arrheniusWeighting, globalOption, seriesOk, seriesTemperatures } from './series.ts';
import { frequencyWindow, numbers, parse, str, WINDOW_OPTIONS } from '../args.ts';
import { naming, readAll, UsageError, type CliContext } from '../context.ts';
import { progressBar } from '../output.ts';
import { writeOutput } from '../output-file.ts';
import { pelletGeometry } from '../geometry.ts';
import { kkForAll } from '../kk-all.ts';
import { windowText } from '../../crop.ts';

export const REPORT_HELP = `eiskit report FILE… -o report.html [options]

One self-contained HTML file (no network, no scripts). With several spectra it opens with a
summary, one row per sweep (points, χ², fit quality, Lin-KK and Z-HIT verdicts); then for every
spectrum what the file says, the fit with its quality verdict and reasons, the Lin-KK test (how
it was done, why it passed or failed), the parameter table, the Nyquist and Bode plots with the
fitted curve and the Lin-KK residuals, the Z-HIT check (verdict, largest |Z| deviation, reasons,
residual plot) and the DRT (λ and how it was chosen, R∞, R_pol, the peaks: τ, f, R, C, share;
γ against τ and the λ score curve); with --thickness and an area the dielectric views of every
spectrum (the −Z″/M″ plot with its peaks, R ≈ −2Z″max and C ≈ C0/(2M″max), and what they
indicate; σ′ against f with a Jonscher fit σ′ = σ_dc[1 + (f/f_c)^n], σ_dc ± stderr beside the
fit's bulk σ) and, with several spectra, σ(T), the Arrhenius plot
with Ea, the parameters against temperature and, with the DRT, γ(τ) of every temperature
stacked and its peaks followed across temperatures with their activation energies. The report
never overwrites an input file. Exit 1 when a fit did not converge or a Lin-KK or Z-HIT check
failed (the report is written all the same).

Options:
  -o, --output FILE    the HTML file to write (required)
  --circuit C          circuit to fit (default R0-p(R1,CPE1)-CPE2)
  --fmin HZ            fit and check only frequencies ≥ HZ (inclusive; the plots show every point)
  --fmax HZ            fit and check only frequencies ≤ HZ (inclusive)
  --temperatures LIST  one per spectrum, °C (K with --kelvin); default: what the files state,
                       else their names ("p_75C.mpt"; as eiskit series --help says, with a note)
  --kelvin             --temperatures are in kelvin
  --thickness CM       pellet thickness (cm): with an area, adds the dielectric views of every
                       spectrum and, with several spectra, the series analysis
  --area CM2           electrode area (cm²)
  --diameter CM        electrode diameter (cm), area = π d²/4; without --area or --diameter
                       the area the files state
  --bulk NAME          the bulk resistance parameter (default R1; its σ is compared with the
                       Jonscher σ_dc)
  --arrhenius-weighting W
                       stderr or none (see eiskit series --help)
  --global             with a series: also one global fit of all spectra (see eiskit series
                       --help): Ea by the constrained fit and by the two-step GLS route, each
                       ± stderr with its 95 % interval, the lack-of-fit verdict, both lines on
                       the Arrhenius plot and the residuals of every spectrum
  --shared LIST        with --global: the shared parameters instead, e.g. CPE1.Q,CPE1.alpha
                       (--shared= shares nothing)
  --no-zhit            leave out the Z-HIT check (on by default: ~10 ms and one plot per spectrum)
  --no-drt             leave out the DRT (on by default: λ chosen automatically, two plots per
                       spectrum; --drt states the default)
  --title TEXT         report title

Examples:
  eiskit report cell.mpt -o cell.html
  eiskit report pellet.mpt --thickness 0.1 --diameter 0.5 -o pellet.html
  eiskit report p25.mpt p45.mpt p65.mpt --temperatures 25,45,65 --thickness 0.1 --area 0.196 -o pellet.html
  eiskit report p*.mpt --thickness 0.1 --area 0.196 --global --shared CPE1.Q,CPE1.alpha -o pellet.html
  eiskit report sweeps.mpr --fmin 1 --fmax 1e6 -o sweeps.html`;

export async function reportCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parse(argv, {
    output: { type: 'string', short: 'o' }, circuit: { type: 'string' }, temperatures: { type: 'string' }, kelvin: { type: 'boolean' },
    thickness: { type: 'string' }, area: { type: 'string' }, diameter: { type: 'string' }, bulk: { type: 'string' }, title: { type: 'string' },
    'arrhenius-weighting': { type: 'string' }, drt: { type: 'boolean' }, 'no-drt': { type: 'boolean' }, 'no-zhit': { type: 'boolean' },
    global: { type: 'boolean' }, shared: { type: 'string' }, ...WINDOW_OPTIONS,
  });
  if (values.help) {
    ctx.stdout.write(`${REPORT_HELP}\n`);
    return 0;
  }
  if (values.drt && values['no-drt']) throw new UsageError('--drt and --no-drt contradict each other');
  const withDrt = values['no-drt'] !== true;
  const withZhit = values['no-zhit'] !== true;
  const output = str(values, 'output');
  if (!output) throw new UsageError('report needs -o FILE (the HTML file to write)');
  const window = frequencyWindow(values);
  const weighting = arrheniusWeighting(values);
  const global = globalOption(values);
  const spectra = await readAll(ctx, positionals);
  const geometry = pelletGeometry(values, spectra, false);
  // σ(T) and Arrhenius need a series; with one spectrum the geometry feeds the dielectric views only
  if (global && !(geometry && spectra.length > 1)) throw new UsageError('--global needs a temperature series: several spectra, --thickness and an area (--area, --diameter or the files\')');
  const circuit = parseCircuit(str(values, 'circuit') ?? 'R0-p(R1,CPE1)-CPE2');
  const bar = progressBar('report', ctx.stderr);
  const fits = await naming(spectra, () => fitBatch(circuit, spectra, { ...window, onProgress: (d, n) => bar.update(d, 2 * n) }));
  // the Lin-KK default, as everywhere (API, eiskit kk, series), on the same window as the fits
  const kk = await kkForAll(spectra, window, (d, n) => bar.update(n + d, 2 * n));
  bar.end();
  // Z-HIT on the same window: in the summary and each spectrum's section (one it cannot take says why there)
  const zhits = spectra.map((s) => (withZhit ? zhitOrNull(s, window) : null));
  const zhitOk = zhits.every((z) => z === null || z.pass);
  const labels = spectra.map((s) => s.label);
  const blocks: Block[] = [];
  let ok = fits.every((f) => f.success) && kk.results.every((k) => k === null || k.pass) && zhitOk;
  if (spectra.length > 1) blocks.push(...summaryBlocks(labels, fits, kk.results, zhits));
  if (kk.notes.length) blocks.push({ kind: 'list', items: kk.notes });
  let withSeries = false;
  // the series' DRTs (one drtBatch) are the ones shown per spectrum: each computed once
  const drts: (DrtResult | null)[] = spectra.map(() => null);
  const tailCrops: (number | null)[] = spectra.map(() => null); // where the series cropped a tail (said per spectrum)
  if (geometry && spectra.length > 1) {
    const withT = seriesTemperatures('report', spectra, numbers(values, 'temperatures'), values.kelvin === true, ctx);
    const seriesBar = progressBar('series', ctx.stderr);
    const series = await temperatureSeries(withT, { circuit, bulk: str(values, 'bulk') ?? 'R1', geometry: geometry.geometry, ...window, ...weighting, drt: withDrt, ...(global ? { global } : {}), onProgress: (d, n) => seriesBar.update(d, n) });
    seriesBar.end();
    ok = seriesOk(series) && zhitOk;
    withSeries = true;
    for (const p of series.points) {
      drts[p.index] = p.drt;
      tailCrops[p.index] = p.drtWindow?.tailCrop ? p.drtWindow.fmin : null;
    }
    blocks.push(...(await seriesBlocks(series, labels)));
  }
  blocks.push({ kind: 'heading', text: 'Spectra' });
  for (const [k, s] of spectra.entries()) blocks.push(...(await spectrumBlocks(s.label, s, fits[k], kk.results[k], { zhit: withZhit && (zhits[k] ?? true), drt: withDrt && (drts[k] ?? true), drtTailCrop: tailCrops[k] ?? null, ...(geometry ? { geometry: geometry.geometry, bulk: str(values, 'bulk') ?? 'R1' } : {}) })));
  const range = window.fmin !== undefined || window.fmax !== undefined ? `; frequencies in ${windowText({ fmin: window.fmin ?? null, fmax: window.fmax ?? null })}` : '';
  await writeOutput(ctx, output, reportHtml({ title: str(values, 'title') ?? `eiskit report — ${spectra.length} spectra`, subtitle: `${circuit.toString()}${range}; written by eiskit report on ${new Date().toISOString().slice(0, 10)}`, blocks }), positionals);
  ctx.stdout.write(`wrote ${output} (${spectra.length} spectra${withSeries ? ', temperature series' : ''})${ok ? '' : ' — some fits did not converge or Lin-KK or Z-HIT checks failed: see the report'}\n`);
  return ok ? 0 : 1;
}

/** zhit() with its defaults on the window, or null when the spectrum cannot take it (too few points…: the report says why). */
function zhitOrNull(s: Parameters<typeof zhit>[0], window: { fmin?: number; fmax?: number }): ZhitResult | null {
  try {
    return zhit(s, window);
  } catch (e) {
    if (e instanceof EisError && String(e.details.argument ?? '').startsWith('spectrum')) return null;
    throw e;
  }
}
