import { describe, expect, it } from 'vitest';
import { negotiateFormat, negotiateStatusEncoding, notAcceptableMessage } from './negotiate.js';

const PB = 'application/vnd.kubernetes.protobuf';
const builtin = { protobuf: true };
const custom = { protobuf: false };

// What kube-apiserver v1.37.2 answered for these Accept headers (GET of a Namespace, of a list,
// of a custom resource), recorded with curl against a real server.
describe('negotiateFormat', () => {
  it('answers JSON without an Accept header', () => {
    expect(negotiateFormat(undefined, builtin)).toEqual({ as: 'json' });
    expect(negotiateFormat('', builtin)).toEqual({ as: 'json' });
  });

  it('orders clauses by quality, then specificity, else keeps the client order', () => {
    expect(negotiateFormat(PB, builtin)).toEqual({ as: 'protobuf' });
    expect(negotiateFormat(`${PB},application/json`, builtin)).toEqual({ as: 'protobuf' });
    expect(negotiateFormat(`${PB}, application/json`, builtin)).toEqual({ as: 'protobuf' });
    expect(negotiateFormat(`application/json,${PB}`, builtin)).toEqual({ as: 'json' });
    expect(negotiateFormat(`application/json;q=0.5,${PB}`, builtin)).toEqual({ as: 'protobuf' });
    expect(negotiateFormat(`application/json,${PB};q=0.9`, builtin)).toEqual({ as: 'json' });
    expect(negotiateFormat(`${PB};q=0.5,application/json;q=0.9`, builtin)).toEqual({ as: 'json' });
    expect(negotiateFormat(`*/*,${PB}`, builtin)).toEqual({ as: 'protobuf' });
    expect(negotiateFormat('*/*', builtin)).toEqual({ as: 'json' });
    expect(negotiateFormat('*', builtin)).toEqual({ as: 'json' });
    expect(negotiateFormat(`${PB};stream=watch`, builtin)).toEqual({ as: 'protobuf' });
  });

  it('answers custom resources in JSON: protobuf alone is not acceptable', () => {
    expect(negotiateFormat(`${PB},application/json`, custom)).toEqual({ as: 'json' });
    expect(negotiateFormat(PB, custom)).toBeUndefined();
  });

  it('writes Tables in JSON only, and PartialObjectMetadata in either', () => {
    const table = `${PB};as=Table;v=v1;g=meta.k8s.io`;
    expect(negotiateFormat(table, builtin)).toBeUndefined();
    expect(negotiateFormat(`${table},application/json`, builtin)).toEqual({ as: 'json' });
    expect(negotiateFormat('application/json;as=Table;v=v1;g=meta.k8s.io,application/json', builtin)).toEqual({ as: 'table' });
    for (const as of ['PartialObjectMetadata', 'PartialObjectMetadataList']) {
      expect(negotiateFormat(`${PB};as=${as};v=v1;g=meta.k8s.io`, builtin)).toEqual({ as: 'metadata', version: 'v1', protobuf: true });
      expect(negotiateFormat(`${PB};as=${as};v=v1beta1;g=meta.k8s.io`, custom)).toEqual({ as: 'metadata', version: 'v1beta1', protobuf: true });
      expect(negotiateFormat(`application/json;as=${as};v=v1;g=meta.k8s.io`, custom)).toEqual({ as: 'metadata', version: 'v1', protobuf: false });
    }
  });

  it('finds nothing to answer for media types it does not write', () => {
    expect(negotiateFormat('text/html', builtin)).toBeUndefined();
    expect(negotiateFormat('application/json;as=Unknown;v=v1;g=meta.k8s.io', builtin)).toBeUndefined();
    expect(negotiateFormat('application/json;stream=other', builtin)).toBeUndefined();
    // YAML is answered as JSON, except for watches (YAML has no stream form).
    expect(negotiateFormat('application/yaml', builtin)).toEqual({ as: 'json' });
    expect(negotiateFormat('application/yaml', { protobuf: true, watch: true })).toBeUndefined();
  });

  it('lists what could have been answered in the 406 message', () => {
    expect(notAcceptableMessage(false)).toBe(`only the following media types are accepted: application/json, application/yaml, ${PB}`);
    expect(notAcceptableMessage(true)).toBe(`only the following media types are accepted: application/json;stream=watch,  ${PB};stream=watch`);
  });
});

describe('negotiateStatusEncoding', () => {
  it('writes errors in protobuf when the first plain clause asks for it, custom resources included', () => {
    expect(negotiateStatusEncoding(undefined)).toBe('json');
    expect(negotiateStatusEncoding(PB)).toBe('protobuf');
    expect(negotiateStatusEncoding(`${PB},application/json`)).toBe('protobuf');
    expect(negotiateStatusEncoding(`application/json,${PB}`)).toBe('json');
  });

  it('skips conversions: errors for Table or PartialObjectMetadata requests are JSON', () => {
    expect(negotiateStatusEncoding(`${PB};as=PartialObjectMetadata;v=v1;g=meta.k8s.io`)).toBe('json');
    expect(negotiateStatusEncoding(`${PB};as=Table;v=v1;g=meta.k8s.io,application/json`)).toBe('json');
    expect(negotiateStatusEncoding(`${PB};as=Table;v=v1;g=meta.k8s.io,${PB}`)).toBe('protobuf');
    expect(negotiateStatusEncoding('text/html')).toBe('json');
  });
});
