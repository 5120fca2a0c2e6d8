/**
 * This thread's CPU time (user + system, ms) from Linux's /proc/thread-self/stat (clock ticks of
 * 10 ms: fields 14 and 15 of stat(5), counted after the parenthesised command name); NaN where the
 * file cannot be read (other systems, browsers). `readFileSync` is passed in so that this file
 * imports nothing from Node: the worker entry loads `node:fs` only under Node.
 */
export function threadCpuMs(readFileSync: (path: string, encoding: 'utf8') => string): number {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return Number.NaN;
  }
}
