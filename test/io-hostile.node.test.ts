/**
 * Hostile text: the pathological inputs of issue 10 (100 000 digits, CRs or quotes in a line, a
 * 100 000-column header, a 1 MB line of spaces, nonsense header counts), alone and inside every
 * text layout. Each is read or rejected with E_FORMAT, never another error, and in well under a
 * second: a guard against super-linear parsing (quadratic backtracking took minutes here), not a
 * benchmark — so Node only.
 */
import { describe, expect, it } from 'vitest';
import { EisError } from '../src/errors.ts';
import { readSpectra } from '../src/io/index.ts';
import { dfrText, mptText, novocontrolText, odsContent, zplotwText } from './format-writers.ts';
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

describe('pathological input: read or E_FORMAT, in well under a second', () => {
  for (const [what, payload] of Object.entries(PAYLOADS)) {
    it(what, () => {
      for (const [where, wrap] of Object.entries(WRAPPERS)) {
        const text = wrap(payload);
        const t0 = performance.now();
        outcome(text);
        const ms = performance.now() - t0;
        expect(ms, `${what} in ${where}: ${ms.toFixed(0)} ms`).toBeLessThan(1000);
      }
    });
  }

  it('XML markup in a .fods (declarations, ampersands, unclosed quotes and comments)', () => {
    for (const [what, payload] of Object.entries(XML_PAYLOADS)) {
      for (const text of [FODS.replace('<office:body>', `<office:body>${payload}`), FODS.replace('<text:p>f</text:p>', `<text:p>f</text:p>${payload}`)]) {
        const t0 = performance.now();
        outcome(text);
        const ms = performance.now() - t0;
        expect(ms, `${what}: ${ms.toFixed(0)} ms`).toBeLessThan(1000);
      }
    }
  });

  it('a 100 000-column table is read by name', () => {
    const names = ['f', ...Array.from({ length: N - 3 }, (_, i) => `x${i}`), "Z'", "Z''"];
    const row = (f: number) => [f, ...Array.from({ length: N - 3 }, () => 0), 5, -f].join(',');
    const t0 = performance.now();
    const [s] = readSpectra(`${names.join(',')}\n${row(10)}\n${row(1)}\n`);
    expect(performance.now() - t0).toBeLessThan(1000);
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
