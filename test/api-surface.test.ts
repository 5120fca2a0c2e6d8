/**
 * The public API surface: every runtime export of each package entry, with its typeof. An
 * export that disappears or changes kind (a function becoming an object, a constant becoming a
 * getter function) fails here, so it is a decision, never an accident. Adding an export also
 * fails until it is listed: add it below in the same commit (and to CHANGELOG.md). Types are
 * not runtime values; the typecheck guards them.
 */
import { describe, expect, it } from 'vitest';
import * as root from '../src/index.ts';
import * as io from '../src/io/index.ts';
import * as analysis from '../src/analysis/index.ts';
import * as plot from '../src/plot/index.ts';
import * as report from '../src/report/index.ts';

/** `{ name: typeof value }` of a module namespace, in name order. */
function surface(ns: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.keys(ns).sort().map((name) => [name, typeof ns[name]]));
}

const ENTRIES: Record<string, Record<string, unknown>> = {
  'src/index.ts': root,
  'src/io/index.ts': io,
  'src/analysis/index.ts': analysis,
  'src/plot/index.ts': plot,
  'src/report/index.ts': report,
};

const EXPECTED: Record<string, Record<string, string>> = {
  'src/index.ts': {
    BOLTZMANN_EV: 'number',
    Circuit: 'function',
    CircuitSyntaxError: 'function',
    EPSILON_0: 'number',
    ELEMENTS: 'object',
    EisError: 'function',
    Engine: 'function',
    FIT_MESSAGES: 'object',
    FIT_STATUS: 'object',
    FORMAT_NAMES: 'object',
    WASM_HASH: 'string',
    arrhenius: 'function',
    celsiusToKelvin: 'function',
    chronoamperometry: 'function',
    createEngine: 'function',
    cropSpectrum: 'function',
    detectFormat: 'function',
    drt: 'function',
    drtBatch: 'function',
    effectiveCapacitance: 'function',
    electronicConductivity: 'function',
    fit: 'function',
    fitBatch: 'function',
    globalFit: 'function',
    init: 'function',
    initialGuess: 'function',
    ionicConductivity: 'function',
    jonscherFit: 'function',
    jonscherSigma: 'function',
    kelvinToCelsius: 'function',
    linKK: 'function',
    linKKBatch: 'function',
    logCovariance: 'function',
    logFrequencies: 'function',
    parseCircuit: 'function',
    readJson: 'function',
    readResultsJson: 'function',
    readSpectra: 'function',
    readSpectraFile: 'function',
    readableFormats: 'function',
    simulate: 'function',
    stabilityWindow: 'function',
    studentTQuantile: 'function',
    temperatureSeries: 'function',
    terminateFitWorkers: 'function',
    toAdmittance: 'function',
    toCapacitance: 'function',
    toConductivity: 'function',
    toModulus: 'function',
    toPermittivity: 'function',
    transferenceNumber: 'function',
    writeJson: 'function',
    writeResultsJson: 'function',
    writeSpectraCsv: 'function',
    zhit: 'function',
  },
  'src/io/index.ts': {
    DEFAULT_MAX_BYTES: 'number',
    FORMAT_NAMES: 'object',
    JSON_FORMAT: 'string',
    JSON_VERSION: 'number',
    RESULTS_FORMAT: 'string',
    RESULTS_VERSION: 'number',
    detectFormat: 'function',
    readJson: 'function',
    readResultsJson: 'function',
    readSpectra: 'function',
    readSpectraFile: 'function',
    readableFormats: 'function',
    writeJson: 'function',
    writeResultsJson: 'function',
    writeSpectraCsv: 'function',
  },
  'src/analysis/index.ts': {
    BOLTZMANN_EV: 'number',
    arrhenius: 'function',
    celsiusToKelvin: 'function',
    chronoamperometry: 'function',
    effectiveCapacitance: 'function',
    electronicConductivity: 'function',
    ionicConductivity: 'function',
    jonscherFit: 'function',
    jonscherSigma: 'function',
    kelvinToCelsius: 'function',
    logCovariance: 'function',
    stabilityWindow: 'function',
    studentTQuantile: 'function',
    temperatureSeries: 'function',
    transferenceNumber: 'function',
  },
  'src/plot/index.ts': {
    PALETTE: 'object',
    SCHEMA: 'string',
    arrheniusSpec: 'function',
    bodeSpec: 'function',
    conductivityPlot: 'function',
    drtPlot: 'function',
    drtStackPlot: 'function',
    eaText: 'function',
    kkResidualsSpec: 'function',
    lambdaCurvePlot: 'function',
    modulusPeaks: 'function',
    modulusPlot: 'function',
    nyquistSpec: 'function',
    parameterSpec: 'function',
    plotConfig: 'function',
    prettyUnit: 'function',
    renderSvg: 'function',
    residualsPlot: 'function',
    zhitPlot: 'function',
  },
  'src/report/index.ts': {
    bulkComparison: 'function',
    cell: 'function',
    countsText: 'function',
    dielectricBlocks: 'function',
    dielectricReading: 'function',
    dielectricView: 'function',
    drtBlocks: 'function',
    jonscherBlocks: 'function',
    kkMethodText: 'function',
    lambdaText: 'function',
    rangeText: 'function',
    reportHtml: 'function',
    seriesBlocks: 'function',
    spectrumBlocks: 'function',
    summaryBlocks: 'function',
    summaryRows: 'function',
    trackBlocks: 'function',
    zhitBlocks: 'function',
    zhitWord: 'function',
  },
};


describe('public API surface', () => {
  for (const [entry, ns] of Object.entries(ENTRIES)) {
    it(`${entry} exports exactly the listed names, each of the listed kind`, () => {
      expect(surface(ns)).toEqual(EXPECTED[entry]);
    });
  }

  it('the sub-entries re-exported from the root are the same objects', () => {
    for (const ns of [io, analysis]) {
      for (const name of Object.keys(ns)) if (name in root) expect((root as Record<string, unknown>)[name], name).toBe((ns as Record<string, unknown>)[name]);
    }
  });
});
