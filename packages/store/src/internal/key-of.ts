import { KeyError } from '../errors.js';
import type { KeyFunc } from '../types.js';
import { describeObject, messageOf, typeName } from './describe.js';

/**
 * Runs a key function, passing its `KeyError`s through and turning anything else it throws, or a
 * result that is not a string, into a `KeyError` (code `KeyFuncFailed`) that names the object.
 */
export function keyOf<T>(keyFunc: KeyFunc<T>, obj: T): string {
  let key: unknown;
  try {
    key = keyFunc(obj);
  } catch (err) {
    if (err instanceof KeyError) throw err;
    throw new KeyError(
      `the key function threw for ${describeObject(obj)}: ${messageOf(err)}. Nothing was changed; ` +
        `make the key function handle this object or do not store it`,
      'KeyFuncFailed',
      { obj, cause: err },
    );
  }
  if (typeof key !== 'string') {
    throw new KeyError(
      `the key function returned ${typeName(key)} for ${describeObject(obj)} instead of a string. ` +
        `Nothing was changed; fix the key function`,
      'KeyFuncFailed',
      { obj },
    );
  }
  return key;
}
