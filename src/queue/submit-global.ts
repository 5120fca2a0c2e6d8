/**
 * submitGlobalFitBatch(): globalFit over a BullMQ queue, one result per temperature series (many
 * cells or pellets, each with its series; or one series, offloaded). The batch is checked here as
 * globalFit checks each series (src/queue/global-jobs.ts: an invalid series or option rejects
 * before any job exists, the series named), cut into jobs of `chunkSize` whole series (default 8:
 * GLOBAL_CHUNK says why), each spectrum packed with its temperatureK and the series' boundaries in
 * the job, and run through runBatch (src/queue/submit.ts): content-hash jobs, only those without
 * a result added, every batch settles.
 */
import type { Circuit } from '../circuit/circuit.ts';
import { EisError } from '../errors.ts';
import type { GlobalFitResult, GlobalSpectrumInput } from '../global/global-fit.ts';
import { checkGlobalBatch, GLOBAL_CHUNK, type QueueGlobalFitOptions } from './global-jobs.ts';
import { queueIdentity } from './identity.ts';
import { type JobChunk, packJobChunk } from './payload.ts';
import { checkSubmitOptions, MAX_QUEUE_CHUNK, queuedSpectrum, runBatch, type SubmitOptions } from './submit.ts';

/**
 * The global fit of every series on the workers of a queue (startFitWorker); resolves with the
 * results in input order, element i the same bit for bit as `globalFit(circuit, series[i],
 * globalOptions)` on the WASM backend (workers of the same eiskit version on the same Node
 * version). `submitOptions.chunkSize` counts series (default 8); `onProgress` gets (series done,
 * total).
 * @example
 * const fits = await submitGlobalFitBatch(parseCircuit('p(R1,CPE1)-CPE2'), [cellA, cellB],
 *   { shared: ['CPE1.alpha'], arrhenius: { R1: 'sigmaT' } }, { connection: { url: 'redis://127.0.0.1:6379' } });
 */
export async function submitGlobalFitBatch(circuit: Circuit, series: readonly (readonly GlobalSpectrumInput[])[], globalOptions: QueueGlobalFitOptions = {}, options: SubmitOptions): Promise<GlobalFitResult[]> {
  const identity = queueIdentity(); // read once, when called (tests change it right after)
  const { name, chunkSize } = checkSubmitOptions(options, GLOBAL_CHUNK);
  checkGlobalBatch(circuit, series, globalOptions);
  // valid: each spectrum its own copy as Float64Arrays, with temperatureK and its other fields (plain JSON, or refused named in the batch)
  const valid = series.map((spectra, i) => spectra.map((s, k) => queuedSpectrum(s, `series[${i}][${k}]`)));
  const text = circuit.toString();
  const chunks: JobChunk[] = [];
  for (let at = 0; at < valid.length; at += chunkSize) {
    const part = valid.slice(at, at + chunkSize);
    const count = part.reduce((n, s) => n + s.length, 0);
    // a job's text is about 2 KB per spectrum and BullMQ holds it in memory: the other kinds' bound
    if (count > MAX_QUEUE_CHUNK) {
      throw new EisError('E_ARG_RANGE', `invalid option. \`chunkSize\` = ${chunkSize} puts ${count} spectra (series ${at} to ${at + part.length - 1}) in one job, more than ${MAX_QUEUE_CHUNK}: give a smaller chunkSize.`, { argument: 'chunkSize', value: chunkSize });
    }
    chunks.push(packJobChunk({ kind: 'global', circuit: text, options: globalOptions, spectra: part.flat(), series: part.map((s) => s.length), identity }));
  }
  return (await runBatch(chunks, chunkSize, name, options, identity)) as GlobalFitResult[];
}
