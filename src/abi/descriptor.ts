/**
 * The JS↔WASM ABI, declared once: every constant both sides share and every record layout
 * they exchange. Plain data, no imports. `scripts/gen-abi.mjs` writes the AssemblyScript side
 * (`assembly/generated/abi.ts`) from this file; `npm run gen:check` (run by CI) fails when that
 * file is stale. The TS side reads and writes records by field name through these layouts.
 */

/** A record field: a 4-byte integer, a 4-byte address (wasm32 usize) or an 8-byte float. */
export type FieldType = 'i32' | 'ptr' | 'f64';

/** A record of same-width fields, in declaration order (its AS mirror keeps the order). */
export interface Layout<N extends string = string> {
  /** Word index of each field. */
  readonly fields: { readonly [K in N]: number };
  readonly types: { readonly [K in N]: FieldType };
  /** Words per record (the stride of an array of records). */
  readonly words: number;
  /** Bytes per word: 4 (i32/ptr records) or 8 (f64 records). */
  readonly wordBytes: 4 | 8;
}

const WIDTH: Record<FieldType, 4 | 8> = { i32: 4, ptr: 4, f64: 8 };

/** Named field offsets and the stride of a record whose fields all have one width. */
export function layout<const T extends Record<string, FieldType>>(spec: T): Layout<keyof T & string> {
  const names = Object.keys(spec) as (keyof T & string)[];
  const widths = new Set(names.map((n) => WIDTH[spec[n]!]));
  if (widths.size !== 1) throw new Error(`ABI layout mixes field widths (${names.join(', ')}): use one record per width`);
  const fields = Object.fromEntries(names.map((n, k) => [n, k])) as { [K in keyof T & string]: number };
  return { fields, types: { ...spec }, words: names.length, wordBytes: [...widths][0]! };
}

/** A compiled circuit as the kernels read it (op words: src/circuit/program.ts). */
export interface KernelProgram {
  readonly code: Int32Array;
  readonly nodeCount: number;
  readonly paramCount: number;
}

/**
 * Op words of a compiled circuit program: the instruction kinds (encoding in
 * src/circuit/program.ts, interpreted by assembly/program.ts and src/reference/evaluate.ts).
 */
export const OP = { ELEM: 1, SER: 2, PAR: 3 } as const;

/**
 * Numerical constants of the algorithms written twice (the TS reference and the AS kernels):
 * the same values on both sides keep the two backends' results the same bits.
 */
export const ALGORITHM = {
  /** Levenberg–Marquardt: initial damping, relative to the scaled problem, for start values the user gave (src/reference/lm.ts). */
  LAMBDA0: 1e-3,
  /**
   * Levenberg–Marquardt: initial damping for automatic (initialGuess) and warm starts, which are
   * close enough for a nearly Gauss–Newton first step (issue 14: pellet batch njev 26.8 → 20.9).
   */
  LAMBDA0_AUTO: 1e-6,
  /**
   * Levenberg–Marquardt statistical stop ε: a fit stops (FIT_STATUS.NOISE_FLOOR) when the
   * Gauss–Newton step would lower χ² by less than ε·χ²/ν (ν = residuals − unknowns), i.e. by a
   * 10⁻⁴ share of one residual's expected noise variance (src/reference/lm.ts).
   */
  NOISE_FLOOR: 1e-4,
  /**
   * Levenberg–Marquardt phase B (bound-aware; src/reference/lm.ts): after an accepted step of
   * phase A that lowered χ² by less than SWITCH·χ²/ν, the eligible resistances continue in
   * natural units with R ≥ 0 (issue 14: pellet batch njev 20.9 → 7.8 with the statistical stop).
   */
  SWITCH: 10,
  /** Levenberg–Marquardt phase B: the damping the phase starts with. */
  LAMBDA_B: 1e-6,
  /** Levenberg–Marquardt: damping beyond which no step can reduce χ² any more. */
  LAMBDA_MAX: 1e32,
  /** Levenberg–Marquardt: smallest gain ratio that accepts a step. */
  RHO_ACCEPT: 1e-4,
  /** Levenberg–Marquardt step extension: tried when the line minimiser α* ≥ EXTEND_MIN, up to EXTEND_MAX·δ. */
  EXTEND_MIN: 2,
  EXTEND_MAX: 10,
  /**
   * Levenberg–Marquardt: R and (Qᵀr)₁ of J = QR come from the Cholesky factor of JᵀJ unless a
   * pivot falls to or below GRAM_PIVOT times its column's squared norm (the column nearly in the
   * span of the ones before it); then from Householder QR of J, as before (src/reference/linalg.ts
   * gramCholesky). It bounds each column's angle to the span before it, not κ(J), which can pass
   * at 1e7 (src/reference/lm.ts says why the loop does not mind; the WASM covariance checks κ).
   */
  GRAM_PIVOT: 1e-10,
  /** Lin-KK: |R_kk|/‖a_k‖ at or below this makes the fit rank deficient (src/reference/linkk.ts). */
  RANK_TOLERANCE: 1e-10,
  /** Elements: below this |x| the closed-form derivatives of tanh(x)/x-type functions cancel; series are used. */
  SERIES_LIMIT: 0.5,
} as const;

