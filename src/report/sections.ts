/**
 * Report blocks for the usual results: one spectrum (fit table, Nyquist, Bode, Lin-KK residuals)
 * and a temperature series (σ table, Arrhenius plot, parameters against temperature).
 */
import type { FitResult } from '../fit/fit.ts';
import type { LinKKResult } from '../kk/linkk.ts';
import type { TemperatureSeriesResult } from '../analysis/series.ts';
import { arrheniusSpec, bodeSpec, drtPlot, drtStackPlot, eaText, kkResidualsSpec, lambdaCurvePlot, nyquistSpec, parameterSpec, renderSvg, zhitPlot } from '../plot/index.ts';
import type { Block } from './html.ts';
import type { SpectrumMeta } from '../io/types.ts';
import type { SpectrumLike } from '../io/input.ts';
import { cropSpectrum, type FrequencyRange } from '../crop.ts';
import { EisError, show } from '../errors.ts';
import { checkOptionKeys, checkOptions } from '../validate.ts';
import { zhit, type ZhitOptions, type ZhitResult } from '../zhit/zhit.ts';
import type { DrtOptions, DrtResult } from '../drt/types.ts';
import { countsText, kkMethodText, kkWord, qualityWord, rangeText, summaryRows } from './summary.ts';
import { drtBlocks, reportDrt, seriesTailCropText, trackBlocks, zhitBlocks } from './drt.ts';
import { globalArrheniusLines, seriesGlobalBlocks } from './series-global.ts';
import { dielectricBlocks } from './dielectric.ts';
import type { CellGeometry } from '../representation/index.ts';

/** A spectrum with what the file says about it (`meta`: shown under the heading; everything from files is escaped). */
export type SpectrumData = SpectrumLike;

/** What the file says: layout, sweep, columns, instrument, date, the reader's notes. */
function sourceText(m: Partial<SpectrumMeta>): string {
  const parts = [
    m.sample ? `sample “${m.sample}”` : '',
    m.format ? `read as ${m.format}${m.sweep !== undefined ? `, sweep ${m.sweep + 1}` : ''}` : '',
    m.columns?.length ? `columns ${m.columns.map((c) => `“${c}”`).join(', ')}` : '',
    m.instrument ? `instrument ${m.instrument}` : '', m.date ? `measured ${m.date}` : '',
    m.temperatureK !== undefined ? `${(m.temperatureK - 273.15).toFixed(1)} °C` : '', m.areaCm2 !== undefined ? `area ${m.areaCm2} cm²` : '',
  ].filter(Boolean);
  return parts.length ? `Source: ${parts.join('; ')}.` : '';
}

/** What {@link spectrumBlocks} adds beside the fit and the Lin-KK test. */
export interface SpectrumBlockOptions {
  /**
   * The Z-HIT check: `true` (the default: `zhit()` with its defaults on the frequency window of
   * the fit or Lin-KK test), `zhit()` options, a `zhit()` result to show, or `false` (none).
   */
  zhit?: boolean | ZhitOptions | ZhitResult;
  /**
   * The DRT: `true` (the default: `drt()` with its defaults — λ by mGCV and the plateau rule — on
   * the frequency window of the fit or Lin-KK test), `drt()` options, a `drt()` result to show,
   * or `false` (none). Computed without an `fmin` (none given, none from the fit's window), a
   * spectrum ending in a blocking electrode's tail has its DRT on f ≥ the tail's suggested fmin,
   * said in one sentence (reportDrt in src/report/drt.ts).
   */
  drt?: boolean | DrtOptions | DrtResult;
  /**
   * With a `drt()` result: the fmin (Hz) at which it was cropped at a blocking electrode's tail
   * (a series point's `drtWindow.fmin` when `drtWindow.tailCrop`), said as for a computed DRT.
   */
  drtTailCrop?: number | null;
  /**
   * The cell geometry: adds the dielectric views (the −Z″/M″ plot with its peak table and
   * reading, σ′ with a Jonscher fit on the fit's frequency window, its σ_dc beside the fit's bulk
   * σ; src/report/dielectric.ts). None without it.
   */
  geometry?: CellGeometry;
  /** With `geometry`: the fit's bulk resistance parameter, compared with σ_dc. @default 'R1' */
  bulk?: string;
}

