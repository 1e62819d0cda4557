import type { Indexer } from '@kcache/store';
import { NODE_INDEX, PHASE_INDEX } from './pod-indexes.js';
import type { DemoPod } from './pod.js';

/** What the indexes say, and whether they agree with a plain count of the server's objects. */
export interface IndexReport {
  /** Pods per phase, from the phase index. */
  phases: Record<string, number>;
  /** Pods per namespace, from the namespace index. */
  namespaces: Record<string, number>;
  /** The nodes with the most pods, from the node index (most first, then by name). */
  busiestNodes: { node: string; pods: number }[];
  /** True when every index count equals the count over the server's objects. */
  consistent: boolean;
  /** The counts that differ, as `index/value: index N, server M`. */
  mismatches: string[];
}

function countBy(items: readonly DemoPod[], value: (pod: DemoPod) => string | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const pod of items) {
    const v = value(pod);
    if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return counts;
}

function fromIndex(indexer: Indexer<DemoPod>, name: string): Map<string, number> {
  return new Map(indexer.listIndexFuncValues(name).map((v) => [v, indexer.indexKeys(name, v).length]));
}

/** Reads the namespace, node and phase indexes and checks each against `serverPods`. */
export function indexReport(indexer: Indexer<DemoPod>, serverPods: readonly DemoPod[], topNodes = 5): IndexReport {
  const checks: [string, Map<string, number>, Map<string, number>][] = [
    ['namespace', fromIndex(indexer, 'namespace'), countBy(serverPods, (p) => p.metadata?.namespace ?? '')],
    [NODE_INDEX, fromIndex(indexer, NODE_INDEX), countBy(serverPods, (p) => (p.spec?.nodeName === '' ? undefined : p.spec?.nodeName))],
    [PHASE_INDEX, fromIndex(indexer, PHASE_INDEX), countBy(serverPods, (p) => p.status?.phase ?? 'Unknown')],
  ];
  const mismatches: string[] = [];
  for (const [name, index, server] of checks) {
    for (const value of new Set([...index.keys(), ...server.keys()])) {
      const a = index.get(value) ?? 0;
      const b = server.get(value) ?? 0;
      if (a !== b) mismatches.push(`${name}/${value}: index ${a}, server ${b}`);
    }
  }
  const namespaces = checks[0]?.[1] ?? new Map<string, number>();
  const nodes = checks[1]?.[1] ?? new Map<string, number>();
  const phases = checks[2]?.[1] ?? new Map<string, number>();
  const busiestNodes = [...nodes.entries()]
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .slice(0, topNodes)
    .map(([node, pods]) => ({ node, pods }));
  const sorted = (m: Map<string, number>): Record<string, number> =>
    Object.fromEntries([...m.entries()].sort(([a], [b]) => a.localeCompare(b)));
  return {
    phases: sorted(phases),
    namespaces: sorted(namespaces),
    busiestNodes,
    consistent: mismatches.length === 0,
    mismatches,
  };
}