/**
 * wasm32 linear memory: addresses are u32, so at most 4 GiB; one call's scratch is kept to one
 * heap block (src/backend/limits.ts): the TLSF allocator's largest, 2³⁰ − 4 bytes (BLOCK_MAXSIZE
 * of AssemblyScript's rt/common.ts: 1 GiB less its 4-byte header; eis_alloc of more aborts),
 * rounded down to the 16-byte region alignment.
 */
export const WASM_MEMORY = { MAX_BYTES: 2 ** 32, SCRATCH_BYTES: 2 ** 30 - 16 } as const;

/**
 * Termination status of a fit (after scipy's TERMINATION_MESSAGES / MINPACK's info codes); `success` is status > 0.
 * NOISE_FLOOR (6) is eiskit's own: the statistical stop of ALGORITHM.NOISE_FLOOR. It has its own
 * code rather than FTOL's because it does not depend on ftol (a user's tight ftol does not turn it
 * off) and says something else: the remaining χ² reduction is below the data's noise, not below a
 * relative tolerance.
 */
export const FIT_STATUS = {
  MAX_EVALUATIONS: 0,
  GTOL: 1,
  FTOL: 2,
  XTOL: 3,
  FTOL_XTOL: 4,
  NO_FURTHER_REDUCTION: 5,
  NOISE_FLOOR: 6,
  NONFINITE: -1,
  SINGULAR: -2,
} as const;

/** The message of each fit status (public, through src/fit/status.ts). */
export const FIT_MESSAGES: Readonly<Record<number, string>> = {
  [FIT_STATUS.MAX_EVALUATIONS]: 'The maximum number of model evaluations was reached before convergence.',
  [FIT_STATUS.GTOL]: 'Converged: the gradient is orthogonal to the residuals within gtol.',
  [FIT_STATUS.FTOL]: 'Converged: the relative reduction of χ² is below ftol.',
  [FIT_STATUS.XTOL]: 'Converged: the relative step size is below xtol.',
  [FIT_STATUS.FTOL_XTOL]: 'Converged: both the relative reduction of χ² and the relative step are below ftol and xtol.',
  [FIT_STATUS.NO_FURTHER_REDUCTION]: 'Converged: χ² cannot be reduced further at machine precision.',
  [FIT_STATUS.NOISE_FLOOR]: 'Converged: the Gauss–Newton step would lower χ² by less than 1e-4 of χ²/ν (the noise floor): further steps cannot change the fit beyond its noise.',
  [FIT_STATUS.NONFINITE]: 'The model or its Jacobian became non-finite (at the start values or during the fit): check bounds and start values.',
  [FIT_STATUS.SINGULAR]: 'The model does not depend on any free parameter at the start values (zero Jacobian): no step direction exists.',
};

