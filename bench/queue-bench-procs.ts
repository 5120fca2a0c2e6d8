/**
 * The processes of bench/queue-bench.ts: queue worker processes (this bundle started again with
 * `--worker`), and the cleanup that stops them and the private redis-server on every way out —
 * the end, an error, SIGINT/SIGTERM and the hard timeout.
 *
 * A worker process runs startFitWorker and answers its parent over Node's IPC channel: `cpu` →
 * its process.cpuUsage() in ms (every thread of the process, so the pool thread that fits is
 * counted), `stop` → closes the worker and exits 0. process.cpuUsage is read in the process
 * rather than /proc/<pid>/stat from outside: µs instead of 10 ms ticks.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startFitWorker } from '../src/queue/index.ts';
import { terminateFitWorkers } from '../src/runtime/workers.ts';
import type { RedisServer } from '../test/redis-server.ts';

type Message = { type: 'ready' } | { type: 'cpu'; ms: number } | { type: 'cpu' } | { type: 'stop' };

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** The worker side: `--worker <url> <queue> <concurrency>`. */
export async function runWorkerProcess(args: string[]): Promise<void> {
  const [url, queue, concurrency] = args;
  const worker = await startFitWorker({ connection: { url: url! }, queue: queue!, concurrency: Number(concurrency) });
  // the parent gone (killed): nothing else would end this process
  process.on('disconnect', () => void worker.close(true).finally(() => process.exit(1)));
  process.on('message', (m: Message) => {
    if (m.type === 'cpu') process.send!({ type: 'cpu', ms: cpuMs() });
    else if (m.type === 'stop') {
      void worker.close().then(() => {
        terminateFitWorkers();
        process.exit(0);
      });
    }
  });
  process.send!({ type: 'ready' });
}

/** A running worker process, seen from the bench. */
export interface WorkerProcess {
  readonly pid: number;
  /** Its CPU time so far (all threads), ms. */
  cpu(): Promise<number>;
  /** Asks it to close and exit; SIGKILL after 5 s. */
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();
let server: RedisServer | undefined;

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));

/** Starts a worker process on `queue`; resolves once it is connected. */
export function startWorkerProcess(url: string, queue: string, concurrency: number): Promise<WorkerProcess> {
  // EISKIT_BENCH_WORKER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof": Node flags for the worker processes only
  const nodeArgs = (process.env.EISKIT_BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, fileURLToPath(import.meta.url), '--worker', url, queue, String(concurrency)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const gone = new Promise<never>((_, reject) => child.once('exit', (code, signal) => reject(new Error(`worker process ${child.pid} on ${queue} exited (${code ?? signal})`))));
  gone.catch(() => {});
  const answer = <T>(type: Message['type'], pick: (m: Message) => T): Promise<T> =>
    Promise.race([gone, new Promise<T>((resolve) => {
      const on = (m: Message) => {
        if (m.type !== type) return;
        child.off('message', on);
        resolve(pick(m));
      };
      child.on('message', on);
    })]);
  return answer('ready', () => ({
    pid: child.pid!,
    cpu: () => {
      const reply = answer('cpu', (m) => (m as { ms: number }).ms);
      child.send({ type: 'cpu' });
      return reply;
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.send({ type: 'stop' });
      await exited(child);
      clearTimeout(timer);
    },
  }));
}

/** The private Redis to stop on every way out. */
export function ownServer(s: RedisServer): void {
  server = s;
}

/**
 * Kills what is left, by PID: the worker processes at once, the server by its stop() (SIGTERM,
 * SIGKILL after 5 s). Waits for their exits (at most 6 s) so that they are reaped, not left as
 * zombies of a process that exits next.
 */
async function killAll(): Promise<void> {
  const exits = [...children].map((child) => {
    child.kill('SIGKILL');
    return exited(child);
  });
  const s = server;
  server = undefined;
  await Promise.race([Promise.all([...exits, s?.stop()]), new Promise((resolve) => setTimeout(resolve, 6000))]);
}

/** Stops the worker processes still running (gently, SIGKILL after 5 s) and the server. */
export async function stopAll(workers: readonly WorkerProcess[]): Promise<void> {
  await Promise.all(workers.map((w) => w.stop()));
  for (const child of [...children]) child.kill('SIGKILL');
  await server?.stop();
  server = undefined;
}

/**
 * Exits non-zero after `seconds` (killing the children and the server) and on SIGINT/SIGTERM;
 * returns the function that disarms it at the end.
 */
export function armExits(seconds: number): () => void {
  const abort = (why: string, code: number) => {
    console.error(`\nbench:queue: ${why}; stopping the worker processes and redis-server`);
    void killAll().finally(() => process.exit(code));
  };
  const timer = setTimeout(() => abort(`still running after ${seconds} s (--timeout)`, 2), seconds * 1000);
  const onInt = () => abort('interrupted (SIGINT)', 130);
  const onTerm = () => abort('terminated (SIGTERM)', 143);
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return () => {
    clearTimeout(timer);
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  };
}
