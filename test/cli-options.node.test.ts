/**
 * Command-line controls: --fmin/--fmax on every command, fit's --initial/--fixed/--bounds/--starts
 * (each checked against the API fit with the same options, and for what it must do: a fixed
 * value unchanged with NaN stderr, bounds respected), series' --diameter and area sources,
 * --arrhenius-weighting, and the summary that opens the output for files with many sweeps.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fit, init, linKK, parseCircuit, readResultsJson, readSpectraFile, simulate, logFrequencies, writeJson, type FitResult, type LinKKResult } from '../src/index.ts';
import { fmt } from '../src/cli/output.ts';
import { largestCapacitanceArc } from '../src/analysis/arcs.ts';
import { SEED_TRUTH } from '../examples/seed-data.ts';
import { runCli } from './cli-run.ts';

beforeAll(() => init());

const D = 'examples/data/';
const temps = SEED_TRUTH.temperaturesC;
const eisFiles = temps.map((t) => `${D}mof-licl_eis_${t}C.csv`);
const C = 'R0-p(R1,CPE1)-CPE2';
const circuit = parseCircuit(C);
const NAMES = 'R0, R1, CPE1.Q, CPE1.alpha, CPE2.Q, CPE2.alpha';

type JsonFit = FitResult & { file: string; linKK: { pass: boolean; reasons: string[] } | null };
const fitsOf = (out: string) => readResultsJson(out).results as unknown as JsonFit[];

/** The points with fmin ≤ f ≤ fmax, by a plain filter. */
function filtered(s: { freq: ArrayLike<number>; re: ArrayLike<number>; im: ArrayLike<number> }, fmin = 0, fmax = Infinity) {
  const idx = Array.from(s.freq, (_, i) => i).filter((i) => s.freq[i]! >= fmin && s.freq[i]! <= fmax);
  return { freq: idx.map((i) => s.freq[i]!), re: idx.map((i) => s.re[i]!), im: idx.map((i) => s.im[i]!) };
}

