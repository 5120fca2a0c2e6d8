/**
 * What the app's worker does with a request, as a plain function (tested in Node): read each
 * file on its own (a file that is too large or unreadable gets an error of its own and the others
 * still load), then fit and Lin-KK-validate every spectrum on the chosen frequency range, each
 * spectrum on its own too, and run the Z-HIT check on the same range. Results are plain arrays, ready for postMessage.
 */
import { cropSpectrum, drt, fit, linKK, parseCircuit, zhit, type FitResult, type LinKKResult, type ZhitResult } from '../src/index.ts';
import { readSpectra, type SpectrumMeta } from '../src/io/index.ts';
import { MAX_FILE_BYTES, MAX_POINTS, MAX_STARTS, tooManyPoints, type AnalyseDone, type AnalyseRequest, type DrtReply, type DrtRequest, type FileOutcome, type FitSummary, type KkSummary, type SpectrumResult, type ZhitSummary } from './protocol.ts';
import { drtErrorText } from './drt-model.ts';
import { rangeIndices } from './range.ts';
import { seriesDefaults } from './series.ts';

/** The message of anything thrown, at most 500 characters (a hostile file can make long ones). */
export function errorText(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  return m.length > 500 ? `${m.slice(0, 500)}…` : m;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export { MAX_POINTS } from './protocol.ts';

/** `progress` gets a message, and while a file is read its index in `req.files`. */
export async function analyse(req: AnalyseRequest, progress: (message: string, file?: number) => void): Promise<AnalyseDone> {
  const t0 = performance.now();
  const circuit = parseCircuit(req.circuit);
  if (!(Number.isInteger(req.starts) && req.starts >= 1 && req.starts <= MAX_STARTS)) throw new Error(`starts must be a whole number from 1 to ${MAX_STARTS}; got ${req.starts}`);
  const initial = req.initial ?? {};
  const unknown = Object.keys(initial).filter((n) => !circuit.paramNames.includes(n));
  if (unknown.length) throw new Error(`start value for ${unknown.join(', ')}: not a parameter of ${circuit.toString()} (its parameters: ${circuit.paramNames.join(', ')})`);
  const files: FileOutcome[] = [];
  const spectra: { label: string; file: string; freq: Float64Array; re: Float64Array; im: Float64Array; stated: Pick<SpectrumResult, 'temperatureK' | 'thicknessCm' | 'areaCm2'> }[] = [];
  for (const [k, f] of req.files.entries()) {
    progress(`reading file ${k + 1} of ${req.files.length}: ${f.name}…`, k);
    if (f.error !== undefined) {
      files.push({ name: f.name, spectra: 0, error: f.error });
      continue;
    }
    if (f.bytes === null || f.bytes.byteLength > MAX_FILE_BYTES) {
      files.push({ name: f.name, spectra: 0, error: `${mb(f.size)}: larger than the ${mb(MAX_FILE_BYTES)} the app reads; not read` });
      continue;
    }
    try {
      const read = readSpectra(new Uint8Array(f.bytes), { fileName: f.name });
      read.forEach((s, j) => spectra.push({ label: read.length > 1 ? `${f.name} #${j + 1}` : f.name, file: f.name, freq: Float64Array.from(s.freq), re: Float64Array.from(s.re), im: Float64Array.from(s.im), stated: stated(s.meta) }));
      files.push({ name: f.name, spectra: read.length });
    } catch (err) {
      files.push({ name: f.name, spectra: 0, error: errorText(err) });
    }
  }
  const out: SpectrumResult[] = [];
  for (const [k, s] of spectra.entries()) {
    progress(`fitting and validating spectrum ${k + 1} of ${spectra.length}…`);
    // fit and linKK crop to [fmin, fmax] themselves; their fitted values and residuals are on this grid
    const grid = () => Array.from(cropSpectrum(s, req.range).freq);
    const used = rangeIndices(s.freq, req.range).length;
    const tooMany = used > MAX_POINTS ? { error: tooManyPoints(used) } : null;
    out.push({
      label: s.label, file: s.file, freq: Array.from(s.freq), re: Array.from(s.re), im: Array.from(s.im), used, ...s.stated,
      fit: tooMany ?? attempt(() => fitSummary(fit(circuit, s, { starts: req.starts, ...req.range, ...(Object.keys(initial).length ? { initial } : {}) }), grid())),
      kk: tooMany ?? attempt(() => kkSummary(linKK(s, { ...req.range }), grid())),
      zhit: tooMany ?? attempt(() => zhitSummary(zhit(s, { ...req.range }), grid())),
    });
  }
  return { type: 'done', id: req.id, circuit: circuit.toString(), range: req.range, files, spectra: out, ms: performance.now() - t0, seriesDefaults: seriesDefaults(circuit) };
}

/** The temperature and pellet geometry a file states (for the temperature series section). */
function stated(m: SpectrumMeta): Pick<SpectrumResult, 'temperatureK' | 'thicknessCm' | 'areaCm2'> {
  const area = m.areaCm2 ?? (m.diameterCm !== undefined && m.diameterCm > 0 ? (Math.PI * m.diameterCm * m.diameterCm) / 4 : undefined);
  return {
    ...(m.temperatureK !== undefined && m.temperatureK > 0 ? { temperatureK: m.temperatureK } : {}),
    ...(m.thicknessCm !== undefined && m.thicknessCm > 0 ? { thicknessCm: m.thicknessCm } : {}),
    ...(area !== undefined && area > 0 ? { areaCm2: area } : {}),
  };
}

function attempt<T>(run: () => T): T | { error: string } {
  try {
    return run();
  } catch (err) {
    return { error: errorText(err) };
  }
}

function fitSummary(f: FitResult, freq: number[]): FitSummary {
  return {
    paramNames: [...f.paramNames], units: [...f.units], params: Array.from(f.params), stderr: Array.from(f.stderr), chi2: f.chi2,
    success: f.success, message: f.message, freq, fitted: { re: Array.from(f.fitted.re), im: Array.from(f.fitted.im) }, warnings: [...f.warnings],
    quality: { verdict: f.quality.verdict, reasons: [...f.quality.reasons] },
  };
}

function kkSummary(kk: LinKKResult, freq: number[]): KkSummary {
  return {
    M: kk.M, mu: kk.mu, pass: kk.pass, maxResidual: kk.maxResidual, threshold: kk.threshold, noiseEstimate: kk.noiseEstimate, verdict: kk.verdict, noiseSigma: kk.noiseSigma,
    freq, residuals: { re: Array.from(kk.residuals.re), im: Array.from(kk.residuals.im) }, reasons: [...kk.reasons],
  };
}

function zhitSummary(z: ZhitResult, freq: number[]): ZhitSummary {
  return {
    pass: z.pass, maxResidual: z.maxResidual, threshold: z.threshold, reasons: [...z.reasons], window: [z.window[0], z.window[1]],
    freq, modulus: Array.from(z.modulus), residuals: { re: Array.from(z.residuals.re), im: Array.from(z.residuals.im) },
  };
}

/**
 * The DRT panel's request: drt() of the spectrum on the range with the λ asked for (and the
 * credible band when asked), timed; any error becomes the panel's message.
 */
export function runDrt(req: DrtRequest): DrtReply {
  const t0 = performance.now();
  try {
    const used = rangeIndices(req.freq, req.range).length;
    if (used > MAX_POINTS) throw new Error(tooManyPoints(used));
    const result = drt({ freq: req.freq, re: req.re, im: req.im }, { lambda: req.lambda, ...req.range, ...(req.credible ? { credible: true } : {}) });
    return { type: 'drt-done', id: req.id, result, ms: performance.now() - t0 };
  } catch (err) {
    return { type: 'drt-error', id: req.id, message: drtErrorText(err) };
  }
}
