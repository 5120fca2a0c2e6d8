/**
 * Fitted parameters against temperature: one small panel per parameter with ±1 standard error
 * bars, log y for resistances (and for anything spanning more than a decade).
 */
import type { TopLevelSpec } from 'vega-lite';
import { EisError, show } from '../errors.ts';
import type { SeriesPoint, TemperatureSeriesResult } from '../analysis/series.ts';
import { finite, object, options as checkOpts, pixels, text } from './input.ts';
import { DATA_POINT, PALETTE, SCHEMA, SIZE, config } from './theme.ts';
import { extent, logTicks } from './scale.ts';
import { unitOfParamName } from '../elements/index.ts';

/** A temperatureSeries() point, structurally: its temperature and fit. */
export interface ParameterPointLike {
  temperatureK: number;
  fit: Pick<SeriesPoint['fit'], 'paramNames' | 'params' | 'stderr'> & { units?: readonly string[] };
}

/** A temperatureSeries() result's `table`: columns 'temperatureK', then `name` and `name stderr` per parameter. */
export interface ParameterTableLike {
  columns: readonly string[];
  rows: readonly (readonly number[])[];
}

export type ParameterInput = readonly ParameterPointLike[] | Pick<TemperatureSeriesResult, 'points'> | ParameterTableLike;

export interface ParameterPlotOptions {
  /** Temperature axis in kelvin or degrees Celsius. @default 'K' */
  temperature?: 'K' | 'C';
  /**
   * Which panels have a log y axis: 'auto' — the parameter is a resistance (unit Ω) or spans at
   * least a decade — or the list of names. Only panels whose values are all > 0 can be log.
   * @default 'auto'
   */
  log?: 'auto' | readonly string[];
  /** Units by parameter name (fit results carry their own; a table does not). */
  units?: Readonly<Record<string, string>>;
  /** Panels per row. @default 3 */
  columns?: number;
  /** Size of one panel (px). @default 200 × 140 */
  width?: number;
  height?: number;
  title?: string;
}

/** A row of one panel: T (K), the x value (K or °C), the parameter, its error bar ends. */
export interface ParameterRow {
  temperatureK: number;
  t: number;
  value: number;
  lower?: number;
  upper?: number;
}

interface Column {
  name: string;
  unit: string | null;
  values: number[];
  stderr: number[];
}

/**
 * Small multiples of fitted parameters against temperature, from temperatureSeries() (its
 * result, its `points` or its `table`). `names` picks and orders the panels (default: all).
 * On a log axis an error bar that reaches 0 or below is cut at half the panel's smallest value.
 * @example renderSvg(parameterSpec(series, ['R1', 'CPE1.alpha']))
 */
export function parameterSpec(input: ParameterInput, names?: readonly string[] | null, options: ParameterPlotOptions = {}): TopLevelSpec {
  const o = checkOpts('options', options);
  const { temps, columns } = read(input, o.units);
  const chosen = pick(columns, names);
  const celsius = o.temperature === 'C';
  if (o.temperature !== undefined && o.temperature !== 'K' && !celsius) throw new EisError('E_ARG_RANGE', `invalid option. \`temperature\` must be 'K' or 'C'; got ${show(o.temperature)}.`, { argument: 'temperature' });
  const logNames = o.log === undefined || o.log === 'auto' ? null : Array.isArray(o.log) ? new Set(pick(columns, o.log as string[], 'log').map((c) => c.name)) : badLog(o.log);
  const perRow = o.columns === undefined ? Math.min(3, chosen.length) : integer('columns', o.columns);
  const width = pixels('width', o.width, SIZE.panelWidth), height = pixels('height', o.height, SIZE.panelHeight);
  const title = text('title', o.title);
  const x = { field: 't', type: 'quantitative' as const, scale: { zero: false, nice: false, padding: 10 }, axis: { title: celsius ? 'θ (°C)' : 'T (K)' } };

  const panels = chosen.map((c) => {
    const positive = c.values.every((v) => v > 0);
    const [lo, hi] = extent([c.values]);
    const log = positive && (logNames ? logNames.has(c.name) : c.unit?.startsWith('Ω') === true || hi / lo >= 10);
    const rows = panelRows(c, temps, celsius, log);
    const bars = rows.filter((r) => r.lower !== undefined);
    const yTicks = log ? logTicks(...extent([c.values, bars.map((r) => r.lower!), bars.map((r) => r.upper!)])) : undefined;
    const y = {
      field: 'value', type: 'quantitative' as const,
      scale: log ? { type: 'log' as const, nice: false, padding: 6 } : { zero: false, padding: 6 },
      // SI prefixes for quantities with a unit (20k under 'R1 (Ω)'), plain numbers for the rest
      axis: { title: `${display(c.name)} (${c.unit === null ? 'unit?' : c.unit || '–'})`, format: c.unit ? '~s' : '~g', ...(yTicks ? { values: yTicks } : {}) },
    };
    return {
      title: display(c.name), width, height,
      layer: [
        { name: `${safe(c.name)}_line`, data: { values: rows }, mark: { type: 'line' as const, strokeWidth: 1, color: PALETTE[0]!, opacity: 0.5 }, encoding: { x, y, order: { field: 't', type: 'quantitative' as const } } },
        ...(bars.length ? [{ name: `${safe(c.name)}_errorbars`, data: { values: bars }, mark: { type: 'rule' as const, color: PALETTE[0]! }, encoding: { x, y: { ...y, field: 'lower' }, y2: { field: 'upper' } } }] : []),
        { name: `${safe(c.name)}_points`, data: { values: rows }, mark: { ...DATA_POINT, color: PALETTE[0]! }, encoding: { x, y, tooltip: [{ field: 't', type: 'quantitative' as const, title: x.axis.title }, { field: 'value', type: 'quantitative' as const, title: y.axis.title, format: '.4~g' }] } },
      ],
    };
  });
  return {
    $schema: SCHEMA,
    config: config(),
    ...(title !== undefined ? { title } : {}),
    columns: perRow,
    concat: panels,
    resolve: { scale: { x: 'shared' } },
  };
}

