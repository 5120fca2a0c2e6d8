/**
 * The app's worker and its one running job. A new job replaces a running one; cancel() ends it
 * by terminating the worker; a worker error (onerror: the script failed to load or threw;
 * onmessageerror: a reply could not be read) fails the running job. After a termination or an
 * error during a job the worker is created anew at once, so nothing stays stuck.
 *
 * The worker says which file it is reading. If it breaks while reading one, or reads one for
 * longer than `readTimeoutMs` (a parser stuck on a hostile file), that file alone is blamed:
 * `fileFailed` gets its index, so the page can run the job again without it.
 */
import { READ_TIMEOUT_MS, type AnalyseDone, type AnalyseReply, type AnalyseRequest } from './protocol.ts';
import { wireWorker } from './worker-wiring.ts';

export interface JobHandlers {
  progress(message: string): void;
  done(result: AnalyseDone): void;
  /** The job failed: an error reply, or the worker broke (then `crashed` is true and it has been replaced). */
  failed(message: string, crashed: boolean): void;
  /** The worker broke or got stuck while reading file `index` of the request; it has been replaced. */
  fileFailed(index: number, reason: string): void;
}

type Request = Omit<AnalyseRequest, 'type' | 'id'>;

export class Jobs {
  private worker: Worker | null = null;
  private running: number | null = null;
  private nextId = 1;
  private reading: number | null = null;
  private watchdog: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly script: URL, private readonly on: JobHandlers, private readonly readTimeoutMs = READ_TIMEOUT_MS) {}

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
    this.worker = wireWorker(new Worker(this.script, { type: 'module' }), 'the worker', (m: AnalyseReply) => this.reply(m), (message) => this.crash(message));
    return this.worker;
  }

  private reply(m: AnalyseReply): void {
    const current = this.running;
    if (current === null || (m.id !== null && m.id !== current)) return; // a reply of an ended job
    if (m.type === 'progress') {
      this.watch(m.file ?? null);
      this.on.progress(m.message);
      return;
    }
    this.watch(null);
    this.running = null;
    if (m.type === 'done') this.on.done(m);
    else this.on.failed(m.message, false);
  }

  /** Notes which file is being read, and arms the read timeout for it. */
  private watch(file: number | null): void {
    clearTimeout(this.watchdog);
    this.reading = file;
    if (file !== null) this.watchdog = setTimeout(() => this.blame(file, `reading it took longer than ${this.readTimeoutMs / 1000} s, so it was skipped`), this.readTimeoutMs);
  }

  private crash(message: string): void {
    const wasRunning = this.running !== null, file = this.reading;
    if (wasRunning && file !== null) {
      this.blame(file, `${message} while reading it, so it was skipped`);
      return;
    }
    this.drop();
    if (!wasRunning) return; // an idle worker that broke is replaced at the next job (no restart loop)
    this.ensureWorker();
    this.on.failed(`${message}; it has been restarted`, true);
  }

  private blame(file: number, reason: string): void {
    this.drop();
    this.ensureWorker();
    this.on.fileFailed(file, reason);
  }

  private drop(): void {
    this.watch(null);
    this.worker?.terminate();
    this.worker = null;
    this.running = null;
  }
}
