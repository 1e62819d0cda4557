// The fake's protobuf codec (src/internal/protobuf) as the runner needs it.
import { decodeMessage, decodeObject, decodeWatchEvent, encodeObject } from '../../src/internal/protobuf/codec.js';
import type { Codec } from './scenario.js';

type JsonObject = Parameters<typeof encodeObject>[0];

export const codec: Codec = {
  encodeObject: (obj) => encodeObject(obj as JsonObject),
  decodeObject: (bytes) => decodeObject(bytes).object,
  decodeWatchEvent: (frame) => {
    const event = decodeWatchEvent(frame);
    return { type: event.type, object: event.object };
  },
  decodeOpenApiV2: (bytes) => decodeMessage(bytes, 'openapi.v2.Document'),
};
