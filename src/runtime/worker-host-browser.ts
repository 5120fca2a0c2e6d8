/**
 * Browser host: a Web Worker started from a Blob URL of the script. A Web Worker that ends
 * itself (`close()`) sends no event, so unlike Node only 'error' and 'messageerror' can be seen.
 */
import { EisError } from '../errors.ts';
import type { HostedWorker, StartHostedWorker } from './worker-host-types.ts';

export const startHostedWorker: StartHostedWorker = (script, events): HostedWorker => {
  if (typeof Worker !== 'function' || typeof Blob !== 'function' || typeof URL?.createObjectURL !== 'function') {
    throw new EisError('E_ARG_RANGE', 'invalid option. `workers` needs Web Workers, which this runtime does not have; leave `workers` at 1.', { argument: 'workers' });
  }
  const url = URL.createObjectURL(new Blob([script], { type: 'text/javascript' }));
  let worker: Worker;
  try {
    worker = new Worker(url);
  } catch (e) {
    URL.revokeObjectURL(url);
    throw e;
  }
  let ended = false;
  const end = () => {
    if (ended) return false;
    ended = true;
    worker.terminate();
    URL.revokeObjectURL(url);
    return true;
  };
  worker.addEventListener('message', (e: MessageEvent) => {
    if (!ended) events.message(e.data);
  });
  worker.addEventListener('error', (e: ErrorEvent) => {
    e.preventDefault(); // reported through the batch's rejection, not as an uncaught error
    if (end()) events.failure(`it threw ${e.message || 'an error'}`);
  });
  worker.addEventListener('messageerror', () => {
    if (end()) events.failure('a message from it could not be deserialized');
  });
  return {
    post: (data, transfer) => worker.postMessage(data, transfer ?? []),
    idle: () => {},
    terminate: () => void end(),
    native: worker,
  };
};
