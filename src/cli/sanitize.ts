/**
 * What reaches the terminal. Text from files (sample names, meta, notes, warnings, error messages
 * quoting a line) may carry control characters: ESC sequences that recolour, move the cursor or
 * retitle the terminal, carriage returns and backspaces that overwrite what was printed, C1
 * controls, and bidirectional overrides that show text in another order than it is stored
 * ("Trojan Source", CVE-2021-42574). Every CLI print path goes through one stream wrapper that
 * replaces each of them by its visible \uXXXX escape; tab and newline stay. Inside JSON strings
 * that escape is valid JSON for the same character, so --json output still parses to the same data.
 */

/** C0 except \t and \n, DEL, C1, the bidi embeddings/overrides U+202A–U+202E and isolates U+2066–U+2069 (one class: linear time). */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** `s` with every unsafe character replaced by its \uXXXX escape. */
export function sanitize(s: string): string {
  return s.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** An output stream of the command line. */
export interface CliStream {
  write(s: string): unknown;
  isTTY?: boolean;
  /** Writes our own terminal control (the progress bar's \r and line clearing) unfiltered. */
  writeControl?(s: string): unknown;
}

/** `stream` with every write sanitised; `writeControl` passes eiskit's own control sequences. */
export function safeStream(stream: CliStream): CliStream {
  return {
    isTTY: stream.isTTY,
    write: (s: string) => stream.write(sanitize(s)),
    writeControl: (s: string) => stream.write(s),
  };
}
