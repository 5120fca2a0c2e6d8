/**
 * The data module of a BioLogic .mpr file (readers.md §1.3–1.7): the column-ID list, the record
 * layout (fields packed in ID order, little-endian; all flag IDs share one u8 placed at the first
 * flag ID), the record size inferred from the payload and checked, and unknown IDs tolerated
 * where the columns that matter can still be located.
 */
import { fail, plural } from '../fail.ts';
import { COLUMN_IDS, FLAG_IDS, TYPE_SIZE, type ValueType } from './column-ids.ts';
import type { MprModule } from './modules.ts';

export interface DataLayout {
  nPoints: number;
  ids: number[];
  /** Offset of the first record in the payload. */
  recordsAt: number;
  recordSize: number;
  /** Offset in the record and type of every ID whose position is known (flags: 'u1' at the flags byte). */
  fields: Map<number, { offset: number; type: ValueType }>;
  /** IDs not in the table. */
  unknown: number[];
  warnings: string[];
}

/** Where the ID list and the records are, by data-module version (readers.md §1.3). */
function idList(m: MprModule): { ids: number[]; recordsAt: number } {
  const d = m.data;
  if (d.length < 6) fail(`the data module has ${d.length} bytes, too few for its header`);
  const view = new DataView(d.buffer, d.byteOffset, d.byteLength);
  let count: number, idsAt: number, wide: boolean, recordsAt: number;
  if (m.version === 0 && d[5] !== 0) {
    count = d[4]!; idsAt = 5; wide = false; recordsAt = 100;
  } else if (m.version === 0) {
    count = view.getUint16(4, true); idsAt = 6; wide = true; recordsAt = 1007;
  } else if (m.version === 2 || m.version === 3) {
    count = d[4]!; idsAt = 5; wide = true; recordsAt = m.version === 2 ? 405 : 406;
  } else {
    fail(`data module version ${m.version} is not a known layout (0, 2 or 3); export the file from EC-Lab as text (.mpt)`);
  }
  const end = idsAt + count * (wide ? 2 : 1);
  if (count === 0) fail('the data module lists no columns');
  if (end > recordsAt || recordsAt > d.length) fail(`the data module (version ${m.version}, ${d.length} bytes) is too short for its ${plural(count, 'column ID')} and header`);
  const ids: number[] = [];
  for (let k = 0; k < count; k++) ids.push(wide ? view.getUint16(idsAt + 2 * k, true) : d[idsAt + k]!);
  return { ids, recordsAt };
}

type Fields = Map<number, { offset: number; type: ValueType }>;

/**
 * The record offsets of the IDs, in ID order: fields packed, all flag IDs sharing one byte at the
 * first of them. An unknown ID takes `unknownSize` bytes; without it, no field after the first
 * unknown ID is placed. `size` is the record size this gives (the known IDs, the flags byte and
 * `unknownSize` per unknown ID); `firstUnknown` the offset of the first unknown ID when
 * `unknownSize` is not given (−1 otherwise or without one).
 */
function place(ids: readonly number[], unknownSize?: number): { fields: Fields; size: number; firstUnknown: number } {
  const fields: Fields = new Map();
  let offset = 0, flagsAt = -1, firstUnknown = -1;
  for (const id of ids) {
    if (FLAG_IDS.has(id)) {
      if (flagsAt < 0) {
        flagsAt = offset;
        offset += 1;
      }
      if (firstUnknown < 0) fields.set(id, { offset: flagsAt, type: 'u1' });
      continue;
    }
    const known = COLUMN_IDS.get(id);
    if (!known) {
      if (unknownSize !== undefined) offset += unknownSize;
      else if (firstUnknown < 0) firstUnknown = offset;
      continue;
    }
    if (firstUnknown < 0) fields.set(id, { offset, type: known.type });
    offset += TYPE_SIZE[known.type];
  }
  return { fields, size: offset, firstUnknown };
}

export function dataLayout(m: MprModule): DataLayout {
  const { ids, recordsAt } = idList(m);
  const d = m.data;
  const nPoints = new DataView(d.buffer, d.byteOffset, 4).getUint32(0, true);
  const payload = d.length - recordsAt;
  if (nPoints === 0) fail('the data module holds 0 points');
  if (payload % nPoints !== 0) {
    fail(`the data module's ${payload} record bytes do not divide into ${plural(nPoints, 'point')} (a truncated or unknown layout); export the file from EC-Lab as text (.mpt)`);
  }
  const recordSize = payload / nPoints;
  const unknown = ids.filter((id) => !FLAG_IDS.has(id) && !COLUMN_IDS.has(id));
  const known = place(ids);
  let fields = known.fields;
  const warnings: string[] = [];
  if (unknown.length === 0) {
    if (known.size !== recordSize) fail(`the columns (IDs ${ids.join(', ')}) take ${known.size} bytes per record, the payload gives ${recordSize}: unknown layout; export the file from EC-Lab as text (.mpt)`);
  } else if (unknown.length === 1) {
    // one unknown ID: its size is what the known ones leave of the record (readers.md §1.7)
    const size = recordSize - known.size;
    if (![1, 2, 4, 8].includes(size)) {
      fail(`column ID ${unknown[0]} is unknown and the record leaves it ${size} bytes (not 1, 2, 4 or 8); export the file from EC-Lab as text (.mpt)`, { unknownIds: unknown });
    }
    fields = place(ids, size).fields;
    warnings.push(`column ID ${unknown[0]} is unknown; its size was inferred from the record size (${plural(size, 'byte')}) and it was not read`);
  } else {
    if (known.firstUnknown > recordSize) fail(`the known columns before ID ${unknown[0]} take ${known.firstUnknown} bytes, more than the ${recordSize}-byte record; export the file from EC-Lab as text (.mpt)`, { unknownIds: unknown });
    warnings.push(`column IDs ${unknown.join(', ')} are unknown; the columns before the first of them were read, the others were not`);
  }
  return { nPoints, ids, recordsAt, recordSize, fields, unknown, warnings };
}

/** The values of one ID, one per record (flags masked and shifted down); undefined when its position is not known. */
export function columnValues(m: MprModule, layout: DataLayout, id: number): Float64Array | undefined {
  const field = layout.fields.get(id);
  if (!field) return undefined;
  const d = m.data;
  const view = new DataView(d.buffer, d.byteOffset, d.byteLength);
  const out = new Float64Array(layout.nPoints);
  const flag = FLAG_IDS.get(id);
  const shift = flag ? Math.log2(flag.mask & -flag.mask) : 0;
  for (let i = 0, at = layout.recordsAt + field.offset; i < layout.nPoints; i++, at += layout.recordSize) {
    switch (field.type) {
      case 'f4': out[i] = view.getFloat32(at, true); break;
      case 'f8': out[i] = view.getFloat64(at, true); break;
      case 'u2': out[i] = view.getUint16(at, true); break;
      case 'u4': out[i] = view.getUint32(at, true); break;
      default: out[i] = flag ? (d[at]! & flag.mask) >> shift : d[at]!;
    }
  }
  return out;
}
