/**
 * Hostile text: the pathological inputs of issue 10 (100 000 digits, CRs or quotes in a line, a
 * 100 000-column header, a 1 MB line of spaces, nonsense header counts), alone and inside every
 * text layout. Each is read or rejected with E_FORMAT, never another error, and in well under a
 * second: a guard against super-linear parsing (quadratic backtracking took minutes here), not a
 * benchmark — so Node only.
 */
import { describe, expect, it } from 'vitest';
import { strToU8 } from 'fflate';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EisError, show } from '../src/errors.ts';
import { readSpectra, readSpectraFile } from '../src/io/index.ts';
import { MAX_SHEETS } from '../src/io/sheets/xlsx.ts';
import { dfrText, iviumBytes, mptText, novocontrolText, odsContent, xlsxBytes, zplotwText, type Cell } from './format-writers.ts';
import { expectError } from './helpers.ts';
import { rc, sweep } from './mpr-writer.ts';

const freq = sweep(1e5, 1, 11);
const z = { freq, ...rc(freq) };

const N = 100_000;
const PAYLOADS: Record<string, string> = {
  'a line of 100 000 digits': '1'.repeat(N),
  '100 000 digits then a letter': `${'7'.repeat(N)}x`,
  '100 000 digits around a dot and an exponent': `${'1'.repeat(N / 2)}.${'2'.repeat(N / 2)}e`,
  '100 000 carriage returns': '\r'.repeat(N),
  '100 000 carriage returns then text': `${'\r'.repeat(N)}a`,
  '100 000 quote characters': '"'.repeat(N),
  'a 100 000-column header': Array.from({ length: N }, (_, i) => `c${i}`).join('\t'),
  'a 1 MB line of spaces': ' '.repeat(1 << 20),
  'a 1 MB line of spaces between two words': `a${' '.repeat(1 << 20)}b`,
  '100 000 slashes and brackets': '/('.repeat(N / 2),
  '100 000 commas': ','.repeat(N),
  '100 000 tabs': '\t'.repeat(N),
};

/** Where a payload goes: alone, as a header, as a data row, inside each layout. */
const WRAPPERS: Record<string, (p: string) => string> = {
  alone: (p) => p,
  'CSV header': (p) => `f,Z',Z''${p}\n10,1,-1\n1,2,-2\n`,
  'CSV row': (p) => `f,Z',Z''\n10,1,-1\n${p}\n1,2,-2\n`,
  'CSV field': (p) => `f,Z',Z''\n10,1,-1\n${p},1,-1\n1,2,-2\n`,
  'space-separated table': (p) => `f Z' Z''\n10 1 -1\n${p} 2 -2\n1 2 -2\n`,
  'EC-Lab names': (p) => mptText(z).replace('freq/Hz', `freq/Hz ${p}`),
  'EC-Lab row': (p) => mptText(z).replace('\n1.', `\n${p}\t1.`),
  'EC-Lab header count': (p) => mptText(z).replace('Nb header lines : 6', `Nb header lines : ${p}`),
  'ZPlotW names': (p) => zplotwText(z, 11).replace('Freq(Hz)', `Freq(Hz)${p}`),
  'ZPlotW count': (p) => zplotwText(z, 11).replace('\r\n11\r\n', `\r\n${p}\r\n`),
  'Novocontrol geometry': (p) => novocontrolText(z, 1).replace('Diameter[mm]: ', `Diameter[mm]: ${p}`),
  '.dfr count': (p) => dfrText(z).replace(' 11\r\n', ` ${p}\r\n`),
  '.fods cell': (p) => FODS.replace('<text:p>f</text:p>', `<text:p>${p}</text:p>`),
};

const FODS = odsContent([{ name: 's', rows: [['f', "Z'", "Z''"], ...freq.map((f, i) => [f, z.re[i]!, z.im[i]!])] }], true);

/**
 * Markup that a careless XML scanner handles in quadratic time (300 000 repeats: at 100 000 the
 * quadratic scans of an earlier version still finished in 0.4 s, thanks to fast indexOf).
 */