describe('eiskit fit: --fixed, --bounds, --initial, --starts', () => {
  it('--fixed holds the value (unchanged, stderr NaN, not free), by name or impedance.py alias', async () => {
    for (const spec of ['CPE2.alpha=0.8', 'CPE2_1=0.8', ' CPE2.alpha = 0.8 ']) {
      const r = await runCli(['fit', eisFiles[0]!, '--circuit', C, '--fixed', spec, '--json']);
      expect(r.code, r.err).toBe(0);
      const [f] = fitsOf(r.out);
      expect(f!.params[5]).toBe(0.8);
      expect(f!.stderr[5]).toBeNaN();
      expect(f!.free[5]).toBe(false);
      expect(f!.byName['CPE2.alpha']!.free).toBe(false);
    }
  });

  it('--bounds are respected and passed exactly (inf and -inf accepted)', async () => {
    // the seed spectrum's R1 is ≈ 2.1e4 Ω: bounds [1, 1000] must keep it inside, and the fit cannot be good
    const [spectrum] = await readSpectraFile(eisFiles[0]!);
    expect(fit(circuit, spectrum!).params[1]).toBeGreaterThan(1e4);
    const r = await runCli(['fit', eisFiles[0]!, '--circuit', C, '--bounds', 'R1=1:1000', '--json']);
    const [f] = fitsOf(r.out);
    expect(f!.params[1]).toBeGreaterThanOrEqual(1);
    expect(f!.params[1]).toBeLessThanOrEqual(1000);
    expect(f!.quality.verdict).not.toBe('good');
    const api = fit(circuit, spectrum!, { bounds: { R1: [1, 1000] } });
    expect(f!.params).toEqual(Array.from(api.params));
    // an open interval for R0 (default [0, ∞)): the same fit as the API with [-Infinity, Infinity]
    const open = fitsOf((await runCli(['fit', eisFiles[0]!, '--circuit', C, '--bounds', 'R0=-inf:+Infinity', '--json'])).out)[0]!;
    expect(open.params).toEqual(Array.from(fit(circuit, spectrum!, { bounds: { R0: [-Infinity, Infinity] } }).params));
    expect(open.params).not.toEqual(Array.from(fit(circuit, spectrum!).params));
  });

  it('--initial by name (others estimated) and --starts give the API fit with the same options', async () => {
    const [spectrum] = await readSpectraFile(eisFiles[1]!);
    const r = fitsOf((await runCli(['fit', eisFiles[1]!, '--circuit', C, '--initial', 'R1=5e4,CPE1.alpha=0.8', '--starts', '4', '--json'])).out)[0]!;
    const api = fit(circuit, spectrum!, { initial: { R1: 5e4, 'CPE1.alpha': 0.8 }, starts: 4 });
    expect(r.params).toEqual(Array.from(api.params));
    expect(r.warnings.join(' ')).toMatch(/Multi-start: 4 starts/);
  });

  it('malformed lists and unknown names are usage errors (exit 2) that list the valid names', async () => {
    const base = ['fit', eisFiles[0]!, '--circuit', C];
    for (const [flag, value] of [['--initial', 'R9=1'], ['--fixed', 'Rx=1'], ['--bounds', 'CPE3.Q=0:1']] as const) {
      const r = await runCli([...base, flag, value]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`the parameters of ${C} are ${NAMES}`);
    }
    const usage: string[][] = [
      ['--fixed', 'R0'], ['--fixed', 'R0=1,'], ['--fixed', 'R0=abc'], ['--fixed', 'R0=0x10'], ['--fixed', 'R0=1=2'], ['--fixed', 'R0=1,R0=2'],
      ['--bounds', 'R1=5'], ['--bounds', 'R1=5:1'], ['--bounds', 'R1=1:1:2'], ['--bounds', 'R1=inf:inf'], ['--bounds', 'R1=a:b'],
      ['--initial', '{"R9":1}'], ['--initial', '[1,2]'], ['--starts', '0'], ['--starts', '1.5'], ['--starts', '2', '--warm-start'],
      ['--fmin', '0'], ['--fmin', '-1'], ['--fmin', 'abc'], ['--fmin', '10', '--fmax', '1'], ['--weighting', 'abs'],
    ];
    for (const extra of usage) {
      const r = await runCli([...base, ...extra]);
      expect(r.code, `${extra.join(' ')}: ${r.err}`).toBe(2);
      expect(r.err).toMatch(/see eiskit fit --help/);
    }
    // a window with no point in it: the API's error, exit 1, saying how many points remain
    const empty = await runCli([...base, '--fmin', '1e9']);
    expect(empty.code).toBe(1);
    expect(empty.err).toMatch(/0 points remain.*\[E_ARG_LENGTH\]/);
  });
});

