/** `eiskit zhit FILE…`: the Z-HIT validity check of every spectrum, with the window it used and why it passed or failed. */
import { zhit, type ZhitOptions, type ZhitResult } from '../../zhit/zhit.ts';
import { frequencyWindow, parse, str, WINDOW_OPTIONS } from '../args.ts';
import { readAll, type CliContext } from '../context.ts';
import { EisError } from '../../errors.ts';
import { fmt, table } from '../output.ts';
import { emit } from '../output-file.ts';
import { writeResultsJson } from '../../io/results-json.ts';

export const ZHIT_HELP = `eiskit zhit FILE… [options]

Z-HIT validity check of every spectrum: the modulus |Z| is rebuilt from the phase by an
approximate Hilbert transform (no model is fitted); where the measured |Z| parts from it —
typically drift at the low-frequency end — the data are not valid. For every spectrum the
output gives pass or FAIL, the largest modulus deviation, the offset window used (the 3-decade
band with the smallest Lin-KK residuals) and the reasons. Exit code 1 when a spectrum fails.

Options:
  --fmin HZ          test only frequencies ≥ HZ (inclusive)
  --fmax HZ          test only frequencies ≤ HZ (inclusive)
  -o, --output FILE  write the table (or JSON) to FILE instead of the terminal (never over an input)
  --json             machine-readable output

Examples:
  eiskit zhit cell.DTA
  eiskit zhit cell.DTA --fmin 0.1 --fmax 1e5
  eiskit zhit *.mpt --json -o zhit.json`;

function word(r: ZhitResult): string {
  return r.pass ? 'pass' : 'FAIL';
}

export async function zhitCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parse(argv, { output: { type: 'string', short: 'o' }, ...WINDOW_OPTIONS });
  if (values.help) {
    ctx.stdout.write(`${ZHIT_HELP}\n`);
    return 0;
  }
  const opts: ZhitOptions = frequencyWindow(values);
  const spectra = await readAll(ctx, positionals);
  // an error about one spectrum is rethrown naming its file and sweep, as naming() does for the batches
  const results = spectra.map((s) => {
    try {
      return zhit(s, opts);
    } catch (e) {
      if (e instanceof EisError) throw new EisError(e.code, `${s.label}: ${e.message}`, { ...e.details, file: s.label });
      throw e;
    }
  });
  let text: string;
  if (values.json) {
    text = `${writeResultsJson('zhit', results.map((r, k) => ({ file: spectra[k]!.label, ...r })), 1)}\n`;
  } else {
    const out: string[] = [];
    if (results.length > 1) out.push(`Summary of ${results.length} spectra — ${results.filter((r) => r.pass).length} passed, ${results.filter((r) => !r.pass).length} failed`);
    const rows = [['spectrum', 'points', 'max |Δ|Z|| (%)', 'threshold (%)', 'window (Hz)', 'verdict']];
    results.forEach((r, k) => {
      rows.push([spectra[k]!.label, String(r.freqRange.points), (100 * r.maxResidual).toFixed(3), (100 * r.threshold).toFixed(2), `${fmt(r.window[0])} – ${fmt(r.window[1])}`, word(r)]);
    });
    out.push(table(rows), '');
    results.forEach((r, k) => {
      if (spectra[k]!.meta.sample) out.push(`${spectra[k]!.label}: sample "${spectra[k]!.meta.sample}"`);
      out.push(`${spectra[k]!.label}: ${word(r)} — largest |Z| deviation ${(100 * r.maxResidual).toFixed(3)} % (threshold ${(100 * r.threshold).toFixed(2)} %), offset window ${fmt(r.window[0])} – ${fmt(r.window[1])} Hz`);
      for (const why of r.reasons) out.push(`  - ${why}`);
      for (const n of spectra[k]!.meta.notes ?? []) out.push(`  note (reading the file): ${n}`);
    });
    text = `${out.join('\n')}\n`;
  }
  await emit(ctx, str(values, 'output'), text, positionals);
  return results.every((r) => r.pass) ? 0 : 1;
}
