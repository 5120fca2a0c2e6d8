/** The seed workflow's report: versioned JSON and a self-contained HTML page with plots. */
import { renderSvg, SCHEMA, plotConfig, type TopLevelSpec } from '../src/plot/index.ts';
import { reportHtml as renderReport, seriesBlocks, spectrumBlocks, type Block } from '../src/report/index.ts';
import type { SeedReport } from './seed-workflow-core.ts';

/** Typed arrays as plain arrays, so JSON.stringify writes numbers. */
function plain(x: unknown): unknown {
  if (ArrayBuffer.isView(x)) return Array.from(x as unknown as ArrayLike<number>);
  if (Array.isArray(x)) return x.map(plain);
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, plain(v)]));
  return x;
}

export function reportJson(r: SeedReport): string {
  const { series, ...rest } = r;
  return `${JSON.stringify({
    format: 'eiskit-seed-report', version: 1,
    summary: r.table.map(([quantity, value, unit]) => ({ quantity, value, unit })),
    arrhenius: plain(series.arrhenius),
    // issue 13: Ea by the constrained global fit and by the two-step GLS, the lack-of-fit verdict
    global: series.global && plain({
      bulk: series.global.bulk, shared: series.global.shared, arrhenius: series.global.arrhenius,
      constrained: (({ fit, ...c }) => ({ ...c, chi2: fit.chi2, dof: fit.dof, quality: fit.quality, globalParams: Object.fromEntries(fit.paramNames.map((n, k) => [n, { value: fit.params[k], stderr: fit.stderr[k] }])) }))(series.global.constrained),
      twoStep: series.global.twoStep && (({ fit, arrhenius, ...t }) => ({ ...t, generalized: arrhenius.generalized, chi2: fit.chi2, dof: fit.dof, quality: fit.quality }))(series.global.twoStep),
      lackOfFit: series.global.lackOfFit, warnings: series.global.warnings,
    }),
    temperatures: series.points.map((p) => ({
      temperatureK: p.temperatureK, bulkResistance: p.bulkResistance, bulkStderr: p.bulkStderr, sigma: p.sigma, sigmaStderr: p.sigmaStderr,
      bulkCapacitance: p.bulkCapacitance, bulkKind: p.bulkKind, params: plain(p.fit.byName), chi2: p.fit.chi2, quality: p.fit.quality,
      kk: p.kk && { pass: p.kk.pass, reasons: p.kk.reasons, M: p.kk.M, mu: p.kk.mu, maxResidual: p.kk.maxResidual, noiseEstimate: p.kk.noiseEstimate }, warnings: p.warnings,
    })),
    table: plain(series.table),
    transference: plain({
      ...rest.transference,
      // the EIS fits behind R₀ and R_ss: parameters, χ² and the quality verdict with its reasons
      fits: Object.fromEntries((['before', 'after'] as const).map((k) => {
        const f = rest.transference.fits[k];
        return [k, { circuit: f.circuit, params: f.byName, chi2: f.chi2, success: f.success, quality: f.quality }];
      })),
    }),
    electronic: rest.electronic, stability: rest.stability, warnings: series.warnings, elapsedMs: r.elapsedMs,
  }, null, 1)}\n`;
}

/** A line plot of y against x (the I–V sweep, the linear sweep, the chronoamperogram). */
function xySpec(x: ArrayLike<number>, y: ArrayLike<number>, xTitle: string, yTitle: string, title: string, yLog = false): TopLevelSpec {
  const step = Math.max(1, Math.floor(x.length / 600)); // a line of ≤ 600 points is enough for the eye
  const values = Array.from({ length: Math.ceil(x.length / step) }, (_, k) => ({ x: x[k * step]!, y: y[k * step]! })).filter((d) => !yLog || d.y > 0);
  return {
    $schema: SCHEMA, title, width: 360, height: 240, config: plotConfig(), data: { values },
    mark: { type: 'line', strokeWidth: 1.5 },
    encoding: {
      x: { field: 'x', type: 'quantitative', axis: { title: xTitle }, scale: { zero: false } },
      y: { field: 'y', type: 'quantitative', axis: { title: yTitle, format: '~e' }, scale: yLog ? { type: 'log' } : { zero: false } },
    },
  };
}

