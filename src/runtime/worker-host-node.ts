/**
 * Node host: a `worker_threads` Worker started from a data: URL (which makes it an ES module
 * worker, able to import `node:` builtins), unreferenced while idle so a pooled worker never
 * keeps the process alive.
 */
import { Worker } from 'node:worker_threads';
import type { HostedWorker, StartHostedWorker } from './worker-host-types.ts';

export const startHostedWorker: StartHostedWorker = (script, events): HostedWorker => {
  const worker = new Worker(new URL(`data:text/javascript;base64,${btoa(script)}`));
  let ended = false;
  const fail = (reason: string) => {
    if (ended) return;
    ended = true;
    void worker.terminate();
    events.failure(reason);
  };
  worker.on('message', (data: unknown) => {
    if (!ended) events.message(data);
  });
  worker.on('error', (e: unknown) => fail(`it threw ${(e as Error)?.message ?? String(e)}`));
  worker.on('messageerror', (e: unknown) => fail(`a message from it could not be deserialized (${(e as Error)?.message ?? String(e)})`));
  // 'exit' without our terminate(): process.exit() in the worker, or the thread ended otherwise
  worker.on('exit', (code: number) => fail(`it exited with code ${code}`));
  worker.unref();
  return {
    post: (data, transfer) => {
      worker.ref();
      worker.postMessage(data, (transfer ?? []) as never);
    },
    idle: () => worker.unref(),
    terminate: () => {
      if (ended) return;
      ended = true;
      void worker.terminate();
    },
    native: worker,
  };
};
