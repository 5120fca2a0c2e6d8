/** `eiskit fit FILE… --circuit C`: a fit per spectrum (one batch, progress on a terminal), each with its quality verdict and Lin-KK check. */
import { fitBatch } from '../../fit/batch.ts';
import { parseCircuit } from '../../circuit/circuit.ts';
import type { FitBatchOptions } from '../../fit/batch.ts';
import type { FitRepresentation, Weighting } from '../../fit/problem.ts';
import { choice, frequencyWindow, initial, integer, paramBounds, paramValues, parse, str, WINDOW_OPTIONS } from '../args.ts';
import { naming, readAll, UsageError, type CliContext } from '../context.ts';
import { fmt, progressBar, table } from '../output.ts';
import { emit } from '../output-file.ts';
import { kkForAll } from '../kk-all.ts';
import { writeResultsJson } from '../../io/results-json.ts';
import { countsText, kkMethodText, kkWord, qualityWord, rangeText, summaryRows } from '../../report/summary.ts';
import { windowText } from '../../crop.ts';
import type { FitOptions } from '../../fit/fit.ts';
import { QUEUE_OPTIONS, queueBatchTarget, submitOptions } from '../queue-args.ts';

export const FIT_HELP = `eiskit fit FILE… --circuit C [options]

Fits an equivalent circuit to every spectrum of the files (weighted complex nonlinear least
squares, Levenberg–Marquardt in WASM). Without --initial the start values are estimated from
each spectrum. Every fit gets a quality verdict with its reasons: good, suspect (look at it) or
BAD (a parameter undetermined or at a bound, an arc collapsed, no convergence), and a Lin-KK
check of its spectrum. Files with several sweeps open with a summary, one row per sweep.
Exit code 1 when a fit does not converge.

Options:
  --circuit C        circuit, impedance.py syntax (R0-p(R1,CPE1)-CPE2) or CDC with --cdc
  --cdc              the circuit is in Boukamp's CDC syntax (R(RQ)Q)
  --initial VALUES   start values: NAME=V,… (R0=10,R1=1e3) or JSON ({"R0":10} or [10,1e3,…]);
                     parameters left out are estimated
  --fixed VALUES     parameters held at a value: NAME=V,… (CPE2.alpha=0.8)
  --bounds BOUNDS    NAME=LO:HI,… with inf or -inf for an open side (R1=0:1e7,CPE1.alpha=0.5:1)
  --starts N         multi-start: the start values and N − 1 seeded perturbations, best χ² kept
  --fmin HZ          fit only frequencies ≥ HZ (inclusive)
  --fmax HZ          fit only frequencies ≤ HZ (inclusive)
  --weighting W      modulus (default), proportional or unit
  --representation X fit the residuals in Z (default), Y = 1/Z or M = jωC0·Z (here C0 = 1:
                     the parameters do not depend on it); weights from X, χ² in X
  --warm-start       seed each fit with the previous one (time or temperature series)
  --no-kk            skip the Lin-KK check
  --redis URL        fit on the workers of a BullMQ queue in Redis (eiskit worker) instead of
                     here: the same results, bit for bit; needs bullmq and ioredis (docs/queue.md)
  --queue NAME       with --redis: the queue's name (default eiskit)
  --chunk-size N     with --redis: spectra per job, 1 to 4096 (default 256)
  -o, --output FILE  write the table (or JSON) to FILE instead of the terminal (never over an input)
  --json             machine-readable output

Parameter names are the circuit's (R0, R1, CPE1.Q, CPE1.alpha, …; impedance.py's CPE1_0 works too).

Examples:
  eiskit fit pellet.mpt --circuit "R0-p(R1,CPE1)-CPE2"
  eiskit fit pellet.mpt --circuit "R0-p(R1,CPE1)-CPE2" --fmin 1 --fmax 1e6 --fixed CPE2.alpha=0.8 --starts 8
  eiskit fit pellet.mpt --circuit "R0-p(R1,CPE1)" --initial R1=2e3 --bounds R1=1e3:1e4,R0=0:inf
  eiskit fit run*.DTA --circuit "R0-p(R1,CPE1)-CPE2" --warm-start --json -o fits.json`;