/** The HTML report: summary, the temperature series with its plots, every spectrum, the other measurements. */
export async function reportHtml(r: SeedReport, raw: { ca: { time: ArrayLike<number>; current: ArrayLike<number> }; iv: { voltage: ArrayLike<number>; current: ArrayLike<number> }; lsv: { potential: ArrayLike<number>; current: ArrayLike<number> }; areaCm2: number }): Promise<string> {
  const s = r.series;
  const blocks: Block[] = [
    { kind: 'heading', text: 'Summary' },
    { kind: 'table', columns: ['quantity', 'value', 'unit'], rows: r.table },
    ...(await seriesBlocks(s, s.points.map((p) => `${(p.temperatureK - 273.15).toFixed(0)} °C`))),
    { kind: 'heading', text: 'Li⁺ transference number (Bruce–Vincent)' },
    { kind: 'paragraph', text: `${r.transference.formula} with ΔV = ${r.transference.deltaV} V, I₀ = ${r.transference.i0.toExponential(4)} A, I_ss = ${r.transference.iss.toExponential(4)} A (${r.transference.plateau}), R₀ = ${r.transference.r0.toPrecision(5)} Ω, R_ss = ${r.transference.rss.toPrecision(5)} Ω: t⁺ = ${r.transference.tPlus.toFixed(4)} ± ${r.transference.stderr.toPrecision(2)}.` },
    {
      kind: 'table', caption: `Bruce–Vincent EIS fits (${r.transference.fits.before.circuit}): the interfacial resistances R₀ and R_ss, and each fit's quality`,
      columns: ['fit', 'R_interface (Ω)', '± (Ω)', 'χ²', 'quality', 'reasons'],
      rows: ([['before polarisation', r.transference.fits.before, r.transference.r0, r.transference.r0Stderr], ['after polarisation', r.transference.fits.after, r.transference.rss, r.transference.rssStderr]] as const)
        .map(([label, f, R, dR]) => [label, R, dR, f.chi2, f.quality.verdict, f.quality.verdict === 'good' ? '—' : f.quality.reasons.join('; ')]),
    },
    { kind: 'plots', svgs: [await renderSvg(xySpec(raw.ca.time, raw.ca.current, 'time (s)', 'current (A)', 'Chronoamperogram'))] },
    { kind: 'heading', text: 'Electronic conductivity (DC I–V) and stability window' },
    { kind: 'paragraph', text: `σ_e = ${r.electronic.sigma.toExponential(3)} ± ${r.electronic.stderr.toExponential(1)} S/cm (R = ${r.electronic.resistance.toExponential(3)} Ω, r² = ${r.electronic.r2.toFixed(6)}). Anodic onset ${r.stability.anodicOnset === null ? 'not reached' : `${r.stability.anodicOnset.toFixed(3)} V`}, cathodic onset ${r.stability.cathodicOnset === null ? 'not reached' : `${r.stability.cathodicOnset.toFixed(3)} V`}; window ${r.stability.window === null ? '—' : `${r.stability.window.toFixed(3)} V`} (${r.stability.method}).` },
    {
      kind: 'plots', svgs: [
        await renderSvg(xySpec(raw.iv.voltage, raw.iv.current, 'voltage (V)', 'current (A)', 'DC I–V sweep')),
        await renderSvg(xySpec(raw.lsv.potential, Array.from(raw.lsv.current, (i) => i / raw.areaCm2), 'potential (V vs Li/Li⁺)', 'current density (A/cm²)', 'Linear sweep', true)),
      ],
    },
    { kind: 'heading', text: 'Spectra of the temperature series' },
  ];
  for (const p of s.points) blocks.push(...(await spectrumBlocks(`${(p.temperatureK - 273.15).toFixed(0)} °C`, r.spectra[p.index]!, p.fit, p.kk)));
  return renderReport({ title: 'Solid-electrolyte analysis — MOF–LiCl example data', subtitle: `Written by npm start (eiskit seed workflow) in ${r.elapsedMs.toFixed(0)} ms of analysis.`, blocks });
}
