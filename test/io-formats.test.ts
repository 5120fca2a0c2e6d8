/**
 * The readers added for issue 10 on synthetic files (test/format-writers.ts writes them from the
 * layouts in readers.md): Novocontrol/NEISYS, ZPlotW, PalmSens, Autolab .dfr, Ivium, .xlsx,
 * .ods, .fods. Every spectrum is an analytic R0 + R1‖C1 circuit (capacitive: Im Z < 0), so the
 * sign conventions of each layout are checked against the physics, not against another reader.
 */
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { detectFormat, readSpectra, readableFormats, writeJson, readJson, FORMAT_NAMES, type Spectrum } from '../src/io/index.ts';
import { expectError } from './helpers.ts';
import { dfrText, iviumBytes, mptText, novocontrolText, odsBytes, odsContent, pssessionBytes, xlsxBytes, zplotwText, type SheetSpec, type Z } from './format-writers.ts';
import { rc, sweep } from './mpr-writer.ts';

const freq = sweep(1e6, 0.1, 36);
const Z0: Z = { freq, ...rc(freq, 15, 2600, 2e-9) };

/** Every point within `tol` relative of the circuit. */
function expectCircuit(s: Spectrum, tol: number, z: Z = Z0) {
  expect(s.freq.length).toBe(z.freq.length);
  for (let i = 0; i < z.freq.length; i++) {
    expect(Math.abs(s.freq[i]! - z.freq[i]!) / z.freq[i]!, `f[${i}]`).toBeLessThanOrEqual(tol);
    const dz = Math.hypot(s.re[i]! - z.re[i]!, s.im[i]! - z.im[i]!) / Math.hypot(z.re[i]!, z.im[i]!);
    expect(dz, `Z[${i}]`).toBeLessThanOrEqual(tol);
  }
  expect(Math.max(...s.im)).toBeLessThan(0);
}

describe('EC-Lab .mpt (synthetic)', () => {
  it('sweeps by cycle number, −Im(Z) negated, decimal commas, area from the header', () => {
    for (const comma of [false, true]) {
      const spectra = readSpectra(mptText(Z0, 3, comma));
      expect(spectra.map((s) => s.meta.sweep)).toEqual([0, 1, 2]);
      for (const s of spectra) {
        expect(s.meta.format).toBe('biologic');
        expect(s.meta.areaCm2).toBe(0.196);
        expectCircuit(s, 1e-7);
      }
    }
  });
});

describe('EC-Lab .mpt rows that end early', () => {
  it('a row inside the file without its trailing columns is read from the left; one without Z is an error naming the line', () => {
    const lines = mptText(Z0).split('\n');
    lines[10] = lines[10]!.split('\t').slice(0, 3).join('\t'); // freq, Re, −Im only
    const [s] = readSpectra(lines.join('\n'));
    expectCircuit(s!, 1e-7);
    lines[10] = lines[10]!.split('\t').slice(0, 2).join('\t');
    expectError(() => readSpectra(lines.join('\n')), 'E_FORMAT', /line 11 has 2 values, the header 8/);
  });
});

describe('Novocontrol / NEISYS text export', () => {
  it('variant 1: sample, geometry (mm → cm) and AC voltage into meta; Zs\'\' with the physical sign', () => {
    const [s, ...more] = readSpectra(novocontrolText(Z0, 1));
    expect(more).toHaveLength(0);
    expect(s!.meta.format).toBe('novocontrol');
    expectCircuit(s!, 1e-5);
    expect(s!.meta.columns).toEqual(['Freq.[Hz]', "Zs'[ohm]", "Zs''[ohm]"]);
    expect(s!.meta.sample).toBe('LLZO pellet 3');
    expect(s!.meta.date).toBe('12.03.2021 14:22');
    expect(s!.meta.diameterCm).toBeCloseTo(1.3, 12);
    expect(s!.meta.thicknessCm).toBeCloseTo(0.075, 12);
    expect(s!.meta.areaCm2).toBeCloseTo(Math.PI * 0.65 ** 2, 12);
    expect(s!.meta.notes).toEqual(['areaCm2 is π·(d/2)² from the geometry line\'s Diameter[mm]: 13']);
    expect(s!.meta.settings).toEqual({ 'Spacer Capacity[pF]': '0', 'Spacer Area[mm^2]': '0', 'Edge Correction': 'On', 'AC Volt [Vrms]': '7.1000e-03' });
  });

  it("variant 2 (comment lines, a blank line, double tabs) and the Z'[ohm]/Z''[ohm] names", () => {
    const [a] = readSpectra(novocontrolText(Z0, 2));
    expect(a!.meta.format).toBe('novocontrol');
    expectCircuit(a!, 1e-5);
    const [b] = readSpectra(novocontrolText(Z0, 2, ["Z'[Ohm]", "Z''[Ω]"]));
    expect(b!.meta.format).toBe('novocontrol');
    expectCircuit(b!, 1e-5);
    // meta survives eiskit's JSON
    const [c] = readJson(writeJson([a!]));
    expect(c!.meta.thicknessCm).toBe(a!.meta.thicknessCm);
    expect(c!.meta.settings).toEqual(a!.meta.settings);
  });
});

