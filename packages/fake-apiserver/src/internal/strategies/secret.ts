// Secret defaulting (pkg/apis/core/v1/defaults.go SetDefaults_Secret and the v1 conversion):
// `type` defaults to Opaque, and `stringData` is folded into `data` (base64, a stringData key
// winning over the same data key) and never stored. Data that is not base64 is a decoding 400.
import { checkBase64Map } from '../base64-data.js';
import { isJsonObject } from '../json-value.js';
import type { KindStrategy } from '../strategy.js';
import { defaultString } from './json-fields.js';

/** Secret: type Opaque; stringData merged into data. */
export const secretDefaulting: KindStrategy = {
  default(obj) {
    checkBase64Map(obj, 'data', 'Secret');
    defaultString(obj, 'type', 'Opaque');
    const stringData = obj.stringData;
    if (isJsonObject(stringData)) {
      const data = isJsonObject(obj.data) ? obj.data : {};
      for (const [key, value] of Object.entries(stringData)) {
        if (typeof value === 'string') data[key] = Buffer.from(value, 'utf8').toString('base64');
      }
      if (Object.keys(data).length > 0) obj.data = data;
    }
    delete obj.stringData;
  },
};