const M = 300_000;
const XML_PAYLOADS: Record<string, string> = {
  '300 000 declarations without brackets': '<!a>'.repeat(M),
  "300 000 '&' without ';'": '&'.repeat(M),
  '300 000 tags with an unclosed attribute quote': '<a b=\'>'.repeat(M),
  '300 000 unclosed comments': '<!--'.repeat(M),
  '300 000 processing instructions': '<?x?>'.repeat(M),
  'a 1 MB attribute': `<a b="${'x'.repeat(1 << 20)}"/>`,
};

function outcome(text: string): string {
  try {
    const spectra = readSpectra(text);
    for (const s of spectra) {
      expect(s.re.length).toBe(s.freq.length);
      expect([...s.freq, ...s.re, ...s.im].every(Number.isFinite)).toBe(true);
    }
    return 'read';
  } catch (e) {
    expect(e, String(e)).toBeInstanceOf(EisError);
    expect((e as EisError).code, (e as EisError).message).toBe('E_FORMAT');
    return 'E_FORMAT';
  }
}

/**
 * The time of `run` in ms: the fastest of up to three runs, repeated only while over `limit`. A
 * super-linear parser is slow every time (quadratic backtracking took minutes); a shared 2-core
 * machine under load pauses a linear one now and then (a 1.4 s run of the 100 000-column header
 * while 8 jobs shared the cores), which one repetition filters out.
 */
