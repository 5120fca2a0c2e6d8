/** The `eiskit` executable (Node): wires the command line to the file system and the process. */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { main } from './main.ts';
import { readSpectraFile } from '../io/index.ts';

// a reader that stops early (eiskit fit … | head) closes the pipe: stop quietly, no stack trace
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE' && stream === process.stdout) process.stderr.write(`eiskit: cannot write to the output: ${e.message}\n`);
    process.exit(e.code === 'EPIPE' ? (process.exitCode ?? 0) : 1);
  });
}

/**
 * `eiskit worker` runs until a signal: the first SIGINT/SIGTERM aborts `stop` (the worker
 * finishes its running jobs and closes); a second aborts `forceStop` (the worker puts its running
 * jobs back in the queue for another worker, closes, and exits with 130). Should that close hang
 * (Redis gone), the process exits with 130 after FORCE_EXIT_MS, or at once on a third signal.
 * Other commands keep Node's default: Ctrl-C ends them.
 */
function stopOnSignals(): { stop: AbortSignal; forceStop: AbortSignal } {
  const stop = new AbortController();
  const forceStop = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (!stop.signal.aborted) {
      process.stderr.write(`eiskit worker: ${name}, finishing the running jobs (again to stop at once)\n`);
      stop.abort();
    } else if (!forceStop.signal.aborted) {
      process.stderr.write(`eiskit worker: ${name} again, putting the running jobs back in the queue and stopping\n`);
      forceStop.abort();
      setTimeout(() => process.exit(130), FORCE_EXIT_MS).unref();
    } else {
      process.exit(130);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { stop: stop.signal, forceStop: forceStop.signal };
}

/** Milliseconds a forced stop may take before the process exits anyway (a job's release waits at most 2 s for Redis). */
const FORCE_EXIT_MS = 10_000;

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  readSpectra: (path) => readSpectraFile(path),
  readText: (path) => readFile(path, 'utf8'),
  writeText: (path, text) => writeFile(path, text),
  fileId: (path) => stat(path).then((s) => `${s.dev}:${s.ino}`, () => null),
  ...(process.argv[2] === 'worker' ? stopOnSignals() : {}),
});
process.exitCode = code;
