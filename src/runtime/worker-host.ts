/**
 * One interface over the two ways eiskit starts a worker: a Node `worker_threads` Worker
 * (./worker-host-node.ts) or a browser Web Worker (./worker-host-browser.ts). The choice is made
 * here and only here, through dynamic imports, so a browser build can alias
 * `./worker-host-node.ts` to `./worker-host-browser.ts` (both export `startHostedWorker`) and
 * never see a `node:` import.
 */

/** What a started worker reports to its owner. */
export interface WorkerEvents {
  /** A message from the worker. */
  message(data: unknown): void;
  /**
   * The worker can no longer answer: it threw, exited, or a message could not be
   * deserialized. Reported at most once, never after `terminate()`.
   */
  failure(reason: string): void;
}

/** A running worker, whichever runtime started it. */
export interface HostedWorker {
  /** Sends a message; throws synchronously (a DataCloneError) when it cannot be cloned. */
  post(data: unknown, transfer?: Transferable[]): void;
  /** The worker has nothing to do: an idle worker must not keep a Node process alive. */
  idle(): void;
  /** Stops the worker at once; idempotent. */
  terminate(): void;
  /** The runtime's worker object (`worker_threads.Worker` or `Worker`), for diagnostics and tests. */
  readonly native: unknown;
}

/** Starts a worker running `script` (the text of a self-contained ES module or classic script). */
export type StartHostedWorker = (script: string, events: WorkerEvents) => HostedWorker;

/** Whether this is Node (worker_threads) rather than a browser or browser-like runtime. */
export function isNodeRuntime(): boolean {
  return typeof (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions?.node === 'string';
}

/** The runtime's way of starting a worker, loaded on first use. */
export async function loadWorkerHost(): Promise<StartHostedWorker> {
  if (isNodeRuntime()) return (await import('./worker-host-node.ts')).startHostedWorker;
  return (await import('./worker-host-browser.ts')).startHostedWorker;
}
