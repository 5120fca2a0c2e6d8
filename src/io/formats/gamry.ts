/**
 * Gamry Framework data file (.DTA, "EXPLAIN" format). The header is one "KEY<tab>TYPE<tab>VALUE…"
 * line per setting (DATE, TIME, PSTAT, AREA …). Curves are tables: a line "ZCURVE<tab>TABLE"
 * (some versions add the row count), a line of column names (Pt, Time, Freq, Zreal, Zimag, Zsig,
 * Zmod, Zphz, …), a line of units, then rows indented by a tab. Zimag has the physical sign.
 * With drift correction on (DRIFTCOR = 1) the table also holds ZrealDrCor/ZimagDrCor, the
 * drift-corrected impedance, which is returned. Numbers use the Windows locale's decimal
 * separator (decimal commas occur). An aborted run ends early: the complete rows are returned
 * and a note says so; a last row cut short is dropped with a note.
 */
import { fail, plural } from '../fail.ts';
import type { ColumnMap } from '../columns.ts';
import { joinSweeps, type BaseMeta, type Note } from '../sweeps.ts';
import { tableSpectra, type Row } from '../table.ts';
import { lastContentLine, parseNumber } from '../text.ts';
import { positive, type Reader } from './reader.ts';

interface Setting { key: string; type: string; values: string[] }

function setting(lines: readonly string[], key: string): Setting | undefined {
  for (const l of lines) {
    if (!l.startsWith(`${key}\t`)) continue;
    const [k, type, ...values] = l.split('\t');
    return { key: k!, type: type ?? '', values };
  }
  return undefined;
}

function gamryNumber(s: string | undefined): number | undefined {
  return s === undefined ? undefined : parseNumber(s, s.includes(','));
}

/** Fields of a table row or header line: indented by one tab. */
function cells(line: string): string[] {
  const f = line.split('\t').map((c) => c.trim());
  if (f[0] === '') f.shift();
  if (f.length > 1 && f[f.length - 1] === '') f.pop();
  return f;
}

function columnMap(header: readonly string[]): { map: ColumnMap; note?: string } {
  const col = (name: string) => header.indexOf(name);
  const ref = (i: number) => ({ index: i, name: header[i]!, sign: 1 as const, scale: 1 });
  const f = col('Freq');
  const list = header.join(', ');
  if (f < 0) fail(`no frequency column (Freq) in the ZCURVE table (columns: ${list})`, { columns: [...header] });
  const reD = col('ZrealDrCor'), imD = col('ZimagDrCor');
  if (reD >= 0 && imD >= 0) {
    return { map: { polar: false, freq: ref(f), re: ref(reD), im: ref(imD) }, note: 'drift-corrected impedance (ZrealDrCor, ZimagDrCor) read; Zreal/Zimag, without the correction, are also in the file' };
  }
  const re = col('Zreal'), im = col('Zimag');
  if (re < 0) fail(`no real-part column (Zreal) in the ZCURVE table (columns: ${list})`, { columns: [...header] });
  if (im < 0) fail(`no imaginary-part column (Zimag) in the ZCURVE table (columns: ${list})`, { columns: [...header] });
  return { map: { polar: false, freq: ref(f), re: ref(re), im: ref(im) } };
}

export const gamry: Reader = {
  name: 'gamry',
  label: 'Gamry .DTA',
  extensions: ['dta'],
  kind: 'instrument',
  summary: 'Gamry Framework data file (.DTA), the ZCURVE table.',
  docs: {
    layout: 'Gamry `.DTA`',
    detectedBy: '`EXPLAIN` + `TAG`, `ZCURVE TABLE`',
    meta: 'instrument, date, area',
    limits: 'drift-corrected columns preferred; aborted runs keep their complete rows',
  },
  sniff: (text, lines) => (lines[0]!.trim() === 'EXPLAIN' && lines.some((l) => l.startsWith('TAG\t'))) || /^ZCURVE\tTABLE/m.test(text),
  read(_text, lines, base) {
    const meta: BaseMeta = { ...base };
    const pstat = setting(lines, 'PSTAT');
    if (pstat?.values[0]) meta.instrument = pstat.values[0].trim();
    const date = setting(lines, 'DATE')?.values[0]?.trim(), time = setting(lines, 'TIME')?.values[0]?.trim();
    if (date) meta.date = time ? `${date} ${time}` : date;
    const area = positive(gamryNumber(setting(lines, 'AREA')?.values[0]));
    if (area !== undefined) meta.areaCm2 = area;
    const fileNotes: Note[] = [];
    // Framework writes EXPERIMENTABORTED TOGGLE T when the run was stopped
    if (setting(lines, 'EXPERIMENTABORTED')?.values[0]?.trim() === 'T') fileNotes.push({ text: 'the experiment was aborted (EXPERIMENTABORTED): the spectrum ends early' });
    const lastLine = lastContentLine(lines) + 1;
    const tables: number[] = [];
    const names: string[] = [];
    lines.forEach((l, i) => {
      const m = /^(\w+)\tTABLE\b/.exec(l);
      if (!m) return;
      names.push(m[1]!);
      if (m[1]!.startsWith('ZCURVE')) tables.push(i);
    });
    if (tables.length === 0) {
      // "TAG<tab>EISPOT": the experiment type is the second field
      const tag = setting(lines, 'TAG')?.type.trim();
      fail(`no ZCURVE table (tables: ${names.join(', ') || 'none'}${tag ? `; experiment ${tag}` : ''}): not an impedance measurement`);
    }
    const parts = tables.map((start, k) => {
      const announced = gamryNumber(lines[start]!.split('\t')[2]);
      // a file cut right after "ZCURVE TABLE" has neither names nor rows
      if (!(lines[start + 1] ?? '').startsWith('\t') || (lines[start + 1] ?? '').trim() === '') fail('the ZCURVE table is empty');
      const header = cells(lines[start + 1]!);
      const { map, note } = columnMap(header);
      // the units line ("#  s  Hz  ohm …") follows the names
      let i = start + 2;
      if (i < lines.length && lines[i]!.startsWith('\t') && parseNumber(cells(lines[i]!)[0] ?? '') === undefined) i++;
      const rows: Row[] = [];
      for (; i < lines.length && lines[i]!.startsWith('\t'); i++) {
        if (lines[i]!.trim() === '') continue;
        rows.push({ line: i + 1, fields: cells(lines[i]!), block: k });
      }
      const notes: Note[] = [...fileNotes];
      if (note) notes.push({ text: note });
      if (announced !== undefined && rows.length < announced) {
        notes.push({ text: `the ZCURVE table announces ${plural(announced, 'row')}, the file has ${rows.length}: the run stopped early` });
      }
      if (rows.length === 0) fail('the ZCURVE table is empty');
      const decimalComma = rows.some((r) => r.fields.some((c) => c.includes(',')));
      return tableSpectra({ header, rows, decimalComma, map, lastLine, empty: 'the ZCURVE table is empty' }, meta, notes);
    });
    return joinSweeps(parts);
  },
};
