/**
 * `eiskit kk … --redis URL` and `eiskit drt … --redis URL` (issue 15): the same output and exit
 * code as the local commands, computed on a queue's worker (a private redis-server:
 * test/redis-server.ts); the queue flags are usage errors naming the flag without --redis.
 */
import { describe, expect, it } from 'vitest';
import { expectUsageErrors, runCli } from './cli-run.ts';
import { queueHarness } from './queue-harness.ts';
import { REDIS, startRedis } from './redis-server.ts';

const D = 'examples/data/';
const files = [`${D}mof-licl_eis_25C.csv`, `${D}mof-licl_eis_45C.csv`];

describe('eiskit kk / drt --redis: usage errors', () => {
  it('names the flag: --chunk-size or --queue without --redis, a --chunk-size out of range, a --redis that is not a Redis URL', async () => {
    const cases: [string[], RegExp][] = [];
    for (const command of ['kk', 'drt']) {
      cases.push(
        [[command, files[0]!, '--chunk-size', '8'], /--chunk-size needs --redis URL/],
        [[command, files[0]!, '--queue', 'q'], /--queue needs --redis URL/],
        [[command, files[0]!, '--redis', 'redis://h:1', '--chunk-size', '0'], /--chunk-size must be an integer ≥ 1; got 0/],
        [[command, files[0]!, '--redis', 'redis://h:1', '--chunk-size', '4097'], /--chunk-size must be an integer from 1 to 4096; got 4097/],
        [[command, files[0]!, '--redis', 'http://a:secret@h:1'], /--redis: must be a redis:\/\/ or rediss:\/\/ URL/],
      );
    }
    await expectUsageErrors(cases);
  });
});

describe.skipIf(!REDIS.available).sequential('eiskit kk / drt --redis on a private Redis', () => {
  const h = queueHarness({ setup: async (q) => void (await q.worker('cli-kinds')) });

  const same = async (argv: string[]) => {
    const local = await runCli(argv);
    const queued = await runCli([...argv, '--redis', h.url, '--queue', 'cli-kinds', '--chunk-size', '1']);
    expect(queued.code, argv.join(' ')).toBe(local.code);
    expect(queued.out, argv.join(' ')).toBe(local.out);
    expect(queued.err, argv.join(' ')).toBe(local.err);
    return local;
  };

  it('with no Redis there: exit code 1 with E_QUEUE (the commands did go to the queue)', async () => {
    const stopped = await startRedis();
    await stopped.stop();
    for (const command of ['kk', 'drt']) {
      const r = await runCli([command, files[0]!, '--redis', stopped.url]);
      expect([r.code, r.out]).toEqual([1, '']);
      expect(r.err).toMatch(/\[E_QUEUE\]\n$/);
    }
  }, 30_000);

  it('kk --redis: the same JSON, table and exit code as the local test, with its options', async () => {
    for (const extra of [['--json'], [], ['--method', 'score', '--representation', 'Y', '--fmin', '1']]) expect((await same(['kk', ...files, ...extra])).out.length).toBeGreaterThan(100);
  }, 120_000);

  it('drt --redis: the same JSON and table as the local DRT, with a credible band and with TR-NNLS', async () => {
    for (const extra of [['--json'], [], ['--credible', '--fmin', '1'], ['--method', 'tr-nnls', '--json']]) {
      const local = await same(['drt', ...files, ...extra]);
      expect(local.code).toBe(0);
    }
  }, 120_000);
});
