// Kubernetes protobuf for the fake: objects as the fake stores them (the JSON Go writes) to and
// from the bytes kube-apiserver and client-go exchange under `application/vnd.kubernetes.protobuf`.
// Generic over the messages generated from the Kubernetes API modules (schema/data.ts); the
// Kubernetes-specific mapping (special types, Go's zero values and omitempty) is in message-*.ts.
import type { GeneratedProtobuf, GeneratedResource, ProtoMessage } from '../schema/data.js';
import type { JsonObject } from '../json-value.js';
import { ProtobufError } from './errors.js';
import { defaultProtobufData } from './default-data.js';
import { createKindTable, type KindTable } from './kind-table.js';
import { decodeMessageBytes } from './message-decode.js';
import { encodeMessageJson } from './message-encode.js';
import { readEnvelope, writeEnvelope } from './envelope.js';
import { readFrame, writeFrame } from './frames.js';

/**
 * Splits a watch stream's bytes into complete frames (for decodeWatchEvent) and the incomplete rest.
 * @internal
 */
export { splitFrames as splitWatchFrames } from './frames.js';

/** What the codec is generated from: the messages and the built-in resources. */
export interface ProtobufCodecData {
  readonly protobuf: GeneratedProtobuf;
  readonly resources: readonly GeneratedResource[];
}

/** An object read from an enveloped protobuf body. */
interface DecodedObject {
  /** From the envelope's type meta. */
  readonly apiVersion: string;
  readonly kind: string;
  /** The JSON Go writes for the object, `kind` and `apiVersion` first. */
  readonly object: JsonObject;
}

/** A watch event read from one frame. */
interface DecodedWatchEvent {
  /** `ADDED`, `MODIFIED`, `DELETED`, `BOOKMARK` or `ERROR`. */
  readonly type: string;
  /** The embedded object, `kind` and `apiVersion` first. */
  readonly object: JsonObject;
}

/** The codec over one set of generated data. */
export interface ProtobufCodec {
  /** Whether objects of this apiVersion/kind have a protobuf message (built-in kinds, their Lists, meta.k8s.io kinds). */
  hasProtobuf(apiVersion: string, kind: string): boolean;
  /** The message name for an apiVersion/kind, or `undefined` when it has none. */
  messageName(apiVersion: string, kind: string): string | undefined;
  /** `k8s\0` + `runtime.Unknown` around the object's message, chosen by its `apiVersion`/`kind`. */
  encodeObject(obj: JsonObject): Uint8Array;
  /** An enveloped body back to Go's JSON, `apiVersion`/`kind` from the envelope. */
  decodeObject(bytes: Uint8Array): DecodedObject;
  /** One watch frame: a 4-byte big-endian length, then a `WatchEvent` message whose `object` holds the enveloped object. */
  encodeWatchEvent(type: string, obj: JsonObject): Uint8Array;
  /** One frame (with its length prefix) back to the event. */
  decodeWatchEvent(frame: Uint8Array): DecodedWatchEvent;
  /** A JSON value to the bytes of message `name` (no envelope). */
  encodeMessage(json: unknown, name: string): Uint8Array;
  /** The bytes of message `name` (no envelope) to the JSON Go writes for it. */
  decodeMessage(bytes: Uint8Array, name: string): unknown;
}

/**
 * A codec over the given data (tests use small hand-made data; the server uses the generated files).
 * @internal
 */
export function createProtobufCodec(data: ProtobufCodecData): ProtobufCodec {
  const messages = normalizeMessages(data.protobuf.messages);
  const kinds: KindTable = createKindTable(data);
  const requireMessage = (apiVersion: string, kind: string): string => {
    const name = kinds.messageName(apiVersion, kind);
    if (name === undefined) {
      throw new ProtobufError('UnknownKind', `no protobuf message for ${apiVersion}, Kind=${kind}`);
    }
    return name;
  };
  const encodeObject = (obj: JsonObject): Uint8Array => {
    const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
    const kind = typeof obj.kind === 'string' ? obj.kind : '';
    const raw = encodeMessageJson(messages, requireMessage(apiVersion, kind), obj);
    return writeEnvelope(apiVersion, kind, raw);
  };
  const decodeObject = (bytes: Uint8Array): DecodedObject => {
    const { apiVersion, kind, raw } = readEnvelope(bytes);
    const body = asObject(decodeMessageBytes(messages, requireMessage(apiVersion, kind), raw, embedded), kind);
    return { apiVersion, kind, object: withTypeMeta(apiVersion, kind, body) };
  };
  // RawExtension bytes that carry an enveloped object (watch events) decode to that object.
  const embedded = (raw: Uint8Array): JsonObject => decodeObject(raw).object;
  return {
    hasProtobuf: (apiVersion, kind) => kinds.messageName(apiVersion, kind) !== undefined,
    messageName: (apiVersion, kind) => kinds.messageName(apiVersion, kind),
    encodeObject,
    decodeObject,
    encodeWatchEvent(type, obj) {
      // kube-apiserver frames the bare WatchEvent message (no envelope of its own); the object in
      // it is enveloped.
      const event = { type, object: encodeObject(obj) };
      return writeFrame(encodeMessageJson(messages, WATCH_EVENT_MESSAGE, event));
    },
    decodeWatchEvent(frame) {
      const event = asObject(decodeMessageBytes(messages, WATCH_EVENT_MESSAGE, readFrame(frame), embedded), 'WatchEvent');
      const { type, object } = event;
      if (typeof type !== 'string' || object === null || typeof object !== 'object' || Array.isArray(object)) {
        throw new ProtobufError('BadEnvelope', 'a watch event without a type or an object');
      }
      return { type, object: object as JsonObject };
    },
    encodeMessage: (json, name) => encodeMessageJson(messages, name, json),
    decodeMessage: (bytes, name) => decodeMessageBytes(messages, name, bytes, embedded),
  };
}

