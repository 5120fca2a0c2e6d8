/**
 * The lines `npm start` prints for a seed-workflow report: the paper-style summary, the
 * Bruce–Vincent EIS fits with their quality verdict, and the per-temperature table. One
 * function, used by examples/seed-workflow.ts and by the test that holds the README's copy of
 * this output to it (test/examples.node.test.ts).
 */
import type { FitResult } from '../src/index.ts';
import type { SeedReport } from './seed-workflow-core.ts';

/** "good", or "suspect: reason; reason" — the reasons are shown whenever the verdict is not good. */
export function verdictText(f: FitResult): string {
  return f.quality.verdict === 'good' ? 'good' : `${f.quality.verdict}: ${f.quality.reasons.join('; ')}`;
}

/** The arc column: what the bulk arc looks like, with its effective capacitance per unit cell constant (C·L/A). */
function arcText(p: SeedReport['series']['points'][number]): string {
  return p.bulkKind && p.bulkCapacitancePerCellConstant !== null ? `${p.bulkKind} (${p.bulkCapacitancePerCellConstant.toExponential(1)} F/cm)` : '—';
}

export function seedLines(report: SeedReport): string[] {
  const out: string[] = [];
  const w = [0, 1, 2].map((k) => Math.max(...report.table.map((r) => r[k]!.length)));
  for (const r of report.table) out.push(`  ${r[0].padEnd(w[0]!)}  ${r[1].padEnd(w[1]!)}  ${r[2]}`.trimEnd());
  const lof = report.series.global?.lackOfFit;
  if (lof) out.push(`  Arrhenius law over the ${report.series.points.length} temperatures (lack-of-fit F test of the global fit): ${lof.verdict}, p = ${lof.p.toPrecision(2)}`);
  const t = report.transference;
  out.push('', `  Bruce–Vincent EIS fits, ${t.fits.before.circuit}:`);
  for (const [label, f, r, dr] of [['before polarisation', t.fits.before, t.r0, t.r0Stderr], ['after polarisation', t.fits.after, t.rss, t.rssStderr]] as const) {
    out.push(`    ${label.padEnd(20)}  R_interface ${r.toFixed(1)} ± ${dr.toFixed(1)} Ω   fit ${verdictText(f)}`);
  }
  out.push('', '  T (°C)   R_bulk (Ω)         σ (S/cm)              arc (C_eff·L/A)            fit       KK');
  for (const p of report.series.points) {
    const kk = p.kk ? (p.kk.pass ? 'pass' : 'FAIL') : '—';
    const row = `  ${(p.temperatureK - 273.15).toFixed(1).padStart(6)}   ${p.bulkResistance.toFixed(1).padStart(8)} ± ${p.bulkStderr.toFixed(1).padEnd(6)} ${p.sigma.toExponential(3)} ± ${p.sigmaStderr.toExponential(1)}   ${arcText(p).padEnd(26)} ${p.fit.quality.verdict.padEnd(9)} ${kk}`;
    out.push(row);
    if (p.fit.quality.verdict !== 'good') out.push(`           fit ${verdictText(p.fit)}`);
  }
  const { quality: q, kk } = report.series.summary;
  out.push(`  fits: ${q.good} good, ${q.suspect} suspect, ${q.bad} bad; Lin-KK: ${kk.pass} pass, ${kk.fail} fail${kk.skipped ? `, ${kk.skipped} skipped` : ''}`);
  for (const warning of report.series.warnings) out.push(`  warning: ${warning}`);
  return out;
}
