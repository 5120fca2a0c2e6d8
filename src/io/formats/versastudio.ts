/**
 * VersaStudio (.par), Princeton Applied Research. Sections are tag-delimited ("<Instrument>" …
 * "</Instrument>") with "Key=Value" lines; each measured segment is "<SegmentN>" with
 * "Definition=" listing the comma-separated columns (Segment #, Point #, E(V), I(A), …,
 * Frequency(Hz), …, Z Real, Z Imag, …), then the rows. The Definition list ends with one more
 * field ("0") than the rows have; it is not a column. Z Imag has the physical sign. Each segment
 * is a sweep; segments without impedance columns (DC actions) are skipped with a note.
 */
import { mapColumns, type ColumnMap } from '../columns.ts';
import { EisError } from '../../errors.ts';
import { fail } from '../fail.ts';
import { joinSweeps, type BaseMeta, type Note } from '../sweeps.ts';
import { tableSpectra, type Row } from '../table.ts';
import { lastContentLine, parseNumber, splitFields, withoutTrailingEmpty } from '../text.ts';
import { positive, type Reader } from './reader.ts';

/** "Key=Value" inside the section <tag> … </tag>. */
function sectionValue(lines: readonly string[], tag: string, key: string): string | undefined {
  const start = lines.findIndex((l) => l.trim() === `<${tag}>`);
  if (start < 0) return undefined;
  for (let i = start + 1; i < lines.length && lines[i]!.trim() !== `</${tag}>`; i++) {
    const l = lines[i]!;
    if (l.startsWith(`${key}=`)) return l.slice(key.length + 1).trim() || undefined;
  }
  return undefined;
}

export const versastudio: Reader = {
  name: 'versastudio',
  label: 'VersaStudio .par',
  extensions: ['par'],
  kind: 'instrument',
  summary: 'Princeton Applied Research VersaStudio (.par).',
  docs: {
    layout: 'VersaStudio `.par`',
    detectedBy: '`<SegmentN>` sections with `Definition=` and `Name=VersaStudio` or `<Application>`',
    meta: 'instrument, date, area where stated',
    limits: 'DC segments (no impedance columns) skipped (noted)',
  },
  sniff: (text) => /^<Segment\d+>/m.test(text) && /^Definition=/m.test(text) && (/^Name=VersaStudio/m.test(text) || /^<Application>/m.test(text)),
  read(_text, lines, base) {
    const meta: BaseMeta = { ...base };
    const type = sectionValue(lines, 'Instrument', 'Type');
    if (type !== undefined) meta.instrument = type;
    const date = sectionValue(lines, 'Experiment', 'DateAcquired'), time = sectionValue(lines, 'Experiment', 'TimeAcquired');
    if (date !== undefined) meta.date = time !== undefined ? `${date} ${time}` : date;
    const area = positive(parseNumber(sectionValue(lines, 'Action0', 'Working Electrode Area (cm2)') ?? ''));
    if (area !== undefined) meta.areaCm2 = area;
    const lastLine = lastContentLine(lines) + 1;
    const parts: { name: string; line: number; header: string[]; rows: Row[]; map: ColumnMap }[] = [];
    const skipped: Note[] = [];
    for (let i = 0; i < lines.length; i++) {
      const tag = /^<(Segment\d+)>\s*$/.exec(lines[i]!);
      if (!tag) continue;
      const name = tag[1]!;
      let header: string[] | undefined;
      const rows: Row[] = [];
      let j = i + 1;
      for (; j < lines.length && lines[j]!.trim() !== `</${name}>`; j++) {
        const l = lines[j]!;
        if (l.startsWith('Definition=')) header = withoutTrailingEmpty(splitFields(l.slice('Definition='.length), ','));
        else if (header && l.trim() !== '' && !/^[A-Za-z][^=]*=/.test(l)) rows.push({ line: j + 1, fields: splitFields(l, ','), block: 0 });
      }
      if (!header) fail(`${name} (line ${i + 1}) has no Definition= line naming its columns`);
      if (rows.length > 0 && header.length === rows[0]!.fields.length + 1 && parseNumber(header[header.length - 1]!) !== undefined) header.pop();
      let map;
      try {
        map = mapColumns(header);
      } catch (e) {
        if (!(e instanceof EisError)) throw e;
        skipped.push({ text: `${name} (line ${i + 1}) has no impedance columns: skipped` });
        i = j;
        continue;
      }
      parts.push({ name, line: i + 1, header, rows, map });
      i = j;
    }
    if (parts.length === 0) fail(`no segment with Frequency(Hz), Z Real and Z Imag columns${skipped.length ? ` (${skipped.map((s) => s.text).join('; ')})` : ''}`);
    // a DC segment (OCP, potentiostatic hold) shares the Definition= of the EIS segments: its
    // rows all have frequency 0, and it is skipped with a note
    const isDc = (p: (typeof parts)[number]): boolean => p.rows.length > 0 && p.rows.every((r) => !((parseNumber(r.fields[p.map.freq.index] ?? '') ?? 0) > 0));
    for (const p of parts.filter(isDc)) skipped.push({ text: `${p.name} (line ${p.line}) has only rows at 0 Hz (a DC segment): skipped` });
    const eis = parts.filter((p) => !isDc(p));
    if (eis.length === 0) fail(`no segment with impedance data (${skipped.map((s) => s.text).join('; ')})`);
    return joinSweeps(eis.map((p) => tableSpectra({
      header: p.header, rows: p.rows, map: p.map, decimalComma: false, lastLine,
      empty: `${p.name} (line ${p.line}) has no data rows`,
    }, meta, skipped)));
  },
};
