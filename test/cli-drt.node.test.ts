/**
 * `eiskit drt FILE…` run in-process on the real file system: a synthetic two-arc pellet (exact
 * ZARCs with seeded noise, written to a temp dir) gives two peaks at the arcs' τ₀ with the
 * capacitance hints of Irvine's ranges; --json carries exactly what drt() gives on the same file
 * and options; bad options are usage errors (exit 2), bad input exit 1.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli-run.ts';
import { readResultsJson, readSpectraFile } from '../src/io/index.ts';
import { drt, type DrtOptions, type DrtResult } from '../src/index.ts';
import { HELP } from '../src/cli/main.ts';

const run = (...argv: string[]) => runCli(argv);
const EXAMPLE = 'examples/data/mof-licl_eis_25C.csv';
const TWO_PI = 2 * Math.PI;

/** The arcs of the pellet: R (Ω), τ₀ (s), φ; C = τ₀/R is 3 pF (bulk) and 0.5 nF (grain boundary). */
const BULK = { R: 1e5, tau: 3e-7, phi: 0.92 }, GB = { R: 2e5, tau: 1e-4, phi: 0.85 };

/** 50 Ω + two ZARCs on 10 MHz → 1 Hz (71 points), with 0.3 % Gaussian noise on |Z| from a seeded mulberry32. */
function pellet(seed: number): string {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(TWO_PI * rand());
  const lines = ['freq_Hz,Zre_Ohm,Zim_Ohm'];
  for (let k = 0; k <= 70; k++) {
    const f = 10 ** (7 - k / 10);
    let re = 50, im = 0;
    for (const { R, tau, phi } of [BULK, GB]) {
      const m = (TWO_PI * f * tau) ** phi, c = (phi * Math.PI) / 2;
      const dr = 1 + m * Math.cos(c), di = m * Math.sin(c), d = dr * dr + di * di;
      re += (R * dr) / d;
      im -= (R * di) / d;
    }
    const mod = Math.hypot(re, im);
    re += 0.003 * mod * gauss();
    im += 0.003 * mod * gauss();
    lines.push(`${f.toPrecision(17)},${re.toPrecision(17)},${im.toPrecision(17)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The rows of the peak tables in the text output: [#, τ, f, γ, R, C, share, hint]. */
function peakRows(out: string): string[][] {
  return [...out.matchAll(/^ {2}(\d+) +(\S+) +(\S+) +(\S+) +(\S+) +(\S+) +(\S+) +(.+)$/gm)].map((m) => m.slice(1));
}

const decades = (a: number, b: number) => Math.abs(Math.log10(a / b));

type Parsed = DrtResult & { file: string };
/** What the CLI's JSON holds for a result: typed arrays as plain arrays (NaN restored by readResultsJson). */
function plain(r: DrtResult): unknown {
  return JSON.parse(JSON.stringify(r, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : typeof v === 'number' && !Number.isFinite(v) ? `@${String(v)}` : v)), (_k, v: unknown) => (typeof v === 'string' && v.startsWith('@') ? Number(v.slice(1)) : v));
}

let dir = '', two = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'eiskit-drt-'));
  two = join(dir, 'two-arc.csv');
  await writeFile(two, pellet(7));
});

describe('eiskit drt', () => {
  it('is listed in the help, with its own --help', async () => {
    expect(HELP).toMatch(/^ {2}drt FILE… /m);
    const h = await run('drt', '--help');
    expect(h.code).toBe(0);
    for (const o of ['--lambda auto|V', '--lambda-method M', '--method M', '--no-inductance', '--credible', '--fmin HZ', '--json', 'Examples:']) expect(h.out).toContain(o);
  });

  it('a two-arc pellet: λ and how it was chosen, R∞, R_pol, two peaks at the arcs’ τ₀ with R, C = τ/R and the bulk / grain-boundary hints', async () => {
    const r = await run('drt', two);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(new RegExp(`^${two}: tr-rbf, λ = \\S+ \\(chosen from 71 values 1e-7…1 by the mGCV score, the plateau rule`, 'm'));
    const rows = peakRows(r.out);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    // the two most prominent peaks are the two arcs (either order), within 0.1 decade of τ₀
    const top = rows.slice(0, 2).map((row) => ({ tau: Number(row[1]), f: Number(row[2]), R: Number(row[4]), C: Number(row[5]), share: Number(row[6]), hint: row[7]!.trim() }));
    const bulk = top.find((p) => decades(p.tau, BULK.tau) < 0.1), gb = top.find((p) => decades(p.tau, GB.tau) < 0.1);
    expect(bulk, r.out).toBeDefined();
    expect(gb, r.out).toBeDefined();
    for (const p of [bulk!, gb!]) {
      expect(p.f).toBeCloseTo(1 / (TWO_PI * p.tau), -Math.floor(Math.log10(p.f)) + 3);
      expect(Math.abs(p.C - p.tau / p.R) / p.C).toBeLessThan(1e-3);
    }
    // Irvine, Sinclair & West: bulk < 1e-11 F, grain boundary 1e-11…1e-8 F
    expect(bulk!.C).toBeLessThan(1e-11);
    expect(gb!.C).toBeGreaterThan(1e-11);
    expect(gb!.C).toBeLessThan(1e-8);
    expect(bulk!.hint).toBe('bulk (~pF)');
    expect(gb!.hint).toBe('grain boundary (~nF)');
    // the areas: most of each arc's R, the grain boundary the larger share
    expect(gb!.R / GB.R).toBeGreaterThan(0.7);
    expect(bulk!.R / BULK.R).toBeGreaterThan(0.6);
    expect(gb!.share).toBeGreaterThan(bulk!.share);
    expect(r.out).toMatch(/R∞ = \S+ Ω, L = \S+ H, R_pol = \S+ Ω \(∫γ d ln τ over the measured τ = 1\/f window 1e-7 – 1 s, 71 of 71 points\)/);
    expect(r.out).toContain('give --thickness and --area');
  });

  it('the table is drt()’s: λ, R∞, L, R_pol and every peak of drt() on the same file', async () => {
    const r = await run('drt', two, EXAMPLE, '--fmin', '100');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Summary of 2 spectra/);
    const want = await Promise.all([two, EXAMPLE].map(async (f) => drt((await readSpectraFile(f))[0]!, { fmin: 100 })));
    const rows = peakRows(r.out);
    expect(rows).toHaveLength(want[0]!.peaks.length + want[1]!.peaks.length);
    [...want[0]!.peaks, ...want[1]!.peaks].forEach((p, k) => {
      const row = rows[k]!;
      expect(Math.abs(Number(row[1]) - p.tau) / p.tau).toBeLessThan(1e-4);
      expect(Math.abs(Number(row[4]) - p.resistance) / p.resistance).toBeLessThan(1e-4);
      expect(Math.abs(Number(row[5]) - p.capacitance) / p.capacitance).toBeLessThan(1e-4);
    });
    // neither CSV gives the reader a geometry: the hints compare C itself
    expect(r.out).toContain('compare C itself');
    expect(r.out).not.toContain('suggests (C·L/A)');
  });

  it('--json: the drt() result of the same file and options, per file', async () => {
    const cases: [string[], DrtOptions][] = [
      [[], {}],
      [['--fmin', '100', '--fmax', '1e6'], { fmin: 100, fmax: 1e6 }],
      [['--lambda', '1e-3', '--no-inductance'], { lambda: 1e-3, inductance: false }],
      [['--lambda', 'auto', '--lambda-method', 're-im'], { lambda: 'auto', lambdaMethod: 're-im' }],
      [['--lambda-method', 'lcurve', '--method', 'tr-rbf'], { lambdaMethod: 'lcurve', method: 'tr-rbf' }],
    ];
    for (const [argv, opts] of cases) {
      const r = await run('drt', two, EXAMPLE, '--json', ...argv);
      expect(r.code, argv.join(' ')).toBe(0);
      const doc = readResultsJson(r.out);
      expect(doc.kind).toBe('drt');
      const parsed = doc.results as Parsed[];
      expect(parsed.map((p) => p.file)).toEqual([two, EXAMPLE]);
      for (const [k, file] of [two, EXAMPLE].entries()) {
        const want = drt((await readSpectraFile(file))[0]!, opts);
        const { file: _, ...got } = parsed[k]!;
        expect(got, `${argv.join(' ')} ${file}`).toEqual(plain(want));
        // spot checks against the typed arrays themselves
        expect(got.gamma).toEqual(Array.from(want.gamma));
        expect(got.tau).toEqual(Array.from(want.tau));
        expect(got.lambda).toBe(want.lambda);
      }
      if (opts.inductance === false) expect(parsed.every((p) => p.inductance === 0)).toBe(true);
      if (opts.lambda === 1e-3) expect(parsed.every((p) => p.lambda === 1e-3 && p.lambdaCurve === undefined)).toBe(true);
    }
    // a fixed λ says so in the text
    expect((await run('drt', two, '--lambda', '1e-3')).out).toContain(`${two}: tr-rbf, λ = 0.001 (given)`);
  });

  it('--credible and --method tr-nnls give drt()’s result: the band in --json, the TR-NNLS table on its τ = 1/ω window', async () => {
    const [s] = await readSpectraFile(two);
    for (const [argv, opts] of [[['--credible'], { credible: true }], [['--method', 'tr-nnls'], { method: 'tr-nnls' }]] as [string[], DrtOptions][]) {
      const want = drt(s!, opts);
      const r = await run('drt', two, '--json', ...argv);
      expect(r.code, r.err).toBe(0);
      const { file: _, ...got } = readResultsJson(r.out).results[0] as Parsed;
      expect(got).toEqual(plain(want));
      if (opts.credible) {
        expect(got.credible).toBe('gaussian');
        expect(got.lower!.length).toBe(want.tau.length);
        for (let k = 0; k < want.tau.length; k++) expect(got.lower![k]!).toBeLessThanOrEqual(got.upper![k]!);
      } else {
        expect([got.method, got.collocation, got.tau.length]).toEqual(['tr-nnls', '1/ω', s!.freq.length]);
      }
    }
    // the text: the band line, and for tr-nnls the peak table and the window in its own rule τ = 1/ω
    expect((await run('drt', two, '--credible')).out).toContain('credible band: 99 % (approximate, Gaussian)');
    const t = await run('drt', two, '--method', 'tr-nnls');
    expect(t.code).toBe(0);
    expect(t.out).toContain(`${two}: tr-nnls, λ = `);
    // 10 MHz … 1 Hz: τ = 1/ω runs from 1/(2π·1e7) = 1.59e-8 s to 1/(2π) = 0.159 s
    expect(t.out).toContain('over the measured τ = 1/ω window 1.59e-8 – 0.159 s, 71 of 71 points');
    expect(t.out).not.toContain('τ = 1/f window');
    const rows = peakRows(t.out);
    expect(rows.length).toBe(drt(s!, { method: 'tr-nnls' }).peaks.length);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    // the tr-rbf text keeps τ = 1/f
    expect((await run('drt', two)).out).toContain('over the measured τ = 1/f window 1e-7 – 1 s');
  });

  it('--method tr-nnls with a tr-rbf option is a usage error (exit 2) saying why', async () => {
    for (const [flags, text] of [
      [['--lambda-method', 'gcv'], '--lambda-method is an option of --method tr-rbf; tr-nnls chooses λ by its own rule'],
      [['--no-inductance'], '--no-inductance is an option of --method tr-rbf; tr-nnls has no inductance column'],
      [['--credible'], '--credible is an option of --method tr-rbf; tr-nnls has no posterior to sample'],
    ] as [string[], string][]) {
      const r = await run('drt', two, '--method', 'tr-nnls', ...flags);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.err).toContain(text);
      expect(r.out).toBe('');
    }
  });

  it('--thickness/--area scale C by L/A before the hint (Irvine’s cell constant of 1 cm⁻¹)', async () => {
    // L/A = 1 cm / 0.01 cm² = 100 cm⁻¹: the 3 pF bulk becomes 3e-10 F/cm, a grain-boundary value
    const r = await run('drt', two, '--thickness', '1', '--area', '0.01');
    expect(r.code).toBe(0);
    const rows = peakRows(r.out).slice(0, 2);
    const bulk = rows.find((row) => decades(Number(row[1]), BULK.tau) < 0.1)!;
    expect(Number(bulk[5]) * 100).toBeGreaterThan(1e-11);
    expect(bulk[7]!.trim()).toBe('grain boundary (~nF)');
    expect(r.out).toContain('from --area');
    expect(r.out).toMatch(/suggests \(C·L\/A\)/);
    // a file that states its geometry (as some instrument formats do) is used without the flags
    const stated = await runCli(['drt', two], {
      readSpectra: async (p) => (await readSpectraFile(p)).map((s) => ({ ...s, meta: { ...s.meta, thicknessCm: 1, areaCm2: 0.01 } })),
    });
    expect(stated.code).toBe(0);
    expect(stated.out).toContain('area 0.01 cm² from the files');
    expect(peakRows(stated.out).find((row) => decades(Number(row[1]), BULK.tau) < 0.1)![7]!.trim()).toBe('grain boundary (~nF)');
  });

  it('-o writes the table to a file (never over an input)', async () => {
    const out = join(dir, 'drt.txt');
    const r = await run('drt', two, '-o', out);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(await readFile(out, 'utf8')).toContain(`${two}: tr-rbf, λ = `);
    const over = await run('drt', two, '-o', two);
    expect(over.code).toBe(1);
    expect(over.err).toMatch(/refusing to write/);
    expect(await readFile(two, 'utf8')).toBe(pellet(7));
  });

  it('bad options are usage errors (exit 2) with the message; a window with too few points is an input error (exit 1)', async () => {
    for (const [argv, message] of [
      [['drt', two, '--lambda', 'abc'], '--lambda must be auto or a number > 0; got "abc"'],
      [['drt', two, '--lambda', '0'], '--lambda must be auto or a number > 0; got "0"'],
      [['drt', two, '--lambda=-1e-3'], '--lambda must be auto or a number > 0; got "-1e-3"'],
      [['drt', two, '--lambda', '0x10'], '--lambda must be auto or a number > 0; got "0x10"'],
      [['drt', two, '--lambda-method', 'aic'], '--lambda-method must be mgcv, gcv, rgcv, re-im, lcurve; got "aic"'],
      [['drt', two, '--method', 'nnls'], '--method must be tr-rbf, tr-nnls; got "nnls"'],
      [['drt', two, '--lambda', '1e-3', '--lambda-method', 'gcv'], '--lambda-method gcv chooses λ by a scan, but --lambda 0.001 fixes it'],
      [['drt', two, '--fmin', 'abc'], '--fmin must be a number'],
      [['drt', two, '--fmin', '100', '--fmax', '1'], 'no frequency would be left'],
      [['drt', two, '--thickness', '0.1'], '--area'],
      [['drt', two, '--peaks'], "Unknown option '--peaks'"],
      [['drt', two, '--lambda'], "'--lambda <value>' argument missing"],
      [['drt'], 'no input files'],
    ] as [string[], string][]) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toMatch(/^eiskit drt: [^]*\n\(see eiskit drt --help\)\n$/);
      expect(r.err, argv.join(' ')).toContain(message);
      expect(r.out).toBe('');
    }
    const few = await run('drt', two, '--fmin', '1e5', '--fmax', '2e5');
    expect(few.code).toBe(1);
    expect(few.err).toContain(`eiskit drt: ${two}: `);
    expect(few.err).toContain('[E_ARG_RANGE]');
  });
});
