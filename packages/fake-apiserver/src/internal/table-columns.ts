// The shapes and helpers of the columns `kubectl get` shows, computed the way kube-apiserver's
// printers compute them (pkg/printers/internalversion), from the object as stored. Each kind's own
// columns live in its descriptor (builtin-kinds/<group>.ts).
import type { KubeObject } from '../types.js';

/** A column of a meta.k8s.io/v1 Table. */
export interface ColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  /** 0: always shown; 1: shown with `-o wide`. */
  priority: number;
}

/** Columns between Name and Age (`before`) and after Age (`after`, usually wide-only), with their cells. */
export interface KindColumns {
  before: ColumnDefinition[];
  after: ColumnDefinition[];
  cells(obj: KubeObject): { before: unknown[]; after: unknown[] };
  /**
   * Custom resources: every column, Name included (Age only when listed), and each row's cells at
   * `now` (milliseconds since the epoch; date columns are ages). `before`, `after` and `cells` are
   * not used when this is set.
   */
  whole?: {
    columns: ColumnDefinition[];
    cells(obj: KubeObject, now: number): unknown[];
  };
}

export type Json = Record<string, unknown>;

export function rec(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}
export function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.map(rec) : [];
}
export function str(value: unknown, fallback = ''): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}
export function num(value: unknown, fallback = 0): number {
  return typeof value === 'number' ? value : fallback;
}
export function col(name: string, type: ColumnDefinition['type'], description: string, priority = 0): ColumnDefinition {
  return { name, type, format: '', description, priority };
}
export function labelMap(value: unknown): string {
  const entries = Object.entries(rec(value)).map(([k, v]) => `${k}=${String(v)}`);
  return entries.length > 0 ? entries.join(',') : '<none>';
}

export function selectorText(selector: unknown): string {
  const s = rec(selector);
  const parts = Object.entries(rec(s.matchLabels)).map(([k, v]) => `${k}=${String(v)}`);
  for (const e of list(s.matchExpressions)) {
    const values = Array.isArray(e.values) ? e.values.map(String).join(',') : '';
    const op = str(e.operator);
    if (op === 'In' || op === 'NotIn') parts.push(`${str(e.key)} ${op.toLowerCase()} (${values})`);
    else parts.push(op === 'DoesNotExist' ? `!${str(e.key)}` : str(e.key));
  }
  return parts.length > 0 ? parts.join(',') : '<none>';
}

export function templateColumns(obj: Json): unknown[] {
  const containers = list(rec(rec(rec(obj.spec).template).spec).containers);
  return [containers.map((c) => str(c.name)).join(','), containers.map((c) => str(c.image)).join(','), selectorText(rec(obj.spec).selector)];
}

export const WORKLOAD_WIDE: ColumnDefinition[] = [
  col('Containers', 'string', 'Names of each container in the template.', 1),
  col('Images', 'string', 'Images referenced by each container in the template.', 1),
  col('Selector', 'string', 'Label selector for pods.', 1),
];

export function countKeys(...maps: unknown[]): number {
  return maps.reduce<number>((n, m) => n + Object.keys(rec(m)).length, 0);
}
