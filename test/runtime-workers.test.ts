/**
 * The worker pool settles on every fault (Node worker_threads here, Web Workers in the browser
 * project): terminateFitWorkers() mid-batch, a worker that throws, exits or sends an unreadable
 * message, an uncloneable spectrum, a throwing onProgress. Each rejects with its code within a
 * second of the fault and leaves no worker of the batch alive; the pool is bounded.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EisError, fitBatch, logFrequencies, parseCircuit, simulate, terminateFitWorkers } from '../src/index.ts';
import { fitInWorkers, MAX_WORKERS, setWorkerScriptForTests } from '../src/runtime/workers.ts';
import { nativeWorkersForTests, poolSize, setPoolLimitForTests } from '../src/runtime/pool.ts';
import { isNodeRuntime } from '../src/runtime/worker-host.ts';
import { ensureInit } from './helpers.ts';

beforeAll(ensureInit);

const c = parseCircuit('R0-p(R1,C1)');
const f = logFrequencies(1e5, 1, 30);
const spectra = Array.from({ length: 40 }, (_, k) => simulate(c, f, [10 + k, 1e3, 1e-6], { noise: 0.001, seed: k }));
const initial = [12, 900, 1.2e-6];
const node = isNodeRuntime();

/**
 * A fake worker script: on the request it reports progress 0 (so the test knows it runs), then
 * does `then` (code run in the worker: throw, exit, or nothing = never answer).
 */
function fakeWorker(then: string): string {
  return node
    ? `import('node:worker_threads').then(({ parentPort }) => parentPort.on('message', () => { parentPort.postMessage({ type: 'progress', done: 0 }); setTimeout(() => { ${then} }, 0); }));`
    : `onmessage = () => { postMessage({ type: 'progress', done: 0 }); setTimeout(() => { ${then} }, 0); };`;
}

type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Resolves with how `p` settled, or rejects when it has not settled `ms` after `from()` resolves. */
async function settlesWithin(p: Promise<unknown>, from: Promise<unknown>, ms: number): Promise<Settled> {
  const outcome = p.then((value): Settled => ({ ok: true, value }), (error: unknown): Settled => ({ ok: false, error }));
  await Promise.race([from, outcome]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`not settled ${ms} ms after the fault`)), ms)));
  try {
    return await Promise.race([outcome, late]);
  } finally {
    clearTimeout(timer);
  }
}

function expectCode(s: Settled, code: string): EisError {
  expect(s.ok, 'the batch should reject').toBe(false);
  const e = (s as { error: unknown }).error;
  expect(e).toBeInstanceOf(EisError);
  expect((e as EisError).code, (e as Error).message).toBe(code);
  return e as EisError;
}

/** No worker of the pool is busy, starting or waiting; in Node, the given threads have ended. */
async function expectNothingRunning(natives: unknown[]): Promise<void> {
  const size = poolSize();
  expect({ busy: size.busy, starting: size.starting, waiting: size.waiting }).toEqual({ busy: 0, starting: 0, waiting: 0 });
  if (!node) return;
  type NodeWorker = { threadId: number; once(e: 'exit', f: () => void): void };
  const exited = Promise.all((natives as NodeWorker[]).map((w) => new Promise<void>((r) => (w.threadId === -1 ? r() : w.once('exit', r)))));
  await settlesWithin(exited, Promise.resolve(), 1000);
}

/** Collects uncaught errors and unhandled rejections (Node process events, or window events) until `stop()`. */
function watchUncaught(): { stop(): unknown[] } {
  const seen: unknown[] = [];
  const note = (e: unknown) => void seen.push(e);
  const proc = (globalThis as { process?: { on(e: string, f: (x: unknown) => void): void; off(e: string, f: (x: unknown) => void): void } }).process;
  if (node && proc) {
    proc.on('uncaughtException', note);
    proc.on('unhandledRejection', note);
  } else {
    addEventListener('error', note);
    addEventListener('unhandledrejection', note);
  }
  return {
    stop() {
      if (node && proc) {
        proc.off('uncaughtException', note);
        proc.off('unhandledRejection', note);
      } else {
        removeEventListener('error', note);
        removeEventListener('unhandledrejection', note);
      }
      return seen;
    },
  };
}

/** A promise with its resolver, resolved when the batch reports its first progress. */
function signal(): { promise: Promise<void>; fire: () => void } {
  let fire!: () => void;
  const promise = new Promise<void>((r) => (fire = r));
  return { promise, fire };
}

beforeEach(() => terminateFitWorkers());
afterEach(() => {
  setWorkerScriptForTests(undefined);
  setPoolLimitForTests(undefined);
});

