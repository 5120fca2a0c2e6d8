/**
 * The JS around each fit (issue 14, direction "leaner JS"): the pellet batch of
 * bench/fit-noisy-bench.ts, noisy (0.5 %, seed 1000 + k) and noise-free, fitted in the calling
 * thread on WASM, with the time of every JS stage per 1000 spectra — initialGuess, the rest of
 * buildProblem (validation, σ), the backend call as fitChunk makes it (one call per chunk of 256:
 * the kernel, the quality verdicts' numbers judged inside the same call, the copies in and out;
 * the backend's judgeFits only where a chunk's verdict regions would not fit), assembleResult,
 * and fitQuality (with the WASM numbers, and computing them in TS as the JS backend does) — beside
 * the whole fitBatch and the machine-independent counts.
 *
 * Each stage is timed by running it alone over the 1000 spectra, in interleaved rounds; a stage's
 * figure is its fastest round (on a shared, loaded machine the median mixes in other jobs and the
 * differences of stages turn negative), the whole batch's its median with the range. The stages
 * of one fit share no state, so their sum is the batch's cost less the chunking.
 *
 * buildProblem is timed as fitBatch runs it (one ProblemBatch for the 1000 spectra: their copies
 * in shared blocks, the options parsed once, start values with the backend's initialGuess passes:
 * assembly/guess.ts on WASM); initialGuess is timed that way and as the public function (its TS
 * passes, the JS backend's path); the garbage collector's time per fitBatch call
 * comes from PerformanceObserver 'gc' entries.
 *
 * Run: npm run bench:fit:js
 */
import { fitBatch, init, parseCircuit, simulate, logFrequencies, type Spectrum } from '../src/index.ts';
import { PerformanceObserver } from 'node:perf_hooks';
import { buildProblem, type ProblemBatch } from '../src/fit/problem.ts';
import { SpectrumArena } from '../src/validate.ts';
import { assembleResult } from '../src/fit/fit.ts';
import { fitQuality } from '../src/fit/quality.ts';
import { guessWith, initialGuess } from '../src/guess/index.ts';
import { selectBackend } from '../src/backend/select.ts';
import type { BackendFit, FitProblem } from '../src/types/problems.ts';
import { pelletSet } from './fit-bench.ts';
import { loadavg } from 'node:os';

const COUNT = 1000;
const ROUNDS = 15;
const c = parseCircuit('R0-p(R1,CPE1)-CPE2');
const freq = logFrequencies(1e6, 1, 61);
await init();
const { truths } = pelletSet(COUNT);
const batches: [string, Spectrum[]][] = [
  ['noisy (0.5 %)', truths.map((t, k) => simulate(c, freq, t, { noise: 0.005, seed: 1000 + k }))],
  ['noise-free', truths.map((t) => simulate(c, freq, t))],
];
const backend = selectBackend({});
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const best = (xs: number[]) => Math.min(...xs);
const load0 = loadavg();

/** A copy of a backend fit whose block assembleResult may fill again (it writes residuals, stderr, …). */
function copyFit(b: BackendFit): BackendFit {
  const all = new Float64Array(b.block.params.buffer.slice(0));
  const off = b.block.params.byteOffset;
  const block = Object.fromEntries(Object.entries(b.block).map(([k, v]) => [k, new Float64Array(all.buffer, v.byteOffset - off, v.length)])) as unknown as BackendFit['block'];
  return { ...b, block };
}

