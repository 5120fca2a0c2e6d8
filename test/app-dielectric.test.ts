/**
 * The pure parts of the app's "Dielectric views" section (app/dielectric.ts): the geometry a
 * spectrum is seen with (the Pellet box wins, an empty input takes the file's value, a file's
 * other value is named), the views of the points in the range — the report's dielectricView (the
 * same peaks, reading, Jonscher fit and comparison the report shows) with modulusPlot /
 * conductivityPlot of its points, and right against analytic values of R‖C and R‖CPE cells — the
 * Jonscher range typed in the panel, errors as messages with their codes, and the CSV of each
 * representation read back against toAdmittance … toConductivity and against a resistor's exact
 * Y, σ*, M*. Runs in Node and in Chromium.
 */
import { describe, expect, it } from 'vitest';
import { jonscherFit, logFrequencies, parseCircuit, toAdmittance, toCapacitance, toConductivity, toModulus, toPermittivity } from '../src/index.ts';
import { conductivityPlot, modulusPeaks, modulusPlot } from '../src/plot/index.ts';
import { dielectricReading, dielectricView, jonscherBlocks, peakTable } from '../src/report/dielectric.ts';
import { csvName, dielectricViews, jonscherRange, MODULUS_TITLE, rangeSpectrum, representationCsv, SIGMA_TITLE, spectrumGeometry, type Quantity } from '../app/dielectric.ts';
import { readRfc4180 } from './rfc4180.ts';

const G = { thicknessCm: 0.1, areaCm2: 0.5 };
const BOX = { thickness: '0.1', area: '0.5', areaKind: 'area' as const };
const freq = Array.from(logFrequencies(1e7, 1e-2, 91)); // 10 points per decade
const EPS0 = 8.8541878128e-14; // F/cm, CODATA 2018
const C0 = (EPS0 * G.areaCm2) / G.thicknessCm;

function spectrum(circuit: string, params: Record<string, number>) {
  const z = parseCircuit(circuit).impedance(freq, params);
  return { freq, re: Array.from(z.re), im: Array.from(z.im) };
}

describe('app dielectric views: the geometry', () => {
  it('the Pellet box (area or diameter) wins, as on the command line; an empty input takes the file\'s value; a file\'s other value is named', () => {
    expect(spectrumGeometry(BOX, {})).toEqual({ geometry: G, text: 'L = 0.1 cm, A = 0.5 cm² (the Pellet box)' });
    const d = spectrumGeometry({ thickness: '0,2', area: '1', areaKind: 'diameter' }, {});
    expect(d).toEqual({ geometry: { thicknessCm: 0.2, areaCm2: Math.PI / 4 }, text: 'L = 0.2 cm, A = 0.785398 cm² (the Pellet box)' });
    // an instrument's default (Gamry AREA 1 cm²) is overridden by the typed value, and said
    expect(spectrumGeometry(BOX, { thicknessCm: 0.05, areaCm2: 1 })).toEqual({ geometry: G, text: 'L = 0.1 cm, A = 0.5 cm² (the Pellet box; the file states L = 0.05 cm, A = 1 cm²)' });
    expect(spectrumGeometry(BOX, { areaCm2: 0.5 })).toEqual({ geometry: G, text: 'L = 0.1 cm, A = 0.5 cm² (the Pellet box)' });
    expect(spectrumGeometry({ thickness: '', area: '', areaKind: 'area' }, { thicknessCm: 0.05, areaCm2: 0.3 })).toEqual({ geometry: { thicknessCm: 0.05, areaCm2: 0.3 }, text: 'L = 0.05 cm, A = 0.3 cm² (the file)' });
    expect(spectrumGeometry({ thickness: '', area: '0.5', areaKind: 'area' }, { thicknessCm: 0.05, areaCm2: 1 })).toEqual({ geometry: { thicknessCm: 0.05, areaCm2: 0.5 }, text: 'L = 0.05 cm, A = 0.5 cm² (L from the file, A from the Pellet box; the file states A = 1 cm²)' });
  });

  it('names what is missing or wrong', () => {
    expect(spectrumGeometry({ thickness: '', area: '', areaKind: 'area' }, {})).toEqual({ problems: ['Thickness: missing (cm).', 'Electrode area: missing (cm²).'] });
    expect(spectrumGeometry({ thickness: 'x', area: '-1', areaKind: 'diameter' }, {})).toEqual({ problems: ['Thickness: "x" is not a number (cm).', 'Electrode diameter: must be > 0 cm; got -1.'] });
    expect(spectrumGeometry({ thickness: '0', area: '', areaKind: 'area' }, { areaCm2: 0.2 })).toEqual({ problems: ['Thickness: must be > 0 cm; got 0.'] });
  });
});