type Choice<R> = { kind: 'none' } | { kind: 'result'; result: R } | { kind: 'compute'; options: Record<string, unknown> };

/** `true`/absent → compute with defaults; `false` → none; a result (it has `marker`) → show it; other objects → options. */
function choice<R>(key: 'zhit' | 'drt', v: unknown, marker: string): Choice<R> {
  if (v === undefined || v === true) return { kind: 'compute', options: {} };
  if (v === false || v === null) return { kind: 'none' };
  if (typeof v !== 'object' || Array.isArray(v)) throw new EisError('E_ARG_TYPE', `invalid option. \`${key}\` must be true, false, ${key}() options or a ${key}() result; got ${show(v)}.`, { argument: key });
  return marker in v ? { kind: 'result', result: v as R } : { kind: 'compute', options: v as Record<string, unknown> };
}

/** The window of the fit or Lin-KK test, unless the options give one. */
function withWindow(options: Record<string, unknown>, range: FrequencyRange | undefined): Record<string, unknown> {
  if (!range || options.fmin !== undefined || options.fmax !== undefined) return options;
  return { ...(range.fmin !== null ? { fmin: range.fmin } : {}), ...(range.fmax !== null ? { fmax: range.fmax } : {}), ...options };
}

/**
 * Runs a check for the report: a spectrum it cannot take (too few points in the window, a repeated
 * frequency: errors about \`spectrum\`) is said in the report as a fit failure is; a bad option throws.
 */
function attempt<R>(what: string, run: () => R): R | Block {
  try {
    return run();
  } catch (e) {
    const arg = e instanceof EisError ? String(e.details.argument ?? '') : '';
    if (arg === 'spectrum' || arg.startsWith('spectrum.')) return { kind: 'paragraph', text: `${what}: not computed — ${(e as EisError).message}` };
    throw e;
  }
}

/**
 * Heading, what the file says, the fit (quality verdict and its reasons) and the Lin-KK test (how
 * it was done, verdict and reasons), the parameter table and the three plots of one spectrum,
 * then the Z-HIT check (verdict, largest deviation, reasons, residual plot) and the DRT (λ and how
 * it was chosen, R∞, R_pol, the peak table, warnings; γ against τ and the λ score curve) — both
 * computed by default, see {@link SpectrumBlockOptions} — and, with a geometry, the dielectric
 * views (−Z″/M″ peaks and their reading, σ′ with a Jonscher fit). The plots show every measured point; a
 * fit or test on a frequency window (fmin/fmax) is drawn on its own grid.
 */