const rows: string[] = [];
for (const [label, spectra] of batches) {
  const problems: FitProblem[] = spectra.map((s) => buildProblem(c, s, {}));
  /** The backend call as fitChunk makes it, per chunk of 256: fit and verdicts' numbers in one call (the backend runs judgeFits itself when their regions would not fit). */
  const fitChunks = () => {
    const out: BackendFit[] = [];
    for (let k = 0; k < COUNT; k += 256) out.push(...backend.fitBatch(c.kernelProgram, problems.slice(k, k + 256), undefined, true));
    return out;
  };
  const fits = fitChunks();
  const results = fits.map((b, k) => assembleResult(c, problems[k]!, copyFit(b), backend.name));
  const copies = () => fits.map(copyFit);
  const t: Record<string, number[]> = { batch: [], guess: [], guessTs: [], build: [], kernel: [], assemble: [], quality: [], qualityTs: [] };
  const time = (key: string, f: () => void) => {
    const t0 = performance.now();
    f();
    t[key]!.push(performance.now() - t0);
  };
  await fitBatch(c, spectra); // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    await fitBatch(c, spectra);
    t.batch!.push(performance.now() - t0);
    time('guess', () => { for (const s of spectra) guessWith(c, s, backend.guess ?? null); });
    time('guessTs', () => { for (const s of spectra) initialGuess(c, s); });
    time('build', () => {
      const batch: ProblemBatch = { arena: new SpectrumArena() };
      for (const s of spectra) buildProblem(c, s, {}, undefined, batch, backend.guess);
    });
    time('kernel', fitChunks);
    const bs = copies();
    time('assemble', () => { for (let k = 0; k < COUNT; k++) assembleResult(c, problems[k]!, bs[k]!, backend.name); });
    const inputs = results.map((x) => ({ success: x.success, message: x.message, params: x.params, stderr: x.stderr, correlation: x.correlation, atBound: x.paramNames.map((n) => x.byName[n]!.atBound), residualsRe: x.residuals.re, residualsIm: x.residuals.im }));
    time('quality', () => {
      for (let k = 0; k < COUNT; k++) fitQuality(c, problems[k]!, inputs[k]!, fits[k]!.verdictNumbers);
    });
    time('qualityTs', () => {
      for (let k = 0; k < COUNT; k++) fitQuality(c, problems[k]!, inputs[k]!);
    });
  }
  // the collector's time per batch, from batches run back to back (in the rounds above it would
  // also collect the other stages' garbage)
  const gcTimes: number[] = [];
  let gcMs = 0;
  const gcObserver = new PerformanceObserver((list) => { for (const e of list.getEntries()) gcMs += e.duration; });
  gcObserver.observe({ entryTypes: ['gc'] });
  for (let r = 0; r < 7; r++) {
    const gc0 = gcMs;
    await fitBatch(c, spectra);
    await new Promise((resolve) => setTimeout(resolve, 0)); // the observer's entries of this call arrive
    gcTimes.push(gcMs - gc0);
  }
  gcObserver.disconnect();
  const m = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, best(v)])) as Record<string, number>;
  const batchMedian = median(t.batch!), fps = (ms: number) => (COUNT / (ms / 1000)).toFixed(0);
  const sum = m.build! + m.kernel! + m.assemble!;
  const mean = (f: (x: (typeof results)[number]) => number) => (results.reduce((s, x) => s + f(x), 0) / COUNT).toFixed(2);
  rows.push(
    `#### ${label}: ${COUNT} spectra, njev ${mean((x) => x.njev)}, nfev ${mean((x) => x.nfev)}, iterations ${mean((x) => x.iterations)} per fit (mean); verdicts ${['good', 'suspect', 'bad'].map((v) => `${v} ${results.filter((x) => x.quality.verdict === v).length}`).join(', ')}`,
    '',
    `| ms per 1000 spectra (fastest of ${ROUNDS} rounds) | |`,
    '|---|---|',
    `| \`fitBatch\`, WASM, calling thread: median [range] | ${batchMedian.toFixed(1)} → ${fps(batchMedian)} fits/s [${fps(Math.max(...t.batch!))}–${fps(m.batch!)}] |`,
    `| garbage collector during \`fitBatch\` (median of 7 batches run back to back) | ${median(gcTimes).toFixed(1)} |`,
    `| \`buildProblem\` (validation, σ, start values; as fitBatch runs it) | ${m.build!.toFixed(1)} |`,
    `| of which \`initialGuess\` (timed alone, the backend's passes as fitBatch runs it) | ${m.guess!.toFixed(1)} |`,
    `| \`initialGuess\` with the TS passes (the public function, the JS backend) | ${m.guessTs!.toFixed(1)} |`,
    `| backend \`fitBatch\` as fitChunk calls it (WASM kernel with the quality verdicts' numbers in the same call, copies in and out; per chunk of 256) | ${m.kernel!.toFixed(1)} |`,
    `| \`assembleResult\` (with those numbers) | ${m.assemble!.toFixed(1)} |`,
    `| \`fitQuality\` with the WASM numbers (timed alone) | ${m.quality!.toFixed(1)} |`,
    `| \`fitQuality\` computing its numbers in TS (the JS backend's path) | ${m.qualityTs!.toFixed(1)} |`,
    `| JS share of the stages (buildProblem + assembleResult) | ${((100 * (m.build! + m.assemble!)) / sum).toFixed(0)} % |`,
    '',
  );
}
const load1 = loadavg();
console.log([`Node ${process.version}, ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}, load average ${load0.map((x) => x.toFixed(2)).join(' / ')} before, ${load1.map((x) => x.toFixed(2)).join(' / ')} after`, '', ...rows].join('\n'));
