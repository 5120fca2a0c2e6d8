/**
 * One interface over the two ways eiskit starts a worker: a Node `worker_threads` Worker
 * (./worker-host-node.ts) or a browser Web Worker (./worker-host-browser.ts). The choice is made
 * here and only here, through dynamic imports, so a browser build can alias
 * `./worker-host-node.ts` to `./worker-host-browser.ts` (both export `startHostedWorker`) and
 * never see a `node:` import.
 */

export type { HostedWorker, StartHostedWorker, WorkerEvents } from './worker-host-types.ts';
import type { StartHostedWorker } from './worker-host-types.ts';

/** Whether this is Node (worker_threads) rather than a browser or browser-like runtime. */
export function isNodeRuntime(): boolean {
  return typeof (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions?.node === 'string';
}

/** The runtime's way of starting a worker, loaded on first use. */
export async function loadWorkerHost(): Promise<StartHostedWorker> {
  if (isNodeRuntime()) return (await import('./worker-host-node.ts')).startHostedWorker;
  return (await import('./worker-host-browser.ts')).startHostedWorker;
}
