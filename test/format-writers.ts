/**
 * Synthetic instrument files for the reader tests, written from the layouts in
 * ../shared/docs/specs/readers.md (§3–§8), never copied from sample files. The spectra come
 * from analytic circuits (mpr-writer.ts: rc). Runs in Node and browsers.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';

export interface Z { freq: number[]; re: number[]; im: number[] }

const e = (x: number, d = 5) => x.toExponential(d);

/** Novocontrol/NEISYS text export; variant 2 has comment lines, a blank line and double tabs. */
export function novocontrolText(z: Z, variant: 1 | 2, names = ["Zs'[ohm]", "Zs''[ohm]"]): string {
  const lines: string[] = [];
  if (variant === 2) lines.push('# Start Frequency (Hz): 1.000e+07', '# Stop Frequency (Hz): 1.000e-01', '');
  lines.push(
    'LLZO pellet 3, 12.03.2021, 14:22',
    'Diameter[mm]: 1.300e+01  Thickness[mm]: 7.500e-01  Spacer Capacity[pF]: 0.000e+00  Spacer Area[mm^2] 0.000e+00  Edge Correction On  Electrode Thickness[mm]: 0.000e+00',
    'Fixed value(s) :  AC Volt  [Vrms]=7.1000e-03',
  );
  const sep = variant === 2 ? '\t\t' : '\t';
  lines.push(['Freq.[Hz]', ...names].map((n) => `  ${n}  `).join(sep));
  z.freq.forEach((f, i) => lines.push([f, z.re[i]!, z.im[i]!].map((v) => ` ${e(v)}`).join('\t')));
  return `${lines.join('\r\n')}\r\n`;
}

/** ZPlot 3.2c "ZPlotW Data File" without a comment block; `stated` is the count line. */
export function zplotwText(z: Z, stated: number): string {
  const lines = [
    '"ZPlotW Data File: Version 3.2c"',
    '"Raw Data"',
    '"Sweep Frequency"',
    '"Date: 3/14/2025"',
    'Sample 7 at 25 C, argon',
    '"OCP: 0.012"',
    '"Frequency"',
    '1,0,1.0E+6,1.0E-1,10,0.01,0',
    String(stated),
    '"  Freq(Hz)    Ampl     Bias   Time(Sec)   Z\'(a)    Z\'\'(b)     GD     Err     Range"',
  ];
  z.freq.forEach((f, i) => lines.push([f, 0.01, 0, i * 2.5, z.re[i]!, z.im[i]!, 0, 1, 3].map((v) => e(v, 6)).join(', ')));
  return `${lines.join('\r\n')}\r\n`;
}

/** UTF-16LE bytes of a text (a leading U+FEFF in the text gives the BOM FF FE). */
export function utf16le(text: string): Uint8Array {
  const out = new Uint8Array(2 * text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 * i] = c & 0xff;
    out[2 * i + 1] = c >> 8;
  }
  return out;
}

/** A PalmSens session: UTF-16LE with BOM, a trailing U+FEFF; ZIm stored as −Z'', plus a non-EIS measurement. */
export function pssessionBytes(z: Z): Uint8Array {
  const arr = (type: number, desc: string, unit: string, values: number[]) => ({
    ArrayType: type, Description: desc, Unit: { Type: `PalmSens.Units.${unit}`, S: '', Q: null, A: null }, DataValues: values.map((V) => ({ V })),
  });
  const doc = {
    Type: 'PalmSens.DataFiles.SessionFile', CoreVersion: '5.9.0.0', MethodForMeasurement: 'METHOD_ID=eis',
    Measurements: [
      { Title: 'CV first', TimeStamp: 638283044195322900, DeviceSerial: 'PS4X', DataSet: { Type: 'PalmSens.Data.DataSet', Values: [] } },
      {
        Title: 'Cell 2', TimeStamp: 638283044195322900, DeviceSerial: 'PS4X',
        DataSet: {
          Type: 'PalmSens.Data.DataSetEIS',
          Values: [
            arr(0, 'time', 'Time', z.freq.map((_, i) => i)),
            arr(5, 'Frequency', 'Hertz', z.freq),
            arr(7, 'ZRe', 'ZRe', z.re),
            arr(8, 'ZIm', 'ZIm', z.im.map((v) => -v)),
            arr(6, 'Phase', 'Phase', z.freq.map((_, i) => -Math.atan2(z.im[i]!, z.re[i]!) * 180 / Math.PI)),
          ],
        },
        EISDataList: [],
      },
    ],
  };
  const text = `\ufeff${JSON.stringify(doc)}\ufeff`;
  return utf16le(text);
}

