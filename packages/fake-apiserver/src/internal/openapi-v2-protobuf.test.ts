import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeOpenApiV2, negotiateOpenApiV2, OPENAPI_V2_PROTOBUF_ACCEPT } from './openapi-v2-protobuf.js';

// A part of kube-apiserver v1.37.2's /openapi/v2 (one path, one definition, the security
// entries) in JSON, and the bytes of the same part cut from its protobuf answer.
const fixture = JSON.parse(readFileSync(new URL('testdata/openapi-v2.json', import.meta.url), 'utf8')) as {
  json: Record<string, unknown>;
  protobuf: string;
};

describe('/openapi/v2 in protobuf', () => {
  it('writes the bytes kube-apiserver writes for the same document', () => {
    expect(Buffer.from(encodeOpenApiV2(fixture.json)).toString('hex')).toBe(fixture.protobuf);
  });

  it('answers protobuf to client-go\'s Accept, JSON to JSON or nothing, and nothing to other types', () => {
    expect(negotiateOpenApiV2(OPENAPI_V2_PROTOBUF_ACCEPT)).toBe('protobuf');
    expect(negotiateOpenApiV2('application/com.github.proto-openapi.spec.v2.v1.0+protobuf')).toBe('protobuf');
    expect(negotiateOpenApiV2(`${OPENAPI_V2_PROTOBUF_ACCEPT}, application/json`)).toBe('protobuf');
    expect(negotiateOpenApiV2(`application/json, ${OPENAPI_V2_PROTOBUF_ACCEPT}`)).toBe('json');
    expect(negotiateOpenApiV2(undefined)).toBe('json');
    expect(negotiateOpenApiV2('*/*')).toBe('json');
    expect(negotiateOpenApiV2('text/html')).toBeUndefined();
    expect(negotiateOpenApiV2('application/vnd.kubernetes.protobuf')).toBeUndefined();
  });
});
