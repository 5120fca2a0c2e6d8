/** Format errors: E_FORMAT with a message that names what is missing or wrong. */
import { EisError } from '../errors.ts';

export function fail(problem: string, details: Record<string, unknown> = {}): never {
  throw new EisError('E_FORMAT', problem, details);
}

/** "s" for counts other than one. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A line of a file, shortened for an error message. */
export function quoteLine(line: string, max = 60): string {
  const s = line.replace(/\t/g, ' ').replace(/[\u0000-\u001f]/g, '?').trim();
  return JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);
}