describe('ZPlot 3.2c "ZPlotW Data File" (no comment block)', () => {
  it('the quoted space-aligned header over comma-separated rows; a count line that disagrees is noted', () => {
    const [s] = readSpectra(zplotwText(Z0, 79), { fileName: 'run.z' });
    expect(s!.meta.format).toBe('zplot');
    expect(s!.meta.columns).toEqual(['Freq(Hz)', "Z'(a)", "Z''(b)"]);
    expectCircuit(s!, 1e-6);
    expect(s!.meta.notes).toEqual(['the header announces 79 points, the file has 36: the run stopped early']);
    expect(readSpectra(zplotwText(Z0, 36))[0]!.meta.notes).toBeUndefined();
  });
});

describe('PalmSens .pssession', () => {
  it('UTF-16LE JSON with a stray BOM at the end; im = −ZIm; non-EIS measurements skipped with a note', () => {
    const bytes = pssessionBytes(Z0);
    expect(detectFormat(bytes)).toBe('palmsens');
    const [s, ...more] = readSpectra(bytes);
    expect(more).toHaveLength(0);
    expectCircuit(s!, 1e-14);
    expect(s!.meta.sample).toBe('Cell 2');
    expect(s!.meta.instrument).toBe('PS4X');
    expect(s!.meta.notes).toEqual(['measurement 1 ("CV first") is PalmSens.Data.DataSet, not EIS: skipped']);
  });

  it('broken sessions: E_FORMAT naming what is missing', () => {
    const text = new TextDecoder('utf-16le').decode(pssessionBytes(Z0));
    expectError(() => readSpectra(text.replace('"PalmSens.Units.ZIm"', '"PalmSens.Units.Other"')), 'E_FORMAT', /measurement 2: no ZIm array/);
    expectError(() => readSpectra(text.replace('"Cell 2"', '"Cell 2",')), 'E_FORMAT', /not valid JSON/);
    expectError(() => readSpectra(text.replace('DataSetEIS', 'DataSetCV')), 'E_FORMAT', /no EIS measurement in the session/);
  });
});

describe('Autolab FRA .dfr', () => {
  it('9 lines per point, −Z\'\' negated; a count beyond the file is noted', () => {
    const [s] = readSpectra(dfrText(Z0));
    expect(s!.meta.format).toBe('autolab-dfr');
    expectCircuit(s!, 0);
    const [t] = readSpectra(dfrText(Z0, 40));
    expect(t!.meta.notes).toEqual(['line 2 announces 40 points, the file holds 36: the run stopped early']);
    expectError(() => readSpectra('VERSION8.0\n 2\n 1\n 100\n abc\n'), 'E_FORMAT', /no impedance data/);
    const lines = dfrText(Z0).split('\r\n');
    lines[4] = ' 1.2.3';
    expectError(() => readSpectra(lines.join('\r\n')), 'E_FORMAT', /line 5 \(point 1\) is "1\.2\.3", not a number/);
  });
});

describe('Ivium .idf/.ids', () => {
  it('one spectrum per primary_data block; the title as sample; the Method must be Impedance', () => {
    const z2 = { freq, ...rc(freq, 30, 5000, 1e-9) };
    const spectra = readSpectra(iviumBytes([{ method: 'Impedance', title: 'A', z: Z0 }, { method: 'Impedance', title: 'B', z: z2 }]));
    expect(spectra.map((s) => [s.meta.format, s.meta.sample, s.meta.sweep])).toEqual([['ivium', 'A', 0], ['ivium', 'B', 1]]);
    expectCircuit(spectra[0]!, 1e-5);
    expectCircuit(spectra[1]!, 1e-5, z2);
    expectError(() => readSpectra(iviumBytes([{ method: 'CyclicVoltammetry', title: 'A', z: Z0 }])), 'E_FORMAT', /not an impedance measurement \(Method=CyclicVoltammetry\)/);
  });
});

