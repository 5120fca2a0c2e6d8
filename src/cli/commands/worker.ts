/** `eiskit worker --redis URL`: runs queued chunks (fits, Lin-KK tests, DRTs: eiskit/queue's startFitWorker) until stopped. */
import { EisError } from '../../errors.ts';
import { redactedUrl } from '../../queue/deps.ts';
import { terminateFitWorkers } from '../../runtime/workers.ts';
import { parse } from '../args.ts';
import { UsageError, type CliContext } from '../context.ts';
import { bounded, QUEUE_OPTIONS, queueTarget } from '../queue-args.ts';

export const WORKER_HELP = `eiskit worker --redis URL [--queue NAME] [--concurrency N]

Runs the chunks that \`eiskit fit|kk|drt --redis\` (or submitFitBatch, submitLinKKBatch,
submitDrtBatch, submitGlobalFitBatch of eiskit/queue) put on a BullMQ queue in Redis, until it is
stopped: Ctrl-C or SIGTERM stops taking jobs, finishes the running ones and exits (code 0); a
second Ctrl-C or SIGTERM puts the running jobs back in the queue, where another worker takes them
at once, and exits with code 130. Needs the packages bullmq and ioredis
(npm install bullmq@^6.7.6 ioredis@^5.11.1). Every machine must run the same eiskit version.
See docs/queue.md.

Options:
  --redis URL        the Redis server (redis://host:6379, rediss:// for TLS; a password in the
                     URL is never printed)
  --queue NAME       the queue's name (default eiskit)
  --concurrency N    jobs at once, 1 to 64, fits each in a worker thread of its own (default 1;
                     cores − 1 on a machine of its own); Lin-KK and DRT jobs share this thread

Example:
  eiskit worker --redis redis://lab-redis:6379 --concurrency 7`;

export async function workerCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parse(argv, { ...QUEUE_OPTIONS, concurrency: { type: 'string' } });
  if (values.help) {
    ctx.stdout.write(`${WORKER_HELP}\n`);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`worker takes no files; got "${positionals[0]}"`);
  if (values.json) throw new UsageError('worker has no --json output');
  const target = queueTarget(values);
  if (!target) throw new UsageError('worker needs --redis URL, e.g. --redis redis://127.0.0.1:6379');
  const concurrency = bounded(values, 'concurrency', 1, 64) ?? 1;
  const { stop } = ctx;
  // bin.ts wires SIGINT/SIGTERM to it; without one the worker could never be closed
  if (!stop) throw new EisError('E_INTERNAL', 'eiskit worker was started without a stop signal');
  const { startFitWorker } = await import('../../queue/index.ts');
  const worker = await startFitWorker({
    connection: { url: target.url }, queue: target.queue, concurrency,
    onError: (e) => ctx.stderr.write(`eiskit worker: ${e.message} [${e.code}]\n`),
  });
  const where = `queue "${target.queue}" on ${redactedUrl(target.url)}`;
  ctx.stdout.write(`eiskit worker: ready, ${where}, concurrency ${concurrency} (Ctrl-C or SIGTERM stops it)\n`);
  await aborted(stop);
  const { forceStop } = ctx;
  const how = await Promise.race([worker.close().then(() => 'finished' as const), ...(forceStop ? [aborted(forceStop).then(() => 'forced' as const)] : [])]);
  if (how === 'forced') {
    await worker.close(true);
    // a released job's fit may still run in this process's pool threads: end them, so the process exits now
    terminateFitWorkers();
    ctx.stdout.write(`eiskit worker: stopped at once, ${where}; its running jobs went back to the queue\n`);
    return 130;
  }
  ctx.stdout.write(`eiskit worker: stopped, ${where}\n`);
  return 0;
}

/** Resolves once `signal` is aborted. */
const aborted = (signal: AbortSignal): Promise<void> =>
  signal.aborted ? Promise.resolve() : new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
