/** What a command needs from its environment (injected, so tests run commands in-process). */
import type { Spectrum as IoSpectrum } from '../io/index.ts';
import { celsiusToKelvin } from '../analysis/arrhenius.ts';
import type { CliStream } from './sanitize.ts';
import { EisError } from '../errors.ts';

export interface CliContext {
  /** Terminal output; main() wraps both streams in the sanitiser (sanitize.ts). */
  stdout: CliStream;
  stderr: CliStream;
  /** Reads every spectrum (sweep) of an instrument file. */
  readSpectra(path: string): Promise<IoSpectrum[]>;
  /** Reads a text file (chronoamperograms, I–V sweeps). */
  readText(path: string): Promise<string>;
  writeText(path: string, text: string): Promise<void>;
  /**
   * The identity of an existing file (device and inode, after symlinks), or null when nothing
   * exists at `path`: an output must never be the same file as an input.
   */
  fileId(path: string): Promise<string | null>;
  /** Aborted to stop a long-running command (`eiskit worker`): bin.ts aborts it on SIGINT or SIGTERM. */
  stop?: AbortSignal;
  /** Aborted to stop it at once (`eiskit worker` releases its running jobs): bin.ts aborts it on a second SIGINT or SIGTERM. */
  forceStop?: AbortSignal;
}

/** A usage error: the command line itself is wrong (exit code 2). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** An output that was refused or could not be written (exit code 1, no stack trace). */
export class OutputError extends Error {
  override name = 'OutputError';
}

/** A spectrum read from a file, labelled for tables. */
export interface LabelledSpectrum extends IoSpectrum {
  label: string;
}

/**
 * Runs a batch analysis; an EisError about `spectra[k]` (the batch's name for its k-th input) is
 * rethrown naming the file and sweep instead, which is what the user knows.
 */
export async function naming<T>(spectra: readonly LabelledSpectrum[], run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (!(e instanceof EisError)) throw e;
    const m = /spectra\[(\d+)\]/.exec(e.message);
    const label = m ? spectra[Number(m[1])]?.label : undefined;
    if (label === undefined) throw e;
    throw new EisError(e.code, `${label}: ${e.message}`, { ...e.details, file: label });
  }
}

/** Whether `e` is a file-system error (ENOENT, EACCES, EISDIR…), which main() reports naming the path. */
export function isSystemError(e: unknown): e is { code: string; path?: unknown; message?: unknown } {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) && !(e instanceof EisError);
}

/** A thrown non-Error as text; never throws itself (String() does on {"toString": 1}). */
function describeThrown(e: unknown): string {
  try {
    return String(e);
  } catch {
    return 'a value that is not an Error';
  }
}

/**
 * Runs `read` on `file`; an error that is not one eiskit throws on purpose (EisError, UsageError,
 * OutputError) nor a file-system error — a bug in a reader — becomes a one-line E_INTERNAL naming the file, never a stack trace.
 */
export async function reading<T>(file: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof EisError || e instanceof UsageError || e instanceof OutputError || isSystemError(e)) throw e;
    const what = e instanceof Error ? `${String(e.name)}: ${String(e.message)}` : describeThrown(e);
    throw new EisError('E_INTERNAL', `${file}: unexpected error while reading the file (${what.replace(/\s+/g, ' ').slice(0, 200)})`, { file });
  }
}

/** Reads the spectra of one file (see reading()). */
export function readFileSpectra(ctx: CliContext, file: string): Promise<IoSpectrum[]> {
  return reading(file, () => ctx.readSpectra(file));
}

/** Reads all files; each sweep labelled "file" or "file #k". */
export async function readAll(ctx: CliContext, files: string[]): Promise<LabelledSpectrum[]> {
  if (files.length === 0) throw new UsageError('no input files');
  const out: LabelledSpectrum[] = [];
  for (const f of files) {
    const spectra = await readFileSpectra(ctx, f);
    spectra.forEach((s, k) => out.push({ ...s, label: spectra.length > 1 ? `${f} #${k + 1}` : f }));
  }
  return out;
}

/**
 * The spectra with their temperatures (K): from --temperatures (°C, or K with --kelvin), one
 * per spectrum, or else from what each file states.
 */
export function withTemperatures(spectra: LabelledSpectrum[], temps: number[] | undefined, kelvin: boolean) {
  if (temps && temps.length !== spectra.length) throw new UsageError(`--temperatures has ${temps.length} values for ${spectra.length} spectra`);
  return spectra.map((s, k) => {
    const t = temps ? (kelvin ? temps[k]! : celsiusToKelvin(temps[k]!)) : s.meta.temperatureK;
    if (t === undefined) throw new UsageError(`${s.label} does not state its temperature: give --temperatures`);
    return { freq: s.freq, re: s.re, im: s.im, temperatureK: t };
  });
}
