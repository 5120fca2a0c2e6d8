/**
 * A private Redis for the queue tests (issue 15): Debian's `redis-server` started by the test on
 * 127.0.0.1 and a free port, with persistence off and `maxmemory-policy noeviction` (BullMQ warns
 * without it), in a temporary folder of its own, and stopped by its PID.
 *
 * The server runs in the foreground (not `--daemonize yes`): the child process is the server
 * itself, so its PID is ours without a pidfile and an exit (a port taken meanwhile, a bad flag)
 * is seen at once.
 *
 * Without a `redis-server` the queue tests skip, saying so (`REDIS.available` is false), unless
 * EISKIT_REQUIRE_REDIS=1 (.ci/run sets it), where importing this file fails the test file.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface RedisStatus {
  /** A runnable `redis-server` was found. */
  readonly available: boolean;
  /** Its path, when found. */
  readonly binary?: string;
  /** Why the tests skip, when not found. */
  readonly reason?: string;
}

/** The executable `name` (a path, or looked up on PATH), or undefined. */
export function findExecutable(name: string, path = process.env.PATH ?? ''): string | undefined {
  const candidates = name.includes('/') ? [name] : path.split(delimiter).filter(Boolean).map((dir) => join(dir, name));
  for (const file of candidates) {
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Whether the queue tests can run: the `redis-server` binary (EISKIT_REDIS_SERVER overrides the
 * name). Missing, it says how to install it; with EISKIT_REQUIRE_REDIS=1 it throws instead.
 */
export function redisStatus(env: NodeJS.ProcessEnv = process.env, binary = env.EISKIT_REDIS_SERVER ?? 'redis-server'): RedisStatus {
  const found = findExecutable(binary, env.PATH ?? '');
  if (found) return { available: true, binary: found };
  const reason = `no ${binary} found on PATH: the queue tests are skipped (apt-get install redis-server)`;
  if (env.EISKIT_REQUIRE_REDIS === '1') throw new Error(`EISKIT_REQUIRE_REDIS=1 but ${reason.replace(': the queue tests are skipped', '')}`);
  return { available: false, reason };
}

/** This process's answer, computed once; warns once when the tests skip. */
export const REDIS: RedisStatus = redisStatus();
if (!REDIS.available) console.warn(`\n[eiskit] ${REDIS.reason}\n`);

/** A port free on 127.0.0.1 right now (the OS's choice for port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Sends one inline command (e.g. `PING`, `CONFIG GET save`) on a fresh socket and returns the raw
 * reply once `complete(reply)` holds; rejects on a socket error or after `timeoutMs`.
 */
export function redisCommand(port: number, command: string, { timeoutMs = 1000, complete = (r: string) => r.endsWith('\r\n') } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    let reply = '';
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (error?: Error) => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(reply);
    };
    const timer = setTimeout(() => done(new Error(`no reply to ${command} on port ${port} within ${timeoutMs} ms`)), timeoutMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${command}\r\n`));
    socket.on('data', (chunk: string) => {
      reply += chunk;
      if (complete(reply)) done();
    });
    socket.on('error', (e) => done(e));
    socket.on('close', () => done(new Error(`port ${port} closed the connection (reply so far: ${JSON.stringify(reply)})`)));
  });
}

/** True when PING on `port` answers PONG. */
export async function ping(port: number): Promise<boolean> {
  try {
    return (await redisCommand(port, 'PING', { timeoutMs: 500 })) === '+PONG\r\n';
  } catch {
    return false;
  }
}

export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** The server process's PID (the child itself). */
  readonly pid: number;
  /** Its temporary working folder (removed by stop()). */
  readonly dir: string;
  /** SIGTERM, SIGKILL after 5 s; resolves once the process has exited and its folder is gone. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** The binary (default: REDIS.binary). */
  binary?: string;
  /** Picks the port (default freePort); tests use it to provoke a collision. */
  choosePort?: () => Promise<number>;
  /** How long PING may take to answer PONG (default 5 s). */
  readyMs?: number;
}

/** Servers not stopped yet: killed when the process exits, so a crashed test leaves none behind. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));

/** Starts a private redis-server; retries once on a fresh port when the chosen one was taken meanwhile. */
export async function startRedis(options: StartOptions = {}): Promise<RedisServer> {
  const binary = options.binary ?? REDIS.binary;
  if (!binary) throw new Error(REDIS.reason ?? 'no redis-server');
  const dir = mkdtempSync(join(tmpdir(), 'eiskit-redis-'));
  try {
    try {
      return await startOnce(binary, dir, options);
    } catch (e) {
      // the port chooser's port can be taken between its close and redis's bind: one more try
      if (!(e instanceof PortTakenError)) throw e;
      return await startOnce(binary, dir, options);
    }
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

class PortTakenError extends Error {}

async function startOnce(binary: string, dir: string, options: StartOptions): Promise<RedisServer> {
  const port = await (options.choosePort ?? freePort)();
  const child = spawn(binary, [
    '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
    '--maxmemory-policy', 'noeviction', '--daemonize', 'no', '--dir', dir, '--logfile', '',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  // the log (stdout) is kept for error messages, and read so the pipe never fills
  let log = '';
  const keep = (chunk: Buffer) => void (log = (log + chunk.toString('utf8')).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exitedEarly = false;
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  child.once('exit', () => void (exitedEarly = true));
  if (child.pid !== undefined) running.add(child);
  const readyMs = options.readyMs ?? 5000;
  const deadline = Date.now() + readyMs;
  try {
    while (true) {
      const failed = await Promise.race([spawnError, new Promise<undefined>((r) => setTimeout(r, 0))]);
      if (failed) throw new Error(`could not start ${binary}: ${failed.message}`);
      if (exitedEarly) {
        if (/Address already in use/i.test(log)) throw new PortTakenError(`port ${port} was taken`);
        throw new Error(`${binary} exited at start (code ${child.exitCode}, signal ${child.signalCode}): ${log.trim()}`);
      }
      if (await ping(port)) break;
      if (Date.now() > deadline) throw new Error(`${binary} on port ${port} did not answer PING within ${readyMs} ms: ${log.trim()}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  } catch (e) {
    await stopChild(child);
    throw e;
  }
  let stopping: Promise<void> | undefined;
  return {
    port, url: `redis://127.0.0.1:${port}`, pid: child.pid!, dir,
    stop: () => (stopping ??= stopChild(child).then(() => rmSync(dir, { recursive: true, force: true }))),
  };
}

/** SIGTERM by PID, SIGKILL after 5 s; resolves on exit. */
async function stopChild(child: ChildProcess): Promise<void> {
  // never spawned (ENOENT): there is no process, and no 'exit' to wait for
  if (child.pid === undefined) return;
  const gone = exited(child);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
  }
  running.delete(child);
}