describe('--fmin/--fmax on every command', () => {
  it('fit: the fit of the cropped spectrum, with the range in the JSON and the text', async () => {
    const [spectrum] = await readSpectraFile(eisFiles[0]!);
    const pre = filtered(spectrum!, 1, 1e5);
    const j = fitsOf((await runCli(['fit', eisFiles[0]!, '--circuit', C, '--fmin', '1', '--fmax', '1e5', '--json'])).out)[0]!;
    expect(j.freqRange).toEqual({ fmin: 1, fmax: 1e5, points: pre.freq.length, total: spectrum!.freq.length });
    expect(j.params).toEqual(Array.from(fit(circuit, pre).params));
    expect((j.fitted.re as unknown as number[]).length).toBe(pre.freq.length);
    const t = await runCli(['fit', eisFiles[0]!, '--circuit', C, '--fmin', '1', '--fmax', '1e5']);
    expect(t.out).toContain(`frequencies in [1, 100000] Hz`);
    expect(t.out).toContain(`(${pre.freq.length} of ${spectrum!.freq.length} points in [1, 100000] Hz)`);
  });

  it('kk: the test of the cropped spectrum; the text names the method, the verdict rule and the reasons', async () => {
    const [spectrum] = await readSpectraFile(eisFiles[2]!);
    const pre = filtered(spectrum!, 10);
    const api = linKK(pre);
    const j = readResultsJson((await runCli(['kk', eisFiles[2]!, '--fmin', '10', '--json'])).out).results[0] as LinKKResult;
    expect(j.freqRange).toEqual({ fmin: 10, fmax: null, points: pre.freq.length, total: spectrum!.freq.length });
    expect(j.residuals.re).toEqual(Array.from(api.residuals.re));
    const t = await runCli(['kk', eisFiles[2]!, '--fmin', '10']);
    const rule = { mu: 'μ', score: 'score', noise: 'noise' }[String(api.method)];
    expect(rule, `a name for the rule ${api.method}`).toBeDefined();
    expect(t.out).toContain(`${api.pass ? 'pass' : 'FAIL'} — ${api.fitType} fit of Z, M = ${api.M} by the ${rule} rule`);
    for (const why of api.reasons) expect(t.out).toContain(`  - ${why}`);
    // "at f": the frequency of the largest residual on the cropped grid
    const row = t.out.split('\n').find((l) => l.startsWith(eisFiles[2]!) && / (pass|FAIL)$/.test(l))!;
    expect(row.split(/\s+/)).toContain(fmt(pre.freq[api.maxResidualIndex]!));
    expect((await runCli(['kk', eisFiles[2]!, '--fmax', '0'])).code).toBe(2);
    for (const bad of [['--method', 'fast'], ['--fit-type', 'both'], ['--representation', 'M'], ['--verdict', 'strict']]) {
      const u = await runCli(['kk', eisFiles[2]!, ...bad]);
      expect(u.code, bad.join(' ')).toBe(2);
      expect(u.err).toContain(`--${bad[0]!.slice(2)} must be `);
    }
    // the threshold rule, named in the text with its limit
    const th = await runCli(['kk', eisFiles[2]!, '--verdict', 'threshold', '--threshold', '0.02', '--method', 'mu']);
    expect(th.out).toMatch(/by the μ rule .* verdict by the 2\.00 % threshold on \|Δ\|/);
  });

  it('a window that leaves a file without points: exit 1, naming that file (not spectra[k])', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eiskit-'));
    const [s] = await readSpectraFile(eisFiles[0]!);
    const low = filtered(s!, 0, 5);
    const lowFile = join(dir, 'low.json');
    await writeFile(lowFile, writeJson([{ ...low, meta: s!.meta }]));
    for (const argv of [['kk', eisFiles[0]!, lowFile, '--fmin', '100'], ['fit', eisFiles[0]!, lowFile, '--circuit', C, '--fmin', '100']]) {
      const r = await runCli(argv);
      expect(r.code).toBe(1);
      expect(r.err).toContain(`${lowFile}: `);
      expect(r.err).toMatch(/0 points remain/);
      expect(r.err).not.toContain(eisFiles[0]!);
    }
  });

  it('transference: --fmin/--fmax crop the EIS fits (and need --before/--after)', async () => {
    const args = ['transference', '--ca', `${D}bruce-vincent_ca.csv`, '--delta-v', '0.01', '--before', `${D}bruce-vincent_eis-before.csv`, '--after', `${D}bruce-vincent_eis-after.csv`, '--json'];
    const all = readResultsJson((await runCli(args)).out).results[0] as { r0: { value: number } };
    const cropped = readResultsJson((await runCli([...args, '--fmin', '0.01', '--fmax', '1e5'])).out).results[0] as { r0: { value: number } };
    const [before] = await readSpectraFile(`${D}bruce-vincent_eis-before.csv`);
    const tc = parseCircuit(SEED_TRUTH.transference.circuit);
    const api = fit(tc, filtered(before!, 0.01, 1e5));
    expect(cropped.r0.value).toBe(api.byName[largestCapacitanceArc(tc, api.params)!.r]!.value);
    expect(cropped.r0.value).not.toBe(all.r0.value);
    expect((await runCli(['transference', '--ca', `${D}bruce-vincent_ca.csv`, '--delta-v', '0.01', '--fmin', '1'])).code).toBe(2);
  });

  it('series: --fmin crops every temperature; report: the window in the subtitle and per fit', async () => {
    const [spectrum] = await readSpectraFile(eisFiles[0]!);
    const points = filtered(spectrum!, 10).freq.length;
    const s = await runCli(['series', ...eisFiles.slice(0, 3), '--temperatures', temps.slice(0, 3).join(','), '--thickness', '0.1', '--area', '0.196', '--fmin', '10', '--json']);
    expect(s.code, s.err).toBe(0);
    const doc = readResultsJson(s.out).results[0] as { points: { fit: FitResult; kk: LinKKResult }[] };
    for (const p of doc.points) {
      expect(p.fit.freqRange.points).toBe(points);
      expect(p.kk.freqRange.points).toBe(points);
    }
    const dir = await mkdtemp(join(tmpdir(), 'eiskit-'));
    const out = join(dir, 'r.html');
    const r = await runCli(['report', eisFiles[0]!, '--fmin', '10', '-o', out]);
    expect(r.code, r.err).toBe(0);
    const html = await readFile(out, 'utf8');
    expect(html).toContain('frequencies in f ≥ 10 Hz');
    expect(html).toContain(`${points} of ${spectrum!.freq.length} points in f ≥ 10 Hz`);
  });
});

