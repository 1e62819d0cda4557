import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../errors.js';
import { parseRoute } from './route.js';

describe('parseRoute', () => {
  it('parses resource paths of the core group and named groups', () => {
    expect(parseRoute('/api/v1/namespaces/ns/pods/p/status')).toEqual({
      type: 'resource', group: '', version: 'v1', plural: 'pods', namespace: 'ns', name: 'p', subresource: 'status', watchPath: false,
    });
    expect(parseRoute('/apis/apps/v1/deployments')).toMatchObject({ type: 'resource', group: 'apps', plural: 'deployments', namespace: undefined });
    expect(parseRoute('/api/v1/watch/namespaces/ns/pods')).toMatchObject({ type: 'resource', plural: 'pods', namespace: 'ns', watchPath: true });
  });

  it('tells a namespace object and its subresources from namespaced collections', () => {
    expect(parseRoute('/api/v1/namespaces/team')).toMatchObject({ plural: 'namespaces', name: 'team', namespace: undefined });
    expect(parseRoute('/api/v1/namespaces/team/status')).toMatchObject({ plural: 'namespaces', name: 'team', subresource: 'status' });
    expect(parseRoute('/api/v1/namespaces/team/configmaps')).toMatchObject({ plural: 'configmaps', namespace: 'team' });
  });

  it('parses discovery and OpenAPI paths', () => {
    expect(parseRoute('/')).toEqual({ type: 'root' });
    expect(parseRoute('/api')).toEqual({ type: 'api' });
    expect(parseRoute('/api/v1')).toEqual({ type: 'groupVersion', group: '', version: 'v1' });
    expect(parseRoute('/apis/apps')).toEqual({ type: 'group', group: 'apps' });
    expect(parseRoute('/openapi/v3/apis/apps/v1')).toEqual({ type: 'openapiV3Document', group: 'apps', version: 'v1' });
    expect(parseRoute('/nope')).toEqual({ type: 'unknown' });
    expect(parseRoute('/api/v1/namespaces/a/pods/b/c/d')).toEqual({ type: 'unknown' });
  });

  it('decodes percent-encoding and refuses malformed encoding with 400', () => {
    expect(parseRoute('/api/v1/namespaces/a/configmaps/x%2Ey')).toMatchObject({ name: 'x.y' });
    expect(() => parseRoute('/api/v1/namespaces/a/pods/%E0%A4%A')).toThrow(BadRequestError);
  });
});
