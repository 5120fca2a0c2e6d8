/**
 * The app's downloads: one CSV row per spectrum (and one per file that could not be read) with
 * the range, the fit's parameters, quality and the Lin-KK and Z-HIT verdicts with their reasons; and the JSON
 * of everything. CSV text is made safe by app/csv.ts.
 */
import { toCsv, type CsvCell } from './csv.ts';
import type { AnalyseDone, FitSummary } from './protocol.ts';

/** Header and rows of the CSV, parameters in the circuit's order. */
export function resultsTable(r: AnalyseDone): CsvCell[][] {
  const names = r.spectra.map((s) => s.fit).find((f): f is FitSummary => !('error' in f))?.paramNames ?? [];
  const header = ['file', 'spectrum', 'fmin_Hz', 'fmax_Hz', 'points_used', 'points_total', 'error', 'converged', 'quality', 'quality_reasons', 'chi2',
    ...names.flatMap((n) => [n, `${n} stderr`]), 'kk_pass', 'kk_max_residual', 'kk_reasons', 'kk_error', 'zhit_pass', 'zhit_max_residual', 'zhit_reasons', 'zhit_error'];
  const rows: CsvCell[][] = [header];
  const range = [r.range.fmin ?? null, r.range.fmax ?? null];
  for (const s of r.spectra) {
    const f = s.fit, kk = s.kk;
    const fitCells: CsvCell[] = 'error' in f
      ? [f.error, null, null, null, null, ...names.flatMap(() => [null, null])]
      : [null, f.success, f.quality.verdict, f.quality.reasons.join('; '), f.chi2, ...f.params.flatMap((p, k) => [p, f.stderr[k]])];
    const kkCells: CsvCell[] = 'error' in kk ? [null, null, null, kk.error] : [kk.pass, kk.maxResidual, kk.reasons.join('; '), null];
    const z = s.zhit;
    const zhitCells: CsvCell[] = z === undefined ? [null, null, null, null] : 'error' in z ? [null, null, null, z.error] : [z.pass, z.maxResidual, z.reasons.join('; '), null];
    rows.push([s.file, s.label, ...range, s.used, s.freq.length, ...fitCells, ...kkCells, ...zhitCells]);
  }
  for (const f of r.files) if (f.error !== undefined) rows.push([f.name, null, ...range, null, null, f.error, ...Array<CsvCell>(header.length - 7).fill(null)]);
  return rows;
}

export function resultsCsv(r: AnalyseDone): string {
  return toCsv(resultsTable(r));
}

/** Everything the app computed, versioned. */
export function resultsJson(r: AnalyseDone): string {
  const { type: _t, id: _i, ...rest } = r;
  return JSON.stringify({ format: 'eiskit-app-results', version: 2, ...rest }, null, 1);
}