const WATCH_EVENT_MESSAGE = 'k8s.io.apimachinery.pkg.apis.meta.v1.WatchEvent';

// The generator writes a message without fields as `fields: null`.
function normalizeMessages(messages: GeneratedProtobuf['messages']): GeneratedProtobuf['messages'] {
  const out: Record<string, ProtoMessage> = {};
  for (const [name, msg] of Object.entries(messages)) {
    out[name] = Array.isArray(msg.fields) ? msg : { ...msg, fields: [] };
  }
  return out;
}

function asObject(value: unknown, kind: string): JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ProtobufError('UnknownMessage', `the message of ${kind} is not an object`);
  }
  return value as JsonObject;
}

function withTypeMeta(apiVersion: string, kind: string, body: JsonObject): JsonObject {
  const { kind: _k, apiVersion: _a, ...rest } = body;
  return { kind, apiVersion, ...rest };
}

let shared: ProtobufCodec | undefined;

/** The codec over the generated data of the Kubernetes release the fake serves (loaded on first use). */
export function defaultCodec(): ProtobufCodec {
  shared ??= createProtobufCodec(defaultProtobufData());
  return shared;
}

/**
 * Whether objects of this apiVersion/kind have a protobuf form (built-in kinds and their Lists,
 * meta.k8s.io kinds such as Status, DeleteOptions, WatchEvent). Custom resources have none.
 * @internal
 */
export function hasProtobuf(apiVersion: string, kind: string): boolean {
  return defaultCodec().hasProtobuf(apiVersion, kind);
}

/**
 * The enveloped protobuf body of an object (`k8s\0` + `runtime.Unknown`), the message chosen by
 * the object's `apiVersion`/`kind`; the bytes Go's protobuf serializer writes for the same object.
 * @throws ProtobufError `UnknownKind` when the kind has no protobuf message, `InvalidValue` when a
 * field holds JSON its Go type cannot hold.
 * @internal
 */
export function encodeObject(obj: JsonObject): Uint8Array {
  return defaultCodec().encodeObject(obj);
}

/**
 * An enveloped protobuf body back to the JSON Go writes for it.
 * @throws ProtobufError `BadEnvelope`, `UnknownKind`, `Truncated`, `WireType`, `InvalidValue`.
 * @internal
 */
export function decodeObject(bytes: Uint8Array): DecodedObject {
  return defaultCodec().decodeObject(bytes);
}

/**
 * One frame of a `application/vnd.kubernetes.protobuf;stream=watch` stream: a 4-byte big-endian
 * length, then a `meta/v1 WatchEvent` message (not enveloped) whose `object` (a RawExtension)
 * holds the enveloped object, as kube-apiserver writes them.
 * @throws ProtobufError as {@link encodeObject}.
 * @internal
 */
export function encodeWatchEvent(type: string, obj: JsonObject): Uint8Array {
  return defaultCodec().encodeWatchEvent(type, obj);
}

/**
 * One watch frame (length prefix included) back to its event.
 * @throws ProtobufError as {@link decodeObject}.
 * @internal
 */
export function decodeWatchEvent(frame: Uint8Array): DecodedWatchEvent {
  return defaultCodec().decodeWatchEvent(frame);
}

/**
 * A JSON value to the bytes of one message, without envelope (e.g. `'k8s.io.api.core.v1.Pod'`).
 * @throws ProtobufError `UnknownMessage`, `InvalidValue`.
 * @internal
 */
export function encodeMessage(json: unknown, name: string): Uint8Array {
  return defaultCodec().encodeMessage(json, name);
}

/**
 * The bytes of one message, without envelope, to the JSON Go writes for it.
 * @throws ProtobufError `UnknownMessage`, `Truncated`, `WireType`, `InvalidValue`.
 * @internal
 */
export function decodeMessage(bytes: Uint8Array, name: string): unknown {
  return defaultCodec().decodeMessage(bytes, name);
}
