// JSON (as Go writes it) → protobuf bytes exactly as the gogo-generated marshalers of the
// Kubernetes API types write them: fields in number order; a non-pointer field always, even when
// zero or empty; a pointer only when set; a []byte, slice or map only when non-nil / non-empty;
// map entries sorted by key; nested messages length-delimited; inline structs as their own field.
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import type { GeneratedProtobuf, ProtoField, ProtoMessage, ProtoValueType } from '../schema/data.js';
import { ProtobufError } from './errors.js';
import { invalid } from './errors-invalid.js';
import { shapeOf } from './shapes.js';
import { writeSpecial } from './special-encode.js';
import { base64ToBytes, compareGoStrings } from './text.js';

type Messages = GeneratedProtobuf['messages'];
const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});

/** The bytes of message `name` (no envelope) for a JSON value. */
export function encodeMessageJson(messages: Messages, name: string, json: unknown): Uint8Array {
  const w = new BinaryWriter();
  writeMessageBody(w, messages, lookupMessage(messages, name), json, name);
  return w.finish();
}

/** A message by name, or an `UnknownMessage` error. */
export function lookupMessage(messages: Messages, name: string | undefined): ProtoMessage {
  const msg = name === undefined ? undefined : messages[name];
  if (msg === undefined) throw new ProtobufError('UnknownMessage', `no protobuf message named ${String(name)}`);
  return msg;
}

/** The fields of one message (or a special type's form) for a JSON value, without tag or length. */
export function writeMessageBody(
  w: BinaryWriter,
  messages: Messages,
  msg: ProtoMessage,
  json: unknown,
  path: string,
): void {
  const shape = shapeOf(msg);
  if (shape !== undefined) {
    const fields = shape.toFields(json, path);
    if (fields !== undefined) for (const f of msg.fields) writeField(w, messages, f, fields, path);
    return;
  }
  if (msg.special !== undefined && msg.special !== 'Unknown') {
    writeSpecial(w, messages, msg, json, path);
    return;
  }
  let obj: Readonly<Record<string, unknown>> = EMPTY;
  if (json !== null && json !== undefined) {
    if (typeof json !== 'object' || Array.isArray(json)) throw invalid(path, 'an object', json);
    obj = json as Record<string, unknown>;
  }
  for (const f of msg.fields) writeField(w, messages, f, obj, path);
}

function writeField(
  w: BinaryWriter,
  messages: Messages,
  f: ProtoField,
  obj: Readonly<Record<string, unknown>>,
  path: string,
): void {
  if (f.inline === true) {
    const sub = lookupMessage(messages, f.message);
    if (f.pointer === true && !sub.fields.some((sf) => obj[sf.name] !== undefined && obj[sf.name] !== null)) return;
    w.tag(f.number, WireType.LengthDelimited).fork();
    writeMessageBody(w, messages, sub, obj, path);
    w.join();
    return;
  }
  const value = obj[f.name];
  const at = `${path}.${f.name}`;
  if (f.map !== undefined) {
    if (value === null || value === undefined) return;
    if (typeof value !== 'object' || Array.isArray(value)) throw invalid(at, 'an object', value);
    writeMap(w, messages, f.number, f.map, value as Record<string, unknown>, at);
    return;
  }
  if (f.repeated === true) {
    if (value === null || value === undefined) return;
    if (!Array.isArray(value)) throw invalid(at, 'an array', value);
    for (let i = 0; i < value.length; i++) writeValue(w, messages, f.number, f, value[i], `${at}[${i}]`);
    return;
  }
  if (value === null || value === undefined) {
    if (f.pointer === true || f.type === 'bytes') return;
    if (f.type === 'message' && lookupMessage(messages, f.message).special === 'list') return; // a nil named slice
  }
  writeValue(w, messages, f.number, f, value, at);
}

function writeMap(
  w: BinaryWriter,
  messages: Messages,
  number: number,
  map: NonNullable<ProtoField['map']>,
  value: Record<string, unknown>,
  path: string,
): void {
  const { key, value: valueType } = map;
  const keys = Object.keys(value);
  if (key === 'string') keys.sort(compareGoStrings);
  else keys.sort((a, b) => Number(a) - Number(b));
  for (const k of keys) {
    const v = value[k];
    if (v === undefined) continue;
    w.tag(number, WireType.LengthDelimited).fork();
    writeValue(w, messages, 1, { type: key }, key === 'string' ? k : mapKeyNumber(k, path), `${path}[${k}]`);
    if (!(v === null && valueType.type === 'bytes')) writeValue(w, messages, 2, valueType, v, `${path}[${k}]`);
    w.join();
  }
}

function mapKeyNumber(k: string, path: string): number {
  const n = Number(k);
  if (k.trim() === '' || !Number.isInteger(n)) throw invalid(path, 'an integer map key', k);
  return n;
}

/** One value of a field (a single field, one element of a repeated field, a map key or value). */
function writeValue(
  w: BinaryWriter,
  messages: Messages,
  number: number,
  type: ProtoValueType,
  value: unknown,
  path: string,
): void {
  switch (type.type) {
    case 'string':
      w.tag(number, WireType.LengthDelimited).string(value === null || value === undefined ? '' : str(value, path));
      return;
    case 'bytes':
      w.tag(number, WireType.LengthDelimited).bytes(value === null || value === undefined ? new Uint8Array(0) : bytes(value, path));
      return;
    case 'bool':
      if (value !== null && value !== undefined && typeof value !== 'boolean') throw invalid(path, 'a boolean', value);
      w.tag(number, WireType.Varint).bool(value === true);
      return;
    case 'int32':
      w.tag(number, WireType.Varint).int32(int(value, path, -0x80000000, 0x7fffffff));
      return;
    case 'uint32':
      w.tag(number, WireType.Varint).uint32(int(value, path, 0, 0xffffffff));
      return;
    case 'int64':
      w.tag(number, WireType.Varint).int64(int(value, path, -Number.MAX_VALUE, Number.MAX_VALUE));
      return;
    case 'uint64':
      w.tag(number, WireType.Varint).uint64(int(value, path, 0, Number.MAX_VALUE));
      return;
    case 'double':
      w.tag(number, WireType.Bit64).double(num(value, path));
      return;
    case 'float':
      w.tag(number, WireType.Bit32).float(num(value, path));
      return;
    case 'message': {
      const sub = lookupMessage(messages, type.message);
      w.tag(number, WireType.LengthDelimited).fork();
      writeMessageBody(w, messages, sub, value, path);
      w.join();
      return;
    }
  }
}

function str(value: unknown, path: string): string {
  if (typeof value !== 'string') throw invalid(path, 'a string', value);
  return value;
}

function bytes(value: unknown, path: string): Uint8Array {
  const decoded = typeof value === 'string' ? base64ToBytes(value) : undefined;
  if (decoded === undefined) throw invalid(path, 'a base64 string', value);
  return decoded;
}

function int(value: unknown, path: string, min: number, max: number): number {
  if (value === null || value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(path, 'an integer in range', value);
  }
  return value;
}

function num(value: unknown, path: string): number {
  if (value === null || value === undefined) return 0;
  if (typeof value !== 'number') throw invalid(path, 'a number', value);
  return value;
}