/** Autolab FRA .dfr: VERSION8.0, count, "1", then 9 lines per point (f, Z', −Z'', …). */
export function dfrText(z: Z, stated = z.freq.length): string {
  const lines = ['VERSION8.0', ` ${stated}`, ' 1'];
  z.freq.forEach((f, i) => lines.push(...[f, z.re[i]!, -z.im[i]!, 0.1, 1e-6, i, 0, 0, 0].map((v) => ` ${v}`)));
  return `${lines.join('\r\n')}\r\n`;
}

/** Ivium .ids bytes: per dataset its settings, then primary_data, "3", the row count, rows "Z'  Z''<TAB>f". */
export function iviumBytes(sets: { method: string; title: string; z: Z }[]): Uint8Array {
  const parts: string[] = [];
  for (const s of sets) {
    parts.push('\u0000'.repeat(16) + 'H\u0000\u0000\u0000', 'Peaks=false', `Method=${s.method}`, 'Technique=Constant E', `Title=${s.title}`, 'Data Options.AnalogInputTitle=Peripheral Port');
    parts.push('Data Objects    ', '0         ', 'primary_data    ', '3         ', `${String(s.z.freq.length).padEnd(10)}`);
    s.z.freq.forEach((f, i) => parts.push(`${e(s.z.re[i]!)}  ${e(s.z.im[i]!)}\t${e(f)} `));
    parts.push('7         ', 'osc_data        ', '0         ');
  }
  return strToU8(`${parts.join('\r\n')}\r\n`);
}

export type Cell = string | number | null;
export interface SheetSpec { name: string; rows: Cell[][] }

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
const colName = (c: number): string => (c < 26 ? String.fromCharCode(65 + c) : colName(Math.floor(c / 26) - 1) + String.fromCharCode(65 + (c % 26)));

