import { describe, expect, it } from 'vitest';
import type { Entry } from './entry.js';
import { BUILTIN_KINDS, type KindInfo } from './kinds.js';
import { encodeStatus, protobufObjectView, watchFrame } from './protobuf-wire.js';
import { decodeWatchEvent, encodeObject, encodeWatchEvent } from './protobuf/codec.js';
import { notFound } from './status.js';

const kind = (plural: string): KindInfo => {
  const found = BUILTIN_KINDS.find((k) => k.plural === plural);
  if (found === undefined) throw new Error(plural);
  return found;
};
const noCache = <T extends Buffer>(_entry: Entry, _id: string, make: () => T): T => make();
const hex = (bytes: Buffer): string => bytes.toString('hex');

// Bytes kube-apiserver v1.37.2 wrote, recorded with curl.
const REAL = {
  // GET /api/v1/namespaces/default/configmaps/nope, Accept: application/vnd.kubernetes.protobuf
  configMapNotFound:
    '6b3873000a0c0a027631120653746174757312550a060a0012001a0012074661696c7572651a1b636f6e6669676d61707320226e6f706522206e6f7420666f756e6422084e6f74466f756e642a180a046e6f706512001a0a636f6e6669676d617073280032003094031a002200',
  // GET /apis/apps/v1/namespaces/default/deployments/zz
  deploymentNotFound:
    '6b3873000a0c0a0276311206537461747573125c0a060a0012001a0012074661696c7572651a1f6465706c6f796d656e74732e6170707320227a7a22206e6f7420666f756e6422084e6f74466f756e642a1b0a027a7a1204617070731a0b6465706c6f796d656e7473280032003094031a002200',
  // The last frame of GET /api/v1/namespaces?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan
  // &allowWatchBookmarks=true, Accept: application/vnd.kubernetes.protobuf;stream=watch
  initialEventsEnd:
    '000000670a08424f4f4b4d41524b125b0a596b3873000a0f0a02763112094e616d657370616365123e0a360a0012001a0022002a0032033333333800420062210a196b38732e696f2f696e697469616c2d6576656e74732d656e6412047472756512001a020a001a002200',
};

describe('protobuf on the wire, byte for byte as kube-apiserver writes it', () => {
  it('writes Status errors', () => {
    expect(hex(encodeStatus(notFound(kind('configmaps'), 'nope').status))).toBe(REAL.configMapNotFound);
    expect(hex(encodeStatus(notFound(kind('deployments'), 'zz').status))).toBe(REAL.deploymentNotFound);
  });

  it('frames watch events: a length, then a bare WatchEvent around the enveloped object', () => {
    const view = protobufObjectView(kind('namespaces'), noCache);
    const wire = view.wire;
    if (wire === undefined) throw new Error('a protobuf view frames its own events');
    const bookmark = wire.encodeValue({
      kind: 'Namespace',
      apiVersion: 'v1',
      metadata: { resourceVersion: '333', annotations: { 'k8s.io/initial-events-end': 'true' } },
    });
    expect(hex(wire.event('BOOKMARK', bookmark))).toBe(REAL.initialEventsEnd);
    expect(watchFrame('BOOKMARK', bookmark)).toEqual(Buffer.from(REAL.initialEventsEnd, 'hex'));
  });

  it('frames events as the codec does, reusing the object\'s stored encoding', () => {
    const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'default', resourceVersion: '7' }, data: { k: 'v' } };
    const frame = watchFrame('MODIFIED', Buffer.from(encodeObject(obj)));
    expect(frame).toEqual(Buffer.from(encodeWatchEvent('MODIFIED', obj)));
    expect(decodeWatchEvent(frame)).toEqual({ type: 'MODIFIED', object: obj });
  });
});
