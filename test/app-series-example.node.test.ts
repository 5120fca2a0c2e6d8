/**
 * The app's temperature series on the example series `npm start` analyses (examples/data/
 * mof-licl_eis_*C.csv): the files go through the app's worker job (analyse), the temperatures come
 * from the file names and the geometry from the files' headers, as a person would type them; the
 * request runs through runSeries. Ea must equal temperatureSeries({ global: true }) called as
 * `eiskit series --global` calls it and what that command prints (--json), and lie within 0.05 eV of the 0.34 eV the example data were
 * generated with (examples/data/truth.json, the value npm start prints); σ at 25 °C within 1 % of
 * the generator's 2.4e-5 S/cm.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { temperatureSeries } from '../src/index.ts';
import { readSpectra } from '../src/io/index.ts';
import { globalRouteRows, lackOfFitText } from '../src/report/series-global.ts';
import { analyse } from '../app/analyse.ts';
import type { SeriesOutcome } from '../app/protocol.ts';
import { runSeries } from '../app/series.ts';
import { seriesRequest, stateTemperature, temperatureText } from '../app/series-model.ts';
import { ensureInit } from './helpers.ts';
import { runCli } from './cli-run.ts';

beforeAll(ensureInit);

const DIR = 'examples/data/';
const NAMES = [25, 35, 45, 55, 65, 75].map((t) => `mof-licl_eis_${t}C.csv`);
const truth = JSON.parse(readFileSync(`${DIR}truth.json`, 'utf8')) as { activationEnergyEv: number; sigma25: number; geometry: { thicknessCm: number; areaCm2: number } };
/** A `# key: value` header line of an example file. */
const header = (name: string, key: string) => Number(new RegExp(`^# ${key}: (.*)$`, 'm').exec(readFileSync(DIR + name, 'utf8'))![1]);

describe('app temperature series on the example series of npm start', () => {
  let outcome: SeriesOutcome;
  let typed: { thickness: number; area: number };
  beforeAll(async () => {
    const files = NAMES.map((name) => {
      const b = readFileSync(DIR + name);
      return { name, size: b.length, bytes: b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer };
    });
    const done = await analyse({ type: 'analyse', id: 1, files, circuit: 'R0-p(R1,CPE1)-CPE2', starts: 1, range: {} }, () => {});
    typed = { thickness: header(NAMES[0]!, 'thickness_cm'), area: header(NAMES[0]!, 'area_cm2') };
    const rows = done.spectra.map((s) => ({ label: s.label, include: true, temperature: temperatureText(stateTemperature(s)!, 'C') }));
    expect(done.seriesDefaults).toEqual({ bulk: 'R1', shared: ['CPE1.Q', 'CPE1.alpha'] });
    const checked = seriesRequest({ ...done, defaults: done.seriesDefaults! }, { rows, unit: 'C', thickness: String(typed.thickness), area: String(typed.area), areaKind: 'area', bulk: 'R1', form: 'sigma', shared: 'CPE1.Q, CPE1.alpha' });
    if (!('request' in checked)) throw new Error(checked.errors.join('\n'));
    expect(checked.request.spectra.map((s) => s.temperatureK)).toEqual([298.15, 308.15, 318.15, 328.15, 338.15, 348.15]);
    const reply = await runSeries({ type: 'series', id: 1, ...checked.request }, () => {});
    if (reply.type !== 'series-done') throw new Error(reply.type === 'series-error' ? reply.message : reply.type);
    outcome = reply.outcome;
  });

  it('the same Ea (both routes), verdict and texts as temperatureSeries({ global: true }) as eiskit series --global runs it', async () => {
    const spectra = NAMES.map((name) => {
      const s = readSpectra(readFileSync(DIR + name), { fileName: name })[0]!;
      return { freq: s.freq, re: s.re, im: s.im, temperatureK: header(name, 'temperature_C') + 273.15 };
    });
    const direct = await temperatureSeries(spectra, { circuit: 'R0-p(R1,CPE1)-CPE2', bulk: 'R1', geometry: { thicknessCm: typed.thickness, areaCm2: typed.area }, arrheniusForm: 'sigma', global: true });
    const g = direct.global!;
    expect(outcome.constrained.activationEnergyEv).toBe(g.constrained.activationEnergyEv);
    expect(outcome.constrained.stderr).toBe(g.constrained.stderr);
    expect(outcome.twoStep!.activationEnergyEv).toBe(g.twoStep!.activationEnergyEv);
    expect(outcome.twoStep!.stderr).toBe(g.twoStep!.stderr);
    expect(outcome.routes).toEqual(globalRouteRows(direct));
    expect(outcome.lackOfFitText).toBe(lackOfFitText(g));
    expect(outcome.fit.quality).toEqual(g.constrained.fit.quality);
  });

  it('the same Ea, interval and verdict as `eiskit series FILES --thickness --area --global --json` prints', async () => {
    const r = await runCli(['series', ...NAMES.map((n) => DIR + n), '--temperatures', '25,35,45,55,65,75', '--thickness', String(typed.thickness), '--area', String(typed.area), '--global', '--json']);
    expect(r.code, r.err).toBe(0);
    const g = JSON.parse(r.out).results[0].global;
    expect(outcome.constrained.activationEnergyEv).toBe(g.constrained.activationEnergyEv);
    expect(outcome.constrained.ci95).toEqual(g.constrained.ci95);
    expect(outcome.twoStep!.activationEnergyEv).toBe(g.twoStep.activationEnergyEv);
    expect(outcome.twoStep!.ci95).toEqual(g.twoStep.ci95);
    expect(outcome.shared).toEqual(g.shared);
    expect(outcome.lackOfFit!.reason).toBe(g.lackOfFit.reason);
  });

  it('Ea within 0.05 eV of the 0.34 eV the data were made with, σ(25 °C) within 1 % of 2.4e-5 S/cm', () => {
    expect(truth.activationEnergyEv).toBe(0.34);
    for (const r of [outcome.constrained, outcome.twoStep!]) {
      expect(Math.abs(r.activationEnergyEv - truth.activationEnergyEv)).toBeLessThan(0.05);
      expect(r.ci95[0]).toBeLessThan(r.activationEnergyEv);
      expect(r.ci95[1]).toBeGreaterThan(r.activationEnergyEv);
      expect(Math.abs(r.sigma25! / truth.sigma25 - 1)).toBeLessThan(0.01);
    }
    expect(typed).toEqual({ thickness: truth.geometry.thicknessCm, area: truth.geometry.areaCm2 });
    expect(outcome.lackOfFit!.verdict).toBe('consistent');
    expect(outcome.residuals.length).toBe(6);
  });
});
