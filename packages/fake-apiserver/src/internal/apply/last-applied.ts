// kubectl's client-side-apply annotation, as kube-apiserver's field manager treats it for the
// manager `kubectl`: fields the annotation still describes may be taken over without a conflict
// (moving from client-side to server-side apply), and the annotation follows the applied object.
import { cloneJson, isJsonObject } from '../json-value.js';
import type { FieldSet } from './field-set.js';
import type { ObjectJson } from './field-manager.js';
import { goJson } from './path.js';
import type { ApplySchema } from './schema.js';
import { compare, toFieldSet } from './typed.js';

/** The annotation kubectl's client-side apply keeps. */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * The fields kubectl's last-applied annotation on `live` still describes (set to the values it
 * gives): a conflict on them is no conflict for `kubectl`. `undefined` when there is no usable
 * annotation (absent, not JSON, another apiVersion).
 */
export function allowedConflictsFromLastApplied(schema: ApplySchema, live: ObjectJson, apiVersion: string, normalize: (o: unknown) => unknown): FieldSet | undefined {
  const meta = live.metadata;
  const annotations = isJsonObject(meta) ? meta.annotations : undefined;
  const text = isJsonObject(annotations) ? annotations[LAST_APPLIED] : undefined;
  if (typeof text !== 'string' || text === '') return undefined;
  let last: unknown;
  try {
    last = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isJsonObject(last) || last.apiVersion !== apiVersion) return undefined;
  try {
    const lastSet = toFieldSet(schema, schema.root, last);
    const c = compare(schema, schema.root, last, normalize(live));
    return lastSet.difference(c.modified).difference(c.added).difference(c.removed);
  } catch {
    return undefined;
  }
}

/** The annotation's new value: the applied object without the annotation, as Go's JSON encoder writes it. */
export function lastAppliedOf(applied: ObjectJson): string {
  const copy = cloneJson(applied);
  const meta = copy.metadata;
  const annotations = isJsonObject(meta) ? meta.annotations : undefined;
  if (isJsonObject(meta) && isJsonObject(annotations)) {
    const { [LAST_APPLIED]: _dropped, ...rest } = annotations;
    meta.annotations = rest;
  }
  return `${goJson(sortKeys(copy))}\n`;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (isJsonObject(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
    return out;
  }
  return v;
}
