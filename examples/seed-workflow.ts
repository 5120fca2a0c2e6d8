/**
 * `npm start`: the seed workflow on the bundled example data (examples/data/): prints the
 * paper-style table (examples/seed-print.ts) and writes out/seed-report.json and out/seed-report.html.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { init } from '../src/index.ts';
import { runSeedWorkflow } from './seed-workflow-core.ts';
import { reportHtml, reportJson } from './seed-report.ts';
import { seedLines } from './seed-print.ts';

const { backend } = await init();
const dir = 'examples/data/'; // npm scripts run from the repository root
const files: Record<string, string> = {};
for (const name of readdirSync(dir)) if (name.endsWith('.csv')) files[name] = readFileSync(dir + name, 'utf8');
const report = await runSeedWorkflow(files);

console.log(`\neiskit seed workflow — MOF–LiCl example data (${Object.keys(files).length} files, backend ${backend})\n`);
for (const line of seedLines(report)) console.log(line);
console.log(`\n  analysis time ${report.elapsedMs.toFixed(0)} ms`);
mkdirSync('out', { recursive: true });
writeFileSync('out/seed-report.json', reportJson(report));
writeFileSync('out/seed-report.html', await reportHtml(report, report.raw));
console.log('  wrote out/seed-report.json and out/seed-report.html\n');
