/**
 * The queue tests' private Redis (test/redis-server.ts): it starts on 127.0.0.1 and a free port
 * with persistence off and noeviction, two run side by side, stop() leaves no process, no listener
 * and no folder (SIGKILL after 5 s if SIGTERM does not end it), a taken port is retried once,
 * and a missing binary skips — or fails under EISKIT_REQUIRE_REDIS=1.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { findExecutable, freePort, ping, REDIS, type RedisServer, redisCommand, redisStatus, startRedis } from './redis-server.ts';

/** Whether a process with this PID exists (signal 0 only checks). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    expect((e as NodeJS.ErrnoException).code).toBe('ESRCH');
    return false;
  }
}

/** A bulk-string array reply's items, e.g. CONFIG GET's `[name, value]`. */
function items(reply: string): string[] {
  const lines = reply.split('\r\n');
  return lines.flatMap((line, i) => (line.startsWith('$') ? [lines[i + 1]!] : []));
}
const arrayDone = (n: number) => (r: string) => r.split('\r\n').length >= 2 * n + 2;

describe('without redis-server', () => {
  const env = { PATH: '/nonexistent-dir' };
  it('the queue tests skip, saying what to install', () => {
    const status = redisStatus(env);
    expect(status.available).toBe(false);
    expect(status.reason).toMatch(/no redis-server found on PATH: the queue tests are skipped \(apt-get install redis-server\)/);
  });
  it('they fail instead under EISKIT_REQUIRE_REDIS=1', () => {
    expect(() => redisStatus({ ...env, EISKIT_REQUIRE_REDIS: '1' })).toThrow(/^EISKIT_REQUIRE_REDIS=1 but no redis-server found on PATH \(apt-get install redis-server\)$/);
    expect(() => redisStatus({ ...env, EISKIT_REQUIRE_REDIS: '1' }, 'valkey-server')).toThrow(/no valkey-server found/);
  });
  it('as a test file imports the helper: a warning and REDIS.available false, or a failed import when required', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.stubEnv('PATH', '/nonexistent-dir');
    vi.stubEnv('EISKIT_REQUIRE_REDIS', ''); // .ci/run exports it as 1: this first import is the case without it
    try {
      vi.resetModules();
      const fresh = await import('./redis-server.ts');
      expect(fresh.REDIS).toEqual({ available: false, reason: expect.stringMatching(/^no redis-server found/) });
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('the queue tests are skipped (apt-get install redis-server)'));
      vi.stubEnv('EISKIT_REQUIRE_REDIS', '1');
      vi.resetModules();
      await expect(import('./redis-server.ts')).rejects.toThrow(/^EISKIT_REQUIRE_REDIS=1 but no redis-server found/);
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
      warn.mockRestore();
    }
  });
  it('starting a binary that does not exist rejects, naming it', async () => {
    await expect(startRedis({ binary: '/nonexistent-dir/redis-server' })).rejects.toThrow(/could not start \/nonexistent-dir\/redis-server: .*ENOENT/);
  });
  it('findExecutable looks on PATH or takes a path', () => {
    expect(findExecutable('sh', '/nonexistent-dir:/bin')).toBe('/bin/sh');
    expect(findExecutable('/bin/sh', '')).toBe('/bin/sh');
    expect(findExecutable('sh', '')).toBeUndefined();
  });
});

describe.skipIf(!REDIS.available).sequential('a private redis-server', () => {
  const started: RedisServer[] = [];
  afterAll(async () => {
    await Promise.all(started.map((s) => s.stop()));
  });

  it('two servers on two ports answer PING, with persistence off and noeviction; stop() leaves nothing', async () => {
    const a = await startRedis();
    started.push(a);
    const b = await startRedis();
    started.push(b);
    expect(a.port).not.toBe(b.port);
    expect(a.url).toBe(`redis://127.0.0.1:${a.port}`);
    expect(a.dir).not.toBe(b.dir);
    for (const server of [a, b]) {
      expect(await redisCommand(server.port, 'PING')).toBe('+PONG\r\n');
      // the PID is the server itself (not daemonized), running with our flags
      expect(readFileSync(`/proc/${server.pid}/cmdline`, 'utf8')).toMatch(new RegExp(`redis-server.*127\\.0\\.0\\.1:${server.port}`));
      expect(items(await redisCommand(server.port, 'CONFIG GET save', { complete: arrayDone(2) }))).toEqual(['save', '']);
      expect(items(await redisCommand(server.port, 'CONFIG GET appendonly', { complete: arrayDone(2) }))).toEqual(['appendonly', 'no']);
      expect(items(await redisCommand(server.port, 'CONFIG GET maxmemory-policy', { complete: arrayDone(2) }))).toEqual(['maxmemory-policy', 'noeviction']);
    }
    // separate servers: a key set on one is not on the other
    expect(await redisCommand(a.port, 'SET eiskit:probe 1')).toBe('+OK\r\n');
    expect(await redisCommand(b.port, 'EXISTS eiskit:probe')).toBe(':0\r\n');

    await a.stop();
    expect(alive(a.pid)).toBe(false);
    await expect(redisCommand(a.port, 'PING')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(existsSync(a.dir)).toBe(false);
    await a.stop(); // again: a no-op
    // the other one is untouched
    expect(await ping(b.port)).toBe(true);
    await b.stop();
    expect(alive(b.pid)).toBe(false);
    expect(await ping(b.port)).toBe(false);
  });

  it('a server that ignores SIGTERM (here: stopped by SIGSTOP) is SIGKILLed after 5 s', async () => {
    const server = await startRedis();
    started.push(server);
    process.kill(server.pid, 'SIGSTOP');
    const t0 = performance.now();
    await server.stop();
    const ms = performance.now() - t0;
    expect(ms).toBeGreaterThan(4900);
    expect(ms).toBeLessThan(9000);
    expect(alive(server.pid)).toBe(false);
    expect(existsSync(server.dir)).toBe(false);
  }, 20_000);

  it('a port taken between choosing and binding is retried once on a fresh port', async () => {
    // it hangs up at once on whoever connects (the helper's PING), so close() need not wait for them
    const squatter: Server = createServer((socket) => socket.destroy());
    const taken = await new Promise<number>((resolve) => squatter.listen(0, '127.0.0.1', () => resolve((squatter.address() as { port: number }).port)));
    try {
      const chosen: number[] = [];
      const server = await startRedis({ choosePort: async () => (chosen.push(chosen.length === 0 ? taken : await freePort()), chosen.at(-1)!) });
      started.push(server);
      expect(chosen[0]).toBe(taken);
      expect(chosen).toHaveLength(2);
      expect(server.port).toBe(chosen[1]);
      expect(await ping(server.port)).toBe(true);
      await server.stop();
      // a second collision is an error naming the port
      await expect(startRedis({ choosePort: async () => taken })).rejects.toThrow(`port ${taken} was taken`);
    } finally {
      await new Promise((r) => squatter.close(r));
    }
  });
});
