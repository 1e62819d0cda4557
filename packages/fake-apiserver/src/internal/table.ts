// Server-side printing: the meta.k8s.io/v1 Table kubectl asks for first
// (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`). Each row carries the object's
// metadata as a PartialObjectMetadata, which kubectl uses for --show-labels and names.
import type { KindInfo } from './kinds.js';
import { AGE_COLUMN, NAME_COLUMN, type ColumnDefinition } from './table-columns.js';
import type { KubeObject } from '../types.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * A duration the way kubectl prints ages (`HumanDuration`): `45s`, `3m20s`, `15m`, `5h30m`,
 * `2d3h`, `30d`, `2y100d`. Under -1 s is `<invalid>`; -1 s to 0 counts as `0s` (clock skew).
 *
 * @internal exported for its unit tests; not part of the package API
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = Math.trunc(hours / 24) % 365;
    const years = Math.trunc(hours / 24 / 365);
    return days === 0 ? `${years}y` : `${years}y${days}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** When the object was created (milliseconds since the epoch), or NaN when it does not say. */
function createdAt(obj: KubeObject): number {
  const created = obj.metadata?.creationTimestamp;
  return created instanceof Date ? created.getTime() : typeof created === 'string' ? Date.parse(created) : NaN;
}

function ageAt(created: number, now: number): string {
  return Number.isNaN(created) ? '<unknown>' : humanDuration(now - created);
}

/** What each row carries (`includeObject`): its PartialObjectMetadata (the default), the whole object, or nothing. */
export type IncludeObject = 'Metadata' | 'Object' | 'None';

function rowObject(obj: KubeObject, include: IncludeObject): object | null {
  if (include === 'None') return null;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata ?? {} };
}

interface ListMeta {
  resourceVersion: string;
  continue?: string;
}

function tableMetadata(listMeta: ListMeta): Record<string, string> {
  const metadata: Record<string, string> = { resourceVersion: listMeta.resourceVersion };
  if (listMeta.continue !== undefined && listMeta.continue !== '') metadata.continue = listMeta.continue;
  return metadata;
}

function columnDefinitions(kind: KindInfo): ColumnDefinition[] {
  const columns = kind.columns;
  if (columns?.whole !== undefined) return columns.whole.columns;
  return [NAME_COLUMN, ...(columns?.before ?? []), AGE_COLUMN, ...(columns?.after ?? [])];
}

/** The cells before and after Age. */
function cellsAroundAge(kind: KindInfo, obj: KubeObject): { before: unknown[]; after: unknown[] } {
  const cells = kind.columns?.cells(obj) ?? { before: [], after: [] };
  return { before: [obj.metadata?.name ?? '', ...cells.before], after: cells.after };
}

/**
 * A meta.k8s.io/v1 Table for the objects: Name, the kind's own columns (as `kubectl get` shows
 * them for pods, deployments, replica sets, services, namespaces, config maps, secrets and nodes;
 * wide-only columns have priority 1), and Age measured against `now` (milliseconds since the
 * epoch; the current time when omitted). Each row's `object` is a PartialObjectMetadata, the whole
 * object or null, as `include` says.
 */
export function toTable(kind: KindInfo, objects: readonly KubeObject[], listMeta: ListMeta, now: number = Date.now(), include: IncludeObject = 'Metadata'): object {
  const whole = kind.columns?.whole;
  const rows = objects.map((obj) => {
    if (whole !== undefined) return { cells: whole.cells(obj, now), object: rowObject(obj, include) };
    const cells = cellsAroundAge(kind, obj);
    return { cells: [...cells.before, ageAt(createdAt(obj), now), ...cells.after], object: rowObject(obj, include) };
  });
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: tableMetadata(listMeta), columnDefinitions: columnDefinitions(kind), rows };
}

/**
 * A one-row Table as JSON text with a hole where the Age cell goes: everything in it but the age
 * depends only on the object, so it can be made once and the age filled in at each response.
 */
export interface OneRowTable {
  readonly head: Buffer;
  readonly tail: Buffer;
  /** creationTimestamp in milliseconds since the epoch; NaN when the object has none. */
  readonly created: number;
  /** Custom resources' columns: the hole holds the whole row's cells, computed at each response. */
  readonly cells?: (now: number) => unknown[];
}

/** The parts of `toTable(kind, [obj], listMeta, now)`'s JSON around the age (see {@link encodeOneRowTable}). */
export function oneRowTable(kind: KindInfo, obj: KubeObject, listMeta: ListMeta, include: IncludeObject = 'Metadata'): OneRowTable {
  const whole = kind.columns?.whole;
  if (whole !== undefined) {
    const head = `{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":${JSON.stringify(tableMetadata(listMeta))},` +
      `"columnDefinitions":${JSON.stringify(whole.columns)},"rows":[{"cells":`;
    const tail = `,"object":${JSON.stringify(rowObject(obj, include))}}]}`;
    return { head: Buffer.from(head), tail: Buffer.from(tail), created: createdAt(obj), cells: (now) => whole.cells(obj, now) };
  }
  const { before, after } = cellsAroundAge(kind, obj);
  // JSON.stringify of the arrays (without their brackets) encodes cells exactly as in the whole table.
  const head =
    `{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":${JSON.stringify(tableMetadata(listMeta))},` +
    `"columnDefinitions":${JSON.stringify(columnDefinitions(kind))},"rows":[{"cells":[${JSON.stringify(before).slice(1, -1)},`;
  const tail = `${after.length === 0 ? '' : `,${JSON.stringify(after).slice(1, -1)}`}],"object":${JSON.stringify(rowObject(obj, include))}}]}`;
  return { head: Buffer.from(head), tail: Buffer.from(tail), created: createdAt(obj) };
}

/** The one-row Table's JSON with its age measured against `now`. */
export function encodeOneRowTable(parts: OneRowTable, now: number): Buffer {
  const age = Buffer.from(JSON.stringify(parts.cells === undefined ? ageAt(parts.created, now) : parts.cells(now)));
  return Buffer.concat([parts.head, age, parts.tail], parts.head.length + age.length + parts.tail.length);
}
