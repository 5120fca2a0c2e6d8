/** `eiskit convert FILE… --to Y|C|eps|M|sigma`: every spectrum in another view (specs/global-fit.md Part B) as CSV or JSON, optionally with a Jonscher fit of σ′. */
import { toAdmittance, toCapacitance, toConductivity, toModulus, toPermittivity, type RepresentedSpectrum } from '../../representation/index.ts';
import type { CellGeometry } from '../../representation/geometry.ts';
import { jonscherFit, type JonscherFit } from '../../analysis/jonscher.ts';
import { cropSpectrum } from '../../crop.ts';
import type { SpectrumInput } from '../../types/spectrum.ts';
import { EisError } from '../../errors.ts';
import { writeResultsJson } from '../../io/results-json.ts';
import { CSV_EOL, REPRESENTATION_KEYS, writeRepresentationCsv, type RepresentationKey } from '../../io/representation-csv.ts';
import { choice, frequencyWindow, parse, str, WINDOW_OPTIONS } from '../args.ts';
import { readAll, UsageError, type CliContext, type LabelledSpectrum } from '../context.ts';
import { pelletGeometry } from '../geometry.ts';
import { fmt, table } from '../output.ts';
import { emit } from '../output-file.ts';
import { sanitize } from '../sanitize.ts';

export const CONVERT_HELP = `eiskit convert FILE… --to Y|C|eps|M|sigma [options]

Every spectrum in another view of the same data, planar with the physical sign:
  Y      admittance 1/Z (S)
  C      complex capacitance C* = 1/(jωZ) = C′ − jC″ (F; with a geometry C*·L/A, F/cm)
  eps    relative permittivity ε* = C*/C0 = ε′ − jε″ (C0 = ε0·A/L)
  M      electric modulus M* = jωC0·Z = M′ + jM″
  sigma  conductivity σ* = (L/A)·Y = σ′ + jσ″ (S/cm)
eps, M and sigma need the cell geometry (--thickness and --area or --diameter, else what the
files state); Y ignores it. CSV (RFC 4180, CRLF line ends): one header line with the units,
then one row per point: spectrum (the file, "file #k" for several sweeps), f (Hz), re, im
(numbers in their shortest round-trip form; a spectrum name a spreadsheet would read as a
formula gets a leading ').
--jonscher fits σ′ = σ_dc[1 + (f/f_c)^n] to every spectrum (Jonscher's law; needs the geometry,
whatever --to is) and prints a table of σ_dc, f_c, n ± stderr, the range and the verdict: on
stdout when -o takes the data, else on stderr (stdout stays CSV); in --json each result has it.
Exit 1 when a Jonscher fit is BAD or did not converge, or the input is invalid.

Options:
  --to Q               Y, C, eps, M or sigma (required)
  --thickness CM       sample thickness (cm)
  --area CM2           electrode area (cm²)
  --diameter CM        electrode diameter (cm), area = π d²/4
  --fmin HZ            convert (and fit) only frequencies ≥ HZ (inclusive)
  --fmax HZ            convert (and fit) only frequencies ≤ HZ (inclusive)
  --jonscher           also fit Jonscher's law to σ′ of every spectrum (range: from the
                       flattest σ′ above an electrode drop, found within --fmin/--fmax); a
                       spectrum it cannot fit is reported and the others go on (exit 1).
                       With --to C it makes the geometry required, so C* is per unit cell
                       constant, C*·L/A in F/cm (a note says so)
  -o, --output FILE    write the CSV (or JSON) to FILE (never over an input)
  --json               machine-readable output: { file, quantity, unit, freq, re, im, jonscher? }
                       (jonscher: the fit, or { error, code } for a spectrum it cannot fit)

Examples:
  eiskit convert pellet.mpt --to Y -o pellet-Y.csv
  eiskit convert pellet.mpt --to M --thickness 0.1 --diameter 1.3 -o pellet-M.csv
  eiskit convert p*.mpt --to sigma --thickness 0.1 --area 0.196 --jonscher -o sigma.csv`;

const QUANTITIES = REPRESENTATION_KEYS;
type Quantity = RepresentationKey;

function convertOne(q: Quantity, s: SpectrumInput, g: CellGeometry | undefined): RepresentedSpectrum {
  switch (q) {
    case 'Y': return toAdmittance(s);
    case 'C': return g ? toCapacitance(s, g) : toCapacitance(s);
    case 'eps': return toPermittivity(s, g!);
    case 'M': return toModulus(s, g!);
    case 'sigma': return toConductivity(s, g!);
  }
}

