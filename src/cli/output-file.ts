/**
 * Writing an output file (-o/--output) safely: never over one of the command's input files
 * (compared by file identity, so `./x` and `x`, symlinks and hard links are all caught), and a
 * write that fails (no such directory, permission denied, a directory in the way) is reported
 * as a write error naming the path.
 */
import { OutputError, type CliContext } from './context.ts';

/** Writes `text` to `path` unless that is one of `inputs`; OutputError (exit 1) otherwise or when the write fails. */
export async function writeOutput(ctx: CliContext, path: string, text: string, inputs: readonly string[]): Promise<void> {
  const target = await ctx.fileId(path);
  if (target !== null) {
    for (const input of inputs) {
      if ((await ctx.fileId(input)) === target) {
        throw new OutputError(`refusing to write ${path}: it is the input file ${input}${input === path ? '' : ' (the same file)'}; choose another output name`);
      }
    }
  }
  try {
    await ctx.writeText(path, text);
  } catch (e) {
    const sys = e as { code?: unknown };
    const why = sys?.code === 'ENOENT' ? 'the directory does not exist'
      : sys?.code === 'EACCES' || sys?.code === 'EPERM' ? 'permission denied'
        : sys?.code === 'EISDIR' ? 'it is a directory'
          : sys?.code === 'ENOSPC' ? 'no space left on the device'
            : String((e as Error)?.message ?? e);
    throw new OutputError(`cannot write ${path}: ${why}${typeof sys?.code === 'string' ? ` (${sys.code})` : ''}`);
  }
}

/** The output: to the file of -o/--output (safely), else to stdout. */
export async function emit(ctx: CliContext, output: string | undefined, text: string, inputs: readonly string[]): Promise<void> {
  if (output === undefined) ctx.stdout.write(text);
  else await writeOutput(ctx, output, text, inputs);
}
