/**
 * `eiskit report … --global [--shared LIST]` (issue 13) on the bundled example series
 * (examples/data, six temperatures; the geometry the files state, given explicitly): the HTML carries the constrained
 * and two-step Ea with their stderr and 95 % interval and the lack-of-fit verdict — the numbers of
 * temperatureSeries({ global }) on the same files; --shared chooses the shared set; bad flags are
 * refused like `eiskit series --global`'s.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli-run.ts';
import { pText } from '../src/analysis/series-global.ts';
import { temperatureSeries } from '../src/analysis/series.ts';
import { readSpectraFile } from '../src/io/index.ts';
import { eaText } from '../src/plot/index.ts';
import { SEED_TRUTH } from '../examples/seed-data.ts';
import { ensureInit } from './helpers.ts';

const files = SEED_TRUTH.temperaturesC.map((t) => `examples/data/mof-licl_eis_${t}C.csv`);
const C = 'R0-p(R1,CPE1)-CPE2';
// the geometry the files state, given explicitly (the same numbers) so the series is built
const base = (out: string) => ['report', ...files, '--temperatures', SEED_TRUTH.temperaturesC.join(','), '--thickness', '0.1', '--area', '0.196', '--circuit', C, '--no-drt', '--no-zhit', '-o', out];
let dir = '';
// on the HTML (several MB of SVG) without printing it on a failure
const has = (html: string, s: string) => expect(html.includes(s), `the report contains "${s}"`).toBe(true);
const hasNot = (html: string, s: string) => expect(html.includes(s), `the report has no "${s}"`).toBe(false);

beforeAll(async () => {
  await ensureInit();
  dir = await mkdtemp(join(tmpdir(), 'eiskit-report-global-'));
});

/** temperatureSeries on the files through the API, with the temperatures they state. */
async function apiSeries(global: true | { shared: string[] }) {
  const spectra = await Promise.all(files.map(async (f) => (await readSpectraFile(f))[0]!));
  return temperatureSeries(spectra.map((s, k) => ({ freq: s.freq, re: s.re, im: s.im, temperatureK: SEED_TRUTH.temperaturesC[k]! + 273.15 })), { circuit: C, bulk: 'R1', geometry: { thicknessCm: 0.1, areaCm2: 0.196 }, global });
}

describe('eiskit report --global', () => {
  it('the HTML shows both routes (Ea ± stderr, 95 % interval) and the verdict of temperatureSeries({ global: true })', async () => {
    const out = join(dir, 'global.html');
    const r = await runCli(base(out).concat('--global'));
    expect([0, 1], r.err).toContain(r.code);
    const html = await readFile(out, 'utf8');
    const g = (await apiSeries(true)).global!;
    expect(g.twoStep).not.toBeNull();
    has(html, 'Global fit of the series');
    // each route's row of the table: its Ea ± stderr and 95 % interval (on this data the two routes print alike, so by row)
    const ci = (c: readonly [number, number]) => `${c[0].toFixed(4)} – ${c[1].toFixed(4)}`;
    has(html, `constrained global fit (R1 on the σ law, CPE1.Q, CPE1.alpha shared)</td><td>Ea = ${eaText(g.constrained.activationEnergyEv, g.constrained.stderr)}</td><td>${ci(g.constrained.ci95)}</td>`);
    has(html, `with the bulk local</td><td>Ea = ${eaText(g.twoStep!.activationEnergyEv, g.twoStep!.stderr)}</td><td>${ci(g.twoStep!.ci95)}</td>`);
    has(html, `Lack of fit of the temperature law: ${g.lackOfFit!.verdict} (p = ${pText(g.lackOfFit!.p)})`);
    // both lines on the Arrhenius plot
    has(html, 'constrained: Ea =');
    has(html, 'two-step GLS: Ea =');
    // without --global none of it
    const plain = join(dir, 'plain.html');
    await runCli(base(plain));
    const p = await readFile(plain, 'utf8');
    hasNot(p, 'Global fit of the series');
    hasNot(p, 'Lack of fit');
  }, 120_000);

  it('--shared sets the shared parameters', async () => {
    const out = join(dir, 'shared.html');
    const r = await runCli(base(out).concat('--global', '--shared', 'CPE1.alpha'));
    expect([0, 1], r.err).toContain(r.code);
    const html = await readFile(out, 'utf8');
    const g = (await apiSeries({ shared: ['CPE1.alpha'] })).global!;
    has(html, 'constrained global fit (R1 on the σ law, CPE1.alpha shared)');
    has(html, `Ea = ${eaText(g.constrained.activationEnergyEv, g.constrained.stderr)}`);
    has(html, `Lack of fit of the temperature law: ${g.lackOfFit!.verdict} (p = ${pText(g.lackOfFit!.p)})`);
  }, 120_000);

  it('refuses --shared without --global and --global without a series (usage, 2), an unknown shared name (E_UNKNOWN_PARAM, 1, as series)', async () => {
    const out = join(dir, 'bad.html');
    const a = await runCli(base(out).concat('--shared', 'CPE1.Q'));
    expect([a.code, a.err]).toEqual([2, expect.stringContaining('--shared goes with --global')]);
    const b = await runCli(['report', files[0]!, '--thickness', '0.1', '--area', '0.196', '--global', '-o', out]);
    expect([b.code, b.err]).toEqual([2, expect.stringContaining('--global needs a temperature series')]);
    const c = await runCli(base(out).concat('--global', '--shared', 'CPE7.Q'));
    expect([c.code, c.err]).toEqual([1, expect.stringContaining('[E_UNKNOWN_PARAM]')]);
  }, 120_000);

  it('--help tells about --global and --shared', async () => {
    const h = await runCli(['report', '--help']);
    expect(h.out).toContain('--global');
    expect(h.out).toContain('--shared LIST');
  });
});
