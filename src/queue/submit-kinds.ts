/**
 * submitLinKKBatch() and submitDrtBatch(): linKKBatch and drtBatch over a BullMQ queue, on the
 * same workers as fits (startFitWorker runs every kind: src/queue/kinds.ts). Each batch is checked
 * here as the local function checks it (an invalid spectrum or option rejects with the same
 * EisError before any job exists), then its options must be plain JSON (a function or a
 * non-finite number: E_ARG_TYPE / E_ARG_RANGE naming it), and it goes through runBatch
 * (src/queue/submit.ts): content-hash chunks, only those without a result added, every batch
 * settles.
 */
import type { DrtResult } from '../drt/types.ts';
import type { LinKKResult } from '../kk/linkk.ts';
import type { SpectrumInput } from '../types/spectrum.ts';
import { queueIdentity } from './identity.ts';
import { canonicalJson } from './job-id.ts';
import { checkKindBatch, type QueueDrtOptions, type QueueLinKKOptions } from './kinds.ts';
import { packJobChunk } from './payload.ts';
import { checkSubmitOptions, chunked, queuedSpectrum, runBatch, type SubmitOptions } from './submit.ts';

/** A batch of `kind` checked, cut into jobs and run on the queue's workers. */
async function submitKind(kind: 'linkk' | 'drt', spectra: readonly SpectrumInput[], batchOptions: unknown, options: SubmitOptions): Promise<unknown[]> {
  const identity = queueIdentity(); // read once, when called (tests change it right after)
  const { name, chunkSize } = checkSubmitOptions(options);
  checkKindBatch(kind, spectra, batchOptions);
  canonicalJson(batchOptions ?? {}, 'options'); // plain JSON, or refused naming the option (before any job)
  const valid = spectra.map((s, k) => queuedSpectrum(s, `spectra[${k}]`, { spectrum: k }));
  const chunks = chunked(valid, chunkSize, (part) => packJobChunk({ kind, circuit: '', options: batchOptions, spectra: part, identity }));
  return runBatch(chunks, chunkSize, name, options, identity);
}

/**
 * Lin-KK tests of every spectrum on the workers of a queue (startFitWorker); resolves with the
 * results in input order, the same bit for bit as `linKKBatch(spectra, linKKOptions)` on the WASM
 * backend (workers of the same eiskit version on the same Node version).
 * @example
 * const kk = await submitLinKKBatch(spectra, { fmin: 1 }, { connection: { url: 'redis://127.0.0.1:6379' } });
 */
export async function submitLinKKBatch(spectra: readonly SpectrumInput[], linKKOptions: QueueLinKKOptions = {}, options: SubmitOptions): Promise<LinKKResult[]> {
  return (await submitKind('linkk', spectra, linKKOptions, options)) as LinKKResult[];
}

/**
 * The DRTs of every spectrum on the workers of a queue (startFitWorker); resolves with the results
 * in input order, the same bit for bit as `drtBatch(spectra, drtOptions)` on the WASM backend
 * (workers of the same eiskit version on the same Node version).
 * @example
 * const drts = await submitDrtBatch(spectra, { fmin: 1, credible: true }, { connection: { url: 'redis://127.0.0.1:6379' } });
 */
export async function submitDrtBatch(spectra: readonly SpectrumInput[], drtOptions: QueueDrtOptions = {}, options: SubmitOptions): Promise<DrtResult[]> {
  return (await submitKind('drt', spectra, drtOptions, options)) as DrtResult[];
}
