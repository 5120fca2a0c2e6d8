/**
 * Types of the io module: spectra as read from instrument files, with what the file says about
 * them.
 */

/** Layouts readSpectra() reads. */
export type FormatName =
  /** BioLogic EC-Lab ASCII export (.mpt). */
  | 'biologic'
  /** BioLogic EC-Lab binary data file (.mpr). */
  | 'biologic-mpr'
  /** Excel workbook (.xlsx): one spectrum per sheet with recognised headers. */
  | 'xlsx'
  /** OpenDocument spreadsheet (.ods): one spectrum per sheet with recognised headers. */
  | 'ods'
  /** OpenDocument flat XML spreadsheet (.fods): one spectrum per sheet with recognised headers. */
  | 'fods'
  /** Ivium data file (.idf) or dataset file (.ids). */
  | 'ivium'
  /** PalmSens PSTrace session (.pssession). */
  | 'palmsens'
  /** Eco Chemie / Autolab FRA data file (.dfr). */
  | 'autolab-dfr'
  /** Novocontrol / NEISYS text export (dielectric spectrometers: Freq.[Hz], Zs'[ohm], Zs''[ohm]). */
  | 'novocontrol'
  /** Gamry Framework data file (.DTA), the ZCURVE table. */
  | 'gamry'
  /** Scribner ZPlot / ZView (.z, "ZPLOT2 ASCII"). */
  | 'zplot'
  /** Autolab text exports: the "Z60W Data File" layout and Nova's column export. */
  | 'autolab'
  /** Princeton Applied Research Parstat text export (DC and EIS rows in one table). */
  | 'parstat'
  /** Princeton Applied Research VersaStudio (.par). */
  | 'versastudio'
  /** Princeton Applied Research PowerSuite text export. */
  | 'powersuite'
  /** CH Instruments text export (A.C. Impedance). */
  | 'chinstruments'
  /** .P00 text export (f/Hz, Z'/Ohm, −Z''/Ohm with a point count). */
  | 'p00'
  /** Delimited text with a header (or three header-less columns f, Z', Z''). */
  | 'csv'
  /** eiskit's own versioned JSON (writeJson). */
  | 'eiskit-json';

/** What the file says about one sweep. Optional fields are present only when the file states them. */
export interface SpectrumMeta {
  /** The layout the spectrum was read from. */
  format: FormatName;
  /** Instrument (model, serial) as the file names it. */
  instrument?: string;
  /** Date (and time) of the measurement as written in the file; not parsed (formats are local). */
  date?: string;
  /** Temperature in K. */
  temperatureK?: number;
  /** Electrode area in cm² (a zero area, which instruments write for "not set", is left out). */
  areaCm2?: number;
  /** Sample thickness in cm, where the file states it (Novocontrol's geometry line, in mm there). */
  thicknessCm?: number;
  /** Electrode (sample) diameter in cm, where the file states it. */
  diameterCm?: number;
  /** The sample's or measurement's name as the file gives it (a title, a sample line). */
  sample?: string;
  /** Other settings the file states, verbatim ("AC Volt [Vrms]": "7.1000e-03", "DeviceSerial": …). */
  settings?: Record<string, string>;
  /** The file name given to readSpectra (options.fileName) or readSpectraFile (eiskit JSON keeps the meta it stores). */
  fileName?: string;
  /** 0-based index of the sweep in the file. */
  sweep: number;
  /** The header names of the columns the spectrum was read from (frequency, then Z). */
  columns: string[];
  /** What the reader did that is not visible in the numbers: rows dropped or skipped, columns chosen, a run that stopped early. */
  notes?: string[];
}

/**
 * One impedance sweep. `freq` in Hz; Z = re + j·im in Ohm with the physical sign (capacitive:
 * im < 0), whatever sign the file stores.
 */
export interface Spectrum {
  freq: Float64Array;
  re: Float64Array;
  im: Float64Array;
  meta: SpectrumMeta;
}

export interface ReadOptions {
  /** The file's name: stored in meta.fileName, named in errors, and a hint where the content fits several layouts. */
  fileName?: string;
  /** Read as this layout and skip detection. */
  format?: FormatName;
}

/** Every FormatName, in detection order. */
export const FORMAT_NAMES: readonly FormatName[] = [
  'biologic-mpr', 'xlsx', 'ods', 'eiskit-json', 'fods', 'biologic', 'gamry', 'zplot', 'autolab', 'autolab-dfr', 'ivium', 'palmsens', 'novocontrol',
  'versastudio', 'chinstruments', 'parstat', 'powersuite', 'p00', 'csv',
];