describe('eiskit series: area from --area, --diameter or the files; --arrhenius-weighting', () => {
  const base = ['series', ...eisFiles.slice(0, 3), '--temperatures', temps.slice(0, 3).join(','), '--thickness', '0.1', '--json'];
  const sigmas = (out: string) => (readResultsJson(out).results[0] as { points: { sigma: number }[] }).points.map((p) => p.sigma);

  it('--diameter d gives the σ of --area π d²/4; both, or neither without a stated area, are usage errors', async () => {
    const d = 0.5;
    const byDiameter = await runCli([...base, '--diameter', String(d)]);
    expect(byDiameter.code, byDiameter.err).toBe(0);
    const byArea = await runCli([...base, '--area', String((Math.PI * d * d) / 4)]);
    sigmas(byDiameter.out).forEach((s, k) => expect(s).toBeCloseTo(sigmas(byArea.out)[k]!, 15));
    // σ = L/(R·A): a diameter twice as large gives a quarter of σ
    const twice = sigmas((await runCli([...base, '--diameter', String(2 * d)])).out);
    twice.forEach((s, k) => expect(s / sigmas(byDiameter.out)[k]!).toBeCloseTo(0.25, 12));
    expect((await runCli([...base, '--area', '0.2', '--diameter', '0.5'])).code).toBe(2);
    const neither = await runCli(base);
    expect(neither.code).toBe(2);
    expect(neither.err).toMatch(/--area .* or --diameter .*do not state the electrode area/);
    expect((await runCli([...base, '--diameter', '-1'])).code).toBe(2);
  });

  it('without --area/--diameter the area the files state is used; files that disagree are a usage error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eiskit-'));
    const spectra = await Promise.all(eisFiles.slice(0, 3).map((f) => readSpectraFile(f)));
    const files = await Promise.all(spectra.map(async ([s], k) => {
      const p = join(dir, `t${k}.json`);
      await writeFile(p, writeJson([{ ...s!, meta: { ...s!.meta, areaCm2: 0.3 } }]));
      return p;
    }));
    const fromFiles = await runCli(['series', ...files, '--temperatures', temps.slice(0, 3).join(','), '--thickness', '0.1', '--json']);
    expect(fromFiles.code, fromFiles.err).toBe(0);
    const flag = await runCli(['series', ...files, '--temperatures', temps.slice(0, 3).join(','), '--thickness', '0.1', '--area', '0.3', '--json']);
    expect(sigmas(fromFiles.out)).toEqual(sigmas(flag.out));
    expect((readResultsJson(fromFiles.out).results[0] as { geometry: { areaSource: string } }).geometry.areaSource).toBe('the files');
    await writeFile(files[2]!, writeJson([{ ...spectra[2]![0]!, meta: { ...spectra[2]![0]!.meta, areaCm2: 0.4 } }]));
    const differ = await runCli(['series', ...files, '--temperatures', temps.slice(0, 3).join(','), '--thickness', '0.1']);
    expect(differ.code).toBe(2);
    expect(differ.err).toMatch(/different electrode areas .*0\.3 cm².*0\.4 cm²/);
  });

  it('--arrhenius-weighting stderr|none reaches the Arrhenius fit', async () => {
    const arr = async (w: string) => (readResultsJson((await runCli([...base, '--area', '0.196', '--arrhenius-weighting', w])).out).results[0] as { arrhenius: { weighted: boolean; activationEnergyEv: number } }).arrhenius;
    const none = await arr('none'), stderr = await arr('stderr');
    expect(none.weighted).toBe(false);
    expect(stderr.weighted).toBe(true);
    expect(none.activationEnergyEv).not.toBe(stderr.activationEnergyEv);
    expect((await runCli([...base, '--area', '0.196', '--arrhenius-weighting', 'sqrt'])).code).toBe(2);
  });
});

