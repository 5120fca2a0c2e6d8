/**
 * Column IDs of the BioLogic .mpr data module: what each ID holds and how many bytes it takes
 * in a record. Facts (IDs, names, sizes) from echemdata/galvani@c8e5bb1 galvani/BioLogic.py and
 * the EC-Lab exports of the same runs (the .mpt twins name the columns in record order); kept as
 * data, keyed by the full 16-bit ID, so new IDs are one line each.
 */

export type ValueType = 'f4' | 'f8' | 'u1' | 'u2' | 'u4';

export interface ColumnId {
  name: string;
  type: ValueType;
}

export const TYPE_SIZE: Readonly<Record<ValueType, number>> = { f4: 4, f8: 8, u1: 1, u2: 2, u4: 4 };

/**
 * Flag IDs: all of them share one u8 in the record, placed where the first flag ID stands;
 * each reads its bits with a mask.
 */
export const FLAG_IDS: ReadonlyMap<number, { name: string; mask: number }> = new Map([
  [1, { name: 'mode', mask: 0x03 }],
  [2, { name: 'ox/red', mask: 0x04 }],
  [3, { name: 'error', mask: 0x08 }],
  [21, { name: 'control changes', mask: 0x10 }],
  [31, { name: 'Ns changes', mask: 0x20 }],
  [65, { name: 'counter inc.', mask: 0x80 }],
]);

const f4 = (name: string): ColumnId => ({ name, type: 'f4' });
const f8 = (name: string): ColumnId => ({ name, type: 'f8' });

/** The IDs whose size is known. Names of IDs seen without a name in any export are "ID n". */
export const COLUMN_IDS: ReadonlyMap<number, ColumnId> = new Map<number, ColumnId>([
  [4, f8('time/s')],
  [5, f4('control/V/mA')],
  [6, f4('Ewe/V')],
  [7, f8('dq/mA.h')],
  [8, f4('I/mA')],
  [9, f4('Ece/V')],
  [11, f8('<I>/mA')],
  [13, f8('(Q-Qo)/mA.h')],
  [16, f4('Analog IN 1/V')],
  [19, f4('control/V')],
  [20, f4('control/mA')],
  [23, f8('dQ/mA.h')],
  [24, f8('cycle number')],
  [26, f4('Rapp/Ohm')],
  [27, f4('Ewe-Ece/V')],
  [32, f4('freq/Hz')],
  [33, f4('|Ewe|/V')],
  [34, f4('|I|/A')],
  [35, f4('Phase(Z)/deg')],
  [36, f4('|Z|/Ohm')],
  [37, f4('Re(Z)/Ohm')],
  [38, f4('-Im(Z)/Ohm')],
  [39, { name: 'I Range', type: 'u2' }],
  [69, f4('R/Ohm')],
  [70, f4('P/W')],
  [74, f8('|Energy|/W.h')],
  [75, f4('Analog OUT/V')],
  [76, f4('<I>/mA')],
  [77, f4('<Ewe>/V')],
  [78, f4('Cs-2/µF-2')],
  [96, f4('|Ece|/V')],
  [97, f4('ID 97')],
  [98, f4('Phase(Zce)/deg')],
  [99, f4('|Zce|/Ohm')],
  [100, f4('Re(Zce)/Ohm')],
  [101, f4('-Im(Zce)/Ohm')],
  [123, f8('Energy charge/W.h')],
  [124, f8('Energy discharge/W.h')],
  [125, f8('Capacitance charge/µF')],
  [126, f8('Capacitance discharge/µF')],
  [131, { name: 'Ns', type: 'u2' }],
  [168, f4('Rcmp/Ohm')],
  [169, f4('Cs/µF')],
  [172, f4('Cp/µF')],
  [173, f4('Cp-2/µF-2')],
  [174, f4('<Ewe>/V')],
  [178, f4('(Q-Qo)/C')],
  [179, f4('dQ/C')],
  [211, f8('Q charge/discharge/mA.h')],
  [212, { name: 'half cycle', type: 'u4' }],
  [213, { name: 'z cycle', type: 'u4' }],
  [217, f4('THD Ewe/%')],
  [430, f4('Phase(Zwe-ce)/deg')],
  [431, f4('|Zwe-ce|/Ohm')],
  [432, f4('Re(Zwe-ce)/Ohm')],
  [433, f4('-Im(Zwe-ce)/Ohm')],
  [434, f4('(Q-Qo)/C')],
  [435, f4('dQ/C')],
  [438, f8('step time/s')],
  [441, f4('<Ecv>/V')],
  [462, f4('Temperature/°C')],
  [467, f8('Q charge/discharge/mA.h')],
  [468, { name: 'half cycle', type: 'u4' }],
  [469, { name: 'z cycle', type: 'u4' }],
  [471, f4('<Ece>/V')],
  [473, f4('THD Ewe/%')],
  [474, f4('THD I/%')],
  [475, f4('ID 475')],
  [476, f4('NSD Ewe/%')],
  [477, f4('NSD I/%')],
  [478, f4('ID 478')],
  [479, f4('NSR Ewe/%')],
  [480, f4('NSR I/%')],
  ...[2, 3, 4, 5, 6, 7].map((h, k): [number, ColumnId] => [486 + k, f4(`|Ewe h${h}|/V`)]),
  ...[2, 3, 4, 5, 6, 7].map((h, k): [number, ColumnId] => [492 + k, f4(`|I h${h}|/A`)]),
  [498, f8('Q charge/mA.h')],
  [499, f8('Q discharge/mA.h')],
  [500, f8('step time/s')],
  [501, f8('Efficiency/%')],
  [502, f8('Capacity/mA.h')],
  [509, { name: 'Acir/Dcir Control', type: 'u1' }],
]);

/** The EIS columns the reader needs. */
export const ID_FREQ = 32;
export const ID_RE = 37;
/** −Im(Z): the reader negates it. */
export const ID_MINUS_IM = 38;
export const ID_CYCLE = 24;
