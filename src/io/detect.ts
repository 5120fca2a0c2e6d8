/**
 * Which reader takes a text: decided by content (each layout's markers), the file name's
 * extension only breaking ties between layouts whose markers are all present, and naming the
 * expected layout in the error when the content has no markers.
 */
import { fail, quoteLine } from './fail.ts';
import { decodeInput, toBytes } from './decode.ts';
import { splitLines } from './text.ts';
import type { FormatName } from './types.ts';
import { unsupportedLayout } from './unsupported.ts';
import type { BinaryReader, Reader, ReaderKind } from './formats/reader.ts';
import { READER_TABLE, isBinaryReader } from './readers.ts';

const TEXT_READERS: readonly Reader[] = READER_TABLE.filter((r): r is Reader => !isBinaryReader(r));
/** Specific text layouts, in the order their markers are tried. */
const SPECIFIC: readonly Reader[] = TEXT_READERS.filter((r) => r.kind !== 'table');
/** The generic delimited table: tried after every specific layout and the unsupported-layout check. */
const GENERIC: Reader = TEXT_READERS.find((r) => r.kind === 'table')!;

/** Layouts read from bytes, sniffed on the bytes before any text decoding. */
const BINARY_READERS: readonly BinaryReader[] = READER_TABLE.filter(isBinaryReader);

export function readerByName(name: FormatName): Reader | BinaryReader {
  return READER_TABLE.find((r) => r.name === name)!;
}

/** How lists for users order the kinds; within a kind, the table's order. */
const KIND_ORDER: readonly ReaderKind[] = ['instrument', 'spreadsheet', 'table', 'eiskit'];

/** The layouts readSpectra reads, as `{ name, label, extensions }`, for help texts and docs (from the reader table: instrument exports, spreadsheets, the generic table, eiskit's JSON). */
export function readableFormats(): { name: FormatName; label: string; extensions: readonly string[] }[] {
  return KIND_ORDER.flatMap((kind) => READER_TABLE.filter((r) => r.kind === kind)).map(({ name, label, extensions }) => ({ name, label, extensions }));
}

/** The binary reader whose magic the bytes carry, or undefined. */
export function binaryReaderFor(bytes: Uint8Array): BinaryReader | undefined {
  return BINARY_READERS.find((r) => r.sniffBytes(bytes));
}

function extension(fileName: string | undefined): string | undefined {
  const m = fileName === undefined ? null : /\.([^./\\]+)$/.exec(fileName);
  return m ? m[1]!.toLowerCase() : undefined;
}

/** The reader for a text; throws E_FORMAT for an empty text and for unknown or unsupported layouts. */
export function readerFor(text: string, lines: readonly string[], fileName?: string): Reader {
  if (text.trim() === '') fail('the input is empty');
  const ext = extension(fileName);
  const matches = SPECIFIC.filter((r) => r.sniff(text, lines));
  if (matches.length > 0) return matches.find((r) => ext !== undefined && r.extensions.includes(ext)) ?? matches[0]!;
  const known = unsupportedLayout(text);
  if (known !== undefined) fail(`unsupported layout: ${known}`, { layout: known });
  if (GENERIC.sniff(text, lines)) return GENERIC;
  const first = lines.find((l) => l.trim() !== '') ?? '';
  const named = ext === undefined ? undefined : SPECIFIC.find((r) => r.extensions.includes(ext) && r.extensions.length === 1);
  const hint = named ? `; the name ${JSON.stringify(fileName)} suggests ${named.label}, but the content has none of its markers` : '';
  fail(`unknown layout: first line ${quoteLine(first)}${hint} (readable: ${READER_TABLE.filter((r) => r.kind === 'instrument' || r.kind === 'spreadsheet').map((r) => r.label).join(', ')}, or a table with a header such as f, Z', Z'')`);
}

/** The layout of `input` (text or bytes) as readSpectra would detect it; throws E_FORMAT when it is unknown or unsupported. */
export function detectFormat(input: string | Uint8Array | ArrayBuffer, fileName?: string): FormatName {
  const bytes = typeof input === 'string' ? undefined : toBytes(input);
  const binary = bytes && binaryReaderFor(bytes);
  if (binary) return binary.name;
  const text = decodeInput(input);
  return readerFor(text, splitLines(text), fileName).name;
}