export async function spectrumBlocks(label: string, s: SpectrumData, fit?: FitResult | null, kk?: LinKKResult | null, options?: SpectrumBlockOptions): Promise<Block[]> {
  const o = checkOptions('options', options);
  checkOptionKeys(o, ['zhit', 'drt', 'drtTailCrop', 'geometry', 'bulk']);
  const zc = choice<ZhitResult>('zhit', o.zhit, 'modulus');
  const dc = choice<DrtResult>('drt', o.drt, 'gamma');
  const range = fit?.freqRange ?? kk?.freqRange;
  const blocks: Block[] = [{ kind: 'heading', text: label }];
  const source = s.meta ? sourceText(s.meta) : '';
  if (source) blocks.push({ kind: 'paragraph', text: source });
  if (s.meta?.notes?.length) blocks.push({ kind: 'list', items: s.meta.notes.map((n) => `Reader: ${n}`) });
  if (fit) {
    blocks.push({ kind: 'paragraph', text: `Fit of ${fit.circuit} (${fit.weighting} weighting, ${rangeText(fit.freqRange)}): ${fit.success ? 'converged' : `did not converge — ${fit.message}`}; χ² = ${fit.chi2.toPrecision(5)}, reduced χ² = ${fit.reducedChi2.toPrecision(4)}, ${fit.iterations} iterations. Quality: ${qualityWord(fit)}.` });
    blocks.push({ kind: 'list', items: fit.quality.reasons.map((r) => `Fit quality ${qualityWord(fit)}: ${r}`) });
  }
  if (kk) {
    blocks.push({ kind: 'paragraph', text: `Lin-KK: ${kkWord(kk)} (${kkMethodText(kk)}); largest residual ${(100 * kk.maxResidual).toFixed(2)} %, noise estimate ${kk.noiseEstimate.toFixed(3)} %.` });
    blocks.push({ kind: 'list', items: kk.reasons.map((r) => `Lin-KK ${kkWord(kk)}: ${r}`) });
  }
  if (fit) {
    blocks.push({ kind: 'table', columns: ['parameter', 'value', 'std. error', 'unit'], rows: fit.paramNames.map((n, k) => [n, fit.params[k]!, fit.stderr[k]!, fit.units[k]!]) });
    if (fit.warnings.length) blocks.push({ kind: 'list', items: fit.warnings });
  }
  if (kk?.warnings.length) blocks.push({ kind: 'list', items: kk.warnings.map((w) => `Lin-KK: ${w}`) });
  // fitted values and residuals are on the analysed (possibly cropped) grid
  const fitGrid = fit ? cropSpectrum(s, fit.freqRange).freq : null;
  const sp = { freq: s.freq, re: s.re, im: s.im, label, fit: fit ? { freq: fitGrid!, re: fit.fitted.re, im: fit.fitted.im } : null };
  const svgs = [await renderSvg(nyquistSpec(sp, { title: 'Nyquist' })), await renderSvg(bodeSpec(sp, { title: 'Bode' }))];
  if (kk) svgs.push(await renderSvg(kkResidualsSpec(cropSpectrum(s, kk.freqRange).freq, kk, { title: 'Lin-KK residuals' })));
  blocks.push({ kind: 'plots', svgs });
  if (zc.kind !== 'none') {
    const z = zc.kind === 'result' ? zc.result : attempt('Z-HIT', () => zhit(s, withWindow(zc.options, range) as ZhitOptions));
    if ('modulus' in z) {
      blocks.push({ kind: 'heading', text: `${label}: Z-HIT`, level: 3 }, ...zhitBlocks(z));
      blocks.push({ kind: 'plots', svgs: [await renderSvg(zhitPlot(s, z, { title: 'Z-HIT residuals' }))] });
    } else blocks.push(z);
  }
  if (dc.kind !== 'none') {
    // computed here: a blocking electrode's tail is cropped when no fmin was given (reportDrt)
    const run = dc.kind === 'result' ? { result: dc.result, tailCrop: typeof o.drtTailCrop === 'number' ? o.drtTailCrop : null } : attempt('DRT', () => reportDrt(s, withWindow(dc.options, range) as DrtOptions));
    const d = 'result' in run ? run.result : run;
    if ('gamma' in d) {
      blocks.push({ kind: 'heading', text: `${label}: DRT`, level: 3 }, ...drtBlocks(d, 'result' in run ? run.tailCrop : null));
      const plots = [await renderSvg(drtPlot(d, { title: 'DRT γ(τ)' }))];
      if (d.lambdaCurve) plots.push(await renderSvg(lambdaCurvePlot(d, { title: 'λ score curve' })));
      blocks.push({ kind: 'plots', svgs: plots });
    } else blocks.push(d);
  }
  if (o.geometry !== undefined) {
    // the window bounds the views' data; the Jonscher range rule runs inside it
    const window = withWindow({}, range) as { fmin?: number; fmax?: number };
    blocks.push(...(await dielectricBlocks(label, s, o.geometry as CellGeometry, { fit, bulk: typeof o.bulk === 'string' ? o.bulk : 'R1', window })));
  }
  return blocks;
}

/**
 * The summary that opens a report of many sweeps: the counts, then one row per sweep (points,
 * χ², convergence, fit quality, Lin-KK verdict, and the Z-HIT verdict when given).
 */
