// The Kubernetes mapping of the codec on small hand-made messages (test-data.ts): Go's zero values,
// pointers, nil versus empty, map order, inline structs, the special types, envelopes and frames.
import { BinaryReader, BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { describe, expect, it } from 'vitest';
import { createProtobufCodec, splitWatchFrames } from './codec.js';
import { ProtobufError } from './errors.js';
import { TEST_DATA } from '../../../test/protobuf/hand-made-data.js';

const codec = createProtobufCodec(TEST_DATA);
const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';
const CORE = 'k8s.io.api.core.v1';
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const fromHex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/\s+/g, ''), 'hex'));

/** Top-level fields of a message: number → raw value (varint as bigint, length-delimited as bytes). */
function fieldsOf(bytes: Uint8Array): [number, bigint | Uint8Array][] {
  const r = new BinaryReader(bytes);
  const out: [number, bigint | Uint8Array][] = [];
  while (r.pos < r.len) {
    const [no, wt] = r.tag();
    out.push([no, wt === WireType.Varint ? BigInt(r.uint64()) : r.bytes()]);
  }
  return out;
}

function protobufError(fn: () => unknown): ProtobufError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ProtobufError) return err;
    throw new Error(`expected a ProtobufError, got ${String(err)}`, { cause: err });
  }
  throw new Error('expected a ProtobufError, nothing was thrown');
}

describe("Go's zero values and pointers", () => {
  it('writes every non-pointer field, zero or not, in field-number order', () => {
    expect(hex(codec.encodeMessage({}, `${CORE}.ContainerPort`))).toBe('0a00' + '1800' + '2200');
    expect(hex(codec.encodeMessage({ name: 'h', containerPort: 80 }, `${CORE}.ContainerPort`))).toBe('0a0168' + '1850' + '2200');
  });

  it('writes a pointer only when set, and then even when it holds the zero value', () => {
    const meta = '0a01611200' + '1a00' + '2a00' + '3200' + '3800' + '4200';
    expect(hex(codec.encodeMessage({ metadata: { name: 'a' } }, `${CORE}.ConfigMap`))).toBe(`0a0f${meta}`);
    expect(hex(codec.encodeMessage({ metadata: { name: 'a' }, immutable: null }, `${CORE}.ConfigMap`))).toBe(`0a0f${meta}`);
    expect(hex(codec.encodeMessage({ metadata: { name: 'a' }, immutable: false }, `${CORE}.ConfigMap`))).toBe(`0a0f${meta}2000`);
  });

  it('writes a missing non-pointer struct as its zero value, field by field', () => {
    // DeploymentSpec.template is a PodTemplateSpec: its metadata and spec are written, empty.
    const spec = fieldsOf(codec.encodeMessage({}, 'k8s.io.api.apps.v1.DeploymentSpec'));
    expect(spec.map(([n]) => n)).toEqual([3, 5]);
    const template = fieldsOf(spec[0]?.[1] as Uint8Array);
    expect(template.map(([n]) => n)).toEqual([1, 2]);
  });

  it('reads absent fields as Go zero values, leaving out what omitempty leaves out', () => {
    expect(codec.decodeMessage(new Uint8Array(0), `${CORE}.ContainerPort`)).toEqual({ containerPort: 0 });
    expect(codec.decodeMessage(fromHex('0a00 1800 2200'), `${CORE}.ContainerPort`)).toEqual({ containerPort: 0 });
    // A nil slice and a nil pointer without omitempty are written as null; a struct is never left out.
    expect(codec.decodeMessage(new Uint8Array(0), `${CORE}.PodSpec`)).toEqual({ containers: null });
    expect(codec.decodeMessage(new Uint8Array(0), `${META}.WatchEvent`)).toEqual({ type: '', object: null });
    expect(codec.decodeMessage(new Uint8Array(0), 'k8s.io.api.apps.v1.DeploymentSpec')).toEqual({
      template: { metadata: {}, spec: { containers: null } },
    });
  });

  it('keeps a pointer that holds the zero value', () => {
    const bytes = codec.encodeMessage({ immutable: false, metadata: {} }, `${CORE}.ConfigMap`);
    expect(codec.decodeMessage(bytes, `${CORE}.ConfigMap`)).toEqual({ metadata: {}, immutable: false });
    const replicas = codec.encodeMessage({ replicas: 0 }, 'k8s.io.api.apps.v1.DeploymentSpec');
    expect(codec.decodeMessage(replicas, 'k8s.io.api.apps.v1.DeploymentSpec')).toMatchObject({ replicas: 0 });
  });

  it('leaves out a zero creationTimestamp (omitzero) rather than writing null', () => {
    expect(codec.decodeMessage(codec.encodeMessage({ creationTimestamp: null }, `${META}.ObjectMeta`), `${META}.ObjectMeta`)).toEqual({});
  });
});

