/**
 * The reader table is the one place a layout is declared: every reader carries what errors, help
 * texts and docs/io.md need, and the lists derived from the table (FORMAT_NAMES, generated into
 * types.ts; readableFormats(); detection) agree with it.
 */
import { describe, expect, it } from 'vitest';
import { FORMAT_NAMES, detectFormat, readableFormats } from '../src/io/index.ts';
import { READER_TABLE, isBinaryReader } from '../src/io/readers.ts';
import { readerByName } from '../src/io/detect.ts';
import type { ReaderKind } from '../src/io/formats/reader.ts';

const KINDS: readonly ReaderKind[] = ['instrument', 'spreadsheet', 'table', 'eiskit'];

describe('the reader table', () => {
  it('declares every reader completely: name, label, lower-case extensions, kind, summary and its docs row', () => {
    for (const r of READER_TABLE) {
      expect(r.name, 'name').toMatch(/^[a-z][a-z0-9-]*$/);
      expect(r.label.trim(), `${r.name}: label`).not.toBe('');
      expect(r.extensions.length, `${r.name}: extensions`).toBeGreaterThan(0);
      for (const e of r.extensions) expect(e, `${r.name}: extension`).toMatch(/^[a-z0-9]+$/);
      expect(KINDS, `${r.name}: kind`).toContain(r.kind);
      expect(r.summary.trim(), `${r.name}: summary`).not.toBe('');
      expect(r.docs.layout.trim(), `${r.name}: docs.layout`).not.toBe('');
      expect(r.docs.detectedBy.trim(), `${r.name}: docs.detectedBy`).not.toBe('');
      for (const text of [r.summary, r.docs.layout, r.docs.detectedBy, r.docs.meta, r.docs.limits]) expect(text, `${r.name}: one line`).not.toMatch(/\n/);
      expect(typeof (isBinaryReader(r) ? r.readBytes : r.read), `${r.name}: reads`).toBe('function');
    }
  });

  it('names each layout once and has exactly one generic table reader', () => {
    const names = READER_TABLE.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    expect(READER_TABLE.filter((r) => r.kind === 'table')).toHaveLength(1);
    expect(new Set(READER_TABLE.map((r) => r.label)).size, 'labels tell layouts apart in errors').toBe(names.length);
  });

  it('FORMAT_NAMES (generated into types.ts) is the table in its order: run npm run gen when this fails', () => {
    expect([...FORMAT_NAMES]).toEqual(READER_TABLE.map((r) => r.name));
  });

  it('readableFormats() lists every reader once, instrument exports first, then spreadsheets, the table, eiskit JSON', () => {
    const listed = readableFormats();
    expect(listed.map((f) => f.name).sort()).toEqual([...FORMAT_NAMES].sort());
    const kinds = listed.map((f) => readerByName(f.name).kind);
    expect(kinds.map((k) => KINDS.indexOf(k))).toEqual(kinds.map((k) => KINDS.indexOf(k)).sort((a, b) => a - b));
    for (const f of listed) expect(f).toEqual({ name: f.name, label: readerByName(f.name).label, extensions: readerByName(f.name).extensions });
  });

  it('the generic table reader is tried after every specific layout', () => {
    // three numeric columns are a table; a Parstat header on the same numbers is the specific layout
    expect(detectFormat('1000,10,-5\n100,12,-8\n10,20,-15\n')).toBe('csv');
    const parstat = 'Potential (V)\tCurrent (A)\tElapsed Time (s)\tFrequency (Hz)\tZre (ohms)\tZim (ohms)\t|Vac| (V)\t|Iac| (A)\n0\t0\t1\t1000\t10\t-5\t0.01\t0.001\n';
    expect(detectFormat(parstat)).toBe('parstat');
  });
});
