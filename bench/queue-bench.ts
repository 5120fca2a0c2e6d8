/**
 * Issue 15's queue benchmark (Node, Linux): the noisy pellet batch of bench/fit-noisy-bench.ts
 * (`R0-p(R1,CPE1)-CPE2`, 61 points, 0.5 % noise, automatic start values; N = 2000 by default)
 * fitted (a) by fitBatch in one thread, (b) by fitBatch with workers: 2, (f) as a queue worker fits
 * but without the queue (chunk by chunk in one pooled thread), and through eiskit/queue
 * on a private redis-server by (c) one worker process, (d) two worker processes, (e) one worker
 * process with concurrency 2 — every worker process started and warmed before timing, the rounds
 * interleaved with the order rotated, every queued result checked equal to fitBatch's (the bench
 * aborts otherwise).
 *
 * A chunk's id is the hash of its content and its result stays in Redis: a second submission of
 * the same spectra would be served from there without fitting. So after every queued run the
 * result keys are deleted (a fresh `eiskit:result:` namespace; the jobs are removed on completion
 * anyway), and the warm-ups use other noise seeds.
 *
 * Besides times it reports what other load cannot blur: the bytes of a job's and of a result's
 * text per spectrum, Redis commands per chunk (INFO commandstats), the CPU time of each worker
 * process, of the submitter and of Redis, and the queue's overhead per job: 200 spectra as 200
 * one-spectrum jobs against one job of 200, the same fits, the difference per job.
 *
 * Run: npm run bench:queue [-- --count 2000 --chunk 256 --rounds 7 --warmups 4 --timeout 300]
 * (EISKIT_BENCH_WORKER_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" profiles the worker processes)
 */
import { isDeepStrictEqual } from 'node:util';
import { loadavg } from 'node:os';
import type { Redis } from 'ioredis';
import { fitBatch, init, logFrequencies, parseCircuit, simulate, terminateFitWorkers, type FitResult, type Spectrum } from '../src/index.ts';
import { submitFitBatch } from '../src/queue/index.ts';
import { connectRedis } from '../src/queue/deps.ts';
import { decodeJob, decodeResult, encodeJob, encodeResult, packJobChunk } from '../src/queue/payload.ts';
import { QUEUE_FIT_OPTION_KEYS } from '../src/queue/shared.ts';
import { fitInWorkers } from '../src/runtime/workers.ts';
import { median } from '../src/stats/residuals.ts';
import { REDIS, startRedis } from '../test/redis-server.ts';
import { pelletSet } from './fit-bench.ts';
import { armExits, ownServer, runWorkerProcess, startWorkerProcess, stopAll, type WorkerProcess } from './queue-bench-procs.ts';