describe('slices, maps and bytes', () => {
  it('writes repeated values one field each, and nothing for an empty or null slice', () => {
    const one = { name: 'c', command: ['a', ''] };
    expect(fieldsOf(codec.encodeMessage(one, `${CORE}.Container`)).filter(([n]) => n === 3).map(([, v]) => Buffer.from(v as Uint8Array).toString())).toEqual(['a', '']);
    for (const command of [[], null, undefined]) {
      expect(fieldsOf(codec.encodeMessage({ name: 'c', command }, `${CORE}.Container`)).some(([n]) => n === 3)).toBe(false);
    }
  });

  it("writes map entries sorted as Go sorts strings (UTF-8 bytes), and reads them back sorted", () => {
    const labels = { b: '1', a: '2', '\u{1F600}': '3', '\uFFFD': '4', '': '5' };
    const bytes = codec.encodeMessage({ labels }, `${META}.ObjectMeta`);
    const keys = fieldsOf(bytes)
      .filter(([n]) => n === 11)
      .map(([, entry]) => Buffer.from(fieldsOf(entry as Uint8Array)[0]?.[1] as Uint8Array).toString());
    expect(keys).toEqual(['', 'a', 'b', '\uFFFD', '\u{1F600}']);
    const decoded = codec.decodeMessage(bytes, `${META}.ObjectMeta`) as { labels: Record<string, string> };
    expect(Object.keys(decoded.labels)).toEqual(['', 'a', 'b', '\uFFFD', '\u{1F600}']);
    expect(decoded.labels).toEqual(labels);
  });

  it('writes []byte map values from base64, an empty one as empty and a null one not at all', () => {
    const secret = { data: { k: 'aGVsbG8=', e: '', n: null } };
    const bytes = codec.encodeMessage(secret, `${CORE}.Secret`);
    const entries = fieldsOf(bytes)
      .filter(([n]) => n === 2)
      .map(([, e]) => fieldsOf(e as Uint8Array).map(([n, v]) => [n, Buffer.from(v as Uint8Array).toString()]));
    expect(entries).toEqual([
      [[1, 'e'], [2, '']],
      [[1, 'k'], [2, 'hello']],
      [[1, 'n']],
    ]);
    expect(codec.decodeMessage(bytes, `${CORE}.Secret`)).toMatchObject({ data: { e: '', k: 'aGVsbG8=', n: null } });
  });

  it('writes a named slice type (list) as a message of items when set, even empty', () => {
    const field4 = (json: unknown): [number, bigint | Uint8Array][] =>
      fieldsOf(codec.encodeMessage(json, `${META}.APIResource`)).filter(([n]) => n === 4);
    expect(field4({ verbs: ['get', 'list'] }).map(([, v]) => hex(v as Uint8Array))).toEqual(['0a036765740a046c697374']);
    expect(field4({ verbs: [] }).map(([, v]) => hex(v as Uint8Array))).toEqual(['']);
    expect(field4({ verbs: null })).toEqual([]);
    const read = (json: unknown): unknown =>
      (codec.decodeMessage(codec.encodeMessage(json, `${META}.APIResource`), `${META}.APIResource`) as { verbs: unknown }).verbs;
    expect(read({ verbs: ['get'] })).toEqual(['get']);
    expect(read({ verbs: [] })).toEqual([]);
    expect(read({})).toBeNull();
  });

  it('writes an inline struct as its own field from the parent object, and reads it back inline', () => {
    const volume = { name: 'v', secret: { secretName: 's', defaultMode: 420 } };
    const bytes = codec.encodeMessage(volume, `${CORE}.Volume`);
    expect(hex(bytes)).toBe('0a0176' + '1208' + '3206' + '0a0173' + '18a403');
    expect(codec.decodeMessage(bytes, `${CORE}.Volume`)).toEqual(volume);
  });

  it('accepts packed repeated numbers when reading', () => {
    const w = new BinaryWriter();
    w.tag(3, WireType.LengthDelimited).fork().int32(1).int32(2).join();
    // ContainerPort.containerPort is not repeated: a packed field of a scalar is a wire type error.
    expect(protobufError(() => codec.decodeMessage(w.finish(), `${CORE}.ContainerPort`)).code).toBe('WireType');
  });
});

