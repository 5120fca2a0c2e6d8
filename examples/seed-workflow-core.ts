/**
 * The seed workflow on the example files (examples/data/): conductivity and activation energy
 * from the temperature series, the Li⁺ transference number (Bruce–Vincent), the electronic
 * conductivity and the stability window — the table of the paper. Pure (file texts in, results
 * out), so it runs in Node (`npm start`, examples/seed-workflow.ts), in browsers and in tests.
 */
import {
  chronoamperometry, electronicConductivity, fit, parseCircuit, stabilityWindow, temperatureSeries,
  transferenceNumber, celsiusToKelvin, type Circuit, type FitResult, type TemperatureSeriesResult, type SeriesSpectrum,
} from '../src/index.ts';
import { column, readTable, type Table } from './example-files.ts';
import { largestCapacitanceArc } from '../src/analysis/arcs.ts';

export interface SeedReport {
  series: TemperatureSeriesResult;
  sigma25: { value: number; stderr: number; temperatureK: number };
  transference: { tPlus: number; stderr: number; formula: string; i0: number; iss: number; r0: number; rss: number; r0Stderr: number; rssStderr: number; deltaV: number; fits: { before: FitResult; after: FitResult }; plateau: string };
  electronic: { sigma: number; stderr: number; resistance: number; r2: number };
  stability: { anodicOnset: number | null; cathodicOnset: number | null; window: number | null; method: string };
  /** The paper-style summary rows: [quantity, value, unit]. */
  table: [string, string, string][];
  /** The series spectra, in input order (SeriesPoint.index points here). */
  spectra: SeriesSpectrum[];
  /** The other measurements as read, for plots. */
  raw: { ca: { time: Float64Array; current: Float64Array }; iv: { voltage: Float64Array; current: Float64Array }; lsv: { potential: Float64Array; current: Float64Array }; areaCm2: number };
  elapsedMs: number;
}

const num = (t: Table, key: string, file: string): number => {
  const v = Number(t.meta[key]);
  if (!Number.isFinite(v)) throw new Error(`${file}: metadata "${key}" missing or not a number`);
  return v;
};

const spectrumOf = (t: Table, file: string) => ({ freq: column(t, 'freq', file), re: column(t, 'Zre', file), im: column(t, 'Zim', file) });

/**
 * The interfacial resistance of a fitted `R0-p(R1,CPE1)-p(R2,CPE2)`: the arc with the larger
 * effective capacitance (the bulk arc is in the pF range; series arcs can come out in either
 * order).
 */
function interfacial(c: Circuit, f: FitResult): { value: number; stderr: number } {
  const arc = largestCapacitanceArc(c, f.params);
  if (!arc) throw new Error(`${c.toString()} has no R‖C or R‖CPE arc`);
  return f.byName[arc.r]!;
}

