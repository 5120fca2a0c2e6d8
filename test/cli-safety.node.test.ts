/**
 * Safe outputs of the command line: -o never overwrites an input (same path, ./x vs x, a
 * symlink, a hard link) and leaves it byte-identical; write errors are one line naming the
 * path (exit 1, no stack trace); control characters from files (ESC sequences, C1, CR, bidi
 * overrides) never reach the terminal, while --json still carries the exact text; the HTML
 * report escapes everything that comes from files.
 */
import { describe, expect, it } from 'vitest';
import { link, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { readResultsJson, readSpectraFile, writeJson } from '../src/index.ts';
import { sanitize } from '../src/cli/sanitize.ts';
import { runCli } from './cli-run.ts';
import { spawn } from 'node:child_process';
import { build } from 'esbuild';

const SRC = 'examples/data/mof-licl_eis_25C.csv';
const C = 'R0-p(R1,CPE1)-CPE2';
/** Every character class that must not reach a terminal raw. */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

async function copyOfExample(dir: string, name = 'cell.csv'): Promise<string> {
  const p = join(dir, name);
  await writeFile(p, await readFile(SRC));
  return p;
}

describe('-o/--output never overwrites an input', () => {
  it('refuses the same path, ./x for x, a symlink and a hard link to an input; the input stays byte-identical', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eiskit-'));
    const input = await copyOfExample(dir);
    const before = await readFile(input);
    const rel = relative(process.cwd(), input);
    await symlink(input, join(dir, 'alias.html'));
    await link(input, join(dir, 'hard.html'));
    const outputs = [input, `./${rel}`, join(dir, '.', 'cell.csv'), join(dir, 'alias.html'), join(dir, 'hard.html')];
    for (const out of outputs) {
      for (const argv of [['report', input, '-o', out], ['fit', input, '--circuit', C, '--json', '--output', out], ['kk', rel, '-o', out]]) {
        const r = await runCli(argv);
        expect(r.code, `${argv.join(' ')}: ${r.err}`).toBe(1);
        expect(r.err).toMatch(new RegExp(`refusing to write ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: it is the input file`));
        expect(Buffer.compare(await readFile(input), before)).toBe(0);
      }
    }
    // the transference inputs too
    const ca = join(dir, 'ca.csv');
    await writeFile(ca, await readFile('examples/data/bruce-vincent_ca.csv'));
    const t = await runCli(['transference', '--ca', ca, '--delta-v', '0.01', '-o', ca]);
    expect(t.code).toBe(1);
    expect(t.err).toMatch(/refusing to write/);
  });

  it('writes a new file (nothing on stdout) and may replace an earlier output', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eiskit-'));
    const out = join(dir, 'fits.json');
    for (let k = 0; k < 2; k++) {
      const r = await runCli(['fit', SRC, '--circuit', C, '--json', '-o', out]);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toBe('');
      expect((readResultsJson(await readFile(out, 'utf8')).results[0] as { file: string }).file).toBe(SRC);
    }
  });

  it('write errors: one line naming the path and the cause, exit 1, no stack trace', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eiskit-'));
    const cases: [string, RegExp][] = [
      [join(dir, 'no-such-dir', 'r.html'), /the directory does not exist \(ENOENT\)/],
      [dir, /it is a directory \(EISDIR\)/],
    ];
    for (const [out, why] of cases) {
      const r = await runCli(['report', SRC, '-o', out]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(new RegExp(`^eiskit report: cannot write ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
      expect(r.err).toMatch(why);
      expect(r.err.trim().split('\n').length).toBe(1);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
    // permission denied (the tests may run as root, for whom chmod does not deny): the error node:fs raises
    const denied = Object.assign(new Error(`EACCES: permission denied, open '/x/r.json'`), { code: 'EACCES', errno: -13, syscall: 'open', path: '/x/r.json' });
    const r = await runCli(['fit', SRC, '--circuit', C, '--json', '-o', '/x/r.json'], { writeText: () => Promise.reject(denied) });
    expect(r.code).toBe(1);
    expect(r.err).toBe('eiskit fit: cannot write /x/r.json: permission denied (EACCES)\n');
  });
});

describe('control characters from files never reach the terminal', () => {
  it('sanitize: C0 (except tab, newline), DEL, C1, ESC, bidi overrides and isolates become visible escapes', () => {
    const bad = ['\u0000', '\u0007', '\b', '\r', '\u000b', '\f', '\u001b', '\u007f', '\u0085', '\u009b', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
    for (const c of bad) {
      const s = sanitize(`a${c}b`);
      expect(s).toBe(`a\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}b`);
      expect(s).not.toMatch(UNSAFE);
    }
    const fine = 'R1 ± 3 Ω, 25 °C, μ < 0.85, χ², π d²/4 — naïve 日本\tend\n';
    expect(sanitize(fine)).toBe(fine);
    expect(sanitize('\u001b[31mred\u001b[0m')).toBe('\\u001b[31mred\\u001b[0m');
    // linear time on a hostile line
    const t0 = performance.now();
    sanitize('\u001b['.repeat(200_000));
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it('a sample name, reader notes and a file name with ESC/C1/CR/bidi: not in stdout or stderr; --json keeps the exact text', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eiskit-'));
    const [s] = await readSpectraFile(SRC);
    const sample = '\u001b[2J\u001b]0;pwned\u0007cell \u202eA7\u202c \u009b31m\r\bX\u007f';
    const note = 'rows dropped \u001b[1A\u001b[2K\u2066hidden\u2069';
    const file = join(dir, 'evil\u001b[31m\u202e.json');
    await writeFile(file, writeJson([{ ...s!, meta: { ...s!.meta, sample, notes: [note] } }]));
    for (const argv of [['fit', file, '--circuit', C], ['kk', file], ['fit', file, '--circuit', C, '--json'], ['kk', file, '--json'], ['series', file, file, '--temperatures', '25,35', '--thickness', '0.1', '--area', '0.2']]) {
      const r = await runCli(argv);
      expect(r.out.length + r.err.length, argv.join(' ')).toBeGreaterThan(0);
      expect(r.out, argv.join(' ')).not.toMatch(UNSAFE);
      expect(r.err, argv.join(' ')).not.toMatch(UNSAFE);
    }
    const text = await runCli(['fit', file, '--circuit', C]);
    expect(text.out).toContain('sample "\\u001b[2J\\u001b]0;pwned\\u0007cell \\u202eA7\\u202c \\u009b31m\\u000d\\u0008X\\u007f"');
    expect(text.out).toContain('note (reading the file): rows dropped \\u001b[1A');
    // the JSON on stdout still parses to the exact strings
    const j = readResultsJson((await runCli(['fit', file, '--circuit', C, '--json'])).out).results[0] as { file: string; meta: { sample: string; notes: string[] } };
    expect(j.meta.sample).toBe(sample);
    expect(j.meta.notes).toEqual([note]);
    expect(j.file).toBe(file);
  });

  it('error and usage messages quoting what came in are sanitised too', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eiskit-'));
    const bad = join(dir, 'bad.txt');
    await writeFile(bad, 'this is \u001b[31mnot\u009b a spectrum \u202e at all\r\n1 2\n');
    const r = await runCli(['kk', bad]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/\[E_FORMAT\]/);
    expect(r.err).not.toMatch(UNSAFE);
    const u = await runCli(['fit', SRC, '--circuit', C, '--fixed', '\u001b[2JR9=1']);
    expect(u.code).toBe(2);
    expect(u.err).toContain('unknown parameter "\\u001b[2JR9"');
    expect(u.err).not.toMatch(UNSAFE);
    const cmd = await runCli(['fi\u001b[2Jt']);
    expect(cmd.code).toBe(2);
    expect(cmd.err).toContain('unknown command "fi\\u001b[2Jt"');
  });

  it('the progress bar still draws its own \\r and line clearing on a terminal', async () => {
    let err = '';
    await runCli(['kk', SRC, SRC], { stderr: { isTTY: true, write: (s: string) => (err += s) } });
    expect(err).toMatch(/^\rLin-KK \[/);
    expect(err.endsWith('\r\u001b[2K')).toBe(true);
  });
});

describe('the executable (bin.ts) in a pipe', () => {
  it('a reader that closes the pipe early (| head) ends the command quietly, no stack trace', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eiskit-'));
    // inside the repository (test-artifacts/, git-ignored) so the bundle finds its external packages
    const bin = join('test-artifacts', `cli-pipe-${process.pid}.mjs`);
    await build({ entryPoints: ['src/cli/bin.ts'], bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', outfile: bin, logLevel: 'silent' });
    // many sweeps: more output than a pipe buffer holds, so writes continue after the reader has gone
    const [s] = await readSpectraFile(SRC);
    const many = join(dir, 'many.json');
    await writeFile(many, writeJson(Array.from({ length: 40 }, (_, k) => ({ ...s!, meta: { ...s!.meta, sweep: k } }))));
    const child = spawn(process.execPath, [bin, 'fit', many, '--circuit', C, '--json', '--no-kk'], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    await rm(bin, { force: true });
    expect(err).toBe('');
    expect(code).toBe(0);
  });
});

describe('the HTML report escapes what comes from files', () => {
  it('<script> in a sample name, a column name, a note and the file name stays text', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eiskit-'));
    await mkdir(join(dir, 'in'));
    const [s] = await readSpectraFile(SRC);
    const file = join(dir, 'in', '<img src=x onerror=alert(1)>.json');
    await writeFile(file, writeJson([{ ...s!, meta: { ...s!.meta, sample: '<script>alert("sample")</script>', columns: ['<script>alert(1)</script>', "Z'", "Z''"], notes: ['<iframe src="javascript:alert(2)">'], instrument: 'a & b "c"' } }]));
    const out = join(dir, 'r.html');
    const r = await runCli(['report', file, '-o', out, '--title', '<b>title</b>']);
    expect(r.code, r.err).toBeLessThan(2);
    const html = await readFile(out, 'utf8');
    expect(html).not.toMatch(/<script|<img|<iframe|<b>/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;sample&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;iframe src=&quot;javascript:alert(2)&quot;&gt;');
    expect(html).toContain('a &amp; b &quot;c&quot;');
    expect(html).toContain('&lt;b&gt;title&lt;/b&gt;');
    expect(html).toMatch(/&lt;img src=x onerror=alert\(1\)&gt;/);
  });
});

describe('errors while reading a file: one line naming the file, never a stack trace (review finding)', () => {
  it('a hostile .pssession ({"toString":1} as DataSet.Type) is E_FORMAT, exit 1, one line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eiskit-'));
    const evil = join(dir, 'evil.pssession');
    await writeFile(evil, '{"Type":"PalmSens.DataFiles.SessionFile","Measurements":[{"DataSet":{"Type":{"toString":1},"Values":[]}}]}');
    for (const cmd of ['kk', 'fit']) {
      const r = await runCli(cmd === 'fit' ? ['fit', evil, '--circuit', C] : ['kk', evil]);
      expect(r.code, r.err).toBe(1);
      expect(r.err).toMatch(/^eiskit (kk|fit): cannot read "evil\.pssession" as PalmSens \.pssession: measurement 1: DataSet\.Type is Object, not a string \[E_FORMAT\]\n$/);
    }
  });

  it('an unexpected error inside a reader becomes E_INTERNAL naming the file and asking for a bug report', async () => {
    const thrown: unknown[] = [new TypeError('Cannot convert object to primitive value\n    at evil (reader.ts:1:1)'), { toString: 1 }, 'plain string'];
    for (const e of thrown) {
      for (const argv of [['kk', 'cell.mpt'], ['fit', 'cell.mpt', '--circuit', C], ['series', 'cell.mpt', 'x.mpt', '--thickness', '0.1', '--area', '0.2'], ['transference', '--ca', 'examples/data/bruce-vincent_ca.csv', '--delta-v', '0.01', '--before', 'cell.mpt', '--after', 'cell.mpt']]) {
        const r = await runCli(argv, { readSpectra: () => Promise.reject(e) });
        expect(r.code, `${argv[0]}: ${r.err}`).toBe(1);
        expect(r.err.trim().split('\n').length, r.err).toBe(1);
        expect(r.err).toMatch(new RegExp(`^eiskit ${argv[0]}: cell\\.mpt: unexpected error while reading the file \\(.*\\) — this is a bug in eiskit: please report it.*\\[E_INTERNAL\\]\\n$`));
        expect(r.err).not.toMatch(/\n\s+at /);
      }
    }
    // the chronoamperogram's text reader too
    const ca = await runCli(['transference', '--ca', 'ca.csv', '--delta-v', '0.01'], { readText: () => Promise.reject(new RangeError('boom')) });
    expect(ca.code).toBe(1);
    expect(ca.err).toMatch(/^eiskit transference: ca\.csv: unexpected error while reading the file \(RangeError: boom\) — this is a bug/);
    // file-system errors keep their own message, EisErrors theirs
    const missing = await runCli(['kk', join(tmpdir(), 'no-such-eiskit-file.mpt')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/cannot read .*no-such-eiskit-file\.mpt: ENOENT/);
    expect(missing.err).not.toMatch(/E_INTERNAL/);
  });
});
