/**
 * The queue's command line (issue 15): `eiskit worker --redis URL` run in-process with a stop
 * signal, and `eiskit fit FILE --redis URL`, whose output equals the local fit's, on a private
 * redis-server (test/redis-server.ts). Bad flags are usage errors naming the flag.
 */
import { describe, expect, it } from 'vitest';
import { parseCircuit } from '../src/index.ts';
import { submitFitBatch } from '../src/queue/index.ts';
import { readSpectraFile } from '../src/io/index.ts';
import { expectUsageErrors, runCli } from './cli-run.ts';
import { queueHarness } from './queue-harness.ts';
import { REDIS, startRedis } from './redis-server.ts';

const D = 'examples/data/';
const files = [`${D}mof-licl_eis_25C.csv`, `${D}mof-licl_eis_45C.csv`];
const CIRCUIT = 'R0-p(R1,CPE1)-CPE2';

describe('eiskit worker / fit --redis: usage errors', () => {
  it('names the flag: --redis without a URL or not a Redis URL, a bad --concurrency, --chunk-size, --queue', async () => {
    const cases: [string[], RegExp][] = [
      [['worker'], /worker needs --redis URL/],
      [['worker', '--redis'], /--redis <value>' argument missing/],
      [['worker', '--redis', '--concurrency', '2'], /'--redis' argument is ambiguous/],
      [['worker', '--redis', 'http://x:1'], /--redis: must be a redis:\/\/ or rediss:\/\/ URL; got "http:\/\/x:1"/],
      [['worker', '--redis', 'redis://a:secret@h:1', '--concurrency', '0'], /--concurrency must be an integer ≥ 1; got 0/],
      [['worker', '--redis', 'redis://h:1', '--concurrency', '65'], /--concurrency must be an integer from 1 to 64; got 65/],
      [['worker', '--redis', 'redis://h:1', '--concurrency', 'two'], /--concurrency must be a number; got "two"/],
      [['worker', '--redis', 'redis://h:1', '--queue', 'a:b'], /--queue: must be a name of 1 to 200 characters without ':'/],
      [['worker', '--redis', 'redis://h:1', 'file.csv'], /worker takes no files/],
      [['fit', files[0]!, '--circuit', CIRCUIT, '--redis', 'redis://h:1', '--chunk-size', '5000'], /--chunk-size must be an integer from 1 to 4096; got 5000/],
      [['fit', files[0]!, '--circuit', CIRCUIT, '--chunk-size', '8'], /--chunk-size needs --redis URL/],
      [['fit', files[0]!, '--circuit', CIRCUIT, '--queue', 'q'], /--queue needs --redis URL/],
      [['fit', files[0]!, '--circuit', CIRCUIT, '--redis', 'redis://h:1', '--warm-start'], /--warm-start cannot be used with --redis/],
      [['fit', files[0]!, '--circuit', CIRCUIT, '--redis', 'redis:/:pw@'], /--redis: must be a redis/],
    ];
    await expectUsageErrors(cases, { stop: AbortSignal.abort() });
  });
});

describe.skipIf(!REDIS.available).sequential('eiskit worker / fit --redis on a private Redis', () => {
  const h = queueHarness();

  it('worker: says it is ready, fits a submitted batch, and ends with exit code 0 when the stop signal aborts', async () => {
    const stop = new AbortController();
    let out = '';
    let run!: ReturnType<typeof runCli>;
    const ready = new Promise<void>((resolve) => {
      const write = (s: string) => {
        out += s;
        if (out.includes('ready')) resolve();
      };
      run = runCli(['worker', '--redis', h.url, '--queue', 'cli-worker', '--concurrency', '2'], { stop: stop.signal, stdout: { write } });
    });
    await ready;
    expect(out).toBe(`eiskit worker: ready, queue "cli-worker" on ${h.url}, concurrency 2 (Ctrl-C or SIGTERM stops it)\n`);
    const spectra = await readSpectraFile(files[0]!);
    const results = await submitFitBatch(parseCircuit(CIRCUIT), spectra, {}, { connection: { url: h.url }, queue: 'cli-worker', signal: AbortSignal.timeout(60_000) });
    expect(results).toHaveLength(spectra.length);
    expect(results.every((r) => r.success)).toBe(true);
    stop.abort();
    const r = await run;
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(out).toMatch(/\neiskit worker: stopped, queue "cli-worker" on redis:\/\/127\.0\.0\.1:\d+\n$/);
  }, 60_000);

  it('fit --redis: the same JSON, table and exit code as the local fit', async () => {
    await h.worker('cli-fit', { concurrency: 2 });
    // the help's own example of bounds, with an infinite one (options carry ±Infinity to the workers)
    for (const format of [['--json'], [], ['--bounds', 'R0=0:inf,R1=0:inf']]) {
      const local = await runCli(['fit', ...files, '--circuit', CIRCUIT, ...format]);
      const queued = await runCli(['fit', ...files, '--circuit', CIRCUIT, ...format, '--redis', h.url, '--queue', 'cli-fit', '--chunk-size', '1']);
      expect(local.code).toBe(0);
      expect(queued.code).toBe(local.code);
      expect(queued.out).toBe(local.out);
      expect(queued.err).toBe(local.err);
    }
  }, 120_000);

  it('fit --redis with no Redis there: exit code 1 with E_QUEUE, the password redacted', async () => {
    const stopped = await startRedis();
    const dead = stopped.url.replace('redis://', 'redis://:hunter2@');
    await stopped.stop();
    const r = await runCli(['fit', files[0]!, '--circuit', CIRCUIT, '--redis', dead]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/\[E_QUEUE\]\n$/);
    expect(r.err).not.toContain('hunter2');
  }, 30_000);
});