/** Runs the workflow on the example files (name → text). */
export async function runSeedWorkflow(files: Record<string, string>): Promise<SeedReport> {
  const t0 = performance.now();
  const get = (name: string) => {
    const text = files[name];
    if (text === undefined) throw new Error(`missing example file ${name}`);
    return readTable(text, name);
  };
  // 1. temperature series → σ(T), Arrhenius
  const eisNames = Object.keys(files).filter((n) => /^mof-licl_eis_\d+C\.csv$/.test(n));
  const spectra: SeriesSpectrum[] = eisNames.map((n) => {
    const t = get(n);
    return { ...spectrumOf(t, n), temperatureK: celsiusToKelvin(num(t, 'temperature_C', n)) };
  });
  const first = get(eisNames[0]!);
  const geometry = { thicknessCm: num(first, 'thickness_cm', eisNames[0]!), areaCm2: num(first, 'area_cm2', eisNames[0]!) };
  // Ea from one global fit of the six spectra (issue 13): R1 on the Arrhenius law, the bulk arc's
  // CPE1 shared (a dielectric capacitance, T-independent here), R0 and the blocking electrode's
  // CPE2 free per temperature — well-posed: CPE2 only shapes the low-frequency tail of each spectrum
  const series = await temperatureSeries(spectra, { circuit: 'R0-p(R1,CPE1)-CPE2', bulk: 'R1', geometry, global: true });
  const p25 = series.points.reduce((a, b) => (Math.abs(b.temperatureK - 298.15) < Math.abs(a.temperatureK - 298.15) ? b : a));

  // 2. Bruce–Vincent: interfacial resistances from EIS before/after, currents from the chronoamperogram
  const cell = parseCircuit('R0-p(R1,CPE1)-p(R2,CPE2)');
  const before = fit(cell, spectrumOf(get('bruce-vincent_eis-before.csv'), 'before'));
  const after = fit(cell, spectrumOf(get('bruce-vincent_eis-after.csv'), 'after'));
  const ca = get('bruce-vincent_ca.csv');
  const deltaV = num(ca, 'deltaV_V', 'bruce-vincent_ca.csv');
  const chrono = chronoamperometry({ time: column(ca, 'time'), current: column(ca, 'current') }, { i0Method: 'first' });
  const r0 = interfacial(cell, before), rss = interfacial(cell, after);
  const tn = transferenceNumber({ deltaV, i0: chrono.i0, iss: chrono.iss, r0: r0.value, rss: rss.value, issStderr: chrono.issStderr, r0Stderr: r0.stderr, rssStderr: rss.stderr });

  // 3. DC electronic conductivity
  const iv = get('dc-iv.csv');
  const el = electronicConductivity({ voltage: column(iv, 'voltage'), current: column(iv, 'current'), thicknessCm: num(iv, 'thickness_cm', 'dc-iv.csv'), areaCm2: num(iv, 'area_cm2', 'dc-iv.csv') });

  // 4. stability window (threshold 10 µA/cm²)
  const lsv = get('lsv.csv');
  const sw = stabilityWindow({ potential: column(lsv, 'potential'), current: column(lsv, 'current'), areaCm2: num(lsv, 'area_cm2', 'lsv.csv'), thresholdCurrentDensity: 1e-5 });

  const g = series.global!;
  const e = (x: number, d = 2) => x.toExponential(d);
  // Ea to the decimal of its stderr's first digit (at least 3 decimals)
  const ea = (r: { activationEnergyEv: number; stderr: number; ci95: [number, number] }) => {
    const d = Math.max(3, -Math.floor(Math.log10(r.stderr)));
    return `${r.activationEnergyEv.toFixed(d)} ± ${r.stderr.toFixed(d)} (95 %: ${r.ci95[0].toFixed(d)}–${r.ci95[1].toFixed(d)})`;
  };
  const table: [string, string, string][] = [
    [`σ at ${(p25.temperatureK - 273.15).toFixed(0)} °C`, `${e(p25.sigma)} ± ${e(p25.sigmaStderr, 1)}`, 'S/cm'],
    ['Ea (global fit, Arrhenius-constrained)', ea(g.constrained), 'eV'],
    ['Ea (two-step: GLS of ln σ vs 1/T)', g.twoStep ? ea(g.twoStep) : 'no Ea (see warnings)', 'eV'],
    ['t⁺ (Bruce–Vincent)', `${tn.tPlus.toFixed(3)} ± ${tn.stderr.toPrecision(1)}`, ''],
    ['σ_e (DC I–V)', `${e(el.sigma)} ± ${e(el.stderr, 1)}`, 'S/cm'],
    ['stability window (10 µA/cm²)', sw.window === null ? 'not reached' : `${sw.window.toFixed(2)} (onset ${sw.anodicOnset?.toFixed(2) ?? '—'} V)`, 'V'],
  ];
  return {
    series, sigma25: { value: p25.sigma, stderr: p25.sigmaStderr, temperatureK: p25.temperatureK },
    transference: { tPlus: tn.tPlus, stderr: tn.stderr, formula: tn.formula, i0: chrono.i0, iss: chrono.iss, r0: r0.value, rss: rss.value, r0Stderr: r0.stderr, rssStderr: rss.stderr, deltaV, fits: { before, after }, plateau: chrono.plateau.method },
    electronic: { sigma: el.sigma, stderr: el.stderr, resistance: el.resistance, r2: el.r2 },
    stability: { anodicOnset: sw.anodicOnset, cathodicOnset: sw.cathodicOnset, window: sw.window, method: sw.method },
    table, spectra,
    raw: {
      ca: { time: column(ca, 'time'), current: column(ca, 'current') },
      iv: { voltage: column(iv, 'voltage'), current: column(iv, 'current') },
      lsv: { potential: column(lsv, 'potential'), current: column(lsv, 'current') },
      areaCm2: num(lsv, 'area_cm2', 'lsv.csv'),
    },
    elapsedMs: performance.now() - t0,
  };
}
