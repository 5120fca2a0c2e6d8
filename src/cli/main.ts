/**
 * The `eiskit` command line: `fit`, `kk`, `zhit`, `drt`, `series`, `transference`, `report`, `convert`, `worker`. Human-readable
 * tables by default, `--json` for machines; exit codes 0 success, 1 an analysis failed (a fit
 * did not converge, a KK or Z-HIT test failed) or the input was invalid or unreadable, 2 a usage error.
 */
import { EisError } from '../errors.ts';
import { version } from '../../package.json';
import { init } from '../backend/select.ts';
import { isSystemError, OutputError, UsageError, type CliContext } from './context.ts';
import { safeStream } from './sanitize.ts';
import { readableFormats } from '../io/index.ts';
import { fitCommand, FIT_HELP } from './commands/fit.ts';
import { kkCommand, KK_HELP } from './commands/kk.ts';
import { zhitCommand, ZHIT_HELP } from './commands/zhit.ts';
import { drtCommand, DRT_HELP } from './commands/drt.ts';
import { seriesCommand, SERIES_HELP } from './commands/series.ts';
import { transferenceCommand, TRANSFERENCE_HELP } from './commands/transference.ts';
import { reportCommand, REPORT_HELP } from './commands/report.ts';
import { convertCommand, CONVERT_HELP } from './commands/convert.ts';
import { workerCommand, WORKER_HELP } from './commands/worker.ts';

const COMMANDS: Record<string, { run: (argv: string[], ctx: CliContext) => Promise<number>; help: string }> = {
  fit: { run: fitCommand, help: FIT_HELP },
  kk: { run: kkCommand, help: KK_HELP },
  zhit: { run: zhitCommand, help: ZHIT_HELP },
  drt: { run: drtCommand, help: DRT_HELP },
  series: { run: seriesCommand, help: SERIES_HELP },
  transference: { run: transferenceCommand, help: TRANSFERENCE_HELP },
  report: { run: reportCommand, help: REPORT_HELP },
  convert: { run: convertCommand, help: CONVERT_HELP },
  worker: { run: workerCommand, help: WORKER_HELP },
};

/** Text broken at spaces into lines of at most `width` characters. */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) { lines.push(line); line = word; } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line].join('\n');
}

export const HELP = `eiskit — impedance spectroscopy of solid electrolytes

Usage: eiskit <command> [options]   (eiskit <command> --help for its options)

Commands:
  fit FILE… --circuit C          equivalent-circuit fit of every spectrum
  kk FILE…                       Lin-KK validation (linear Kramers–Kronig test)
  zhit FILE…                     Z-HIT validation (|Z| rebuilt from the phase)
  drt FILE… [--lambda auto|V]    distribution of relaxation times: peaks with τ, R, C
  series FILE… --thickness --area [--temperatures]
                                 σ(T) and the activation energy of a temperature series
  transference --ca F --delta-v V [--before F --after F]
                                 Li⁺ transference number (Bruce–Vincent)
  report FILE… -o report.html    a self-contained HTML report with plots
  convert FILE… --to Y|C|eps|M|sigma [--jonscher]
                                 the spectra as admittance, capacitance, permittivity,
                                 modulus or conductivity (CSV or JSON); Jonscher fit of σ′
  worker --redis URL             fits queued batches (fit … --redis URL) until Ctrl-C

Every command: --fmin/--fmax HZ (analyse only that frequency window, inclusive), -o FILE
(never over an input file), --help, and (except report and worker) --json. Fits come with a quality verdict (good, suspect,
BAD) and its reasons; Lin-KK says how it tested and why a spectrum passed or failed.

Files (the layout is detected from the content): ${wrap(readableFormats().map((f) => f.label).join(', '), 100)}.

Examples:
  eiskit fit pellet.mpt --circuit "R0-p(R1,CPE1)-CPE2"
  eiskit fit pellet.mpt --circuit "R0-p(R1,CPE1)-CPE2" --fmin 1 --fixed CPE2.alpha=0.85
  eiskit kk *.DTA --json
  eiskit zhit *.DTA --fmin 0.1
  eiskit drt pellet.mpt --fmin 1
  eiskit series p25.mpt p45.mpt p65.mpt --temperatures 25,45,65 --thickness 0.1 --area 0.196
  eiskit report *.mpt --circuit "R0-p(R1,CPE1)-CPE2" -o report.html
  eiskit convert pellet.mpt --to sigma --thickness 0.1 --area 0.196 --jonscher -o sigma.csv`;

/** Runs the command line `argv` (without node and the script); returns the exit code. */
export async function main(argv: string[], context: CliContext): Promise<number> {
  // one sanitiser for everything printed: file contents never reach the terminal as control characters
  const ctx: CliContext = { ...context, stdout: safeStream(context.stdout), stderr: safeStream(context.stderr) };
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    ctx.stdout.write(`${HELP}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version') {
    ctx.stdout.write(`eiskit ${version}\n`);
    return 0;
  }
  const cmd = COMMANDS[command];
  if (!cmd) {
    ctx.stderr.write(`eiskit: unknown command "${command}"\n\n${HELP}\n`);
    return 2;
  }
  try {
    await init();
    return await cmd.run(rest, ctx);
  } catch (e) {
    if (e instanceof UsageError) {
      ctx.stderr.write(`eiskit ${command}: ${e.message}\n(see eiskit ${command} --help)\n`);
      return 2;
    }
    if (e instanceof OutputError) {
      ctx.stderr.write(`eiskit ${command}: ${e.message}\n`);
      return 1;
    }
    if (e instanceof EisError) {
      // E_INTERNAL is eiskit's fault, not the input's: say so and ask for a report
      const bug = e.code === 'E_INTERNAL' ? ' — this is a bug in eiskit: please report it (with the file if you can share it)' : '';
      ctx.stderr.write(`eiskit ${command}: ${e.message}${bug} [${e.code}]\n`);
      return 1;
    }
    if (isSystemError(e)) {
      // a file-system error (ENOENT, EACCES, EISDIR…): say which file, no stack trace
      ctx.stderr.write(`eiskit ${command}: cannot read ${typeof e.path === 'string' ? e.path : 'a file'}: ${String(e.message)}\n`);
      return 1;
    }
    throw e;
  }
}
