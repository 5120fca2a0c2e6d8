/** `eiskit fit FILE… --circuit C`: a fit per spectrum (one batch, progress on a terminal). */
import { fitBatch } from '../../fit/batch.ts';
import { parseCircuit } from '../../circuit/circuit.ts';
import type { Weighting } from '../../fit/problem.ts';
import { initial, parse, str } from '../args.ts';
import { readAll, UsageError, type CliContext } from '../context.ts';
import { fmt, progressBar, table } from '../output.ts';
import { writeResultsJson } from '../../io/results-json.ts';

export const FIT_HELP = `eiskit fit FILE… --circuit C [options]

Fits an equivalent circuit to every spectrum of the files (weighted complex nonlinear least
squares, Levenberg–Marquardt in WASM). Without --initial the start values are estimated from
each spectrum.

Options:
  --circuit C        circuit, impedance.py syntax (R0-p(R1,CPE1)-CPE2) or CDC with --cdc
  --cdc              the circuit is in Boukamp's CDC syntax (R(RQ)Q)
  --initial VALUES   start values: R0=10,R1=1e3,… or JSON ({"R0":10} or [10,1e3,…])
  --weighting W      modulus (default), proportional or unit
  --warm-start       seed each fit with the previous one (time or temperature series)
  --json             machine-readable output

Example:
  eiskit fit pellet.mpt --circuit "R0-p(R1,CPE1)-CPE2"
  eiskit fit run*.DTA --circuit "R0-p(R1,CPE1)-CPE2" --warm-start --json > fits.json`;

export async function fitCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parse(argv, { circuit: { type: 'string' }, cdc: { type: 'boolean' }, initial: { type: 'string' }, weighting: { type: 'string' }, 'warm-start': { type: 'boolean' } });
  if (values.help) {
    ctx.stdout.write(`${FIT_HELP}\n`);
    return 0;
  }
  const circuitText = str(values, 'circuit');
  if (!circuitText) throw new UsageError('fit needs --circuit, e.g. --circuit "R0-p(R1,CPE1)-CPE2"');
  const circuit = parseCircuit(circuitText, { syntax: values.cdc ? 'cdc' : 'impedancepy' });
  const weighting = (str(values, 'weighting') ?? 'modulus') as Weighting;
  const spectra = await readAll(ctx, positionals);
  const bar = progressBar('fitting', ctx.stderr);
  const init = initial(values);
  const results = await fitBatch(circuit, spectra, {
    weighting, warmStart: values['warm-start'] === true, ...(init !== undefined ? { initial: init } : {}),
    onProgress: (d, n) => bar.update(d, n),
  });
  bar.end();
  if (values.json) {
    ctx.stdout.write(`${writeResultsJson('fit', results.map((r, k) => ({ file: spectra[k]!.label, meta: spectra[k]!.meta, ...r })), 1)}\n`);
  } else {
    const names = circuit.paramNames;
    const rows = [['spectrum', ...names.flatMap((n) => [n, '±']), 'χ²', 'status']];
    results.forEach((r, k) => rows.push([spectra[k]!.label, ...names.flatMap((_, i) => [fmt(r.params[i]), fmt(r.stderr[i])]), fmt(r.chi2), r.success ? 'ok' : `FAILED: ${r.message}`]));
    ctx.stdout.write(`circuit ${circuit.toString()}, weighting ${weighting}\n${table(rows)}\n`);
    for (const [k, r] of results.entries()) for (const w of r.warnings) ctx.stdout.write(`warning (${spectra[k]!.label}): ${w}\n`);
  }
  return results.every((r) => r.success) ? 0 : 1;
}