/**
 * Bound kind of a free parameter: which variable transformation maps it (src/reference/transform.ts).
 * NATURAL is no bound a problem is built with: phase B of Levenberg–Marquardt (src/reference/lm.ts)
 * gives it to a resistance it continues in natural units, u = R (the identity, dp/du = 1), the
 * bound R ≥ lower = 0 kept by projecting each step.
 */
export const BOUND = { NONE: 0, LOWER: 1, UPPER: 2, BOTH: 3, NATURAL: 4 } as const;

/** Warm start in fitBatch (both backends). */
export const WARM_START = {
  /** A warm value this far (ln 1e6) beyond the own start on the bound side counts as "at the bound". */
  LIMIT: 13.815510557964274,
  /** A warm fit whose χ² exceeds the previous fit's by this factor is redone from its own start values. */
  WORSE: 10,
  /** Of a redone warm fit and the fit from the own start values, the warm one is kept when its χ² is at most (1 + TIE)× the other's. */
  TIE: 1e-12,
} as const;

/** Lin-KK: which rows are fitted. */
export const KK_FIT = { REAL: 0, IMAG: 1, COMPLEX: 2 } as const;
/** Lin-KK: how M is chosen. */
export const KK_RULE = { MU: 0, SCORE: 1, FIXED: 2 } as const;
/** Lin-KK option bits (eis_linkk_batch `flags`). */
export const KK_FLAG = { ADMITTANCE: 1, ADD_C: 2, ADD_L: 4 } as const;

/**
 * The representation a fit's residuals and Jacobian are taken in (specs/global-fit.md Part B,
 * "Fitting in Y or M"): Z as measured, Y = 1/Z, or M = jωC0·Z (C0 passed beside the task).
 */
export const FIT_REPRESENTATION = { Z: 0, Y: 1, M: 2 } as const;

/**
 * Everything one fit reads: addresses into linear memory and counts, 4-byte words. The AS side
 * is the @unmanaged class FitTask with these fields in this order; n, w, lnw, zre, zim, sre,
 * sim and params are set per spectrum by eis_fit_batch.
 */
export const FIT_TASK = layout({
  code: 'ptr', codeLen: 'i32', nodes: 'i32', P: 'i32',
  params: 'ptr', // full parameter vector (fixed values stay; free ones are written)
  free: 'ptr', kinds: 'ptr', lower: 'ptr', upper: 'ptr', m: 'i32', // i32, i32, f64, f64 × m
  n: 'i32', w: 'ptr', lnw: 'ptr', zre: 'ptr', zim: 'ptr',
  sre: 'ptr', sim: 'ptr', // 1/σ per point (multiplying is cheaper than dividing)
  work: 'ptr', // program workspace
  jzr: 'ptr', jzi: 'ptr', // model Jacobian planes (N·P values each), column-major in the fit: parameter k's N values at k·N (assembly/lm.ts jacobianAtParams)
  lm: 'ptr', // LM scratch
  maxEvaluations: 'i32',
  representation: 'i32', // FIT_REPRESENTATION: the residuals' representation (specs/global-fit.md Part B)
  automaticStart: 'i32', // 1: no start value came from the user (initialGuess): λ0 = LAMBDA0_AUTO, else LAMBDA0; warm starts take LAMBDA0_AUTO
  noiseStop: 'i32', // 1: the statistical stop (ALGORITHM.NOISE_FLOOR) is on (FitProblem.noiseStop)
  eligible: 'ptr', // i32 × m: 1 where phase B may fit the unknown in natural units (FitProblem.eligible)
});

/** What one fit reports (f64 words, one record per fit). */
export const FIT_OUTCOME = layout({
  status: 'f64', chi2: 'f64', iterations: 'f64', nfev: 'f64', njev: 'f64',
  /** 1 when the warm fit was redone from the own start values. */
  warmFallback: 'f64',
  /** 1 when (AᵀA)⁻¹ could be computed. */
  covarianceDetermined: 'f64',
  /** 1 when the fit ended in phase B (resistances in natural units: src/reference/lm.ts). */
  phaseB: 'f64',
});

