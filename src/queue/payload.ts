/**
 * The wire format of queued work: a job `eiskit-batch-job/1` (one chunk of spectra and what to do
 * with them: kind 'fit' with a circuit, 'linkk' or 'drt' with circuit '', 'global' with a circuit
 * and `series`, the spectra of each whole series in it) and its result `eiskit-batch-result/1`, both JSON text written by canonicalJson
 * (src/queue/job-id.ts) so that −0 in options survives (JSON.stringify writes 0; JSON.parse reads
 * `-0` back). Spectra and results travel packed (src/runtime/pack.ts) as base64 of little-endian
 * float64 bytes: every number bit for bit (−0, NaN, ±Infinity), each result's typed arrays views
 * (Float64Array, Int32Array) grouped into blocks as the batch function returns them; a result's
values are a list of packed parts in order (a fit job's: the pool's chunks as its thread sent
them, never unpacked on the worker). A job's text goes into BullMQ as the job's data (a
 * string: BullMQ's own JSON.stringify would lose −0 in an object).
 *
 * Errors: a text that is not this layout is E_QUEUE (corrupt queue data); another schema version,
 * eiskit version or WASM hash is E_VERSION naming both sides, checked before the layout, which
 * another version may change.
 */
import { EisError, show } from '../errors.ts';
import { type PackedSpectra, packSpectra, packValues, unpackSpectra, unpackValues } from '../runtime/pack.ts';
import type { PackedPart } from '../runtime/workers.ts';
import type { Spectrum } from '../types/spectrum.ts';
import { queueIdentity, type QueueIdentity } from './identity.ts';
import { canonicalJson, chunkJobId, type JobKind, littleEndianBytes, reviveNonFinite } from './job-id.ts';

export const JOB_SCHEMA = 'eiskit-batch-job/1';
export const RESULT_SCHEMA = 'eiskit-batch-result/1';
const KINDS: readonly JobKind[] = ['fit', 'linkk', 'drt', 'global'];

/** A chunk ready to be queued: its spectra packed and its content-hash id. */
export interface JobChunk extends QueueIdentity {
  id: string;
  kind: JobKind;
  circuit: string;
  options: unknown;
  spectra: PackedSpectra;
  /** Kind 'global': the spectra of each series, in order (its results are one per series). */
  series?: readonly number[];
}

/** A chunk's results: one per spectrum, or per series in a 'global' chunk. */
export const resultCount = (chunk: JobChunk): number => chunk.series?.length ?? chunk.spectra.rest.length;

/** Where a chunk sits in its batch. */
export interface ChunkPlace {
  batchId: string;
  index: number;
  /** The batch index of the chunk's first spectrum (of its first series in a 'global' chunk). */
  offset: number;
}

/** A job as a worker reads it; `id` recomputed from the content (compare with the job's id). */
export interface DecodedJob extends JobChunk {
  chunk: ChunkPlace & { count: number };
  /** The chunk's spectra: Float64Array views of one block, with their other properties. */
  spectraList: Spectrum[];
}

/** Packs validated spectra (Float64Array freq, re, im) and computes the chunk's id. */
export function packJobChunk(input: { kind: JobKind; circuit: string; options: unknown; spectra: readonly Spectrum[]; series?: readonly number[]; identity?: QueueIdentity }): JobChunk {
  const { options } = input;
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) throw new EisError('E_ARG_TYPE', `\`options\` must be an object; got ${show(options)}.`, { argument: 'options' });
  const packed = packSpectra(input.spectra);
  const loose = packed.packed.indexOf(0);
  if (loose >= 0) throw new EisError('E_ARG_TYPE', `spectra[${loose}] = ${show(input.spectra[loose])} must be validated (freq, re and im Float64Arrays) before it is queued.`, { argument: 'spectra', spectrum: loose });
  const chunk = { ...(input.identity ?? queueIdentity()), kind: input.kind, circuit: input.circuit, options: input.options, spectra: packed, ...(input.series ? { series: input.series } : {}) };
  return { id: chunkJobId(chunk), ...chunk };
}

