/**
 * The temperature series section's worker (a third instance of app/worker.ts, so a series fit
 * and a "Fit and validate" job never cancel each other) and its one running job, with the
 * mechanism of app/jobs.ts: a new job replaces a running one, cancel() terminates the worker, a
 * worker that breaks (onerror, onmessageerror) fails the running job and is created anew.
 * The worker is made by `create` (a Worker of worker.js in the page; a stand-in in tests).
 */
import type { SeriesOutcome, SeriesReply, SeriesRequest } from './protocol.ts';
import { wireWorker, type WorkerLike } from './worker-wiring.ts';

export interface SeriesHandlers {
  progress(done: number, total: number): void;
  done(outcome: SeriesOutcome): void;
  /** The job failed: the series' own message, or the worker broke (it has been replaced). */
  failed(message: string): void;
}

export type { WorkerLike };

export class SeriesJobs {
  private worker: WorkerLike | null = null;
  private running: number | null = null;
  private nextId = 1;

  constructor(private readonly create: () => WorkerLike, private readonly on: SeriesHandlers) {}

  get busy(): boolean {
    return this.running !== null;
  }

  /** Starts a series (ending a running one first). */
  run(request: Omit<SeriesRequest, 'type' | 'id'>): void {
    if (this.running !== null) this.drop();
    const id = this.nextId++;
    this.running = id;
    const message: SeriesRequest = { type: 'series', id, ...request };
    this.ensureWorker().postMessage(message);
  }

  /** Ends the running series (terminating the worker); false when none was running. */
  cancel(): boolean {
    if (this.running === null) return false;
    this.drop();
    return true;
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    this.worker = wireWorker(this.create(), 'the series worker', (m: SeriesReply | { type: 'error'; id: number | null; message: string }) => this.reply(m), (message) => this.crash(message));
    return this.worker;
  }

  private reply(m: SeriesReply | { type: 'error'; id: number | null; message: string }): void {
    const current = this.running;
    if (current === null || (m.id !== null && m.id !== current)) return; // a reply of an ended job
    if (m.type === 'series-progress') {
      this.on.progress(m.done, m.total);
      return;
    }
    this.running = null;
    if (m.type === 'series-done') this.on.done(m.outcome);
    else this.on.failed(m.type === 'error' ? `Temperature series: not possible — ${m.message}` : m.message);
  }

  private crash(message: string): void {
    const wasRunning = this.running !== null;
    this.drop();
    if (wasRunning) this.on.failed(`Temperature series: not possible — ${message}; it has been restarted. Fit again to retry.`);
  }

  private drop(): void {
    this.worker?.terminate();
    this.worker = null;
    this.running = null;
  }
}
