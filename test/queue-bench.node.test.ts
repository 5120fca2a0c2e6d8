/**
 * bench/queue-bench.ts (npm run bench:queue, issue 15) runs to its end on a tiny batch, with every
 * queued result checked equal to fitBatch's inside, and leaves no process behind: its private
 * redis-server and worker processes are gone (reaped, not zombies) after a normal end and after
 * SIGINT.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS } from './redis-server.ts';

const BUNDLE = `build/queue-bench-${process.pid}.mjs`;

/** The bench's run: exit code, stdout, stderr; `onStderr` sees stderr as it grows. */
function run(args: string[], onStderr?: (text: string, child: ChildProcess) => void): Promise<{ code: number | null; signal: string | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BUNDLE, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout!.on('data', (c: Buffer) => void (out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => {
      err += c.toString();
      onStderr?.(err, child);
    });
    child.once('exit', (code, signal) => resolve({ code, signal, out, err }));
  });
}

/** The PIDs the bench names on stderr (its redis-server, then its worker processes). */
function pids(err: string): number[] {
  const line = /redis-server pid (\d+) .*; worker processes pid ([\d, ]+)/.exec(err);
  expect(line, err).not.toBeNull();
  return [Number(line![1]), ...line![2]!.split(',').map(Number)];
}

/** True while `pid` exists (a zombie counts: it was not reaped). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!REDIS.available).sequential('bench:queue', () => {
  beforeAll(async () => {
    await build({ entryPoints: ['bench/queue-bench.ts'], bundle: true, format: 'esm', platform: 'node', target: 'node20', external: ['bullmq', 'ioredis'], outfile: BUNDLE, logLevel: 'silent' });
  }, 60_000);
  afterAll(() => rmSync(BUNDLE, { force: true }));

  it('a tiny batch: every configuration reported, the exit clean, no process left', async () => {
    const r = await run(['--count', '40', '--chunk', '16', '--rounds', '1', '--warmups', '1', '--timeout', '90']);
    expect(r.code, r.err).toBe(0);
    for (const row of ['(a) fitBatch, one thread', '(b) fitBatch, workers: 2', "(f) the worker's fit path", '(c) queue, 1 worker process', '(d) queue, 2 worker processes', '(e) queue, 1 worker process, concurrency 2']) expect(r.out).toContain(`| ${row}`);
    expect(r.out).toMatch(/\| 40 noisy pellet spectra, 1 interleaved rounds/);
    expect(r.out).toMatch(/job text per spectrum \(61 points; chunk of 16\) \| \d+ bytes/);
    expect(r.out).toMatch(/\| 3 × 16 \|/);
    const left = pids(r.err).filter(alive);
    expect(left, 'processes left behind').toEqual([]);
  }, 120_000);

  it('SIGINT: exits 130 and stops its redis-server and worker processes', async () => {
    let sent = false;
    const r = await run(['--count', '2000', '--rounds', '50', '--timeout', '90'], (err, child) => {
      if (sent || !/worker processes pid/.test(err)) return;
      sent = true;
      child.kill('SIGINT');
    });
    expect(r.code, r.err).toBe(130);
    expect(r.err).toContain('interrupted (SIGINT)');
    expect(pids(r.err).filter(alive), 'processes left behind').toEqual([]);
  }, 120_000);
});