const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/** The job's text. */
export function encodeJob(chunk: JobChunk, place: ChunkPlace): string {
  // canonicalJson's text, written around the spectra's base64 (as encodeResult's around its
  // parts: the generic walk over it cost 4× the base64 itself). Keys in canonical (sorted)
  // order: `spectra` falls between `series` and `wasmHash`; base64 needs no escaping.
  const head = canonicalJson({
    chunk: { ...place, count: chunk.spectra.rest.length },
    circuit: chunk.circuit,
    eiskitVersion: chunk.eiskitVersion,
    kind: chunk.kind,
    options: chunk.options ?? {},
    schema: JOB_SCHEMA,
    series: chunk.series, // undefined (left out) but in a 'global' chunk
  }, 'job');
  const { data, packed, rest } = chunk.spectra;
  const spectra = `{"data":"${toBase64(littleEndianBytes(data))}","packed":"${toBase64(packed)}","rest":${canonicalJson(rest, 'job.spectra.rest')}}`;
  return `${head.slice(0, -1)},"spectra":${spectra},${canonicalJson({ wasmHash: chunk.wasmHash }, 'job').slice(1)}`;
}

const corrupt = (what: string, problem: string, cause?: unknown) => new EisError('E_QUEUE', `a queued ${what} cannot be read: ${problem}.`, cause === undefined ? {} : { cause });
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parse(text: unknown, what: string): Record<string, unknown> {
  if (typeof text !== 'string') throw corrupt(what, `it is ${show(text)}, not JSON text`);
  let value: unknown;
  try {
    value = JSON.parse(text, reviveNonFinite);
  } catch (e) {
    throw corrupt(what, `not JSON (${(e as Error).message})`, e);
  }
  if (!isRecord(value)) throw corrupt(what, `${show(value)} is not an object`);
  return value;
}

const describe = (i: Partial<QueueIdentity>) => `eiskit ${show(i.eiskitVersion)} (WASM ${show(i.wasmHash)})`;

/** E_VERSION unless `value`'s schema is `schema` and its version and WASM hash are `self`'s. */
function checkVersion(value: Record<string, unknown>, schema: string, what: string, self: QueueIdentity): void {
  const their = { eiskitVersion: value.eiskitVersion, wasmHash: value.wasmHash } as Partial<QueueIdentity>;
  const family = schema.slice(0, schema.indexOf('/') + 1);
  if (value.schema !== schema) {
    if (typeof value.schema !== 'string' || !value.schema.startsWith(family)) throw corrupt(what, `its schema is ${show(value.schema)}, not ${show(schema)}`);
    throw new EisError('E_VERSION', `a queued ${what} of schema ${show(value.schema)} from ${describe(their)} cannot be read by ${describe(self)}, which reads ${show(schema)}: run the same eiskit version everywhere.`, { schema: value.schema, expected: schema, theirs: their, ours: self });
  }
  if (their.eiskitVersion !== self.eiskitVersion || their.wasmHash !== self.wasmHash) {
    throw new EisError('E_VERSION', `a queued ${what} made by ${describe(their)} reached ${describe(self)}: results would not be the same bits, so it is refused; run the same eiskit version everywhere.`, { theirs: their, ours: self });
  }
}

/**
 * Strict base64 (Buffer.from skips bad characters silently) into a fresh, aligned buffer: the
 * bytes must encode back to the same text (canonical base64, as toBase64 writes it). Checked so,
 * not by a regular expression over the text: /^[A-Za-z0-9+/]*={0,2}$/ took more CPU than
 * anything else the submitter does with a result (the profile of a 2000-spectrum batch).
 */
function fromBase64(v: unknown, what: string, field: string): Uint8Array {
  if (typeof v !== 'string' || v.length % 4 !== 0) throw corrupt(what, `${field} is not base64`);
  const bytes = Buffer.from(v, 'base64');
  if (bytes.toString('base64') !== v) throw corrupt(what, `${field} is not base64`);
  return new Uint8Array(bytes);
}

