/**
 * The app's worker lifecycle (app/jobs.ts) against a scripted stand-in for Worker: replies of an
 * ended job are ignored, Cancel terminates the worker and starts a fresh one, onerror and
 * onmessageerror fail the running job and replace the worker, an idle worker that breaks is not
 * restarted in a loop, a worker that breaks or sticks while reading a file blames that file
 * alone, and bytes are transferred. Runs in Node and in Chromium.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Jobs } from '../app/jobs.ts';
import type { AnalyseDone, AnalyseReply, AnalyseRequest } from '../app/protocol.ts';

class FakeWorker {
  static all: FakeWorker[] = [];
  onmessage: ((e: { data: AnalyseReply }) => void) | null = null;
  onerror: ((e: { message: string; preventDefault(): void }) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  posted: { message: AnalyseRequest; transfer: unknown[] }[] = [];
  terminated = false;
  constructor(readonly url: URL, readonly options: WorkerOptions) {
    FakeWorker.all.push(this);
  }
  postMessage(message: AnalyseRequest, transfer: unknown[]) {
    this.posted.push({ message, transfer });
  }
  terminate() {
    this.terminated = true;
  }
  reply(m: AnalyseReply) {
    this.onmessage?.({ data: m });
  }
}

const realWorker = globalThis.Worker;
let log: string[];
let jobs: Jobs;
const request = (bytes: ArrayBuffer | null = null) => ({ files: [{ name: 'a.csv', size: 3, bytes }], circuit: 'R0', starts: 1, range: {} });
const doneReply = (id: number): AnalyseDone => ({ type: 'done', id, circuit: 'R0', range: {}, files: [], spectra: [], ms: 1 });

beforeEach(() => {
  FakeWorker.all = [];
  (globalThis as { Worker: unknown }).Worker = FakeWorker;
  log = [];
  jobs = new Jobs(new URL('https://example.invalid/worker.js'), {
    progress: (m) => log.push(`progress ${m}`),
    done: (r) => log.push(`done ${r.id}`),
    failed: (m, crashed) => log.push(`failed${crashed ? ' (crashed)' : ''} ${m}`),
    fileFailed: (k, reason) => log.push(`file ${k}: ${reason}`),
  }, 50);
});
afterEach(() => {
  (globalThis as { Worker: unknown }).Worker = realWorker;
});

describe('app jobs', () => {
  it('runs a job in a module worker, transferring the bytes; progress and done reach the page', () => {
    const bytes = new ArrayBuffer(3);
    jobs.run(request(bytes));
    const w = FakeWorker.all[0]!;
    expect(w.options).toEqual({ type: 'module' });
    expect(w.posted[0]!.message).toMatchObject({ type: 'analyse', id: 1, circuit: 'R0' });
    expect(w.posted[0]!.transfer).toEqual([bytes]);
    expect(jobs.busy).toBe(true);
    w.reply({ type: 'progress', id: 1, message: 'half' });
    w.reply(doneReply(1));
    expect(log).toEqual(['progress half', 'done 1']);
    expect(jobs.busy).toBe(false);
    jobs.run(request());
    expect(FakeWorker.all.length).toBe(1); // the worker is reused
  });

  it('a new job replaces a running one: the old worker is terminated and its late replies ignored', () => {
    jobs.run(request());
    const first = FakeWorker.all[0]!;
    jobs.run(request());
    expect(first.terminated).toBe(true);
    const second = FakeWorker.all[1]!;
    expect(second.posted[0]!.message.id).toBe(2);
    first.reply(doneReply(1));
    second.reply({ type: 'progress', id: 1, message: 'stale' });
    expect(log).toEqual([]);
    second.reply(doneReply(2));
    expect(log).toEqual(['done 2']);
  });

  it('cancel terminates the worker, starts a fresh one, and is false when nothing runs', () => {
    expect(jobs.cancel()).toBe(false);
    jobs.run(request());
    expect(jobs.cancel()).toBe(true);
    expect(FakeWorker.all[0]!.terminated).toBe(true);
    expect(FakeWorker.all.length).toBe(2);
    expect(jobs.busy).toBe(false);
    FakeWorker.all[0]!.reply(doneReply(1));
    expect(log).toEqual([]);
  });

  it('onerror fails the running job, names the error and replaces the worker', () => {
    jobs.run(request());
    let prevented = false;
    FakeWorker.all[0]!.onerror!({ message: 'Uncaught Error: boom', preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(log).toEqual(['failed (crashed) the worker failed: Uncaught Error: boom; it has been restarted']);
    expect(FakeWorker.all[0]!.terminated).toBe(true);
    expect(FakeWorker.all.length).toBe(2);
    expect(jobs.busy).toBe(false);
  });

  it('onmessageerror fails the running job too; an error reply without an id fails the current job', () => {
    jobs.run(request());
    FakeWorker.all[0]!.onmessageerror!();
    expect(log).toEqual(['failed (crashed) a message from the worker could not be read; it has been restarted']);
    jobs.run(request());
    FakeWorker.all[1]!.reply({ type: 'error', id: null, message: 'the worker could not read the request (messageerror)' });
    expect(log[1]).toBe('failed the worker could not read the request (messageerror)');
    expect(jobs.busy).toBe(false);
  });

  it('an idle worker that breaks is dropped without a restart loop, and replaced at the next job', () => {
    jobs.run(request());
    FakeWorker.all[0]!.reply(doneReply(1));
    FakeWorker.all[0]!.onerror!({ message: '', preventDefault() {} });
    expect(FakeWorker.all.length).toBe(1);
    expect(log).toEqual(['done 1']);
    jobs.run(request());
    expect(FakeWorker.all.length).toBe(2);
    expect(FakeWorker.all[1]!.posted.length).toBe(1);
  });

  it('a worker that breaks while reading a file blames that file, not the job', () => {
    jobs.run(request());
    const w = FakeWorker.all[0]!;
    w.reply({ type: 'progress', id: 1, message: 'reading file 2 of 3', file: 1 });
    w.onerror!({ message: 'Uncaught RangeError: Invalid array length', preventDefault() {} });
    expect(log).toEqual(['progress reading file 2 of 3', 'file 1: the worker failed: Uncaught RangeError: Invalid array length while reading it, so it was skipped']);
    expect(w.terminated).toBe(true);
    expect(FakeWorker.all.length).toBe(2);
    expect(jobs.busy).toBe(false);
  });

  it('a file read for longer than the timeout is blamed and the worker replaced; once reading is over no timeout applies', async () => {
    jobs.run(request());
    const w = FakeWorker.all[0]!;
    w.reply({ type: 'progress', id: 1, message: 'reading file 1 of 2', file: 0 });
    await new Promise((r) => setTimeout(r, 20));
    w.reply({ type: 'progress', id: 1, message: 'reading file 2 of 2', file: 1 }); // the clock restarts per file
    await new Promise((r) => setTimeout(r, 35));
    expect(log.some((l) => l.startsWith('file'))).toBe(false);
    await new Promise((r) => setTimeout(r, 60));
    expect(log.at(-1)).toBe('file 1: reading it took longer than 0.05 s, so it was skipped');
    expect(w.terminated).toBe(true);
    // a job past its files (fitting) is never timed out
    jobs.run(request());
    const w2 = FakeWorker.all.at(-1)!;
    w2.reply({ type: 'progress', id: 2, message: 'reading file 1 of 1', file: 0 });
    w2.reply({ type: 'progress', id: 2, message: 'fitting' });
    await new Promise((r) => setTimeout(r, 120));
    expect(jobs.busy).toBe(true);
    expect(w2.terminated).toBe(false);
  });
});
