import { KeyError } from './errors.js';
import { describeObject } from './internal/describe.js';
import type { KubeObject } from './kube-object.js';

/**
 * The default key function: `"namespace/name"`, or `"name"` for a cluster-scoped object (one
 * without a namespace). This is the key format client-go uses everywhere.
 *
 * @example
 * ```ts
 * metaNamespaceKeyFunc({ metadata: { namespace: 'default', name: 'web-0' } }); // 'default/web-0'
 * metaNamespaceKeyFunc({ metadata: { name: 'node-1' } });                      // 'node-1'
 * ```
 * @throws {KeyError} (code `MissingName`) when the object has no `metadata.name`.
 */
export function metaNamespaceKeyFunc(obj: KubeObject): string {
  const meta = obj.metadata;
  const name = meta?.name;
  if (typeof name !== 'string' || name === '') throw missingName(obj);
  const namespace = meta?.namespace;
  return namespace === undefined || namespace === '' ? name : `${namespace}/${name}`;
}

function missingName(obj: unknown): KeyError {
  const what = describeObject(obj);
  const meta: unknown = typeof obj === 'object' && obj !== null ? (obj as KubeObject).metadata : undefined;
  const generateName = typeof meta === 'object' && meta !== null ? (meta as { generateName?: unknown }).generateName : undefined;
  let why: string;
  if (typeof meta !== 'object' || meta === null) {
    why = 'it has no metadata';
  } else if (typeof generateName === 'string' && generateName !== '') {
    why = 'it has only metadata.generateName, so the API server has not named it yet';
  } else {
    why = 'metadata.name is missing or empty';
  }
  return new KeyError(
    `cannot make a store key for ${what}: ${why}. Store objects as the API server returns them ` +
      `(they always have metadata.name), or pass a keyFunc that does not need a name`,
    'MissingName',
    { obj },
  );
}

/**
 * Splits a key made by {@link metaNamespaceKeyFunc} back into namespace and name; the namespace
 * is `''` for a cluster-scoped key.
 *
 * @example
 * ```ts
 * splitMetaNamespaceKey('default/web-0'); // { namespace: 'default', name: 'web-0' }
 * splitMetaNamespaceKey('node-1');        // { namespace: '', name: 'node-1' }
 * ```
 * @throws {KeyError} (code `InvalidKey`) when the key holds more than one `/`.
 */
export function splitMetaNamespaceKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  if (slash === -1) return { namespace: '', name: key };
  if (key.includes('/', slash + 1)) {
    throw new KeyError(
      `unexpected key format ${JSON.stringify(key)}: expected "name" or "namespace/name" ` +
        `with at most one "/"; pass a key made by metaNamespaceKeyFunc`,
      'InvalidKey',
    );
  }
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
