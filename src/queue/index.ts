/**
 * eiskit/queue (Node only): fitBatch, linKKBatch, drtBatch and globalFit (per series) spread over
 * machines on BullMQ and Redis. Workers (startFitWorker, every kind) take chunks of a batch from a
 * queue; a submitter (submitFitBatch, submitLinKKBatch, submitDrtBatch, submitGlobalFitBatch) adds
 * them and collects the results, the same bit for bit as the batch function on one machine. bullmq and ioredis
 * are optional peer dependencies, loaded when a function needs them (E_MISSING_DEPENDENCY
 * otherwise). Semantics: src/queue/worker.ts and src/queue/submit.ts.
 */
export { startFitWorker, type FitWorker, type FitWorkerOptions, type JobStub } from './worker.ts';
export { MAX_QUEUE_CHUNK, submitFitBatch, type SubmitOptions } from './submit.ts';
export { submitDrtBatch, submitLinKKBatch } from './submit-kinds.ts';
export { submitGlobalFitBatch } from './submit-global.ts';
export type { QueueGlobalFitOptions } from './global-jobs.ts';
export type { QueueDrtOptions, QueueLinKKOptions } from './kinds.ts';
export type { RedisConnection } from './deps.ts';
export { JOB_SCHEMA, RESULT_SCHEMA } from './payload.ts';
export { DEFAULT_QUEUE } from './shared.ts';
