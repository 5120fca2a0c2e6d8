/**
 * BioLogic EC-Lab binary .mpr (readers.md §1): the "VMP data" module's EIS columns freq/Hz (32),
 * Re(Z)/Ohm (37) and −Im(Z)/Ohm (38), float32, negated to the physical sign. Sweeps are split
 * where "cycle number" (24, else "z cycle") changes, else where the frequency restarts (as the .mpt reader
 * does); rows at f ≤ 0 (DC) are skipped with a note; unknown column IDs are tolerated where the
 * EIS columns can still be located, with a note.
 */
import { fail, plural } from '../fail.ts';
import { COLUMN_IDS, ID_CYCLE, ID_FREQ, ID_MINUS_IM, ID_RE } from '../mpr/column-ids.ts';
import { isMpr, readModules } from '../mpr/modules.ts';
import { columnValues, dataLayout } from '../mpr/records.ts';
import { toSpectra, type BaseMeta, type Note, type Point } from '../sweeps.ts';
import type { BinaryReader } from './reader.ts';

const HINT = 'export the file from EC-Lab as text (.mpt)';

export const mpr: BinaryReader = {
  name: 'biologic-mpr',
  label: 'BioLogic EC-Lab .mpr',
  extensions: ['mpr'],
  kind: 'instrument',
  summary: 'BioLogic EC-Lab binary data file (.mpr).',
  docs: {
    layout: 'BioLogic EC-Lab `.mpr`',
    detectedBy: '`BIO-LOGIC MODULAR FILE` magic (bytes)',
    meta: 'date',
    limits: 'module headers v1/v2, data layouts 0 (old and ≥ 11.50), 2, 3; float32 EIS columns (≈ 7 digits); record size checked; one unknown column ID is sized from the record, several are tolerated only after the EIS columns (noted), else E_FORMAT suggesting the `.mpt` export; DC rows skipped',
  },
  sniffBytes: isMpr,
  readBytes(bytes, base) {
    const modules = readModules(bytes);
    const data = modules.find((m) => m.shortname === 'VMP data');
    if (!data) fail(`no "VMP data" module (modules: ${modules.map((m) => m.shortname).join(', ') || 'none'})`);
    const layout = dataLayout(data);
    const need = [ID_FREQ, ID_RE, ID_MINUS_IM];
    if (!need.every((id) => layout.ids.includes(id))) {
      const names = layout.ids.map((id) => COLUMN_IDS.get(id)?.name ?? `ID ${id}`);
      fail(`no impedance columns (freq/Hz, Re(Z)/Ohm, -Im(Z)/Ohm) among the ${plural(layout.ids.length, 'column')} (${names.join(', ')}): not an impedance run`);
    }
    const f = columnValues(data, layout, ID_FREQ), re = columnValues(data, layout, ID_RE), mim = columnValues(data, layout, ID_MINUS_IM);
    if (!f || !re || !mim) fail(`column IDs ${layout.unknown.join(', ')} are unknown and stand before the impedance columns, so these cannot be located; ${HINT}`, { unknownIds: layout.unknown });
    // "cycle number", else the "z cycle" counter (469; 213 in files with one-byte IDs)
    const cycle = columnValues(data, layout, ID_CYCLE) ?? columnValues(data, layout, 469) ?? columnValues(data, layout, 213);
    const notes: Note[] = layout.warnings.map((text) => ({ text }));
    const points: Point[] = [];
    const dc: number[] = [], bad: number[] = [];
    let group = -1, prevCycle = NaN, dcBreak = false;
    for (let i = 0; i < layout.nPoints; i++) {
      const fi = f[i]!, zr = re[i]!, zi = -mim[i]!;
      if (!(fi > 0)) {
        dc.push(i + 1);
        dcBreak = true;
        continue;
      }
      if (!Number.isFinite(fi) || !Number.isFinite(zr) || !Number.isFinite(zi)) {
        bad.push(i + 1);
        continue;
      }
      const c = cycle ? cycle[i]! : 0;
      if (c !== prevCycle || dcBreak) group++;
      prevCycle = c;
      dcBreak = false;
      points.push({ f: fi, re: zr, im: zi, line: i + 1, group });
    }
    const where = (r: number[]) => (r.length === 1 ? `record ${r[0]}` : `records ${r[0]}–${r[r.length - 1]}`);
    if (dc.length > 0) notes.push({ text: `skipped ${plural(dc.length, 'record')} with frequency ≤ 0 Hz (DC measurements; ${where(dc)})` });
    if (bad.length > 0) notes.push({ text: `skipped ${plural(bad.length, 'record')} with a non-finite frequency or impedance (${where(bad)})` });
    if (points.length === 0) fail(`no impedance data in ${plural(layout.nPoints, 'record')}${notes.length ? ` (${notes.map((n) => n.text).join('; ')})` : ''}`);
    const meta: BaseMeta = { ...base };
    const date = data.date.trim();
    if (date !== '' && /^\d\d[/.-]\d\d[/.-]\d\d$/.test(date)) meta.date = date;
    return toSpectra(points, meta, ['freq/Hz', 'Re(Z)/Ohm', '-Im(Z)/Ohm'], notes);
  },
};