export async function fitCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parse(argv, {
    circuit: { type: 'string' }, cdc: { type: 'boolean' }, initial: { type: 'string' }, fixed: { type: 'string' }, bounds: { type: 'string' },
    starts: { type: 'string' }, weighting: { type: 'string' }, representation: { type: 'string' }, 'warm-start': { type: 'boolean' }, 'no-kk': { type: 'boolean' },
    output: { type: 'string', short: 'o' }, ...WINDOW_OPTIONS, ...QUEUE_OPTIONS, 'chunk-size': { type: 'string' },
  });
  if (values.help) {
    ctx.stdout.write(`${FIT_HELP}\n`);
    return 0;
  }
  const circuitText = str(values, 'circuit');
  if (!circuitText) throw new UsageError('fit needs --circuit, e.g. --circuit "R0-p(R1,CPE1)-CPE2"');
  const circuit = parseCircuit(circuitText, { syntax: values.cdc ? 'cdc' : 'impedancepy' });
  const weighting: Weighting = choice(values, 'weighting', ['modulus', 'proportional', 'unit'] as const) ?? 'modulus';
  const representation: FitRepresentation = choice(values, 'representation', ['Z', 'Y', 'M'] as const) ?? 'Z';
  const window = frequencyWindow(values);
  const init = initial(values, circuit), fixed = paramValues(values, 'fixed', circuit), bounds = paramBounds(values, circuit);
  const starts = integer(values, 'starts', 1);
  if (starts !== undefined && starts > 1 && values['warm-start']) throw new UsageError('--starts and --warm-start exclude each other (a warm start seeds each fit with the previous solution); choose one');
  const target = queueBatchTarget(values);
  // the queue's jobs are fitted independently, on any worker: there is no previous fit to start from
  if (target && values['warm-start']) throw new UsageError('--warm-start cannot be used with --redis (each queued chunk is fitted on its own); leave one out');
  const spectra = await readAll(ctx, positionals);
  const options: FitOptions = {
    weighting, representation, ...window,
    ...(init !== undefined ? { initial: init } : {}), ...(fixed !== undefined ? { fixed } : {}), ...(bounds !== undefined ? { bounds } : {}),
    ...(starts !== undefined ? { starts } : {}),
  };
  const bar = progressBar('fitting', ctx.stderr);
  const onProgress = (d: number, n: number) => bar.update(d, n);
  const results = await naming(spectra, async () => {
    if (!target) return fitBatch(circuit, spectra, { ...options, warmStart: values['warm-start'] === true, onProgress } satisfies FitBatchOptions);
    const { submitFitBatch } = await import('../../queue/index.ts'); // loads bullmq only now
    return submitFitBatch(circuit, spectra, options, submitOptions(target, onProgress));
  });
  bar.end();
  const kkBar = progressBar('Lin-KK', ctx.stderr);
  const kk = values['no-kk'] ? { results: spectra.map(() => null), notes: [] } : await kkForAll(spectra, window, (d, n) => kkBar.update(d, n));
  kkBar.end();
  const labels = spectra.map((s) => s.label);
  let text: string;
  if (values.json) {
    text = `${writeResultsJson('fit', results.map((r, k) => {
      const kr = kk.results[k];
      return { file: labels[k], meta: spectra[k]!.meta, ...r, linKK: kr ? { pass: kr.pass, verdict: kr.verdict, reasons: kr.reasons, method: kr.method, M: kr.M, freqRange: kr.freqRange } : null };
    }), 1)}\n`;
  } else {
    const out: string[] = [`circuit ${circuit.toString()}, weighting ${weighting}${representation === 'Z' ? '' : `, residuals in ${representation === 'Y' ? 'Y = 1/Z' : 'M = jωZ (C0 = 1)'} (χ² in ${representation})`}${window.fmin !== undefined || window.fmax !== undefined ? `, frequencies in ${windowText({ fmin: window.fmin ?? null, fmax: window.fmax ?? null })}` : ''}`];
    if (results.length > 1) {
      const s = summaryRows(labels, results, kk.results);
      out.push('', `Summary of ${results.length} spectra — ${countsText(results, kk.results)}`, table([s.columns, ...s.rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)))]), '', 'Parameters');
    }
    const names = circuit.paramNames;
    const rows = [['spectrum', ...names.flatMap((n) => [n, '±']), 'χ²', 'status', 'quality']];
    results.forEach((r, k) => rows.push([labels[k]!, ...names.flatMap((_, i) => [fmt(r.params[i]), fmt(r.stderr[i])]), fmt(r.chi2), r.success ? 'ok' : 'FAILED', qualityWord(r)]));
    out.push(table(rows), '');
    results.forEach((r, k) => {
      const kr = kk.results[k];
      if (spectra[k]!.meta.sample) out.push(`${spectra[k]!.label}: sample "${spectra[k]!.meta.sample}"`);
      out.push(`${labels[k]}: fit ${qualityWord(r)} (${rangeText(r.freqRange)}${r.success ? '' : `; ${r.message}`})`);
      for (const why of r.quality.reasons) out.push(`  - ${why}`);
      if (kr) {
        out.push(`  Lin-KK ${kkWord(kr)} (${kkMethodText(kr)})`);
        for (const why of kr.reasons) out.push(`  - ${why}`);
      }
      for (const w of r.warnings) out.push(`  warning: ${w}`);
      for (const n of spectra[k]!.meta.notes ?? []) out.push(`  note (reading the file): ${n}`);
    });
    for (const note of kk.notes) out.push(note); // one per spectrum: a loop, not push(...)
    text = `${out.join('\n')}\n`;
  }
  await emit(ctx, str(values, 'output'), text, positionals);
  return results.every((r) => r.success) ? 0 : 1;
}
