/**
 * Conformance with pyimpspec's test files (GPL: read from ../shared/data/pyimpspec/, never
 * copied into this repository). Most hold one synthetic 29-point spectrum (10 kHz → 1 Hz) in
 * many layouts, so every supported file must give the same spectrum as the others, to the
 * digits the layout stores; unsupported layouts must be refused by name.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EisError } from '../src/errors.ts';
import { detectFormat, readSpectra, type FormatName, type Spectrum } from '../src/io/index.ts';

const dirUrl = new URL('../../shared/data/pyimpspec/', import.meta.url);
const dir = fileURLToPath(dirUrl);
const exists = existsSync(dir);

const read = (name: string, withName = true): Spectrum[] => readSpectra(readFileSync(`${dir}${name}`), withName ? { fileName: name } : {});

/**
 * Files with the reference spectrum, the layout, and the relative accuracy of what they store
 * (full float64 text in the CSVs and .dta; 8 significant digits in .mpt, 7 in .z, 4 to 5 in .P00
 * ("11.210e+01" for 112.0578); the polar variant and header-variant-2 carry 15).
 */
const SAME: readonly [string, FormatName, number][] = [
  ['data-comma.csv', 'csv', 0],
  ['data-comma-csv', 'csv', 0],
  ['data-semicolon.csv', 'csv', 0],
  ['data-space.csv', 'csv', 0],
  ['data-tab.csv', 'csv', 0],
  ['data-comma-decimal-separator.csv', 'csv', 0],
  ['data-comma-decimal-separator-csv', 'csv', 0],
  ['data-header-variant-1.csv', 'csv', 0],
  ['data-header-variant-2.csv', 'csv', 1e-13],
  ['data-header-variant-3.csv', 'csv', 0],
  ['data-header-variant-4.csv', 'csv', 1e-13],
  ['case-negative-real-imaginary.csv', 'csv', 0],
  ['data.dta', 'gamry', 1e-13],
  ['data-dta', 'gamry', 1e-13],
  ['data.mpt', 'biologic', 1e-7],
  ['data-mpt', 'biologic', 1e-7],
  ['data-metadata.mpt', 'biologic', 1e-7],
  ['data.z', 'zplot', 1e-6],
  ['data-z', 'zplot', 1e-6],
  ['data.P00', 'p00', 1e-3],
  ['data-P00', 'p00', 1e-3],
];

/**
 * Layouts read since 0.7: the file, its layout, the accuracy it stores (Ivium writes 6
 * significant digits) and its spectra (the workbooks hold one sheet per header variant, the
 * last one polar; the .ids two datasets).
 */
const MORE: readonly [string, FormatName, number, number][] = [
  ['data.xlsx', 'xlsx', 1e-13, 4],
  ['data-xlsx', 'xlsx', 1e-13, 4],
  ['data.ods', 'ods', 1e-13, 4],
  ['data-ods', 'ods', 1e-13, 4],
  ['data.fods', 'fods', 1e-13, 4],
  ['data.idf', 'ivium', 1e-5, 1],
  ['data-idf', 'ivium', 1e-5, 1],
  ['data.ids', 'ivium', 1e-5, 2],
  ['data-ids', 'ivium', 1e-5, 2],
  ['data.pssession', 'palmsens', 1e-13, 1],
  ['data.dfr', 'autolab-dfr', 0, 1],
  ['data-dfr', 'autolab-dfr', 0, 1],
];

const UNSUPPORTED = ['data.i2b', 'data-i2b', 'data.json'];

/** |Δf|/f and |ΔZ|/|Z| at every point within `tol` (exact equality for tol = 0). */
function expectSame(a: Spectrum, ref: Spectrum, tol: number, what: string) {
  expect(a.freq.length, what).toBe(ref.freq.length);
  for (let i = 0; i < ref.freq.length; i++) {
    const dz = Math.hypot(a.re[i]! - ref.re[i]!, a.im[i]! - ref.im[i]!) / Math.hypot(ref.re[i]!, ref.im[i]!);
    const df = Math.abs(a.freq[i]! - ref.freq[i]!) / ref.freq[i]!;
    expect(df, `${what} f[${i}]`).toBeLessThanOrEqual(tol);
    expect(dz, `${what} Z[${i}]`).toBeLessThanOrEqual(tol);
  }
}

