/** `eiskit kk FILE…`: Lin-KK validation of every spectrum, saying how it was tested and why it passed or failed. */
import { linKKBatch, type LinKKOptions } from '../../kk/linkk.ts';
import { choice, frequencyWindow, number, parse, str, WINDOW_OPTIONS } from '../args.ts';
import { naming, readAll, UsageError, type CliContext } from '../context.ts';
import { fmt, progressBar, table } from '../output.ts';
import { emit } from '../output-file.ts';
import { writeResultsJson } from '../../io/results-json.ts';
import { cropSpectrum } from '../../crop.ts';
import { countsText, kkMethodText, kkWord } from '../../report/summary.ts';
import { QUEUE_OPTIONS, queueBatchTarget, submitOptions } from '../queue-args.ts';

export const KK_HELP = `eiskit kk FILE… [options]

Linear Kramers–Kronig test (Lin-KK) of every spectrum: a Voigt circuit with M RC elements is
fitted by linear least squares; residuals at the noise level mean the data are linear, causal
and stable. For every spectrum the output says how it was tested (fit type, M and the rule
that chose it, the verdict rule) and why it passed or failed. Exit code 1 when a spectrum fails.

Options:
  --fmin HZ          test only frequencies ≥ HZ (inclusive)
  --fmax HZ          test only frequencies ≤ HZ (inclusive)
  --fit-type T       complex (default), real or imag
  --representation R Z (default) or Y (admittance)
  --method M         how M is chosen: noise (default: the smallest M whose fit reaches the
                     noise estimated from the data), mu (smallest M with μ < c, impedance.py)
                     or score (Yrjänä & Bobacka 2024; scans every M)
  --c C              μ criterion (default 0.85)
  --max-m N          largest M (default 50)
  --auto-extension   search the τ range extension F_ext over [0.1, 10]
  --no-capacitance   no series capacitance (data with a low-frequency intercept)
  --verdict V        statistics (default: residuals against the noise estimated from the data,
                     whiteness along frequency, outliers) or threshold
  --threshold X      the threshold rule: pass when every |residual| ≤ X (0.01 = 1 %); selects it
                     (with --verdict statistics: a usage error)
  --redis URL        test on the workers of a BullMQ queue in Redis (eiskit worker) instead of
                     here: the same results, bit for bit; needs bullmq and ioredis (docs/queue.md)
  --queue NAME       with --redis: the queue's name (default eiskit)
  --chunk-size N     with --redis: spectra per job, 1 to 4096 (default 256)
  -o, --output FILE  write the table (or JSON) to FILE instead of the terminal (never over an input)
  --json             machine-readable output

Examples:
  eiskit kk cell.DTA
  eiskit kk cell.DTA --fmin 0.1 --fmax 1e5
  eiskit kk *.mpt --method score --auto-extension --json -o kk.json`;

export async function kkCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parse(argv, {
    'fit-type': { type: 'string' }, representation: { type: 'string' }, method: { type: 'string' }, c: { type: 'string' },
    'max-m': { type: 'string' }, 'auto-extension': { type: 'boolean' }, 'no-capacitance': { type: 'boolean' }, threshold: { type: 'string' },
    verdict: { type: 'string' }, output: { type: 'string', short: 'o' }, ...WINDOW_OPTIONS, ...QUEUE_OPTIONS, 'chunk-size': { type: 'string' },
  });
  if (values.help) {
    ctx.stdout.write(`${KK_HELP}\n`);
    return 0;
  }
  const window = frequencyWindow(values);
  const target = queueBatchTarget(values);
  const spectra = await readAll(ctx, positionals);
  const fitType = choice(values, 'fit-type', ['complex', 'real', 'imag'] as const), representation = choice(values, 'representation', ['Z', 'Y'] as const);
  const method = choice(values, 'method', ['noise', 'mu', 'score'] as const), verdict = choice(values, 'verdict', ['statistics', 'threshold'] as const);
  if (verdict === 'statistics' && values.threshold !== undefined) {
    throw new UsageError(`--threshold ${String(values.threshold)} applies to the threshold verdict, but --verdict statistics was asked for: drop one of them`);
  }
  const opts: LinKKOptions = {
    ...window,
    ...(fitType ? { fitType } : {}),
    ...(representation ? { representation } : {}),
    ...(method ? { method: method as LinKKOptions['method'] } : {}),
    ...(values.c !== undefined ? { c: number(values, 'c')! } : {}),
    ...(values['max-m'] !== undefined ? { maxM: number(values, 'max-m')! } : {}),
    ...(values['auto-extension'] ? { extension: 'auto' as const } : {}),
    ...(values['no-capacitance'] ? { addCapacitance: false } : {}),
    ...(verdict ? { verdict } : {}),
    ...(values.threshold !== undefined ? { threshold: number(values, 'threshold')! } : {}),
  };
  const bar = progressBar('Lin-KK', ctx.stderr);
  const onProgress = (d: number, n: number) => bar.update(d, n);
  const results = await naming(spectra, async () => {
    if (!target) return linKKBatch(spectra, { ...opts, onProgress });
    const { submitLinKKBatch } = await import('../../queue/index.ts'); // loads bullmq only now
    return submitLinKKBatch(spectra, opts, submitOptions(target, onProgress));
  });
  bar.end();
  let text: string;
  if (values.json) {
    text = `${writeResultsJson('linkk', results.map((r, k) => ({ file: spectra[k]!.label, ...r })), 1)}\n`;
  } else {
    const out: string[] = [];
    if (results.length > 1) out.push(`Summary of ${results.length} spectra — ${countsText([], results)}`);
    const rows = [['spectrum', 'points', 'M', 'μ', 'max |Δ| (%)', 'at f (Hz)', 'noise (%)', 'verdict']];
    results.forEach((r, k) => {
      // the residuals are on the tested (cropped) grid
      const f = cropSpectrum(spectra[k]!, window).freq;
      rows.push([spectra[k]!.label, String(r.freqRange.points), String(r.M), r.mu.toFixed(4), (100 * r.maxResidual).toFixed(3), fmt(f[r.maxResidualIndex]), r.noiseEstimate.toFixed(3), kkWord(r)]);
    });
    out.push(table(rows), '');
    results.forEach((r, k) => {
      if (spectra[k]!.meta.sample) out.push(`${spectra[k]!.label}: sample "${spectra[k]!.meta.sample}"`);
      out.push(`${spectra[k]!.label}: ${kkWord(r)} — ${kkMethodText(r)}`);
      for (const why of r.reasons) out.push(`  - ${why}`);
      for (const w of r.warnings) out.push(`  warning: ${w}`);
      for (const n of spectra[k]!.meta.notes ?? []) out.push(`  note (reading the file): ${n}`);
    });
    text = `${out.join('\n')}\n`;
  }
  await emit(ctx, str(values, 'output'), text, positionals);
  return results.every((r) => r.pass) ? 0 : 1;
}
