import { ProtobufError } from './errors.js';

/** An `InvalidValue` error naming the field, what it needs and what it got. */
export function invalid(path: string, expected: string, value: unknown, cause?: unknown): ProtobufError {
  let shown: string;
  if (typeof value === 'string') shown = JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  else if (Array.isArray(value)) shown = 'an array';
  else if (value === null) shown = 'null';
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') shown = String(value);
  else shown = typeof value;
  return new ProtobufError('InvalidValue', `${path}: expected ${expected}, got ${shown}`, cause === undefined ? {} : { cause });
}
