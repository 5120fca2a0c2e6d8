/** Messages between the app page (app/main.ts) and its worker (app/worker.ts). */

export interface AnalyseRequest {
  files: { name: string; bytes: ArrayBuffer }[];
  circuit: string;
}

export interface SpectrumResult {
  label: string;
  freq: number[];
  re: number[];
  im: number[];
  fit: {
    paramNames: string[];
    units: string[];
    params: number[];
    stderr: number[];
    chi2: number;
    success: boolean;
    message: string;
    fitted: { re: number[]; im: number[] };
    warnings: string[];
  };
  kk: { M: number; mu: number; pass: boolean; maxResidual: number; threshold: number; residuals: { re: number[]; im: number[] }; noiseEstimate: number };
}

export type AnalyseReply =
  | { type: 'progress'; message: string }
  | { type: 'done'; circuit: string; spectra: SpectrumResult[]; ms: number }
  | { type: 'error'; message: string };
