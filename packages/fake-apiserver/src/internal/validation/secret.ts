// Secret validation (pkg/apis/core/validation ValidateSecret and ValidateSecretUpdate): key
// syntax, the 1 MiB size limit, the keys each Secret type needs, an immutable type, and the data
// an `immutable: true` Secret freezes.
import { isJsonObject, jsonEqual, type JsonObject } from '../json-value.js';
import type { KindStrategy } from '../strategy.js';
import type { FieldCause } from '../validation.js';
import { invalidValue, required, tooLong } from './common.js';
import { asObject, configKeyErrors, decodedLength, frozenErrors, mapAt, MAX_CONFIG_SIZE } from './configmap.js';

function decoded(value: unknown): string {
  return typeof value === 'string' ? Buffer.from(value, 'base64').toString('utf8') : '';
}

/** What Go's encoding/json says about text that is not a JSON object (the common cases). */
function goJsonError(text: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const trimmed = text.trim();
    if (trimmed === '') return 'unexpected end of JSON input';
    const first = trimmed.charAt(0);
    if (!'{["-0123456789tfn'.includes(first)) return `invalid character '${first}' looking for beginning of value`;
    return 'unexpected end of JSON input';
  }
  if (isJsonObject(value) || value === null) return undefined;
  const kind = Array.isArray(value) ? 'array' : typeof value === 'string' ? 'string' : typeof value === 'number' ? 'number' : 'bool';
  return `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
}

/** The keys a typed Secret must carry (ValidateSecret's switch on the type). */
function secretTypeErrors(obj: JsonObject, data: JsonObject): FieldCause[] {
  const has = (key: string): boolean => Object.hasOwn(data, key);
  switch (obj.type) {
    case 'kubernetes.io/service-account-token': {
      const annotations = isJsonObject(obj.metadata) ? mapAt(obj.metadata, 'annotations') : {};
      const name = annotations['kubernetes.io/service-account.name'];
      return typeof name === 'string' && name !== '' ? [] : [required('metadata.annotations[kubernetes.io/service-account.name]')];
    }
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const key = obj.type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
      if (!has(key)) return [required(`data[${key}]`)];
      const problem = goJsonError(decoded(data[key]));
      return problem === undefined ? [] : [invalidValue(`data[${key}]`, '<secret contents redacted>', problem)];
    }
    case 'kubernetes.io/basic-auth':
      return has('username') || has('password') ? [] : [required('data[username]'), required('data[password]')];
    case 'kubernetes.io/ssh-auth':
      return decodedLength(data['ssh-privatekey']) > 0 ? [] : [required('data[ssh-privatekey]')];
    case 'kubernetes.io/tls':
      return [...(has('tls.crt') ? [] : [required('data[tls.crt]')]), ...(has('tls.key') ? [] : [required('data[tls.key]')])];
    default:
      return [];
  }
}

/** ValidateSecret beyond metadata. */
function validateSecret(obj: JsonObject): FieldCause[] {
  const causes: FieldCause[] = [];
  const data = mapAt(obj, 'data');
  let size = 0;
  for (const [key, value] of Object.entries(data)) {
    for (const msg of configKeyErrors(key)) causes.push(invalidValue(`data[${key}]`, key, msg));
    size += decodedLength(value);
  }
  if (size > MAX_CONFIG_SIZE) causes.push(tooLong('data', MAX_CONFIG_SIZE));
  causes.push(...secretTypeErrors(obj, data));
  return causes;
}

/** Secret validation. */
export const secretValidation: KindStrategy = {
  validate: (obj) => validateSecret(obj),
  validateUpdate(obj, old) {
    const prev = asObject(old);
    const causes: FieldCause[] = [];
    if (!jsonEqual(obj.type ?? '', prev.type ?? '')) causes.push(invalidValue('type', obj.type ?? '', 'field is immutable'));
    return [...causes, ...frozenErrors(obj, prev, ['data']), ...validateSecret(obj)];
  },
};
