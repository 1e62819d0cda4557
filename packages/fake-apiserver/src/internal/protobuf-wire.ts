// Protobuf on the wire, as kube-apiserver speaks it (`application/vnd.kubernetes.protobuf`):
// - objects and Status bodies: `k8s\0` + `runtime.Unknown { typeMeta, raw }` around the message;
// - lists: the envelope around `…List { metadata = 1; items = 2 }`, whose items are the objects'
//   own messages (no envelope, no type meta), concatenated from per-entry encodings;
// - watch streams (`;stream=watch`): per event a 4-byte big-endian length, then a bare
//   `WatchEvent { type = 1; object = 2 }` message (no envelope) whose `RawExtension.raw` is the
//   enveloped object;
// - request bodies for create and update (built-in kinds) and DeleteOptions (every kind).
// Custom resources have no protobuf form: a protobuf body for one is refused with 415.
import type { KubeObject, ServerStatus } from '../types.js';
import type { Entry } from './entry.js';
import type { LineType } from './event-lines.js';
import type { KindInfo } from './kinds.js';
import { PROTOBUF_CONTENT_TYPE, PROTOBUF_WATCH_CONTENT_TYPE } from './negotiate.js';
import type { ObjectView } from './object-view.js';
import { defaultCodec, type ProtobufCodec } from './protobuf/codec.js';
import { ProtobufError } from './protobuf/errors.js';
import { readEnvelope, writeEnvelope } from './protobuf/envelope.js';
import { badRequest, internalError, unsupportedMediaType } from './status.js';

const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';
const LIST_META = `${META}.ListMeta`;
const STATUS = `${META}.Status`;
const DELETE_OPTIONS = `${META}.DeleteOptions`;
const PARTIAL_OBJECT_METADATA = `${META}.PartialObjectMetadata`;
const MAGIC = Buffer.from('k8s\0', 'latin1');

/** Whether a Content-Type header names protobuf (parameters aside). */
function isProtobuf(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === PROTOBUF_CONTENT_TYPE;
}

/** A Uint8Array as a Buffer over the same memory. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function codec(): ProtobufCodec {
  return defaultCodec();
}

const protobufKinds = new WeakMap<KindInfo, boolean>();

/**
 * Whether objects of this kind can be written and read in protobuf (built-in kinds). False when
 * the generated protobuf data is not available: the server then speaks JSON only.
 */
export function kindHasProtobuf(kind: KindInfo): boolean {
  let known = protobufKinds.get(kind);
  if (known === undefined) {
    try {
      known = codec().messageName(kind.apiVersion, kind.kind) !== undefined;
    } catch {
      known = false;
    }
    protobufKinds.set(kind, known);
  }
  return known;
}

function varint(n: number): Buffer {
  const out: number[] = [];
  let v = n;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Buffer.from(out);
}

/** Tag and length of a length-delimited field. */
function fieldHead(field: number, length: number): Buffer {
  return Buffer.concat([varint((field << 3) | 2), varint(length)]);
}

function lengthDelimited(field: number, bytes: Uint8Array): Buffer {
  const head = fieldHead(field, bytes.length);
  return Buffer.concat([head, bytes], head.length + bytes.length);
}

/** The message of `obj` without `kind` and `apiVersion` (protobuf messages carry no type meta). */
function withoutTypeMeta(obj: object): Record<string, unknown> {
  const { kind: _kind, apiVersion: _apiVersion, ...rest } = obj as Record<string, unknown>;
  return rest;
}

/** Encoding failures of stored objects are the server's: 500. */
function encodingFailed(what: string, err: unknown): never {
  throw internalError(`unable to encode ${what} as protobuf: ${err instanceof Error ? err.message : String(err)}`, err);
}

/**
 * A Status in protobuf (`v1`, `Status`, enveloped), as kube-apiserver writes errors for protobuf clients.
 */
export function encodeStatus(status: ServerStatus): Buffer {
  return asBuffer(writeEnvelope('v1', 'Status', codec().encodeMessage(withoutTypeMeta(status), STATUS)));
}

/**
 * One watch event frame: length, then `WatchEvent { type, object: RawExtension { raw } }`.
 *
 * @internal exported for its unit tests; not part of the package API
 */
export function watchFrame(type: LineType, object: Buffer): Buffer {
  const typeField = lengthDelimited(1, Buffer.from(type, 'latin1'));
  const rawField = fieldHead(1, object.length);
  const objectField = fieldHead(2, rawField.length + object.length);
  const size = typeField.length + objectField.length + rawField.length + object.length;
  const frame = Buffer.allocUnsafe(4 + size);
  frame.writeUInt32BE(size, 0);
  let at = 4;
  for (const part of [typeField, objectField, rawField, object]) {
    part.copy(frame, at);
    at += part.length;
  }
  return frame;
}

