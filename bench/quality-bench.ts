/**
 * Cost of FitResult.quality per fit (Node): 1000 pellet spectra of bench/fit-bench.ts's
 * distribution with 0.5 % noise, fitted by fitBatch (WASM); then fitQuality alone re-run on
 * every result. Run: npm run bench:quality
 */
import { fitBatch, init, parseCircuit, simulate, logFrequencies } from '../src/index.ts';
import { buildProblem } from '../src/fit/problem.ts';
import { fitQuality } from '../src/fit/quality.ts';
import { pelletSet } from './fit-bench.ts';

await init();
const c = parseCircuit('R0-p(R1,CPE1)-CPE2');
const f = logFrequencies(1e6, 1, 61);
const { truths } = pelletSet(1000);
const spectra = truths.map((t, k) => simulate(c, f, t, { noise: 0.005, seed: 1000 + k }));
const opts = { initial: [20, 1e4, 3e-10, 0.9, 1e-6, 0.8] };
await fitBatch(c, spectra.slice(0, 50), opts); // warm-up
const t0 = performance.now();
const results = await fitBatch(c, spectra, opts);
const tBatch = performance.now() - t0;
const problems = spectra.map((s) => buildProblem(c, s, opts));
const runQuality = () => results.forEach((r, k) => fitQuality(c, problems[k]!, {
  success: r.success, message: r.message, params: r.params, stderr: r.stderr, correlation: r.correlation,
  atBound: r.paramNames.map((n) => r.byName[n]!.atBound), residualsRe: r.residuals.re, residualsIm: r.residuals.im,
}));
runQuality();
const times: number[] = [];
for (let k = 0; k < 5; k++) {
  const t1 = performance.now();
  runQuality();
  times.push(performance.now() - t1);
}
times.sort((a, b) => a - b);
const tq = times[2]!;
const counts = { good: 0, suspect: 0, bad: 0 };
results.forEach((r) => counts[r.quality.verdict]++);
console.log(`fitBatch of ${spectra.length} noisy pellet spectra (61 points, 0.5 % noise): ${tBatch.toFixed(0)} ms, ${(tBatch / spectra.length).toFixed(3)} ms per fit including quality`);
console.log(`fitQuality alone: ${(tq / spectra.length).toFixed(3)} ms per fit (median of 5 passes), ${((100 * tq) / tBatch).toFixed(0)} % of the batch`);
console.log(`verdicts: ${counts.good} good, ${counts.suspect} suspect, ${counts.bad} bad; converged ${results.filter((r) => r.success).length}`);