function reversed(s: Spectrum): Spectrum {
  const r = (x: Float64Array) => Float64Array.from(x).reverse();
  return { freq: r(s.freq), re: r(s.re), im: r(s.im), meta: s.meta };
}

const missing = `pyimpspec data not found at ${dir} — conformance test skipped`;
it.skipIf(exists)(missing, () => console.warn(missing));

describe.skipIf(!exists)('pyimpspec test files (../shared/data/pyimpspec)', () => {
  const ref = () => read('data-comma.csv')[0]!;

  it('the reference: 29 points, 10 kHz → 1 Hz, capacitive', () => {
    const r = ref();
    expect(r.freq.length).toBe(29);
    expect(r.freq[0]).toBe(1e4);
    expect(r.freq[28]).toBe(1);
    expect(Array.from(r.im).every((v) => v < 0)).toBe(true);
  });

  for (const [name, format, tol] of SAME) {
    it(`${name}: ${format}, the same spectrum`, () => {
      const spectra = read(name);
      expect(spectra).toHaveLength(1);
      expect(spectra[0]!.meta.format).toBe(format);
      expect(spectra[0]!.meta.fileName).toBe(name);
      expectSame(spectra[0]!, ref(), tol, name);
      // detected from content: no file name
      expect(detectFormat(readFileSync(`${dir}${name}`))).toBe(format);
      expectSame(read(name, false)[0]!, spectra[0]!, 0, `${name} without its name`);
    });
  }

  it('the files without extension are read like their named copies', () => {
    for (const [a, b] of [['data-dta', 'data.dta'], ['data-z', 'data.z'], ['data-P00', 'data.P00'], ['data-mpt', 'data.mpt']]) {
      expect(read(a!, false)[0]!.re).toEqual(read(b!)[0]!.re);
    }
  });

  it('case-fragment.csv: six points of the spectrum', () => {
    const [s] = read('case-fragment.csv');
    const r = ref();
    const part = { freq: r.freq.slice(1, 7), re: r.re.slice(1, 7), im: r.im.slice(1, 7), meta: r.meta };
    expectSame(s!, part, 0, 'fragment');
  });

  it('several spectra in one file: CSV descending (4), CSV ascending (2), EC-Lab .mpt (3)', () => {
    const down = read('case-multiple-spectra.csv');
    expect(down).toHaveLength(4);
    down.forEach((s, k) => {
      expect(s.meta.sweep).toBe(k);
      expectSame(s, ref(), 0, `sweep ${k}`);
    });
    const up = read('case-multiple-spectra-reverse.csv');
    expect(up).toHaveLength(2);
    for (const s of up) expectSame(reversed(s), ref(), 0, 'ascending');
    const mpt = read('case-multiple-spectra.mpt');
    expect(mpt).toHaveLength(3);
    for (const s of mpt) expectSame(s, ref(), 1e-7, 'mpt');
  });

  it('drift-corrected-data.dta: the drift-corrected columns (ZrealDrCor, ZimagDrCor)', () => {
    const [s] = read('drift-corrected-data.dta');
    expect(s!.meta.columns).toEqual(['Freq', 'ZrealDrCor', 'ZimagDrCor']);
    expect(s!.meta.areaCm2).toBe(0.02);
    expect(s!.meta.notes![0]).toMatch(/drift-corrected impedance \(ZrealDrCor, ZimagDrCor\) read/);
    // the columns, taken straight from the text (decimal commas)
    const lines = readFileSync(`${dir}drift-corrected-data.dta`, 'latin1').split(/\r?\n/);
    const at = lines.findIndex((l) => l.startsWith('ZCURVE'));
    const names = lines[at + 1]!.split('\t');
    const rows = lines.slice(at + 3).filter((l) => l.startsWith('\t')).map((l) => l.split('\t'));
    const col = (n: string) => rows.map((r) => Number(r[names.indexOf(n)]!.replace(',', '.')));
    expect(s!.freq.length).toBe(rows.length);
    expect(rows.length).toBe(55);
    expect(Array.from(s!.freq)).toEqual(col('Freq'));
    expect(Array.from(s!.re)).toEqual(col('ZrealDrCor'));
    expect(Array.from(s!.im)).toEqual(col('ZimagDrCor'));
    // and not the uncorrected ones, which differ at low frequency
    expect(Array.from(s!.re)).not.toEqual(col('Zreal'));
  });

  for (const [name, format, tol, count] of MORE) {
    it(`${name}: ${format}, ${count} × the same spectrum, also without the file name`, () => {
      const spectra = read(name);
      expect(spectra).toHaveLength(count);
      spectra.forEach((s, k) => {
        expect(s.meta.format).toBe(format);
        expect(s.meta.sweep).toBe(k);
        expectSame(s, ref(), tol, `${name} #${k}`);
        // the values readers.md §9 states, independently of the CSV reference
        const last = s.freq.length - 1;
        expect(s.freq[0]).toBe(1e4);
        expect(s.freq[last]).toBe(1);
        const near = (x: number, y: number) => expect(Math.abs(x - y)).toBeLessThanOrEqual(Math.max(tol, 1e-7) * Math.abs(y) + 5e-5);
        near(s.re[0]!, 109.00918); near(s.im[0]!, -26.55568); near(s.re[last]!, 645.4787); near(s.im[last]!, -90.61813);
      });
      expect(detectFormat(readFileSync(`${dir}${name}`))).toBe(format);
      expectSame(read(name, false)[0]!, spectra[0]!, 0, `${name} without its name`);
    });
  }

  it('the workbooks: one spectrum per sheet, named after it; the polar sheet converted', () => {
    for (const name of ['data.xlsx', 'data.ods', 'data.fods']) {
      const spectra = read(name);
      expect(spectra.map((s) => s.meta.sample)).toEqual(['header-variant-1', 'header-variant-2', 'header-variant-3', 'header-variant-4']);
      expect(spectra.map((s) => s.meta.columns)).toEqual([["f", "Z'", "Z''"], ['freq', 'Zre', '-Zim'], ['frequency', 'real', 'imaginary'], ['frequency', '|Z|', '-phase']]);
    }
  });

  it('data.pssession: the instrument, title and date of the measurement', () => {
    const [s] = read('data.pssession');
    expect(s!.meta.instrument).toBe('PS4A22B003671');
    expect(s!.meta.sample).toBe('Test data');
    expect(s!.meta.date).toMatch(/^2023-08-22T/);
  });

  it('Ivium: the title as sample; a method other than Impedance is E_FORMAT naming it', () => {
    expect(read('data.idf')[0]!.meta.sample).toBe('Test');
    const text = readFileSync(`${dir}data.idf`, 'latin1').replace('Method=Impedance', 'Method=CyclicVoltammetry');
    expect(() => readSpectra(text)).toThrow(/Method=CyclicVoltammetry/);
  });

  for (const name of UNSUPPORTED) {
    it(`${name}: E_FORMAT naming the layout unknown or unsupported`, () => {
      let err: unknown;
      try {
        read(name);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(EisError);
      expect((err as EisError).code).toBe('E_FORMAT');
      expect((err as EisError).message).toMatch(new RegExp(`^cannot read "${name.replace('.', '\\.')}": (unknown|unsupported) layout`));
    });
  }

  it('every file in the folder is covered here', () => {
    const covered = new Set([...SAME.map((s) => s[0]), ...MORE.map((s) => s[0]), ...UNSUPPORTED, 'case-fragment.csv', 'case-multiple-spectra.csv', 'case-multiple-spectra-reverse.csv', 'case-multiple-spectra.mpt', 'drift-corrected-data.dta', 'README.md']);
    expect(readdirSync(dir).filter((f) => !covered.has(f))).toEqual([]);
  });
});
