// The shapes and helpers of the columns `kubectl get` shows, computed the way kube-apiserver's
// printers compute them (pkg/printers/internalversion), from the object as stored. Each kind's own
// columns live in its descriptor (builtin-kinds/<group>.ts).
import type { KubeObject } from '../types.js';
import { humanDuration } from './table.js';

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

/** The Name column, as kube-apiserver describes it (from ObjectMeta's documentation). */
export const NAME_COLUMN: ColumnDefinition = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description:
    'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  priority: 0,
};

const CREATION_TIMESTAMP =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

/** The Age column (the time since creationTimestamp). */
export const AGE_COLUMN: ColumnDefinition = { name: 'Age', type: 'string', format: '', description: CREATION_TIMESTAMP, priority: 0 };

/** The Created At column some kinds show instead of Age (the creationTimestamp itself). */
export const CREATED_AT_COLUMN: ColumnDefinition = { name: 'Created At', type: 'date', format: '', description: CREATION_TIMESTAMP, priority: 0 };

/** A template's container names. */
export function containersColumn(priority: number): ColumnDefinition {
  return { name: 'Containers', type: 'string', format: '', description: 'Names of each container in the template.', priority };
}

/** A template's container images. */
export function imagesColumn(priority: number): ColumnDefinition {
  return { name: 'Images', type: 'string', format: '', description: 'Images referenced by each container in the template.', priority };
}

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

export function countKeys(...maps: unknown[]): number {
  return maps.reduce<number>((n, m) => n + Object.keys(rec(m)).length, 0);
}

/**
 * A kind's printer: every column in kube-apiserver's order (Name and Age included where the kind
 * shows them) and each row's cells at `now` (milliseconds since the epoch).
 */
export function printer(columns: ColumnDefinition[], cells: (obj: Json, now: number) => unknown[]): KindColumns {
  return {
    before: [],
    after: [],
    cells: () => ({ before: [], after: [] }),
    whole: { columns, cells: (obj, now) => cells(obj as Json, now) },
  };
}

/** The time since `time` (an RFC 3339 string) as kubectl prints ages; `fallback` when there is none. */
export function since(time: unknown, now: number, fallback = '<unknown>'): string {
  const at = typeof time === 'string' ? Date.parse(time) : NaN;
  return Number.isNaN(at) ? fallback : humanDuration(now - at);
}

/** The Age cell: the time since the object's creationTimestamp. */
export function ageCell(obj: Json, now: number): string {
  return since(rec(obj.metadata).creationTimestamp, now);
}

/** The Created At cell: the creationTimestamp as written. */
export function createdAtCell(obj: Json): unknown {
  return rec(obj.metadata).creationTimestamp ?? null;
}

/** The Containers and Images cells of a pod template. */
export function templateCells(template: unknown): [string, string] {
  const containers = list(rec(rec(template).spec).containers);
  return [containers.map((c) => str(c.name)).join(','), containers.map((c) => str(c.image)).join(',')];
}