describe('special types', () => {
  const roundTrip = (json: unknown, name: string): unknown => codec.decodeMessage(codec.encodeMessage(json, name), name);

  it('Time: RFC 3339 in whole seconds, UTC; nanoseconds dropped; zero written as nothing and read as null', () => {
    const t = codec.encodeMessage('2024-01-02T03:04:05.9+01:00', `${META}.Time`);
    expect(fieldsOf(t)).toEqual([
      [1, BigInt(Date.UTC(2024, 0, 2, 2, 4, 5) / 1000)],
      [2, 0n],
    ]);
    expect(codec.decodeMessage(t, `${META}.Time`)).toBe('2024-01-02T02:04:05Z');
    expect(hex(codec.encodeMessage(null, `${META}.Time`))).toBe('');
    expect(hex(codec.encodeMessage('0001-01-01T00:00:00Z', `${META}.Time`))).toBe('');
    expect(codec.decodeMessage(new Uint8Array(0), `${META}.Time`)).toBeNull();
    expect(roundTrip('1960-05-06T07:08:09Z', `${META}.Time`)).toBe('1960-05-06T07:08:09Z');
  });

  it('MicroTime: six fraction digits, nanoseconds truncated to microseconds', () => {
    const t = codec.encodeMessage('2024-01-02T03:04:05.123456789Z', `${META}.MicroTime`);
    expect(fieldsOf(t)[1]).toEqual([2, 123456000n]);
    expect(codec.decodeMessage(t, `${META}.MicroTime`)).toBe('2024-01-02T03:04:05.123456Z');
    expect(roundTrip('2024-01-02T03:04:05.000000Z', `${META}.MicroTime`)).toBe('2024-01-02T03:04:05.000000Z');
  });

  it('Duration: a Go duration string, int64 nanoseconds on the wire', () => {
    expect(fieldsOf(codec.encodeMessage('1m30s', `${META}.Duration`))).toEqual([[1, 90_000_000_000n]]);
    expect(roundTrip('90s', `${META}.Duration`)).toBe('1m30s');
    expect(roundTrip('-1.5ms', `${META}.Duration`)).toBe('-1.5ms');
    expect(roundTrip(null, `${META}.Duration`)).toBe('0s');
  });

  it('Quantity: the string as given, a number as its text, null as "0"', () => {
    const q = 'k8s.io.apimachinery.pkg.api.resource.Quantity';
    expect(hex(codec.encodeMessage('500m', q))).toBe('0a04' + Buffer.from('500m').toString('hex'));
    expect(roundTrip('128Mi', q)).toBe('128Mi');
    expect(roundTrip(2, q)).toBe('2');
    expect(roundTrip(null, q)).toBe('0');
  });

  it('IntOrString: {type, intVal, strVal}, every field written', () => {
    const ios = 'k8s.io.apimachinery.pkg.util.intstr.IntOrString';
    expect(hex(codec.encodeMessage(8080, ios))).toBe('0800' + '10903f' + '1a00');
    expect(hex(codec.encodeMessage('http', ios))).toBe('0801' + '1000' + '1a0468747470');
    expect(hex(codec.encodeMessage(-1, ios))).toBe('0800' + '10ffffffffffffffffff01' + '1a00');
    expect(roundTrip(8080, ios)).toBe(8080);
    expect(roundTrip(-1, ios)).toBe(-1);
    expect(roundTrip('http', ios)).toBe('http');
    expect(roundTrip('', ios)).toBe('');
    expect(roundTrip(null, ios)).toBe(0);
  });

  it('RawExtension: the embedded object as JSON text with Go escaping; an enveloped object read as that object', () => {
    const raw = 'k8s.io.apimachinery.pkg.runtime.RawExtension';
    const bytes = codec.encodeMessage({ a: '<&>', b: [1, { c: null }] }, raw);
    expect(Buffer.from(fieldsOf(bytes)[0]?.[1] as Uint8Array).toString()).toBe('{"a":"\\u003c\\u0026\\u003e","b":[1,{"c":null}]}');
    expect(codec.decodeMessage(bytes, raw)).toEqual({ a: '<&>', b: [1, { c: null }] });
    expect(hex(codec.encodeMessage(null, raw))).toBe('');
    expect(codec.decodeMessage(new Uint8Array(0), raw)).toBeNull();
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } };
    const w = new BinaryWriter();
    w.tag(1, WireType.LengthDelimited).bytes(codec.encodeObject(cm));
    expect(codec.decodeMessage(w.finish(), raw)).toEqual(cm);
  });

  it('FieldsV1: the JSON object as raw bytes', () => {
    const fields = { 'f:data': { '.': {}, 'f:x': {} } };
    const entry = { manager: 'm', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: fields, time: '2024-01-02T03:04:05Z' };
    expect(roundTrip(entry, `${META}.ManagedFieldsEntry`)).toEqual({ ...entry });
    const bytes = codec.encodeMessage(entry, `${META}.ManagedFieldsEntry`);
    const f7 = fieldsOf(bytes).find(([n]) => n === 7)?.[1] as Uint8Array;
    expect(Buffer.from(fieldsOf(f7)[0]?.[1] as Uint8Array).toString()).toBe(JSON.stringify(fields));
  });
});

