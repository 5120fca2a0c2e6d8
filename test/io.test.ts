/**
 * io: instrument readers against what impedance.py's own readers return for its example files,
 * detection from content, decimal commas, polar input, signs, several sweeps, aborted and cut
 * files, errors that name what is missing, decoding, and the writers' round trips.
 * Runs in Node and Chromium: fixtures come in as text through Vite's ?raw (bytes through ?url
 * and fetch in the browser; test/io-file.node.test.ts reads the real bytes in Node).
 */
import { expectError } from './helpers.ts';
import { describe, expect, it } from 'vitest';
import { detectFormat, readJson, readSpectra, writeJson, writeSpectraCsv, type FormatName, type Spectrum } from '../src/io/index.ts';
import { decodeBytes } from '../src/io/decode.ts';
import { utf16le } from './format-writers.ts';
import tv from './fixtures/impedancepy/test-vectors.json';
import csvText from './fixtures/impedancepy/exampleData.csv?raw';
import gamryText from './fixtures/impedancepy/exampleDataGamry.DTA?raw';
import biologicText from './fixtures/impedancepy/exampleDataBioLogic.mpt?raw';
import autolabText from './fixtures/impedancepy/exampleDataAutolab.txt?raw';
import parstatText from './fixtures/impedancepy/exampleDataParstat.txt?raw';
import versaText from './fixtures/impedancepy/exampleDataVersaStudio.par?raw';
import powersuiteText from './fixtures/impedancepy/exampleDataPowersuite.txt?raw';
import chiText from './fixtures/impedancepy/exampleDataCHInstruments.txt?raw';
import zplotText from './fixtures/impedancepy/exampleDataZPlot.z?raw';
import biologicUrl from './fixtures/impedancepy/exampleDataBioLogic.mpt?url';
import gamryUrl from './fixtures/impedancepy/exampleDataGamry.DTA?url';

interface Expected { file: string; n_points: number; expected_f_hz: number[]; expected_Z: { re: number[]; im: number[] } }
const pre = tv.preprocessing as unknown as Record<string, Expected>;

/** impedance.py's key in test-vectors.json → the file's text and the layout eiskit detects. */
const FILES: Record<string, { text: string; format: FormatName }> = {
  csv: { text: csvText, format: 'csv' },
  gamry: { text: gamryText, format: 'gamry' },
  biologic: { text: biologicText, format: 'biologic' },
  autolab: { text: autolabText, format: 'autolab' },
  parstat: { text: parstatText, format: 'parstat' },
  versastudio: { text: versaText, format: 'versastudio' },
  powersuite: { text: powersuiteText, format: 'powersuite' },
  chinstruments: { text: chiText, format: 'chinstruments' },
  zplot: { text: zplotText, format: 'zplot' },
};

/**
 * impedance.py's test suite asserts the Autolab and Parstat values rounded to 8 decimals (its
 * check is np.allclose); there the read value must round to the stated digits. Every other
 * expected value is the full number in the file: agreement within 1e-12 relative.
 */
const ROUNDED = new Set(['autolab', 'parstat']);

function halfLastDigit(x: number): number {
  const [mantissa, exp] = String(x).split('e');
  const decimals = (mantissa!.split('.')[1] ?? '').length - Number(exp ?? 0);
  return 0.5 * 10 ** -decimals;
}

function expectClose(actual: ArrayLike<number>, expected: readonly number[], rounded: boolean, what: string) {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!, b = expected[i]!;
    const tol = rounded ? halfLastDigit(b) + 4 * Number.EPSILON * Math.abs(b) : 1e-12 * Math.abs(b);
    expect(Math.abs(a - b), `${what}[${i}]: ${a} vs ${b}`).toBeLessThanOrEqual(tol);
  }
}

function expectFinite(spectra: readonly Spectrum[]) {
  for (const s of spectra) {
    expect(s.re.length).toBe(s.freq.length);
    expect(s.im.length).toBe(s.freq.length);
    for (let i = 0; i < s.freq.length; i++) {
      expect(s.freq[i]! > 0 && Number.isFinite(s.freq[i]!)).toBe(true);
      expect(Number.isFinite(s.re[i]!) && Number.isFinite(s.im[i]!)).toBe(true);
    }
  }
}


