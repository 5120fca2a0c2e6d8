/**
 * The reader table: every layout readSpectra reads, one file each under formats/. Its order is
 * the detection order (the first text layout whose markers match wins, unless the file name's
 * extension picks another match; binary layouts are sniffed on the bytes before any decoding,
 * and the generic `table` reader is tried last). FormatName and FORMAT_NAMES (types.ts) and the
 * format list in docs/io.md are generated from it by scripts/gen-formats.mjs (`npm run gen`);
 * readableFormats() and the CLI help read it at run time.
 */
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

export const READER_TABLE: readonly (Reader | BinaryReader)[] = [
  eiskitJson, fods, ods, xlsx, biologic, mpr, gamry, zplot, autolab, versastudio, chinstruments, parstat, powersuite, p00, novocontrol,
  ivium, palmsens, dfr, csv,
];

export function isBinaryReader(r: Reader | BinaryReader): r is BinaryReader {
  return 'sniffBytes' in r;
}
