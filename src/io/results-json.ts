/**
 * eiskit's JSON of results (fits, Lin-KK tests, series…), versioned:
 *   { "format": "eiskit-results", "version": 1, "kind": "fit", "results": [ … ] }
 * Typed arrays become arrays; numbers JSON cannot hold (Infinity, −Infinity, NaN — an
 * undeterminable standard error, a NaN correlation) are written as the strings "Infinity",
 * "-Infinity", "NaN", and readResultsJson turns them back into numbers.
 */
import { show } from '../errors.ts';
import { decodeInput } from './decode.ts';
import { fail } from './fail.ts';

export const RESULTS_FORMAT = 'eiskit-results';
export const RESULTS_VERSION = 1;

const NON_FINITE = new Set(['Infinity', '-Infinity', 'NaN']);

/** Writes results of one kind (e.g. 'fit', 'linkk', 'series') as a versioned document. */
export function writeResultsJson(kind: string, results: readonly unknown[], indent?: number): string {
  if (typeof kind !== 'string' || kind === '') fail(`the kind of results must be a non-empty string; got ${show(kind)}`);
  if (!Array.isArray(results)) fail(`results must be an array; got ${show(results)}`);
  return JSON.stringify({ format: RESULTS_FORMAT, version: RESULTS_VERSION, kind, results }, (_k, v: unknown) => {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>, (x) => (Number.isFinite(x) ? x : String(x)));
    if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
    return v;
  }, indent);
}

/** Reads a document of writeResultsJson: { kind, results } with the non-finite numbers restored. */
export function readResultsJson(input: string | Uint8Array | ArrayBuffer): { kind: string; results: unknown[] } {
  const text = decodeInput(input);
  let doc: unknown;
  try {
    doc = JSON.parse(text, (_k, v: unknown) => (typeof v === 'string' && NON_FINITE.has(v) ? Number(v) : v));
  } catch (e) {
    fail(`not JSON (${(e as Error).message})`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) fail(`not an ${RESULTS_FORMAT} document: the JSON is ${show(doc)}, not an object`);
  const d = doc as Record<string, unknown>;
  if (d.format !== RESULTS_FORMAT) fail(`not an ${RESULTS_FORMAT} document (format: ${show(d.format)})`, { format: d.format });
  if (d.version !== RESULTS_VERSION) fail(`${RESULTS_FORMAT} version ${show(d.version)} is not supported (this eiskit reads version ${RESULTS_VERSION})`, { version: d.version });
  if (typeof d.kind !== 'string' || !Array.isArray(d.results)) fail('an eiskit-results document needs "kind" (a string) and "results" (an array)');
  return { kind: d.kind, results: d.results };
}
