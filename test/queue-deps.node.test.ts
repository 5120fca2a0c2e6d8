/** The optional peers and the Redis client factory of eiskit/queue (src/queue/deps.ts), without a Redis server. */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EisError } from '../src/index.ts';
import { checkRedisUrl, connectRedis, INSTALL_HINT, loadBullmq, loadIoredis, redact, redactedUrl, setMissingModulesForTests } from '../src/queue/deps.ts';
import { expectError } from './helpers.ts';

/** A port on 127.0.0.1 that nothing listens on (taken, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function rejection(p: Promise<unknown>): Promise<EisError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(EisError);
  return e as EisError;
}

afterEach(() => setMissingModulesForTests([]));

describe('optional peers', () => {
  it('load bullmq and ioredis when installed (bullmq through its CommonJS build)', async () => {
    const bullmq = await loadBullmq();
    for (const name of ['Queue', 'Worker', 'QueueEvents', 'UnrecoverableError'] as const) expect(typeof bullmq[name], name).toBe('function');
    const Redis = await loadIoredis();
    expect(typeof Redis).toBe('function');
    expect(typeof Redis.prototype.connect).toBe('function');
  });

  it('a missing package is E_MISSING_DEPENDENCY saying what to install (test hook)', async () => {
    expect(INSTALL_HINT).toBe('npm install bullmq@^6.7.6 ioredis@^5.11.1');
    setMissingModulesForTests(['bullmq']);
    const e = await rejection(loadBullmq());
    expect(e.code).toBe('E_MISSING_DEPENDENCY');
    expect(e.message).toBe('eiskit/queue needs the package bullmq, which is not installed: npm install bullmq@^6.7.6 ioredis@^5.11.1');
    expect(e.details).toMatchObject({ missing: 'bullmq', packages: ['bullmq', 'ioredis'], install: INSTALL_HINT });
    await expect(loadIoredis()).resolves.toBeTypeOf('function');
    setMissingModulesForTests(['ioredis']);
    expect((await rejection(connectRedis({ url: 'redis://127.0.0.1:1' }, 'submitter'))).code).toBe('E_MISSING_DEPENDENCY');
    setMissingModulesForTests([]);
    await expect(loadBullmq()).resolves.toHaveProperty('Worker');
  });
});

describe('Redis URLs', () => {
  it('redacts the password, raw and percent-decoded, wherever it occurs', () => {
    const url = 'redis://user:s%40cret@db.example:6380/2';
    expect(redactedUrl(url)).toBe('redis://user:***@db.example:6380/2');
    expect(redact('AUTH s@cret failed for redis://user:s%40cret@db.example:6380/2', url)).toBe('AUTH *** failed for redis://user:***@db.example:6380/2');
    expect(redactedUrl('rediss://:only-password@host')).toBe('rediss://:***@host');
    expect(redactedUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(redactedUrl('redis://u:p@ss:w@host:1/0')).toBe('redis://u:***@host:1/0');
    expect(redactedUrl('redis://justuser@host')).toBe('redis://justuser@host');
  });

  it('checks the URL without echoing its password', () => {
    expect(checkRedisUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expectError(() => checkRedisUrl(6379), 'E_ARG_TYPE', /connection\.url/, /got 6379/);
    const e = expectError(() => checkRedisUrl('http://u:hunter2@host'), 'E_ARG_RANGE', /redis:\/\/ or rediss:\/\//, /http:\/\/u:\*\*\*@host/);
    expect(e.message).not.toContain('hunter2');
  });
});

describe('connectRedis', () => {
  for (const role of ['submitter', 'worker'] as const) {
    it(`Redis unreachable at the start is E_QUEUE at once, the cause named, the password redacted (${role})`, async () => {
      const port = await closedPort();
      const url = `redis://:hunter2@127.0.0.1:${port}`;
      const t0 = performance.now();
      const e = await rejection(connectRedis({ url }, role));
      expect(performance.now() - t0).toBeLessThan(2000);
      expect(e.code).toBe('E_QUEUE');
      expect(e.message).toContain(`cannot connect (Redis at redis://:***@127.0.0.1:${port}: `);
      expect(e.message).toMatch(/ECONNREFUSED/);
      expect(JSON.stringify(e.details)).not.toContain('hunter2');
      expect(e.message).not.toContain('hunter2');
      expect(e.details).toMatchObject({ url: `redis://:***@127.0.0.1:${port}` });
    });
  }

  /**
   * A stand-in for Redis that answers every command with the bulk string "loading:0" (enough for
   * ioredis's ready check, INFO) and can drop its connections: the retry rules without a Redis server.
   */
  async function fakeRedis(): Promise<{ port: number; server: Server; drop: () => void }> {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('data', (chunk) => {
        const commands = chunk.toString('latin1').split('\r\n').filter((line) => line.startsWith('*')).length;
        for (let k = 0; k < commands; k++) socket.write('$9\r\nloading:0\r\n');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { port: (server.address() as { port: number }).port, server, drop: () => { for (const s of sockets) s.destroy(); } };
  }

  it('after losing Redis a submitter gives up after giveUpMs, a worker keeps reconnecting', async () => {
    const fake = await fakeRedis();
    const url = `redis://:hunter2@127.0.0.1:${fake.port}`;
    const errors: EisError[] = [];
    const submitter = await connectRedis({ url }, 'submitter', { giveUpMs: 400, onError: (e) => errors.push(e) });
    const worker = await connectRedis({ url }, 'worker');
    expect(await submitter.ping()).toBe('loading:0');
    let workerRetries = 0;
    worker.on('reconnecting', () => workerRetries++);
    const ended = new Promise<number>((resolve) => submitter.once('end', () => resolve(performance.now())));
    // no new connections from now on: every reconnection is refused
    await new Promise<void>((resolve) => {
      fake.server.close(() => resolve());
      fake.drop();
    });
    const t0 = performance.now();
    const pending = submitter.ping().then(() => 'answered', (e: unknown) => e);
    expect((await ended) - t0).toBeLessThan(3000);
    expect(await pending).toBeInstanceOf(Error); // a command waiting for the reconnection rejects when the client gives up
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.code === 'E_QUEUE' && !e.message.includes('hunter2'))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(worker.status).not.toBe('end');
    expect(workerRetries).toBeGreaterThanOrEqual(2);
    worker.disconnect();
  });

  it('a bad URL is an argument error before any connection', async () => {
    expect((await rejection(connectRedis({ url: 'localhost:6379' }, 'worker'))).code).toBe('E_ARG_RANGE');
    expect((await rejection(connectRedis({} as never, 'worker'))).message).toMatch(/`connection\.url` must be a Redis URL string/);
    expect((await rejection(connectRedis('redis://127.0.0.1:6379' as never, 'worker'))).message).toMatch(/`connection` must be an object \{ url \}/);
  });
});