/** Rows of one panel; error bars where the standard error is finite and > 0. */
function panelRows(c: Column, temps: number[], celsius: boolean, log: boolean): ParameterRow[] {
  const floor = log ? c.values.reduce((a, x) => Math.min(a, x), Infinity) / 2 : -Infinity;
  return temps.map((T, i) => {
    const v = c.values[i]!, se = c.stderr[i]!;
    const bar = Number.isFinite(se) && se > 0 ? { lower: Math.max(v - se, floor), upper: v + se } : {};
    return { temperatureK: T, t: celsius ? T - 273.15 : T, value: v, ...bar };
  });
}

/** Temperatures and parameter columns from any accepted input. */
function read(input: unknown, units: unknown): { temps: number[]; columns: Column[] } {
  const given = units === undefined ? {} : object('units', units, 'an object of units by parameter name');
  const unitOf = (name: string, fromFit?: string) => (typeof given[name] === 'string' ? (given[name] as string) : fromFit !== undefined ? prettyUnit(fromFit) : guessUnit(name));
  if (Array.isArray(input)) return fromPoints(input, unitOf);
  const o = object('input', input, 'temperatureSeries() points, result or table');
  if (Array.isArray(o.points)) return fromPoints(o.points, unitOf);
  if (Array.isArray(o.columns) && Array.isArray(o.rows)) return fromTable(o.columns, o.rows, unitOf);
  throw new EisError('E_ARG_TYPE', `invalid argument. \`input\` must be temperatureSeries() points, its result or its table { columns, rows }; got an object with keys ${Object.keys(o).slice(0, 6).join(', ') || '(none)'}.`, { argument: 'input' });
}

function fromPoints(points: unknown[], unitOf: (n: string, u?: string) => string | null): { temps: number[]; columns: Column[] } {
  if (points.length === 0) throw new EisError('E_ARG_LENGTH', 'invalid argument. `points` must hold at least one temperature; got an empty array.', { argument: 'points', length: 0 });
  const first = object('points[0].fit', object('points[0]', points[0], 'a series point { temperatureK, fit }').fit, 'a fit result');
  if (!Array.isArray(first.paramNames)) throw new EisError('E_ARG_TYPE', `invalid argument. \`points[0].fit.paramNames\` must be an array of names; got ${show(first.paramNames)}.`, { argument: 'points[0].fit.paramNames' });
  const names = first.paramNames as string[];
  const units = Array.isArray(first.units) ? (first.units as string[]) : [];
  const columns: Column[] = names.map((name, j) => ({ name, unit: unitOf(name, units[j]), values: [], stderr: [] }));
  // Array.from visits holes (as undefined: E_ARG_TYPE naming them), which map would skip
  const temps = Array.from(points, (p, i) => {
    const q = object(`points[${i}]`, p, 'a series point { temperatureK, fit }');
    const f = object(`points[${i}].fit`, q.fit, 'a fit result');
    const T = finite(`points[${i}].temperatureK`, q.temperatureK);
    const pn = f.paramNames as unknown;
    if (!Array.isArray(pn) || pn.length !== names.length || pn.some((n, j) => n !== names[j])) throw new EisError('E_ARG_RANGE', `invalid argument. \`points[${i}].fit.paramNames\` differ from those of points[0]; every point must come from the same circuit.`, { argument: `points[${i}].fit.paramNames`, index: i });
    const params = f.params as ArrayLike<unknown>, se = f.stderr as ArrayLike<unknown> | undefined;
    if (params == null || params.length !== names.length) throw new EisError('E_ARG_LENGTH', `invalid argument. \`points[${i}].fit.params\` must have ${names.length} values (one per parameter); got ${show(params)}.`, { argument: `points[${i}].fit.params`, index: i });
    columns.forEach((c, j) => {
      c.values.push(finite(`points[${i}].fit.params[${j}] (${c.name})`, params[j]));
      c.stderr.push(typeof se?.[j] === 'number' ? (se[j] as number) : Number.NaN);
    });
    return T;
  });
  return { temps, columns };
}

