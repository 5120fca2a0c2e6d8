/** What every format module provides. */
import type { BaseMeta } from '../sweeps.ts';
import type { FormatName, Spectrum } from '../types.ts';

export interface Reader {
  name: FormatName;
  /** How errors and docs name the layout. */
  label: string;
  /** File name extensions (lower case, no dot): a hint only, the content decides. */
  extensions: readonly string[];
  /** Whether the text carries this layout's markers. `lines` is splitLines(text). */
  sniff(text: string, lines: readonly string[]): boolean;
  /** The spectra; throws E_FORMAT naming what is missing. */
  read(text: string, lines: readonly string[], base: BaseMeta): Spectrum[];
}

/**
 * A layout read from bytes (binary files and zip containers): sniffed on the bytes before any
 * text decoding.
 */
export interface BinaryReader {
  name: FormatName;
  label: string;
  extensions: readonly string[];
  /** Whether the bytes carry this layout's markers (magic numbers). */
  sniffBytes(bytes: Uint8Array): boolean;
  /** The spectra; throws E_FORMAT naming what is missing. */
  readBytes(bytes: Uint8Array, base: BaseMeta): Spectrum[];
}

/** Value after "Key :" / "Key:" / "Key=" on the first line that starts with `key` (trimmed, case-insensitive). */
export function headerValue(lines: readonly string[], key: string, separator: ':' | '=' = ':', limit = 400): string | undefined {
  const k = key.toLowerCase();
  for (let i = 0; i < Math.min(lines.length, limit); i++) {
    const t = lines[i]!.trim();
    if (!t.toLowerCase().startsWith(k)) continue;
    const rest = t.slice(k.length).trimStart();
    if (!rest.startsWith(separator)) continue;
    const v = rest.slice(1).trim();
    return v === '' ? undefined : v;
  }
  return undefined;
}

/** A positive area, or undefined (instruments write 0 for "not set"). */
export function positive(v: number | undefined): number | undefined {
  return v !== undefined && v > 0 ? v : undefined;
}
