/**
 * The app's CSV export (app/csv.ts): RFC 4180 quoting and CRLF records, formula-injection
 * neutralisation of text cells, numbers left as numbers. Runs in Node and in Chromium. A small
 * RFC 4180 reader written from the RFC's grammar (test/rfc4180.ts) checks that any table reads back.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csvField, neutralise, toCsv } from '../app/csv.ts';
import { readRfc4180 } from './rfc4180.ts';

describe('app CSV: RFC 4180', () => {
  it('quotes fields with a comma, a quote, CR or LF, and doubles quotes; plain fields stay bare', () => {
    expect(csvField('plain name.mpt')).toBe('plain name.mpt');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField('')).toBe('');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(true)).toBe('true');
  });

  it('ends every record with CRLF and separates fields with commas', () => {
    expect(toCsv([['a', 1], ['b,c', 2.5]])).toBe('a,1\r\n"b,c",2.5\r\n');
    expect(toCsv([])).toBe('');
  });

  it('any table of text and numbers reads back field by field', () => {
    const cell = fc.oneof(fc.string({ unit: fc.constantFrom('a', ',', '"', '\r', '\n', '=', '-', ' ', '1', "'") }), fc.double({ noNaN: true, noDefaultInfinity: true }));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 5 }), (table) => {
        const back = readRfc4180(toCsv(table));
        expect(back).toEqual(table.map((r) => r.map((c) => (typeof c === 'number' ? String(c) : neutralise(c)))));
      }),
      { seed: 10, numRuns: 300 },
    );
  });
});

describe('app CSV: formula injection', () => {
  it('prefixes text starting with = + - @ tab or CR with a single quote', () => {
    expect(csvField("=cmd|' /C calc'!A0.csv")).toBe("'=cmd|' /C calc'!A0.csv");
    expect(csvField('+SUM(A1:A2)')).toBe("'+SUM(A1:A2)");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('\r=1')).toBe('"\'\r=1"'); // neutralised, then quoted for the CR
    expect(csvField('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvField('R1 = 5')).toBe('R1 = 5'); // only the first character matters
  });

  it('leaves numbers as numbers: negative values, exponents, and numeric text', () => {
    expect(csvField(-12.5)).toBe('-12.5');
    expect(csvField(-1e-7)).toBe('-1e-7');
    expect(csvField(0)).toBe('0');
    expect(csvField('-12.5')).toBe('-12.5');
    expect(csvField('+3e-4')).toBe('+3e-4');
    expect(csvField('-.5')).toBe('-.5');
    expect(csvField('-')).toBe("'-");
    expect(csvField('-1,5')).toBe('"\'-1,5"');
    expect(csvField('-12.5x')).toBe("'-12.5x");
  });

  it('non-finite numbers are text to a spreadsheet, so -Infinity is neutralised too', () => {
    expect(csvField(NaN)).toBe('NaN');
    expect(csvField(Infinity)).toBe('Infinity');
    expect(csvField(-Infinity)).toBe("'-Infinity");
  });

  it('a long hostile cell is handled in linear time', () => {
    const t0 = performance.now();
    const out = csvField(`-${'9'.repeat(200_000)}e`);
    expect(out.startsWith("'-999")).toBe(true);
    expect(csvField('"'.repeat(100_000)).length).toBe(200_002);
    expect(performance.now() - t0).toBeLessThan(500);
  });
});
