/**
 * `eiskit convert` (src/cli/commands/convert.ts), in-process on the real file system: CSV and JSON
 * of every view, the numbers equal to toAdmittance/toCapacitance/toPermittivity/toModulus/
 * toConductivity of the same file (shortest round-trip text reads back to the same float64); the
 * geometry required for eps, M, sigma and --jonscher (exit 2 naming the flag), optional for C
 * (F/cm) and unused for Y; --fmin/--fmax; --jonscher's table equal to jonscherFit, on stdout with
 * -o and on stderr without; exit 1 for a BAD Jonscher fit; -o never over an input; the spectrum
 * name neutralised and quoted; the help.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { jonscherFit, logFrequencies, parseCircuit, readResultsJson, simulate, toAdmittance, toCapacitance, toConductivity, toModulus, toPermittivity, writeJson } from '../src/index.ts';
import { HELP } from '../src/cli/main.ts';
import { neutralise } from '../src/io/representation-csv.ts';
import { readRfc4180 } from './rfc4180.ts';
import { readSpectraFile } from '../src/io/index.ts';
import { runCli } from './cli-run.ts';
import { ensureInit } from './helpers.ts';

beforeAll(ensureInit);

const G = { thicknessCm: 0.1, areaCm2: 0.2 };
const geo = ['--thickness', '0.1', '--area', '0.2'];
const freq = logFrequencies(1e6, 0.01, 41);
const pellet = simulate(parseCircuit('p(R1,CPE1)-CPE2'), freq, { R1: 1e5, 'CPE1.Q': 1e-8, 'CPE1.alpha': 0.7, 'CPE2.Q': 1e-5, 'CPE2.alpha': 0.85 });
const flat = simulate(parseCircuit('p(R1,C1)'), logFrequencies(1e3, 0.01, 31), { R1: 1e5, C1: 1e-11 });

async function file(name: string, spectra = [pellet]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'eiskit-convert-'));
  const path = join(dir, name);
  await writeFile(path, writeJson(spectra));
  return path;
}

/** The CSV's header and its rows as [name, f, re, im] (numbers parsed back), read by the strict RFC 4180 reader (CRLF after every record). */
function csv(text: string): { header: string; rows: [string, number, number, number][] } {
  const [header, ...rows] = readRfc4180(text);
  return { header: header!.join(','), rows: rows.map((c) => [c[0]!, Number(c[1]), Number(c[2]), Number(c[3])]) };
}

