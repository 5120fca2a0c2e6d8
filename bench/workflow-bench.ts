/**
 * The seed workflow (examples/seed-workflow-core.ts) on the example data: 6 temperatures (KK +
 * fits + Arrhenius), Bruce–Vincent (two fits, a 5401-point chronoamperogram), DC I–V and LSV.
 * Reports the first (cold) run and the median of 9 warm runs, and the temperature series alone
 * with and without its Lin-KK checks.
 */
import { init, temperatureSeries } from '../src/index.ts';
import { makeSeedData, SEED_TRUTH } from '../examples/seed-data.ts';
import { seedFiles } from '../examples/seed-files.ts';
import { runSeedWorkflow } from '../examples/seed-workflow-core.ts';
import { median } from './bench.ts';

await init();
const files = seedFiles(makeSeedData());
const timeRun = async (fn: () => Promise<unknown>) => {
  const t = performance.now();
  await fn();
  return performance.now() - t;
};
const cold = await timeRun(() => runSeedWorkflow(files));
const warm: number[] = [];
for (let k = 0; k < 9; k++) warm.push(await timeRun(() => runSeedWorkflow(files)));
const spectra = makeSeedData().series.map(({ freq, re, im, temperatureK }) => ({ freq, re, im, temperatureK }));
const opts = { circuit: SEED_TRUTH.circuit, bulk: 'R1', geometry: SEED_TRUTH.geometry };
const withKk: number[] = [], withoutKk: number[] = [];
for (let k = 0; k < 9; k++) {
  withKk.push(await timeRun(() => temperatureSeries(spectra, opts)));
  withoutKk.push(await timeRun(() => temperatureSeries(spectra, { ...opts, kk: false })));
}
console.log(`\nNode ${process.version}, ${new Date().toISOString().slice(0, 10)}\n
| | ms |
|---|---|
| whole seed workflow, first run (cold JIT) | ${cold.toFixed(0)} |
| whole seed workflow, median of 9 | ${median(warm).toFixed(0)} |
| temperatureSeries (6 spectra): KK (default: noise rule, F_ext searched) + fits (with quality) + Arrhenius | ${median(withKk).toFixed(0)} |
| temperatureSeries without the KK checks | ${median(withoutKk).toFixed(1)} |`);
