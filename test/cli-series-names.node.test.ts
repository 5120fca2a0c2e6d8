/**
 * `eiskit series` and `eiskit report` without --temperatures: the temperatures the file names
 * state (src/io/temperature-name.ts) when the files do not, with a note on stderr naming each one
 * read; the same series as with --temperatures; a name that states none (a C-rate, an implausible
 * value) is a usage error naming the file and why.
 */
import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResultsJson } from '../src/io/index.ts';
import { runCli } from './cli-run.ts';

const D = 'examples/data/';
const files = [25, 45, 65].map((t) => `${D}mof-licl_eis_${t}C.csv`);
const geo = ['--thickness', '0.1', '--area', '0.196'];

describe('temperatures from the file names', () => {
  it('series: the names\' temperatures, noted on stderr; the same result as --temperatures', async () => {
    const byName = await runCli(['series', ...files, ...geo, '--json']);
    expect(byName.code, byName.err).toBe(0);
    expect(byName.err).toContain('eiskit series: note: no --temperatures; temperatures read from the file names (°C + 273.15): ');
    expect(byName.err).toContain(`${files[0]}: "25C" → 298.15 K; ${files[1]}: "45C" → 318.15 K; ${files[2]}: "65C" → 338.15 K`);
    const byFlag = await runCli(['series', ...files, ...geo, '--temperatures', '25,45,65', '--json']);
    expect(byFlag.code, byFlag.err).toBe(0);
    expect(byFlag.err).not.toContain('note: no --temperatures');
    type Series = { points: { temperatureK: number }[]; arrhenius: { activationEnergyEv: number; stderr: number } };
    const a = readResultsJson(byName.out).results[0] as Series, b = readResultsJson(byFlag.out).results[0] as Series;
    expect(a.points.map((p) => p.temperatureK)).toEqual(b.points.map((p) => p.temperatureK));
    expect(a.points.map((p) => p.temperatureK)).toEqual([298.15, 318.15, 338.15]);
    expect(a.arrhenius.activationEnergyEv).toBe(b.arrhenius.activationEnergyEv);
  });

  it('a name with a C-rate or an implausible temperature: exit 2 naming the file and why', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eiskit-names-'));
    const names = ['LFP_1C.csv', 'cell_2K.csv', 'cell_65C.csv'];
    await Promise.all(names.map((n, k) => copyFile(files[k]!, join(dir, n))));
    const r = await runCli(['series', ...names.map((n) => join(dir, n)), ...geo]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('2 spectra state no temperature (neither the file nor its name)');
    expect(r.err).toContain(`${join(dir, 'LFP_1C.csv')} (its name: "1C" is read as a C-rate, not a temperature`);
    expect(r.err).toContain(`${join(dir, 'cell_2K.csv')} (its name: "2K" would be 2 K (-271.15 °C), outside the plausible 150–1500 K)`);
    expect(r.err).toMatch(/give --temperatures/);
  });

  it('report: the same fallback and note', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'eiskit-names-')), 'r.html');
    const r = await runCli(['report', ...files, ...geo, '--no-drt', '--no-zhit', '-o', out]);
    expect(r.err).toContain('eiskit report: note: no --temperatures; temperatures read from the file names (°C + 273.15): ');
    expect(r.out).toContain('temperature series');
  });

  it('the help says so', async () => {
    expect((await runCli(['series', '--help'])).out).toMatch(/else their names state \("p_75C\.mpt",\n.*"p_348K\.mpt"; one digit before C is a C-rate/);
    expect((await runCli(['report', '--help'])).out).toContain('else their names ("p_75C.mpt"');
  });
});