/** The float64s of little-endian `bytes` (a fresh buffer of their own: see fromBase64). */
function float64s(bytes: Uint8Array, what: string, field: string): Float64Array {
  if (bytes.length % 8 !== 0) throw corrupt(what, `${field} holds ${bytes.length} bytes, not whole float64s`);
  const native = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / 8);
  // littleEndianBytes swaps on a big-endian platform (the swap is its own inverse) and is a view otherwise
  const le = littleEndianBytes(native);
  return le.buffer === bytes.buffer ? native : new Float64Array(le.buffer);
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Reads and checks a job's text (E_VERSION from another eiskit, E_QUEUE when it is not the layout). */
export function decodeJob(text: unknown, self: QueueIdentity = queueIdentity()): DecodedJob {
  const what = 'job';
  const job = parse(text, what);
  checkVersion(job, JOB_SCHEMA, what, self);
  const { kind, circuit, chunk, spectra } = job;
  if (!KINDS.includes(kind as JobKind)) throw corrupt(what, `kind ${show(kind)} is not one of ${KINDS.join(', ')}`);
  if (typeof circuit !== 'string') throw corrupt(what, `circuit is ${show(circuit)}, not a string`);
  if ((kind === 'linkk' || kind === 'drt') && circuit !== '') throw corrupt(what, `a ${kind} job has circuit ${show(circuit)}, not ""`);
  const { series } = job;
  if (kind === 'global' ? !Array.isArray(series) || series.length === 0 || !series.every((n) => isCount(n) && n > 0) : series !== undefined) {
    const text = Array.isArray(series) ? `[${series.slice(0, 8).map((n) => show(n)).join(', ')}${series.length > 8 ? ', …' : ''}]` : show(series);
    throw corrupt(what, kind === 'global' ? `series is ${text}, not a list of spectrum counts (whole numbers ≥ 1)` : `a ${kind} job has series ${text}`);
  }
  if (!isRecord(job.options)) throw corrupt(what, `options is ${show(job.options)}, not an object`);
  if (!isRecord(chunk) || typeof chunk.batchId !== 'string' || !isCount(chunk.index) || !isCount(chunk.offset) || !isCount(chunk.count)) throw corrupt(what, 'chunk needs batchId (string), index, offset and count (whole numbers ≥ 0)');
  if (!isRecord(spectra) || !Array.isArray(spectra.rest)) throw corrupt(what, 'spectra needs data, packed and rest');
  const rest = spectra.rest as unknown[];
  const packed = fromBase64(spectra.packed, what, 'spectra.packed');
  const data = float64s(fromBase64(spectra.data, what, 'spectra.data'), what, 'spectra.data');
  if (rest.length !== chunk.count || packed.length !== chunk.count) throw corrupt(what, `chunk.count is ${chunk.count} but it holds ${rest.length} spectra (${packed.length} flags)`);
  // every spectrum packed, its three lengths whole and inside `data`, nothing left over
  let at = 0;
  for (let k = 0; k < rest.length; k++) {
    if (packed[k] !== 1 || (rest[k] !== null && !isRecord(rest[k]))) throw corrupt(what, `spectrum ${k} is not packed`);
    const lengths = [data[at], data[at + 1], data[at + 2]];
    if (!lengths.every(isCount)) throw corrupt(what, `spectrum ${k}'s lengths are not whole numbers`);
    at += 3 + lengths[0]! + lengths[1]! + lengths[2]!;
    if (at > data.length) throw corrupt(what, `spectrum ${k} runs past the data`);
  }
  if (at !== data.length) throw corrupt(what, `${data.length - at} values after the last spectrum`);
  if (Array.isArray(series) && series.reduce((a: number, b: number) => a + b, 0) !== chunk.count) throw corrupt(what, `its series hold ${series.join(' + ')} spectra, not chunk.count ${chunk.count}`);
  const packedSpectra: PackedSpectra = { data, packed, rest };
  const content = { eiskitVersion: self.eiskitVersion, wasmHash: self.wasmHash, kind: kind as JobKind, circuit, options: job.options, spectra: packedSpectra, ...(Array.isArray(series) ? { series: series as number[] } : {}) };
  return {
    id: chunkJobId(content),
    ...content,
    chunk: { batchId: chunk.batchId, index: chunk.index, offset: chunk.offset, count: chunk.count },
    spectraList: unpackSpectra(packedSpectra) as Spectrum[],
  };
}

/** A chunk's results as a job gives them: the values, or already packed (the fitting pool's chunks, passed through). */
export type JobResults = { results: readonly unknown[] } | { parts: readonly PackedPart[] };

