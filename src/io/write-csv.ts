/**
 * Spectra → CSV: "freq_Hz,Zre_Ohm,Zim_Ohm" (Z with the physical sign), one row per point, numbers
 * in JavaScript's shortest round-trip form (reading back gives the same float64). Sweeps are
 * separated by a blank line and the header again. readSpectra takes each block under this exact
 * header as one sweep (it does not split it where the frequency restarts), so any spectra come
 * back as written.
 */
import { checkSpectra, type SpectrumLike } from './input.ts';

export const CSV_HEADER = 'freq_Hz,Zre_Ohm,Zim_Ohm';

export function writeSpectraCsv(spectra: readonly SpectrumLike[]): string {
  const out: string[] = [];
  checkSpectra(spectra).forEach((s, k) => {
    if (k > 0) out.push('');
    out.push(CSV_HEADER);
    for (let i = 0; i < s.freq.length; i++) out.push(`${s.freq[i]},${s.re[i]},${s.im[i]}`);
  });
  return `${out.join('\n')}\n`;
}
