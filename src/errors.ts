/**
 * Errors. Every failure on bad input is an {@link EisError} with a stable machine-readable
 * `code`; messages say what is wrong, what was expected and the offending value or index.
 */

/** Stable error codes. New codes may be added; existing ones never change meaning. */
export type EisErrorCode =
  /** A circuit string does not follow the grammar. */
  | 'E_SYNTAX'
  /** A circuit names an element symbol that is not in the element table. */
  | 'E_UNKNOWN_ELEMENT'
  /** The same element name (e.g. `R1`) appears twice in one circuit. */
  | 'E_DUPLICATE_ELEMENT'
  /** A parameter name is not one of the circuit's parameters. */
  | 'E_UNKNOWN_PARAM'
  /** A parameter the call needs was not given. */
  | 'E_MISSING_PARAM'
  /** An argument has the wrong type. */
  | 'E_ARG_TYPE'
  /** An argument has the wrong length. */
  | 'E_ARG_LENGTH'
  /**
   * Too few distinct points for the model asked of them: a temperature law in globalFit needs at
   * least 3 distinct temperatures (two points always fit a line, leaving nothing to test it).
   */
  | 'E_TOO_FEW_POINTS'
  /** An argument contains NaN or ±Infinity where a finite number is required. */
  | 'E_NONFINITE'
  /** A frequency is zero or negative. */
  | 'E_NONPOSITIVE_FREQ'
  /** An option value is out of its allowed range. */
  | 'E_ARG_RANGE'
  /** The model evaluates to a non-finite value (parameters outside the element's domain). */
  | 'E_MODEL_NONFINITE'
  /** The WASM backend was requested before `init()` completed. */
  | 'E_NOT_INITIALIZED'
  /** WebAssembly is not available in this runtime. */
  | 'E_NO_WASM'
  /** A file or text is not in a layout eiskit can read (unknown, truncated, a column missing). */
  | 'E_FORMAT'
  /** The call needs something this runtime lacks (readSpectraFile in a browser: no file system). */
  | 'E_UNSUPPORTED'
  /** A batch was stopped: by `terminateFitWorkers()` while it ran in workers, or by the caller's AbortSignal (`drtBatch`). */
  | 'E_ABORTED'
  /** A worker failed (it threw, exited or sent a message that could not be read); it was stopped. */
  | 'E_WORKER'
  /** A callback the caller gave (`onProgress`) threw; `details.cause` holds its error. */
  | 'E_CALLBACK'
  /**
   * An optional package the call needs is not installed (`eiskit/queue` needs the peers bullmq and
   * ioredis); the message says what to install, `details.packages` names them.
   */
  | 'E_MISSING_DEPENDENCY'
  /**
   * The job queue failed: Redis unreachable or lost (the URL in the message with its password
   * redacted), or a job's stored result that cannot be read.
   */
  | 'E_QUEUE'
  /**
   * Data written by another eiskit: a queued job or result whose schema, eiskit version or WASM
   * hash differs from this one's; the message names both.
   */
  | 'E_VERSION'
  /** A bug: a WASM trap or a broken invariant. The engine re-instantiates itself. */
  | 'E_INTERNAL';

/** Base class of every error eiskit throws on purpose. */
export class EisError extends Error {
  /** Stable code, see {@link EisErrorCode}. */
  readonly code: EisErrorCode;
  /** Structured context (argument name, index, offending value …). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: EisErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'EisError';
    this.code = code;
    this.details = details;
  }
}

/** A circuit string that could not be parsed. `start`/`end` index the offending span of `source`. */
export class CircuitSyntaxError extends EisError {
  readonly source: string;
  readonly start: number;
  readonly end: number;
  readonly expected: readonly string[];

  constructor(
    code: 'E_SYNTAX' | 'E_UNKNOWN_ELEMENT' | 'E_DUPLICATE_ELEMENT',
    problem: string,
    source: string,
    start: number,
    end: number,
    expected: readonly string[] = [],
  ) {
    const where = `at ${start}..${end} in "${source}"`;
    const exp = expected.length ? `; expected ${expected.join(', ')}` : '';
    const caret = `\n  ${source}\n  ${' '.repeat(start)}${'^'.repeat(Math.max(1, end - start))}`;
    super(code, `${problem} ${where}${exp}${caret}`, { source, start, end, expected });
    this.name = 'CircuitSyntaxError';
    this.source = source;
    this.start = start;
    this.end = end;
    this.expected = expected;
  }
}

/** Short, readable rendering of a value for error messages. */
export function show(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') {
    // the constructor's name, only when it is a string: a parsed JSON object may carry its own
    // "constructor" (even {"name":{"toString":1}}, which no template literal can convert)
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    const type = typeof name === 'string' && name !== '' ? name : 'object';
    if (Array.isArray(value) || ArrayBuffer.isView(value)) {
      const length = (value as { length?: unknown }).length;
      return typeof length === 'number' ? `${type}(length ${length})` : type;
    }
    return type;
  }
  return String(value);
}
