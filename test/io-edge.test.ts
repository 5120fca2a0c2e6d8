/**
 * io edge cases found in review: column names in a comment, DC segments, turning points, sweep
 * counters, files cut inside the last number, quoted fields, space-aligned names with spaces,
 * lines above the table, ZPlot rows with spaces, JSON meta that must round-trip, and the Lin-KK
 * residual axis of the admittance representation. Node and Chromium.
 */
import { describe, expect, it } from 'vitest';
import { readJson, readSpectra, writeJson } from '../src/io/index.ts';
import { kkResidualsSpec } from '../src/plot/index.ts';
import versaText from './fixtures/impedancepy/exampleDataVersaStudio.par?raw';
import zplotText from './fixtures/impedancepy/exampleDataZPlot.z?raw';

const arr = (a: ArrayLike<number>) => Array.from(a);

describe('io edge cases', () => {
  it('column names written as a comment (numpy savetxt, MATLAB) are used, with the signs they state', () => {
    const [a] = readSpectra("# f,Z',-Z''\n1e3,10,3\n1e2,12,5\n");
    expect(arr(a!.im)).toEqual([-3, -5]);
    expect(a!.meta.notes?.join(' ')).toMatch(/comment on line 1/);
    const [b] = readSpectra('# freq,|Z|,phase\n1000,10,-30\n100,12,-45\n');
    expect(b!.re[0]).toBeCloseTo(10 * Math.cos(-Math.PI / 6), 12);
    expect(b!.im[0]).toBeCloseTo(10 * Math.sin(-Math.PI / 6), 12);
    const [c] = readSpectra('% Zre Zim f\n10 -3 1000\n12 -5 100\n');
    expect(arr(c!.freq)).toEqual([1000, 100]);
    // a comment that does not name columns leaves the header-less reading
    const [d] = readSpectra('# exported 2024\n1000,10,-3\n100,12,-5\n');
    expect(arr(d!.im)).toEqual([-3, -5]);
  });

  it('a VersaStudio DC segment (rows at 0 Hz) is skipped, the EIS segment read', () => {
    const lines = versaText.split(/\r?\n/);
    const seg = lines.findIndex((l) => l.trim() === '<Segment1>');
    const def = lines.find((l) => l.startsWith('Definition='))!;
    const names = def.slice('Definition='.length).split(',').map((x) => x.trim());
    const fCol = names.indexOf('Frequency(Hz)');
    const dcRow = names.slice(0, -1).map((_, k) => (k === fCol ? '0' : '0.5')).join(',');
    const withDc = [...lines.slice(0, seg), '<Segment0>', def, dcRow, dcRow, '</Segment0>', ...lines.slice(seg)].join('\n');
    const [plain] = readSpectra(versaText, { fileName: 'a.par' });
    const [dc] = readSpectra(withDc, { fileName: 'a.par' });
    expect(arr(dc!.freq)).toEqual(arr(plain!.freq));
    expect(dc!.meta.notes?.join(' ')).toMatch(/Segment0.*0 Hz.*skipped/);
  });

  it('a repeated frequency at a turning point starts the next sweep; a sweep column splits sweeps', () => {
    const s = readSpectra('f,Zre,Zim\n100,1,-1\n10,2,-2\n1,3,-3\n1,3.1,-3\n10,2,-2\n100,1,-1\n');
    expect(s.map((x) => arr(x.freq))).toEqual([[100, 10, 1], [1, 10, 100]]);
    const t = readSpectra('sweep,f,Zre,Zim\n1,1000,1,-1\n1,100,2,-2\n2,10,3,-3\n2,1,4,-4\n');
    expect(t.map((x) => arr(x.freq))).toEqual([[1000, 100], [10, 1]]);
  });

  it('a last line cut inside its number (no line break at the end) is dropped with a note', () => {
    const rows = [1e5, 1e4, 1e3, 1e2, 1e1, 1].map((f, k) => `${f.toExponential(3).toUpperCase()},${(10 + k).toExponential(3).toUpperCase()},${(-3 - k).toExponential(3).toUpperCase()}`);
    const text = `f,Zre,Zim\n${rows.join('\n')}\n1.000E-01,1.600E+01,-3.5E+0`;
    const [s] = readSpectra(text);
    expect(s!.freq.length).toBe(6);
    expect(s!.meta.notes?.join(' ')).toMatch(/cut off/);
    // the same file complete, or ending in a line of the same form, keeps every row
    expect(readSpectra(`${text}1\n`)[0]!.freq.length).toBe(7);
    expect(readSpectra(text.replace(/-3\.5E\+0$/, '-3.500E+00'))[0]!.freq.length).toBe(7); // the same form as the lines before
    expect(readSpectra('f,Zre,Zim\n1000,10,-3\n100,12,-5\n10,15,-3.5')[0]!.freq.length).toBe(3);
  });

  it('quoted fields may hold the delimiter or a decimal comma', () => {
    const [a] = readSpectra('f;Zre;Zim\n"1000,5";"10,2";"-3,1"\n"100";"12,5";"-5"\n');
    expect(arr(a!.freq)).toEqual([1000.5, 100]);
    expect(arr(a!.re)).toEqual([10.2, 12.5]);
    const [b] = readSpectra('"f","Zre","Zim"\n"1000","10","-3"\n"100","12","-5"\n');
    expect(arr(b!.im)).toEqual([-3, -5]);
  });

  it('space-aligned names with spaces, and lines above the table', () => {
    const [a] = readSpectra("Freq (Hz)   Z' (Ohm)   Z'' (Ohm)\n1000   10.0    -3.0\n100    12.0    -5.0\n");
    expect(arr(a!.re)).toEqual([10, 12]);
    const [b] = readSpectra('sep=;\nf;Zre;Zim\n1000;10;-3\n100;12;-5\n');
    expect(arr(b!.freq)).toEqual([1000, 100]);
    const [c] = readSpectra('Sample: A\nDate: 2024-01-01\nf,Zre,Zim\n1000,10,-3\n100,12,-5\n');
    expect(arr(c!.im)).toEqual([-3, -5]);
    expect(c!.meta.notes?.join(' ')).toMatch(/above the table were skipped/);
  });

  it('ZPlot rows separated by spaces read like tab-separated ones', () => {
    const end = zplotText.split(/\r?\n/).findIndex((l) => /^End Comments/.test(l));
    const spaced = zplotText.split(/\r?\n/).map((l, i) => (i > end ? l.replace(/\t/g, '   ') : l)).join('\n');
    const [a] = readSpectra(zplotText, { fileName: 'a.z' });
    const [b] = readSpectra(spaced, { fileName: 'a.z' });
    expect(arr(b!.re)).toEqual(arr(a!.re));
  });

  it('writeJson leaves out meta that readJson would refuse (NaN, unknown format), so its output reads back', () => {
    const s = { freq: [1, 2], re: [1, 2], im: [-1, -2], meta: { format: 'simulated', temperatureK: Number.NaN, sweep: 0, columns: ['f'] } };
    const back = readJson(writeJson([s as never]));
    expect(arr(back[0]!.re)).toEqual([1, 2]);
    expect(back[0]!.meta.temperatureK).toBeUndefined();
  });

  it('the Lin-KK residual axis says |Y| for the admittance representation', () => {
    const spec = kkResidualsSpec([1, 2, 3], { residuals: { re: [0, 0, 0], im: [0, 0, 0] }, threshold: 0.01, representation: 'Y' });
    expect(JSON.stringify(spec)).toContain('Δ / |Y| (%)');
    expect(JSON.stringify(kkResidualsSpec([1, 2, 3], { residuals: { re: [0, 0, 0], im: [0, 0, 0] } }))).toContain('Δ / |Z| (%)');
  });
});
