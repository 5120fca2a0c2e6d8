/**
 * Scribner ZPlot / ZView (.z). The file starts "ZPLOT2 ASCII", a block of settings follows and
 * "End Comments" ends the header; the data rows come after it, tab-separated: Freq(Hz), Ampl,
 * Bias, Time(Sec), Z'(a), Z''(b), GD, Err, Range. Z''(b) has the physical sign. Two header
 * variants exist: ZPlot writes the column names just before "End Comments" after the full
 * settings block (with "Data Points: N", the planned count, so a run stopped early has fewer
 * rows), other writers put them on line 3 after a short header. Both are read; without a
 * column-name line the standard ZPlot order is used (and said in a note). ZPlot 3.2c also writes
 * a "ZPlotW Data File" export without a comment block: a quoted, space-aligned column-name line
 * over comma-separated rows (quoted-header.ts).
 */
import { fail, plural } from '../fail.ts';
import type { BaseMeta, Note } from '../sweeps.ts';
import { tableSpectra, type Row } from '../table.ts';
import { hasDecimalComma, lastContentLine, splitFields, withoutTrailingEmpty, sniffDelimiter } from '../text.ts';
import { readQuotedHeaderTable } from './quoted-header.ts';
import { headerValue, type Reader } from './reader.ts';

/** ZPlot 3.2c's export without a comment block (readers.md §3): see quoted-header.ts. */
const ZPLOTW = /^"?ZPlotW Data File/;

const STANDARD = ['Freq(Hz)', 'Ampl', 'Bias', 'Time(Sec)', "Z'(a)", "Z''(b)", 'GD', 'Err', 'Range'];

export const zplot: Reader = {
  name: 'zplot',
  label: 'ZPlot/ZView .z',
  extensions: ['z'],
  kind: 'instrument',
  summary: 'Scribner ZPlot / ZView (.z, "ZPLOT2 ASCII").',
  docs: {
    layout: 'ZPlot/ZView `.z`',
    detectedBy: '`ZPLOT2 ASCII`, or `ZPlotW Data File`',
    meta: 'date',
    limits: 'both comment-block variants; ZPlot 3.2c\'s export without a comment block (quoted space-aligned names over comma-separated rows; a disagreeing count line is noted; rows shorter than the names, e.g. without GD/Err/Range, read by name)',
  },
  sniff: (_text, lines) => /^ZPLOT\d*\s+ASCII/i.test(lines[0]!.trim()) || ZPLOTW.test(lines[0]!.trim()),
  read(_text, lines, base) {
    if (ZPLOTW.test(lines[0]!.trim())) return readQuotedHeaderTable(lines, base);
    const end = lines.findIndex((l) => l.trim() === 'End Comments');
    if (end < 0) fail('no "End Comments" line: the data block cannot be found');
    const meta: BaseMeta = { ...base };
    const head = lines.slice(0, end);
    const date = headerValue(head, 'Date'), time = headerValue(head, 'Time');
    if (date !== undefined) meta.date = time !== undefined ? `${date} ${time}` : date;
    const notes: Note[] = [];
    let header: string[];
    let namesAt = -1;
    head.forEach((l, i) => { if (/^\s*Freq\s*\(Hz\)/i.test(l)) namesAt = i; });
    if (namesAt >= 0) {
      header = withoutTrailingEmpty(splitFields(lines[namesAt]!, lines[namesAt]!.includes('\t') ? '\t' : ' '));
    } else {
      header = STANDARD;
      notes.push({ text: `no column names: the standard ZPlot columns were assumed (${STANDARD.join(', ')})` });
    }
    const rows: Row[] = [];
    let decimalComma = false;
    // rows are tab-separated in ZPlot's own files; other writers use spaces, ';' or ','
    const sample = lines.slice(end + 1).filter((l) => l.trim() !== '').slice(0, 50);
    const rowDelimiter = sample.length === 0 || sample[0]!.includes('\t') ? '\t' : (sniffDelimiter(sample)?.delimiter ?? '\t');
    for (let i = end + 1; i < lines.length; i++) {
      if (lines[i]!.trim() === '') continue;
      const fields = splitFields(lines[i]!, rowDelimiter);
      if (!decimalComma && fields.some(hasDecimalComma)) decimalComma = true;
      rows.push({ line: i + 1, fields, block: 0 });
    }
    const planned = Number(headerValue(head, 'Data Points'));
    if (Number.isInteger(planned) && planned > rows.length) {
      notes.push({ text: `the header plans ${plural(planned, 'data point')}, the file has ${rows.length}: the run stopped early` });
    }
    return tableSpectra({
      header, rows, decimalComma,
      lastLine: lastContentLine(lines) + 1,
      empty: `no data rows after "End Comments" (line ${end + 1})`,
    }, meta, notes);
  },
};
