/** Runs the `eiskit` command line in-process on the real file system (Node-only test helper). */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { main } from '../src/cli/main.ts';
import type { CliContext } from '../src/cli/context.ts';
import { readSpectraFile } from '../src/io/index.ts';

/** The context bin.ts wires up, with the streams captured; `overrides` replace parts of it (e.g. a failing writeText). */
export async function runCli(argv: string[], overrides: Partial<CliContext> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) },
    readSpectra: (p) => readSpectraFile(p), readText: (p) => readFile(p, 'utf8'), writeText: (p, t) => writeFile(p, t),
    fileId: (p) => stat(p).then((s) => `${s.dev}:${s.ino}`, () => null),
    ...overrides,
  });
  return { code, out, err };
}
