/**
 * One-way layers: the import graph of src/ and bindings/ (import, import type, export … from,
 * and dynamic import() of a literal path: lazy loading moves the cost, not the layer) has no cycle,
 * no edge from a folder to a folder of the same or a higher layer (LAYERS, the table of
 * docs/architecture.md), and bindings/ (loader, arena, trap guard) imports nothing from src/
 * except the leaves it is allowed: the error type, the ABI descriptor and the kernels'
 * workspace sizes.
 */
import { describe, expect, it } from 'vitest';
import architectureDoc from '../docs/architecture.md?raw';

const sources = {
  ...import.meta.glob('../src/**/*.ts', { query: '?raw', import: 'default', eager: true }),
  ...import.meta.glob('../bindings/*.ts', { query: '?raw', import: 'default', eager: true }),
} as Record<string, string>;

/**
 * The layer of each folder (a top-level file of src/ is its own folder; src/validate.ts belongs to
 * src/validate/, which it re-exports; src/index.ts is the root entry point). A module imports from
 * its own folder and from folders of a LOWER layer only: an import between two folders of one
 * layer is as wrong as one upwards. Same table as docs/architecture.md; a new folder needs a row.
 */
const LAYERS: Readonly<Record<string, number>> = {
  // leaves: import nothing outside their folder
  abi: 0, errors: 0, math: 0, 'next-turn': 0,
  // shared types and tables, on the leaves only
  types: 1, elements: 1, stats: 1, random: 1, bindings: 1,
  // the validation toolkit; the TS reference (the JS backend's numerics)
  validate: 2, reference: 2,
  // the backends; cropping; the readers; the other views of a spectrum (Y, C*, ε*, M*, σ*)
  backend: 3, crop: 3, io: 3, representation: 3,
  // circuits (parse, compile, evaluate through the backend); the worker pool and chunked batches
  circuit: 4, runtime: 4,
  // start values, Lin-KK, simulation; the DRT (drtBatch runs chunks with src/runtime/chunked.ts)
  guess: 5, kk: 5, simulate: 5, drt: 5,
  // fit; Z-HIT (it calls linKK for its default window, so it sits above kk)
  fit: 6, zhit: 6,
  // the global fit over a series (its start values come from fitBatch)
  global: 7,
  analysis: 8,
  plot: 9, index: 9,
  // HTML reports; the job queue (Node only: BullMQ + Redis; nothing imports it but the CLI)
  report: 10, queue: 10,
  cli: 11,
};

/** The LAYERS key of a module: 'src/fit/fit.ts' → 'fit', 'src/crop.ts' → 'crop', 'bindings/engine.ts' → 'bindings'. */
const folderOf = (file: string) => (file.startsWith('bindings/') ? 'bindings' : file.split('/')[1]!.replace(/\.ts$/, ''));

/** Imports between folders that do not go strictly down the layers (or touch a folder without a layer). */
function upwardEdges(graph: Map<string, string[]>, layers: Readonly<Record<string, number>>): string[] {
  const out: string[] = [];
  for (const [from, edges] of graph) {
    for (const to of edges) {
      const a = folderOf(from), b = folderOf(to);
      if (a === b) continue;
      const ra = layers[a], rb = layers[b];
      if (ra === undefined || rb === undefined || !(ra > rb)) out.push(`${from} (${a}: ${ra}) → ${to} (${b}: ${rb})`);
    }
  }
  return out.sort();
}

/** Modules bindings/ may import from src/: leaves that import nothing themselves. */
const BINDINGS_MAY_IMPORT = ['src/errors.ts', 'src/abi/descriptor.ts', 'src/abi/sizes.ts'];

const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\sfrom\s+)?['"]([^'"]+)['"]/g;
/** `import('./x.ts')` with a literal path. */
const DYNAMIC_IMPORT = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Path relative to the repository root ('src/fit/fit.ts'). */
const key = (globPath: string) => globPath.replace(/^\.\.\//, '');

function resolve(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null; // packages and node: builtins
  const parts = from.split('/').slice(0, -1);
  for (const p of spec.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.') parts.push(p);
  }
  return parts.join('/');
}

function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const [path, text] of Object.entries(sources)) {
    const from = key(path);
    const edges = new Set<string>();
    for (const m of [...text.matchAll(IMPORT), ...text.matchAll(DYNAMIC_IMPORT)]) {
      const to = resolve(from, m[1]!);
      if (to && (to.startsWith('src/') || to.startsWith('bindings/'))) edges.add(to);
    }
    graph.set(from, [...edges]);
  }
  return graph;
}

