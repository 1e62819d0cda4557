import type { KubeObject } from '@kcache/store';
import { formatTable } from '../internal/format.js';

// The columns `kcache mirror` shows for any object, as `kubectl get` would: name, a status that
// makes sense for the kind, and age. Objects are read loosely: any resource can be mirrored.

type Loose = Record<string, unknown>;

/** Kinds whose `spec.replicas` defaults to 1. */
const REPLICATED_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController']);

function record(value: unknown): Loose | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Loose) : undefined;
}

function numberAt(obj: Loose | undefined, key: string): number | undefined {
  const value = obj?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function stringAt(obj: Loose | undefined, key: string): string | undefined {
  const value = obj?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * A one-word status for an object of any kind:
 * - being deleted: `Terminating`;
 * - a `status.phase` (pods, namespaces, volumes, claims): the phase;
 * - a workload with `spec.replicas` (deployments, replica sets, stateful sets): `ready/desired`;
 * - a daemon set: `ready/desired` from `numberReady`/`desiredNumberScheduled`;
 * - a job: `succeeded/completions`;
 * - anything with `status.conditions`: the last condition, `Type` when True, else `Type=Status`
 *   (a node whose last condition is Ready True shows `Ready`);
 * - else `-`.
 *
 * @internal exported for its unit tests; not part of the package API
 */
export function objectStatus(obj: KubeObject): string {
  const meta = obj.metadata as Loose | undefined;
  if (stringAt(meta, 'deletionTimestamp') !== undefined) return 'Terminating';
  const loose = obj as unknown as Loose;
  const spec = record(loose.spec);
  const status = record(loose.status);
  const phase = stringAt(status, 'phase');
  if (phase !== undefined) return phase;
  // The API server defaults spec.replicas to 1 for these; a fixture may leave it out.
  const replicas = numberAt(spec, 'replicas') ?? (REPLICATED_KINDS.has(obj.kind ?? '') ? 1 : undefined);
  if (replicas !== undefined) return `${String(numberAt(status, 'readyReplicas') ?? 0)}/${String(replicas)}`;
  const desired = numberAt(status, 'desiredNumberScheduled');
  if (desired !== undefined) return `${String(numberAt(status, 'numberReady') ?? 0)}/${String(desired)}`;
  const completions = numberAt(spec, 'completions');
  if (completions !== undefined) return `${String(numberAt(status, 'succeeded') ?? 0)}/${String(completions)}`;
  const conditions = Array.isArray(status?.conditions) ? (status.conditions as unknown[]) : [];
  const last = record(conditions.at(-1));
  const type = stringAt(last, 'type');
  if (type !== undefined) {
    const value = stringAt(last, 'status');
    return value === 'True' ? type : `${type}=${value ?? 'Unknown'}`;
  }
  return '-';
}

/**
 * An age as kubectl prints it: `45s`, `5m30s`, `42m`, `3h15m`, `20h`, `4d3h`, `200d`, `2y30d`.
 * Negative (a clock ahead of ours) counts as 0; unknown is `<unknown>`.
 *
 * @internal exported for its unit tests; not part of the package API
 */
export function formatAge(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '<unknown>';
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 120) return `${String(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${String(minutes)}m` : `${String(minutes)}m${String(seconds % 60)}s`;
  if (minutes < 180) return `${String(minutes)}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${String(hours)}h` : `${String(hours)}h${String(minutes % 60)}m`;
  if (hours < 48) return `${String(hours)}h`;
  const days = Math.floor(hours / 24);
  if (days < 8) return hours % 24 === 0 ? `${String(days)}d` : `${String(days)}d${String(hours % 24)}h`;
  if (days < 365 * 2) return `${String(days)}d`;
  const years = Math.floor(days / 365);
  return days % 365 === 0 ? `${String(years)}y` : `${String(years)}y${String(days % 365)}d`;
}

/**
 * ms since the object's `creationTimestamp`, or undefined when it has none.
 *
 * @internal exported for its unit tests; not part of the package API
 */
export function objectAgeMs(obj: KubeObject, now: number): number | undefined {
  const created = (obj.metadata as Loose | undefined)?.creationTimestamp;
  const at = created instanceof Date ? created.getTime() : typeof created === 'string' ? Date.parse(created) : Number.NaN;
  return Number.isNaN(at) ? undefined : now - at;
}

function labelsOf(obj: KubeObject): string {
  const labels = record((obj.metadata as Loose | undefined)?.labels);
  const pairs = Object.entries(labels ?? {}).map(([k, v]) => `${k}=${String(v)}`);
  return pairs.length === 0 ? '<none>' : pairs.join(',');
}

function imagesOf(template: Loose | undefined): string | undefined {
  const containers = record(template?.spec)?.containers;
  if (!Array.isArray(containers)) return undefined;
  const images = containers.map((c) => stringAt(record(c), 'image')).filter((i): i is string => i !== undefined);
  return images.length === 0 ? undefined : images.join(',');
}

/** Options of {@link objectTable}. */
export interface ObjectTableOptions {
  /** Add a NAMESPACE column (all namespaces are shown). */
  namespaceColumn: boolean;
  /** `-o wide`: NODE and IP for pods, IMAGES for workloads, LABELS for everything. */
  wide: boolean;
  /** The time ages are measured to. */
  now: number;
  /** Draw a rule under the header (the live view); kubectl's plain layout without it (`-o wide`). */
  rule: boolean;
}

/** Sorts objects as kubectl lists them: by namespace, then name. */
export function sortObjects<T extends KubeObject>(objects: readonly T[]): T[] {
  const keyOf = (o: KubeObject): string => `${o.metadata?.namespace ?? ''}\u0000${o.metadata?.name ?? ''}`;
  return [...objects].sort((a, b) => {
    const x = keyOf(a);
    const y = keyOf(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** The objects as a table with kubectl's column names: [NAMESPACE] NAME STATUS AGE [wide columns]. */
export function objectTable(objects: readonly KubeObject[], options: ObjectTableOptions): string {
  const pods = objects.length > 0 && objects.every((o) => o.kind === 'Pod');
  const workloads = objects.some((o) => record(record((o as unknown as Loose).spec)?.template) !== undefined);
  const header = [...(options.namespaceColumn ? ['NAMESPACE'] : []), 'NAME', 'STATUS', 'AGE'];
  if (options.wide) {
    if (pods) header.push('IP', 'NODE');
    if (workloads) header.push('IMAGES');
    header.push('LABELS');
  }
  const rows = objects.map((obj) => {
    const row = [
      ...(options.namespaceColumn ? [obj.metadata?.namespace ?? ''] : []),
      obj.metadata?.name ?? '',
      objectStatus(obj),
      formatAge(objectAgeMs(obj, options.now)),
    ];
    if (options.wide) {
      const loose = obj as unknown as Loose;
      const spec = record(loose.spec);
      if (pods) row.push(stringAt(record(loose.status), 'podIP') ?? '<none>', stringAt(spec, 'nodeName') ?? '<none>');
      if (workloads) row.push(imagesOf(record(spec?.template)) ?? '<none>');
      row.push(labelsOf(obj));
    }
    return row;
  });
  const table = formatTable(header, rows, header.map(() => 'left'));
  if (options.rule) return table;
  const [head = '', , ...body] = table.split('\n');
  return [head, ...body].join('\n');
}
