/**
 * `eiskit drt FILE…`: the distribution of relaxation times of every spectrum — the λ used and how
 * it was chosen, R∞, L, R_pol, and a table of peaks (τ, f, R, C = τ/R, share of R_pol, and what
 * that capacitance suggests by the ranges of Irvine, Sinclair & West that effectiveCapacitance()
 * uses for arcs), plus the result's warnings.
 */
import { drtBatch } from '../../drt/drt.ts';
import type { DrtOptions, DrtResult } from '../../drt/types.ts';
import { lambdaMethodName } from '../../types/drt-tables.ts';
import { effectiveCapacitance } from '../../analysis/conductivity.ts';
import type { Geometry } from '../../analysis/series.ts';
import { choice, frequencyWindow, parse, str, WINDOW_OPTIONS, type Values } from '../args.ts';
import { naming, readAll, UsageError, type CliContext } from '../context.ts';
import { pelletGeometry } from '../geometry.ts';
import { fmt, progressBar, table } from '../output.ts';
import { emit } from '../output-file.ts';
import { writeResultsJson } from '../../io/results-json.ts';
import { parseNumber } from '../../io/text.ts';
import { QUEUE_OPTIONS, queueBatchTarget, submitOptions } from '../queue-args.ts';

export const DRT_HELP = `eiskit drt FILE… [options]

Distribution of relaxation times (DRT) of every spectrum: γ(ln τ) by Tikhonov-regularised
Gaussian RBFs with γ ≥ 0 (no circuit is chosen first), so that bulk, grain-boundary and
electrode processes show as separate peaks. For every spectrum the output gives the λ used and
how it was chosen, R∞, L, the polarisation resistance R_pol over the measured τ window, a
table of peaks (τ, f = 1/(2πτ), R = the peak's area, C = τ/R, its share of R_pol, and what that
capacitance suggests: ~pF bulk, ~nF grain boundary, ~µF electrode interface; for a peak at an end
of the measured window: "window end", its τ and R are not determined by the data) and the
warnings — among them a blocking electrode's low-frequency tail, with the --fmin to crop it at.

Options:
  --lambda auto|V        the regularisation λ: auto (default: scanned over 1e-7…1) or a number > 0
  --lambda-method M      the score of the scan: mgcv (default), gcv, rgcv, re-im or lcurve
  --method M             tr-rbf (default) or tr-nnls (Kulikovsky 2021: its own λ rule, γ on τ = 1/ω;
                         not with --lambda-method, --no-inductance or --credible)
  --no-inductance        no series-inductance column
  --credible             a credible band for γ (approximate, Gaussian)
  --fmin HZ              use only frequencies ≥ HZ (inclusive); e.g. to crop a blocking-electrode spike
  --fmax HZ              use only frequencies ≤ HZ (inclusive); e.g. to crop an inductive tail
  --thickness CM         pellet thickness and electrode area (--area CM2 or --diameter CM; else
  --area CM2             what every file states): the capacitance hint then uses C·L/A (a cell
  --diameter CM          constant of 1 cm⁻¹), the scale of the typical values; without, C itself
  --redis URL            compute on the workers of a BullMQ queue in Redis (eiskit worker) instead
                         of here: the same results, bit for bit; needs bullmq and ioredis (docs/queue.md)
  --queue NAME           with --redis: the queue's name (default eiskit)
  --chunk-size N         with --redis: spectra per job, 1 to 4096 (default 256)
  -o, --output FILE      write the table (or JSON) to FILE instead of the terminal (never over an input)
  --json                 the drt() results as JSON

Examples:
  eiskit drt pellet.mpt
  eiskit drt pellet.mpt --fmin 1 --lambda 1e-4
  eiskit drt p25.mpt p45.mpt p65.mpt --thickness 0.1 --diameter 0.5
  eiskit drt *.DTA --lambda-method re-im --json -o drt.json`;

/** A number to three significant digits, shortest form: 1e-7, 6.31e-6, 0.0316, 1, 2.5e+5. */
function short(x: number): string {
  const v = Number(x.toPrecision(3)), a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential() : String(v);
}


/** --lambda: 'auto' or a decimal number > 0. */
function lambdaOption(values: Values): number | 'auto' | undefined {
  const v = str(values, 'lambda');
  if (v === undefined || v === 'auto') return v;
  const x = parseNumber(v);
  if (x === undefined || !(x > 0)) throw new UsageError(`--lambda must be auto or a number > 0; got "${v}"`);
  return x;
}

