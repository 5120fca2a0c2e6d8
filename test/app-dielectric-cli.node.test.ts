/**
 * The app's dielectric downloads and numbers are the command line's: for an example spectrum of
 * `npm start`, read as the app's worker reads it (app/analyse.ts), the CSV of each representation
 * (app/dielectric.ts) has the columns and every number of `eiskit convert FILE --to Q` (with and
 * without --fmin; C* without a geometry too), and the view's Jonscher fit is `eiskit convert
 * --jonscher --json`'s, its comparison with the fit's bulk σ the report's on the FitResult. Node only (the command line reads files).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { analyse } from '../app/analyse.ts';
import { dielectricViews, representationCsv, type Quantity } from '../app/dielectric.ts';
import type { SpectrumResult } from '../app/protocol.ts';
import { fit, init, jonscherFit, parseCircuit } from '../src/index.ts';
import { readSpectra } from '../src/io/index.ts';
import { bulkComparison } from '../src/report/dielectric.ts';
import { runCli } from './cli-run.ts';
import { readRfc4180 } from './rfc4180.ts';

const NAME = 'mof-licl_eis_45C.csv';
const FILE = `examples/data/${NAME}`;
const G = { thicknessCm: 0.1, areaCm2: 0.196 };
const GEOMETRY_FLAGS = ['--thickness', '0.1', '--area', '0.196'];

async function appSpectrum(): Promise<SpectrumResult> {
  await init();
  const bytes = readFileSync(FILE);
  const done = await analyse({ type: 'analyse', id: 1, files: [{ name: NAME, size: bytes.length, bytes: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer }], circuit: 'R0-p(R1,CPE1)-CPE2', starts: 1, range: {} }, () => {});
  return done.spectra[0]!;
}


describe('app dielectric downloads = eiskit convert', () => {
  const cases: [Quantity, { fmin?: number }, boolean][] = [
    ['Y', {}, false], ['C', {}, false], ['C', {}, true], ['eps', {}, true], ['M', { fmin: 10 }, true], ['sigma', {}, true], ['sigma', { fmin: 10 }, true],
  ];
  it.each(cases)('--to %s %o (geometry %s): the same header and numbers', async (q, range, withGeometry) => {
    const s = await appSpectrum();
    const app = representationCsv(s, range, q, withGeometry ? G : null);
    if ('error' in app) throw new Error(app.error);
    const cli = await runCli(['convert', FILE, '--to', q, ...(withGeometry ? GEOMETRY_FLAGS : []), ...(range.fmin !== undefined ? ['--fmin', String(range.fmin)] : [])]);
    expect(cli.code).toBe(0);
    // byte for byte: the CLI names the spectrum by the path given, the app by the file's name
    expect(app.csv).toBe(cli.out.replaceAll(`\r\n${FILE},`, `\r\n${NAME},`));
    const appRows = readRfc4180(app.csv);
    expect(appRows.slice(1).every((r) => r[0] === NAME)).toBe(true);
    expect(appRows.length - 1).toBe(s.freq.filter((f) => f >= (range.fmin ?? 0)).length);
  });

  it('the view\'s Jonscher fit is `eiskit convert --jonscher --json`\'s', async () => {
    const s = await appSpectrum();
    const v = dielectricViews(s, {}, G);
    if ('error' in v.jonscher) throw new Error(v.jonscher.error);
    const cli = await runCli(['convert', FILE, '--to', 'sigma', ...GEOMETRY_FLAGS, '--jonscher', '--json']);
    expect(cli.code).toBe(0);
    const j = JSON.parse(cli.out).results[0].jonscher;
    for (const k of ['sigmaDc', 'fc', 'n', 'fmin', 'fmax', 'points', 'chi2', 'rangeReason'] as const) expect(v.jonscher[k]).toEqual(j[k]);
    expect(v.jonscher.stderr).toEqual(j.stderr);
    expect(v.jonscher.quality).toEqual(j.quality);
  });

  it('σ_dc beside the fit\'s bulk σ: the report\'s bulkComparison of the same fit, from the summary the app shows', async () => {
    const s = await appSpectrum();
    const v = dielectricViews(s, {}, G, { fit: s.fit, bulk: 'R1' });
    const z = readSpectra(readFileSync(FILE), { fileName: NAME })[0]!;
    const direct = bulkComparison(jonscherFit(z, G), fit(parseCircuit('R0-p(R1,CPE1)-CPE2'), z, { starts: 1 }), 'R1', G);
    expect(direct).toMatch(/^The fit's bulk σ = L\/\(A·R1\) = /);
    expect(v.bulk).toBe(direct);
    expect(dielectricViews(s, {}, G, { fit: s.fit, bulk: 'R9' }).bulk).toBe('');
    expect(dielectricViews(s, {}, G, { fit: { error: 'no fit' }, bulk: 'R1' }).bulk).toBe('');
    expect(dielectricViews(s, {}, G).bulk).toBe('');
  });
});
