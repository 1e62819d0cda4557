// The normalisation goldens and the fake's answers go through before they are compared.
import { describe, expect, it } from 'vitest';
import { normalise } from './golden.js';

const ns = 'kc-conf-7-abc12';

describe('normalise', () => {
  it('replaces uids, resourceVersions, times and the namespace, keeping their shape', () => {
    const object = {
      metadata: {
        name: 'cfg',
        namespace: ns,
        uid: '0b4f7a6e-5d1c-4c7e-9a51-1f0e8e7c2a10',
        resourceVersion: '4242',
        creationTimestamp: '2026-12-06T16:38:51Z',
        managedFields: [{ manager: 'alice', operation: 'Apply', time: '2026-12-06T16:38:52Z' }],
      },
      spec: { renewTime: '2026-12-06T16:38:51.123456Z', group: `${ns}.conformance.kcache.dev` },
    };
    expect(normalise(object, ns)).toStrictEqual({
      metadata: {
        name: 'cfg',
        namespace: '<ns>',
        uid: '<uid>',
        resourceVersion: '<rv>',
        creationTimestamp: '<time>',
        managedFields: [{ manager: 'alice', operation: 'Apply', time: '<time>' }],
      },
      spec: { renewTime: '<time.ffffff>', group: '<ns>.conformance.kcache.dev' },
    });
  });

  it('replaces continue tokens, in lists and in queries', () => {
    expect(normalise({ metadata: { continue: 'eyJ2IjoxfQ', remainingItemCount: 1 } }, ns)).toStrictEqual({ metadata: { continue: '<continue>', remainingItemCount: 1 } });
    expect(normalise({ limit: '2', continue: 'eyJ2IjoxfQ' }, ns)).toStrictEqual({ limit: '2', continue: '<continue>' });
    expect(normalise({ metadata: { continue: '' } }, ns)).toStrictEqual({ metadata: { continue: '' } });
  });

  it('keeps an empty resourceVersion and a generated name\'s prefix', () => {
    expect(normalise({ metadata: { generateName: 'web-', name: 'web-x7k2p', resourceVersion: '' } }, ns)).toStrictEqual({
      metadata: { generateName: 'web-', name: 'web-<random>', resourceVersion: '' },
    });
  });

  it('replaces uids, times and resourceVersions inside messages', () => {
    const message = `Precondition failed: UID in precondition: 0b4f7a6e-5d1c-4c7e-9a51-1f0e8e7c2a10; the ResourceVersion in the precondition (12) does not match the ResourceVersion in record (13); {"resourceVersion":"13","creationTimestamp":"2026-12-06T16:38:51Z","namespace":"${ns}"}`;
    expect(normalise(message, ns)).toBe(
      'Precondition failed: UID in precondition: <uid>; the ResourceVersion in the precondition (<rv>) does not match the ResourceVersion in record (<rv>); {"resourceVersion":"<rv>","creationTimestamp":"<time>","namespace":"<ns>"}',
    );
  });

  it('orders managedFields entries as kube-apiserver does within one second: operation, manager, subresource', () => {
    const entries = [
      { manager: 'bob', operation: 'Update' },
      { manager: 'zed', operation: 'Apply' },
      { manager: 'alice', operation: 'Update', subresource: 'status' },
      { manager: 'alice', operation: 'Update' },
    ];
    expect(normalise({ metadata: { managedFields: entries } }, ns)).toStrictEqual({
      metadata: {
        managedFields: [
          { manager: 'zed', operation: 'Apply' },
          { manager: 'alice', operation: 'Update' },
          { manager: 'alice', operation: 'Update', subresource: 'status' },
          { manager: 'bob', operation: 'Update' },
        ],
      },
    });
  });

  it('replaces the namespace in keys', () => {
    expect(normalise({ paths: { [`apis/${ns}.conformance.kcache.dev/v1`]: { serverRelativeURL: `/openapi/v3/apis/${ns}.conformance.kcache.dev/v1` } } }, ns)).toStrictEqual({
      paths: { 'apis/<ns>.conformance.kcache.dev/v1': { serverRelativeURL: '/openapi/v3/apis/<ns>.conformance.kcache.dev/v1' } },
    });
  });

  it('leaves everything else as it is', () => {
    const body = { kind: 'Status', code: 409, message: 'configmaps "cfg" already exists', details: { causes: [{ reason: 'FieldManagerConflict', field: '.data.a' }] } };
    expect(normalise(body, ns)).toStrictEqual(body);
  });
});