if (process.argv[2] === '--worker') await runWorkerProcess(process.argv.slice(3));
else await main();

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const v = Number(process.argv[at + 1]);
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer; got ${JSON.stringify(process.argv[at + 1])}`);
  return v;
}

/** The first place where `b` differs from `a` (numbers by Object.is, typed arrays by class and elements), or undefined. */
function difference(a: unknown, b: unknown, path: string): string | undefined {
  if (ArrayBuffer.isView(a)) {
    if (!ArrayBuffer.isView(b) || a.constructor !== b.constructor) return `${path}: not a ${a.constructor.name}`;
    const x = a as unknown as ArrayLike<number>, y = b as unknown as ArrayLike<number>;
    if (x.length !== y.length) return `${path}.length`;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return `${path}[${i}]: ${y[i]} instead of ${x[i]}`;
    return undefined;
  }
  if (typeof a !== 'object' || a === null) return Object.is(a, b) ? undefined : `${path}: ${String(b)} instead of ${String(a)}`;
  if (typeof b !== 'object' || b === null || Array.isArray(a) !== Array.isArray(b)) return `${path}: ${String(b)}`;
  if (!isDeepStrictEqual(Object.keys(a), Object.keys(b))) return `${path}: keys ${Object.keys(b)} instead of ${Object.keys(a)}`;
  for (const k of Object.keys(a)) {
    const d = difference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d) return d;
  }
  return undefined;
}

/** Redis's command calls so far (without INFO itself) and its CPU time, ms. */
async function redisCounters(stats: Redis): Promise<{ calls: number; cpu: number }> {
  const text = await stats.info('commandstats');
  let calls = 0;
  for (const m of text.matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)) if (m[1] !== 'info') calls += Number(m[2]);
  const cpu = await stats.info('cpu');
  const sec = (k: string) => Number(new RegExp(`^${k}:([\\d.]+)`, 'm').exec(cpu)?.[1]);
  return { calls, cpu: (sec('used_cpu_user') + sec('used_cpu_sys')) * 1000 };
}

/** Median and minimum ms of 15 calls of `fn` after 5 untimed ones. */
function timeCall(fn: () => unknown): { median: number; min: number } {
  for (let i = 0; i < 5; i++) fn();
  const xs: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    fn();
    xs.push(performance.now() - t);
  }
  return { median: median(xs), min: Math.min(...xs) };
}

interface Sample { ms: number; submitterCpu: number; workerCpu: number[]; redisCpu: number; calls: number }

async function main(): Promise<void> {
  const N = flag('count', 2000), CHUNK = flag('chunk', 256), ROUNDS = flag('rounds', 7), WARMUPS = flag('warmups', 4);
  if (!REDIS.available) throw new Error(REDIS.reason);
  const disarm = armExits(flag('timeout', 300));
  const circuit = parseCircuit('R0-p(R1,CPE1)-CPE2');
  const freq = logFrequencies(1e6, 1, 61);
  await init();
  const { truths } = pelletSet(N);
  const noisy = (seed0: number, count = N): Spectrum[] => truths.slice(0, count).map((t, k) => simulate(circuit, freq, t, { noise: 0.005, seed: seed0 + k }));
  const spectra = noisy(1000); // the noisy bench's spectra (seed 1000 + k)
  const warm = noisy(500_000); // other content, other job ids: the warm-ups serve no timed round

  const server = await startRedis();
  ownServer(server);
  const workers: WorkerProcess[] = [];
  let stats: Redis | undefined;
  try {
    stats = await connectRedis({ url: server.url }, 'submitter');
    const connection = { url: server.url };
    const queued = [
      { key: 'c', label: '(c) queue, 1 worker process', queue: 'one', procs: 1, concurrency: 1 },
      { key: 'd', label: '(d) queue, 2 worker processes', queue: 'two', procs: 2, concurrency: 1 },
      { key: 'e', label: '(e) queue, 1 worker process, concurrency 2', queue: 'conc2', procs: 1, concurrency: 2 },
    ];
    const procsOf = new Map<string, WorkerProcess[]>();
    for (const q of queued) {
      const ps = await Promise.all(Array.from({ length: q.procs }, () => startWorkerProcess(server.url, q.queue, q.concurrency)));
      workers.push(...ps);
      procsOf.set(q.key, ps);
    }
    console.error(`bench:queue: redis-server pid ${server.pid} on ${server.url}; worker processes pid ${workers.map((w) => w.pid).join(', ')}`);
    const dropResults = async () => {
      const keys = await stats!.keys('eiskit:result:*');
      if (keys.length) await stats!.del(...keys);
    };

    // warm-ups (untimed): this thread, the local pool, every worker process's pool threads. A fresh
    // thread's fits reach their speed only after several thousand spectra (V8 tiers the WASM and
    // the JS around it up by use): WARMUPS batches each, their results dropped in between.
    const reference = await fitBatch(circuit, spectra);
    for (let w = 0; w < WARMUPS; w++) {
      await fitBatch(circuit, warm);
      await fitBatch(circuit, warm, { workers: 2 });
      await fitInWorkers(1, circuit.toString(), warm, {}, QUEUE_FIT_OPTION_KEYS, false, 32, undefined, { whole: true });
      for (const q of queued) {
        await submitFitBatch(circuit, warm, {}, { connection, queue: q.queue, chunkSize: Math.min(CHUNK, Math.ceil(N / 4)) });
        await dropResults();
      }
    }

    // machine-independent sizes: a job's text (as submitFitBatch writes it) per spectrum, and a result's (as stored)
    const f64 = spectra.slice(0, CHUNK).map((s) => ({ ...s, freq: Float64Array.from(s.freq), re: Float64Array.from(s.re), im: Float64Array.from(s.im) }));
    const jobText = encodeJob(packJobChunk({ kind: 'fit', circuit: circuit.toString(), options: {}, spectra: f64 }), { batchId: 'eis-' + '0'.repeat(64), index: 0, offset: 0 });
    let resultBytes = 0;
    // the wire format's CPU per spectrum, each step alone in this thread (one chunk; the results are fitBatch's)
    const chunkResults = reference.slice(0, f64.length);
    let chunk = packJobChunk({ kind: 'fit', circuit: circuit.toString(), options: {}, spectra: f64 });
    const resultText = encodeResult({ jobId: chunk.id, batchId: 'eis-' + '0'.repeat(64), index: 0, results: chunkResults, ms: 1 });
    const codec = [
      ['submitter: pack the chunk and hash it (packJobChunk)', () => (chunk = packJobChunk({ kind: 'fit', circuit: circuit.toString(), options: {}, spectra: f64 }))],
      ["submitter: the job's text (encodeJob)", () => encodeJob(chunk, { batchId: 'eis-' + '0'.repeat(64), index: 0, offset: 0 })],
      ['worker: read the job, check its hash (decodeJob)', () => decodeJob(jobText)],
      ["worker: the result's text (encodeResult)", () => encodeResult({ jobId: chunk.id, batchId: 'eis-' + '0'.repeat(64), index: 0, results: chunkResults, ms: 1 })],
      ['submitter: read the result (decodeResult)', () => decodeResult(resultText, { jobId: chunk.id, count: f64.length })],
    ].map(([label, fn]) => ({ label: label as string, t: timeCall(fn as () => unknown) }));

    const load0 = loadavg();
    const local = async (workersOpt: number | undefined): Promise<{ results: FitResult[]; sample: Sample }> => {
      const c0 = process.cpuUsage(), t = performance.now();
      const results = await fitBatch(circuit, spectra, workersOpt ? { workers: workersOpt } : {});
      const ms = performance.now() - t, c = process.cpuUsage(c0);
      return { results, sample: { ms, submitterCpu: (c.user + c.system) / 1000, workerCpu: [], redisCpu: 0, calls: 0 } };
    };
    const viaQueue = async (q: (typeof queued)[number], input = spectra, chunkSize = CHUNK): Promise<{ results: FitResult[]; sample: Sample }> => {
      const ps = procsOf.get(q.key)!;
      const w0 = await Promise.all(ps.map((p) => p.cpu())), r0 = await redisCounters(stats!);
      const c0 = process.cpuUsage(), t = performance.now();
      const results = await submitFitBatch(circuit, input, {}, { connection, queue: q.queue, chunkSize });
      const ms = performance.now() - t, c = process.cpuUsage(c0);
      const r1 = await redisCounters(stats!), w1 = await Promise.all(ps.map((p) => p.cpu()));
      if (resultBytes === 0 && input === spectra) {
        const keys = await stats!.keys('eiskit:result:*');
        for (const k of keys) resultBytes += await stats!.strlen(k);
      }
      await dropResults();
      return { results, sample: { ms, submitterCpu: (c.user + c.system) / 1000, workerCpu: w1.map((x, i) => x - w0[i]!), redisCpu: r1.cpu - r0.cpu, calls: r1.calls - r0.calls } };
    };
    /** What a worker process does to fit, without the queue: per chunk, one pooled thread, parts of 32 (POOL_CHUNK in src/queue/worker.ts). */
    const workerFitPath = async (): Promise<{ results: FitResult[]; sample: Sample }> => {
      const c0 = process.cpuUsage(), t = performance.now();
      const results: FitResult[] = [];
      for (let at = 0; at < N; at += CHUNK) results.push(...((await fitInWorkers(1, circuit.toString(), spectra.slice(at, at + CHUNK), {}, QUEUE_FIT_OPTION_KEYS, false, 32, undefined, { whole: true })) as FitResult[]));
      const ms = performance.now() - t, c = process.cpuUsage(c0);
      return { results, sample: { ms, submitterCpu: (c.user + c.system) / 1000, workerCpu: [], redisCpu: 0, calls: 0 } };
    };
    const configs = [
      { key: 'a', label: '(a) fitBatch, one thread', run: () => local(undefined) },
      { key: 'f', label: "(f) the worker's fit path without the queue: chunk by chunk in one pooled thread", run: workerFitPath },
      { key: 'b', label: '(b) fitBatch, workers: 2', run: () => local(2) },
      ...queued.map((q) => ({ key: q.key, label: q.label, run: () => viaQueue(q) })),
    ];
    const samples = new Map<string, Sample[]>(configs.map((c) => [c.key, []]));
    for (let r = 0; r < ROUNDS; r++) {
      for (let i = 0; i < configs.length; i++) {
        const cfg = configs[(i + r) % configs.length]!; // the order rotated each round
        const { results, sample } = await cfg.run();
        const d = results.length === N ? difference(reference, results, 'results') : `${results.length} results instead of ${N}`;
        if (d) throw new Error(`${cfg.label}, round ${r + 1}: not fitBatch's results (${d})`);
        samples.get(cfg.key)!.push(sample);
      }
    }

    // the queue's overhead per job: 200 spectra as 200 jobs of 1 against one job of 200 (the same fits), 1 worker process
    const few = noisy(900_000, Math.min(200, N));
    const fewReference = await fitBatch(circuit, few);
    const per = { one: [] as Sample[], all: [] as Sample[] };
    for (let r = 0; r < 3; r++) {
      for (const [size, into] of [[1, per.one], [256, per.all]] as const) {
        const { results, sample } = await viaQueue(queued[0]!, few, size);
        const d = difference(fewReference, results, 'results');
        if (d) throw new Error(`overhead run, chunkSize ${size}: not fitBatch's results (${d})`);
        into.push(sample);
      }
    }
    const load1 = loadavg();

    // ---- report ----
    const m = (xs: Sample[], f: (s: Sample) => number) => median(xs.map(f));
    const fps = (ms: number, n = N) => ((n * 1000) / ms).toFixed(0);
    const a = samples.get('a')!;
    const jobs = Math.ceil(N / CHUNK);
    const sumW = (s: Sample) => s.workerCpu.reduce((x, y) => x + y, 0);
    const perSpectrum = (ms: number) => ((1000 * ms) / N).toFixed(0);
    const rows = configs.map((cfg) => {
      const s = samples.get(cfg.key)!;
      const ratios = s.map((x, r) => a[r]!.ms / x.ms);
      const isQueue = s[0]!.workerCpu.length > 0;
      const wcpu = isQueue ? s[0]!.workerCpu.map((_, k) => m(s, (x) => x.workerCpu[k]!).toFixed(0)).join(' / ') : '—';
      return `| ${cfg.label} | ${fps(m(s, (x) => x.ms))} | ${fps(Math.min(...s.map((x) => x.ms)))} | ${m(s, (x) => x.ms).toFixed(0)} [${Math.min(...s.map((x) => x.ms)).toFixed(0)}–${Math.max(...s.map((x) => x.ms)).toFixed(0)}] | ${median(ratios).toFixed(2)}× [${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}] | ${wcpu} | ${m(s, (x) => x.submitterCpu).toFixed(0)} | ${isQueue ? `${m(s, (x) => x.redisCpu).toFixed(0)} | ${perSpectrum(m(s, sumW))} / ${perSpectrum(m(s, (x) => x.submitterCpu))} / ${perSpectrum(m(s, (x) => x.redisCpu))} | ${jobs} × ${CHUNK} | ${(m(s, (x) => x.calls) / jobs).toFixed(1)}` : `— | ${perSpectrum(m(s, (x) => x.submitterCpu))} (this thread and its pool) | — | —`} |`;
    });
    const fewN = few.length, fewJobs = fewN - 1;
    const d = (f: (s: Sample) => number) => (m(per.one, f) - m(per.all, f)) / fewJobs;
    console.log([
      `Node ${process.version}, ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}, load average ${load0.map((x) => x.toFixed(2)).join(' / ')} before, ${load1.map((x) => x.toFixed(2)).join(' / ')} after; redis-server on 127.0.0.1 (private, persistence off)`,
      '',
      `| ${N} noisy pellet spectra, ${ROUNDS} interleaved rounds after ${WARMUPS} warm-up batches | spectra/s, median | spectra/s, best round | wall ms, median [range] | ratio to (a) in the same round, median [range] | CPU ms per worker process, median | submitter (this process) CPU ms | Redis CPU ms | CPU µs per spectrum: workers Σ / submitter / Redis | jobs × chunk | Redis commands per job |`,
      '|---|---|---|---|---|---|---|---|---|---|---|',
      ...rows,
      '',
      '| machine-independent | |',
      '|---|---|',
      `| job text per spectrum (61 points; chunk of ${f64.length}) | ${(jobText.length / f64.length).toFixed(0)} bytes |`,
      `| result text per spectrum (as stored under eiskit:result:…) | ${(resultBytes / N).toFixed(0)} bytes |`,
      `| Redis commands per job at chunkSize 1 (${fewN} jobs) | ${(m(per.one, (s) => s.calls) / fewN).toFixed(1)} |`,
      '',
      `| the wire format, µs per spectrum (a chunk of ${f64.length}, one thread, median [min] of 15 calls) | |`,
      '|---|---|',
      ...codec.map(({ label, t }) => `| ${label} | ${((1000 * t.median) / f64.length).toFixed(1)} [${((1000 * t.min) / f64.length).toFixed(1)}] |`),
      `| for scale: fitBatch one thread, (a)'s median | ${((1000 * m(a, (s) => s.ms)) / N).toFixed(1)} |`,
      '',
      `| queue overhead per job: ${fewN} spectra as ${fewN} jobs of 1 vs 1 job of ${fewN}, 1 worker process (3 rounds, medians) | |`,
      '|---|---|',
      `| wall ms: ${fewN} jobs / 1 job | ${m(per.one, (s) => s.ms).toFixed(0)} / ${m(per.all, (s) => s.ms).toFixed(0)} |`,
      `| overhead per job, wall ms = (t1 − t${fewN}) / ${fewJobs} | ${d((s) => s.ms).toFixed(3)} |`,
      `| … of which CPU ms per job: worker process / submitter / Redis | ${d(sumW).toFixed(3)} / ${d((s) => s.submitterCpu).toFixed(3)} / ${d((s) => s.redisCpu).toFixed(3)} |`,
    ].join('\n'));
  } finally {
    disarm();
    terminateFitWorkers();
    await stats?.quit().catch(() => stats?.disconnect());
    await stopAll(workers);
  }
  // every handle is closed by now: if one were left, the process would not end; say so instead of hanging
  setTimeout(() => {
    console.error('bench:queue: a handle kept the process alive 10 s after the end');
    process.exit(1);
  }, 10_000).unref();
}
