/**
 * Content-hash job ids: the same chunk (kind, circuit, options, spectra bytes, eiskit version,
 * WASM hash) always gets the same id, so resubmitting a batch finds its chunks' jobs and results
 * instead of fitting again; anything that could change a result's bits changes the id.
 *
 * The id is `'eis-' + sha256 hex` of the canonical JSON of the chunk's header, a newline, then the
 * spectra's little-endian float64 bytes. Canonical JSON: object keys sorted (UTF-16 code unit
 * order), keys whose value is undefined left out, numbers as JavaScript prints them (shortest
 * round trip) with −0 written `-0` (a −0 start value may give other bits than 0, so the ids must
 * differ), ±Infinity and NaN as the tagged object {"\u0000n": "Infinity"} (a bound [0, Infinity];
 * reviveNonFinite reads them back), only plain objects, arrays and typed arrays of numbers (written as
 * arrays). It contains no raw newline, so the header ends unambiguously; the header also holds the
 * byte count. `'eis-'` keeps the id from being an integer string or holding `:` (BullMQ forbids both).
 */
import { createHash } from 'node:crypto';
import { EisError, show } from '../errors.ts';
import type { PackedSpectra } from '../runtime/pack.ts';
import type { QueueIdentity } from './identity.ts';

/** The kinds of job: fitBatch, linKKBatch, drtBatch (src/queue/kinds.ts), globalFit per series (src/queue/global-jobs.ts). */
export type JobKind = 'fit' | 'linkk' | 'drt' | 'global';

const isPlainObject = (v: object): boolean => {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** The key of the object that stands for a non-finite number in canonical JSON: {"\u0000n": "Infinity" | "-Infinity" | "NaN"}. */
export const NON_FINITE_TAG = '\u0000n';

/** JSON.parse's reviver for canonical JSON: the tagged objects back into ±Infinity and NaN. */
export function reviveNonFinite(_key: string, v: unknown): unknown {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
  const tagged = (v as Record<string, unknown>)[NON_FINITE_TAG];
  if (tagged === undefined || Object.keys(v).length !== 1) return v;
  if (tagged === 'Infinity') return Number.POSITIVE_INFINITY;
  if (tagged === '-Infinity') return Number.NEGATIVE_INFINITY;
  if (tagged === 'NaN') return Number.NaN;
  return v;
}

/** The canonical JSON text of `value` (see the module comment); `path` names the value in errors. */
export function canonicalJson(value: unknown, path = 'value'): string {
  const open = new Set<object>();
  const write = (v: unknown, at: string): string => {
    switch (typeof v) {
      case 'string': return JSON.stringify(v);
      case 'boolean': return v ? 'true' : 'false';
      case 'number':
        // ±Infinity and NaN (a bound of [0, Infinity]) as a tagged object: JSON has no such numbers
        if (!Number.isFinite(v)) return `{${JSON.stringify(NON_FINITE_TAG)}:"${String(v)}"}`;
        return Object.is(v, -0) ? '-0' : String(v);
    }
    if (v === null) return 'null';
    if (typeof v !== 'object') throw new EisError('E_ARG_TYPE', `${at} is a ${typeof v}, which cannot be sent to a queue: only plain data (objects, arrays, numbers, strings, booleans, null).`, { argument: at });
    if (open.has(v)) throw new EisError('E_ARG_TYPE', `${at} refers to itself (a cycle), which cannot be sent to a queue.`, { argument: at });
    open.add(v);
    let text: string;
    if (Array.isArray(v)) {
      text = `[${v.map((x, i) => {
        if (x === undefined) throw new EisError('E_ARG_TYPE', `${at}[${i}] is undefined, which cannot be sent to a queue.`, { argument: `${at}[${i}]` });
        return write(x, `${at}[${i}]`);
      }).join(',')}]`;
    } else if (ArrayBuffer.isView(v) && !(v instanceof DataView) && !(v instanceof BigInt64Array) && !(v instanceof BigUint64Array)) {
      text = `[${Array.from(v as unknown as ArrayLike<number>, (x, i) => write(x, `${at}[${i}]`)).join(',')}]`;
    } else if (isPlainObject(v)) {
      const record = v as Record<string, unknown>;
      if (Object.hasOwn(record, NON_FINITE_TAG)) throw new EisError('E_ARG_TYPE', `${at} has the key "\\u0000n", which the queue's texts keep for numbers JSON cannot hold.`, { argument: at });
      const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
      text = `{${keys.map((k) => `${JSON.stringify(k)}:${write(record[k], `${at}.${k}`)}`).join(',')}}`;
    } else {
      throw new EisError('E_ARG_TYPE', `${at} is a ${show(v)}, which cannot be sent to a queue: only plain data (objects, arrays, numbers, strings, booleans, null).`, { argument: at });
    }
    open.delete(v);
    return text;
  };
  return write(value, path);
}

/** True where float64 bytes are little-endian (every platform Node runs on, but the wire format says so). */
const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/** The little-endian bytes of `data` (a view of its own memory on a little-endian platform). */
export function littleEndianBytes(data: Float64Array): Uint8Array {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (LITTLE_ENDIAN) return bytes;
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i ^ 7]!;
  return out;
}

/** What a chunk's id is computed from. */
export interface ChunkIdentity extends QueueIdentity {
  kind: JobKind;
  /** The circuit as `circuit.toString()` prints it (`''` for kinds without a circuit). */
  circuit: string;
  /** The options as sent (plain data). */
  options: unknown;
  /** The chunk's spectra, packed (src/runtime/pack.ts). */
  spectra: PackedSpectra;
  /** Kind 'global' only: the spectra of each series, in order (the series' boundaries in `spectra`). */
  series?: readonly number[];
}

/**
 * The header hashed before the spectra bytes (exported for the golden test): the canonical JSON of
 * { bytes, circuit, eiskitVersion, id, kind, options, packed, rest, series, wasmHash } (`series`
 * only in a 'global' chunk, so the other kinds' ids are as they were), its pieces checked one by
 * one so that an error names `options.…` or `spectra[k].…`.
 */
export function chunkHeader(c: ChunkIdentity): string {
  const field = (key: string, json: string) => `${JSON.stringify(key)}:${json}`;
  return `{${[
    field('bytes', canonicalJson(c.spectra.data.byteLength)),
    field('circuit', canonicalJson(c.circuit, 'circuit')),
    field('eiskitVersion', canonicalJson(c.eiskitVersion, 'eiskitVersion')),
    field('id', '"eiskit-job-id/1"'),
    field('kind', canonicalJson(c.kind, 'kind')),
    field('options', canonicalJson(c.options ?? {}, 'options')),
    field('packed', canonicalJson(c.spectra.packed, 'packed')),
    field('rest', canonicalJson(c.spectra.rest, 'spectra')),
    ...(c.series === undefined ? [] : [field('series', canonicalJson(c.series, 'series'))]),
    field('wasmHash', canonicalJson(c.wasmHash, 'wasmHash')),
  ].join(',')}}`;
}

const hex = (parts: (string | Uint8Array)[]): string => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

/** The job id of one chunk. */
export function chunkJobId(c: ChunkIdentity): string {
  return `eis-${hex([chunkHeader(c), '\n', littleEndianBytes(c.spectra.data)])}`;
}

/** The id of a batch: the hash of its chunks' ids, in order. */
export function batchJobId(chunkIds: readonly string[]): string {
  return `eis-${hex([chunkIds.join('\n')])}`;
}
