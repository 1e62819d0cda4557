import type { KubeObject } from '@kcache/store';
import type { ExpectedType } from '../types.js';

/** The kind of a list's items: `PodList` → `Pod`. */
export function itemKindOfList(listKind: string | undefined): string | undefined {
  if (listKind === undefined || listKind.length <= 4 || !listKind.endsWith('List')) return undefined;
  return listKind.slice(0, -4);
}

/**
 * Fills a missing `apiVersion`/`kind` in place. Real servers send list items of built-in kinds
 * without them (kubernetes#3030); filling them makes objects from a list and from a watch look the
 * same. Objects that come from the ListerWatcher are freshly decoded and owned by the reflector.
 */
export function fillTypeMeta(obj: KubeObject, type: ExpectedType): void {
  if (obj.apiVersion === undefined || obj.apiVersion === '') obj.apiVersion = type.apiVersion;
  if (obj.kind === undefined || obj.kind === '') obj.kind = type.kind;
}

/**
 * Whether a watch event object has another type than expected. An object that does not say its
 * type is not "another type": it is accepted (and gets the expected type filled in).
 */
export function isForeignType(obj: KubeObject, expected: ExpectedType): boolean {
  const { apiVersion, kind } = obj;
  return (
    (apiVersion !== undefined && apiVersion !== '' && apiVersion !== expected.apiVersion) ||
    (kind !== undefined && kind !== '' && kind !== expected.kind)
  );
}

/** Whether `obj` has a `metadata` object (client-go's `meta.Accessor` succeeds). */
export function hasMetadata(obj: unknown): obj is KubeObject & { metadata: NonNullable<KubeObject['metadata']> } {
  if (typeof obj !== 'object' || obj === null) return false;
  const metadata = (obj as { metadata?: unknown }).metadata;
  return typeof metadata === 'object' && metadata !== null;
}
