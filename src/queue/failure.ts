/**
 * A job's failure as BullMQ stores it (the `failedReason` string, the thrown error's message):
 * `eiskit:{"code","message","details"}` carries an EisError from a worker to the submitter, which
 * rejects with an EisError of the same code, message and details. Any other reason (a plain
 * Error, BullMQ's own "job stalled more than allowable limit") becomes E_WORKER with its text.
 */
import { EisError, type EisErrorCode } from '../errors.ts';

const PREFIX = 'eiskit:';

/** Every code (the Record makes the type checker fail when a code is added to EisErrorCode and not here). */
const CODES: Readonly<Record<EisErrorCode, true>> = {
  E_SYNTAX: true, E_UNKNOWN_ELEMENT: true, E_DUPLICATE_ELEMENT: true, E_UNKNOWN_PARAM: true, E_MISSING_PARAM: true,
  E_ARG_TYPE: true, E_ARG_LENGTH: true, E_TOO_FEW_POINTS: true, E_NONFINITE: true, E_NONPOSITIVE_FREQ: true,
  E_ARG_RANGE: true, E_MODEL_NONFINITE: true, E_NOT_INITIALIZED: true, E_NO_WASM: true, E_FORMAT: true,
  E_UNSUPPORTED: true, E_ABORTED: true, E_WORKER: true, E_CALLBACK: true, E_MISSING_DEPENDENCY: true,
  E_QUEUE: true, E_VERSION: true, E_INTERNAL: true,
};

const isCode = (v: unknown): v is EisErrorCode => typeof v === 'string' && Object.hasOwn(CODES, v);

/**
 * Details as JSON: an Error (a `cause`) becomes { name, message }, a bigint its text, a function or
 * symbol is left out, a NaN or ±Infinity becomes null (as JSON writes it: the message still names
 * the value); details that still cannot be written (a cycle) become { unserializable: true }.
 */
function jsonDetails(details: Readonly<Record<string, unknown>>): string {
  const replacer = (_key: string, v: unknown) => {
    if (v instanceof Error) return { name: v.name, message: v.message, ...(v instanceof EisError ? { code: v.code } : {}) };
    if (typeof v === 'bigint') return String(v);
    return v;
  };
  try {
    return JSON.stringify(details, replacer) ?? '{}';
  } catch {
    return '{"unserializable":true}';
  }
}

/** The failedReason text of `error`: an EisError keeps its code; anything else is E_WORKER with its message. */
export function encodeFailure(error: unknown): string {
  const e = error instanceof EisError ? error : new EisError('E_WORKER', `a queue worker failed: ${error instanceof Error ? error.message : String(error)}`);
  return `${PREFIX}{"code":${JSON.stringify(e.code)},"message":${JSON.stringify(e.message)},"details":${jsonDetails(e.details)}}`;
}

/** The EisError a failedReason stands for (E_WORKER with the text for a reason not written by {@link encodeFailure}). */
export function decodeFailure(reason: unknown): EisError {
  const text = typeof reason === 'string' ? reason : String(reason);
  if (text.startsWith(PREFIX)) {
    try {
      const v = JSON.parse(text.slice(PREFIX.length)) as { code?: unknown; message?: unknown; details?: unknown };
      const details = v.details;
      if (isCode(v.code) && typeof v.message === 'string' && typeof details === 'object' && details !== null && !Array.isArray(details)) {
        return new EisError(v.code, v.message, details as Record<string, unknown>);
      }
    } catch {
      // not ours after all: reported as text below
    }
  }
  return new EisError('E_WORKER', `a queued job failed: ${text}`, { reason: text });
}
