/**
 * A worker process SIGKILLed mid-batch loses nothing (issue 15): two worker processes
 * (test/fixtures/queue-worker.ts, bundled here) on a private redis-server, 2000 noisy spectra in
 * chunks of 100. Worker A takes a job and sleeps in it; once worker B is ready, A is killed by its
 * PID. A's job stalls (its lock, 2 s, is no longer renewed), B's stalled check puts it back, B
 * runs it: all 2000 results arrive, in order, the same bit for bit as fitBatch here, every chunk
 * completed exactly once and its result written once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { fitBatch, logFrequencies, parseCircuit, simulate, type Spectrum } from '../src/index.ts';
import { connectRedis, loadBullmq } from '../src/queue/deps.ts';
import { submitFitBatch } from '../src/queue/index.ts';
import { ensureInit } from './helpers.ts';
import { REDIS, type RedisServer, startRedis } from './redis-server.ts';
import { expectSame } from './same-value.ts';

const circuit = parseCircuit('R0-p(R1,CPE1)-CPE2');
const BUNDLE = `build/queue-worker-${process.pid}.mjs`;

function noisyPellets(count: number): Spectrum[] {
  const f = logFrequencies(1e6, 1, 61);
  let s = 11;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const lu = (a: number, b: number) => 10 ** (Math.log10(a) + (Math.log10(b) - Math.log10(a)) * u());
  return Array.from({ length: count }, (_, k) => simulate(circuit, f, [lu(5, 50), lu(1e3, 1e5), lu(1e-10, 1e-9), 0.8 + 0.18 * u(), lu(3e-7, 3e-6), 0.7 + 0.25 * u()], { noise: 0.005, seed: 3000 + k }));
}

/** A worker process and the lines it has printed (a promise per awaited line). */
interface WorkerProcess {
  child: ChildProcess;
  /** Resolves with the first line matching `pattern` (also one printed already). */
  line(pattern: RegExp): Promise<string>;
}

describe.skipIf(!REDIS.available).sequential('eiskit/queue: a worker SIGKILLed mid-batch', () => {
  let server: RedisServer;
  let client: Redis;
  let events: QueueEvents | undefined;
  let eventsClient: Redis | undefined;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    await ensureInit();
    server = await startRedis();
    client = await connectRedis({ url: server.url }, 'submitter');
    await build({ entryPoints: ['test/fixtures/queue-worker.ts'], bundle: true, format: 'esm', platform: 'node', target: 'node20', external: ['bullmq', 'ioredis'], outfile: BUNDLE, logLevel: 'silent' });
  }, 60_000);
  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    }
    await events?.close();
    eventsClient?.disconnect();
    client?.disconnect();
    await server?.stop();
    rmSync(BUNDLE, { force: true });
  });

  const startWorker = (queue: string, firstJobSleepMs: number): WorkerProcess => {
    const child = spawn(process.execPath, [BUNDLE, server.url, queue, '2000', '1000', String(firstJobSleepMs)], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    const lines: string[] = [];
    const waiting: { pattern: RegExp; resolve: (line: string) => void }[] = [];
    let err = '';
    child.stderr!.on('data', (chunk: Buffer) => void (err += chunk.toString()));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      for (const w of waiting.filter((w) => w.pattern.test(line))) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(line);
      }
    });
    const exited = new Promise<never>((_, reject) => child.once('exit', (code, signal) => reject(new Error(`worker exited (${code ?? signal}): ${err}`))));
    exited.catch(() => {});
    return {
      child,
      line: (pattern) => {
        const seen = lines.find((l) => pattern.test(l));
        if (seen) return Promise.resolve(seen);
        return Promise.race([new Promise<string>((resolve) => waiting.push({ pattern, resolve })), exited]);
      },
    };
  };

  it('2000 noisy spectra, 2 worker processes, one SIGKILLed in a job: every result once, in order, bit for bit as fitBatch', async () => {
    const spectra = noisyPellets(2000);
    const local = await fitBatch(circuit, spectra);
    const { QueueEvents: EventsClass } = await loadBullmq();
    eventsClient = client.duplicate();
    events = new EventsClass('kill', { connection: eventsClient });
    const completed = new Map<string, number>();
    let stalled = 0;
    events.on('completed', ({ jobId }) => void completed.set(jobId, (completed.get(jobId) ?? 0) + 1));
    events.on('stalled', () => void stalled++);
    await events.waitUntilReady();

    const a = startWorker('kill', 60_000); // its first job sleeps until it is killed
    await a.line(/^ready$/);
    const submitted = submitFitBatch(circuit, spectra, {}, { connection: { url: server.url }, queue: 'kill', chunkSize: 100 });
    const taken = (await a.line(/^active /)).slice('active '.length);
    const b = startWorker('kill', 0);
    await b.line(/^ready$/);
    const killed = new Promise((resolve) => a.child.once('exit', (_code, signal) => resolve(signal)));
    process.kill(a.child.pid!, 'SIGKILL');
    expect(await killed).toBe('SIGKILL');

    const results = await submitted;
    expect(results).toHaveLength(2000);
    results.forEach((r, k) => expectSame(r, local[k], `results[${k}]`));
    await expect.poll(() => completed.size, { timeout: 5000 }).toBe(20);
    expect([...completed.values()].every((n) => n === 1)).toBe(true);
    expect(completed.has(taken)).toBe(true); // A's job, finished by B
    expect(stalled).toBeGreaterThanOrEqual(1);
    expect(await client.keys('eiskit:result:*')).toHaveLength(20);
  }, 120_000);
});
