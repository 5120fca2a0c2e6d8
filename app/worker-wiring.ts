/**
 * The one wiring of a job class's worker (app/jobs.ts, app/drt-jobs.ts, app/series-jobs.ts): its
 * replies go to `reply`; a worker that breaks goes to `crash` with a message naming it — onerror
 * (the script did not load, or threw: the browser's own report of it is prevented) and
 * onmessageerror (a reply could not be read). The class then terminates and replaces the worker.
 */

/** What the jobs need of a Worker. */
export type WorkerLike = Pick<Worker, 'postMessage' | 'terminate' | 'onmessage' | 'onerror' | 'onmessageerror'>;

/** `w` wired for a job class; `name` as the messages say it ("the worker", "the DRT worker"). */
export function wireWorker<W extends WorkerLike, R>(w: W, name: string, reply: (m: R) => void, crash: (message: string) => void): W {
  w.onmessage = (e: MessageEvent<R>) => reply(e.data);
  w.onerror = (e: ErrorEvent) => {
    e.preventDefault();
    crash(`${name} failed${e.message ? `: ${e.message}` : ' (its script did not load or threw)'}`);
  };
  w.onmessageerror = () => crash(`a message from ${name} could not be read`);
  return w;
}
