/**
 * `eiskit series … --global [--shared LIST]` (issue 13) on the seven-temperature recipe
 * (test/global-recipe.ts) written as CSV files: both routes' Ea with their stderr and 95 %
 * interval, the lack-of-fit verdict, the same numbers as temperatureSeries({ global }) in the
 * JSON; --shared chooses the shared set; bad flags are usage errors.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli-run.ts';
import { pText } from '../src/analysis/series-global.ts';
import { temperatureSeries } from '../src/analysis/series.ts';
import { readSpectraFile } from '../src/io/index.ts';
import { eaText } from '../src/plot/index.ts';
import { RECIPE_CIRCUIT, RECIPE_T, recipeSeries } from './global-recipe.ts';
import { ensureInit } from './helpers.ts';

let files: string[] = [];
const T = RECIPE_T.join(',');
const base = () => ['series', ...files, '--temperatures', T, '--kelvin', '--thickness', '0.1', '--area', '0.5', '--circuit', RECIPE_CIRCUIT, '--bulk', 'R1'];

beforeAll(async () => {
  await ensureInit();
  const dir = await mkdtemp(join(tmpdir(), 'eiskit-series-global-'));
  files = await Promise.all(recipeSeries(0.01, 3).map(async (s, k) => {
    const path = join(dir, `pellet_${k}.csv`);
    const rows = Array.from(s.freq, (f, i) => `${f},${s.re[i]},${s.im[i]}`);
    await writeFile(path, ['freq_Hz,Zre_Ohm,Zim_Ohm', ...rows].join('\n'));
    return path;
  }));
});

describe('eiskit series --global', () => {
  it('prints both routes with stderr and interval and the verdict: the numbers of temperatureSeries({ global: true }) on the files', async () => {
    const r = await runCli([...base(), '--global']);
    expect(r.code, r.err).toBe(0);
    const spectra = await Promise.all(files.map(async (f) => (await readSpectraFile(f))[0]!));
    const s = await temperatureSeries(spectra.map((sp, k) => ({ freq: sp.freq, re: sp.re, im: sp.im, temperatureK: RECIPE_T[k]! })), { circuit: RECIPE_CIRCUIT, bulk: 'R1', geometry: { thicknessCm: 0.1, areaCm2: 0.5 }, global: true });
    const g = s.global!;
    expect(r.out).toContain(`Ea = ${eaText(g.constrained.activationEnergyEv, g.constrained.stderr)}`);
    expect(r.out).toContain(`Ea = ${eaText(g.twoStep!.activationEnergyEv, g.twoStep!.stderr)}`);
    expect(r.out).toContain(`${g.constrained.ci95[0].toFixed(4)} – ${g.constrained.ci95[1].toFixed(4)}`);
    expect(r.out).toContain('constrained global fit (R1 on the σ law, CPE1.Q, CPE1.alpha, CPE2.Q, CPE2.alpha shared)');
    expect(r.out).toContain(`Lack of fit of the temperature law: ${g.lackOfFit!.verdict} (p = ${pText(g.lackOfFit!.p)})`);
  }, 60_000);

  it('--shared sets the shared parameters; --json carries both routes and the verdict', async () => {
    const r = await runCli([...base(), '--global', '--shared', 'CPE1.Q,CPE1.alpha', '--json']);
    expect(r.code, r.err).toBe(0);
    const g = JSON.parse(r.out).results[0].global;
    expect(g.shared).toEqual(['CPE1.Q', 'CPE1.alpha']);
    expect([...g.constrained.fit.paramNames].sort()).toEqual(['CPE1.Q', 'CPE1.alpha', 'R1.Ea', 'R1.Rref']);
    expect(typeof g.constrained.activationEnergyEv).toBe('number');
    expect(typeof g.twoStep.stderr).toBe('number');
    expect(typeof g.lackOfFit.verdict).toBe('string');
  }, 60_000);

  it('refuses --shared without --global (usage, 2) and an unknown shared name (E_UNKNOWN_PARAM, 1)', async () => {
    const a = await runCli([...base(), '--shared', 'CPE1.Q']);
    expect([a.code, a.err]).toEqual([2, expect.stringContaining('--shared goes with --global')]);
    const b = await runCli([...base(), '--global', '--shared', 'CPE7.Q']);
    expect([b.code, b.err]).toEqual([1, expect.stringContaining('[E_UNKNOWN_PARAM]')]);
  });

  it('--help tells about --global and --shared', async () => {
    const h = await runCli(['series', '--help']);
    expect(h.out).toContain('--global');
    expect(h.out).toContain('--shared LIST');
  });
});
