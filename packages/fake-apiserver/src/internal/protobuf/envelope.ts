// The envelope of every Kubernetes protobuf body: the magic `k8s\0`, then a `runtime.Unknown`
// { typeMeta { apiVersion = 1, kind = 2 } = 1, raw = 2, contentEncoding = 3, contentType = 4 }
// whose raw bytes are the object's message. Written as Go's protobuf serializer writes it.
import { BinaryReader, BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { ProtobufError } from './errors.js';
import { readerError } from './wire-errors.js';

const MAGIC = [0x6b, 0x38, 0x73, 0x00] as const;

/** Whether `bytes` start with the `k8s\0` magic of an enveloped object. */
export function hasEnvelope(bytes: Uint8Array): boolean {
  return MAGIC.every((b, i) => bytes[i] === b);
}

/** `k8s\0` + `runtime.Unknown` around an object's message bytes. */
export function writeEnvelope(apiVersion: string, kind: string, raw: Uint8Array): Uint8Array {
  const w = new BinaryWriter();
  w.raw(Uint8Array.from(MAGIC));
  w.tag(1, WireType.LengthDelimited).fork();
  w.tag(1, WireType.LengthDelimited).string(apiVersion);
  w.tag(2, WireType.LengthDelimited).string(kind);
  w.join();
  w.tag(2, WireType.LengthDelimited).bytes(raw);
  w.tag(3, WireType.LengthDelimited).string('');
  w.tag(4, WireType.LengthDelimited).string('');
  return w.finish();
}

/** The contents of an enveloped body. */
export interface Envelope {
  readonly apiVersion: string;
  readonly kind: string;
  readonly raw: Uint8Array;
  readonly contentEncoding: string;
  readonly contentType: string;
}

/** Reads `k8s\0` + `runtime.Unknown`. */
export function readEnvelope(bytes: Uint8Array): Envelope {
  if (!hasEnvelope(bytes)) {
    throw new ProtobufError('BadEnvelope', 'a protobuf body must start with the 4 bytes "k8s\\0"');
  }
  let apiVersion = '';
  let kind = '';
  let raw: Uint8Array = new Uint8Array(0);
  let contentEncoding = '';
  let contentType = '';
  try {
    const r = new BinaryReader(bytes.subarray(MAGIC.length));
    while (r.pos < r.len) {
      const [field, wireType] = r.tag();
      if (field >= 1 && field <= 4 && wireType !== WireType.LengthDelimited) {
        throw new ProtobufError('WireType', `runtime.Unknown field ${field} has wire type ${wireType}, not length-delimited`);
      }
      if (field === 1) {
        const t = new BinaryReader(r.bytes());
        while (t.pos < t.len) {
          const [tf, tw] = t.tag();
          if ((tf === 1 || tf === 2) && tw !== WireType.LengthDelimited) {
            throw new ProtobufError('WireType', `runtime.TypeMeta field ${tf} has wire type ${tw}, not length-delimited`);
          }
          if (tf === 1) apiVersion = t.string();
          else if (tf === 2) kind = t.string();
          else t.skip(tw, tf);
        }
      } else if (field === 2) raw = r.bytes();
      else if (field === 3) contentEncoding = r.string();
      else if (field === 4) contentType = r.string();
      else r.skip(wireType, field);
    }
  } catch (err) {
    throw readerError(err, 'runtime.Unknown');
  }
  if (kind === '') throw new ProtobufError('BadEnvelope', 'the runtime.Unknown around the object has no kind');
  if (contentEncoding !== '' || (contentType !== '' && contentType !== 'application/vnd.kubernetes.protobuf')) {
    throw new ProtobufError(
      'BadEnvelope',
      `an object with content encoding "${contentEncoding}" and content type "${contentType}" cannot be read`,
    );
  }
  return { apiVersion, kind, raw, contentEncoding, contentType };
}
