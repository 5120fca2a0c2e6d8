/** Runs the `eiskit` command line in-process on the real file system (Node-only test helper). */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { expect } from 'vitest';
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

/**
 * Runs each `[argv, message]` and expects a usage error: exit code 2, stderr matching `message`,
 * and no `secret` (a password in a URL) echoed.
 */
export async function expectUsageErrors(cases: [string[], RegExp][], overrides: Partial<CliContext> = {}, secret = 'secret'): Promise<void> {
  for (const [argv, message] of cases) {
    const r = await runCli(argv, overrides);
    expect(r.code, argv.join(' ')).toBe(2);
    expect(r.err, argv.join(' ')).toMatch(message);
    expect(r.err, argv.join(' ')).not.toContain(secret);
  }
}