/**
 * The numbers of one fit's quality verdict (f64 words; eis_judge_batch in assembly/judge.ts): what
 * judgeResiduals (src/stats/judge.ts) computes on the fit's relative residuals, before its
 * comparisons with limits and bounds (those and the strings stay in TS: judgementFromRecord).
 * Each part's eight fields are contiguous in PartStatistics' order (noise, rms, runs test, lag-1).
 */
export const JUDGEMENT = layout({
  maxAbs: 'f64', sizeRatio: 'f64',
  /** Smallest whiteness p-value and its test: 0 runs Re, 1 runs Im, 2 lag-1 Re, 3 lag-1 Im. */
  whitenessP: 'f64', whitenessTest: 'f64',
  reNoise: 'f64', reRms: 'f64', reRuns: 'f64', reExpected: 'f64', reZ: 'f64', reP: 'f64', reLag1: 'f64', reLag1P: 'f64',
  imNoise: 'f64', imRms: 'f64', imRuns: 'f64', imExpected: 'f64', imZ: 'f64', imP: 'f64', imLag1: 'f64', imLag1P: 'f64',
  /** The best single point (part: 0 Re, 1 Im) and the best wider window of the scan. */
  singleIndex: 'f64', singleScore: 'f64', singlePart: 'f64',
  wideIndex: 'f64', wideWidth: 'f64', wideScore: 'f64', widePart: 'f64',
});

/**
 * The weighted sums of initialGuess's arc-shape average over an arc's points (f64 words;
 * eis_guess_arc_sums in assembly/guess.ts, the twin of src/guess/circle.ts arcShape's loop):
 * Σwt, Σwt·Re u/|u|, Σwt·Im u/|u|, Σwt·ln|u|², Σwt·ln ω.
 */
export const GUESS_ARC_SUMS = layout({ sw: 'f64', sc: 'f64', ss: 'f64', su: 'f64', sl: 'f64' });

/**
 * One arc measured in one call (eis_guess_measure, the twin of src/guess/circle.ts measureArc up
 * to its atan2 and exp, after trimTailSide): the GUESS_ARC_SUMS sums over the arc's points, then
 * the width and intercept they were taken at (circle, else the apex fallback) and the arc's
 * first point (trimmed on the tail's side or as given), f64 words.
 */
export const GUESS_MEASURE = layout({ sw: 'f64', sc: 'f64', ss: 'f64', su: 'f64', sl: 'f64', r: 'f64', xhf: 'f64', a: 'f64' });

/**
 * initialGuess's passes on the Work arrays in WASM memory (assembly/guess-passes.ts): prepare's
 * smallest and largest non-zero |Z|² (eis_guess_points) and a Kåsa circle's centre and radius
 * (eis_guess_circle, the twin of src/guess/circle.ts circleFit), f64 words.
 */
export const GUESS_POINTS = layout({ z2Min: 'f64', z2Max: 'f64' });
export const GUESS_CIRCLE = layout({ cx: 'f64', cy: 'f64', r: 'f64' });
/** estimateTail's sums (eis_guess_tail_sums, the twin of src/guess/features.ts estimateTail's loop): count, Σln ω, Σ(ln ω)², Σln y, Σln ω·ln y. */
/**
 * prepare in one call (eis_guess_input): points kept, and whether they came ascending, descending,
 * equally log-spaced, read backwards (0/1); when they came sorted (done 1) also its ln ω / 1/|Z|
 * pass's ln ω step (NaN: not equally log-spaced) and smallest and largest non-zero |Z|².
 */
export const GUESS_INPUT = layout({ n: 'f64', ascending: 'f64', descending: 'f64', uniform: 'f64', back: 'f64', done: 'f64', step: 'f64', z2Min: 'f64', z2Max: 'f64' });
export const GUESS_TAIL_SUMS = layout({ s0: 'f64', s1: 'f64', s2: 'f64', t0: 'f64', t1: 'f64' });