/** An .xlsx: strings alternate between shared strings and inline strings; `extra` adds entries. */
export function xlsxBytes(sheets: SheetSpec[], extra: Zippable = {}): Uint8Array {
  const shared: string[] = [];
  const files: Zippable = {
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    'xl/workbook.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns:r="r"><sheets>${sheets.map((s, k) => `<sheet name="${esc(s.name)}" sheetId="${k + 1}" r:id="rId${k + 7}"/>`).join('')}</sheets></workbook>`),
    'xl/_rels/workbook.xml.rels': strToU8(`<?xml version="1.0"?><Relationships>${sheets.map((_, k) => `<Relationship Id="rId${k + 7}" Type="worksheet" Target="worksheets/data${k + 1}.xml"/>`).join('')}</Relationships>`),
    ...extra,
  };
  sheets.forEach((s, k) => {
    const rows = s.rows.map((r, i) => `<row r="${i + 1}">${r.map((v, c) => {
      const ref = `${colName(c)}${i + 1}`;
      if (v === null) return '';
      if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
      if ((i + c) % 2 === 0) { shared.push(v); return `<c r="${ref}" t="s"><v>${shared.length - 1}</v></c>`; }
      return `<c r="${ref}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`;
    }).join('')}</row>`).join('');
    files[`xl/worksheets/data${k + 1}.xml`] = strToU8(`<?xml version="1.0"?><worksheet><sheetData>${rows}</sheetData></worksheet>`);
  });
  files['xl/sharedStrings.xml'] = strToU8(`<?xml version="1.0"?><sst>${shared.map((t) => `<si><t xml:space="preserve">${esc(t)}</t></si>`).join('')}</sst>`);
  return zipSync(files);
}

/** OpenDocument content: every row padded with a 16384-column repeated empty cell, and 1 048 000 repeated empty rows at the end. */
export function odsContent(sheets: SheetSpec[], flat: boolean): string {
  const body = sheets.map((s) => {
    const rows = s.rows.map((r) => {
      const cells = r.map((v) => {
        if (v === null) return '<table:table-cell/>';
        if (typeof v === 'number') return `<table:table-cell office:value-type="float" office:value="${v}"><text:p>${v.toPrecision(6)}</text:p></table:table-cell>`;
        return `<table:table-cell office:value-type="string"><text:p>${esc(v)}</text:p></table:table-cell>`;
      }).join('');
      return `<table:table-row>${cells}<table:table-cell table:number-columns-repeated="16384"/></table:table-row>`;
    }).join('');
    return `<table:table table:name="${esc(s.name)}">${rows}<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>`;
  }).join('');
  const open = flat
    ? '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">'
    : '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0">';
  return `<?xml version="1.0" encoding="UTF-8"?>\n${open}<office:body><office:spreadsheet>${body}</office:spreadsheet></office:body></${flat ? 'office:document' : 'office:document-content'}>`;
}

/** An .ods: the stored mimetype entry first, then content.xml. */
export function odsBytes(sheets: SheetSpec[]): Uint8Array {
  return zipSync({
    mimetype: [strToU8('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }],
    'content.xml': strToU8(odsContent(sheets, false)),
    'META-INF/manifest.xml': strToU8('<?xml version="1.0"?><manifest/>'),
  });
}

/** EC-Lab .mpt text: the header block, tab-separated names, one row per point (−Im Z stored), `cycles` sweeps. */
export function mptText(z: Z, cycles = 1, decimalComma = false): string {
  const names = ['freq/Hz', 'Re(Z)/Ohm', '-Im(Z)/Ohm', '|Z|/Ohm', 'Phase(Z)/deg', 'time/s', 'cycle number', 'Cs/µF'];
  const head = ['EC-Lab ASCII FILE', 'Nb header lines : 6', '', 'Potentio Electrochemical Impedance Spectroscopy', 'Electrode surface area : 0.196 cm²', names.join('\t')];
  const rows: string[] = [];
  const num = (v: number) => (decimalComma ? v.toExponential(7).replace('.', ',') : v.toExponential(7));
  for (let k = 0; k < cycles; k++) {
    z.freq.forEach((f, i) => {
      const mod = Math.hypot(z.re[i]!, z.im[i]!), ph = Math.atan2(z.im[i]!, z.re[i]!) * 180 / Math.PI;
      rows.push([f, z.re[i]!, -z.im[i]!, mod, ph, k * 100 + i, k + 1, 1].map(num).join('\t'));
    });
  }
  return `${[...head, ...rows].join('\n')}\n`;
}

/** Every synthetic layout of one circuit spectrum, as the bytes of a file. */
export function syntheticFiles(z: Z): { name: string; bytes: Uint8Array }[] {
  const text = (s: string) => strToU8(s);
  const sheets: SheetSpec[] = [{ name: 'data', rows: [['f', "Z'", "Z''"], ...z.freq.map((f, i) => [f, z.re[i]!, z.im[i]!])] }];
  return [
    { name: 'data.csv', bytes: text(`f,Z',Z''\n${z.freq.map((f, i) => `${f},${z.re[i]},${z.im[i]}`).join('\n')}\n`) },
    { name: 'data.mpt', bytes: text(mptText(z, 2)) },
    { name: 'novo.txt', bytes: text(novocontrolText(z, 1)) },
    { name: 'zplotw.z', bytes: text(zplotwText(z, 79)) },
    { name: 'data.dfr', bytes: text(dfrText(z)) },
    { name: 'data.ids', bytes: iviumBytes([{ method: 'Impedance', title: 'A', z }]) },
    { name: 'data.pssession', bytes: pssessionBytes(z) },
    { name: 'data.xlsx', bytes: xlsxBytes(sheets) },
    { name: 'data.ods', bytes: odsBytes(sheets) },
    { name: 'data.fods', bytes: text(odsContent(sheets, true)) },
  ];
}
