// Request bodies read the way kube-apiserver's strict decoders read them: a JSON document is
// scanned into a tree that keeps every occurrence of a key (JSON.parse keeps only the last one),
// so that duplicated fields can be reported in document order; a YAML document (server-side
// apply) reports its duplicated keys in go-yaml's words, on the line of the repeated value.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { setOwn, type JsonObject } from './json-value.js';

/** A JSON value with every key occurrence kept, in document order. */
export type JsonNode = JsonObjectNode | JsonArrayNode | JsonScalarNode;

interface JsonObjectNode {
  readonly type: 'object';
  readonly entries: readonly (readonly [string, JsonNode])[];
}

interface JsonArrayNode {
  readonly type: 'array';
  readonly items: readonly JsonNode[];
}

interface JsonScalarNode {
  readonly type: 'scalar';
  readonly value: string | number | boolean | null;
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** Scans a JSON text that JSON.parse has accepted; throws on anything it cannot read. */
export function scanJson(text: string): JsonNode {
  let i = 0;
  const skip = (): void => {
    while (i < text.length && WHITESPACE.has(text.charCodeAt(i))) i++;
  };
  const fail = (): never => {
    throw new SyntaxError(`unexpected character at offset ${i}`);
  };
  const readString = (): string => {
    const start = i + 1;
    let j = start;
    let escaped = false;
    for (;;) {
      const c = text.charCodeAt(j);
      if (Number.isNaN(c)) fail();
      if (c === 0x22) break;
      if (c === 0x5c) {
        escaped = true;
        j += 2;
        continue;
      }
      j++;
    }
    i = j + 1;
    return escaped ? (JSON.parse(text.slice(start - 1, j + 1)) as string) : text.slice(start, j);
  };
  const readValue = (): JsonNode => {
    skip();
    const c = text.charCodeAt(i);
    if (c === 0x7b) {
      i++;
      const entries: [string, JsonNode][] = [];
      skip();
      if (text.charCodeAt(i) === 0x7d) {
        i++;
        return { type: 'object', entries };
      }
      for (;;) {
        skip();
        if (text.charCodeAt(i) !== 0x22) fail();
        const key = readString();
        skip();
        if (text.charCodeAt(i) !== 0x3a) fail();
        i++;
        entries.push([key, readValue()]);
        skip();
        const next = text.charCodeAt(i++);
        if (next === 0x7d) return { type: 'object', entries };
        if (next !== 0x2c) fail();
      }
    }
    if (c === 0x5b) {
      i++;
      const items: JsonNode[] = [];
      skip();
      if (text.charCodeAt(i) === 0x5d) {
        i++;
        return { type: 'array', items };
      }
      for (;;) {
        items.push(readValue());
        skip();
        const next = text.charCodeAt(i++);
        if (next === 0x5d) return { type: 'array', items };
        if (next !== 0x2c) fail();
      }
    }
    if (c === 0x22) return { type: 'scalar', value: readString() };
    const start = i;
    while (i < text.length && !WHITESPACE.has(text.charCodeAt(i)) && !',]}'.includes(text.charAt(i))) i++;
    const word = text.slice(start, i);
    if (word === 'true') return { type: 'scalar', value: true };
    if (word === 'false') return { type: 'scalar', value: false };
    if (word === 'null') return { type: 'scalar', value: null };
    const n = Number(word);
    if (word === '' || Number.isNaN(n)) fail();
    return { type: 'scalar', value: n };
  };
  const node = readValue();
  skip();
  if (i !== text.length) fail();
  return node;
}

/** A field path as kube's strict decoder prints it: `spec.containers[0].name`, `data.key`. */
export function childPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/**
 * The value of a node as a Go `map[string]interface{}` decoding gives it (a repeated key keeps
 * its last value), reporting every repeated key as `duplicate field "path"` in document order.
 */
export function decodeUnstructured(node: JsonNode, path: string, problems: string[] | undefined): unknown {
  switch (node.type) {
    case 'scalar':
      return node.value;
    case 'array':
      return node.items.map((item, i) => decodeUnstructured(item, indexPath(path, i), problems));
    case 'object': {
      const out: JsonObject = {};
      for (const [key, child] of node.entries) {
        const at = childPath(path, key);
        if (problems !== undefined && Object.hasOwn(out, key)) problems.push(duplicateField(at));
        setOwn(out, key, decodeUnstructured(child, at, problems));
      }
      return out;
    }
  }
}

export function duplicateField(path: string): string {
  return `duplicate field ${JSON.stringify(path)}`;
}

export function unknownField(path: string): string {
  return `unknown field ${JSON.stringify(path)}`;
}

/** Go's `%#v` of a YAML map key: strings quoted, numbers and booleans bare. */
function goKey(value: string | number | boolean): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/**
 * The duplicated keys of a YAML (or JSON) apply body, as go-yaml's strict decoder reports them:
 * `line 7: key "k" already set in map`, on the line of the repeated key's value, a value's own
 * duplicates before the duplicate that holds them.
 */
export function yamlDuplicateKeys(text: string): string[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: false, lineCounter: lines, version: '1.1' });
  const found: string[] = [];
  const lineOf = (node: Node | null, fallback: number): number => {
    const offset = node?.range?.[0];
    return offset === undefined ? fallback : lines.linePos(offset).line;
  };
  const visit = (node: unknown): void => {
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key: unknown = isScalar(pair.key) ? pair.key.value : undefined;
        visit(pair.value);
        // Keys that are not scalars (rare, and not JSON) are not compared.
        if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean') continue;
        const id = `${typeof key}:${String(key)}`;
        if (seen.has(id)) {
          const keyLine = lineOf(pair.key as Node | null, 0);
          found.push(`line ${lineOf(pair.value as Node | null, keyLine)}: key ${goKey(key)} already set in map`);
        }
        seen.add(id);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) visit(item);
    }
  };
  visit(doc.contents);
  return found;
}
