// The Table columns of custom resources (`kubectl get`), as kube-apiserver's CRD table convertor
// makes them: Name, then the version's `additionalPrinterColumns` in order (no Age unless one is
// listed), or Name and Age when it lists none. Each cell is the column's JSONPath evaluated the
// way client-go's jsonpath does with missing keys allowed (the first result; null when none), then
// typed: integers and numbers as numbers, booleans, strings as jsonpath prints them, dates as the
// age kubectl shows.
import { isJsonObject } from './json-value.js';
import { NAME_COLUMN, type ColumnDefinition, type KindColumns } from './table-columns.js';
import { humanDuration } from './table.js';
import type { KubeObject } from '../types.js';

const AGE_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

// --- JSONPath ------------------------------------------------------------------------------

type Step =
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'slice'; readonly start: number | undefined; readonly end: number | undefined }
  | { readonly kind: 'all' }
  | { readonly kind: 'filter'; readonly path: Step[]; readonly op: '==' | '!=' | 'exists'; readonly value: unknown };

/** Parses a simple JSONPath (`.a.b`, `['a.b']`, `[0]`, `[*]`, `[1:3]`, `[?(@.type=="Ready")]`); undefined when it cannot. */
function parsePath(text: string): Step[] | undefined {
  let s = text.trim();
  if (s.startsWith('{') && s.endsWith('}')) s = s.slice(1, -1);
  if (s.startsWith('$')) s = s.slice(1);
  const steps: Step[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '.') {
      i++;
      if (s[i] === '*') {
        steps.push({ kind: 'all' });
        i++;
        continue;
      }
      let name = '';
      while (i < s.length && s[i] !== '.' && s[i] !== '[') name += s.charAt(i++);
      if (name === '') return undefined;
      steps.push({ kind: 'field', name });
    } else if (c === '[') {
      const close = s.indexOf(']', s.startsWith('[?(', i) ? s.indexOf(')', i) : i);
      if (close < 0) return undefined;
      const inner = s.slice(i + 1, close).trim();
      i = close + 1;
      if (inner === '*') steps.push({ kind: 'all' });
      else if (/^-?\d+$/.test(inner)) steps.push({ kind: 'index', index: Number(inner) });
      else if (/^(-?\d+)?:(-?\d+)?$/.test(inner)) {
        const [a, b] = inner.split(':');
        steps.push({ kind: 'slice', start: a === '' || a === undefined ? undefined : Number(a), end: b === '' || b === undefined ? undefined : Number(b) });
      } else if (/^'.*'$|^".*"$/.test(inner)) steps.push({ kind: 'field', name: inner.slice(1, -1) });
      else if (inner.startsWith('?(') && inner.endsWith(')')) {
        const filter = parseFilter(inner.slice(2, -1));
        if (filter === undefined) return undefined;
        steps.push(filter);
      } else return undefined;
    } else {
      let name = '';
      while (i < s.length && s[i] !== '.' && s[i] !== '[') name += s.charAt(i++);
      steps.push({ kind: 'field', name });
    }
  }
  return steps;
}

function parseFilter(text: string): Step | undefined {
  const m = /^@((?:\.[^.=!<> ]+)+)\s*(?:(==|!=)\s*(.+))?$/.exec(text.trim());
  if (m === null) return undefined;
  const path = parsePath(m[1] ?? '');
  if (path === undefined) return undefined;
  if (m[2] === undefined) return { kind: 'filter', path, op: 'exists', value: undefined };
  const raw = (m[3] ?? '').trim();
  let value: unknown;
  if (/^'.*'$|^".*"$/.test(raw)) value = raw.slice(1, -1);
  else if (raw === 'true' || raw === 'false') value = raw === 'true';
  else if (/^-?\d+(\.\d+)?$/.test(raw)) value = Number(raw);
  else return undefined;
  return { kind: 'filter', path, op: m[2] === '==' ? '==' : '!=', value };
}

function evaluate(values: unknown[], steps: readonly Step[]): unknown[] {
  let current = values;
  for (const step of steps) {
    const next: unknown[] = [];
    for (const v of current) {
      switch (step.kind) {
        case 'field':
          if (isJsonObject(v) && Object.hasOwn(v, step.name)) next.push(v[step.name]);
          break;
        case 'index':
          if (Array.isArray(v)) {
            const i = step.index < 0 ? v.length + step.index : step.index;
            if (i >= 0 && i < v.length) next.push(v[i]);
          }
          break;
        case 'slice':
          if (Array.isArray(v)) next.push(...(v as unknown[]).slice(step.start, step.end));
          break;
        case 'all':
          if (Array.isArray(v)) next.push(...(v as unknown[]));
          else if (isJsonObject(v)) next.push(...Object.values(v));
          break;
        case 'filter':
          if (Array.isArray(v)) {
            for (const item of v) {
              const found = evaluate([item], step.path);
              const keep = step.op === 'exists' ? found.length > 0 : step.op === '==' ? found.some((f) => f === step.value) : found.every((f) => f !== step.value) && found.length > 0;
              if (keep) next.push(item);
            }
          }
          break;
      }
    }
    current = next;
  }
  return current;
}

/** What jsonpath prints for a string column: strings as they are, other scalars bare, lists and maps as JSON. */
function printed(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function typedCell(type: string, value: unknown, now: number): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'string':
      return printed(value);
    case 'date': {
      if (typeof value !== 'string') return null;
      const t = Date.parse(value);
      if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(t)) return '<invalid>';
      return humanDuration(now - t);
    }
    default:
      return null;
  }
}

interface Column {
  readonly definition: ColumnDefinition;
  readonly path: Step[] | undefined;
}

function columnsOf(version: Readonly<Record<string, unknown>>): Column[] {
  const given = Array.isArray(version.additionalPrinterColumns) ? version.additionalPrinterColumns : [];
  const columns: Column[] = [];
  for (const c of given) {
    if (!isJsonObject(c) || typeof c.name !== 'string' || typeof c.jsonPath !== 'string') continue;
    const type = typeof c.type === 'string' ? c.type : 'string';
    columns.push({
      definition: {
        name: c.name,
        type: type as ColumnDefinition['type'],
        format: typeof c.format === 'string' ? c.format : '',
        description: typeof c.description === 'string' && c.description !== '' ? c.description : `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
        priority: typeof c.priority === 'number' ? c.priority : 0,
      },
      path: parsePath(c.jsonPath),
    });
  }
  if (columns.length === 0) {
    columns.push({
      definition: { name: 'Age', type: 'date', format: '', description: AGE_DESCRIPTION, priority: 0 },
      path: parsePath('.metadata.creationTimestamp'),
    });
  }
  return columns;
}

/**
 * The Table columns of a CRD version (a record of `spec.versions`): Name and its
 * additionalPrinterColumns, or Name and Age.
 */
export function crdPrinterColumns(version: Readonly<Record<string, unknown>>): KindColumns {
  const columns = columnsOf(version);
  return {
    before: [],
    after: [],
    cells: () => ({ before: [], after: [] }),
    whole: {
      columns: [NAME_COLUMN, ...columns.map((c) => c.definition)],
      cells(obj: KubeObject, now: number): unknown[] {
        const row: unknown[] = [obj.metadata?.name ?? ''];
        for (const c of columns) {
          const found = c.path === undefined ? [] : evaluate([obj], c.path);
          row.push(found.length === 0 ? null : typedCell(c.definition.type, found[0], now));
        }
        return row;
      },
    },
  };
}