function windows1252(text: string): Uint8Array {
  // test texts use only Latin-1 characters, where windows-1252 and Latin-1 agree
  return Uint8Array.from(text, (c) => {
    const code = c.charCodeAt(0);
    if (code > 0xff) throw new Error(`not Latin-1: ${c}`);
    return code;
  });
}

const isBrowser = typeof document !== 'undefined';

describe('impedance.py example files: the values impedance.py 1.7.1 reads (test-vectors.json preprocessing)', () => {
  for (const [key, { text, format }] of Object.entries(FILES)) {
    it(`${key}: ${pre[key]!.file}`, () => {
      const spectra = readSpectra(text);
      expect(spectra).toHaveLength(1);
      const [s] = spectra;
      const e = pre[key]!;
      expect(s!.meta.format).toBe(format);
      expect(s!.meta.sweep).toBe(0);
      expect(s!.freq.length).toBe(e.n_points);
      expectClose(s!.freq, e.expected_f_hz, ROUNDED.has(key), 'freq');
      expectClose(s!.re, e.expected_Z.re, ROUNDED.has(key), 're');
      expectClose(s!.im, e.expected_Z.im, ROUNDED.has(key), 'im');
      expectFinite(spectra);
    });
  }

  it('meta holds what the files say, and only that', () => {
    const [g] = readSpectra(gamryText);
    expect(g!.meta).toEqual({ format: 'gamry', instrument: 'REF3000-34128', date: '4/23/2018 16:43:15', areaCm2: 1, sweep: 0, columns: ['Freq', 'Zreal', 'Zimag'] });
    const [b] = readSpectra(biologicText);
    expect(b!.meta).toEqual({ format: 'biologic', instrument: 'SP-150 (SN 10791079)', date: '02/04/2018 10:02:46', areaCm2: 0.001, sweep: 0, columns: ['freq/Hz', 'Re(Z)/Ohm', '-Im(Z)/Ohm'] });
    const [v] = readSpectra(versaText);
    expect(v!.meta).toMatchObject({ format: 'versastudio', instrument: 'VersaSTAT4', date: 'Thursday, July 19, 2018 9:40:30 AM', areaCm2: 1, columns: ['Frequency(Hz)', 'Z Real', 'Z Imag'] });
    const [c] = readSpectra(chiText);
    expect(c!.meta).toMatchObject({ instrument: 'CHI660E', date: 'Feb. 20, 2020 15:55:08', columns: ["Freq/Hz", "Z'/ohm", 'Z"/ohm'] });
    const [p] = readSpectra(powersuiteText);
    expect(p!.meta).toEqual({ format: 'powersuite', sweep: 0, columns: ['Frequency', 'Zre', 'Zimg'] });
    expect(g!.meta.temperatureK).toBeUndefined();
  });

  it('notes say what was skipped: the DC rows of the Parstat sequence, the ZPlot run that stopped early, the header-less CSV', () => {
    expect(readSpectra(parstatText)[0]!.meta.notes).toEqual(['skipped 781 rows with frequency ≤ 0 Hz (DC measurements; lines 2–782)']);
    // ZPlot planned 56 points (300 kHz → 1 Hz) and the file holds 21
    expect(readSpectra(zplotText)[0]!.meta.notes).toEqual(['the header plans 56 data points, the file has 21: the run stopped early']);
    expect(readSpectra(csvText)[0]!.meta.notes![0]).toMatch(/no header: columns 1, 2, 3 read as f \(Hz\), Z' and Z''/);
    expect(readSpectra(gamryText)[0]!.meta.notes).toBeUndefined();
  });

  it.runIf(isBrowser)('the real bytes (windows-1252 .mpt and .DTA) read the same as the text', async () => {
    for (const [url, key] of [[biologicUrl, 'biologic'], [gamryUrl, 'gamry']] as const) {
      const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
      expect(Array.from(bytes).some((b) => b > 0x7f)).toBe(true);
      const [s] = readSpectra(bytes);
      expectClose(s!.re, pre[key]!.expected_Z.re, false, 're');
      expectClose(s!.im, pre[key]!.expected_Z.im, false, 'im');
      const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      expect(readSpectra(buffer)[0]!.freq).toEqual(s!.freq);
    }
  });
});

describe('detection', () => {
  it('from content, without a file name', () => {
    for (const { text, format } of Object.values(FILES)) expect(detectFormat(text)).toBe(format);
    expect(detectFormat(writeJson([{ freq: [1], re: [1], im: [0] }]))).toBe('eiskit-json');
    expect(detectFormat("frequency;|Z|;-phase\n1000;10;5\n")).toBe('csv');
    expect(detectFormat(biologicText.split('\n').slice(60).join('\n'))).toBe('biologic'); // from the column names alone
  });

  it('the content wins over a misleading file name, which is kept in meta', () => {
    expect(detectFormat(gamryText, 'data.csv')).toBe('gamry');
    const [s] = readSpectra(zplotText, { fileName: 'run 7.txt' });
    expect(s!.meta.format).toBe('zplot');
    expect(s!.meta.fileName).toBe('run 7.txt');
  });

  it('the file name is named in errors, with the layout its extension suggests', () => {
    expectError(() => readSpectra('hello\nworld, and more\n', { fileName: 'cell3.DTA' }), 'E_FORMAT',
      /^cannot read "cell3\.DTA": unknown layout: first line "hello"/, /the name "cell3\.DTA" suggests Gamry \.DTA, but the content has none of its markers/);
    const e = expectError(() => readSpectra(gamryText.replace('ZCURVE\tTABLE', 'XCURVE\tTABLE'), { fileName: 'a.DTA' }), 'E_FORMAT',
      /^cannot read "a\.DTA" as Gamry \.DTA: no ZCURVE table \(tables: OCVCURVE, XCURVE; experiment EISPOT\)/);
    expect(e.details).toMatchObject({ fileName: 'a.DTA', format: 'gamry' });
  });

  it('options.format skips detection', () => {
    const [s] = readSpectra('f,Z\',Z\'\'\n10,1,-1\n', { format: 'csv' });
    expect(Array.from(s!.im)).toEqual([-1]);
    expectError(() => readSpectra(csvText, { format: 'gamry' }), 'E_FORMAT', /^cannot read the input as Gamry \.DTA: no ZCURVE table/);
    expectError(() => readSpectra(csvText, { format: 'xls' as FormatName }), 'E_ARG_RANGE', /`format` must be one of/);
    expectError(() => readSpectra(csvText, { filename: 'x' } as never), 'E_ARG_RANGE', /`filename` is not an option/);
    expectError(() => readSpectra(42 as never), 'E_ARG_TYPE', /must be a string, a Uint8Array or an ArrayBuffer/);
  });
});

describe('generic tables', () => {
  const f = [1e4, 1e3, 100, 10];
  const re = [101.5, 150.25, 400.125, 900.0625];
  const im = [-20.5, -180.75, -300.5, -150.25];
  const rows = (fmt: (i: number) => string) => f.map((_, i) => fmt(i)).join('\n');

  it('delimiters , ; tab and spaces, with and without decimal commas', () => {
    const variants = [
      `f,Z',Z''\n${rows((i) => `${f[i]},${re[i]},${im[i]}`)}`,
      `f;Z';Z''\n${rows((i) => `${f[i]};${re[i]};${im[i]}`)}`,
      `f\tZ'\tZ''\n${rows((i) => `${f[i]}\t${re[i]}\t${im[i]}`)}`,
      `f   Z'   Z''\n${rows((i) => `${f[i]}   ${re[i]}  ${im[i]}`)}`,
      `f;Z';Z''\n${rows((i) => `${f[i]};${re[i]};${im[i]}`.replace(/\./g, ','))}`,
      `f\tZ'\tZ''\n${rows((i) => `${f[i]}\t${re[i]}\t${im[i]}`.replace(/\./g, ','))}`,
      `f Z' Z''\n${rows((i) => `${f[i]} ${re[i]} ${im[i]}`.replace(/\./g, ','))}`,
      // header-less, decimal comma, tab
      rows((i) => `${f[i]}\t${re[i]}\t${im[i]}`.replace(/\./g, ',')),
    ];
    for (const text of variants) {
      const [s] = readSpectra(text);
      expect(Array.from(s!.freq), text).toEqual(f);
      expect(Array.from(s!.re), text).toEqual(re);
      expect(Array.from(s!.im), text).toEqual(im);
    }
  });

  it('decimal commas in Gamry and EC-Lab exports (Windows locale)', () => {
    // the ZCURVE rows with ',' for '.': what Framework writes on a German Windows
    const lines = gamryText.split('\n');
    const at = lines.findIndex((l) => l.startsWith('ZCURVE'));
    const comma = [...lines.slice(0, at + 3), ...lines.slice(at + 3).map((l) => l.replace(/\./g, ','))].join('\n');
    const [a] = readSpectra(comma), [b] = readSpectra(gamryText);
    expect(a!.freq).toEqual(b!.freq);
    expect(a!.re).toEqual(b!.re);
    expect(a!.im).toEqual(b!.im);
    const mptLines = biologicText.split('\n');
    const mpt = [...mptLines.slice(0, 61), ...mptLines.slice(61).map((l) => l.replace(/\./g, ','))].join('\n');
    expect(readSpectra(mpt)[0]!.re).toEqual(readSpectra(biologicText)[0]!.re);
  });

  it('header aliases', () => {
    const body = rows((i) => `${f[i]},${re[i]},${im[i]}`);
    const neg = rows((i) => `${f[i]},${re[i]},${-im[i]!}`);
    for (const h of ["f,Z',Z''", 'freq,Zre,Zim', 'frequency,real,imaginary', 'Frequency (Hz),Re(Z) (Ohm),Im(Z) (Ohm)', 'freq/Hz,Re(Z)/Ohm,Im(Z)/Ohm', 'Freq,Zreal,Zimag', 'freq_Hz,Zre_Ohm,Zim_Ohm', "f,z',z\""]) {
      expect(Array.from(readSpectra(`${h}\n${body}`)[0]!.im), h).toEqual(im);
    }
    for (const h of ["f,Z',-Z''", 'freq,Zre,-Zim', 'frequency,real,-Im(Z)', "Frequency (Hz),Z' (Ω),-Z'' (Ω)", 'freq/Hz,Re(Z)/Ohm,-Im(Z)/Ohm', 'f,Z\',−Z\'\'']) {
      expect(Array.from(readSpectra(`${h}\n${neg}`)[0]!.im), h).toEqual(im);
    }
    // a unit with a prefix is converted
    const [k] = readSpectra(`f/kHz,Z'/kOhm,Z''/kOhm\n1,2,-3\n`);
    expect([k!.freq[0], k!.re[0], k!.im[0]]).toEqual([1000, 2000, -3000]);
  });

  it('polar input: |Z| with phase in degrees, -phase allowed', () => {
    const mod = f.map((_, i) => Math.hypot(re[i]!, im[i]!));
    const phase = f.map((_, i) => (Math.atan2(im[i]!, re[i]!) * 180) / Math.PI);
    for (const [h, sign] of [['frequency,|Z|,phase', 1], ['frequency,|Z|,-phase', -1], ['Freq/Hz,|Z|/Ohm,Phase(Z)/deg', 1], ["f,Z,-Phase (°)", -1]] as const) {
      const [s] = readSpectra(`${h}\n${rows((i) => `${f[i]},${mod[i]},${sign * phase[i]!}`)}`);
      expect(s!.meta.columns.length).toBe(3);
      for (let i = 0; i < f.length; i++) {
        expect(Math.abs(s!.re[i]! - re[i]!) / mod[i]!, h).toBeLessThan(1e-14);
        expect(Math.abs(s!.im[i]! - im[i]!) / mod[i]!, h).toBeLessThan(1e-14);
      }
    }
    const [r] = readSpectra(`f,|Z|,phase (rad)\n10,2,${-Math.PI / 2}\n`);
    expect(Math.abs(r!.re[0]!)).toBeLessThan(1e-15);
    expect(r!.im[0]).toBeCloseTo(-2, 15);
  });

  it('sign conventions: the file\'s −Im Z or −Z\'\' becomes the physical Im Z (capacitive < 0)', () => {
    // EC-Lab stores -Im(Z): the file's 3.8998979E-001 is Im Z = -0.38998979
    expect(biologicText).toContain('1.0003201E+003\t6.5470886E+001\t3.8998979E-001');
    expect(readSpectra(biologicText)[0]!.im[0]).toBe(-0.38998979);
    // Gamry's Zimag, ZPlot's Z''(b) are Im Z as they stand
    expect(readSpectra(gamryText)[0]!.im[0]).toBe(-1367.239);
    expect(readSpectra(zplotText)[0]!.im[0]).toBe(-11.335);
    // -Z' and -Z'' headers (both negated)
    const [s] = readSpectra("f,-Z',-Z''\n100,-5,2\n");
    expect([s!.re[0], s!.im[0]]).toEqual([5, -2]);
  });

  it('a file without a header must have exactly three columns', () => {
    expectError(() => readSpectra('1,2,3,4\n5,6,7,8\n'), 'E_FORMAT', /no header and 4 columns: a file without a header must have exactly 3 columns \(f, Z', Z''\)/);
  });
});

describe('several sweeps in one file', () => {
  const sweep = (f0: number, n: number, up = false) => Array.from({ length: n }, (_, i) => `${up ? f0 * 10 ** (i / 2) : f0 / 10 ** (i / 2)},${10 + i},${-1 - i}`);

  it('CSV: split where the frequency restarts, descending or ascending', () => {
    const down = readSpectra(["f,Z',Z''", ...sweep(1e4, 9), ...sweep(1e4, 9), ...sweep(1e3, 5)].join('\n'));
    expect(down.map((s) => s.freq.length)).toEqual([9, 9, 5]);
    expect(down.map((s) => s.meta.sweep)).toEqual([0, 1, 2]);
    const up = readSpectra(["f,Z',Z''", ...sweep(1, 7, true), ...sweep(1, 7, true)].join('\n'));
    expect(up.map((s) => s.freq.length)).toEqual([7, 7]);
    expect(up[1]!.freq[0]).toBe(1);
  });

  it('CSV: a repeated header starts a sweep even where the frequency goes on', () => {
    const s = readSpectra(["f,Z',Z''", ...sweep(1e4, 5), '', "f,Z',Z''", ...sweep(10, 4)].join('\n'));
    expect(s.map((x) => x.freq.length)).toEqual([5, 4]);
  });

  it('EC-Lab: split where "cycle number" changes and where the frequency restarts', () => {
    const lines = biologicText.split(/\r?\n/);
    const header = lines.slice(0, 61), data = lines.slice(61).filter((l) => l !== '');
    const cycle2 = data.map((l) => l.replace(/\t1\.000000000000000E\+000\t/, '\t2.000000000000000E+000\t'));
    expect(cycle2[0]).not.toBe(data[0]);
    // cycle 1 holds the first 20 points, cycle 2 the rest: the frequency goes on falling, only the counter separates them
    const byCycle = readSpectra([...header, ...data.slice(0, 20), ...cycle2.slice(20)].join('\n'));
    expect(byCycle.map((s) => s.freq.length)).toEqual([20, 23]);
    expect(readSpectra([...header, ...data].join('\n'))).toHaveLength(1);
    const byRestart = readSpectra([...header, ...data, ...data].join('\n'));
    expect(byRestart.map((s) => s.freq.length)).toEqual([43, 43]);
    expect(byRestart[1]!.re).toEqual(byRestart[0]!.re);
  });

  it('Parstat: DC rows between two EIS blocks separate the sweeps', () => {
    const lines = parstatText.split('\n').filter((l) => l !== '');
    const eis = lines.filter((l) => l.split('\t')[3] !== '0').slice(1);
    const dc = lines.slice(1, 4);
    const s = readSpectra([lines[0], ...dc, ...eis.slice(0, 10), ...dc, ...eis.slice(10)].join('\n'));
    expect(s.map((x) => x.freq.length)).toEqual([10, 21]);
    expect(s[0]!.meta.notes![0]).toMatch(/skipped 6 rows with frequency ≤ 0 Hz/);
  });
});

describe('aborted runs and cut files: complete rows and a note, never NaN', () => {
  it('Gamry: a last row cut short is dropped with a note', () => {
    const cut = gamryText.slice(0, gamryText.lastIndexOf('\t-6635.557'));
    const spectra = readSpectra(cut);
    expect(spectra[0]!.freq.length).toBe(71);
    expect(spectra[0]!.meta.notes).toEqual(['line 520 is incomplete (4 of 11 values) where the file ends: dropped']);
    expectFinite(spectra);
    // cut inside a number
    const mid = gamryText.slice(0, gamryText.lastIndexOf('17007.49') + 3);
    expect(readSpectra(mid)[0]!.meta.notes![0]).toMatch(/^line 520 is incomplete/);
  });

  it('Gamry: fewer rows than the table announces, and EXPERIMENTABORTED', () => {
    const lines = gamryText.split('\n');
    const at = lines.findIndex((l) => l.startsWith('ZCURVE'));
    const aborted = [...lines.slice(0, at), 'ZCURVE\tTABLE\t72', ...lines.slice(at + 1, at + 3 + 30)].join('\n');
    const [s] = readSpectra(aborted);
    expect(s!.freq.length).toBe(30);
    expect(s!.meta.notes).toEqual(['the ZCURVE table announces 72 rows, the file has 30: the run stopped early']);
    const flagged = [...lines.slice(0, at), 'EXPERIMENTABORTED\tTOGGLE\tT\tExperiment Aborted', ...lines.slice(at, at + 3 + 30)].join('\n');
    expect(readSpectra(flagged)[0]!.meta.notes).toEqual(['the experiment was aborted (EXPERIMENTABORTED): the spectrum ends early']);
  });

  it('Gamry: an empty ZCURVE table, and one without Zimag', () => {
    const lines = gamryText.split('\n');
    const at = lines.findIndex((l) => l.startsWith('ZCURVE'));
    expectError(() => readSpectra(lines.slice(0, at + 3).join('\n')), 'E_FORMAT', /the ZCURVE table is empty/);
    expectError(() => readSpectra(lines.slice(0, at + 1).join('\n')), 'E_FORMAT', /the ZCURVE table is empty/);
    const noIm = gamryText.replace('\tZimag\t', '\tZimg?\t');
    expectError(() => readSpectra(noIm), 'E_FORMAT', /no imaginary-part column \(Zimag\) in the ZCURVE table \(columns: Pt, Time, Freq, Zreal, Zimg\?, Zsig/);
  });

  it('EC-Lab, CSV, ZPlot: a cut last line', () => {
    const mpt = biologicText.trimEnd();
    const [b] = readSpectra(mpt.slice(0, mpt.length - 40));
    expect(b!.freq.length).toBe(42);
    expect(b!.meta.notes![0]).toMatch(/^line 104 is incomplete \(\d+ of 18 values\) where the file ends: dropped$/);
    const [c] = readSpectra(csvText.slice(0, csvText.lastIndexOf(',')));
    expect(c!.freq.length).toBe(65);
    expect(c!.meta.notes).toContain('line 66 is incomplete (2 of 3 values) where the file ends: dropped');
    const [z] = readSpectra(zplotText.trimEnd().slice(0, -30));
    expect(z!.freq.length).toBe(20);
    expect(z!.meta.notes).toHaveLength(2);
    expect(Array.from(readSpectra('1000;1,5;-2,25')[0]!.im)).toEqual([-2.25]); // one point, no header
    const [e] = readSpectra("f,Z',Z''\n10,1,-1\n1,2,-\n");
    expect(e!.meta.notes).toEqual(['line 3 is incomplete (Z\'\' is "-", not a number) where the file ends: dropped']);
  });

  it('a short or broken row inside the file is an error naming the line', () => {
    const lines = csvText.split('\n');
    lines[56] = lines[56]!.slice(0, lines[56]!.lastIndexOf(','));
    expectError(() => readSpectra(["f,Z',Z''", ...lines].join('\n')), 'E_FORMAT', /line 58 has 2 values, the header 3/);
    expectError(() => readSpectra("f,Z',Z''\n10,1,-1\n5,x,-2\n1,2,-3\n"), 'E_FORMAT', /line 3: Z' is "x", not a number/);
    expectError(() => readSpectra("f,Z',Z''\n10,1,NaN\n1,2,-3\n"), 'E_FORMAT', /line 2: Z'' is "NaN", not a number/);
  });
});

describe('errors name what is missing', () => {
  it('missing columns', () => {
    expectError(() => readSpectra('a,b,c\n1,2,3\n'), 'E_FORMAT', /no frequency column \(columns: a, b, c; expected a name such as f, freq or frequency\)/);
    expectError(() => readSpectra("f,Z'\n1,2\n"), 'E_FORMAT', /no imaginary-part column \(columns: f, Z'/);
    expectError(() => readSpectra("f,Z''\n1,2\n"), 'E_FORMAT', /no real-part column \(columns: f, Z''/);
    expectError(() => readSpectra('f,|Z|,T\n1,2,3\n'), 'E_FORMAT', /no phase column for \|Z\|/);
    const noFreq = biologicText.replace('freq/Hz\t', 'fr/Hz?\t').replace('Nb header lines : 61', 'Nb header lines : 61');
    expectError(() => readSpectra(noFreq), 'E_FORMAT', /as BioLogic EC-Lab \.mpt: no frequency column \(columns: fr\/Hz\?, Re\(Z\)\/Ohm/);
  });

  it('empty input, unknown and unsupported layouts', () => {
    expectError(() => readSpectra(''), 'E_FORMAT', /the input is empty/);
    expectError(() => readSpectra(' \n\t\n'), 'E_FORMAT', /the input is empty/);
    expectError(() => readSpectra(new Uint8Array(0)), 'E_FORMAT', /the input is empty/);
    expectError(() => readSpectra('Some metadata\ncan be stored\nhere\n\n3\n1 2 3\n4 5 6\n'), 'E_FORMAT', /unknown layout: first line "Some metadata"/);
    expectError(() => readSpectra(Uint8Array.of(0x50, 0x4b, 3, 4, 20, 0, 8, 8, 0x99, 0xff)), 'E_FORMAT', /as Excel workbook \(\.xlsx\): not a readable ZIP archive/);
    expectError(() => readSpectra('PK\u0003\u0004 and more'), 'E_FORMAT', /unsupported layout: a ZIP archive \(\.xlsx or \.ods\) passed as text: pass its bytes/);
    expectError(() => readSpectra('{"f (Hz)": {"0": 1}}'), 'E_FORMAT', /unsupported layout: JSON that is not an eiskit-spectra document/);
    expectError(() => readSpectra('VERSION8.0\n 29\n 1\n'), 'E_FORMAT', /as Autolab FRA \.dfr: no impedance data \(0 complete points/);
    expectError(() => readSpectra('header only: f,Z\',Z\'\'\n'), 'E_FORMAT', /unknown layout/);
    expectError(() => readSpectra("f,Z',Z''\n"), 'E_FORMAT', /unknown layout/);
    expectError(() => readSpectra("f,Z',Z''\n0,1,2\n0,1,2\n"), 'E_FORMAT', /no impedance data: every row has frequency ≤ 0 Hz \(lines 2–3/);
    // a DC row needs no impedance values
    expect(readSpectra("f,Z',Z''\n0,,\n10,1,-1\n")[0]!.meta.notes).toEqual(['skipped 1 row with frequency ≤ 0 Hz (DC measurements; line 2)']);
    expectError(() => detectFormat('\u0000\u0001binary'), 'E_FORMAT', /unsupported layout: binary data/);
  });
});

describe('decoding', () => {
  const text = "f;Z' (µΩ);Z'';Cs/µF\n1000;1,5;-2,5;3\n";
  it('UTF-8 (with and without BOM), windows-1252, UTF-16LE/BE with BOM', () => {
    const utf8 = new TextEncoder().encode(text);
    expect(decodeBytes(utf8)).toBe(text);
    expect(decodeBytes(Uint8Array.of(0xef, 0xbb, 0xbf, ...utf8))).toBe(text);
    const latin = "EC-Lab: cm² µF 25 °C";
    expect(decodeBytes(windows1252(latin))).toBe(latin);
    expect(decodeBytes(utf16le(`\ufeff${text}`))).toBe(text);
    expect(decodeBytes(utf16le(text))).toBe(text);
    const be = utf16le(`\ufeff${text}`);
    for (let i = 0; i < be.length; i += 2) [be[i], be[i + 1]] = [be[i + 1]!, be[i]!];
    expect(decodeBytes(be)).toBe(text);
  });

  it('an EC-Lab file as windows-1252 bytes (as EC-Lab writes it) reads like its text', () => {
    // ?raw gives the text with U+FFFD where the file has µ and ²; put them back, then encode
    const restored = biologicText.replace('cm\ufffd', 'cm²').replace(/\/\ufffdF/g, '/µF');
    expect(restored).not.toContain('\ufffd');
    const [a] = readSpectra(windows1252(restored)), [b] = readSpectra(biologicText);
    expect(a!.re).toEqual(b!.re);
    expect(a!.meta).toEqual(b!.meta);
    const [c] = readSpectra(utf16le(`\ufeff${restored}`).buffer as ArrayBuffer);
    expect(c!.im).toEqual(b!.im);
  });
});

describe('writers', () => {
  const a: Spectrum = readSpectra(gamryText)[0]!;
  const b = { freq: [1e6, 12345.678901234567, 1e-3], re: [1e-300, 5e300, -0.1], im: [-1.5e-7, 0, 1 / 3] };

  it('writeSpectraCsv round-trips exactly, sweeps included', () => {
    const text = writeSpectraCsv([a, b]);
    expect(text.startsWith('freq_Hz,Zre_Ohm,Zim_Ohm\n200015.6,825.8584,-1367.239\n')).toBe(true);
    const back = readSpectra(text);
    expect(back).toHaveLength(2);
    expect(back[0]!.freq).toEqual(a.freq);
    expect(back[0]!.re).toEqual(a.re);
    expect(back[0]!.im).toEqual(a.im);
    expect(Array.from(back[1]!.freq)).toEqual(b.freq);
    expect(Array.from(back[1]!.re)).toEqual(b.re);
    expect(Array.from(back[1]!.im)).toEqual(b.im);
    expect(back[1]!.meta).toEqual({ format: 'csv', sweep: 1, columns: ['freq_Hz', 'Zre_Ohm', 'Zim_Ohm'] });
    // two sweeps the frequency alone would not separate, and one in no order: the blocks decide
    const two = readSpectra(writeSpectraCsv([{ freq: [100, 10], re: [1, 2], im: [0, 0] }, { freq: [5, 1], re: [3, 4], im: [0, 0] }]));
    expect(two.map((s) => s.freq.length)).toEqual([2, 2]);
    const shuffled = readSpectra(writeSpectraCsv([{ freq: [10, 1000, 1, 100], re: [1, 2, 3, 4], im: [0, 0, 0, 0] }]));
    expect(shuffled.map((s) => Array.from(s.freq))).toEqual([[10, 1000, 1, 100]]);
  });

  it('writeJson/readJson round-trip exactly with meta; readSpectra reads the JSON too', () => {
    const json = writeJson([a, b]);
    const doc = JSON.parse(json);
    expect(doc.format).toBe('eiskit-spectra');
    expect(doc.version).toBe(1);
    const back = readJson(json);
    expect(back[0]).toEqual(a);
    expect(back[1]!.freq).toEqual(Float64Array.from(b.freq));
    expect(back[1]!.meta).toEqual({ format: 'eiskit-json', sweep: 1, columns: [] });
    expect(readSpectra(json)).toEqual(back);
    expect(readSpectra(new TextEncoder().encode(json), { fileName: 'x.json' })[0]).toEqual(a);
  });

  it('readJson rejects other versions and other documents', () => {
    const json = writeJson([b]);
    expectError(() => readJson(json.replace('"version":1', '"version":2')), 'E_FORMAT', /eiskit-spectra version 2 is not supported \(this eiskit reads version 1\)/);
    expectError(() => readSpectra(json.replace('"version":1', '"version":2')), 'E_FORMAT', /version 2 is not supported/);
    expectError(() => readJson(json.replace('"version":1,', '')), 'E_FORMAT', /version undefined is not supported/);
    expectError(() => readJson(json.replace('eiskit-spectra', 'other')), 'E_FORMAT', /not an eiskit-spectra document \(format: "other"\)/);
    expectError(() => readJson('{"format":"eiskit-spectra","version":1,"spectra":[{"freq":[1,2],"re":[1,null],"im":[0,0]}]}'), 'E_FORMAT', /spectra\[0\]\.re\[1\] is null, not a finite number/);
    expectError(() => readJson('{"format":"eiskit-spectra","version":1,"spectra":[{"freq":[0],"re":[1],"im":[0]}]}'), 'E_FORMAT', /spectra\[0\]\.freq\[0\] is 0; frequencies must be > 0 Hz/);
    expectError(() => readJson('{"format":"eiskit-spectra",'), 'E_FORMAT', /not JSON/);
  });

  it('the writers check their input', () => {
    expectError(() => writeSpectraCsv([]), 'E_ARG_LENGTH', /at least one spectrum/);
    expectError(() => writeJson([{ freq: [1, 2], re: [1], im: [1, 2] }]), 'E_ARG_LENGTH', /spectra\[0\]` has 2 frequencies but 1 re/);
    expectError(() => writeSpectraCsv([{ freq: [0], re: [1], im: [1] }]), 'E_NONPOSITIVE_FREQ');
    expectError(() => writeJson({} as never), 'E_ARG_TYPE');
  });
});
