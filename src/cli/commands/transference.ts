/** `eiskit transference`: Bruce–Vincent Li⁺ transference number from EIS before/after and a chronoamperogram. */
import { fit } from '../../fit/fit.ts';
import { parseCircuit } from '../../circuit/circuit.ts';
import { largestCapacitanceArc } from '../../analysis/arcs.ts';
import { chronoamperometry, transferenceNumber } from '../../analysis/transference.ts';
import { choice, frequencyWindow, number, parse, str, WINDOW_OPTIONS } from '../args.ts';
import { emit } from '../output-file.ts';
import { readFileSpectra, reading, UsageError, type CliContext } from '../context.ts';
import { EisError } from '../../errors.ts';
import { pick, readColumns } from '../columns.ts';
import { fmt } from '../output.ts';
import { writeResultsJson } from '../../io/results-json.ts';

export const TRANSFERENCE_HELP = `eiskit transference --ca FILE --delta-v V [--before FILE --after FILE] [options]

Li⁺ transference number of a symmetric Li|electrolyte|Li cell (Bruce–Vincent):
t⁺ = I_ss(ΔV − I₀R₀) / (I₀(ΔV − I_ss·R_ss)), with I₀ and I_ss from the chronoamperogram and the
interfacial resistances R₀, R_ss fitted to the EIS before and after polarisation (the arc with
the larger capacitance). Without --before/--after: the Evans ratio I_ss/I₀.

Options:
  --ca FILE          chronoamperogram: columns time (s) and current (A)
  --delta-v V        applied polarisation (V)
  --before FILE      EIS before polarisation
  --after FILE       EIS at steady state
  --circuit C        default R0-p(R1,CPE1)-p(R2,CPE2)
  --fmin HZ          fit the EIS only at frequencies ≥ HZ (inclusive)
  --fmax HZ          fit the EIS only at frequencies ≤ HZ (inclusive)
  -o, --output FILE  write the result (or JSON) to FILE instead of the terminal (never over an input)
  --i0 METHOD        first (default) or extrapolate (line in √t through the early points)
  --json             machine-readable output

Examples:
  eiskit transference --ca polarisation.csv --delta-v 0.01 --before eis0.mpt --after eis1.mpt
  eiskit transference --ca polarisation.csv --delta-v 0.01 --before eis0.mpt --after eis1.mpt --fmax 1e5`;

export async function transferenceCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parse(argv, { ca: { type: 'string' }, 'delta-v': { type: 'string' }, before: { type: 'string' }, after: { type: 'string' }, circuit: { type: 'string' }, i0: { type: 'string' }, output: { type: 'string', short: 'o' }, ...WINDOW_OPTIONS });
  if (values.help) {
    ctx.stdout.write(`${TRANSFERENCE_HELP}\n`);
    return 0;
  }
  const window = frequencyWindow(values);
  const caFile = str(values, 'ca'), deltaV = number(values, 'delta-v');
  if (!caFile || deltaV === undefined) throw new UsageError('transference needs --ca FILE and --delta-v V');
  const before = str(values, 'before'), after = str(values, 'after');
  if ((before === undefined) !== (after === undefined)) throw new UsageError('give both --before and --after (or neither, for the Evans ratio)');
  if (before === undefined && (window.fmin !== undefined || window.fmax !== undefined)) throw new UsageError('--fmin/--fmax crop the EIS of --before and --after; without them there is nothing to crop');
  const cols = await reading(caFile, async () => readColumns(await ctx.readText(caFile), caFile));
  const i0Method = choice(values, 'i0', ['first', 'extrapolate'] as const) ?? 'first';
  const ca = chronoamperometry({ time: pick(cols, /^t(ime)?\b/i, 0, 'time', caFile, 's'), current: pick(cols, /^(i|current)\b/i, 1, 'current', caFile, 'A') }, { i0Method });
  let r0: { value: number; stderr: number } | undefined, rss: typeof r0;
  const warnings: string[] = [...ca.warnings];
  if (before && after) {
    const circuit = parseCircuit(str(values, 'circuit') ?? 'R0-p(R1,CPE1)-p(R2,CPE2)');
    const interfacial = async (file: string) => {
      const sweeps = await readFileSpectra(ctx, file);
      // the last sweep: the state just before (or at the end of) the polarisation
      if (sweeps.length > 1) warnings.push(`${file} holds ${sweeps.length} sweeps: the last one is used.`);
      const f = fit(circuit, sweeps[sweeps.length - 1]!, window);
      if (f.quality.verdict !== 'good') warnings.push(`the fit of ${file} is ${f.quality.verdict}: ${f.quality.reasons.join('; ')}`);
      if (!f.success) throw new EisError('E_ARG_RANGE', `the fit of ${file} to ${circuit.toString()} did not converge (${f.message}), so its interfacial resistance is unknown.`, { argument: 'file', file });
      const arc = largestCapacitanceArc(circuit, f.params);
      if (!arc) throw new UsageError(`the circuit ${circuit.toString()} has no R‖C or R‖CPE arc for the interface`);
      const p = f.byName[arc.r]!;
      if (!Number.isFinite(p.stderr)) warnings.push(`the standard error of ${arc.r} in ${file} could not be estimated: t⁺ carries no uncertainty from it.`);
      return { value: p.value, stderr: Number.isFinite(p.stderr) ? p.stderr : 0 };
    };
    r0 = await interfacial(before);
    rss = await interfacial(after);
  }
  const t = transferenceNumber({ deltaV, i0: ca.i0, iss: ca.iss, issStderr: ca.issStderr, i0Stderr: ca.i0Stderr, ...(r0 && rss ? { r0: r0.value, rss: rss.value, r0Stderr: r0.stderr, rssStderr: rss.stderr } : {}) });
  const inputs = [caFile, ...(before && after ? [before, after] : [])];
  if (values.json) {
    await emit(ctx, str(values, 'output'), `${writeResultsJson('transference', [{ ...t, deltaV, i0: ca.i0, i0Method: ca.i0Method, i0Detail: ca.i0Detail, iss: ca.iss, plateau: ca.plateau, r0, rss, warnings: [...warnings, ...t.warnings] }], 1)}\n`, inputs);
    return 0;
  }
  const text = `t⁺ = ${t.tPlus.toFixed(4)} ± ${t.stderr.toPrecision(2)} (${t.method}: ${t.formula})\n` +
    `  ΔV = ${deltaV} V, I₀ = ${fmt(ca.i0)} A (${ca.i0Detail}), I_ss = ${fmt(ca.iss)} A (${ca.plateau.method})\n` +
    (r0 && rss ? `  R₀ = ${fmt(r0.value)} ± ${fmt(r0.stderr)} Ω, R_ss = ${fmt(rss.value)} ± ${fmt(rss.stderr)} Ω\n` : '') +
    [...warnings, ...t.warnings].map((w) => `warning: ${w}\n`).join('');
  await emit(ctx, str(values, 'output'), text, inputs);
  return 0;
}