/** What Lin-KK reports per spectrum (f64 words). */
export const KK_SUMMARY = layout({
  M: 'f64', mu: 'f64', chi2: 'f64',
  /** Index of the F_ext candidate used. */
  extIndex: 'f64',
  /** 1 when the rule found μ < c. */
  found: 'f64',
  /** Points of the μ(M) curve written. */
  curveLength: 'f64',
  rankDeficient: 'f64',
});

/**
 * The global fit (issue 13, specs/global-fit.md): the role of a free parameter (ROLE of
 * src/reference/global-map.ts is this), which step solver the loop uses (schur, with its dense
 * fallback, or always dense), and the numbers of the arrowhead step and the temperature laws,
 * which the TS reference (src/reference/global-lm.ts, global-map.ts) and the WASM port read here.
 */
export const GLOBAL_ROLE = { LOCAL: 0, SHARED: 1, SIGMA: 2, SIGMA_T: 3, VTF: 4 } as const;
export const GLOBAL_METHOD = { SCHUR: 0, DENSE: 1 } as const;
export const GLOBAL_LM = {
  /** Condition estimate of the reduced matrix S (Jacobi-scaled) above which the step is taken by dense QR. */
  SCHUR_CONDITION_LIMIT: 1e12,
  /**
   * Largest dense QR fallback, in matrix entries ((rows + unknowns) × unknowns: 2²³ doubles, 64 MB;
   * 50 spectra × 40 f with 108 unknowns take 0.45 M). Beyond it a step the Schur complement cannot
   * take counts as rejected: λ grows, which makes every V_s* and S better conditioned.
   */
  DENSE_FALLBACK_LIMIT: 2 ** 23,
  /** Boltzmann's constant in eV/K (CODATA 2018, exact). */
  K_B_EV: 8.617333262e-5,
} as const;

/**
 * One global fit as the kernel reads it (4-byte words; eis_global_lm in assembly/global-index.ts).
 * Per spectrum s (points off[s] … off[s+1] of the concatenated arrays): its parameter row
 * params + s·P (fixed values stay, free ones are written), its bounds lower/upper/kinds + s·m.
 * The program, free list, workspace and representation are those of a FIT_TASK passed beside it.
 */
export const GLOBAL_TASK = /* @__PURE__ */ layout({
  S: 'i32', G: 'i32', L: 'i32', method: 'i32',
  /** 1 when the dense step's matrix is in the scratch (method DENSE, or a fallback within the dense limit). */
  dense: 'i32',
  /** f64 words of `scratch` (globalScratchWords): bind() aborts if its layout needs more. */
  scratchWords: 'i32',
  off: 'ptr', w: 'ptr', lnw: 'ptr', zre: 'ptr', zim: 'ptr', sre: 'ptr', sim: 'ptr', // i32 × (S + 1), then f64 × points
  params: 'ptr', lower: 'ptr', upper: 'ptr', kinds: 'ptr', // f64 × S·P, f64 × S·m ×2, i32 × S·m
  roles: 'ptr', globalAt: 'ptr', localAt: 'ptr', // i32 × m each
  temperatures: 'ptr', // f64 × S
  scratch: 'ptr', // globalScratchWords f64
});

/** What one global fit reports (f64 words): FIT_OUTCOME's first five fields, then the dense fallbacks. */
export const GLOBAL_OUTCOME = /* @__PURE__ */ layout({
  status: 'f64', chi2: 'f64', iterations: 'f64', nfev: 'f64', njev: 'f64',
  /** Steps the Schur complement could not take, taken by dense QR. */
  denseFallbacks: 'f64',
});

/** DRT (issue 12): which rows are fitted (specs/drt.md §1.7). */
export const DRT_MODE = { COMPLEX: 0, REAL: 1, IMAG: 2 } as const;
/** DRT: the λ selection methods (§3). */
export const DRT_METHOD = { MGCV: 0, GCV: 1, RGCV: 2, RE_IM: 3, LCURVE: 4 } as const;
/** DRT: the λ selection rules (§3). */
export const DRT_RULE = { PLATEAU: 0, ARGMIN: 1 } as const;
/** DRT: numerical trouble of one problem as bits (src/backend/wasm.ts turns them into the TS core's warnings). */
export const DRT_WARN = { ALL_NAN: 1, NNLS_FREE_SINGULAR: 2, NNLS_CAP: 4, NNLS_BLOCKED: 8 } as const;
/** DRT: points of the λ grid 10^{−7+0.1k} (§3). */
export const DRT_GRID = { POINTS: 71 } as const;

