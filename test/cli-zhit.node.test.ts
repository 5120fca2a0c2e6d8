/**
 * `eiskit zhit FILE…` run in-process on the real file system: the example data pass, a drifting
 * synthetic pellet (spec zhit.md §6, the mock of test/zhit.test.ts) written to a temp dir fails
 * with a reason, --json carries what zhit() gives on the same data, bad options are usage errors.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli-run.ts';
import { readResultsJson, readSpectraFile } from '../src/io/index.ts';
import { zhit, type ZhitOptions } from '../src/index.ts';
import { HELP } from '../src/cli/main.ts';
import { SEED_TRUTH } from '../examples/seed-data.ts';

const run = (...argv: string[]) => runCli(argv);
const D = 'examples/data/';
const eisFiles = SEED_TRUTH.temperaturesC.map((t) => `${D}mof-licl_eis_${t}C.csv`);

/** 120 Ω + R(f) ‖ CPE, R growing by v/f Ω at each step down in f (drift); v = 0 is drift-free. */
function pellet(v: number): string {
  const f = Array.from({ length: 31 }, (_, k) => 10 ** (2.25 - k / 10));
  const Q = 6.2e-5, n = 0.93;
  let R = 430;
  const lines = ['freq_Hz,Zre_Ohm,Zim_Ohm'];
  for (const fi of f) {
    R += v / fi;
    const w = (2 * Math.PI * fi) ** n;
    const yr = 1 / R + Q * w * Math.cos((Math.PI * n) / 2), yi = Q * w * Math.sin((Math.PI * n) / 2), d = yr * yr + yi * yi;
    lines.push(`${fi.toPrecision(17)},${(120 + yr / d).toPrecision(17)},${(-yi / d).toPrecision(17)}`);
  }
  return `${lines.join('\n')}\n`;
}

let dir = '', drifting = '', clean = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'eiskit-zhit-'));
  drifting = join(dir, 'drifting.csv');
  clean = join(dir, 'clean.csv');
  await writeFile(drifting, pellet(-1));
  await writeFile(clean, pellet(0));
});

type Parsed = { file: string; pass: boolean; maxResidual: number; threshold: number; window: number[]; reasons: string[]; offset: number; modulus: number[]; residuals: { re: number[]; im: number[] }; freqRange: { points: number } };

describe('eiskit zhit', () => {
  it('is listed in the help, with its own --help', async () => {
    expect(HELP).toMatch(/^ {2}zhit FILE… /m);
    const h = await run('zhit', '--help');
    expect(h.code).toBe(0);
    expect(h.out).toMatch(/--fmin HZ/);
    expect(h.out).toMatch(/Examples:/);
  });

  it('the example spectra pass: one table row and one verdict line each, exit 0', async () => {
    const r = await run('zhit', ...eisFiles.slice(0, 2));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Summary of 2 spectra — 2 passed, 0 failed/);
    expect(r.out.match(/ pass$/gm)?.length).toBe(2);
    for (const f of eisFiles.slice(0, 2)) expect(r.out).toMatch(new RegExp(`^${f}: pass — largest \\|Z\\| deviation \\d+\\.\\d{3} % \\(threshold 4\\.00 %\\), offset window \\S+ – \\S+ Hz$`, 'm'));
  });

  it('a drifting spectrum FAILs with the reason, exit 1; the drift-free one passes', async () => {
    const r = await run('zhit', clean, drifting);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/1 passed, 1 failed/);
    expect(r.out).toContain(`${clean}: pass`);
    const fail = r.out.slice(r.out.indexOf(`${drifting}: FAIL`));
    expect(fail).toMatch(/^.*FAIL — largest .*\n {2}- .*parts from \|Z\|/);
    expect((await run('zhit', clean)).code).toBe(0);
  });

  it('--json: the results zhit() gives on the same data, per file', async () => {
    for (const extra of [[], ['--fmin', '0.5', '--fmax', '100']]) {
      const r = await run('zhit', eisFiles[0]!, drifting, '--json', ...extra);
      const doc = readResultsJson(r.out);
      expect(doc.kind).toBe('zhit');
      const parsed = doc.results as Parsed[];
      expect(parsed.map((p) => p.file)).toEqual([eisFiles[0], drifting]);
      const opts: ZhitOptions = extra.length ? { fmin: 0.5, fmax: 100 } : {};
      for (const [k, file] of [eisFiles[0]!, drifting].entries()) {
        const [s] = await readSpectraFile(file);
        const want = zhit(s!, opts), got = parsed[k]!;
        expect(got.pass).toBe(want.pass);
        expect(got.maxResidual).toBe(want.maxResidual);
        expect(got.threshold).toBe(want.threshold);
        expect(got.offset).toBe(want.offset);
        expect(got.window).toEqual(want.window);
        expect(got.reasons).toEqual(want.reasons);
        expect(got.modulus).toEqual(Array.from(want.modulus));
        expect(got.residuals.re).toEqual(Array.from(want.residuals.re));
        expect(got.freqRange.points).toBe(want.freqRange.points);
      }
      expect(r.code).toBe(parsed.every((p) => p.pass) ? 0 : 1);
      expect(parsed[0]!.pass).toBe(true);
      // the drift is below 0.5 Hz: the full range fails, the window without it passes
      expect(parsed[1]!.pass).toBe(extra.length > 0);
    }
  });

  it('-o writes the table to a file (never over an input)', async () => {
    const out = join(dir, 'zhit.txt');
    const r = await run('zhit', clean, '-o', out);
    expect(r.code).toBe(0);
    expect(await readFile(out, 'utf8')).toContain(`${clean}: pass`);
    const over = await run('zhit', clean, '-o', clean);
    expect(over.code).toBe(1);
    expect(await readFile(clean, 'utf8')).toBe(pellet(0));
  });

  it('bad options are usage errors (exit 2); a window with too few points is an input error (exit 1)', async () => {
    for (const argv of [
      ['zhit', clean, '--lambda', '1'],
      ['zhit', clean, '--fmin', 'abc'],
      ['zhit', clean, '--fmin', '0x10'],
      ['zhit', clean, '--fmax=-5'],
      ['zhit', clean, '--fmin', '100', '--fmax', '1'],
      ['zhit', clean, '--fmin'],
      ['zhit'],
    ]) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(/^eiskit zhit: [^]*\n\(see eiskit zhit --help\)\n$/);
      expect(r.out).toBe('');
    }
    const few = await run('zhit', clean, '--fmin', '50', '--fmax', '100');
    expect(few.code).toBe(1);
    expect(few.err).toContain(`eiskit zhit: ${clean}: `);
  });
});
