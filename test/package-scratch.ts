/**
 * A scratch project with eiskit installed the way a user gets it: `npm pack` of the built
 * repository (dist/ must be built), then `npm ci` of the tarball in a temporary folder. The
 * scratch lockfile lists the tarball and the package's runtime dependencies as the repository's
 * own lockfile resolves them, so `npm ci --offline` installs everything from the npm cache that
 * the repository's `npm ci` filled — no network, and no registry metadata needed.
 * The project holds compute.js, one computation (read a CSV, fit, Lin-KK, readSpectraFile, fits in workers) that
 * the tests run in Node, Chromium and workerd against the installed package.
 * Used by test/package.node.test.ts and test/edge.node.test.ts; drt-compute.js, the DRT of the same
 * spectrum, by the latter.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The spectrum compute.js reads (data.js holds its text). */
export const FIXTURE = 'test/fixtures/impedancepy/exampleData.csv';

/**
 * The scratch project's own code, the same in every runtime. Numbers travel as the hex of their
 * bits, so equal means identical.
 */
const COMPUTE_JS = `
import { init, parseCircuit, fit, fitBatch, linKK, terminateFitWorkers } from 'eiskit';
import { readSpectra, readSpectraFile } from 'eiskit/io';

const bits = (values) => Array.from(new Uint32Array(Float64Array.from(values).buffer), (w) => w.toString(16).padStart(8, '0')).join('');

export async function compute(csvText, { path, initOptions, workers, backend } = {}) {
  const info = await init(initOptions);
  const [spectrum] = readSpectra(csvText, { fileName: 'exampleData.csv' });
  const circuit = parseCircuit('R0-p(R1,C1)-p(R2-Wo1,C2)');
  const result = fit(circuit, spectrum, { backend });
  const kk = linKK(spectrum, { backend });
  // the same fit twice in two workers (worker_threads in Node, Web Workers in browsers)
  const inWorkers = workers ? await fitBatch(circuit, [spectrum, spectrum], { workers: 2 }).finally(terminateFitWorkers) : [];
  let file;
  try {
    file = { spectra: (await readSpectraFile(path)).length };
  } catch (e) {
    file = { code: e.code, message: e.message };
  }
  return {
    init: info.backend, initWarning: info.warning, fitBackend: result.backend, success: result.success,
    paramBits: bits(result.params), chi2Bits: bits([result.chi2]), kkBackend: kk.backend, kkM: kk.M,
    kkBits: bits([...kk.residuals.re, ...kk.residuals.im]), file,
    workerBits: inWorkers.map((r) => bits(r.params)),
  };
}
`;

/**
 * The DRT of the same spectrum (drt-compute.js): its own file, so that compute.js's bundles stay
 * without the DRT (and its module) as an app that does not call drt().
 */
const DRT_COMPUTE_JS = `
import { init, drt } from 'eiskit';
import { readSpectra } from 'eiskit/io';

const bits = (values) => Array.from(new Uint32Array(Float64Array.from(values).buffer), (w) => w.toString(16).padStart(8, '0')).join('');

export async function computeDrt(csvText, { initOptions, backend } = {}) {
  const info = await init(initOptions);
  const [spectrum] = readSpectra(csvText, { fileName: 'exampleData.csv' });
  const d = drt(spectrum, { backend });
  return { init: info.backend, initWarning: info.warning, backend: d.backend, lambdaBits: bits([d.lambda]), gammaBits: bits(d.gamma), warnings: d.warnings };
}
`;

/** What drt-compute.js returns (or `error`). */
export interface ComputedDrt {
  init: 'wasm' | 'js'; initWarning?: string; backend: 'wasm' | 'js'; lambdaBits: string; gammaBits: string; warnings: string[]; error?: string;
}

