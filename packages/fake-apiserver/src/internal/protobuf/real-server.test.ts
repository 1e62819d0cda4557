// The codec against bytes recorded from a real kube-apiserver v1.37.2 (testdata/real-server.json,
// re-recorded by testdata/record-real-server.sh): for each object the JSON the server sends and
// the protobuf it sends for the same object.
import { readFileSync } from 'node:fs';
import { testSeed } from '@kcache/vitest-config/seed';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeMessage,
  decodeObject,
  decodeWatchEvent,
  defaultCodec,
  encodeMessage,
  encodeObject,
  encodeWatchEvent,
  hasProtobuf,
  splitWatchFrames,
} from './codec.js';
import { ProtobufError } from './errors.js';

fc.configureGlobal({ seed: testSeed() });

interface Recorded {
  readonly name: string;
  readonly path: string;
  readonly json: Record<string, unknown> | null;
  readonly protobuf: string;
}

const recorded = JSON.parse(readFileSync(new URL('testdata/real-server.json', import.meta.url), 'utf8')) as Recorded[];
const codec = defaultCodec();
const bytes = (base64: string): Uint8Array => new Uint8Array(Buffer.from(base64, 'base64'));
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('objects kube-apiserver sent', () => {
  for (const entry of recorded) {
    const { json } = entry;
    if (json === null) continue;
    it(`encodes the ${entry.name} to the bytes kube-apiserver sent`, () => {
      expect(hex(codec.encodeObject(json))).toBe(hex(bytes(entry.protobuf)));
    });
    it(`decodes the ${entry.name} to the JSON kube-apiserver sent, keys in Go's order`, () => {
      const decoded = codec.decodeObject(bytes(entry.protobuf));
      expect(decoded.kind).toBe(json.kind);
      expect(decoded.apiVersion).toBe(json.apiVersion);
      expect(JSON.stringify(decoded.object, null, 1)).toBe(JSON.stringify(json, null, 1));
    });
  }
});

describe('the functions over the generated data', () => {
  it('read and write what kube-apiserver sent', () => {
    const configMap = recorded.find((e) => e.name === 'configmap');
    const stream = recorded.find((e) => e.name === 'watch');
    if (configMap?.json == null || stream === undefined) throw new Error('fixture incomplete');
    expect(hasProtobuf('v1', 'ConfigMap')).toBe(true);
    expect(hasProtobuf('v1', 'ConfigMapList')).toBe(true);
    expect(hasProtobuf('apps/v1', 'DeleteOptions')).toBe(true);
    expect(hasProtobuf('stable.example.com/v1', 'CronTab')).toBe(false);
    expect(hex(encodeObject(configMap.json))).toBe(hex(bytes(configMap.protobuf)));
    expect(decodeObject(bytes(configMap.protobuf)).object).toEqual(configMap.json);
    const [frame] = splitWatchFrames(bytes(stream.protobuf)).frames;
    if (frame === undefined) throw new Error('fixture incomplete');
    const event = decodeWatchEvent(frame);
    expect(hex(encodeWatchEvent(event.type, event.object))).toBe(hex(frame));
    const meta = { name: 'n', namespace: 'ns', labels: { a: 'b' } };
    const name = 'k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta';
    expect(decodeMessage(encodeMessage(meta, name), name)).toEqual(meta);
  });
});

describe('a watch stream kube-apiserver sent', () => {
  const stream = recorded.find((e) => e.name === 'watch');
  const configMap = recorded.find((e) => e.name === 'configmap')?.json;

  it('splits into one frame per event, each decoding to its event', () => {
    if (stream === undefined || configMap === undefined || configMap === null) throw new Error('fixture incomplete');
    const { frames, rest } = splitWatchFrames(bytes(stream.protobuf));
    expect(rest.length).toBe(0);
    const events = frames.map((f) => codec.decodeWatchEvent(f));
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'DELETED']);
    expect(events[0]?.object).toEqual(configMap);
    const deleted = events[1]?.object as { metadata: { name: string } } | undefined;
    expect(deleted?.metadata.name).toBe('cm');
  });

  it('encodes each event to the frame kube-apiserver sent', () => {
    if (stream === undefined) throw new Error('fixture incomplete');
    for (const frame of splitWatchFrames(bytes(stream.protobuf)).frames) {
      const event = codec.decodeWatchEvent(frame);
      expect(hex(codec.encodeWatchEvent(event.type, event.object))).toBe(hex(frame));
    }
  });
});

describe('damaged bytes', () => {
  const samples = recorded.map((e) => bytes(e.protobuf));
  // A byte changed, bytes cut off, or garbage spliced in: the codec answers or throws its own error.
  const damaged = fc
    .tuple(fc.constantFrom(...samples), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 12 }), fc.constantFrom('flip', 'cut', 'splice'))
    .map(([b, at, value, junk, how]) => {
      const i = at % b.length;
      if (how === 'cut') return b.subarray(0, i);
      if (how === 'splice') return new Uint8Array([...b.subarray(0, i), ...junk, ...b.subarray(i)]);
      const copy = new Uint8Array(b);
      copy[i] = value;
      return copy;
    });

  it('never fail with anything but a ProtobufError', () => {
    fc.assert(
      fc.property(damaged, (b) => {
        for (const read of [() => codec.decodeObject(b), () => codec.decodeWatchEvent(b)]) {
          try {
            read();
          } catch (err) {
            if (!(err instanceof ProtobufError)) throw err;
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
