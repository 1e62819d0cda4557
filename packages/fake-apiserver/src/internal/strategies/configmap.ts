// ConfigMap decoding as kube-apiserver does it: binaryData that is not base64 is a 400.
import { checkBase64Map } from '../base64-data.js';
import type { KindStrategy } from '../strategy.js';

/** ConfigMap: binaryData must be base64. */
export const configMapDefaulting: KindStrategy = {
  default(obj) {
    checkBase64Map(obj, 'binaryData', 'ConfigMap');
  },
};
