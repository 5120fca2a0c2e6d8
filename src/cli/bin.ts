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
 * finishes its running jobs and closes); a second one exits at once, and the jobs it was running
 * are run again by another worker when their locks expire (BullMQ's close(true) would not
 * release them sooner). Other commands keep Node's default: Ctrl-C ends them.
 */
function stopOnSignals(): AbortSignal {
  const stop = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (!stop.signal.aborted) {
      process.stderr.write(`eiskit worker: ${name}, finishing the running jobs (again to stop at once)\n`);
      stop.abort();
      return;
    }
    process.stderr.write(`eiskit worker: ${name} again, stopped at once; its running jobs will run again elsewhere\n`);
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return stop.signal;
}

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  readSpectra: (path) => readSpectraFile(path),
  readText: (path) => readFile(path, 'utf8'),
  writeText: (path, text) => writeFile(path, text),
  fileId: (path) => stat(path).then((s) => `${s.dev}:${s.ino}`, () => null),
  ...(process.argv[2] === 'worker' ? { stop: stopOnSignals() } : {}),
});
process.exitCode = code;
