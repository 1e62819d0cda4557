// A stored object: its parsed form (for selectors and writes) and its JSON encoding, made once
// and reused by every GET, list page and watch event that carries it.
import type { KubeObject } from '../types.js';

export interface Entry {
  /** Store key: `namespace/name`, or `name` for cluster-scoped kinds. */
  readonly key: string;
  /** `''` for cluster-scoped kinds. */
  readonly namespace: string;
  readonly name: string;
  /** resourceVersion of the last change (0 for dry-run results, which carry none). */
  readonly rv: number;
  /** Shared and never mutated: clone before changing. */
  readonly obj: KubeObject;
  readonly json: Buffer;
}

export function objectKey(namespace: string, name: string): string {
  return namespace === '' ? name : `${namespace}/${name}`;
}

export function makeEntry(obj: KubeObject, namespace: string, name: string, rv: number): Entry {
  return { key: objectKey(namespace, name), namespace, name, rv, obj, json: Buffer.from(JSON.stringify(obj)) };
}

/** A deep copy the caller may change (JSON round trip: also turns Dates into strings). */
export function cloneObject<T>(obj: T): T {
  return JSON.parse(JSON.stringify(obj)) as T;
}
