/**
 * Novocontrol / NEISYS text exports of dielectric spectrometers (readers.md §4). Above the
 * header: a sample line ("<name>, dd.mm.yyyy, hh:mm"), a geometry line ("Diameter[mm]: 1.300e+01
 * Thickness[mm]: 7.500e-01  Spacer Capacity[pF]: …  Spacer Area[mm^2] …  Edge Correction On …")
 * and "Fixed value(s) :  AC Volt  [Vrms]=7.1000e-03"; one variant adds "# Start Frequency (Hz): …"
 * comment lines and a blank line. The header "Freq.[Hz]  Zs'[ohm]  Zs''[ohm]" is tab-separated
 * and padded with spaces (one variant uses double tabs); rows are tab-separated with leading
 * spaces. Zs'' (the series-equivalent impedance) has the physical sign.
 */
import { mapColumns } from '../columns.ts';
import { EisError } from '../../errors.ts';
import { fail } from '../fail.ts';
import type { BaseMeta, Note } from '../sweeps.ts';
import { tableSpectra, type Row } from '../table.ts';
import { hasDecimalComma, lastContentLine, parseNumber } from '../text.ts';
import { positive, type Reader } from './reader.ts';

/** Tab-separated names, trimmed, empty ones dropped. */
function tokens(line: string): string[] {
  return line.split('\t').map((t) => t.trim()).filter((t) => t !== '');
}

/** Index of the header line: names Freq.[Hz] and an impedance pair, within the first 40 lines. */
function headerAt(lines: readonly string[]): number {
  for (let i = 0; i < Math.min(lines.length, 40); i++) {
    const l = lines[i]!;
    if (!l.includes('Freq.[Hz]') || !l.includes('\t')) continue;
    try {
      mapColumns(tokens(l));
      return i;
    } catch (e) {
      if (!(e instanceof EisError)) throw e;
    }
  }
  return -1;
}

/** "Key[unit]: value" on the geometry line, as a number. */
function geometryValue(line: string, key: string): number | undefined {
  const at = line.indexOf(key);
  if (at < 0) return undefined;
  const rest = line.slice(at + key.length).trimStart();
  const value = (rest.startsWith(':') ? rest.slice(1) : rest).trimStart().split(/\s/, 1)[0] ?? '';
  return parseNumber(value);
}

export const novocontrol: Reader = {
  name: 'novocontrol',
  label: 'Novocontrol/NEISYS text export',
  extensions: ['txt', 'dat'],
  kind: 'instrument',
  summary: 'Novocontrol / NEISYS text export (dielectric spectrometers: Freq.[Hz], Zs\'[ohm], Zs\'\'[ohm]).',
  docs: {
    layout: 'Novocontrol / NEISYS text',
    detectedBy: '`Freq.[Hz]` header with `Zs\'`/`Z\'` `[ohm]`',
    meta: 'sample, date, diameter and thickness (mm → cm), area = π(d/2)² (noted), spacer, edge correction, AC voltage',
    limits: 'series-equivalent `Zs`; both variants (comment lines, double tabs)',
  },
  sniff: (_text, lines) => {
    const at = headerAt(lines);
    return at >= 0 && (lines.slice(0, at).some((l) => l.startsWith('Fixed value') || l.includes('Diameter[mm]')) || lines[at]!.includes("Zs'"));
  },
  read(_text, lines, base) {
    const at = headerAt(lines);
    if (at < 0) fail("no column-name line with Freq.[Hz] and an impedance pair (Zs'[ohm] Zs''[ohm] or Z'[ohm] Z''[ohm])");
    const meta: BaseMeta = { ...base };
    const notes: Note[] = [];
    const settings: Record<string, string> = {};
    const above = lines.slice(0, at).filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
    for (const l of above) {
      const t = l.trim();
      if (t.includes('Diameter[mm]') || t.includes('Thickness[mm]')) {
        const d = positive(geometryValue(t, 'Diameter[mm]')), th = positive(geometryValue(t, 'Thickness[mm]'));
        if (d !== undefined) {
          meta.diameterCm = d / 10;
          meta.areaCm2 = Math.PI * (d / 20) ** 2;
          notes.push({ text: `areaCm2 is π·(d/2)² from the geometry line's Diameter[mm]: ${d}` });
        }
        if (th !== undefined) meta.thicknessCm = th / 10;
        const spacerC = geometryValue(t, 'Spacer Capacity[pF]'), spacerA = geometryValue(t, 'Spacer Area[mm^2]');
        if (spacerC !== undefined) settings['Spacer Capacity[pF]'] = String(spacerC);
        if (spacerA !== undefined) settings['Spacer Area[mm^2]'] = String(spacerA);
        if (t.includes('Edge Correction On')) settings['Edge Correction'] = 'On';
        else if (t.includes('Edge Correction Off')) settings['Edge Correction'] = 'Off';
      } else if (t.startsWith('Fixed value')) {
        // "Fixed value(s) :  AC Volt  [Vrms]=7.1000e-03"
        const colon = t.indexOf(':');
        const [key, value] = t.slice(colon + 1).split('=', 2).map((s) => s.trim().replace(/\s+/g, ' '));
        if (key && value) settings[key] = value;
      } else if (meta.sample === undefined && t.includes(',')) {
        // "<name>, dd.mm.yyyy, hh:mm"
        const parts = t.split(',').map((s) => s.trim());
        meta.sample = parts[0]!;
        if (parts.length >= 2) meta.date = parts.slice(1).join(' ');
      }
    }
    if (Object.keys(settings).length > 0) meta.settings = settings;
    const header = tokens(lines[at]!);
    const rows: Row[] = [];
    let decimalComma = false;
    for (let i = at + 1; i < lines.length; i++) {
      if (lines[i]!.trim() === '') continue;
      const fields = tokens(lines[i]!);
      if (!decimalComma && fields.some(hasDecimalComma)) decimalComma = true;
      rows.push({ line: i + 1, fields, block: 0 });
    }
    return tableSpectra({
      header, rows, decimalComma,
      lastLine: lastContentLine(lines) + 1,
      empty: `no data rows after the column names (line ${at + 1})`,
    }, meta, notes);
  },
};
