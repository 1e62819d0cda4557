import { ProtobufError } from './errors.js';

/**
 * Where in a JSON value a field is, built only when an error names it: a message name or a
 * field path, then field names (`.spec`) and array or map positions (`[0]`, `[key]`).
 */
export type Path = string | { readonly up: Path; readonly key: string | number };

/** The text of a path: `k8s.io.api.core.v1.Pod.spec.containers[0].name`. */
export function pathText(path: Path): string {
  if (typeof path === 'string') return path;
  const { up, key } = path;
  if (typeof key === 'number') return `${pathText(up)}[${String(key)}]`;
  return key.startsWith('[') ? `${pathText(up)}${key}` : `${pathText(up)}.${key}`;
}

/** An `InvalidValue` error naming the field, what it needs and what it got. */
export function invalid(path: Path, expected: string, value: unknown, cause?: unknown): ProtobufError {
  let shown: string;
  if (typeof value === 'string') shown = JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  else if (Array.isArray(value)) shown = 'an array';
  else if (value === null) shown = 'null';
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') shown = String(value);
  else shown = typeof value;
  return new ProtobufError('InvalidValue', `${pathText(path)}: expected ${expected}, got ${shown}`, cause === undefined ? {} : { cause });
}
