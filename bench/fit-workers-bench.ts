/**
 * Issue 14's worker benchmark (Node, Linux for the CPU times): the noisy pellet batch of
 * bench/fit-noisy-bench.ts (1000 spectra of `R0-p(R1,CPE1)-CPE2`, 61 points, 0.5 % noise,
 * automatic start values) through fitBatch with workers: 1 and workers: 2, interleaved. Besides
 * the wall times it reports what shared cores cannot blur: each worker's wall and CPU time in its
 * part of the batch (lastWorkerBatchStats; CPU from /proc/thread-self/stat, 10 ms ticks) and the
 * calling thread's CPU time, so one-thread CPU / the busier worker's CPU is the scaling the code
 * allows on free cores. The ceiling row is the machine's: two plain worker threads (this script
 * started again as a worker) each fitting one half of the batch in one thread's fitBatch, nothing
 * sent back, against the same batch in this thread — what 2 cores give to fitting alone.
 *
 * Run: npm run bench:fit:workers
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { fitBatch, init, logFrequencies, parseCircuit, simulate, terminateFitWorkers, type Spectrum } from '../src/index.ts';
import { lastWorkerBatchStats } from '../src/runtime/workers.ts';
import { threadCpuMs } from '../src/runtime/thread-cpu.ts';
import { median } from '../src/stats/residuals.ts';
import { pelletSet } from './fit-bench.ts';

const ROUNDS = 15;
const c = parseCircuit('R0-p(R1,CPE1)-CPE2');
const freq = logFrequencies(1e6, 1, 61);
await init();
const { truths } = pelletSet(1000);
const spectra: Spectrum[] = truths.map((t, k) => simulate(c, freq, t, { noise: 0.005, seed: 1000 + k }));

/** This thread's CPU time (user + system), ms; NaN off Linux. */
const threadCpu = () => threadCpuMs(readFileSync);

if (!isMainThread) {
  // the ceiling's worker: its half of the batch in one thread, only the count sent back
  const half = spectra.slice((workerData.half as number) * 500, (workerData.half + 1) * 500);
  await fitBatch(c, half); // warm-up
  parentPort!.on('message', async () => parentPort!.postMessage((await fitBatch(c, half)).length));
  parentPort!.postMessage('ready');
} else {
  const halves = await Promise.all([0, 1].map((half) => new Promise<Worker>((ready) => {
    const w = new Worker(new URL(import.meta.url), { workerData: { half } });
    w.once('message', () => ready(w));
  })));
  /** Both halves in the plain workers at once: wall ms. */
  const plainPair = async () => {
    const t = performance.now();
    await Promise.all(halves.map((w) => new Promise((done) => {
      w.once('message', done);
      w.postMessage(0);
    })));
    return performance.now() - t;
  };
  await plainPair();
  const load0 = loadavg();
  await fitBatch(c, spectra); // warm-up
  const reference = await fitBatch(c, spectra, { workers: 2 }); // starts the pool and warms the workers' code
  const one = await fitBatch(c, spectra);
  if (reference.some((r, k) => r.chi2 !== one[k]!.chi2 || r.params.some((p, i) => !Object.is(p, one[k]!.params[i])))) throw new Error('workers: 2 gave other fits than one thread');
  const rows: { one: number; two: number; pair: number; cpuOne: number; cpuMain: number; busy: number[]; cpu: number[]; unpack: number }[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    let c0 = threadCpu(), t = performance.now();
    await fitBatch(c, spectra);
    const msOne = performance.now() - t, cpuOne = threadCpu() - c0;
    c0 = threadCpu();
    t = performance.now();
    await fitBatch(c, spectra, { workers: 2 });
    const msTwo = performance.now() - t, cpuMain = threadCpu() - c0;
    const st = lastWorkerBatchStats()!;
    const pair = await plainPair();
    rows.push({ one: msOne, two: msTwo, pair, cpuOne, cpuMain, busy: st.busyMs, cpu: st.cpuMs, unpack: st.unpackMs });
  }
  terminateFitWorkers();
  for (const w of halves) await w.terminate();
  const load1 = loadavg();
  const fps = (ms: number) => (1000 / (ms / 1000)).toFixed(0);
  const m = (f: (r: (typeof rows)[number]) => number) => median(rows.map(f));
  const busier = (xs: number[]) => Math.max(...xs);
  const best = (f: (r: (typeof rows)[number]) => number) => Math.min(...rows.map(f));
  console.log([
    `Node ${process.version}, ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}, load average ${load0.map((x) => x.toFixed(2)).join(' / ')} before, ${load1.map((x) => x.toFixed(2)).join(' / ')} after`,
    '',
    `| noisy pellet batch, 1000 spectra (median of ${ROUNDS} interleaved rounds) | workers: 1 | workers: 2 |`,
    '|---|---|---|',
    `| wall time, ms [range] | ${m((r) => r.one).toFixed(0)} [${Math.min(...rows.map((r) => r.one)).toFixed(0)}–${Math.max(...rows.map((r) => r.one)).toFixed(0)}] | ${m((r) => r.two).toFixed(0)} [${Math.min(...rows.map((r) => r.two)).toFixed(0)}–${Math.max(...rows.map((r) => r.two)).toFixed(0)}] |`,
    `| fits/s | ${fps(m((r) => r.one))} | ${fps(m((r) => r.two))} |`,
    `| ratio (wall): of the medians; of the best rounds (the least disturbed by other load) | | ${(m((r) => r.one) / m((r) => r.two)).toFixed(2)}×; ${(best((r) => r.one) / best((r) => r.two)).toFixed(2)}× |`,
    `| calling thread CPU, ms | ${m((r) => r.cpuOne).toFixed(0)} | ${m((r) => r.cpuMain).toFixed(0)} (unpacking ${m((r) => r.unpack).toFixed(1)} ms wall) |`,
    `| per-worker wall time busy, ms | | ${[0, 1].map((k) => m((r) => r.busy[k]!).toFixed(0)).join(' / ')} |`,
    `| per-worker CPU time, ms | | ${[0, 1].map((k) => m((r) => r.cpu[k]!).toFixed(0)).join(' / ')} |`,
    `| scaling the code allows: one-thread CPU / busier worker's CPU | | ${m((r) => r.cpuOne / busier(r.cpu)).toFixed(2)}× |`,
    `| ceiling: two plain workers each fitting half in one thread, nothing sent back, wall ms [range] (ratio) | | ${m((r) => r.pair).toFixed(0)} [${Math.min(...rows.map((r) => r.pair)).toFixed(0)}–${Math.max(...rows.map((r) => r.pair)).toFixed(0)}] (${(m((r) => r.one) / m((r) => r.pair)).toFixed(2)}×; best rounds ${(best((r) => r.one) / best((r) => r.pair)).toFixed(2)}×) |`,
  ].join('\n'));
}