/** How λ was chosen, in words. */
export function lambdaText(r: DrtResult): string {
  const c = r.lambdaCurve;
  if (!c) return `λ = ${short(r.lambda)} (given)`;
  if (c.method === 'norm-corner') return `λ = ${short(r.lambda)} (chosen from ${c.lambda.length} values ${short(c.lambda[0]!)}…${short(c.lambda[c.lambda.length - 1]!)} at the corner of ‖g‖ against λ: where lines fitted to its first and last 5 points meet, TR-NNLS as Kulikovsky 2021)`;
  const rule = c.method === 'lcurve' ? 'the largest curvature' : c.rule === 'plateau' ? `the plateau rule: the largest λ whose score is within δ = ${c.delta} of the minimum` : 'the smallest score';
  return `λ = ${short(r.lambda)} (chosen from ${c.lambda.length} values ${short(c.lambda[0]!)}…${short(c.lambda[c.lambda.length - 1]!)} by the ${lambdaMethodName(c.method)} score, ${rule})`;
}

/** What a capacitance (F, or F/cm per unit cell constant with a geometry) suggests, by effectiveCapacitance()'s ranges. */
export function capacitanceHint(capacitance: number, resistance: number, geometry: Geometry | undefined): string {
  if (!(capacitance > 0 && Number.isFinite(capacitance) && resistance > 0 && Number.isFinite(resistance))) return '—';
  // an ideal C (α = 1): effectiveCapacitance returns C itself and its kind
  const kind = effectiveCapacitance({ resistance, q: capacitance, alpha: 1, ...(geometry ? { thicknessCm: geometry.thicknessCm, areaCm2: geometry.areaCm2 } : {}) }).kind;
  switch (kind) {
    case 'bulk': return 'bulk (~pF)';
    case 'grain boundary': return 'grain boundary (~nF)';
    case 'surface layer': return 'surface layer';
    case 'electrode interface': return 'electrode interface (~µF)';
    case 'electrochemical reaction': return 'electrochemical reaction';
    default: return 'unclear (> 1 mF)';
  }
}

/** The peak table of one result. */
function peakTable(r: DrtResult, geometry: Geometry | undefined): string {
  const rows = [['#', 'τ (s)', 'f (Hz)', 'γ max (Ω)', 'R (Ω)', `C = τ/R (F)`, 'share (%)', `suggests${geometry ? ' (C·L/A)' : ''}`]];
  r.peaks.forEach((p, k) => {
    rows.push([String(k + 1), fmt(p.tau), fmt(p.frequency), fmt(p.gamma), fmt(p.resistance), fmt(p.capacitance), Number.isFinite(p.fraction) ? (100 * p.fraction).toFixed(1) : '—', p.edge ? 'window end: τ, R not determined' : capacitanceHint(p.capacitance, p.resistance, geometry)]);
  });
  return table(rows).split('\n').map((l) => `  ${l}`).join('\n');
}