function fastestMs(run: () => unknown, limit: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k < 3 && best >= limit; k++) {
    const t0 = performance.now();
    run();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

describe('pathological input: read or E_FORMAT, in well under a second', () => {
  for (const [what, payload] of Object.entries(PAYLOADS)) {
    it(what, () => {
      for (const [where, wrap] of Object.entries(WRAPPERS)) {
        const text = wrap(payload);
        const ms = fastestMs(() => outcome(text), 1000);
        expect(ms, `${what} in ${where}: ${ms.toFixed(0)} ms`).toBeLessThan(1000);
      }
    });
  }

  it('XML markup in a .fods (declarations, ampersands, unclosed quotes and comments)', () => {
    for (const [what, payload] of Object.entries(XML_PAYLOADS)) {
      for (const text of [FODS.replace('<office:body>', `<office:body>${payload}`), FODS.replace('<text:p>f</text:p>', `<text:p>f</text:p>${payload}`)]) {
        const ms = fastestMs(() => outcome(text), 1000);
        expect(ms, `${what}: ${ms.toFixed(0)} ms`).toBeLessThan(1000);
      }
    }
  });

  it('a 100 000-column table is read by name', () => {
    const names = ['f', ...Array.from({ length: N - 3 }, (_, i) => `x${i}`), "Z'", "Z''"];
    const row = (f: number) => [f, ...Array.from({ length: N - 3 }, () => 0), 5, -f].join(',');
    const text = `${names.join(',')}\n${row(10)}\n${row(1)}\n`;
    let s: ReturnType<typeof readSpectra>[number] | undefined;
    expect(fastestMs(() => ([s] = readSpectra(text)), 1000)).toBeLessThan(1000);
    expect(Array.from(s!.im)).toEqual([-10, -1]);
  });

  it('"Nb header lines" nonsense is E_FORMAT naming the value, never a TypeError', () => {
    for (const n of ['0', '-5', '1e9', 'abc', '', '2', '4294967296', '99999999999999999999']) {
      const text = mptText(z).replace('Nb header lines : 6', `Nb header lines : ${n}`);
      let err: unknown;
      try { readSpectra(text); } catch (e) { err = e; }
      expect(err, n).toBeInstanceOf(EisError);
      expect((err as EisError).message).toContain(`"Nb header lines : ${n}"`);
    }
  });
});

/** Milliseconds `fn` takes, and its outcome (read or E_FORMAT). */
function timed(text: string | Uint8Array): { ms: number; spectra: ReturnType<typeof readSpectra> | undefined; error: EisError | undefined } {
  const t0 = performance.now();
  let spectra: ReturnType<typeof readSpectra> | undefined, error: EisError | undefined;
  try { spectra = readSpectra(text); } catch (e) {
    expect(e, String(e)).toBeInstanceOf(EisError);
    error = e as EisError;
  }
  return { ms: performance.now() - t0, spectra, error };
}

describe('spreadsheets: cost linear in the file, not rows × header width or sheets × rows (review findings)', () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => [1e5 / (i + 1), 10 + i, -1 - i] as Cell[]);

  it('an .xlsx whose header row has one cell at ZZZZ1 (column 475 254): 800 rows read by name, fast', () => {
    const wide: Cell[] = ['f', "Z'", "Z''", ...new Array<Cell>(475_250).fill(null), 'remark'];
    const bytes = xlsxBytes([{ name: 'data', rows: [wide, ...rows(800)] }]);
    expect(bytes.length).toBeLessThan(40_000);
    const r = timed(bytes);
    expect(r.error, r.error?.message).toBeUndefined();
    expect(r.spectra![0]!.freq.length).toBe(800);
    expect(r.spectra![0]!.re[799]).toBe(809);
    expect(r.ms, `${r.ms.toFixed(0)} ms`).toBeLessThan(500);
  });

  it('the frequency column itself far to the right (XFA…XFC, beyond 16 000) is still read, fast', () => {
    // the worksheet written directly: every row's cells in the sheet's last columns
    const cells = (r: number, v: Cell[]) => v.map((x, c) => `<c r="XF${'ABC'[c]}${r}"${typeof x === 'string' ? ' t="inlineStr"><is><t>' + x + '</t></is>' : `><v>${x}</v>`}</c>`).join('');
    const sheet = [cells(1, ['f', "Z'", "Z''"]), ...rows(800).map((v, i) => cells(i + 2, v))].map((c, i) => `<row r="${i + 1}">${c}</row>`).join('');
    const bytes = xlsxBytes([{ name: 'data', rows: [['x']] }], {
      'xl/_rels/workbook.xml.rels': strToU8('<Relationships><Relationship Id="rId7" Target="worksheets/wide.xml"/></Relationships>'),
      'xl/worksheets/wide.xml': strToU8(`<worksheet><sheetData>${sheet}</sheetData></worksheet>`),
    });
    const r = timed(bytes);
    expect(r.error, r.error?.message).toBeUndefined();
    expect(Array.from(r.spectra![0]!.im.slice(0, 2))).toEqual([-1, -2]);
    expect(r.ms, `${r.ms.toFixed(0)} ms`).toBeLessThan(500);
  });

  it('a .fods header with number-columns-repeated="1000000" then a text cell: 800 rows, fast', () => {
    const fods = odsContent([{ name: 's', rows: [['f', "Z'", "Z''"], ...rows(800)] }], true)
      .replace('<table:table-cell table:number-columns-repeated="16384"/>', '<table:table-cell table:number-columns-repeated="1000000"/><table:table-cell office:value-type="string"><text:p>remark</text:p></table:table-cell>');
    expect(fods).toContain('1000000');
    const r = timed(fods);
    expect(r.error, r.error?.message).toBeUndefined();
    expect(r.spectra![0]!.freq.length).toBe(800);
    expect(r.ms, `${r.ms.toFixed(0)} ms`).toBeLessThan(500);
  });

  it('200 <sheet> entries pointing at one 2000-row worksheet: parsed once, read once, the repeats noted', () => {
    const sheets = Array.from({ length: 200 }, (_, k) => `<sheet name="s${k}" sheetId="${k + 1}" r:id="rId7"/>`).join('');
    const bytes = xlsxBytes([{ name: 'data', rows: [['f', "Z'", "Z''"], ...rows(2000)] }], {
      'xl/workbook.xml': strToU8(`<?xml version="1.0"?><workbook xmlns:r="r"><sheets>${sheets}</sheets></workbook>`),
    });
    const r = timed(bytes);
    expect(r.error, r.error?.message).toBeUndefined();
    expect(r.spectra!.length).toBe(1);
    expect(r.spectra![0]!.meta.sample).toBe('s0');
    expect(r.spectra![0]!.meta.notes!.join(' ')).toMatch(/199 sheets point at a worksheet read already/);
    expect(r.ms, `${r.ms.toFixed(0)} ms`).toBeLessThan(500);
  });

  it('more sheets than MAX_SHEETS is E_FORMAT naming the count', () => {
    const n = MAX_SHEETS + 1;
    const sheets = Array.from({ length: n }, (_, k) => `<sheet name="s${k}" sheetId="${k + 1}" r:id="rId${k}"/>`).join('');
    const bytes = xlsxBytes([{ name: 'data', rows: [['f', "Z'", "Z''"], ...rows(3)] }], {
      'xl/workbook.xml': strToU8(`<?xml version="1.0"?><workbook xmlns:r="r"><sheets>${sheets}</sheets></workbook>`),
    });
    expectError(() => readSpectra(bytes), 'E_FORMAT', `${n} sheets`, `at most ${MAX_SHEETS}`);
  });

  it('a relationship Target "/__proto__", "/constructor" or "/toString" is E_FORMAT, never a TypeError', () => {
    for (const target of ['/__proto__', '/constructor', '/toString', '/hasOwnProperty', '__proto__']) {
      const bytes = xlsxBytes([{ name: 'data', rows: [['f', "Z'", "Z''"], ...rows(3)] }], {
        'xl/_rels/workbook.xml.rels': strToU8(`<?xml version="1.0"?><Relationships><Relationship Id="rId7" Type="worksheet" Target="${target}"/></Relationships>`),
      });
      expectError(() => readSpectra(bytes), 'E_FORMAT', 'no sheet holds a spectrum');
    }
  });
});

