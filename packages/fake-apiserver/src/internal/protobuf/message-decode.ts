// Protobuf bytes → the JSON Go writes after unmarshalling them: Go's zero values for absent
// non-pointer fields, `omitempty` applied as encoding/json applies it (never to structs), `null`
// for a nil pointer, slice, map or []byte without omitempty, map keys sorted, inline structs'
// fields in their parent.
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import type { GeneratedProtobuf, ProtoField, ProtoMessage, ProtoScalar, ProtoValueType } from '../schema/data.js';
import { jsonEqual } from '../json-value.js';
import { ProtobufError } from './errors.js';
import { lookupMessage } from './message-encode.js';
import { pathText, type Path } from './errors-invalid.js';
import { shapeOf, type Shape } from './shapes.js';
import { readSpecial } from './special-decode.js';
import { bytesToBase64, compareGoStrings } from './text.js';
import { readerError } from './wire-errors.js';

type Messages = GeneratedProtobuf['messages'];

/** Turns the raw bytes of a RawExtension that hold an enveloped object into that object's JSON. */
export type EmbeddedObjectReader = (raw: Uint8Array) => Record<string, unknown>;

/** What reading needs besides the bytes. */
export interface DecodeContext {
  readonly messages: Messages;
  readonly embedded: EmbeddedObjectReader;
}

const NO_BYTES = new Uint8Array(0);

/** The JSON of message `name` from its bytes (no envelope). */
export function decodeMessageBytes(
  messages: Messages,
  name: string,
  bytes: Uint8Array,
  embedded: EmbeddedObjectReader,
): unknown {
  const msg = lookupMessage(messages, name);
  try {
    return readMessage({ messages, embedded }, msg, bytes, name);
  } catch (err) {
    throw readerError(err, name);
  }
}

/** What reading a message needs, worked out once per message. */
interface Plan {
  /** Field number → field. */
  readonly index: ReadonlyMap<number, ProtoField>;
  /** The fields in the order Go writes their JSON (struct declaration order). */
  readonly order: readonly ProtoField[];
  readonly shape: Shape | undefined;
  /** A special type with its own reader (special-decode.ts). */
  readonly special: boolean;
}

const plans = new WeakMap<ProtoMessage, Plan>();

function planOf(msg: ProtoMessage): Plan {
  let plan = plans.get(msg);
  if (plan === undefined) {
    const index = new Map(msg.fields.map((f) => [f.number, f]));
    const numbers = msg.jsonOrder ?? [];
    let order = numbers.map((n) => index.get(n)).filter((f): f is ProtoField => f !== undefined);
    if (order.length !== msg.fields.length) order = [...msg.fields];
    const shape = shapeOf(msg);
    plan = { index, order, shape, special: msg.special !== undefined && msg.special !== 'Unknown' && shape === undefined };
    plans.set(msg, plan);
  }
  return plan;
}

/** The JSON of one message (or a special type) from its body bytes. */
function readMessage(ctx: DecodeContext, msg: ProtoMessage, bytes: Uint8Array, path: Path): unknown {
  const { index, order, shape, special } = planOf(msg);
  if (special) return readSpecial(ctx, msg, bytes, pathText(path));
  const values = new Map<ProtoField, unknown>();
  const r = new BinaryReader(bytes);
  while (r.pos < r.len) {
    const [no, wireType] = r.tag();
    const f = index.get(no);
    if (f === undefined) {
      r.skip(wireType, no);
      continue;
    }
    if (f.map !== undefined) {
      expectWireType(f, wireType, WireType.LengthDelimited, path);
      const entries = (values.get(f) as [unknown, unknown][] | undefined) ?? [];
      entries.push(readMapEntry(ctx, f.map, r.bytes(), { up: path, key: f.name }));
      values.set(f, entries);
    } else if (f.repeated === true) {
      const items = (values.get(f) as unknown[] | undefined) ?? [];
      if (wireType === WireType.LengthDelimited && isPackable(f.type)) {
        const packed = new BinaryReader(r.bytes());
        while (packed.pos < packed.len) items.push(readScalar(packed, f.type as ProtoScalar));
      } else {
        items.push(readValue(ctx, r, f, wireType, { up: path, key: f.name }));
      }
      values.set(f, items);
    } else if (f.type === 'message') {
      expectWireType(f, wireType, WireType.LengthDelimited, path);
      // A message that appears twice is merged, which for protobuf is reading both in turn.
      const previous = values.get(f) as Uint8Array | undefined;
      const body = r.bytes();
      values.set(f, previous === undefined ? body : concat(previous, body));
    } else {
      values.set(f, readValue(ctx, r, f, wireType, { up: path, key: f.name }));
    }
  }
  const json = toJson(ctx, order, values, path);
  return shape === undefined ? json : shape.fromFields(json, path);
}

