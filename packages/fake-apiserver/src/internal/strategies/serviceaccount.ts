// ServiceAccount decoding as kube-apiserver writes it back: an empty name in a secret or image
// pull secret reference is left out (Go's omitempty). Nothing else is defaulted or validated
// beyond metadata (the secrets it names need not exist).
import type { KindStrategy } from '../strategy.js';
import { objectsAt } from './json-fields.js';

const REFERENCE_FIELDS = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'];

/** ServiceAccount: empty reference fields left out. */
export const serviceAccountDefaulting: KindStrategy = {
  default(obj) {
    for (const list of ['secrets', 'imagePullSecrets']) {
      for (const ref of objectsAt(obj, list)) for (const key of REFERENCE_FIELDS) if (ref[key] === '') Reflect.deleteProperty(ref, key);
    }
  },
};
