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
  kind: 'spreadsheet',
  summary: 'Excel workbook (.xlsx): one spectrum per sheet with recognised headers.',
  docs: {
    layout: 'Excel `.xlsx` (bytes)',
    detectedBy: 'ZIP (any but an OpenDocument one)',
    meta: 'sample (sheet name)',
    limits: 'one spectrum per sheet with a recognised header (other sheets noted); ≤ 10 000 ZIP entries, ≤ 64 MiB inflated, ≤ 2 M cells, ≤ 1000 sheets (each worksheet read once); cost linear in the cells with content, whatever the sheet\'s width; no DTD or entity expansion; legacy `.xls` is refused by name',
  },
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
  kind: 'spreadsheet',
  summary: 'OpenDocument spreadsheet (.ods): one spectrum per sheet with recognised headers.',
  docs: {
    layout: 'OpenDocument `.ods` (bytes)',
    detectedBy: 'ZIP with the ODS mimetype',
    meta: 'sample (sheet name)',
    limits: 'as `.xlsx`: one spectrum per sheet with a recognised header (other sheets noted); the same ZIP, cell and sheet limits; no DTD or entity expansion',
  },
  sniffBytes: (bytes) => isZip(bytes) && isOdsZip(bytes),
  readBytes: (bytes, base) => workbookSpectra(odsZipTables(bytes), base),
};

export const fods: Reader = {
  name: 'fods',
  label: 'OpenDocument flat XML spreadsheet (.fods)',
  extensions: ['fods'],
  kind: 'spreadsheet',
  summary: 'OpenDocument flat XML spreadsheet (.fods): one spectrum per sheet with recognised headers.',
  docs: {
    layout: 'OpenDocument flat XML `.fods`',
    detectedBy: '`office:document` with the ODS mimetype',
    meta: 'sample (sheet name)',
    limits: 'as `.ods`, read from text: one spectrum per sheet with a recognised header (other sheets noted); the same cell and sheet limits; no DTD or entity expansion',
  },
  sniff: (text) => {
    const head = text.slice(0, 4000);
    return head.trimStart().startsWith('<') && head.includes('<office:document') && head.includes(ODS_MIMETYPE);
  },
  read: (text, _lines, base) => workbookSpectra(odsTables(text), base),
};
