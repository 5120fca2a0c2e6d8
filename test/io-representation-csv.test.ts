/**
 * The one representation CSV writer (src/io/representation-csv.ts): the header of every unit,
 * one row per point of one or several spectra with the exact float64 text, CRLF after every
 * record (RFC 4180, read back by the strict reader of test/rfc4180.ts), labels neutralised by the
 * one rule (a plain decimal number is not), typed errors for a unit mix or an unknown key.
 */
import { describe, expect, it } from 'vitest';
import { csvField, neutralise, representationHeader, representationRows, toCsv, writeRepresentationCsv, REPRESENTATION_KEYS } from '../src/io/representation-csv.ts';
import { toAdmittance, toConductivity } from '../src/index.ts';
import { readRfc4180 } from './rfc4180.ts';
import { expectError } from './helpers.ts';

const G = { thicknessCm: 0.1, areaCm2: 0.2 };
const z = { freq: [1e5, 1e3, 10], re: [100, 150, 400], im: [-1, -30, -250] };

describe('representation CSV', () => {
  it('headers: the key and the unit in ASCII', () => {
    expect(representationHeader('Y', 'S')).toEqual(['spectrum', 'freq_Hz', 'Yre_S', 'Yim_S']);
    expect(representationHeader('C', 'F')).toEqual(['spectrum', 'freq_Hz', 'Cre_F', 'Cim_F']);
    expect(representationHeader('C', 'F/cm')).toEqual(['spectrum', 'freq_Hz', 'Cre_F_per_cm', 'Cim_F_per_cm']);
    expect(representationHeader('eps', '1')).toEqual(['spectrum', 'freq_Hz', 'epsre', 'epsim']);
    expect(representationHeader('M', '1')).toEqual(['spectrum', 'freq_Hz', 'Mre', 'Mim']);
    expect(representationHeader('sigma', 'S/cm')).toEqual(['spectrum', 'freq_Hz', 'sigmare_S_per_cm', 'sigmaim_S_per_cm']);
    expect([...REPRESENTATION_KEYS]).toEqual(['Y', 'C', 'eps', 'M', 'sigma']);
    expectError(() => representationHeader('Z' as never, 'S'), 'E_ARG_RANGE', /`quantity` must be one of Y, C, eps, M, sigma/);
    expectError(() => representationHeader('Y', 'Ohm' as never), 'E_ARG_RANGE', /`unit` must be one of/);
  });

  it('several spectra: one header, a row per point, CRLF after every record, every digit read back', () => {
    const a = toAdmittance(z), b = toAdmittance({ ...z, re: z.re.map((r) => 2 * r) });
    const text = writeRepresentationCsv('Y', [{ label: 'a.mpt', data: a }, { label: '-b,c.mpt', data: b }]);
    expect(text.startsWith('spectrum,freq_Hz,Yre_S,Yim_S\r\n')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replaceAll('\r\n', '').includes('\n')).toBe(false);
    const rows = readRfc4180(text);
    expect(rows.length).toBe(1 + 2 * z.freq.length);
    rows.slice(1).forEach((r, k) => {
      const x = k < 3 ? a : b, i = k % 3;
      expect(r[0]).toBe(k < 3 ? 'a.mpt' : "'-b,c.mpt");
      expect(r.slice(1).map(Number)).toEqual([x.freq[i], x.re[i], x.im[i]]);
    });
  });

  it('rows are the cells before writing; a unit mix or no spectrum is a typed error', () => {
    const s = toConductivity(z, G);
    const rows = representationRows('sigma', [{ label: 'x', data: s }]);
    expect(rows[1]).toEqual(['x', z.freq[0], s.re[0], s.im[0]]);
    expect(toCsv(rows)).toBe(writeRepresentationCsv('sigma', [{ label: 'x', data: s }]));
    expectError(() => representationRows('Y', [{ label: 'x', data: toAdmittance(z) }, { label: 'y', data: s }]), 'E_ARG_RANGE', /spectra\[1\] \(y\) in S\/cm/);
    expectError(() => representationRows('Y', []), 'E_ARG_LENGTH', /at least one/);
  });

  it('one neutralising rule: formula-like text gets a quote, a plain decimal number does not', () => {
    for (const t of ['=1+2', '+SUM(A1)', '-cmd', '@x', '\t=1', '-2+3', '-', '-1,5', '-12.5x']) expect(neutralise(t), t).toBe(`'${t}`);
    for (const t of ['-12.5', '+3e-4', '-.5', '12', 'plain.mpt', 'R1 = 5', '']) expect(neutralise(t), t).toBe(t);
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(-Infinity)).toBe("'-Infinity");
    expect(csvField(-1e-7)).toBe('-1e-7');
  });
});
