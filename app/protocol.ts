/** Messages between the app page (app/main.ts) and its worker (app/worker.ts), and the app's limits. */
import type { DrtResult } from '../src/drt/types.ts';

/** Largest file the app reads (bytes); larger ones get an error of their own and are never read. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** A file still being read after this long (ms) is taken to have stuck the parser: the worker is replaced and the file skipped. */
export const READ_TIMEOUT_MS = 20_000;

/**
 * The most points of one spectrum (after the crop) the app fits, validates and shows the DRT and
 * dielectric views of: Lin-KK and the fit grow faster than linearly with N, and a 20 MB CSV
 * (~400 000 points) would block the worker for minutes (and the page drawing it). Real sweeps have
 * tens to a few hundred points.
 */
export const MAX_POINTS = 20_000;

/** 20001 → "20 001" (thin groups, as the app's other messages). */
const grouped = (n: number) => n.toLocaleString('en-US').replaceAll(',', ' ');

/** The message for a spectrum over {@link MAX_POINTS} points in the range. */
export function tooManyPoints(used: number): string {
  return `${grouped(used)} points; the app analyses at most ${grouped(MAX_POINTS)}: crop with fmin/fmax or decimate`;
}

/** Most starts of a multi-start fit the app offers. */
export const MAX_STARTS = 64;

/** A frequency range (Hz, both ends inclusive); an absent end is open. */
export interface FrequencyRange {
  fmin?: number;
  fmax?: number;
}

export interface AnalyseRequest {
  type: 'analyse';
  /** Job number: replies carry it, and replies of an older job are ignored. */
  id: number;
  /** `bytes` is null for a file the page did not read: over {@link MAX_FILE_BYTES}, or `error` says why. */
  files: { name: string; size: number; bytes: ArrayBuffer | null; error?: string }[];
  circuit: string;
  starts: number;
  range: FrequencyRange;
  /** Start values of the fit by parameter name (the others are estimated from the spectrum). */
  initial?: Record<string, number>;
}

/** What became of one file: how many spectra it gave, or why it could not be read. */
export interface FileOutcome {
  name: string;
  spectra: number;
  error?: string;
}

/** A fit's quality verdict (FitResult.quality) with the reasons for it. */
export interface Verdict {
  verdict: 'good' | 'suspect' | 'bad';
  reasons: string[];
}

export interface FitSummary {
  paramNames: string[];
  units: string[];
  params: number[];
  stderr: number[];
  chi2: number;
  success: boolean;
  message: string;
  /** Frequencies the fit used (the cropped range) and the fitted Z there. */
  freq: number[];
  fitted: { re: number[]; im: number[] };
  warnings: string[];
  quality: Verdict;
}

export interface KkSummary {
  M: number;
  mu: number;
  pass: boolean;
  maxResidual: number;
  threshold: number;
  noiseEstimate: number;
  /** The rule behind `pass` and σ̂, the noise it estimated from the data (the plot's band is ±3σ̂ under 'statistics'). */
  verdict: 'statistics' | 'threshold';
  noiseSigma: number;
  /** Frequencies the test used (the cropped range) and the relative residuals there. */
  freq: number[];
  residuals: { re: number[]; im: number[] };
  /** Why it passed or failed (LinKKResult.reasons). */
  reasons: string[];
}

export interface ZhitSummary {
  pass: boolean;
  /** The largest |reconstructed |Z| − |Z|| / |Z|, and the threshold it was judged against. */
  maxResidual: number;
  threshold: number;
  /** Why it passed or failed (ZhitResult.reasons). */
  reasons: string[];
  /** The offset window (Hz). */
  window: [number, number];
  /** Frequencies the check used (the cropped range), the rebuilt |Z| and (Z − Z_rec)/|Z| there. */
  freq: number[];
  modulus: number[];
  residuals: { re: number[]; im: number[] };
}

export interface SpectrumResult {
  label: string;
  file: string;
  /** The whole spectrum as read (the plots show the points outside the range greyed out). */
  freq: number[];
  re: number[];
  im: number[];
  /** Points inside the range. */
  used: number;
  fit: FitSummary | { error: string };
  kk: KkSummary | { error: string };
  /** The Z-HIT check (absent in results made before the app had it). */
  zhit?: ZhitSummary | { error: string };
  /** What the file states (the reader's metadata), where it does: temperature (K), thickness (cm), electrode area (cm²; from a diameter if that is what it states). */
  temperatureK?: number;
  thicknessCm?: number;
  areaCm2?: number;
}