export async function convertCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parse(argv, {
    to: { type: 'string' }, thickness: { type: 'string' }, area: { type: 'string' }, diameter: { type: 'string' },
    jonscher: { type: 'boolean' }, output: { type: 'string', short: 'o' }, ...WINDOW_OPTIONS,
  });
  if (values.help) {
    ctx.stdout.write(`${CONVERT_HELP}\n`);
    return 0;
  }
  const q = choice(values, 'to', QUANTITIES);
  if (q === undefined) throw new UsageError('convert needs --to Y, C, eps, M or sigma');
  const window = frequencyWindow(values);
  const withJonscher = values.jonscher === true;
  const spectra = await readAll(ctx, positionals);
  const needs = q === 'eps' || q === 'M' || q === 'sigma' || withJonscher;
  let geometry: CellGeometry | undefined;
  try {
    geometry = pelletGeometry(values, spectra, needs)?.geometry;
  } catch (e) {
    if (e instanceof UsageError && needs) throw new UsageError(`${withJonscher && !(q === 'eps' || q === 'M' || q === 'sigma') ? '--jonscher' : `--to ${q}`} needs the cell geometry: ${e.message}`);
    throw e;
  }
  if (q === 'Y' && geometry && !withJonscher) ctx.stderr.write('eiskit convert: note: the geometry is unused with --to Y (Y = 1/Z does not depend on it)\n');
  if (q === 'C' && geometry && withJonscher) ctx.stderr.write(`eiskit convert: note: --to C is in F/cm here (C*·L/A, per unit cell constant): --jonscher needs the geometry (${geometryText(values)}), and C* comes with it; without --jonscher and geometry flags C* is in F\n`);
  // an error about one spectrum names its file and sweep
  const named = <T>(s: LabelledSpectrum, run: () => T): T => {
    try {
      return run();
    } catch (e) {
      if (e instanceof EisError) throw new EisError(e.code, `${s.label}: ${e.message}`, { ...e.details, file: s.label });
      throw e;
    }
  };
  const results = spectra.map((s) => {
    const cropped = window.fmin !== undefined || window.fmax !== undefined ? named(s, () => cropSpectrum(s, window)) : s;
    const x = named(s, () => convertOne(q, cropped, geometry));
    // the window bounds the data and the default range (above an electrode drop) is found inside it
    const j = withJonscher ? jonscherOrError(() => jonscherFit(cropped, geometry!)) : undefined;
    return { s, x, j };
  });
  const output = str(values, 'output');
  let data: string;
  if (values.json) {
    data = `${writeResultsJson('convert', results.map(({ s, x, j }) => ({ file: s.label, quantity: x.quantity, unit: x.unit, freq: x.freq, re: x.re, im: x.im, ...(j ? { jonscher: 'error' in j ? { error: j.error, code: j.code } : j } : {}) })), 1)}\n`;
  } else {
    data = writeRepresentationCsv(q, results.map(({ s, x }) => ({ label: s.label, data: x })));
  }
  if (output === undefined && !values.json) {
    // the CSV's CRLF record ends reach the terminal as they are (the sanitiser would print CR as
    // \u000d); every other control character of a record (a file name's) is escaped as usual
    const put = ctx.stdout.writeControl ?? ctx.stdout.write;
    put.call(ctx.stdout, data.split(CSV_EOL).map(sanitize).join(CSV_EOL));
  } else await emit(ctx, output, data, positionals);
  const fits = results.flatMap((r) => (r.j && !('error' in r.j) ? [{ label: r.s.label, j: r.j }] : []));
  const failed = results.flatMap((r) => (r.j && 'error' in r.j ? [`${r.s.label}: no Jonscher fit — ${r.j.error} [${r.j.code}]`] : []));
  const where = output === undefined ? ctx.stderr : ctx.stdout;
  if (fits.length && !values.json) where.write(jonscherTable(fits));
  if (failed.length) (values.json ? ctx.stderr : where).write(`${failed.join('\n')}\n`);
  return !failed.length && fits.every(({ j }) => j.success && j.quality.verdict !== 'bad') ? 0 : 1;
}

/** Where the geometry came from: the flags given, the files for what they do not give. */
function geometryText(values: Record<string, unknown>): string {
  const flags = ['thickness', 'area', 'diameter'].filter((k) => values[k] !== undefined).map((k) => `--${k}`);
  const complete = values.thickness !== undefined && (values.area !== undefined || values.diameter !== undefined);
  return complete ? `from ${flags.join(', ')}` : flags.length ? `from ${flags.join(', ')} and the files` : 'from the files';
}

/** jonscherFit of one spectrum, or its typed error (the code and the message) so the other spectra go on; other errors are thrown. */
function jonscherOrError(run: () => JonscherFit): JonscherFit | { error: string; code: string } {
  try {
    return run();
  } catch (e) {
    if (e instanceof EisError) return { error: e.message, code: e.code };
    throw e;
  }
}

/** The Jonscher fits as a table, then each spectrum's range reason, verdict reasons and warnings. */
export function jonscherTable(fits: readonly { label: string; j: JonscherFit }[]): string {
  const word = (j: JonscherFit) => (j.quality.verdict === 'bad' ? 'BAD' : j.quality.verdict);
  const rows = [['spectrum', 'σ_dc (S/cm)', '±', 'f_c (Hz)', '±', 'n', '±', 'f range (Hz)', 'points', 'rms (%)', 'quality']];
  for (const { label, j } of fits) rows.push([label, fmt(j.sigmaDc), fmt(j.stderr.sigmaDc), fmt(j.fc), fmt(j.stderr.fc), j.n.toFixed(4), fmt(j.stderr.n), `${fmt(j.fmin)} – ${fmt(j.fmax)}`, String(j.points), (100 * j.rmsRelative).toFixed(2), word(j)]);
  const out = ['Jonscher fit σ′ = σ_dc[1 + (f/f_c)^n]', table(rows), ''];
  for (const { label, j } of fits) {
    out.push(`${label}: range ${j.rangeReason}`);
    for (const r of j.quality.reasons) out.push(`  - ${word(j)}: ${r}`);
    for (const w of j.warnings) out.push(`  - warning: ${w}`);
  }
  return `${out.join('\n')}\n`;
}