describe('envelopes and watch frames', () => {
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'ns' }, data: { k: 'v' } };

  it('wraps an object in k8s\\0 and runtime.Unknown, and reads apiVersion and kind from it', () => {
    const bytes = codec.encodeObject(cm);
    expect(hex(bytes.subarray(0, 4))).toBe('6b387300');
    expect(hex(bytes.subarray(4, 21))).toBe('0a0f0a0276311209' + Buffer.from('ConfigMap').toString('hex'));
    expect(hex(bytes.subarray(bytes.length - 4))).toBe('1a002200');
    const decoded = codec.decodeObject(bytes);
    expect(decoded).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', object: cm });
    expect(Object.keys(decoded.object).slice(0, 2)).toEqual(['kind', 'apiVersion']);
  });

  it('picks messages for built-in kinds, their Lists and meta kinds in every built-in version', () => {
    expect(codec.hasProtobuf('v1', 'ConfigMap')).toBe(true);
    expect(codec.hasProtobuf('v1', 'ConfigMapList')).toBe(true);
    expect(codec.hasProtobuf('apps/v1', 'Deployment')).toBe(true);
    expect(codec.messageName('apps/v1', 'WatchEvent')).toBe(`${META}.WatchEvent`);
    expect(codec.messageName('v1', 'Status')).toBe(`${META}.Status`);
    expect(codec.hasProtobuf('apps/v1', 'ConfigMap')).toBe(false);
    expect(codec.hasProtobuf('example.com/v1', 'Widget')).toBe(false);
    expect(codec.hasProtobuf('example.com/v1', 'Status')).toBe(false);
  });

  it('encodes a list with its items as their messages (no type meta)', () => {
    const list = { apiVersion: 'v1', kind: 'ConfigMapList', metadata: { resourceVersion: '7' }, items: [cm, cm] };
    const decoded = codec.decodeObject(codec.encodeObject(list));
    const item = { metadata: cm.metadata, data: cm.data };
    expect(decoded.object).toEqual({ kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: '7' }, items: [item, item] });
  });

  it('frames a watch event as a length and a bare WatchEvent holding the enveloped object', () => {
    const frame = codec.encodeWatchEvent('ADDED', cm);
    const payload = frame.subarray(4);
    expect(new DataView(frame.buffer, frame.byteOffset).getUint32(0)).toBe(payload.length);
    const [type, object] = fieldsOf(payload);
    expect(type).toEqual([1, new Uint8Array(Buffer.from('ADDED'))]);
    const raw = fieldsOf(object?.[1] as Uint8Array)[0]?.[1] as Uint8Array;
    expect(hex(raw)).toBe(hex(codec.encodeObject(cm)));
    expect(codec.decodeWatchEvent(frame)).toEqual({ type: 'ADDED', object: cm });
  });

  it('splits a stream into whole frames and keeps the incomplete rest', () => {
    const a = codec.encodeWatchEvent('ADDED', cm);
    const b = codec.encodeWatchEvent('DELETED', cm);
    const stream = new Uint8Array([...a, ...b]);
    const cut = stream.subarray(0, a.length + 7);
    const { frames, rest } = splitWatchFrames(cut);
    expect(frames.map(hex)).toEqual([hex(a)]);
    expect(hex(rest)).toBe(hex(b.subarray(0, 7)));
    expect(splitWatchFrames(stream).frames.map((f) => codec.decodeWatchEvent(f).type)).toEqual(['ADDED', 'DELETED']);
  });
});

