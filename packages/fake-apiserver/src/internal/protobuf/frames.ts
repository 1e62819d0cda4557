// Length-prefixed frames of a protobuf watch stream: a 4-byte big-endian length, then that many bytes.
import { ProtobufError } from './errors.js';

/** `payload` with its 4-byte big-endian length in front. */
export function writeFrame(payload: Uint8Array): Uint8Array {
  const frame = new Uint8Array(4 + payload.length);
  new DataView(frame.buffer).setUint32(0, payload.length, false);
  frame.set(payload, 4);
  return frame;
}

/** The payload of exactly one frame. */
export function readFrame(frame: Uint8Array): Uint8Array {
  const { frames, rest } = splitFrames(frame);
  const [whole] = frames;
  if (whole === undefined) {
    throw new ProtobufError('Truncated', `a watch frame of ${frame.length} bytes ends before its payload does`);
  }
  if (frames.length !== 1 || rest.length !== 0) {
    throw new ProtobufError('BadEnvelope', 'bytes after the end of the watch frame');
  }
  return whole.subarray(4);
}

/**
 * The complete frames at the start of `bytes` (each with its length prefix) and the bytes of an
 * incomplete last frame, to be completed by the next chunk of the stream.
 * @internal
 */
export function splitFrames(bytes: Uint8Array): { frames: Uint8Array[]; rest: Uint8Array } {
  const frames: Uint8Array[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  while (bytes.length - pos >= 4) {
    const length = view.getUint32(pos, false);
    if (bytes.length - pos - 4 < length) break;
    frames.push(bytes.subarray(pos, pos + 4 + length));
    pos += 4 + length;
  }
  return { frames, rest: bytes.subarray(pos) };
}