/** Every cycle's members (Tarjan's strongly connected components of more than one node, or a self-import). */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>(), low = new Map<string, number>(), stack: string[] = [], onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe('architecture', () => {
  const graph = importGraph();
  /** Every file `start` reaches by imports, itself included. */
  const reach = (start: string) => {
    const seen = new Set<string>([start]);
    const todo = [start];
    while (todo.length) for (const w of graph.get(todo.pop()!) ?? []) if (!seen.has(w)) (seen.add(w), todo.push(w));
    return [...seen];
  };

  it('reads the whole tree (the glob and the import pattern work)', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('src/backend/select.ts')).toEqual(expect.arrayContaining(['bindings/engine.ts', 'src/backend/js.ts', 'src/backend/wasm.ts']));
    // `import type` counts too, and so does a dynamic import()
    expect(graph.get('src/runtime/worker-host.ts')).toContain('src/runtime/worker-host-node.ts');
    expect(graph.get('src/backend/types.ts')).toContain('src/types/problems.ts');
  });

  it('the cycle finder finds a cycle (so an empty answer means something)', () => {
    const g = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
    expect(cycles(g)).toEqual([['a', 'b', 'c']]);
  });

  it('has no import cycle in src/ and bindings/ (type-only imports included)', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('the layer check finds upward, sideways and unranked imports (so an empty answer means something)', () => {
    const g = new Map([
      ['src/fit/a.ts', ['src/fit/b.ts', 'src/math/c.ts']], // own folder, downwards: fine
      ['src/math/c.ts', ['src/fit/a.ts']], // upwards
      ['src/kk/d.ts', ['src/guess/e.ts']], // sideways: one layer
      ['src/crop.ts', ['src/nowhere/f.ts']], // a folder without a layer
    ]);
    expect(upwardEdges(g, { fit: 6, math: 0, kk: 5, guess: 5, crop: 3 })).toEqual([
      'src/crop.ts (crop: 3) → src/nowhere/f.ts (nowhere: undefined)',
      'src/kk/d.ts (kk: 5) → src/guess/e.ts (guess: 5)',
      'src/math/c.ts (math: 0) → src/fit/a.ts (fit: 6)',
    ]);
  });

  it('every folder has a layer, and every import between folders goes down the layers (LAYERS = docs/architecture.md)', () => {
    const folders = new Set([...graph.keys()].map(folderOf));
    expect([...folders].filter((f) => LAYERS[f] === undefined), 'folders without a row in LAYERS').toEqual([]);
    expect(Object.keys(LAYERS).filter((f) => !folders.has(f)), 'rows of LAYERS without a folder').toEqual([]);
    expect(upwardEdges(graph, LAYERS)).toEqual([]);
  });

  it('docs/architecture.md lists the same layers as LAYERS', () => {
    // its table rows start `| <layer> | …folders in backticks… |`
    const rows = [...architectureDoc.matchAll(/^\| (\d+) \| ([^|]+) \|/gm)];
    const documented: Record<string, number> = {};
    for (const [, layer, cell] of rows) {
      for (const [, path] of cell!.matchAll(/`(?:src\/)?([\w-]+)(?:\/|\.ts)?`/g)) documented[path!] = Number(layer);
    }
    expect(documented).toEqual(LAYERS);
  });

  it('bindings/ imports nothing from src/ but the allowed leaves, and those are leaves', () => {
    const upward: string[] = [];
    for (const [from, edges] of graph) {
      if (!from.startsWith('bindings/')) continue;
      for (const to of edges) if (to.startsWith('src/') && !BINDINGS_MAY_IMPORT.includes(to)) upward.push(`${from} → ${to}`);
    }
    expect(upward).toEqual([]);
    for (const leaf of BINDINGS_MAY_IMPORT) expect(graph.get(leaf), leaf).toEqual([]);
  });

  it('the ABI descriptor and the backend types sit below the backends and the facade', () => {
    // nothing the backends or their shared types reach is in the facade (fit, kk, circuit, io, analysis, …)
    const facade = /^src\/(fit|kk|circuit|io|analysis|plot|report|cli)\//;
    for (const m of ['src/backend/js.ts', 'src/backend/wasm.ts', 'src/types/problems.ts']) {
      expect(reach(m).filter((f) => facade.test(f)), m).toEqual([]);
    }
  });

  it('feature kernels stay out of the core: the DRT kernels are imported only by src/drt/, and the core backends reach no DRT code', () => {
    const feature = ['src/backend/drt-kernels.ts', 'src/backend/wasm-drt.ts', 'src/backend/js-drt.ts'];
    for (const m of feature) expect(graph.has(m), m).toBe(true);
    const importers = [...graph].filter(([from, edges]) => !feature.includes(from) && edges.some((t) => feature.includes(t))).map(([from]) => from);
    expect(importers.length).toBeGreaterThan(0);
    expect(importers.filter((f) => !f.startsWith('src/drt/'))).toEqual([]);
    expect(importers.filter((f) => graph.get(f)!.some((t) => feature.includes(t) && t !== 'src/backend/drt-kernels.ts'))).toEqual([]);
    for (const m of ['src/backend/select.ts', 'src/backend/js.ts', 'src/backend/wasm.ts', 'src/backend/types.ts']) {
      expect(reach(m).filter((f) => f.startsWith('src/reference/drt/') || feature.includes(f)), m).toEqual([]);
    }
    // the WASM marshalling words its warnings from the shared tables, not from the TS solver
    expect(reach('src/backend/wasm-drt.ts').filter((f) => f.startsWith('src/reference/'))).toEqual([]);
  });

  it('the global fit\'s kernels (issue 13) are imported only by src/global/, and the core backends reach none of them', () => {
    const feature = ['src/backend/global-kernels.ts', 'src/backend/wasm-global.ts', 'src/backend/js-global.ts', 'bindings/global-module.ts'];
    for (const m of feature) expect(graph.has(m), m).toBe(true);
    const importers = [...graph].filter(([from, edges]) => !feature.includes(from) && edges.some((t) => feature.includes(t))).map(([from]) => from);
    expect(importers.filter((f) => !f.startsWith('src/global/'))).toEqual([]);
    for (const m of ['src/backend/select.ts', 'src/backend/js.ts', 'src/backend/wasm.ts', 'src/backend/types.ts']) {
      expect(reach(m).filter((f) => feature.includes(f)), m).toEqual([]);
    }
  });

  it('src/runtime/ (worker pool, chunked batches) reaches nothing of the facade: fit/ imports the runtime, never the other way', () => {
    const facade = /^src\/(fit|kk|io|analysis|plot|report|cli)\//;
    const runtime = [...graph.keys()].filter((f) => f.startsWith('src/runtime/'));
    expect(runtime).toEqual(expect.arrayContaining(['src/runtime/workers.ts', 'src/runtime/chunked.ts', 'src/runtime/worker-protocol.ts']));
    const seen = new Set<string>(runtime);
    const todo = [...runtime];
    while (todo.length) for (const w of graph.get(todo.pop()!) ?? []) if (!seen.has(w)) (seen.add(w), todo.push(w));
    expect([...seen].filter((f) => facade.test(f))).toEqual([]);
    // the worker's entry sits above: it imports the message types from the runtime
    expect(graph.get('src/fit/worker-entry.ts')).toContain('src/runtime/worker-protocol.ts');
  });

  it('src/queue/ (Node only, BullMQ + Redis) is imported by nothing but itself and the CLI, so no other entry reaches bullmq or ioredis', () => {
    const queue = [...graph.keys()].filter((f) => f.startsWith('src/queue/'));
    expect(queue).toEqual(expect.arrayContaining(['src/queue/deps.ts', 'src/queue/payload.ts']));
    const importers = [...graph].filter(([from, edges]) => !from.startsWith('src/queue/') && edges.some((t) => t.startsWith('src/queue/'))).map(([from]) => from);
    expect(importers.filter((f) => !f.startsWith('src/cli/'))).toEqual([]);
    // the packages themselves only from src/queue/, and never by a static value import (they are
    // optional peers: src/queue/deps.ts loads them with import() when a function needs them)
    const mentions = Object.entries(sources).filter(([, text]) => /\bfrom\s+['"](bullmq|ioredis)['"]|import\(\s*['"](bullmq|ioredis)['"]/.test(text)).map(([path]) => key(path));
    expect(mentions).toContain('src/queue/deps.ts');
    expect(mentions.filter((f) => !f.startsWith('src/queue/'))).toEqual([]);
    const staticImports = Object.entries(sources).filter(([, text]) => /(?:^|\n)\s*(?:import|export)\s+(?!type\b)[^'";]*\bfrom\s+['"](bullmq|ioredis)['"]/.test(text)).map(([path]) => key(path));
    expect(staticImports).toEqual([]);
  });
});
