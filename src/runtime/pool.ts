/**
 * The worker pool: workers are kept between calls (starting one costs ~50 ms: parsing the
 * script and instantiating the WASM), so repeated batches pay it once. A worker runs one job at
 * a time. At most {@link MAX_WORKERS} workers exist at once; a request for more workers than
 * are free waits, first come first served, until running jobs release theirs (a request is
 * granted whole, never in part, so two waiting batches cannot hold each other's workers).
 * A worker that fails is dropped; {@link terminateAllWorkers} ends everything and makes every
 * running or waiting job fail with `E_ABORTED`.
 */
import { EisError } from '../errors.ts';
import { loadWorkerHost, type HostedWorker } from './worker-host.ts';

/** The most workers that exist at once, over all batches (and the most one batch may ask for). */
export const MAX_WORKERS = 64;

/** What a pooled worker's current job hears. */
export interface Job {
  message(data: unknown): void;
  /** The worker failed or was terminated; the worker is already out of the pool. */
  fail(error: EisError): void;
}

/** A worker of the pool and its current job (undefined while idle). */
export interface PooledWorker {
  readonly host: HostedWorker;
  job: Job | undefined;
}

interface Waiter {
  readonly count: number;
  readonly grant: () => void;
  readonly refuse: (e: EisError) => void;
}

const idle: PooledWorker[] = [];
const busy = new Set<PooledWorker>();
/** Workers granted to a request but not yet started. */
let starting = 0;
const waiting: Waiter[] = [];
/** Bumped by terminateAllWorkers, so a request that was starting workers meanwhile gives up. */
let generation = 0;
let limit = MAX_WORKERS;

/** Live workers (idle or busy): a test can check that nothing is left running. */
export function poolSize(): { idle: number; busy: number; starting: number; waiting: number } {
  return { idle: idle.length, busy: busy.size, starting, waiting: waiting.length };
}

/** The runtime worker objects of the live workers (tests: to see them end, or to fake their events). */
export function nativeWorkersForTests(): unknown[] {
  return [...busy, ...idle].map((w) => w.host.native);
}

/** Lowers the pool limit (tests of the waiting queue); `undefined` restores {@link MAX_WORKERS}. */
export function setPoolLimitForTests(n: number | undefined): void {
  limit = n ?? MAX_WORKERS;
  wake();
}

const inUse = () => busy.size + starting;

/** Counts terminateAllWorkers() calls: a batch notes it when it begins. */
export function poolGeneration(): number {
  return generation;
}

function aborted(): EisError {
  return new EisError('E_ABORTED', 'the batch was stopped: terminateFitWorkers() ended its workers.');
}

/**
 * Takes `count` workers for jobs (idle ones first, then new ones running `script`), waiting
 * while the pool is full. Each worker's `job` is unset: the caller sets it before posting.
 * `gen` is {@link poolGeneration} when the caller's batch began: a terminateAllWorkers() since
 * then aborts it, even one that came before the workers were asked for.
 * @throws EisError E_ARG_RANGE above the limit, E_ABORTED when terminated meanwhile, E_WORKER when a worker cannot start.
 */
export async function acquireWorkers(count: number, script: () => Promise<string>, gen: number = generation): Promise<PooledWorker[]> {
  if (count > limit) {
    throw new EisError('E_ARG_RANGE', `invalid option. \`workers\` must be at most ${limit} (the pool limit); got ${count}.`, { argument: 'workers', limit });
  }
  if (gen !== generation) throw aborted();
  const taken: PooledWorker[] = [];
  let toStart = 0;
  await new Promise<void>((resolve, refuse) => {
    const grant = () => {
      // synchronous with the capacity check, so no other request can take the same room
      while (taken.length < count && idle.length) {
        const w = idle.pop()!;
        busy.add(w);
        taken.push(w);
      }
      toStart = count - taken.length;
      starting += toStart;
      resolve();
    };
    if (waiting.length === 0 && inUse() + count <= limit) grant();
    else waiting.push({ count, grant, refuse });
  });
  try {
    const start = await loadWorkerHost();
    const source = await script();
    for (; toStart > 0; toStart--) {
      if (gen !== generation) throw aborted();
      // events never fire during start(), so `pooled` is set before they can arrive
      let pooled: PooledWorker | undefined;
      const host = start(source, {
        message: (data) => pooled?.job?.message(data),
        failure: (reason) => pooled && failed(pooled, reason),
      });
      pooled = { host, job: undefined };
      starting--;
      busy.add(pooled);
      taken.push(pooled);
    }
    if (gen !== generation) throw aborted();
    return taken;
  } catch (e) {
    starting -= toStart;
    for (const w of taken) release(w);
    wake();
    if (e instanceof EisError) throw e;
    throw new EisError('E_WORKER', `could not start a fitting worker: ${(e as Error)?.message ?? String(e)}`);
  }
}

/**
 * Gives `w` its job and posts `data`; a worker that failed since it was acquired fails the job
 * at once (E_WORKER). Throws what posting throws (a DataCloneError for uncloneable data).
 */
export function startJob(w: PooledWorker, job: Job, data: unknown, transfer?: Transferable[]): void {
  if (!busy.has(w)) {
    job.fail(new EisError('E_WORKER', 'a fitting worker failed before its job started. It was stopped; the next batch starts a new one.'));
    return;
  }
  w.job = job;
  w.host.post(data, transfer);
}

/** A job is done with its worker: back to the idle list. */
export function release(w: PooledWorker): void {
  w.job = undefined;
  if (!busy.delete(w)) return; // already dropped or terminated
  idle.push(w);
  w.host.idle();
  wake();
}

/** Ends a worker (its job is abandoned without being told); idempotent. */
export function drop(w: PooledWorker): void {
  w.job = undefined;
  busy.delete(w);
  const i = idle.indexOf(w);
  if (i >= 0) idle.splice(i, 1);
  w.host.terminate();
  wake();
}

/** A worker reported a failure: out of the pool, and its job fails with E_WORKER. */
function failed(w: PooledWorker, reason: string): void {
  const job = w.job;
  drop(w);
  job?.fail(new EisError('E_WORKER', `a fitting worker failed: ${reason}. It was stopped; the next batch starts a new one.`, { reason }));
}

/** Grants waiting requests, in order, while they fit. */
function wake(): void {
  while (waiting.length && inUse() + waiting[0]!.count <= limit) waiting.shift()!.grant();
}

/** Terminates every worker; running and waiting jobs fail with E_ABORTED. */
export function terminateAllWorkers(): void {
  generation++;
  const jobs: Job[] = [];
  for (const w of [...busy, ...idle.splice(0)]) {
    if (w.job) jobs.push(w.job);
    w.job = undefined;
    w.host.terminate();
  }
  busy.clear();
  const refused = waiting.splice(0);
  for (const j of jobs) j.fail(aborted());
  for (const r of refused) r.refuse(aborted());
}
