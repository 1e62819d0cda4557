// Projections: the part of a normalised body a scenario compares. Scenarios of this suite are
// about protobuf, server-side apply, managedFields, field validation and OpenAPI; what belongs
// to other work (defaulted fields, `metadata.generation` on kinds that do not track it, namespace
// finalizers and labels) is left out by picking only the paths a scenario is about.
import type { Projection } from './scenario.js';

function get(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function set(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let current = target;
  path.slice(0, -1).forEach((key) => {
    const next = current[key];
    if (next === null || typeof next !== 'object') current[key] = {};
    current = current[key] as Record<string, unknown>;
  });
  const last = path.at(-1);
  if (last !== undefined) current[last] = value;
}

/** Only these dot paths (absent ones stay absent, so their absence is compared too). */
export function pick(...paths: string[]): Projection {
  return (body) => {
    const out: Record<string, unknown> = {};
    for (const path of paths) {
      const parts = path.split('.');
      const value = get(body, parts);
      if (value !== undefined) set(out, parts, value);
    }
    return out;
  };
}

/** The object's identity and the fields it was written with, plus its managedFields. */
export function objectWith(...paths: string[]): Projection {
  return pick('apiVersion', 'kind', 'metadata.name', 'metadata.namespace', 'metadata.labels', 'metadata.annotations', 'metadata.managedFields', ...paths);
}

/**
 * Each list item projected, without the item's own kind and apiVersion (kube-apiserver leaves
 * them out of list items; that belongs to other work); the list's kind and apiVersion kept.
 */
export function items(each: Projection): Projection {
  const item = (value: unknown): unknown => {
    const { kind: _kind, apiVersion: _apiVersion, ...rest } = each(value) as Record<string, unknown>;
    return rest;
  };
  return (body) => {
    const list = body as { kind?: unknown; apiVersion?: unknown; items?: unknown };
    return { kind: list.kind, apiVersion: list.apiVersion, items: Array.isArray(list.items) ? list.items.map(item) : list.items };
  };
}

/** Each watch event's type and its object projected. */
export function events(each: Projection): Projection {
  return (body) => (Array.isArray(body) ? body.map((e: { type?: unknown; object?: unknown }) => ({ type: e.type, object: each(e.object) })) : body);
}

/** `metadata.managedFields` only. */
export const managedFields: Projection = pick('metadata.managedFields');