function toJson(ctx: DecodeContext, order: readonly ProtoField[], values: Map<ProtoField, unknown>, path: Path): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of order) {
    const present = values.has(f);
    const value = values.get(f);
    // Go's `omitzero` leaves out a zero value as `omitempty` does, and also a zero struct.
    const omitZero = (f as { readonly omitZero?: boolean }).omitZero === true;
    const omitEmpty = f.omitEmpty === true || omitZero;
    if (f.inline === true) {
      if (!present && f.pointer === true) continue;
      const sub = lookupMessage(ctx.messages, f.message);
      Object.assign(out, readMessage(ctx, sub, present ? (value as Uint8Array) : NO_BYTES, path));
      continue;
    }
    if (f.map !== undefined) {
      if (present) out[f.name] = mapObject(value as [unknown, unknown][]);
      else if (!omitEmpty) out[f.name] = null;
      continue;
    }
    if (f.repeated === true) {
      if (present) out[f.name] = value;
      else if (!omitEmpty) out[f.name] = null;
      continue;
    }
    if (f.type === 'message') {
      const sub = lookupMessage(ctx.messages, f.message);
      const nilable = f.pointer === true || sub.special === 'list';
      if (!present && nilable) {
        if (!omitEmpty) out[f.name] = null;
        continue;
      }
      const json = readMessage(ctx, sub, present ? (value as Uint8Array) : NO_BYTES, { up: path, key: f.name });
      // encoding/json never leaves out a struct; a named slice (list) is left out when empty.
      if (omitEmpty && sub.special === 'list' && f.pointer !== true && (json as unknown[]).length === 0) continue;
      if (omitZero && f.pointer !== true && (json === null || jsonEqual(json, readMessage(ctx, sub, NO_BYTES, path)))) continue;
      out[f.name] = json;
      continue;
    }
    if (!present) {
      if (f.pointer === true || f.type === 'bytes') {
        if (!omitEmpty) out[f.name] = null;
        continue;
      }
      if (!omitEmpty) out[f.name] = zeroOf(f.type);
      continue;
    }
    if (omitEmpty && f.pointer !== true && isZero(value)) continue;
    out[f.name] = value;
  }
  return out;
}

function readMapEntry(ctx: DecodeContext, map: NonNullable<ProtoField['map']>, bytes: Uint8Array, path: Path): [unknown, unknown] {
  const r = new BinaryReader(bytes);
  const keyType: ProtoValueType = { type: map.key };
  let key: unknown;
  let value: unknown;
  let valueBytes: Uint8Array | undefined;
  while (r.pos < r.len) {
    const [no, wireType] = r.tag();
    if (no === 1) key = readValue(ctx, r, keyType, wireType, path);
    else if (no === 2) {
      if (map.value.type === 'message') {
        expectWireType(map.value, wireType, WireType.LengthDelimited, path);
        valueBytes = r.bytes();
      } else value = readValue(ctx, r, map.value, wireType, path);
    } else r.skip(wireType, no);
  }
  if (map.value.type === 'message') {
    value = readMessage(ctx, lookupMessage(ctx.messages, map.value.message), valueBytes ?? NO_BYTES, { up: path, key: `[${String(key)}]` });
  } else if (value === undefined) {
    value = map.value.type === 'bytes' ? null : zeroOf(map.value.type);
  }
  return [key ?? zeroOf(map.key), value];
}

function mapObject(entries: [unknown, unknown][]): Record<string, unknown> {
  const byKey = new Map<string, unknown>();
  for (const [k, v] of entries) byKey.set(String(k), v);
  const out: Record<string, unknown> = {};
  for (const k of [...byKey.keys()].sort(compareGoStrings)) {
    Object.defineProperty(out, k, { value: byKey.get(k), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function readValue(ctx: DecodeContext, r: BinaryReader, type: ProtoValueType, wireType: WireType, path: Path): unknown {
  if (type.type === 'message') {
    expectWireType(type, wireType, WireType.LengthDelimited, path);
    return readMessage(ctx, lookupMessage(ctx.messages, type.message), r.bytes(), path);
  }
  expectWireType(type, wireType, scalarWireType(type.type), path);
  return readScalar(r, type.type);
}

function readScalar(r: BinaryReader, type: ProtoScalar): unknown {
  switch (type) {
    case 'string':
      return r.string();
    case 'bytes':
      return bytesToBase64(r.bytes());
    case 'bool':
      return r.bool();
    case 'int32':
      return r.int32();
    case 'uint32':
      return r.uint32();
    case 'int64':
      return Number(r.int64());
    case 'uint64':
      return Number(r.uint64());
    case 'double':
      return r.double();
    case 'float':
      return r.float();
  }
}

function scalarWireType(type: ProtoScalar): WireType {
  switch (type) {
    case 'string':
    case 'bytes':
      return WireType.LengthDelimited;
    case 'double':
      return WireType.Bit64;
    case 'float':
      return WireType.Bit32;
    default:
      return WireType.Varint;
  }
}

function isPackable(type: ProtoValueType['type']): boolean {
  return type !== 'string' && type !== 'bytes' && type !== 'message';
}

function expectWireType(f: ProtoValueType & { readonly name?: string }, actual: WireType, expected: WireType, path: Path): void {
  if (actual !== expected) {
    throw new ProtobufError('WireType', `${pathText(path)}${f.name === undefined ? '' : `.${f.name}`}: wire type ${actual}, expected ${expected}`);
  }
}

function zeroOf(type: ProtoValueType['type']): unknown {
  switch (type) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'bytes':
    case 'message':
      return null;
    default:
      return 0;
  }
}

function isZero(value: unknown): boolean {
  return value === '' || value === 0 || value === false;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
