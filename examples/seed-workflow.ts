/**
 * `npm start`: the seed workflow on the bundled example data (examples/data/): prints the
 * paper-style table and writes out/seed-report.json and out/seed-report.html.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { init } from '../src/index.ts';
import { runSeedWorkflow } from './seed-workflow-core.ts';
import { reportHtml, reportJson } from './seed-report.ts';

const { backend } = await init();
const dir = 'examples/data/'; // npm scripts run from the repository root
const files: Record<string, string> = {};
for (const name of readdirSync(dir)) if (name.endsWith('.csv')) files[name] = readFileSync(dir + name, 'utf8');
const report = await runSeedWorkflow(files);

const w = [0, 1, 2].map((k) => Math.max(...report.table.map((r) => r[k]!.length)));
console.log(`\neiskit seed workflow — MOF–LiCl example data (${Object.keys(files).length} files, backend ${backend})\n`);
for (const r of report.table) console.log(`  ${r[0].padEnd(w[0]!)}  ${r[1].padEnd(w[1]!)}  ${r[2]}`);
console.log('\n  T (°C)   R_bulk (Ω)         σ (S/cm)              arc (C_eff)                fit       KK');
for (const p of report.series.points) {
  const arc = p.bulkKind ? `${p.bulkKind} (${p.bulkCapacitance!.toExponential(1)} F)` : '—';
  console.log(`  ${(p.temperatureK - 273.15).toFixed(1).padStart(6)}   ${p.bulkResistance.toFixed(1).padStart(8)} ± ${p.bulkStderr.toFixed(1).padEnd(6)} ${p.sigma.toExponential(3)} ± ${p.sigmaStderr.toExponential(1)}   ${arc.padEnd(26)} ${p.fit.quality.verdict.padEnd(9)} ${p.kk ? (p.kk.pass ? 'pass' : 'FAIL') : '—'}`);
}
const { quality: q, kk } = report.series.summary;
console.log(`  fits: ${q.good} good, ${q.suspect} suspect, ${q.bad} bad; Lin-KK: ${kk.pass} pass, ${kk.fail} fail${kk.skipped ? `, ${kk.skipped} skipped` : ''}`);
for (const warning of report.series.warnings) console.log(`  warning: ${warning}`);
console.log(`\n  analysis time ${report.elapsedMs.toFixed(0)} ms`);
mkdirSync('out', { recursive: true });
writeFileSync('out/seed-report.json', reportJson(report));
writeFileSync('out/seed-report.html', await reportHtml(report, report.raw));
console.log('  wrote out/seed-report.json and out/seed-report.html\n');