describe('files with many sweeps open with a summary (one row per sweep)', () => {
  it('fit, kk and report: χ², quality and Lin-KK per sweep before the details, with the counts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eiskit-'));
    const c = parseCircuit('R0-p(R1,CPE1)');
    const f = logFrequencies(1e6, 1, 51);
    // two clean sweeps and one with a drifting low-frequency end: different verdicts in one file
    const sweeps = [2e3, 3e3, 4e3].map((r1, k) => ({ ...simulate(c, f, [10, r1, 1e-9, 0.9], { noise: 0.003, seed: k + 1 }), meta: { format: 'csv' as const, sweep: k, columns: [] } }));
    sweeps[2]!.re.forEach((_, i) => (sweeps[2]!.re[i]! *= 1 + 0.2 * (i / 50) ** 3));
    const file = join(dir, 'sweeps.json');
    await writeFile(file, writeJson(sweeps));
    const j = fitsOf((await runCli(['fit', file, '--circuit', 'R0-p(R1,CPE1)', '--json'])).out);
    expect(j.map((r) => r.file)).toEqual([1, 2, 3].map((k) => `${file} #${k}`));
    const t = await runCli(['fit', file, '--circuit', 'R0-p(R1,CPE1)']);
    const lines = t.out.split('\n');
    const summary = lines.findIndex((l) => l.startsWith('Summary of 3 spectra'));
    const params = lines.indexOf('Parameters');
    expect(summary).toBeGreaterThan(0);
    expect(params).toBeGreaterThan(summary);
    const n = (v: string) => j.filter((r) => r.quality.verdict === v).length;
    expect(lines[summary]).toContain(`fits: ${n('good')} good, ${n('suspect')} suspect, ${n('bad')} bad (3 of 3 converged)`);
    const kkPass = j.filter((r) => r.linKK!.pass).length;
    expect(lines[summary]).toContain(`Lin-KK: ${kkPass} pass, ${3 - kkPass} fail`);
    j.forEach((r, k) => {
      const row = lines.slice(summary, params).find((l) => l.startsWith(`${file} #${k + 1} `))!;
      expect(row).toContain(fmt(r.chi2));
      expect(row.trim().split(/\s+/).slice(-2)).toEqual([r.quality.verdict === 'bad' ? 'BAD' : r.quality.verdict, r.linKK!.pass ? 'pass' : 'FAIL']);
      // the details name every reason of the verdict
      for (const why of r.quality.reasons) expect(t.out).toContain(`  - ${why}`);
    });
    expect(j[2]!.linKK!.pass).toBe(false); // the drifting sweep
    const kk = await runCli(['kk', file]);
    expect(kk.out.split('\n')[0]).toBe(`Summary of 3 spectra — Lin-KK: ${kkPass} pass, ${3 - kkPass} fail`);
    const out = join(dir, 'r.html');
    await runCli(['report', file, '--circuit', 'R0-p(R1,CPE1)', '-o', out]);
    const html = await readFile(out, 'utf8');
    const at = html.indexOf('<h2>Summary</h2>');
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(html.indexOf('<h2>Spectra</h2>'));
    expect(html.slice(at, html.indexOf('<h2>Spectra</h2>')).match(/<tr><td>/g)?.length).toBe(3);
    for (const r of j) for (const why of r.quality.reasons) expect(html).toContain(why.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'));
  });
});

