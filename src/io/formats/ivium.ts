/**
 * Ivium data files (.idf) and dataset files (.ids) (readers.md §5): 16 zero bytes, a u32 and a
 * line break, then "key=value" lines (Method=Impedance, Technique=…, Title=…, many "Data
 * Options.*"); the data follow a "primary_data" line, a line with the column count (3) and one
 * with the row count, as rows "Z'  Z''<TAB>f" (Z'' with the physical sign). The columns are not
 * named in the file: their order is the layout's. An .ids holds several datasets, each with its
 * own settings and primary_data block: one spectrum per block. A block is read up to its row
 * count or, in a file cut short, to the first line that is not three numbers (noted).
 */
import { fail, plural, quoteLine } from '../fail.ts';
import type { BaseMeta, Note } from '../sweeps.ts';
import { joinSweeps } from '../sweeps.ts';
import { tableSpectra, type Row } from '../table.ts';
import { lastContentLine, parseNumber } from '../text.ts';
import type { Reader } from './reader.ts';

const HEADER = ["Z'", "Z''", 'f'];

/** "key=value" on a line of its own (NULs and padding removed). */
function keyValue(line: string, key: string): string | undefined {
  const t = line.replace(/\u0000/g, '').trim();
  return t.startsWith(`${key}=`) ? t.slice(key.length + 1).trim() : undefined;
}

function isPrimary(line: string): boolean {
  return line.replace(/\u0000/g, '').trim() === 'primary_data';
}

export const ivium: Reader = {
  name: 'ivium',
  label: 'Ivium .idf/.ids',
  extensions: ['idf', 'ids'],
  kind: 'instrument',
  summary: 'Ivium data file (.idf) or dataset file (.ids).',
  docs: {
    layout: 'Ivium `.idf`/`.ids`',
    detectedBy: '`Method=` + `primary_data`',
    meta: 'sample (Title), technique',
    limits: '`Method=Impedance` required; one spectrum per dataset; columns by the layout\'s order (the file names none); 6 significant digits; a file cut short is read up to its first line that is not three numbers (noted)',
  },
  sniff: (text, lines) => text.includes('primary_data') && lines.slice(0, 200).some((l) => keyValue(l, 'Method') !== undefined),
  read(_text, lines, base) {
    const blocks: number[] = [];
    lines.forEach((l, i) => { if (isPrimary(l)) blocks.push(i); });
    if (blocks.length === 0) fail('no primary_data block');
    const lastLine = lastContentLine(lines) + 1;
    const parts = blocks.map((at, k) => {
      // the settings of this dataset: from the end of the previous block
      const from = k === 0 ? 0 : blocks[k - 1]! + 1;
      let method: string | undefined, title: string | undefined, technique: string | undefined;
      for (let i = from; i < at; i++) {
        method ??= keyValue(lines[i]!, 'Method');
        title ??= keyValue(lines[i]!, 'Title');
        technique ??= keyValue(lines[i]!, 'Technique');
      }
      if (method !== 'Impedance') fail(`dataset ${k + 1} is not an impedance measurement (Method=${method ?? 'not stated'})`, { line: at + 1 });
      const columns = Number((lines[at + 1] ?? '').trim());
      const count = (lines[at + 2] ?? '').trim();
      if (columns !== 3 || !/^\d{1,9}$/.test(count)) {
        fail(`the primary_data block on line ${at + 1} does not announce 3 columns and a row count (found ${JSON.stringify((lines[at + 1] ?? '').trim().slice(0, 20))}, ${JSON.stringify(count.slice(0, 20))})`, { line: at + 1 });
      }
      const n = Number(count);
      // up to the announced count; blank lines skipped; a file cut short (a last line in pieces,
      // a final line break, or the next dataset's text after a short block) ends the rows at
      // the first line that is not three numbers
      const rows: Row[] = [];
      let i = at + 3, stop: number | undefined;
      for (; i < lines.length && rows.length < n; i++) {
        const t = lines[i]!.trim();
        if (t === '') continue;
        const fields = t.split(/\s+/);
        if (fields.length !== 3 || fields.some((x) => parseNumber(x) === undefined)) { stop = i; break; }
        rows.push({ line: i + 1, fields, block: k });
      }
      const end = i;
      const notes: Note[] = rows.length < n
        ? [{ text: `the primary_data block announces ${plural(n, 'row')}, the file has ${rows.length}${stop !== undefined ? ` (the rows end at line ${stop + 1}: ${quoteLine(lines[stop]!, 40)})` : ''}` }]
        : [];
      const meta: BaseMeta = { ...base };
      if (title) meta.sample = title;
      if (technique) meta.settings = { Technique: technique };
      return tableSpectra({
        header: HEADER, rows, decimalComma: false, splitByRestart: false,
        columns: ['f (column 3)', "Z' (column 1)", "Z'' (column 2)"],
        lastLine: Math.min(lastLine, end),
        empty: `the primary_data block on line ${at + 1} has no rows`,
      }, meta, notes);
    });
    return joinSweeps(parts);
  },
};