export function summaryBlocks(labels: readonly string[], fits: readonly (FitResult | null | undefined)[], kks: readonly (LinKKResult | null | undefined)[] = [], zhits: readonly (ZhitResult | null | undefined)[] = []): Block[] {
  const { columns, rows } = summaryRows(labels, fits, kks, zhits);
  return [
    { kind: 'heading', text: 'Summary' },
    { kind: 'paragraph', text: `${labels.length} spectra — ${countsText(fits, kks, zhits)}. Quality: good = usable as it stands; suspect = the parameters are determined but the residuals or correlations need a look; BAD = a parameter undetermined or at a bound, an arc collapsed, or no convergence.` },
    { kind: 'table', columns, rows },
  ];
}

/** The labels, a repeated one numbered (the stacked plot tells its panels apart by label). */
function distinct(labels: string[]): string[] {
  const seen = new Set<string>();
  return labels.map((l, k) => {
    const out = seen.has(l) ? `${l} (#${k + 1})` : l;
    seen.add(out);
    return out;
  });
}

/** σ(T) table, Arrhenius plot and parameters against temperature of a series. */
export async function seriesBlocks(s: TemperatureSeriesResult, labels?: readonly string[]): Promise<Block[]> {
  const a = s.arrhenius;
  const blocks: Block[] = [
    { kind: 'heading', text: 'Temperature series' },
    { kind: 'paragraph', text: `Ea = ${eaText(a.activationEnergyEv, a.stderr)} (95 % interval ${a.ci95[0].toFixed(4)} – ${a.ci95[1].toFixed(4)} eV), prefactor ${a.prefactor.toPrecision(4)}, r² = ${a.r2.toFixed(5)}; ${a.form === 'sigma' ? 'ln σ' : 'ln σT'} against 1/T over ${a.n} temperatures${a.weighted ? ', weighted by the σ uncertainties' : ''}.` },
    {
      kind: 'table', columns: ['spectrum', 'T (°C)', 'R_bulk (Ω)', '± (Ω)', 'σ (S/cm)', '± (S/cm)', 'bulk arc', 'fit', 'Lin-KK'],
      caption: `${s.points.length} temperatures — ${countsText(s.points.map((p) => p.fit), s.points.map((p) => p.kk))}`,
      rows: s.points.map((p) => [labels?.[p.index] ?? `#${p.index + 1}`, (p.temperatureK - 273.15).toFixed(1), p.bulkResistance, p.bulkStderr, p.sigma, p.sigmaStderr, p.bulkKind ?? '—', qualityWord(p.fit), p.kk ? kkWord(p.kk) : '—']),
    },
    {
      kind: 'plots', svgs: [
        await renderSvg(arrheniusSpec(s.points.map((p) => ({ temperatureK: p.temperatureK, sigma: p.sigma, sigmaStderr: p.sigmaStderr })), a, { title: 'Arrhenius', lines: globalArrheniusLines(s) })),
        await renderSvg(parameterSpec(s, null, { title: 'Parameters against temperature', temperature: 'C' })),
      ],
    },
    { kind: 'table', caption: 'Every fitted parameter', columns: s.table.columns, rows: s.table.rows },
    ...(await seriesGlobalBlocks(s)),
  ];
  if (s.drtTracks) {
    const withDrt = s.points.filter((p) => p.drt);
    const cropped = withDrt.flatMap((p) => (p.drtWindow?.tailCrop && p.drtWindow.fmin !== null ? [{ temperatureK: p.temperatureK, fmin: p.drtWindow.fmin }] : []));
    blocks.push(
      { kind: 'heading', text: 'DRT across temperatures', level: 3 },
      ...(cropped.length ? [{ kind: 'paragraph' as const, text: seriesTailCropText(cropped, withDrt.length) }] : []),
      ...trackBlocks(s.drtTracks),
      { kind: 'plots', svgs: [await renderSvg(drtStackPlot(withDrt.map((p) => p.drt!), distinct(withDrt.map((p) => `${(p.temperatureK - 273.15).toFixed(1)} °C`)), { title: 'γ(τ) at every temperature' }))] },
    );
  }
  if (s.warnings.length) blocks.push({ kind: 'list', items: s.warnings });
  return blocks;
}