describe('worker pool faults settle', () => {
  it('terminateFitWorkers() during a fitBatch rejects it with E_ABORTED and ends its workers', async () => {
    const started = signal();
    let natives: unknown[] = [];
    const batch = fitBatch(c, spectra, {
      initial, workers: 2, chunkSize: 1,
      onProgress: () => {
        if (natives.length) return;
        natives = nativeWorkersForTests();
        terminateFitWorkers();
        started.fire();
      },
    });
    const e = expectCode(await settlesWithin(batch, started.promise, 1000), 'E_ABORTED');
    expect(e.message).toMatch(/terminateFitWorkers/);
    expect(natives.length).toBe(2);
    expect(poolSize().idle).toBe(0);
    await expectNothingRunning(natives);
  });

  it('terminateFitWorkers() right after fitBatch() is called, before its workers start, rejects it with E_ABORTED', async () => {
    const batch = fitBatch(c, spectra, { initial, workers: 2 });
    terminateFitWorkers();
    expectCode(await settlesWithin(batch, Promise.resolve(), 1000), 'E_ABORTED');
    expect(poolSize()).toEqual({ idle: 0, busy: 0, starting: 0, waiting: 0 });
  });

  it('terminateFitWorkers() while workers never answer rejects with E_ABORTED', async () => {
    setWorkerScriptForTests(fakeWorker(''));
    const started = signal();
    const batch = fitBatch(c, spectra, { initial, workers: 2, onProgress: started.fire });
    await started.promise;
    const natives = nativeWorkersForTests();
    terminateFitWorkers();
    expectCode(await settlesWithin(batch, Promise.resolve(), 1000), 'E_ABORTED');
    await expectNothingRunning(natives);
  });

  it('a worker that throws mid-batch rejects with E_WORKER; the other worker is stopped too', async () => {
    setWorkerScriptForTests(fakeWorker("throw new Error('boom in the worker')"));
    const started = signal();
    let natives: unknown[] = [];
    const uncaught = watchUncaught();
    const batch = fitBatch(c, spectra, { initial, workers: 2, onProgress: () => ((natives = nativeWorkersForTests()), started.fire()) });
    const e = expectCode(await settlesWithin(batch, started.promise, 1000), 'E_WORKER');
    expect(e.message).toMatch(/boom in the worker/);
    await new Promise((r) => setTimeout(r, 100));
    expect(uncaught.stop()).toEqual([]); // the worker's error is the batch's rejection, nothing else
    expect(poolSize().idle).toBe(0);
    await expectNothingRunning(natives);
  });

  it.runIf(node)('a worker thread that exits without answering rejects with E_WORKER (Node)', async () => {
    setWorkerScriptForTests(fakeWorker('process.exit(3)'));
    const started = signal();
    let natives: unknown[] = [];
    const batch = fitBatch(c, spectra, { initial, workers: 2, onProgress: () => ((natives = nativeWorkersForTests()), started.fire()) });
    const e = expectCode(await settlesWithin(batch, started.promise, 1000), 'E_WORKER');
    expect(e.message).toMatch(/exited with code 3/);
    await expectNothingRunning(natives);
  });

  for (const [what, message, expected] of [
    ['a chunk whose packed results do not match their shapes', "{ type: 'chunk', done: 1, packed: { data: new Float64Array([7]), shapes: [], strings: [] } }", /does not match its shapes/],
    ["a 'done' before every result of the slice came", "{ type: 'done', busyMs: 0 }", /ended its part with 0 of \d+ results/],
  ] as const) {
    it(`${what} rejects with E_INTERNAL and stops the batch's workers`, async () => {
      setWorkerScriptForTests(fakeWorker(`(typeof parentPort === 'undefined' ? postMessage : (m) => parentPort.postMessage(m))(${message})`));
      let natives: unknown[] = [];
      const started = signal();
      const batch = fitBatch(c, spectra, { initial, workers: 2, onProgress: () => ((natives = nativeWorkersForTests()), started.fire()) });
      const e = expectCode(await settlesWithin(batch, started.promise, 1000), 'E_INTERNAL');
      expect(e.message).toMatch(expected);
      await expectNothingRunning(natives);
    });
  }

  it("a 'messageerror' (a message that cannot be deserialized) rejects with E_WORKER", async () => {
    setWorkerScriptForTests(fakeWorker(''));
    const started = signal();
    const batch = fitBatch(c, spectra, { initial, workers: 2, onProgress: started.fire });
    await started.promise;
    const natives = nativeWorkersForTests();
    expect(natives.length).toBe(2);
    // the runtime's own event, as the host would receive it
    if (node) (natives[1] as { emit(e: string, err: Error): void }).emit('messageerror', new Error('cannot deserialize'));
    else (natives[1] as Worker).dispatchEvent(new MessageEvent('messageerror'));
    const e = expectCode(await settlesWithin(batch, Promise.resolve(), 1000), 'E_WORKER');
    expect(e.message).toMatch(/could not be deserialized/);
    await expectNothingRunning(natives);
  });

  it('a spectrum that cannot be structured-cloned rejects with E_ARG_TYPE naming it', async () => {
    const odd = spectra.slice(0, 6) as object[];
    odd[4] = { ...spectra[4]!, label: () => 'not cloneable' };
    const batch = fitBatch(c, odd as typeof spectra, { initial, workers: 2 });
    const e = expectCode(await settlesWithin(batch, Promise.resolve(), 1000), 'E_ARG_TYPE');
    expect(e.details).toMatchObject({ argument: 'spectra', spectrum: 4 });
    expect(e.message).toMatch(/spectra\[4\]/);
    await expectNothingRunning([]);
    expect(poolSize().idle).toBe(0);
    // the pool works afterwards
    const ok = await fitBatch(c, spectra.slice(0, 4), { initial, workers: 2 });
    expect(ok.length).toBe(4);
  });

  it('a throwing onProgress rejects with E_CALLBACK (its error as cause) within a second; no worker keeps running, nothing unhandled', async () => {
    const mine = new Error('stop here');
    let natives: unknown[] = [];
    let calls = 0;
    const thrown = signal();
    const batch = fitBatch(c, spectra, {
      initial, workers: 2, chunkSize: 1,
      onProgress: () => {
        calls++;
        natives = nativeWorkersForTests();
        thrown.fire();
        throw mine;
      },
    });
    const uncaught = watchUncaught();
    const e = expectCode(await settlesWithin(batch, thrown.promise, 1000), 'E_CALLBACK');
    expect(e.details).toEqual({ argument: 'onProgress', cause: mine });
    expect(calls).toBe(1);
    await expectNothingRunning(natives);
    expect(poolSize().idle).toBe(0);
    await new Promise((r) => setTimeout(r, 100)); // late messages of the stopped workers, if any
    expect(uncaught.stop()).toEqual([]);
  });
});