describe('hostile JSON: E_FORMAT naming the value, never "Cannot convert object to primitive value" (review findings)', () => {
  const EVIL = { toString: 1 };
  const session = (m: unknown, type: unknown = 'PalmSens.DataFiles.SessionFile') => JSON.stringify({ Type: type, Measurements: [m] });

  it('show() never throws and uses a constructor name only when it is a string', () => {
    expect(show(EVIL)).toBe('Object');
    expect(show(JSON.parse('{"constructor":{"name":{"toString":1}}}'))).toBe('object');
    expect(show(JSON.parse('{"constructor":{"name":"Spoof"}}'))).toBe('Spoof');
    expect(show(Object.create(null))).toBe('object');
    expect(show([1, 2])).toBe('Array(length 2)');
    expect(show(new Float64Array(3))).toBe('Float64Array(length 3)');
  });

  it('PalmSens: DataSet.Type, Title, a DataValue V and the session Type as objects', () => {
    const eis = (values: unknown[]) => ({ Title: 'T', DataSet: { Type: 'PalmSens.Data.DataSetEIS', Values: values } });
    const arr = (unit: string, v: unknown[]) => ({ Unit: { Type: `PalmSens.Units.${unit}` }, DataValues: v.map((V) => ({ V })) });
    expectError(() => readSpectra(session({ DataSet: { Type: EVIL, Values: [] } })), 'E_FORMAT', 'measurement 1', 'DataSet.Type');
    expectError(() => readSpectra(session({ Title: EVIL, DataSet: { Type: 'PalmSens.Data.DataSet', Values: [] } })), 'E_FORMAT', 'no EIS measurement', 'measurement 1 (Object)');
    expectError(() => readSpectra(session({ DataSet: { Type: JSON.parse('{"constructor":{"name":{"toString":1}}}'), Values: [] } })), 'E_FORMAT', 'DataSet.Type');
    expectError(() => readSpectra(session(eis([arr('Hertz', [EVIL]), arr('ZRe', [1]), arr('ZIm', [1])]))), 'E_FORMAT', 'PalmSens.Units.Hertz value 0 is Object, not a finite number');
    expectError(() => readSpectra(`{"Type":{"constructor":{"name":{"toString":1}}},"x":"PalmSens.DataFiles.SessionFile"}`, { format: 'palmsens' }), 'E_FORMAT', 'not a PalmSens session (Type object)');
  });

  it('eiskit JSON: meta.settings and other meta fields as such objects', () => {
    const doc = (meta: unknown) => JSON.stringify({ format: 'eiskit-spectra', version: 1, spectra: [{ freq: [1], re: [1], im: [-1], meta }] });
    expectError(() => readSpectra(doc({ settings: EVIL })), 'E_FORMAT', 'settings must be an object of strings; got Object');
    expectError(() => readSpectra(doc({ settings: JSON.parse('{"constructor":{"name":{"toString":1}}}') })), 'E_FORMAT', 'got object');
    expectError(() => readSpectra(doc({ sample: EVIL })), 'E_FORMAT', 'sample must be a string; got Object');
  });
});

