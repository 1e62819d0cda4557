// The golden corpus written by tooling/k8s-schema-gen from the Kubernetes v1.37.2 Go modules
// (test/golden/protobuf/corpus.json.gz): for a fuzzed object of every served kind, a List, a watch
// event, Status, DeleteOptions and hand-picked edge cases, the JSON Go writes and the protobuf
// bytes Go writes. The encoder must write Go's bytes from Go's JSON, the decoder Go's JSON from
// Go's bytes.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ProtoField } from '../schema/data.js';
import { generatedProtobuf } from '../schema/load.js';
import { defaultCodec } from './codec.js';
import { readEnvelope } from './envelope.js';

interface CorpusEntry {
  readonly name: string;
  /** The message, e.g. `k8s.io.api.core.v1.Pod`. */
  readonly message: string;
  /** The JSON text Go writes. */
  readonly json: string;
  /** Base64 of the bytes Go writes. */
  readonly protobuf: string;
  /** Whether the bytes are enveloped (`k8s\0` + runtime.Unknown). */
  readonly envelope: boolean;
}

const corpus = JSON.parse(
  gunzipSync(readFileSync(new URL('../../../test/golden/protobuf/corpus.json.gz', import.meta.url))).toString('utf8'),
) as CorpusEntry[];
const codec = defaultCodec();
const { messages } = generatedProtobuf();
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

// Go's fuzzer fills int64 fields past 2^53; read those as bigints (the codec takes either) so that
// the encoder sees the values Go saw. The decoder writes numbers, as the fake's JSON holds them.
function parseExact(text: string): Record<string, unknown> {
  return JSON.parse(text, (_key, value: unknown, context?: { source?: string }) =>
    typeof value === 'number' && !Number.isSafeInteger(value) && /^-?\d+$/.test(context?.source ?? '') ? BigInt(context?.source ?? '0') : value,
  ) as Record<string, unknown>;
}
const WATCH_EVENT = 'k8s.io.apimachinery.pkg.apis.meta.v1.WatchEvent';

/**
 * Go's JSON of the object Go's decoder builds from the bytes. The corpus holds Go's JSON of the
 * fuzzed original, in which a repeated field may be empty and non-nil (`"containers":[]`);
 * protobuf cannot tell that from nil, and Go's decoder leaves such a field nil, which Go writes as
 * `null`. (A named slice type such as `ExtraValue` is a message of its own and stays `[]`.)
 */
function afterProtobuf(value: unknown, message: string): unknown {
  const msg = messages[message];
  if (msg === undefined || msg.special !== undefined || value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const obj = { ...(value as Record<string, unknown>) };
  // The generator writes a message without fields as `fields: null`.
  for (const f of (msg.fields as readonly ProtoField[] | null) ?? []) {
    if (f.inline === true && f.message !== undefined) {
      Object.assign(obj, afterProtobuf(obj, f.message));
      continue;
    }
    const v = obj[f.name];
    if (v === undefined || v === null) continue;
    if (f.repeated === true && Array.isArray(v)) {
      obj[f.name] = v.length === 0 ? null : f.message === undefined ? v : v.map((item) => afterProtobuf(item, f.message ?? ''));
    } else if (f.map?.value.message !== undefined && typeof v === 'object') {
      const inner = f.map.value.message;
      obj[f.name] = Object.fromEntries(Object.entries(v).map(([k, item]) => [k, afterProtobuf(item, inner)]));
    } else if (f.message !== undefined) {
      obj[f.name] = afterProtobuf(v, f.message);
    }
  }
  return obj;
}

const bytesOf = (entry: CorpusEntry): Uint8Array => new Uint8Array(Buffer.from(entry.protobuf, 'base64'));
const isWatchFrame = (entry: CorpusEntry): boolean => entry.message === WATCH_EVENT && !entry.envelope;

describe('the golden corpus of the Kubernetes Go modules', () => {
  it('has an entry for every kind and the edge cases', () => {
    expect(corpus.length).toBeGreaterThan(80);
    expect(corpus.filter(isWatchFrame).length).toBeGreaterThan(0);
  });

  for (const entry of corpus) {
    const json = JSON.parse(entry.json) as Record<string, unknown>;
    const bytes = bytesOf(entry);
    it(`${entry.name}: encodes Go's JSON to Go's bytes`, () => {
      const exact = parseExact(entry.json);
      let encoded: Uint8Array;
      if (isWatchFrame(entry)) encoded = codec.encodeWatchEvent(String(exact.type), exact.object as Record<string, unknown>);
      else if (entry.envelope) encoded = codec.encodeObject(exact);
      else encoded = codec.encodeMessage(exact, entry.message);
      expect(hex(encoded)).toBe(hex(bytes));
    });
    it(`${entry.name}: decodes Go's bytes to Go's JSON, in Go's key order`, () => {
      let decoded: unknown;
      if (isWatchFrame(entry)) {
        decoded = codec.decodeWatchEvent(bytes);
      } else if (entry.envelope) {
        const { kind, apiVersion } = readEnvelope(bytes);
        decoded = codec.decodeObject(bytes).object;
        expect([kind, apiVersion]).toEqual([json.kind, json.apiVersion]);
      } else {
        decoded = codec.decodeMessage(bytes, entry.message);
      }
      expect(JSON.stringify(decoded)).toBe(JSON.stringify(afterProtobuf(json, entry.message)));
    });
  }
});