const rows = (names: string[], z: Z, map: (i: number) => number[]): (string | number)[][] => [names, ...z.freq.map((_, i) => map(i))];
const SHEETS: SheetSpec[] = [
  { name: 'notes', rows: [['operator', 'A. N. Other'], ['cell', 'Li|LLZO|Li']] },
  { name: 'cartesian', rows: rows(['frequency', "Z'", "-Z''"], Z0, (i) => [Z0.freq[i]!, Z0.re[i]!, -Z0.im[i]!]) },
  { name: 'polar', rows: rows(['f', '|Z|', '-phase'], Z0, (i) => [Z0.freq[i]!, Math.hypot(Z0.re[i]!, Z0.im[i]!), -Math.atan2(Z0.im[i]!, Z0.re[i]!) * 180 / Math.PI]) },
];

describe('spreadsheets', () => {
  it('.xlsx: one spectrum per sheet with recognised headers (shared and inline strings), the others noted', () => {
    const bytes = xlsxBytes(SHEETS);
    expect(detectFormat(bytes)).toBe('xlsx');
    const spectra = readSpectra(bytes);
    expect(spectra.map((s) => s.meta.sample)).toEqual(['cartesian', 'polar']);
    for (const s of spectra) {
      expect(s.meta.format).toBe('xlsx');
      expectCircuit(s, 1e-13);
      expect(s.meta.notes!.some((n) => n.startsWith('sheet "notes" skipped: no frequency column'))).toBe(true);
    }
    expectError(() => readSpectra(xlsxBytes([SHEETS[0]!])), 'E_FORMAT', /no sheet holds a spectrum \(1 sheet: sheet "notes" skipped/);
  });

  it('.ods and .fods: repeated empty cells (16384 columns, a million rows) are skipped, not materialised', () => {
    const t0 = performance.now();
    const ods = readSpectra(odsBytes(SHEETS));
    const fods = readSpectra(odsContent(SHEETS, true));
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(ods.map((s) => [s.meta.format, s.meta.sample])).toEqual([['ods', 'cartesian'], ['ods', 'polar']]);
    expect(fods.map((s) => [s.meta.format, s.meta.sample])).toEqual([['fods', 'cartesian'], ['fods', 'polar']]);
    for (const s of [...ods, ...fods]) expectCircuit(s, 1e-13);
  });

  it('zip bombs, foreign archives and cell bombs: E_FORMAT', () => {
    // a deflated entry that claims to inflate to more than the cap
    const big = new Uint8Array(65 * 1024 * 1024);
    const bomb = zipSync({ 'xl/workbook.xml': [big, { level: 9 }] });
    expect(bomb.length).toBeLessThan(200_000);
    expectError(() => readSpectra(bomb), 'E_FORMAT', /inflate to more than 64 MiB/);
    // too many entries
    const many: Record<string, Uint8Array> = {};
    for (let i = 0; i < 10_001; i++) many[`e${i}`] = new Uint8Array(0);
    expectError(() => readSpectra(zipSync(many, { level: 0 })), 'E_FORMAT', /more than 10000 entries/);
    expectError(() => readSpectra(zipSync({ 'a.txt': strToU8('hello') })), 'E_FORMAT', /without xl\/workbook\.xml/);
    // a ZIP cut in half
    const whole = xlsxBytes(SHEETS);
    expectError(() => readSpectra(whole.subarray(0, whole.length >> 1)), 'E_FORMAT', /not a readable ZIP archive/);
    // a row of content repeated a million times
    const cellBomb = odsContent([{ name: 's', rows: [] }], true).replace('<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/>', '<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024" office:value-type="float" office:value="1"/>');
    expectError(() => readSpectra(cellBomb), 'E_FORMAT', /more than 2000000 cells/);
  });

  it('no entity expansion: a billion-laughs DTD stays text', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>`;
    const text = odsContent(SHEETS, true).replace('<?xml version="1.0" encoding="UTF-8"?>', laughs).replace('<text:p>cartesian', '<text:p>&lol2;');
    const spectra = readSpectra(text);
    expect(spectra).toHaveLength(2);
    const sheet = odsContent([{ name: '&lol2;', rows: SHEETS[1]!.rows }], true).replace('&amp;lol2;', '&lol2;');
    expect(readSpectra(laughs + sheet.slice(sheet.indexOf('\n')))[0]!.meta.sample).toBe('&lol2;');
  });
});

describe('the reader table', () => {
  it('every format name has exactly one reader; options.format reaches it', () => {
    const formats = readableFormats();
    expect(formats.map((f) => f.name).sort()).toEqual([...FORMAT_NAMES].sort());
    for (const f of formats) {
      expect(f.label.length).toBeGreaterThan(3);
      // forced onto a text that is none of them, every reader answers E_FORMAT naming its layout
      expectError(() => readSpectra('nothing here', { format: f.name }), 'E_FORMAT', new RegExp(`as ${f.label.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
    }
  });
});
