/** `eiskit kk FILE…`: Lin-KK validation of every spectrum. */
import { linKKBatch, type LinKKOptions } from '../../kk/linkk.ts';
import { number, parse, str } from '../args.ts';
import { readAll, type CliContext } from '../context.ts';
import { fmt, progressBar, table } from '../output.ts';
import { writeResultsJson } from '../../io/results-json.ts';

export const KK_HELP = `eiskit kk FILE… [options]

Linear Kramers–Kronig test (Lin-KK) of every spectrum: a Voigt circuit with M RC elements is
fitted by linear least squares; residuals at the noise level mean the data are linear, causal
and stable. Exit code 1 when a spectrum fails.

Options:
  --fit-type T       complex (default), real or imag
  --representation R Z (default) or Y (admittance)
  --method M         mu (default: smallest M with μ < c) or score (robust; scans every M)
  --c C              μ criterion (default 0.85)
  --max-m N          largest M (default 50)
  --auto-extension   search the τ range extension F_ext over [0.1, 10]
  --no-capacitance   no series capacitance (data with a low-frequency intercept)
  --threshold X      pass when every |residual| ≤ X (default 0.01 = 1 %)
  --json             machine-readable output

Example:
  eiskit kk cell.DTA
  eiskit kk *.mpt --method score --auto-extension --json`;

export async function kkCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parse(argv, {
    'fit-type': { type: 'string' }, representation: { type: 'string' }, method: { type: 'string' }, c: { type: 'string' },
    'max-m': { type: 'string' }, 'auto-extension': { type: 'boolean' }, 'no-capacitance': { type: 'boolean' }, threshold: { type: 'string' },
  });
  if (values.help) {
    ctx.stdout.write(`${KK_HELP}\n`);
    return 0;
  }
  const spectra = await readAll(ctx, positionals);
  const opts: LinKKOptions = {
    ...(values['fit-type'] ? { fitType: str(values, 'fit-type') as LinKKOptions['fitType'] } : {}),
    ...(values.representation ? { representation: str(values, 'representation') as LinKKOptions['representation'] } : {}),
    ...(values.method ? { method: str(values, 'method') as LinKKOptions['method'] } : {}),
    ...(values.c !== undefined ? { c: number(values, 'c')! } : {}),
    ...(values['max-m'] !== undefined ? { maxM: number(values, 'max-m')! } : {}),
    ...(values['auto-extension'] ? { extension: 'auto' as const } : {}),
    ...(values['no-capacitance'] ? { addCapacitance: false } : {}),
    ...(values.threshold !== undefined ? { threshold: number(values, 'threshold')! } : {}),
  };
  const bar = progressBar('Lin-KK', ctx.stderr);
  const results = await linKKBatch(spectra, { ...opts, onProgress: (d, n) => bar.update(d, n) });
  bar.end();
  if (values.json) {
    ctx.stdout.write(`${writeResultsJson('linkk', results.map((r, k) => ({ file: spectra[k]!.label, ...r })), 1)}\n`);
  } else {
    const rows = [['spectrum', 'M', 'μ', 'max |Δ| (%)', 'at f (Hz)', 'noise (%)', 'verdict']];
    results.forEach((r, k) => rows.push([spectra[k]!.label, String(r.M), r.mu.toFixed(4), (100 * r.maxResidual).toFixed(3), fmt(spectra[k]!.freq[r.maxResidualIndex]!), r.noiseEstimate.toFixed(3), r.pass ? 'pass' : 'FAIL']));
    ctx.stdout.write(`${table(rows)}\n`);
    for (const [k, r] of results.entries()) for (const w of r.warnings) ctx.stdout.write(`warning (${spectra[k]!.label}): ${w}\n`);
  }
  return results.every((r) => r.pass) ? 0 : 1;
}
