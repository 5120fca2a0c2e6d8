/**
 * The runtime exports of eiskit/queue (Node only, so not in test/api-surface.test.ts, which the
 * browser project runs too): adding, removing or changing the kind of one is a decision made here.
 */
import { expect, it } from 'vitest';
import * as queue from '../src/queue/index.ts';

it('eiskit/queue exports exactly these values', () => {
  const surface = Object.fromEntries(Object.keys(queue).sort().map((name) => [name, typeof (queue as Record<string, unknown>)[name]]));
  expect(surface).toEqual({
    DEFAULT_QUEUE: 'string',
    JOB_SCHEMA: 'string',
    MAX_QUEUE_CHUNK: 'number',
    RESULT_SCHEMA: 'string',
    startFitWorker: 'function',
    submitDrtBatch: 'function',
    submitFitBatch: 'function',
    submitGlobalFitBatch: 'function',
    submitLinKKBatch: 'function',
  });
  expect([queue.DEFAULT_QUEUE, queue.JOB_SCHEMA, queue.RESULT_SCHEMA, queue.MAX_QUEUE_CHUNK]).toEqual(['eiskit', 'eiskit-batch-job/1', 'eiskit-batch-result/1', 4096]);
});