describe('eiskit convert', () => {
  it('is listed in eiskit --help; convert --help has examples', async () => {
    expect(HELP).toContain('  convert FILE… --to Y|C|eps|M|sigma');
    const h = await runCli(['convert', '--help']);
    expect(h.code).toBe(0);
    expect(h.out).toMatch(/Examples:\n {2}eiskit convert/);
  });

  it('each view as CSV equals the API on the same data, bit for bit; units in the header', async () => {
    const path = await file('pellet.json');
    const cases = [
      { to: 'Y', args: [], header: 'Yre_S,Yim_S', x: toAdmittance(pellet) },
      { to: 'C', args: [], header: 'Cre_F,Cim_F', x: toCapacitance(pellet) },
      { to: 'C', args: geo, header: 'Cre_F_per_cm,Cim_F_per_cm', x: toCapacitance(pellet, G) },
      { to: 'eps', args: geo, header: 'epsre,epsim', x: toPermittivity(pellet, G) },
      { to: 'M', args: geo, header: 'Mre,Mim', x: toModulus(pellet, G) },
      { to: 'sigma', args: geo, header: 'sigmare_S_per_cm,sigmaim_S_per_cm', x: toConductivity(pellet, G) },
    ];
    for (const c of cases) {
      const r = await runCli(['convert', path, '--to', c.to, ...c.args]);
      expect(r.code, r.err).toBe(0);
      const { header, rows } = csv(r.out);
      expect(header).toBe(`spectrum,freq_Hz,${c.header}`);
      expect(rows).toHaveLength(freq.length);
      rows.forEach(([name, f, re, im], i) => {
        expect(name).toBe(path);
        expect([f, re, im]).toEqual([c.x.freq[i], c.x.re[i], c.x.im[i]]);
      });
    }
  });

  it('--json: kind convert, quantity and unit, the arrays of the API', async () => {
    const path = await file('pellet.json');
    const r = await runCli(['convert', path, '--to', 'sigma', ...geo, '--json']);
    expect(r.code, r.err).toBe(0);
    const doc = readResultsJson(r.out);
    expect(doc.kind).toBe('convert');
    const [res] = doc.results as { file: string; quantity: string; unit: string; re: number[]; im: number[]; jonscher?: unknown }[];
    const x = toConductivity(pellet, G);
    expect([res!.file, res!.quantity, res!.unit]).toEqual([path, 'σ*', 'S/cm']);
    expect(res!.re).toEqual(Array.from(x.re));
    expect(res!.im).toEqual(Array.from(x.im));
    expect(res!.jonscher).toBeUndefined();
  });

  it('the geometry: required for eps, M, sigma and --jonscher (exit 2 naming the flag); unused with Y (a note)', async () => {
    const path = await file('pellet.json');
    for (const to of ['eps', 'M', 'sigma']) {
      const r = await runCli(['convert', path, '--to', to]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(new RegExp(`--to ${to} needs the cell geometry: give --thickness`));
    }
    const a = await runCli(['convert', path, '--to', 'M', '--thickness', '0.1']);
    expect(a.code).toBe(2);
    expect(a.err).toMatch(/give --area \(cm²\) or --diameter/);
    const j = await runCli(['convert', path, '--to', 'Y', '--jonscher']);
    expect(j.code).toBe(2);
    expect(j.err).toMatch(/--jonscher needs the cell geometry/);
    const y = await runCli(['convert', path, '--to', 'Y', ...geo]);
    expect(y.code).toBe(0);
    expect(y.err).toMatch(/note: the geometry is unused with --to Y/);
    // --diameter: A = πd²/4
    const d = await runCli(['convert', path, '--to', 'M', '--thickness', '0.1', '--diameter', '0.5', '--json']);
    const [m] = readResultsJson(d.out).results as { im: number[] }[];
    expect(m!.im).toEqual(Array.from(toModulus(pellet, { thicknessCm: 0.1, diameterCm: 0.5 }).im));
  });

  it('usage errors: no --to, an unknown --to, --fmin above --fmax (exit 2); a missing file (exit 1)', async () => {
    const path = await file('pellet.json');
    expect((await runCli(['convert', path])).err).toMatch(/convert needs --to/);
    const u = await runCli(['convert', path, '--to', 'Z']);
    expect(u.code).toBe(2);
    expect(u.err).toMatch(/--to must be Y, C, eps, M, sigma/);
    expect((await runCli(['convert', path, '--to', 'Y', '--fmin', '10', '--fmax', '1'])).code).toBe(2);
    expect((await runCli(['convert', join(tmpdir(), 'no-such-eiskit-file.json'), '--to', 'Y'])).code).toBe(1);
  });

  it('stdout and -o carry the same bytes: CRLF record ends (not escaped by the terminal sanitiser)', async () => {
    const path = await file('pellet.json');
    const out = join(await mkdtemp(join(tmpdir(), 'eiskit-convert-')), 'y.csv');
    const r = await runCli(['convert', path, '--to', 'Y']);
    const o = await runCli(['convert', path, '--to', 'Y', '-o', out]);
    expect(o.code, o.err).toBe(0);
    expect(r.out).toBe(await readFile(out, 'utf8'));
    expect(r.out).not.toContain('\\u000d');
    expect(r.out.split('\r\n')).toHaveLength(freq.length + 2);
  });

  it('--fmin/--fmax keep the window, inclusive', async () => {
    const path = await file('pellet.json');
    const r = await runCli(['convert', path, '--to', 'Y', '--fmin', '1', '--fmax', '1e4']);
    const { rows } = csv(r.out);
    expect(rows.map((x) => x[1])).toEqual(Array.from(freq).filter((f) => f >= 1 && f <= 1e4));
  });

  it('--jonscher: the table equals jonscherFit, on stdout with -o (the CSV in the file), on stderr without; in --json', async () => {
    const path = await file('pellet.json');
    const j = jonscherFit(pellet, G);
    const out = join(await mkdtemp(join(tmpdir(), 'eiskit-convert-')), 'sigma.csv');
    const r = await runCli(['convert', path, '--to', 'sigma', ...geo, '--jonscher', '-o', out]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^Jonscher fit σ′ = σ_dc\[1 \+ \(f\/f_c\)\^n\]/);
    expect(r.out).toContain(j.sigmaDc.toExponential(4));
    expect(r.out).toContain(j.n.toFixed(4));
    expect(r.out).toContain(`range ${j.rangeReason}`);
    expect(csv(await readFile(out, 'utf8')).rows).toHaveLength(freq.length);
    const s = await runCli(['convert', path, '--to', 'Y', ...geo, '--jonscher']);
    expect(s.out.startsWith('spectrum,freq_Hz,Yre_S,Yim_S\r\n')).toBe(true);
    expect(s.out).not.toContain('Jonscher');
    expect(s.err).toContain('Jonscher fit');
    const js = await runCli(['convert', path, '--to', 'sigma', ...geo, '--jonscher', '--json']);
    const [res] = readResultsJson(js.out).results as { jonscher: { sigmaDc: number; n: number } }[];
    expect([res!.jonscher.sigmaDc, res!.jonscher.n]).toEqual([j.sigmaDc, j.n]);
  });

  it('--jonscher with a BAD fit (σ′ flat: no dispersion, f_c undetermined) exits 1', async () => {
    const path = await file('flat.json', [flat]);
    const r = await runCli(['convert', path, '--to', 'sigma', ...geo, '--jonscher', '--json']);
    const [res] = readResultsJson(r.out).results as { jonscher: { quality: { verdict: string } } }[];
    expect(res!.jonscher.quality.verdict).toBe('bad');
    expect(r.code).toBe(1);
  });

  it('--to C with --jonscher: C* per unit cell constant (F/cm), and a note says why', async () => {
    const path = await file('pellet.json');
    const plain = await runCli(['convert', path, '--to', 'C']);
    expect(csv(plain.out).header).toBe('spectrum,freq_Hz,Cre_F,Cim_F');
    expect(plain.err).not.toContain('F/cm');
    const r = await runCli(['convert', path, '--to', 'C', ...geo, '--jonscher']);
    expect(r.code, r.err).toBe(0);
    expect(csv(r.out).header).toBe('spectrum,freq_Hz,Cre_F_per_cm,Cim_F_per_cm');
    expect(r.err).toContain('eiskit convert: note: --to C is in F/cm here (C*·L/A, per unit cell constant): --jonscher needs the geometry (from --thickness, --area)');
    const noC = await runCli(['convert', path, '--to', 'sigma', ...geo, '--jonscher']);
    expect(noC.err).not.toContain('note: --to C');
  });

  it('--jonscher on a spectrum it cannot fit (3 points): reported with its file, the others fitted and written, exit 1', async () => {
    const short = simulate(parseCircuit('p(R1,CPE1)-CPE2'), logFrequencies(1e6, 1e4, 3), { R1: 1e5, 'CPE1.Q': 1e-8, 'CPE1.alpha': 0.7, 'CPE2.Q': 1e-5, 'CPE2.alpha': 0.85 });
    const good = await file('good.json'), bad = await file('short.json', [short]);
    const r = await runCli(['convert', bad, good, '--to', 'sigma', ...geo, '--jonscher']);
    expect(r.code).toBe(1);
    const { rows } = csv(r.out);
    expect(rows.filter((x) => x[0] === bad)).toHaveLength(3);
    expect(rows.filter((x) => x[0] === good)).toHaveLength(freq.length);
    expect(r.err).toMatch(new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: no Jonscher fit — .* \\[E_TOO_FEW_POINTS\\]`));
    expect(r.err).toContain(`${good}: range `); // the good one's table
    expect(r.err).toContain(jonscherFit(pellet, G).sigmaDc.toExponential(4));
    const js = await runCli(['convert', bad, good, '--to', 'sigma', ...geo, '--jonscher', '--json']);
    expect(js.code).toBe(1);
    const [b, g] = readResultsJson(js.out).results as { jonscher: { error?: string; code?: string; sigmaDc?: number } }[];
    expect(b!.jonscher.code).toBe('E_TOO_FEW_POINTS');
    expect(g!.jonscher.sigmaDc).toBe(jonscherFit(pellet, G).sigmaDc);
  });

  it('--fmin on the example: the electrode-drop range is found inside the window (1 Hz, its lowest frequency, crops nothing: the same fit)', async () => {
    const ex = 'examples/data/mof-licl_eis_45C.csv';
    const args = ['convert', ex, '--to', 'sigma', '--thickness', '0.1', '--area', '0.196', '--jonscher', '--json'];
    const [a] = readResultsJson((await runCli(args)).out).results as { jonscher: { sigmaDc: number; fc: number; rangeReason: string } }[];
    const [b] = readResultsJson((await runCli([...args, '--fmin', '1'])).out).results as { jonscher: { sigmaDc: number; fc: number; rangeReason: string } }[];
    expect(b!.jonscher.sigmaDc).toBe(a!.jonscher.sigmaDc);
    expect(b!.jonscher.rangeReason).toBe(a!.jonscher.rangeReason);
    expect(Math.abs(a!.jonscher.sigmaDc / 5.5e-5 - 1)).toBeLessThan(0.05); // the review's value without --fmin
  });

  it('-o never over an input file (exit 1)', async () => {
    const path = await file('pellet.json');
    const r = await runCli(['convert', path, '--to', 'Y', '-o', path]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/refusing to write/);
    expect(await readFile(path, 'utf8')).toBe(writeJson([pellet]));
  });

  it('spectrum names: formula-like text neutralised, commas and quotes quoted (RFC 4180); several sweeps numbered', async () => {
    const path = await file('two,"sweeps".json', [pellet, pellet]);
    const r = await runCli(['convert', path, '--to', 'Y']);
    const lines = r.out.split('\r\n');
    expect(lines).toHaveLength(1 + 2 * freq.length + 1);
    expect(lines.at(-1)).toBe('');
    expect(lines[1]!.startsWith(`"${path.replaceAll('"', '""')} #1",`)).toBe(true);
    expect(lines[1 + freq.length]!.startsWith(`"${path.replaceAll('"', '""')} #2",`)).toBe(true);
    // a formula-like name (a relative path starting with =): neutralised by the one rule
    const dir = await mkdtemp(join(tmpdir(), 'eiskit-convert-'));
    await writeFile(join(dir, '=1+2.json'), writeJson([pellet]));
    const f = await runCli(['convert', '=1+2.json', '--to', 'Y'], { readSpectra: (p) => readSpectraFile(join(dir, p)) });
    expect(f.code, f.err).toBe(0);
    expect(readRfc4180(f.out)[1]![0]).toBe(neutralise('=1+2.json'));
    expect(readRfc4180(f.out)[1]![0]).toBe("'=1+2.json");
  });
});
