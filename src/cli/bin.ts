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

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  readSpectra: (path) => readSpectraFile(path),
  readText: (path) => readFile(path, 'utf8'),
  writeText: (path, text) => writeFile(path, text),
  fileId: (path) => stat(path).then((s) => `${s.dev}:${s.ino}`, () => null),
});
process.exitCode = code;