/** What the protobuf views need from the server's per-entry encoding cache. */
export type EncodingCache = <T extends Buffer>(entry: Entry, id: string, make: () => T) => T;

interface ListMetaJson {
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

/**
 * An enveloped list: the envelope's head, `metadata`, then each item's message as field 2. Large
 * lists stay as parts (written without copying).
 */
function listParts(apiVersion: string, kind: string, listMeta: ListMetaJson, items: readonly Buffer[]): { parts: Buffer[]; total: number } {
  const meta = lengthDelimited(1, codec().encodeMessage(listMeta, LIST_META));
  const parts: Buffer[] = [Buffer.alloc(0), meta];
  let rawLength = meta.length;
  for (const item of items) {
    const head = fieldHead(2, item.length);
    parts.push(head, item);
    rawLength += head.length + item.length;
  }
  const typeMeta = Buffer.concat([lengthDelimited(1, Buffer.from(apiVersion)), lengthDelimited(2, Buffer.from(kind))]);
  const head = Buffer.concat([MAGIC, lengthDelimited(1, typeMeta), fieldHead(2, rawLength)]);
  const tail = Buffer.from([0x1a, 0x00, 0x22, 0x00]);
  parts[0] = head;
  parts.push(tail);
  return { parts, total: head.length + rawLength + tail.length };
}

function protobufWire(encodeValue: (obj: KubeObject) => Buffer): NonNullable<ObjectView['wire']> {
  return {
    watchContentType: PROTOBUF_WATCH_CONTENT_TYPE,
    event: watchFrame,
    encodeValue,
    encodeStatus,
  };
}

/** Objects of a built-in kind in protobuf, under the kind's apiVersion. */
export function protobufObjectView(kind: KindInfo, cache: EncodingCache): ObjectView {
  const { apiVersion } = kind;
  const id = `protobuf:${apiVersion}|${kind.kind}`;
  const itemId = `protobuf-item:${apiVersion}|${kind.kind}`;
  const message = codec().messageName(apiVersion, kind.kind);
  if (message === undefined) throw new ProtobufError('UnknownKind', `no protobuf message for ${apiVersion}, Kind=${kind.kind}`);
  const encodeValue = (obj: KubeObject): Buffer => {
    try {
      const served = kind.conversion === undefined || obj.apiVersion === apiVersion ? obj : kind.conversion.fromStorage(obj as unknown as Record<string, unknown>);
      return asBuffer(codec().encodeObject({ ...served, kind: kind.kind, apiVersion }));
    } catch (err) {
      return encodingFailed(`${kind.kind} ${obj.metadata?.name ?? ''}`, err);
    }
  };
  const encodeItem = (entry: Entry): Buffer =>
    cache(entry, itemId, () => {
      try {
        const served = kind.conversion === undefined || entry.obj.apiVersion === apiVersion ? entry.obj : (kind.conversion.fromStorage(entry.obj as unknown as Record<string, unknown>) as unknown as KubeObject);
        return asBuffer(codec().encodeMessage(withoutTypeMeta(served), message));
      } catch (err) {
        return encodingFailed(`${kind.kind} ${entry.name}`, err);
      }
    });
  return {
    id,
    contentType: PROTOBUF_CONTENT_TYPE,
    stable: true,
    encode: (entry) => cache(entry, id, () => encodeValue(entry.obj)),
    encodeList: (entries, listMeta) => listParts(apiVersion, kind.listKind, listMeta, entries.map(encodeItem)),
    wire: protobufWire(encodeValue),
  };
}

/** Objects as PartialObjectMetadata in protobuf. */
export function protobufMetadataView(version: 'v1' | 'v1beta1', cache: EncodingCache): ObjectView {
  const id = `protobuf-metadata:${version}`;
  const itemId = `protobuf-metadata-item:${version}`;
  const apiVersion = `meta.k8s.io/${version}`;
  const message = (obj: KubeObject): Uint8Array => codec().encodeMessage({ metadata: obj.metadata ?? {} }, PARTIAL_OBJECT_METADATA);
  const encodeValue = (obj: KubeObject): Buffer => {
    try {
      return asBuffer(writeEnvelope(apiVersion, 'PartialObjectMetadata', message(obj)));
    } catch (err) {
      return encodingFailed(`the metadata of ${obj.metadata?.name ?? ''}`, err);
    }
  };
  const encodeItem = (entry: Entry): Buffer =>
    cache(entry, itemId, () => {
      try {
        return asBuffer(message(entry.obj));
      } catch (err) {
        return encodingFailed(`the metadata of ${entry.name}`, err);
      }
    });
  return {
    id,
    contentType: PROTOBUF_CONTENT_TYPE,
    list: { kind: 'PartialObjectMetadataList', apiVersion, contentType: PROTOBUF_CONTENT_TYPE },
    stable: true,
    encode: (entry) => cache(entry, id, () => encodeValue(entry.obj)),
    encodeList: (entries, listMeta) => listParts(apiVersion, 'PartialObjectMetadataList', listMeta, entries.map(encodeItem)),
    wire: protobufWire(encodeValue),
  };
}

function hexSummary(body: Buffer): string {
  if (body.length === 0) return '<empty>';
  const max = 30;
  if (body[0] === 0x7b) return body.length > max ? `${body.subarray(0, max).toString('latin1')} ...` : body.toString('latin1');
  return body.length > max ? `${body.subarray(0, max).toString('hex')} ...` : body.toString('hex');
}

function decodeFailure(kind: string, body: Buffer, err: unknown): never {
  if (err instanceof ProtobufError && err.code === 'BadEnvelope' && !body.subarray(0, 4).equals(MAGIC)) {
    throw badRequest(
      `the object provided is unrecognized (must be of type ${kind}): provided data does not appear to be a protobuf message, ` +
        `expected prefix [107 56 115 0] (${hexSummary(body)})`,
    );
  }
  throw badRequest(`the object provided is unrecognized (must be of type ${kind}): ${err instanceof Error ? err.message : String(err)} (${hexSummary(body)})`);
}

/**
 * Refuses a protobuf create or update body for a kind without a protobuf form (custom resources)
 * with 415, before the body is read.
 */
export function refuseProtobufBody(kind: KindInfo, contentType: string | undefined): void {
  if (!isProtobuf(contentType) || kindHasProtobuf(kind)) return;
  // kube-apiserver v1.37 has no answer of its own here: decoding the body fails inside the
  // server and the connection is dropped (fieldValidation Strict or Warn). The fake answers as
  // kube-apiserver answers a body type the resource does not read.
  throw unsupportedMediaType('the body of the request was in an unknown format - accepted media types include: application/json, application/yaml');
}

/**
 * A protobuf create or update body, as the JSON Go writes for the decoded object (what the fake
 * stores). `kind` is the resource's, for the wording of errors.
 */
export function decodeObjectBody(body: Buffer, kind?: string): unknown {
  try {
    return codec().decodeObject(body).object;
  } catch (err) {
    if (err instanceof ProtobufError && err.code === 'UnknownKind') {
      throw unsupportedMediaType('the body of the request was in an unknown format - accepted media types include: application/json, application/yaml');
    }
    const envelope = envelopeOf(body);
    if (envelope !== undefined && kind !== undefined) {
      // kube-apiserver: `<kind> in version "<version>" cannot be handled as a <resource kind>: <why>`.
      const version = envelope.apiVersion.slice(envelope.apiVersion.indexOf('/') + 1);
      throw badRequest(`${envelope.kind} in version ${JSON.stringify(version)} cannot be handled as a ${kind}: ${err instanceof Error ? err.message : String(err)}`);
    }
    return decodeFailure(kind ?? envelope?.kind ?? 'Unknown', body, err);
  }
}

/** The type meta of an enveloped body, if it has a readable envelope. */
function envelopeOf(body: Buffer): { apiVersion: string; kind: string } | undefined {
  try {
    const { apiVersion, kind } = readEnvelope(body);
    return { apiVersion, kind };
  } catch {
    return undefined;
  }
}

/** A DELETE body as JSON: a protobuf DeleteOptions decoded, anything else as sent. */
export function deleteOptionsBody(contentType: string | undefined, body: Buffer): Buffer {
  if (body.length === 0 || !isProtobuf(contentType)) return body;
  return Buffer.from(JSON.stringify(decodeDeleteOptions(body)));
}

/** A protobuf DeleteOptions body (any kind, custom resources included) as its JSON. */
function decodeDeleteOptions(body: Buffer): unknown {
  try {
    const { kind, raw } = readEnvelope(body);
    // DeleteOptions is registered in every group version: only its kind names the message.
    if (kind !== 'DeleteOptions') throw new ProtobufError('BadEnvelope', `the body holds a ${kind}, not DeleteOptions`);
    return codec().decodeMessage(raw, DELETE_OPTIONS);
  } catch (err) {
    return decodeFailure('DeleteOptions', body, err);
  }
}

/** A Status in protobuf, or undefined when the protobuf data is not available (the caller writes JSON). */
export function protobufStatus(status: ServerStatus): Buffer | undefined {
  try {
    return encodeStatus(status);
  } catch {
    return undefined;
  }
}