describe('Ivium and ZPlotW: never reject over counts (review findings)', () => {
  const z = { freq: sweep(1e5, 1, 11), ...rc(sweep(1e5, 1, 11)) };
  const text = new TextDecoder().decode(iviumBytes([{ method: 'Impedance', title: 'A', z }]));
  const rowsAt = text.indexOf('11        \r\n') + '11        \r\n'.length;
  const row = (k: number) => { let at = rowsAt; for (let i = 0; i < k; i++) at = text.indexOf('\r\n', at) + 2; return at; };

  it('a truncated .idf ending with a line break reads the rows present, with the note', () => {
    for (const tail of ['', '\r\n', '\r\n\r\n', '\n']) {
      const cut = text.slice(0, row(7) - 2) + tail;
      const [s] = readSpectra(cut, { fileName: 'cut.idf' });
      expect(s!.freq.length, JSON.stringify(tail)).toBe(7);
      expect(s!.meta.notes!.join(' ')).toContain('announces 11 rows, the file has 7');
    }
  });

  it('a row cut mid-line, then a line break: the complete rows are read, the note says where they end', () => {
    const cut = `${text.slice(0, row(5) + 12)}\r\n`;
    const [s] = readSpectra(cut, { fileName: 'cut.idf' });
    expect(s!.freq.length).toBe(5);
    expect(s!.meta.notes!.join(' ')).toMatch(/announces 11 rows, the file has 5.*line \d+/);
  });

  it('ZPlotW rows with fewer values than the header (6 of 9) are read by name', () => {
    const full = zplotwText(z, 11);
    const short = full.split('\r\n').map((l) => (/^\d/.test(l) && l.split(', ').length === 9 ? l.split(', ').slice(0, 6).join(', ') : l)).join('\r\n');
    expect(short).not.toBe(full);
    const [s] = readSpectra(short, { fileName: 'short.z' });
    expect(s!.freq.length).toBe(11);
    expect(Array.from(s!.im)).toEqual(z.im.map((v) => Number(v.toExponential(6))));
    expect(s!.meta.notes).toContain('the column names GD, Err, Range have no values in the rows: ignored');
    // rows of differing length (every other one 6 values, the last one full): read too
    let n = 0;
    const mixed = full.split('\r\n').map((l) => (/^\d/.test(l) && l.split(', ').length === 9 && n++ % 2 === 1 ? l.split(', ').slice(0, 6).join(', ') : l)).join('\r\n');
    expect(n).toBe(11);
    expect(readSpectra(mixed)[0]!.freq.length).toBe(11);
  });
});

describe('readSpectraFile: a size cap checked before reading (review finding)', () => {
  it('a sparse 300 MiB file is E_FORMAT naming its size, without reading it; maxBytes sets the cap', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eiskit-'));
    const big = join(dir, 'big.csv');
    await writeFile(big, 'f,Z\',Z\'\'\n1,2,-3\n');
    await truncate(big, 300 * 1024 * 1024);
    const t0 = performance.now();
    const err = await readSpectraFile(big).then(() => undefined, (e: unknown) => e);
    expect(performance.now() - t0).toBeLessThan(200);
    expect(err).toBeInstanceOf(EisError);
    expect((err as EisError).code).toBe('E_FORMAT');
    expect((err as EisError).message).toMatch(/300 MiB \(314572800 bytes\).*256 MiB.*maxBytes/);
    const small = join(dir, 'small.csv');
    const text = 'f,Z\',Z\'\'\n1,2,-3\n2,2,-3\n';
    await writeFile(small, text);
    await expect(readSpectraFile(small, { maxBytes: 10 })).rejects.toThrow(new RegExp(`is ${text.length} bytes, more than the 10 bytes allowed`));
    expect((await readSpectraFile(small, { maxBytes: text.length }))[0]!.freq.length).toBe(2);
    for (const bad of [0, -1, 1.5, Number.NaN, '10']) {
      await expect(readSpectraFile(small, { maxBytes: bad as number })).rejects.toThrow(/maxBytes/);
    }
    await rm(dir, { recursive: true });
  });
});