describe('app dielectric views: what is shown', () => {
  it('the report\'s dielectricView of the points in the range (peaks, reading with the range\'s lowest f, Jonscher fit in the range, texts) and the plots of those points', () => {
    const s = spectrum('R0-p(R1,CPE1)-CPE2', { R0: 20, R1: 2e4, 'CPE1.Q': 2e-10, 'CPE1.alpha': 0.85, 'CPE2.Q': 1e-6, 'CPE2.alpha': 0.9 });
    for (const range of [{}, { fmin: 1, fmax: 1e6 }] as { fmin?: number; fmax?: number }[]) {
      const r = rangeSpectrum(s, range);
      expect(r.freq.length).toBe(freq.filter((f) => (range.fmin ?? 0) <= f && f <= (range.fmax ?? Infinity)).length);
      const v = dielectricViews(s, range, G);
      const j = jonscherFit(s, G, range);
      const peaks = modulusPeaks(r, G);
      expect(v.points).toBe(r.freq.length);
      expect(v.peaks).toEqual({ peaks, reading: dielectricReading(peaks, r.freq[0]), table: peakTable(peaks, G) });
      expect(v.peaks).toEqual(dielectricView(s, G, range).peaks);
      expect(v.modulus).toEqual(modulusPlot(r, G, { title: MODULUS_TITLE }));
      expect(v.jonscher).toEqual(j);
      expect(v.jonscherText).toEqual(jonscherBlocks(j));
      const overlay = { sigmaDc: j.sigmaDc, fc: j.fc, n: j.n, fmin: j.fmin, fmax: j.fmax, ...(j.quality.verdict === 'good' ? { stderr: j.stderr } : {}) };
      expect(v.conductivity).toEqual(conductivityPlot(r, G, { title: SIGMA_TITLE, jonscher: overlay }));
    }
  });

  it('the Jonscher range typed in the panel: jonscherFit\'s range inside the fit\'s range; empty = the automatic rule; a bad one named', () => {
    expect(jonscherRange('', '')).toEqual({ range: undefined });
    expect(jonscherRange('10', '')).toEqual({ range: [10, null] });
    expect(jonscherRange(' ', '1e4')).toEqual({ range: [null, 1e4] });
    expect(jonscherRange('1e4', '10')).toEqual({ error: 'Jonscher range: fmin (10000 Hz) is above fmax (10 Hz)' });
    expect('error' in jonscherRange('x', '')).toBe(true);
    const s = spectrum('p(R1,CPE1)-CPE2', { R1: 2e4, 'CPE1.Q': 2e-10, 'CPE1.alpha': 0.8, 'CPE2.Q': 1e-6, 'CPE2.alpha': 0.9 });
    const v = dielectricViews(s, { fmax: 1e6 }, G, undefined, [100, null]);
    if ('error' in v.jonscher) throw new Error(v.jonscher.error);
    expect(v.jonscher).toEqual(jonscherFit(s, G, { fmax: 1e6, range: [100, null] }));
    expect(v.jonscher.rangeRule).toBe('given');
    expect(v.jonscher.fmin).toBeGreaterThanOrEqual(100);
    expect(v.jonscher.fmax).toBeLessThanOrEqual(1e6);
  });

  it('right against the analytic cell: σ_dc = L/(A·R1) above an electrode drop, the R‖C peaks at 1/(2πRC) with R and C', () => {
    // R‖CPE bulk with a blocking electrode: σ′ plateau L/(A·R1), measured bias of the default range 0.2–0.5 % (src/analysis/jonscher.ts)
    const pellet = dielectricViews(spectrum('p(R1,CPE1)-CPE2', { R1: 2e4, 'CPE1.Q': 2e-10, 'CPE1.alpha': 0.8, 'CPE2.Q': 1e-6, 'CPE2.alpha': 0.9 }), {}, G);
    if ('error' in pellet.jonscher) throw new Error(pellet.jonscher.error);
    expect(pellet.jonscher.rangeRule).toBe('electrode drop');
    expect(Math.abs(pellet.jonscher.sigmaDc / (G.thicknessCm / (G.areaCm2 * 2e4)) - 1)).toBeLessThan(0.01);
    // one R‖C: −Z″ peaks at R/2 and M″ at C0/(2C), both at f = 1/(2πRC)
    const R = 1e5, C = 1e-11, f0 = 1 / (2 * Math.PI * R * C);
    const rc = dielectricViews(spectrum('p(R1,C1)', { R1: R, C1: C }), {}, G);
    if ('error' in rc.peaks) throw new Error(rc.peaks.error);
    const [z, m] = rc.peaks.peaks;
    expect(z!.curve).toBe('−Z″');
    expect(m!.curve).toBe('M″');
    for (const p of [z!, m!]) {
      expect(Math.abs(Math.log10(p.freq / f0))).toBeLessThan(0.01);
      expect(p.edge).toBe(false);
    }
    expect(Math.abs(z!.estimate / R - 1)).toBeLessThan(0.01);
    expect(Math.abs(m!.estimate / C - 1)).toBeLessThan(0.01);
    expect(Math.abs(m!.height / (C0 / (2 * C)) - 1)).toBeLessThan(0.01);
    expect(rc.peaks.reading).toMatch(/^The −Z″ and M″ peaks lie within a factor 2 in frequency/);
  });

  it('what cannot be computed is a message with its code, and the rest is still shown', () => {
    const s = spectrum('R0-p(R1,CPE1)', { R0: 20, R1: 2e4, 'CPE1.Q': 2e-10, 'CPE1.alpha': 0.85 });
    const few = dielectricViews(s, { fmin: 5.5e6 }, G); // 3 points: too few for the Jonscher fit
    expect(few.points).toBe(3);
    expect('error' in few.jonscher && few.jonscher.error).toMatch(/at least 4 points.*\[E_TOO_FEW_POINTS\]$/);
    expect(few.jonscherText).toEqual([]);
    expect(few.conductivity).toEqual(conductivityPlot(rangeSpectrum(s, { fmin: 5.5e6 }), G, { title: SIGMA_TITLE }));
    expect('error' in few.modulus).toBe(false);
    // Z = 0 at a point: σ′ needs 1/Z (E_ARG_RANGE naming the index), M* = jωC0·Z does not
    const zero = { freq: [...s.freq], re: [...s.re], im: [...s.im] };
    zero.re[5] = 0;
    zero.im[5] = 0;
    const v = dielectricViews(zero, {}, G);
    expect('error' in v.conductivity && v.conductivity.error).toMatch(/index 5.*\[E_ARG_RANGE\]$/);
    expect('error' in v.jonscher && v.jonscher.error).toMatch(/\[E_ARG_RANGE\]$/);
    expect('error' in v.modulus).toBe(false);
  });
});

