/**
 * The app's worker and its one running job. A new job replaces a running one; cancel() ends it
 * by terminating the worker; a worker error (onerror: the script failed to load or threw;
 * onmessageerror: a reply could not be read) fails the running job. After a termination or an
 * error during a job the worker is created anew at once, so nothing stays stuck.
 */
import type { AnalyseDone, AnalyseReply, AnalyseRequest } from './protocol.ts';

export interface JobHandlers {
  progress(message: string): void;
  done(result: AnalyseDone): void;
  /** The job failed: an error reply, or the worker broke (then `crashed` is true and it has been dropped). */
  failed(message: string, crashed: boolean): void;
}

type Request = Omit<AnalyseRequest, 'type' | 'id'>;

export class Jobs {
  private worker: Worker | null = null;
  private running: number | null = null;
  private nextId = 1;

  constructor(private readonly script: URL, private readonly on: JobHandlers) {}

  get busy(): boolean {
    return this.running !== null;
  }

  /** Starts a job (ending a running one first); the bytes are transferred, not copied. */
  run(request: Request): void {
    if (this.running !== null) this.drop();
    const id = this.nextId++;
    this.running = id;
    const w = this.ensureWorker();
    const message: AnalyseRequest = { type: 'analyse', id, ...request };
    w.postMessage(message, request.files.flatMap((f) => (f.bytes ? [f.bytes] : [])));
  }

  /** Ends the running job (terminating the worker); false when none was running. */
  cancel(): boolean {
    if (this.running === null) return false;
    this.drop();
    this.ensureWorker(); // a fresh worker compiles its WASM while the user decides what to run next
    return true;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.script, { type: 'module' });
    w.onmessage = (e: MessageEvent<AnalyseReply>) => this.reply(e.data);
    w.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.crash(`the worker failed${e.message ? `: ${e.message}` : ' (its script did not load or threw)'}`);
    };
    w.onmessageerror = () => this.crash('a message from the worker could not be read');
    this.worker = w;
    return w;
  }

  private reply(m: AnalyseReply): void {
    const current = this.running;
    if (current === null || (m.id !== null && m.id !== current)) return; // a reply of an ended job
    if (m.type === 'progress') return this.on.progress(m.message);
    this.running = null;
    if (m.type === 'done') this.on.done(m);
    else this.on.failed(m.message, false);
  }

  private crash(message: string): void {
    const wasRunning = this.running !== null;
    this.drop();
    if (!wasRunning) return; // an idle worker that broke is replaced at the next job (no restart loop)
    this.ensureWorker();
    this.on.failed(`${message}; it has been restarted`, true);
  }

  private drop(): void {
    this.worker?.terminate();
    this.worker = null;
    this.running = null;
  }
}
