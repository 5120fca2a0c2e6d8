/**
 * The types of a worker host (./worker-host.ts picks the host; ./worker-host-node.ts and
 * ./worker-host-browser.ts implement it). In their own leaf so the two hosts import nothing from
 * the module that loads them: no cycle, not even a type-only one through the dynamic imports.
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
