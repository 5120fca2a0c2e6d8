/** readSpectra: text or bytes in, one spectrum per sweep out. */
import { EisError, show } from '../errors.ts';
import { checkOptions } from '../validate.ts';
import { decodeInput, toBytes } from './decode.ts';
import { binaryReaderFor, readerByName, readerFor } from './detect.ts';
import type { BinaryReader, Reader } from './formats/reader.ts';
import type { BaseMeta } from './sweeps.ts';
import { splitLines } from './text.ts';
import { FORMAT_NAMES, type FormatName, type ReadOptions, type Spectrum } from './types.ts';

const OPTION_KEYS = ['fileName', 'format'];

/**
 * The spectra in an instrument export or a table, one per sweep, with Z in Ohm and the
 * physical sign (capacitive: im < 0). The layout is detected from the content; `fileName` is
 * kept in meta and named in errors. Works the same in Node and browsers (no file system:
 * see readSpectraFile for paths).
 * @throws EisError E_FORMAT when the input is empty, of an unknown or unsupported layout, or
 *   lacks what a spectrum needs (the message names it); E_ARG_TYPE / E_ARG_RANGE for bad arguments.
 * @example
 * const [s] = readSpectra(await file.arrayBuffer(), { fileName: file.name });
 */
export function readSpectra(input: string | Uint8Array | ArrayBuffer, options: ReadOptions = {}): Spectrum[] {
  const o = checkOptions('options', options);
  for (const key of Object.keys(o)) {
    if (!OPTION_KEYS.includes(key)) throw new EisError('E_ARG_RANGE', `invalid option. \`${key}\` is not an option of readSpectra; valid: ${OPTION_KEYS.join(', ')}.`, { argument: key });
  }
  const fileName = o.fileName;
  if (fileName !== undefined && typeof fileName !== 'string') throw new EisError('E_ARG_TYPE', `invalid option. \`fileName\` must be a string; got ${show(fileName)}.`, { argument: 'fileName' });
  const format = o.format;
  if (format !== undefined && !FORMAT_NAMES.includes(format as FormatName)) {
    throw new EisError('E_ARG_RANGE', `invalid option. \`format\` must be one of ${FORMAT_NAMES.join(', ')}; got ${show(format)}.`, { argument: 'format', value: format });
  }
  const bytes = typeof input === 'string' ? undefined : toBytes(input);
  if (bytes === undefined && typeof input !== 'string') decodeInput(input); // throws E_ARG_TYPE
  let reader: Reader | BinaryReader | undefined;
  const base = (r: Reader | BinaryReader): BaseMeta => ({ format: r.name, ...(fileName !== undefined && { fileName }) });
  try {
    // binary layouts first, on the bytes: decoding them as text would mangle them
    const forced = format !== undefined ? readerByName(format as FormatName) : undefined;
    const binary = forced ? ('readBytes' in forced ? forced : undefined) : bytes && binaryReaderFor(bytes);
    if (binary) {
      reader = binary;
      if (bytes === undefined) throw new EisError('E_FORMAT', `${binary.label} is a binary layout: pass the file's bytes (Uint8Array or ArrayBuffer), not text`);
      return binary.readBytes(bytes, base(binary));
    }
    const text = decodeInput(input);
    const lines = splitLines(text);
    const textReader = (forced as Reader | undefined) ?? readerFor(text, lines, fileName);
    reader = textReader;
    if (text.trim() === '') throw new EisError('E_FORMAT', 'the input is empty');
    return textReader.read(text, lines, base(textReader));
  } catch (e) {
    if (!(e instanceof EisError) || e.code !== 'E_FORMAT') throw e;
    const what = fileName !== undefined ? JSON.stringify(fileName) : 'the input';
    const as = reader ? ` as ${reader.label}` : '';
    throw new EisError('E_FORMAT', `cannot read ${what}${as}: ${e.message}`, { ...e.details, ...(fileName !== undefined && { fileName }), ...(reader && { format: reader.name }) });
  }
}