describe('malformed input fails with a typed error', () => {
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { k: 'v' } };
  const good = codec.encodeObject(cm);

  it('a body without the k8s\\0 magic or without a kind: BadEnvelope', () => {
    expect(protobufError(() => codec.decodeObject(good.subarray(4))).code).toBe('BadEnvelope');
    expect(protobufError(() => codec.decodeObject(fromHex('6b387300'))).code).toBe('BadEnvelope');
    expect(protobufError(() => codec.decodeObject(new TextEncoder().encode('{"kind":"ConfigMap"}'))).code).toBe('BadEnvelope');
  });

  it('an unknown kind: UnknownKind, both ways', () => {
    expect(protobufError(() => codec.encodeObject({ apiVersion: 'example.com/v1', kind: 'Widget' })).code).toBe('UnknownKind');
    const w = new BinaryWriter();
    w.raw(fromHex('6b387300'));
    w.tag(1, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string('example.com/v1').tag(2, WireType.LengthDelimited).string('Widget').join();
    w.tag(2, WireType.LengthDelimited).bytes(new Uint8Array(0));
    expect(protobufError(() => codec.decodeObject(w.finish())).code).toBe('UnknownKind');
  });

  it('bytes cut short anywhere: Truncated (or, where the cut lands on a valid end, a shorter object)', () => {
    for (let end = 5; end < good.length; end++) {
      try {
        codec.decodeObject(good.subarray(0, end));
      } catch (err) {
        expect(err).toBeInstanceOf(ProtobufError);
        expect(['Truncated', 'BadEnvelope', 'WireType']).toContain((err as ProtobufError).code);
      }
    }
    expect(protobufError(() => codec.decodeObject(good.subarray(0, 30))).code).toBe('Truncated');
    expect(protobufError(() => codec.decodeWatchEvent(codec.encodeWatchEvent('ADDED', cm).subarray(0, 10))).code).toBe('Truncated');
  });

  it('a field with the wrong wire type: WireType', () => {
    const w = new BinaryWriter();
    w.tag(1, WireType.Varint).int32(5); // ObjectMeta.name is a string
    expect(protobufError(() => codec.decodeMessage(w.finish(), `${META}.ObjectMeta`)).code).toBe('WireType');
    const t = new BinaryWriter();
    t.tag(1, WireType.LengthDelimited).string('x'); // Time.seconds is a varint
    expect(protobufError(() => codec.decodeMessage(t.finish(), `${META}.Time`)).code).toBe('WireType');
  });

  it('JSON its Go type cannot hold: InvalidValue', () => {
    const bad: [unknown, string][] = [
      [{ metadata: { name: 5 } }, `${CORE}.ConfigMap`],
      [{ metadata: { generation: 1.5 } }, `${CORE}.ConfigMap`],
      [{ metadata: { labels: ['a'] } }, `${CORE}.ConfigMap`],
      [{ data: { k: 'not base64!' } }, `${CORE}.Secret`],
      [{ containers: {} }, `${CORE}.PodSpec`],
      ['yesterday', `${META}.Time`],
      ['1 minute', `${META}.Duration`],
      [true, 'k8s.io.apimachinery.pkg.util.intstr.IntOrString'],
      [1.5, 'k8s.io.apimachinery.pkg.util.intstr.IntOrString'],
      [{ containerPort: 2 ** 31 }, `${CORE}.ContainerPort`],
    ];
    for (const [json, name] of bad) expect(protobufError(() => codec.encodeMessage(json, name)).code).toBe('InvalidValue');
    const notJson = new BinaryWriter();
    notJson.tag(1, WireType.LengthDelimited).bytes(new Uint8Array([0xff, 0x00]));
    expect(protobufError(() => codec.decodeMessage(notJson.finish(), 'k8s.io.apimachinery.pkg.runtime.RawExtension')).code).toBe('InvalidValue');
  });

  it('an unknown message name: UnknownMessage', () => {
    expect(protobufError(() => codec.encodeMessage({}, 'no.such.Message')).code).toBe('UnknownMessage');
    expect(protobufError(() => codec.decodeMessage(new Uint8Array(0), 'no.such.Message')).code).toBe('UnknownMessage');
  });
});