describe('review findings: strict numbers, conflicting KK options, unused geometry', () => {
  it('--fmin/--fmax and the other number options take decimal numbers only: 0x10, 0b1, 1_0 are usage errors', async () => {
    for (const [argv, key] of [
      [['kk', eisFiles[0]!, '--fmin', '0x10'], 'fmin'], [['fit', eisFiles[0]!, '--circuit', C, '--fmax', '0x10'], 'fmax'],
      [['kk', eisFiles[0]!, '--fmin', '0b1'], 'fmin'], [['kk', eisFiles[0]!, '--threshold', '0x1'], 'threshold'],
      [['series', ...eisFiles, '--thickness', '0x1', '--area', '0.2'], 'thickness'], [['kk', eisFiles[0]!, '--fmin', '1_0'], 'fmin'],
    ] as const) {
      const r = await runCli([...argv]);
      expect(r.code, `${argv.join(' ')}: ${r.err}`).toBe(2);
      expect(r.err).toContain(`--${key} must be a number`);
    }
    // decimal forms still work: the window of 1e3 Hz from "1e3" and "+1000.0"
    for (const v of ['1e3', '+1000.0', ' 1000 ']) {
      const r = await runCli(['kk', eisFiles[0]!, '--fmin', v, '--json']);
      expect(r.code === 0 || r.code === 1, r.err).toBe(true);
      const [k] = readResultsJson(r.out).results as unknown as LinKKResult[];
      expect(k!.freqRange.fmin).toBeGreaterThanOrEqual(1000);
    }
  });

  it('kk --verdict statistics with --threshold is a usage error (the threshold would be ignored)', async () => {
    const r = await runCli(['kk', eisFiles[0]!, '--verdict', 'statistics', '--threshold', '0.02']);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toMatch(/--threshold 0\.02 applies to the threshold verdict.*--verdict statistics/);
    // --threshold alone or with --verdict threshold still selects the threshold rule
    for (const argv of [['--threshold', '0.02'], ['--verdict', 'threshold', '--threshold', '0.02']]) {
      const t = await runCli(['kk', eisFiles[0]!, ...argv, '--json']);
      expect(t.code === 0 || t.code === 1, t.err).toBe(true);
      const [k] = readResultsJson(t.out).results as unknown as (LinKKResult & { verdict: string })[];
      expect(k!.verdict).toBe('threshold');
      expect(k!.pass).toBe(k!.maxResidual <= 0.02);
    }
  });

  it('report with one spectrum and a geometry: the geometry feeds the dielectric views (no "unused" note); with several, the series too', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eiskit-'));
    const one = await runCli(['report', eisFiles[0]!, '--thickness', '0.1', '--area', '0.2', '-o', join(dir, 'one.html')]);
    expect(one.err).not.toMatch(/unused/);
    expect(await readFile(join(dir, 'one.html'), 'utf8')).toMatch(/dielectric views/);
    const none = await runCli(['report', eisFiles[0]!, '-o', join(dir, 'none.html')]);
    expect(none.err).not.toMatch(/unused/);
    const two = await runCli(['report', eisFiles[0]!, eisFiles[1]!, '--temperatures', `${temps[0]},${temps[1]}`, '--thickness', '0.1', '--area', '0.2', '-o', join(dir, 'two.html')]);
    expect(two.err).not.toMatch(/unused/);
    expect(await readFile(join(dir, 'two.html'), 'utf8')).toMatch(/Arrhenius/);
  });
});
