/**
 * The CLI's DRT and Z-HIT options of `eiskit report` (--no-drt, --no-zhit, --drt) and `eiskit
 * series --drt` (the table of peak tracks and `drtTracks` in --json), in-process on synthetic
 * files: two ZARCs whose R and τ follow Arrhenius laws at four temperatures.
 */
import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOLTZMANN_EV, logFrequencies, parseCircuit, readResultsJson, simulate, writeJson } from '../src/index.ts';
import type { DrtTrack } from '../src/analysis/index.ts';
import { runCli } from './cli-run.ts';

const temps = [27, 47, 67, 87]; // °C
const c = parseCircuit('R0-p(R1,CPE1)-p(R2,CPE2)');
const law = (x0: number, ea: number, T: number) => x0 * Math.exp((ea / BOLTZMANN_EV) * (1 / T - 1 / 300));
const params = (T: number) => [10, ...[[1e4, 1e-4, 0.4], [3e4, 1e-1, 0.5]].flatMap(([r0, t0, ea]) => {
  const r = law(r0!, ea!, T), tau = law(t0!, ea!, T);
  return [r, tau ** 0.85 / r, 0.85];
})];

async function files(): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'eiskit-drt-'));
  return Promise.all(temps.map(async (t, k) => {
    const path = join(dir, `p${t}.json`);
    await writeFile(path, writeJson([simulate(c, logFrequencies(1e7, 1e-3, 101), params(t + 273.15), { noise: 0.002, seed: 60 + k })]));
    return path;
  }));
}
const pellet = ['--temperatures', temps.join(','), '--thickness', '0.1', '--area', '0.2', '--circuit', 'R0-p(R1,CPE1)-p(R2,CPE2)', '--bulk', 'R1'];

describe('eiskit report: Z-HIT and DRT on by default, --no-zhit / --no-drt leave them out', () => {
  it('svg counts and blocks follow the options; --drt with --no-drt is a usage error', async () => {
    const input = await files();
    const dir = await mkdtemp(join(tmpdir(), 'eiskit-drt-'));
    const count = async (...opts: string[]) => {
      const out = join(dir, `r${opts.join('')}.html`);
      const r = await runCli(['report', ...input, ...pellet, ...opts, '-o', out]);
      expect([0, 1], r.err).toContain(r.code);
      const html = await readFile(out, 'utf8');
      return { svgs: html.match(/<svg/g)?.length ?? 0, html };
    };
    const n = input.length;
    const all = await count();
    // series: Arrhenius, parameters, γ(τ) stacked; per spectrum: Nyquist, Bode, Lin-KK, Z-HIT, γ(τ), λ curve,
    // and (the geometry) the dielectric views: −Z″/M″ and σ′
    expect(all.svgs).toBe(3 + 8 * n);
    expect(all.html).toContain('DRT across temperatures');
    expect(all.html).toMatch(/Z-HIT: (pass|FAIL) — largest \|Z\| deviation/);
    expect((await count('--drt')).svgs).toBe(3 + 8 * n);
    const noDrt = await count('--no-drt');
    expect(noDrt.svgs).toBe(2 + 6 * n);
    expect(noDrt.html).not.toContain('DRT');
    const neither = await count('--no-drt', '--no-zhit');
    expect(neither.svgs).toBe(2 + 5 * n);
    expect(neither.html).not.toContain('Z-HIT');
    expect((await runCli(['report', ...input, '--drt', '--no-drt', '-o', join(dir, 'x.html')])).code).toBe(2);
  });
});

