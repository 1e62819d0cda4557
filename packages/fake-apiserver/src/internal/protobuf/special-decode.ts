// The Kubernetes types whose JSON is not their message's fields (ProtoMessage.special), message
// body → the JSON their hand-written Go marshalers write.
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import type { ProtoMessage } from '../schema/data.js';
import { ProtobufError } from './errors.js';
import { hasEnvelope } from './envelope.js';
import { formatGoDuration, formatRfc3339, ZERO_TIME_SECONDS } from './go-time.js';
import type { DecodeContext } from './message-decode.js';
import { fromUtf8 } from './text.js';

/** The JSON of a special type from its message body. */
export function readSpecial(ctx: DecodeContext, msg: ProtoMessage, bytes: Uint8Array, path: string): unknown {
  const fields = readFields(bytes, LENGTH_DELIMITED[msg.special ?? ''] ?? [], path);
  switch (msg.special) {
    case 'Time':
    case 'MicroTime': {
      // An empty body is Go's zero time, written as null; Time ignores the nanoseconds.
      if (bytes.length === 0) return null;
      let seconds = Number(fields.get(1) ?? 0n);
      let nanos = Number(fields.get(2) ?? 0n);
      seconds += Math.floor(nanos / 1e9);
      nanos = ((nanos % 1e9) + 1e9) % 1e9;
      if (seconds === ZERO_TIME_SECONDS && (msg.special === 'Time' || nanos < 1000)) return null;
      return msg.special === 'Time' ? formatRfc3339(seconds) : formatRfc3339(seconds, Math.floor(nanos / 1000));
    }
    case 'Duration':
      return formatGoDuration(BigInt.asIntN(64, (fields.get(1) as bigint | undefined) ?? 0n));
    case 'Quantity': {
      const text = fields.get(1);
      return text instanceof Uint8Array && text.length > 0 ? fromUtf8(text) : '0';
    }
    case 'IntOrString': {
      const type = Number(fields.get(1) ?? 0n);
      if (type === 0) return Number(BigInt.asIntN(32, (fields.get(2) as bigint | undefined) ?? 0n));
      if (type === 1) return fields.has(3) ? fromUtf8(fields.get(3) as Uint8Array) : '';
      throw new ProtobufError('InvalidValue', `${path}: IntOrString of unknown type ${type}`);
    }
    case 'RawExtension':
    case 'FieldsV1': {
      const raw = fields.get(1) as Uint8Array | undefined;
      if (raw === undefined || raw.length === 0) return null;
      if (msg.special === 'RawExtension' && hasEnvelope(raw)) return ctx.embedded(raw);
      try {
        return JSON.parse(fromUtf8(raw)) as unknown;
      } catch (err) {
        throw new ProtobufError('InvalidValue', `${path}: the embedded bytes are neither JSON nor an enveloped object`, { cause: err });
      }
    }
    default:
      throw new ProtobufError('UnknownMessage', `${path}: the special type ${String(msg.special)} has no JSON form`);
  }
}

// Which fields of each special type are length-delimited; all the others are varints.
const LENGTH_DELIMITED: Readonly<Record<string, readonly number[]>> = {
  Quantity: [1],
  IntOrString: [3],
  RawExtension: [1],
  FieldsV1: [1],
};

// Field number → last value: varints as signed 64-bit bigints, length-delimited fields as bytes.
function readFields(bytes: Uint8Array, lengthDelimited: readonly number[], path: string): Map<number, bigint | Uint8Array> {
  const fields = new Map<number, bigint | Uint8Array>();
  const r = new BinaryReader(bytes);
  while (r.pos < r.len) {
    const [no, wireType] = r.tag();
    if (no > 3) {
      r.skip(wireType, no);
      continue;
    }
    const expected = lengthDelimited.includes(no) ? WireType.LengthDelimited : WireType.Varint;
    if (wireType !== expected) throw new ProtobufError('WireType', `${path}: field ${no} has wire type ${wireType}, expected ${expected}`);
    fields.set(no, wireType === WireType.Varint ? BigInt.asIntN(64, BigInt(r.uint64())) : r.bytes());
  }
  return fields;
}
