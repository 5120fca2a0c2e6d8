/**
 * One-way layers: the import graph of src/ and bindings/ (import, import type, export … from,
 * and dynamic import() of a literal path: lazy loading moves the cost, not the layer) has no cycle,
 * and bindings/ (loader, arena, trap guard) imports nothing from src/ except the leaves it is
 * allowed: the error type, the ABI descriptor and the kernels' workspace sizes.
 */
import { describe, expect, it } from 'vitest';

const sources = {
  ...import.meta.glob('../src/**/*.ts', { query: '?raw', import: 'default', eager: true }),
  ...import.meta.glob('../bindings/*.ts', { query: '?raw', import: 'default', eager: true }),
} as Record<string, string>;

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
    const reach = (start: string) => {
      const seen = new Set<string>([start]);
      const todo = [start];
      while (todo.length) for (const w of graph.get(todo.pop()!) ?? []) if (!seen.has(w)) (seen.add(w), todo.push(w));
      return [...seen];
    };
    for (const m of ['src/backend/js.ts', 'src/backend/wasm.ts', 'src/types/problems.ts']) {
      expect(reach(m).filter((f) => facade.test(f)), m).toEqual([]);
    }
  });
});
