/**
 * The `eiskit` command line (src/cli), run in-process with the real file system: every command
 * on the example data, --json output, --help, exit codes, and errors on stderr.
 */
import { describe, expect, it } from 'vitest';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HELP } from '../src/cli/main.ts';
import { readResultsJson } from '../src/io/index.ts';
import { runCli } from './cli-run.ts';
import { SEED_TRUTH } from '../examples/seed-data.ts';
import { progressBar } from '../src/cli/output.ts';

const run = (...argv: string[]) => runCli(argv);

const D = 'examples/data/';
const temps = SEED_TRUTH.temperaturesC;
const eisFiles = temps.map((t) => `${D}mof-licl_eis_${t}C.csv`);

describe('eiskit CLI', () => {
  it('--help lists the commands with examples; no command is a usage error; an unknown one too', async () => {
    const h = await run('--help');
    expect(h.code).toBe(0);
    expect(h.out).toBe(`${HELP}\n`);
    for (const c of ['fit', 'kk', 'series', 'transference', 'report']) expect(h.out).toContain(`  ${c} `);
    expect((await run()).code).toBe(2);
    const u = await run('fitt');
    expect(u.code).toBe(2);
    expect(u.err).toMatch(/unknown command "fitt"/);
    const sub = await run('fit', '--help');
    expect(sub.code).toBe(0);
    expect(sub.out).toMatch(/Examples?:/);
  });

  it('fit: a table, or JSON that carries the same numbers', async () => {
    const t = await run('fit', eisFiles[0]!, '--circuit', 'R0-p(R1,CPE1)-CPE2');
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/R1/);
    const j = await run('fit', eisFiles[0]!, eisFiles[1]!, '--circuit', 'R0-p(R1,CPE1)-CPE2', '--json');
    const doc = readResultsJson(j.out);
    expect(doc.kind).toBe('fit');
    const parsed = doc.results as { file: string; params: number[]; stderr: number[]; success: boolean }[];
    expect(parsed.map((r) => r.file)).toEqual(eisFiles.slice(0, 2));
    expect(parsed.every((r) => r.success)).toBe(true);
    expect(t.out).toContain(parsed[0]!.params[1]!.toPrecision(5));
  });

  it('kk: a verdict per spectrum, exit 0 when all pass', async () => {
    const r = await run('kk', ...eisFiles.slice(0, 2), '--method', 'score');
    expect(r.code).toBe(0);
    expect(r.out.match(/ pass$/gm)?.length).toBe(2); // the verdict column of the table
  });

  it('series: σ(T) and Ea from the example files (temperatures from the flag)', async () => {
    const r = await run('series', ...eisFiles, '--temperatures', temps.join(','), '--thickness', '0.1', '--area', '0.196', '--json');
    expect(r.code).toBe(0);
    const j = readResultsJson(r.out).results[0] as { arrhenius: { activationEnergyEv: number } };
    expect(Math.abs(j.arrhenius.activationEnergyEv - 0.34)).toBeLessThan(0.005);
    const text = await run('series', ...eisFiles, '--temperatures', temps.join(','), '--thickness', '0.1', '--area', '0.196');
    expect(text.out).toMatch(/Ea = 0\.34\d\d ± /);
    // usage errors: missing geometry, wrong number of temperatures
    expect((await run('series', ...eisFiles, '--temperatures', '25,35')).code).toBe(2);
    expect((await run('series', ...eisFiles, '--temperatures', '25', '--thickness', '0.1', '--area', '0.196')).code).toBe(2);
  });

  it('transference: Bruce–Vincent t⁺ = 0.69 from the example files; Evans without EIS', async () => {
    const r = await run('transference', '--ca', `${D}bruce-vincent_ca.csv`, '--delta-v', '0.01', '--before', `${D}bruce-vincent_eis-before.csv`, '--after', `${D}bruce-vincent_eis-after.csv`, '--json');
    expect(r.code).toBe(0);
    const j = readResultsJson(r.out).results[0] as { tPlus: number; method: string };
    expect(Math.abs(j.tPlus - 0.69)).toBeLessThan(0.005);
    expect(j.method).toBe('bruce-vincent');
    const e = await run('transference', '--ca', `${D}bruce-vincent_ca.csv`, '--delta-v', '0.01');
    expect(e.out).toMatch(/evans/);
    expect((await run('transference', '--ca', `${D}bruce-vincent_ca.csv`, '--delta-v', '0.01', '--before', `${D}bruce-vincent_eis-before.csv`)).code).toBe(2);
  });

  it('report: one self-contained HTML file with the plots and the series', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eiskit-'));
    const out = join(dir, 'r.html');
    const r = await run('report', ...eisFiles, '--temperatures', temps.join(','), '--thickness', '0.1', '--area', '0.196', '-o', out);
    expect(r.code).toBe(0);
    const html = await readFile(out, 'utf8');
    expect(html.match(/<svg/g)?.length).toBe(3 + 8 * eisFiles.length); // Arrhenius, parameters, DRT stack; Nyquist, Bode, KK, Z-HIT, DRT γ and λ curve, −Z″/M″ and σ′ per spectrum
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/); // nothing to load
    expect(html).toMatch(/Ea = 0\.34/);
  });

  it('currents in mA are converted from the header; empty list entries are usage errors; a missing file is exit 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eiskit-'));
    const text = await readFile(`${D}bruce-vincent_ca.csv`, 'utf8');
    const ma = text.split('\n').map((l) => {
      if (l.startsWith('#') || l.trim() === '') return l;
      if (l.startsWith('time')) return 'time/s,I/mA';
      const [t, i] = l.split(',');
      return `${t},${Number(i) * 1e3}`;
    }).join('\n');
    await writeFile(join(dir, 'ca-ma.csv'), ma);
    const args = ['--delta-v', '0.01', '--before', `${D}bruce-vincent_eis-before.csv`, '--after', `${D}bruce-vincent_eis-after.csv`, '--json'];
    const inA = readResultsJson((await run('transference', '--ca', `${D}bruce-vincent_ca.csv`, ...args)).out).results[0] as { tPlus: number };
    const inMa = readResultsJson((await run('transference', '--ca', join(dir, 'ca-ma.csv'), ...args)).out).results[0] as { tPlus: number };
    expect(inMa.tPlus).toBeCloseTo(inA.tPlus, 9);
    expect((await run('series', ...eisFiles, '--temperatures', '25,,45,55,65,75', '--thickness', '0.1', '--area', '0.196')).code).toBe(2);
    expect((await run('fit', eisFiles[0]!, '--circuit', 'R0-p(R1,C1)', '--initial', 'R0=')).code).toBe(2);
    const missing = await run('kk', join(dir, 'nope.csv'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/nope\.csv/);
  });

  it('a file that is not a spectrum: E_FORMAT on stderr, exit 1', async () => {
    const r = await run('fit', 'package.json', '--circuit', 'R0-p(R1,C1)');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/\[E_FORMAT\]/);
    const bad = await run('fit', eisFiles[0]!, '--circuit', 'R0-p(R1,CX1)');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/unknown element/);
  });

  it('the progress bar draws only on a terminal', () => {
    let tty = '', pipe = '';
    const a = progressBar('fitting', { isTTY: true, write: (x: string) => (tty += x) });
    const b = progressBar('fitting', { isTTY: false, write: (x: string) => (pipe += x) });
    for (const bar of [a, b]) {
      bar.update(1, 4);
      bar.update(4, 4);
      bar.end();
    }
    expect(pipe).toBe('');
    expect(tty).toMatch(/fitting \[.*\] 1\/4/);
    expect(tty).toMatch(/4\/4/);
  });
});