function fromTable(cols: unknown[], rows: unknown[], unitOf: (n: string) => string | null): { temps: number[]; columns: Column[] } {
  const iT = cols.indexOf('temperatureK');
  if (iT < 0) throw new EisError('E_ARG_TYPE', "invalid argument. `table.columns` must include 'temperatureK' (temperatureSeries().table).", { argument: 'table.columns' });
  if (rows.length === 0) throw new EisError('E_ARG_LENGTH', 'invalid argument. `table.rows` must hold at least one temperature; got an empty array.', { argument: 'table.rows', length: 0 });
  const names = cols.filter((c): c is string => typeof c === 'string' && cols.includes(`${c} stderr`));
  rows.forEach((r, i) => {
    if (!Array.isArray(r) || r.length !== cols.length) throw new EisError('E_ARG_LENGTH', `invalid argument. \`table.rows[${i}]\` must have ${cols.length} values (one per column); got ${show(r)}.`, { argument: `table.rows[${i}]`, index: i });
  });
  const cell = (i: number, j: number) => (rows[i] as unknown[])[j];
  const temps = rows.map((_, i) => finite(`table.rows[${i}][${iT}] (temperatureK)`, cell(i, iT)));
  const columns = names.map((name) => {
    const j = cols.indexOf(name), js = cols.indexOf(`${name} stderr`);
    return {
      name, unit: unitOf(name),
      values: rows.map((_, i) => finite(`table.rows[${i}][${j}] (${name})`, cell(i, j))),
      stderr: rows.map((_, i) => (typeof cell(i, js) === 'number' ? (cell(i, js) as number) : Number.NaN)),
    };
  });
  return { temps, columns };
}

/** The named columns in the given order (all when `names` is absent). */
function pick(columns: Column[], names: readonly string[] | null | undefined, arg = 'names'): Column[] {
  if (names == null) {
    const params = columns.filter((c) => c.name !== 'sigma'); // σ of a table: only when named
    if (params.length === 0) throw new EisError('E_ARG_LENGTH', 'invalid argument. the input has no parameters to plot.', { argument: 'input' });
    return params;
  }
  if (!Array.isArray(names)) throw new EisError('E_ARG_TYPE', `invalid argument. \`${arg}\` must be an array of parameter names; got ${show(names)}.`, { argument: arg });
  if (names.length === 0 && arg === 'names') throw new EisError('E_ARG_LENGTH', 'invalid argument. `names` must name at least one parameter; got an empty array.', { argument: 'names', length: 0 });
  return names.map((n, i) => {
    const c = columns.find((col) => col.name === n);
    if (!c) throw new EisError('E_UNKNOWN_PARAM', `invalid argument. \`${arg}[${i}]\` = ${show(n)} is not a parameter of the input; it has ${columns.map((col) => col.name).join(', ')}.`, { argument: arg, index: i, value: n });
    return c;
  });
}

/** Element-table unit text as an axis title wants it: 'Ohm' → Ω, 'S s^a' → S·s^α. */
export function prettyUnit(u: string): string {
  return u.replace(/Ohm/g, 'Ω').replace(/\^a\b/g, '^α').replace(/gamma/g, 'γ').replace(/-/g, '−').replace(/ /g, '·');
}

/** The unit of a parameter by its name, for tables (null when the name does not tell). */
function guessUnit(name: string): string | null {
  if (name === 'sigma') return 'S/cm';
  // an element parameter (R1, CPE1.Q, W1, TLMQ1.Qs): the unit its element file declares
  const unit = unitOfParamName(name);
  if (unit !== undefined) return prettyUnit(unit);
  // other names, by their look
  if (/^R\w*$/.test(name) || /\.R(ion)?$/.test(name)) return 'Ω';
  if (/^C\d*$/.test(name)) return 'F';
  if (/^L\d*$/.test(name)) return 'H';
  if (/\.tau$/.test(name)) return 's';
  if (/\.(alpha|gamma|phi)$/.test(name)) return '';
  if (/^CPE\d*\.Q$/.test(name)) return 'S·s^α';
  return null;
}

function integer(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 100) throw new EisError('E_ARG_RANGE', `invalid option. \`${name}\` must be an integer from 1 to 100; got ${show(v)}.`, { argument: name, value: v });
  return v;
}

function badLog(v: unknown): never {
  throw new EisError('E_ARG_TYPE', `invalid option. \`log\` must be 'auto' or an array of parameter names; got ${show(v)}.`, { argument: 'log' });
}

/** σ for the table's 'sigma'; parameter names as they are. */
function display(name: string): string {
  return name === 'sigma' ? 'σ' : name;
}

/** A parameter name as a mark name (letters, digits, _). */
function safe(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}
