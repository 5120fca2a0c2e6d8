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
import type { BinaryReader, Reader } from './formats/reader.ts';
import { mpr } from './formats/mpr.ts';
import { eiskitJson } from './formats/eiskit-json.ts';
import { biologic } from './formats/biologic.ts';
import { gamry } from './formats/gamry.ts';
import { zplot } from './formats/zplot.ts';
import { autolab } from './formats/autolab.ts';
import { versastudio } from './formats/versastudio.ts';
import { chinstruments } from './formats/chinstruments.ts';
import { parstat } from './formats/parstat.ts';
import { powersuite } from './formats/powersuite.ts';
import { p00 } from './formats/p00.ts';
import { csv } from './formats/csv.ts';
import { novocontrol } from './formats/novocontrol.ts';
import { ivium } from './formats/ivium.ts';
import { palmsens } from './formats/palmsens.ts';
import { dfr } from './formats/dfr.ts';
import { fods, ods, xlsx } from './formats/spreadsheets.ts';

/** Specific layouts, in the order their markers are tried; the generic table comes last. */
const SPECIFIC: readonly Reader[] = [eiskitJson, fods, biologic, gamry, zplot, autolab, versastudio, chinstruments, parstat, powersuite, p00, novocontrol, ivium, palmsens, dfr];
export const READERS: readonly Reader[] = [...SPECIFIC, csv];

/** Layouts read from bytes, sniffed on the bytes before any text decoding. */
export const BINARY_READERS: readonly BinaryReader[] = [mpr, ods, xlsx];

export function readerByName(name: FormatName): Reader | BinaryReader {
  return READERS.find((r) => r.name === name) ?? BINARY_READERS.find((r) => r.name === name)!;
}

/** The layouts readSpectra reads, as `{ name, label, extensions }`, for help texts and docs (generated from the reader table). */
export function readableFormats(): { name: FormatName; label: string; extensions: readonly string[] }[] {
  const order: FormatName[] = ['biologic', 'biologic-mpr', 'gamry', 'zplot', 'autolab', 'autolab-dfr', 'versastudio', 'parstat', 'powersuite', 'chinstruments',
    'p00', 'novocontrol', 'ivium', 'palmsens', 'xlsx', 'ods', 'fods', 'csv', 'eiskit-json'];
  return order.map((n) => readerByName(n)).map(({ name, label, extensions }) => ({ name, label, extensions }));
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
  if (csv.sniff(text, lines)) return csv;
  const first = lines.find((l) => l.trim() !== '') ?? '';
  const named = ext === undefined ? undefined : SPECIFIC.find((r) => r.extensions.includes(ext) && r.extensions.length === 1);
  const hint = named ? `; the name ${JSON.stringify(fileName)} suggests ${named.label}, but the content has none of its markers` : '';
  fail(`unknown layout: first line ${quoteLine(first)}${hint} (readable: ${[...BINARY_READERS, ...SPECIFIC.slice(1)].map((r) => r.label).join(', ')}, or a table with a header such as f, Z', Z'')`);
}

/** The layout of `input` (text or bytes) as readSpectra would detect it; throws E_FORMAT when it is unknown or unsupported. */
export function detectFormat(input: string | Uint8Array | ArrayBuffer, fileName?: string): FormatName {
  const bytes = typeof input === 'string' ? undefined : toBytes(input);
  const binary = bytes && binaryReaderFor(bytes);
  if (binary) return binary.name;
  const text = decodeInput(input);
  return readerFor(text, splitLines(text), fileName).name;
}