describe('app dielectric views: the CSV of a representation', () => {
  const s = { label: '=cell 1.csv', ...spectrum('R0-p(R1,CPE1)-CPE2', { R0: 20, R1: 2e4, 'CPE1.Q': 2e-10, 'CPE1.alpha': 0.85, 'CPE2.Q': 1e-6, 'CPE2.alpha': 0.9 }) };
  const range = { fmin: 0.1, fmax: 1e6 };
  const r = rangeSpectrum(s, range);
  const cases: [Quantity, ReturnType<typeof toAdmittance>, string][] = [
    ['Y', toAdmittance(r), 'Yre_S,Yim_S'],
    ['C', toCapacitance(r, G), 'Cre_F_per_cm,Cim_F_per_cm'],
    ['eps', toPermittivity(r, G), 'epsre,epsim'],
    ['M', toModulus(r, G), 'Mre,Mim'],
    ['sigma', toConductivity(r, G), 'sigmare_S_per_cm,sigmaim_S_per_cm'],
  ];
  it.each(cases)('%s: the label (neutralised), f and the library\'s re, im of the points in the range, every digit', (q, x, header) => {
    const out = representationCsv(s, range, q, G);
    if ('error' in out) throw new Error(out.error);
    expect(out.csv.endsWith('\r\n')).toBe(true);
    const rows = readRfc4180(out.csv);
    expect(rows[0]!.join(',')).toBe(`spectrum,freq_Hz,${header}`);
    expect(rows.length - 1).toBe(r.freq.length);
    rows.slice(1).forEach((row, i) => {
      expect(row[0]).toBe("'=cell 1.csv");
      expect(row.slice(1).map(Number)).toEqual([x.freq[i], x.re[i], x.im[i]]);
    });
  });

  it('a resistor: Y = 1/R, σ* = L/(A·R), M* = j·2πf·C0·R, C* = −j/(2πf·R); without a geometry only Y and C* (in F)', () => {
    const R = 250, f = [1, 10, 1e3];
    const res = { label: 'R', freq: f, re: f.map(() => R), im: f.map(() => 0) };
    const read = (q: Quantity, g: typeof G | null) => {
      const out = representationCsv(res, {}, q, g);
      if ('error' in out) throw new Error(out.error);
      return readRfc4180(out.csv).slice(1).map((row) => row.slice(1).map(Number));
    };
    const near = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-14 * Math.abs(b));
    read('Y', null).forEach(([, re, im]) => (near(re!, 1 / R), expect(im).toBe(0)));
    read('sigma', G).forEach(([, re, im]) => (near(re!, G.thicknessCm / (G.areaCm2 * R)), expect(im).toBe(0)));
    read('M', G).forEach(([fk, re, im]) => (expect(re).toBe(0), near(im!, 2 * Math.PI * fk! * C0 * R)));
    read('C', null).forEach(([fk, re, im]) => (expect(re).toBe(0), near(im!, -1 / (2 * Math.PI * fk! * R))));
    expect(readRfc4180((representationCsv(res, {}, 'C', null) as { csv: string }).csv)[0]).toEqual(['spectrum', 'freq_Hz', 'Cre_F', 'Cim_F']);
    for (const q of ['eps', 'M', 'sigma'] as const) {
      const out = representationCsv(res, {}, q, null);
      expect('error' in out && out.error).toMatch(/`geometry` is required.*\[E_ARG_TYPE\]$/);
    }
  });

  it('download names from the label: letters, digits, . _ - only', () => {
    expect(csvName('cell_1.csv', 'M')).toBe('cell_1-M.csv');
    expect(csvName('run 3.mpt #2', 'sigma')).toBe('run-3-2-sigma.csv');
    expect(csvName('=cmd|"/c calc"!A1.csv', 'Y')).toBe('cmd-c-calc-A1-Y.csv');
    expect(csvName('..', 'eps')).toBe('spectrum-eps.csv');
    // linear in a hostile label (the trim ran over 10⁵ characters, 40 s): cut first
    const hostile = `a${'-.'.repeat(100_000)}!x`;
    expect(csvName(hostile, 'M')).toBe('a-M.csv');
    expect(csvName('x'.repeat(300), 'Y')).toBe(`${'x'.repeat(80)}-Y.csv`);
  });
});