describe('worker pool bounds', () => {
  it(`workers above ${MAX_WORKERS} is E_ARG_RANGE, before any worker starts (also for one spectrum)`, async () => {
    for (const batch of [spectra, spectra.slice(0, 1)]) {
      const e = await fitBatch(c, batch, { initial, workers: MAX_WORKERS + 1 }).catch((x: unknown) => x);
      expect((e as EisError).code).toBe('E_ARG_RANGE');
      expect((e as EisError).details).toMatchObject({ argument: 'workers' });
      expect((e as EisError).message).toContain(`${MAX_WORKERS}`);
    }
    expect(poolSize()).toEqual({ idle: 0, busy: 0, starting: 0, waiting: 0 });
    // the pool's own check, for callers of the runtime module that pass more
    const e = await fitInWorkers(MAX_WORKERS + 1, 'R0', spectra, {}, [], false, 1, () => {}).catch((x: unknown) => x);
    expect((e as EisError).details).toMatchObject({ argument: 'workers', limit: MAX_WORKERS });
  });

  it('concurrent batches beyond the pool limit wait for free workers and get their own results', async () => {
    setPoolLimitForTests(2);
    const a = spectra.slice(0, 10), b = spectra.slice(10, 20);
    let most = 0, waited = 0;
    const watch = () => {
      const s = poolSize();
      most = Math.max(most, s.idle + s.busy + s.starting);
      waited = Math.max(waited, s.waiting);
    };
    const pa = fitBatch(c, a, { initial, workers: 2, chunkSize: 2, onProgress: watch });
    const pb = fitBatch(c, b, { initial, workers: 2, chunkSize: 2, onProgress: watch });
    const [ra, rb] = await Promise.all([pa, pb]);
    const [sa, sb] = [await fitBatch(c, a, { initial }), await fitBatch(c, b, { initial })];
    ra.forEach((r, k) => expect(Array.from(r.params)).toEqual(Array.from(sa[k]!.params)));
    rb.forEach((r, k) => expect(Array.from(r.params)).toEqual(Array.from(sb[k]!.params)));
    expect(most).toBeLessThanOrEqual(2);
    expect(waited).toBe(1); // the second batch waited while the first ran
    expect(poolSize()).toMatchObject({ busy: 0, starting: 0, waiting: 0 });
  });

  it('a batch waiting for workers is refused with E_ABORTED by terminateFitWorkers()', async () => {
    setPoolLimitForTests(2);
    setWorkerScriptForTests(fakeWorker(''));
    const started = signal();
    const first = fitBatch(c, spectra, { initial, workers: 2, onProgress: started.fire });
    await started.promise;
    const second = fitBatch(c, spectra, { initial, workers: 2 });
    await new Promise((r) => setTimeout(r, 50));
    expect(poolSize().waiting).toBe(1);
    terminateFitWorkers();
    expectCode(await settlesWithin(first, Promise.resolve(), 1000), 'E_ABORTED');
    expectCode(await settlesWithin(second, Promise.resolve(), 1000), 'E_ABORTED');
    expect(poolSize()).toEqual({ idle: 0, busy: 0, starting: 0, waiting: 0 });
  });
});