describe('eiskit report: Z-HIT in the summary and the exit code', () => {
  it('a drifting sweep: Z-HIT FAIL in its row and section, exit 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eiskit-drt-'));
    const f = logFrequencies(1e7, 1e-2, 91);
    const clean = simulate(c, f, params(300), { noise: 0.002, seed: 3 });
    const drift = simulate(c, f, params(300), { noise: 0.002, seed: 4 });
    // |Z| drifting up at the slow end: +25 % at 10 mHz, nothing above 1 Hz
    f.forEach((x, i) => {
      const k = 1 + (0.25 * Math.max(0, Math.log10(1 / x)) ** 2) / 4;
      drift.re[i]! *= k;
      drift.im[i]! *= k;
    });
    const file = join(dir, 'two.json');
    await writeFile(file, writeJson([clean, drift]));
    const out = join(dir, 'r.html');
    const r = await runCli(['report', file, '--circuit', 'R0-p(R1,CPE1)-p(R2,CPE2)', '--no-drt', '-o', out]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Lin-KK or Z-HIT checks failed');
    const html = await readFile(out, 'utf8');
    expect(html).toContain('<th>Z-HIT</th>');
    expect(html).toMatch(/<td>[^<]*two\.json #2<\/td>(<td>[^<]*<\/td>)*<td>FAIL<\/td><\/tr>/);
    expect(html).toContain('Z-HIT: FAIL — largest |Z| deviation');
    // without Z-HIT the same file's exit code is that of the fits and Lin-KK alone
    const plain = await runCli(['report', file, '--circuit', 'R0-p(R1,CPE1)-p(R2,CPE2)', '--no-drt', '--no-zhit', '-o', out]);
    expect(await readFile(out, 'utf8')).not.toContain('Z-HIT');
    expect(plain.out).toContain('wrote');
  });
});

describe('eiskit series --drt', () => {
  it('the table of peak tracks, and drtTracks in --json (two tracks over every temperature)', async () => {
    const input = await files();
    const t = await runCli(['series', ...input, ...pellet, '--drt']);
    expect(t.out).toMatch(/DRT peaks across temperatures \(\d+ tracks/);
    expect(t.out).toMatch(/P1 +27\.0 – 87\.0/);
    const j = await runCli(['series', ...input, ...pellet, '--drt', '--json']);
    const doc = readResultsJson(j.out).results[0] as { drtTracks: DrtTrack[]; points: { drt: { peaks: unknown[] } }[] };
    const long = doc.drtTracks.filter((k) => k.points.length === temps.length);
    expect(long.length).toBe(2);
    // Ea of 1/R within 5 % of 0.4 and 0.5 eV (four temperatures, 0.2 % noise)
    long.forEach((k, i) => expect(Math.abs(k.conductance!.activationEnergyEv / [0.4, 0.5][i]! - 1)).toBeLessThan(0.05));
    expect(doc.points.every((p) => p.drt.peaks.length >= 2)).toBe(true);
    // a blocking electrode's tail and nothing else: no track, said in words
    const dir = await mkdtemp(join(tmpdir(), 'eiskit-drt-'));
    const b = parseCircuit('R0-p(R1,CPE1)-CPE2');
    const blocking = await Promise.all([27, 47, 67].map(async (t, k) => {
      const path = join(dir, `b${t}.json`);
      await writeFile(path, writeJson([simulate(b, logFrequencies(1e7, 1, 71), [240, 2e4 * Math.exp((0.35 / BOLTZMANN_EV) * (1 / (t + 273.15) - 1 / 300)), 7e-11, 0.9, 2e-6, 0.85], { noise: 0.003, seed: 3 + k })]));
      return path;
    }));
    // on the whole range (--fmin at the lowest frequency: no crop)
    const none = await runCli(['series', ...blocking, '--temperatures', '27,47,67', '--thickness', '0.1', '--area', '0.2', '--drt', '--fmin', '1']);
    expect(none.out).toContain('No DRT peak was followed across temperatures');
    expect(none.out).not.toContain('DRT peaks across temperatures');
    // without --fmin every DRT runs on f ≥ its tail's valley, as in the report, and says so
    const cropped = await runCli(['series', ...blocking, '--temperatures', '27,47,67', '--thickness', '0.1', '--area', '0.2', '--drt']);
    expect(cropped.out).toContain('DRT on f ≥ the blocking-electrode tail\'s valley at 3 of 3 temperatures (27.0 °C: f ≥ ');
    // without --drt: no tracks
    const plain = await runCli(['series', ...input, ...pellet, '--json']);
    expect((readResultsJson(plain.out).results[0] as Record<string, unknown>).drtTracks).toBeUndefined();
  });
});