export interface AnalyseDone {
  type: 'done';
  id: number;
  circuit: string;
  range: FrequencyRange;
  files: FileOutcome[];
  spectra: SpectrumResult[];
  ms: number;
  /** The temperature series section's defaults for the circuit (app/series.ts' seriesDefaults; absent in results made before the app had it). */
  seriesDefaults?: { bulk: string; shared: string[] };
}

export type AnalyseReply =
  /** `file`: index of the file being read (absent once reading is over). */
  | { type: 'progress'; id: number; message: string; file?: number }
  | AnalyseDone
  /** `id` null: the worker could not read a request (messageerror), so it fails the current job. */
  | { type: 'error'; id: number | null; message: string };

/**
 * A DRT of one spectrum on the range, asked for by the DRT panel and answered by a worker of its
 * own (so a slider move never cancels a fit job). `key` names the panel.
 */
export interface DrtRequest {
  type: 'drt';
  id: number;
  key: string;
  freq: number[];
  re: number[];
  im: number[];
  range: FrequencyRange;
  lambda: number | 'auto';
  /** Ask drt() for its credible band of γ (`credible: true`: the approximate Gaussian band). */
  credible: boolean;
}

/** The DRT result as drt() gives it (its typed arrays survive postMessage), or the error's text. */
export type DrtReply =
  | { type: 'drt-done'; id: number; result: DrtResult; ms: number }
  | { type: 'drt-error'; id: number; message: string };

/**
 * The "Temperature series — activation energy" section's request: temperatureSeries() of the
 * included spectra with the global fit (app/series.ts), on the range of the analysis they came from.
 */
export interface SeriesRequest {
  type: 'series';
  id: number;
  circuit: string;
  range: FrequencyRange;
  /** The included spectra, each with its temperature (K). */
  spectra: { label: string; freq: number[]; re: number[]; im: number[]; temperatureK: number }[];
  bulk: string;
  form: 'sigma' | 'sigmaT';
  geometry: { thicknessCm: number; areaCm2: number };
  /** The shared parameters; absent: temperatureSeries' default (every arc's CPE or C). */
  shared?: string[];
}

/** The global fit's activation energy by one route, with σ at 25 °C from its line. */
export interface SeriesRoute {
  activationEnergyEv: number;
  stderr: number;
  ci95: [number, number];
  /** σ0 (S/cm, σ law) or A (S·K/cm, σT law) of the route's line. */
  prefactor: number | null;
  /** σ (S/cm) at 25 °C on the route's line. */
  sigma25: number | null;
  /** Its standard error (S/cm) by the delta method from the covariance of the line's intercept and slope (src/analysis/arrhenius-at.ts). */
  sigma25Stderr: number | null;
}

/** What the series section shows and downloads: plain data (postMessage), the texts as the report words them. */
export interface SeriesOutcome {
  circuit: string;
  range: FrequencyRange;
  bulk: string;
  form: 'sigma' | 'sigmaT';
  geometry: { thicknessCm: number; areaCm2: number };
  shared: string[];
  /** Per spectrum in increasing temperature: its label, T, and σ from its own fit. */
  points: { label: string; temperatureK: number; sigma: number; sigmaStderr: number }[];
  /** The report's rows [route, Ea ± stderr, 95 % interval] (globalRouteRows). */
  routes: string[][];
  constrained: SeriesRoute;
  twoStep: SeriesRoute | null;
  /** The independent fits' Arrhenius line (arrheniusSpec's fit). */
  independent: SeriesRoute & { slope: number; intercept: number; form: 'sigma' | 'sigmaT' };
  /** The constrained and two-step lines (globalArrheniusLines). */
  lines: { label: string; slope: number; intercept: number }[];
  lackOfFit: { verdict: string; reason: string; F: number; df1: number; df2: number; p: number } | null;
  /** The report's sentence on the lack of fit (lackOfFitText). */
  lackOfFitText: string;
  /** "σ at 25 °C: extrapolated 115 K beyond the measured …" when 25 °C is outside the series' temperatures, else ''. */
  sigma25Note: string;
  fit: { success: boolean; message: string; chi2: number; reducedChi2: number; dof: number; quality: Verdict };
  sharedValues: { name: string; value: number; stderr: number }[];
  /** Per spectrum in increasing temperature: the constrained fit's (Z − Z_fit)/|Z|. */
  residuals: { label: string; temperatureK: number; freq: number[]; re: number[]; im: number[] }[];
  warnings: string[];
  ms: number;
}

export type SeriesReply =
  | { type: 'series-progress'; id: number; done: number; total: number }
  | { type: 'series-done'; id: number; outcome: SeriesOutcome }
  | { type: 'series-error'; id: number | null; message: string };