/** How many results `r` holds. */
export const resultsCount = (r: JobResults): number => ('results' in r ? r.results.length : r.parts.reduce((n, p) => n + p.count, 0));

/** A chunk's results as a worker writes them. */
export type ResultInput = JobResults & {
  jobId: string;
  batchId: string;
  index: number;
  /** Milliseconds the worker spent on the chunk. */
  ms: number;
  identity?: QueueIdentity;
};

/**
 * The result's text. Its results are a list of packed parts, in order, each { count, data,
 * shapes, strings }: a fit job's are the pool's chunks as they came (not unpacked into objects and
 * packed again on the worker's thread); values given as `results` become one part.
 */
export function encodeResult(r: ResultInput): string {
  const parts: readonly PackedPart[] = 'results' in r ? [{ count: r.results.length, chunk: packValues(r.results) }] : r.parts;
  const { eiskitVersion, wasmHash } = r.identity ?? queueIdentity();
  // canonicalJson's text, written around the parts: their base64 (hundreds of KB) would cost more
  // in its generic walk than packing them did. Keys in canonical (sorted) order: `parts` falls
  // between `ms` and `runtime`; base64 needs no escaping, the lists are strings only (the
  // payload test checks the text equals canonicalJson of itself).
  const head = canonicalJson({ batchId: r.batchId, count: resultsCount(r), eiskitVersion, index: r.index, jobId: r.jobId, ms: r.ms }, 'result');
  const tail = canonicalJson({ runtime: process.version, schema: RESULT_SCHEMA, wasmHash }, 'result');
  const partTexts = parts.map(({ count, chunk }) =>
    `{"count":${canonicalJson(count)},"data":"${toBase64(littleEndianBytes(chunk.data))}","shapes":${canonicalJson(chunk.shapes)},"strings":${canonicalJson(chunk.strings)}}`);
  return `${head.slice(0, -1)},"parts":[${partTexts.join(',')}],${tail.slice(1)}`;
}

/** A result as the submitter reads it. */
export interface DecodedResult {
  jobId: string;
  batchId: string;
  index: number;
  /** The Node version that computed it (bits are the same only within one runtime). */
  runtime: string;
  ms: number;
  results: unknown[];
}

/** Reads a result's text: E_VERSION from another eiskit, E_QUEUE when it is not the layout or not the job's. */
export function decodeResult(text: unknown, expected: { jobId: string; count: number }, self: QueueIdentity = queueIdentity()): DecodedResult {
  const what = 'result';
  const r = parse(text, what);
  checkVersion(r, RESULT_SCHEMA, what, self);
  if (r.jobId !== expected.jobId) throw corrupt(what, `it is job ${show(r.jobId)}'s, not ${show(expected.jobId)}'s`);
  if (r.count !== expected.count) throw corrupt(what, `it holds ${show(r.count)} results, not ${expected.count}`);
  const strings = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === 'string');
  const parts = r.parts;
  if (!Array.isArray(parts) || !parts.every((p) => isRecord(p) && isCount(p.count) && strings(p.shapes) && strings(p.strings))) throw corrupt(what, 'parts needs a list of { count, data, shapes, strings }');
  if (typeof r.batchId !== 'string' || !isCount(r.index) || typeof r.runtime !== 'string' || typeof r.ms !== 'number') throw corrupt(what, 'batchId, index, runtime or ms is missing');
  const inParts = parts.reduce((n: number, p: Record<string, unknown>) => n + (p.count as number), 0);
  if (inParts !== expected.count) throw corrupt(what, `its parts hold ${inParts} results, not ${expected.count}`);
  const results: unknown[] = [];
  parts.forEach((p: Record<string, unknown>, k: number) => {
    const data = float64s(fromBase64(p.data, what, `parts[${k}].data`), what, `parts[${k}].data`);
    let values: unknown[];
    try {
      values = unpackValues({ data, shapes: p.shapes as string[], strings: p.strings as string[] }, p.count as number);
    } catch (e) {
      throw corrupt(what, `its packed values do not match their shapes (parts[${k}]: ${(e as Error).message})`, e);
    }
    for (const v of values) results.push(v);
  });
  return { jobId: expected.jobId, batchId: r.batchId, index: r.index, runtime: r.runtime, ms: r.ms, results };
}