/** drt-compute.js in Node (the Node build). */
export function computeDrtInNode(scratch: ScratchProject, backend: 'auto' | 'js' = 'auto'): ComputedDrt {
  const script = `import { readFileSync } from 'node:fs'; import { computeDrt } from './drt-compute.js'; console.log(JSON.stringify(await computeDrt(readFileSync(process.argv[1], 'utf8'), { backend: '${backend}' })));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script, join(process.cwd(), FIXTURE)], { cwd: scratch.dir, encoding: 'utf8' })) as ComputedDrt;
}

/** What compute.js returns (or `error`, the stack of what it threw). */
export interface Computed {
  init: 'wasm' | 'js'; initWarning?: string; fitBackend: 'wasm' | 'js'; success: boolean; paramBits: string; chi2Bits: string;
  kkBackend: 'wasm' | 'js'; kkM: number; kkBits: string; file: { spectra?: number; code?: string; message?: string };
  /** The parameter bits of the fits in two workers (`workers: true`), else empty. */
  workerBits: string[]; error?: string;
}

/**
 * compute.js in Node, where `eiskit` resolves to the Node build (readSpectraFile reads the
 * fixture; fits in two worker threads unless on the JS backend).
 */
export function computeInNode(scratch: ScratchProject, backend: 'auto' | 'js' = 'auto'): Computed {
  const script = `import { readFileSync } from 'node:fs'; import { compute } from './compute.js'; const path = process.argv[1]; console.log(JSON.stringify(await compute(readFileSync(path, 'utf8'), { path, workers: ${backend !== 'js'}, backend: '${backend}' })));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script, join(process.cwd(), FIXTURE)], { cwd: scratch.dir, encoding: 'utf8' })) as Computed;
}

/** What `npm pack` needs built (npm run build). */
export const PACKAGE_BUILT = ['dist/node/eiskit.mjs', 'dist/browser/eiskit.mjs', 'dist/eiskit.wasm', 'dist/types/src/index.d.ts'].every((f) => existsSync(f));

export interface ScratchProject {
  /** The project folder (node_modules/eiskit is the installed package). */
  readonly dir: string;
  /** The packed tarball's file name inside `dir`. */
  readonly tarball: string;
  /** The files the tarball holds (paths inside the package). */
  readonly packedFiles: readonly string[];
  remove(): void;
}

type LockEntry = { version?: string; resolved?: string; integrity?: string; dependencies?: Record<string, string>; optionalDependencies?: Record<string, string>; [k: string]: unknown };

/**
 * The lockfile entries (keys like `node_modules/vega` or `node_modules/a/node_modules/b`) of
 * `names` and everything they depend on, found as Node resolves a dependency: in the dependent's
 * own node_modules first, then in its ancestors'.
 */
function dependencyClosure(packages: Record<string, LockEntry>, names: readonly string[]): string[] {
  const found = new Set<string>();
  const visit = (name: string, from: string) => {
    for (let base = from; ; base = base.slice(0, Math.max(0, base.lastIndexOf('/node_modules/')))) {
      const key = `${base ? `${base}/` : ''}node_modules/${name}`;
      const entry = packages[key];
      if (entry) {
        if (found.has(key)) return;
        found.add(key);
        for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) visit(dep, key);
        return;
      }
      if (!base) throw new Error(`the repository lockfile has no entry for ${name} (needed by ${from || 'eiskit'})`);
    }
  };
  for (const name of names) visit(name, '');
  return [...found];
}

/** Packs the repository and installs the tarball into a new temporary project. */
export function createScratchProject(): ScratchProject {
  const dir = mkdtempSync(join(tmpdir(), 'eiskit-package-'));
  try {
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { encoding: 'utf8' })) as { filename: string; files: { path: string }[] }[];
    const tarball = packed!.filename;
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { name: string; version: string; dependencies?: Record<string, string>; engines?: unknown; license?: string };
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, LockEntry> };
    const dependencies = manifest.dependencies ?? {};
    const packages: Record<string, LockEntry> = {
      '': { name: 'eiskit-scratch', dependencies: { [manifest.name]: `file:${tarball}` } },
      [`node_modules/${manifest.name}`]: { version: manifest.version, resolved: `file:${tarball}`, license: manifest.license, dependencies, engines: manifest.engines },
    };
    for (const key of dependencyClosure(lock.packages, Object.keys(dependencies))) {
      const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = lock.packages[key]!;
      packages[key] = entry;
    }
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'eiskit-scratch', private: true, type: 'module', dependencies: { [manifest.name]: `file:${tarball}` } }, null, 2));
    writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: 'eiskit-scratch', lockfileVersion: 3, requires: true, packages }, null, 2));
    writeFileSync(join(dir, 'compute.js'), COMPUTE_JS);
    writeFileSync(join(dir, 'drt-compute.js'), DRT_COMPUTE_JS);
    writeFileSync(join(dir, 'data.js'), `export default ${JSON.stringify(readFileSync(FIXTURE, 'utf8'))};\n`);
    execFileSync('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    return { dir, tarball, packedFiles: packed!.files.map((f) => f.path), remove: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
