// JSON patch (RFC 6902), the `application/json-patch+json` patch type, over JSON pointers
// (RFC 6901). As in kube-apiserver, a malformed patch document is a 400 and a patch that does not
// apply to the object (a failing `test`, a path that is not there) is a 422.
import { cloneJson, isJsonObject, jsonEqual, setOwn, type JsonObject } from './json-value.js';
import { PatchError } from './patch-error.js';

type OpName = 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';

interface Operation {
  readonly op: OpName;
  readonly path: readonly string[];
  readonly pathText: string;
  readonly from?: readonly string[];
  readonly fromText?: string;
  readonly value?: unknown;
}

const OPS = new Set<string>(['add', 'remove', 'replace', 'move', 'copy', 'test']);
const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/;

/**
 * Split a JSON pointer into its unescaped reference tokens.
 *
 * @internal exported for its unit tests; not part of the package API
 */
export function parseJsonPointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) {
    throw new PatchError(`invalid JSON pointer ${JSON.stringify(pointer)}: it must be empty or start with '/'`, 400);
  }
  return pointer
    .slice(1)
    .split('/')
    .map((token) => {
      if (/~[^01]|~$/.test(token)) {
        throw new PatchError(`invalid JSON pointer ${JSON.stringify(pointer)}: '~' must be followed by '0' or '1'`, 400);
      }
      return token.replace(/~1/g, '/').replace(/~0/g, '~');
    });
}

function decodeOperations(ops: unknown): Operation[] {
  if (!Array.isArray(ops)) throw new PatchError('a JSON patch must be an array of operations', 400);
  return ops.map((raw: unknown, i) => {
    if (!isJsonObject(raw)) throw new PatchError(`JSON patch operation ${i} is not an object`, 400);
    const { op, path, from } = raw;
    if (typeof op !== 'string' || !OPS.has(op)) {
      throw new PatchError(`JSON patch operation ${i} has an unknown "op" ${JSON.stringify(op ?? null)}: use add, remove, replace, move, copy or test`, 400);
    }
    if (typeof path !== 'string') throw new PatchError(`JSON patch operation ${i} (${op}) needs a string "path"`, 400);
    const operation: { -readonly [K in keyof Operation]: Operation[K] } = { op: op as OpName, path: parseJsonPointer(path), pathText: path };
    if (op === 'move' || op === 'copy') {
      if (typeof from !== 'string') throw new PatchError(`JSON patch operation ${i} (${op}) needs a string "from"`, 400);
      operation.from = parseJsonPointer(from);
      operation.fromText = from;
    }
    if (op === 'add' || op === 'replace' || op === 'test') {
      if (!Object.hasOwn(raw, 'value')) throw new PatchError(`JSON patch operation ${i} (${op}) needs a "value"`, 400);
      operation.value = raw.value;
    }
    return operation;
  });
}

function missing(op: string, pointer: string): PatchError {
  return new PatchError(`${op} operation does not apply: the object has no value at path ${JSON.stringify(pointer)}`, 422);
}

/** The container holding the last token of `path`, or a 422 when the path does not lead anywhere. */
function parentOf(doc: unknown, path: readonly string[], op: string, pointer: string): unknown {
  let cur = doc;
  for (const token of path.slice(0, -1)) {
    if (Array.isArray(cur)) {
      if (!ARRAY_INDEX.test(token) || Number(token) >= cur.length) throw missing(op, pointer);
      cur = cur[Number(token)];
    } else if (isJsonObject(cur) && Object.hasOwn(cur, token)) {
      cur = cur[token];
    } else {
      throw missing(op, pointer);
    }
  }
  return cur;
}

function getValue(doc: unknown, path: readonly string[], op: string, pointer: string): unknown {
  const last = path.at(-1);
  if (last === undefined) return doc;
  const parent = parentOf(doc, path, op, pointer);
  if (Array.isArray(parent)) {
    if (!ARRAY_INDEX.test(last) || Number(last) >= parent.length) throw missing(op, pointer);
    return parent[Number(last)];
  }
  if (isJsonObject(parent) && Object.hasOwn(parent, last)) return parent[last];
  throw missing(op, pointer);
}

function addValue(doc: unknown, path: readonly string[], value: unknown, op: string, pointer: string): unknown {
  const last = path.at(-1);
  if (last === undefined) return value;
  const parent = parentOf(doc, path, op, pointer);
  if (Array.isArray(parent)) {
    if (last === '-') {
      parent.push(value);
    } else if (ARRAY_INDEX.test(last) && Number(last) <= parent.length) {
      parent.splice(Number(last), 0, value);
    } else {
      throw new PatchError(`${op} operation does not apply: index ${JSON.stringify(last)} is out of bounds at path ${JSON.stringify(pointer)}`, 422);
    }
  } else if (isJsonObject(parent)) {
    setOwn(parent, last, value);
  } else {
    throw missing(op, pointer);
  }
  return doc;
}

function removeValue(doc: unknown, path: readonly string[], op: string, pointer: string): unknown {
  const last = path.at(-1);
  if (last === undefined) throw new PatchError(`${op} operation does not apply: the whole object cannot be removed`, 422);
  getValue(doc, path, op, pointer);
  const parent = parentOf(doc, path, op, pointer) as unknown[] | JsonObject;
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else Reflect.deleteProperty(parent, last);
  return doc;
}

/**
 * Apply an RFC 6902 JSON patch (add, remove, replace, move, copy, test; JSON pointers with `~0`
 * and `~1`). Returns a new value; the inputs are not changed. Operations apply in order and the
 * whole patch fails if one does.
 *
 * @throws {PatchError} 400 when the patch is not an array of well-formed operations; 422 when an
 *   operation does not apply (missing path, index out of bounds, failing `test`).
 */
export function applyJsonPatch(doc: unknown, ops: unknown): unknown {
  const operations = decodeOperations(ops);
  let result = cloneJson(doc);
  for (const o of operations) {
    switch (o.op) {
      case 'add':
        result = addValue(result, o.path, cloneJson(o.value), 'add', o.pathText);
        break;
      case 'remove':
        result = removeValue(result, o.path, 'remove', o.pathText);
        break;
      case 'replace':
        getValue(result, o.path, 'replace', o.pathText);
        result = o.path.length === 0 ? cloneJson(o.value) : removeValue(result, o.path, 'replace', o.pathText);
        if (o.path.length > 0) result = addValue(result, o.path, cloneJson(o.value), 'replace', o.pathText);
        break;
      case 'move': {
        const from = o.from ?? [];
        const fromText = o.fromText ?? '';
        if (o.pathText.startsWith(`${fromText}/`)) {
          throw new PatchError(`move operation does not apply: ${JSON.stringify(fromText)} cannot be moved into its own child ${JSON.stringify(o.pathText)}`, 422);
        }
        const value = getValue(result, from, 'move', fromText);
        if (from.length > 0) result = removeValue(result, from, 'move', fromText);
        result = addValue(result, o.path, value, 'move', o.pathText);
        break;
      }
      case 'copy': {
        const value = getValue(result, o.from ?? [], 'copy', o.fromText ?? '');
        result = addValue(result, o.path, cloneJson(value), 'copy', o.pathText);
        break;
      }
      case 'test': {
        const actual = getValue(result, o.path, 'test', o.pathText);
        if (!jsonEqual(actual, o.value)) {
          throw new PatchError(`test operation failed: the value at path ${JSON.stringify(o.pathText)} is not ${JSON.stringify(o.value)}`, 422);
        }
        break;
      }
    }
  }
  return result;
}