export async function drtCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parse(argv, {
    lambda: { type: 'string' }, 'lambda-method': { type: 'string' }, method: { type: 'string' },
    'no-inductance': { type: 'boolean' }, credible: { type: 'boolean' },
    thickness: { type: 'string' }, area: { type: 'string' }, diameter: { type: 'string' },
    output: { type: 'string', short: 'o' }, ...WINDOW_OPTIONS, ...QUEUE_OPTIONS, 'chunk-size': { type: 'string' },
  });
  if (values.help) {
    ctx.stdout.write(`${DRT_HELP}\n`);
    return 0;
  }
  const window = frequencyWindow(values);
  const lambda = lambdaOption(values);
  const lambdaMethod = choice(values, 'lambda-method', ['mgcv', 'gcv', 'rgcv', 're-im', 'lcurve'] as const);
  const method = choice(values, 'method', ['tr-rbf', 'tr-nnls'] as const);
  if (lambda !== undefined && lambda !== 'auto' && lambdaMethod !== undefined) {
    throw new UsageError(`--lambda-method ${lambdaMethod} chooses λ by a scan, but --lambda ${lambda} fixes it: drop one of them`);
  }
  if (method === 'tr-nnls') {
    // drt() refuses these with tr-nnls too; here they are usage errors (exit 2) naming the flag
    const rbfOnly: [string, boolean, string][] = [
      ['--lambda-method', lambdaMethod !== undefined, 'tr-nnls chooses λ by its own rule (the corner of ‖g‖ against λ, Kulikovsky 2021)'],
      ['--no-inductance', values['no-inductance'] === true, 'tr-nnls has no inductance column'],
      ['--credible', values.credible === true, 'tr-nnls has no posterior to sample'],
    ];
    for (const [flag, given, why] of rbfOnly) {
      if (given) throw new UsageError(`${flag} is an option of --method tr-rbf; ${why}`);
    }
  }
  const target = queueBatchTarget(values);
  const spectra = await readAll(ctx, positionals);
  // the geometry of the flags, else the one every file states (else none: the hints use C itself)
  const flagged = values.thickness !== undefined || values.area !== undefined || values.diameter !== undefined;
  let pellet: ReturnType<typeof pelletGeometry>;
  try {
    pellet = pelletGeometry(values, spectra, true);
  } catch (e) {
    if (flagged || !(e instanceof UsageError)) throw e;
  }
  const geometry = pellet?.geometry;
  const opts: DrtOptions = {
    ...window,
    ...(lambda !== undefined ? { lambda } : {}),
    ...(lambdaMethod ? { lambdaMethod } : {}),
    ...(method ? { method } : {}),
    ...(values['no-inductance'] ? { inductance: false } : {}),
    ...(values.credible ? { credible: true } : {}),
  };
  const bar = progressBar('DRT', ctx.stderr);
  const onProgress = (d: number, n: number) => bar.update(d, n);
  const results = await naming(spectra, async () => {
    if (!target) return drtBatch(spectra, { ...opts, onProgress });
    const { submitDrtBatch } = await import('../../queue/index.ts'); // loads bullmq only now
    return submitDrtBatch(spectra, opts, submitOptions(target, onProgress));
  });
  bar.end();
  let text: string;
  if (values.json) {
    text = `${writeResultsJson('drt', results.map((r, k) => ({ file: spectra[k]!.label, ...r })), 1)}\n`;
  } else {
    const out: string[] = [];
    if (results.length > 1) out.push(`Summary of ${results.length} spectra`);
    const rows = [['spectrum', 'points', 'λ', 'R∞ (Ω)', 'L (H)', 'R_pol (Ω)', 'peaks', 'warnings']];
    results.forEach((r, k) => {
      rows.push([spectra[k]!.label, String(r.freq.length), short(r.lambda), fmt(r.rInf), fmt(r.inductance), fmt(r.polarizationResistance), String(r.peaks.length), String(r.warnings.length)]);
    });
    out.push(table(rows), '');
    results.forEach((r, k) => {
      const s = spectra[k]!;
      if (s.meta.sample) out.push(`${s.label}: sample "${s.meta.sample}"`);
      out.push(`${s.label}: ${r.method}, ${lambdaText(r)}`);
      const n = r.freq.length;
      // the window in the method's own collocation rule: τ = 1/f (tr-rbf) or τ = 1/ω (tr-nnls)
      const per = r.collocation === '1/ω' ? 2 * Math.PI : 1;
      const tauLo = 1 / (per * r.freq[0]!), tauHi = 1 / (per * r.freq[n - 1]!);
      out.push(`  R∞ = ${fmt(r.rInf)} Ω, L = ${fmt(r.inductance)} H, R_pol = ${fmt(r.polarizationResistance)} Ω (∫γ d ln τ over the measured τ = ${r.collocation} window ${short(tauLo)} – ${short(tauHi)} s, ${n} of ${s.freq.length} points)`);
      if (r.lower && r.upper) out.push(`  credible band: ${r.credible === 'hmc' ? '0.5 %–99.5 % quantiles of γ (HMC)' : '99 % (approximate, Gaussian)'} — in --json as lower/upper`);
      if (r.peaks.length === 0) out.push('  no peaks');
      else out.push(`  ${r.peaks.length} peak${r.peaks.length > 1 ? 's' : ''}, by prominence:`, peakTable(r, geometry));
      for (const w of r.warnings) out.push(`  warning: ${w}`);
      for (const note of s.meta.notes ?? []) out.push(`  note (reading the file): ${note}`);
    });
    if (results.some((r) => r.peaks.length > 0)) {
      out.push('', geometry
        ? `The capacitance hints use C·L/A (thickness ${geometry.thicknessCm} cm, area ${short(geometry.areaCm2)} cm² from ${pellet!.areaSource}) against the typical values at a cell constant of 1 cm⁻¹ (Irvine, Sinclair & West 1990).`
        : 'The capacitance hints compare C itself with the typical values at a cell constant of 1 cm⁻¹ (Irvine, Sinclair & West 1990); give --thickness and --area (or --diameter) to scale C by L/A.');
    }
    text = `${out.join('\n')}\n`;
  }
  await emit(ctx, str(values, 'output'), text, positionals);
  return 0;
}
