/**
 * Spreadsheets (readers.md §8): .xlsx and .ods are ZIP containers read from the bytes; .fods is
 * the same OpenDocument XML as text. One spectrum per sheet with recognised headers.
 */
import { workbookSpectra } from '../sheets/grid.ts';
import { isOdsZip, odsTables, odsZipTables, ODS_MIMETYPE } from '../sheets/ods.ts';
import { xlsxSheets } from '../sheets/xlsx.ts';
import { isZip } from '../sheets/zip.ts';
import type { BinaryReader, Reader } from './reader.ts';

export const xlsx: BinaryReader = {
  name: 'xlsx',
  label: 'Excel workbook (.xlsx)',
  extensions: ['xlsx'],
  // any ZIP but an OpenDocument one: the workbook's parts decide (E_FORMAT without xl/workbook.xml)
  sniffBytes: (bytes) => isZip(bytes) && !isOdsZip(bytes),
  readBytes: (bytes, base) => {
    const { sheets, notes } = xlsxSheets(bytes);
    return workbookSpectra(sheets, base, notes);
  },
};

export const ods: BinaryReader = {
  name: 'ods',
  label: 'OpenDocument spreadsheet (.ods)',
  extensions: ['ods'],
  sniffBytes: (bytes) => isZip(bytes) && isOdsZip(bytes),
  readBytes: (bytes, base) => workbookSpectra(odsZipTables(bytes), base),
};

export const fods: Reader = {
  name: 'fods',
  label: 'OpenDocument flat XML spreadsheet (.fods)',
  extensions: ['fods'],
  sniff: (text) => {
    const head = text.slice(0, 4000);
    return head.trimStart().startsWith('<') && head.includes('<office:document') && head.includes(ODS_MIMETYPE);
  },
  read: (text, _lines, base) => workbookSpectra(odsTables(text), base),
};