/** One DRT problem's options (f64 words, one record per problem; the points come by offsets). */
export const DRT_TASK = layout({
  rbfShape: 'f64', penalty: 'f64', inductance: 'f64', freeColumns: 'f64', mode: 'f64',
  /** 1: the Toeplitz shortcut may be used (build 'auto'); 0: never. */
  toeplitzAllowed: 'f64',
  /** The fixed λ; NaN scans the grid. */
  lambda: 'f64',
  method: 'f64', rule: 'f64',
});

/** What one DRT reports (f64 words, one record per problem). */
export const DRT_OUTCOME = layout({
  p: 'f64', rInfColumn: 'f64', lColumn: 'f64', epsilon: 'f64', toeplitz: 'f64', lambda: 'f64',
  /** The chosen grid index (-1 when λ was given). */
  index: 'f64',
  iterations: 'f64', converged: 'f64',
  /** DRT_WARN bits. */
  warnings: 'f64',
});

/** Constant groups the generator writes as `GROUP_NAME: type = value`. */
export const ABI_CONSTANTS = {
  OP: { type: 'i32', values: OP },
  ALGORITHM: { type: 'f64', values: ALGORITHM },
  FIT_STATUS: { type: 'i32', values: FIT_STATUS },
  BOUND: { type: 'i32', values: BOUND },
  FIT_REPRESENTATION: { type: 'i32', values: FIT_REPRESENTATION },
  WARM_START: { type: 'f64', values: WARM_START },
  KK_FIT: { type: 'i32', values: KK_FIT },
  KK_RULE: { type: 'i32', values: KK_RULE },
  KK_FLAG: { type: 'i32', values: KK_FLAG },
  DRT_MODE: { type: 'i32', values: DRT_MODE },
  DRT_METHOD: { type: 'i32', values: DRT_METHOD },
  DRT_RULE: { type: 'i32', values: DRT_RULE },
  DRT_WARN: { type: 'i32', values: DRT_WARN },
  DRT_GRID: { type: 'i32', values: DRT_GRID },
  GLOBAL_ROLE: { type: 'i32', values: GLOBAL_ROLE },
  GLOBAL_METHOD: { type: 'i32', values: GLOBAL_METHOD },
  GLOBAL_LM: { type: 'f64', values: GLOBAL_LM },
} as const;

/** Records the generator writes: field indices `RECORD_FIELD`, the stride `RECORD_WORDS`, and for `asClass` an @unmanaged class. */
export const ABI_RECORDS = {
  FIT_TASK: { layout: FIT_TASK, asClass: 'FitTask' },
  FIT_OUTCOME: { layout: FIT_OUTCOME },
  JUDGEMENT: { layout: JUDGEMENT },
  GUESS_ARC_SUMS: { layout: GUESS_ARC_SUMS },
  GUESS_MEASURE: { layout: GUESS_MEASURE },
  GUESS_POINTS: { layout: GUESS_POINTS },
  GUESS_CIRCLE: { layout: GUESS_CIRCLE },
  GUESS_TAIL_SUMS: { layout: GUESS_TAIL_SUMS },
  GUESS_INPUT: { layout: GUESS_INPUT },
  KK_SUMMARY: { layout: KK_SUMMARY },
  DRT_TASK: { layout: DRT_TASK },
  DRT_OUTCOME: { layout: DRT_OUTCOME },
  GLOBAL_TASK: { layout: GLOBAL_TASK, asClass: 'GlobalTask' },
  GLOBAL_OUTCOME: { layout: GLOBAL_OUTCOME },
} as const;
