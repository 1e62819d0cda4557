// `[]byte` fields (Secret data, ConfigMap binaryData) as kube-apiserver's JSON decoder reads them:
// standard base64 with padding (line breaks skipped), and Go's error for anything else, which
// kube-apiserver answers with a 400 before any other check.
import type { JsonObject } from './json-value.js';
import { isJsonObject } from './json-value.js';
import { badRequest } from './status.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const isBreak = (c: string | undefined): boolean => c === '\n' || c === '\r';

/**
 * Where Go's base64.StdEncoding stops on `text` (the byte offset of its CorruptInputError), or
 * undefined when the text decodes.
 *
 * @internal exported for its unit tests; not part of the package API
 */
export function base64ErrorOffset(text: string): number | undefined {
  let si = 0;
  for (;;) {
    let j = 0;
    for (; j < 4; j++) {
      if (si === text.length) {
        if (j === 0) return undefined;
        return si - j;
      }
      const c = text.charAt(si);
      si++;
      if (ALPHABET.includes(c)) continue;
      if (isBreak(c)) {
        j--;
        continue;
      }
      if (c !== '=') return si - 1;
      if (j < 2) return si - 1;
      if (j === 2) {
        while (si < text.length && isBreak(text.charAt(si))) si++;
        if (si === text.length) return text.length;
        if (text.charAt(si) !== '=') return si - 1;
        si++;
      }
      while (si < text.length && isBreak(text.charAt(si))) si++;
      return si < text.length ? si : undefined;
    }
  }
}

/** Refuses the object with kube-apiserver's decoding 400 when a value of `field` is not base64. */
export function checkBase64Map(obj: JsonObject, field: string, kind: string): void {
  const map = obj[field];
  if (!isJsonObject(map)) return;
  for (const value of Object.values(map)) {
    if (typeof value !== 'string') continue;
    const offset = base64ErrorOffset(value);
    if (offset !== undefined) {
      throw badRequest(`${kind} in version "v1" cannot be handled as a ${kind}: illegal base64 data at input byte ${offset}`);
    }
  }
}
