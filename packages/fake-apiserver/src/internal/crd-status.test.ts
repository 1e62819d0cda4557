import { describe, expect, it } from 'vitest';
import { claimedNames, controllerStatusWrites, initialCrdStatus, namesAccepted, terminating, updatedCrdStatus } from './crd-status.js';
import type { KubeObject } from '../types.js';

const T = '2026-01-01T00:00:00Z';

function crd(plural: string, kind: string, extra: Record<string, unknown> = {}): KubeObject {
  const obj = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.example.com` },
    spec: { group: 'example.com', names: { plural, singular: kind.toLowerCase(), kind, listKind: `${kind}List`, ...extra }, versions: [{ name: 'v1', storage: true }] },
  } as unknown as KubeObject;
  initialCrdStatus(obj);
  return obj;
}

interface Condition { type: string; status: string; reason: string }
interface Status { conditions: Condition[] | null; acceptedNames: unknown; storedVersions: string[] }
const statusOf = (obj: KubeObject | undefined): Status => (obj as unknown as { status: Status }).status;

describe('CRD status', () => {
  it('starts with the storage version only, then accepts free names in two writes', () => {
    const gears = crd('gears', 'Gear', { shortNames: ['gr'] });
    expect(statusOf(gears)).toEqual({ conditions: null, acceptedNames: { plural: '', kind: '' }, storedVersions: ['v1'] });
    const writes = controllerStatusWrites(gears, T, claimedNames([], 'example.com', 'gears.example.com'));
    expect(writes.map((w) => (statusOf(w).conditions ?? []).map((c) => [c.type, c.status, c.reason]))).toEqual([
      [['NamesAccepted', 'True', 'NoConflicts'], ['Established', 'False', 'Installing']],
      [['NamesAccepted', 'True', 'NoConflicts'], ['Established', 'True', 'InitialNamesAccepted']],
    ]);
    expect(statusOf(writes[1]).acceptedNames).toEqual({ plural: 'gears', singular: 'gear', shortNames: ['gr'], kind: 'Gear', listKind: 'GearList' });
    expect(namesAccepted(writes[1]!)).toBe(true);
  });

  it('refuses names another CRD of the group holds, naming the last conflict', () => {
    const [, established] = controllerStatusWrites(crd('gears', 'Gear', { shortNames: ['gr'] }), T, claimedNames([], 'example.com', ''));
    const other = crd('gearsets', 'Gear', { shortNames: ['gr', 'gs'] });
    const claimed = claimedNames([established!, other], 'example.com', 'gearsets.example.com');
    const writes = controllerStatusWrites(other, T, claimed);
    expect(writes).toHaveLength(1);
    const status = statusOf(writes[0]);
    expect(status.conditions).toEqual([
      { type: 'NamesAccepted', status: 'False', lastTransitionTime: T, reason: 'ListKindConflict', message: '"GearList" is already in use' },
      { type: 'Established', status: 'False', lastTransitionTime: T, reason: 'NotAccepted', message: 'not all names are accepted' },
    ]);
    expect(status.acceptedNames).toEqual({ plural: 'gearsets', kind: '' });
    expect(namesAccepted(writes[0]!)).toBe(false);
  });

  it('appends a new storage version to storedVersions, and marks a CRD being deleted', () => {
    const obj = crd('gears', 'Gear');
    (obj as unknown as { spec: { versions: unknown[] } }).spec.versions = [{ name: 'v1', storage: false }, { name: 'v2', storage: true }];
    updatedCrdStatus(obj);
    expect(statusOf(obj).storedVersions).toEqual(['v1', 'v2']);
    const marked = terminating(obj, T, 'InstanceDeletionPending', 'pending');
    expect(marked.metadata).toMatchObject({ deletionTimestamp: T, finalizers: ['customresourcecleanup.apiextensions.k8s.io'] });
    const later = terminating(marked, '2026-01-01T00:00:05Z', 'InstanceDeletionInProgress', 'in progress');
    expect(statusOf(later).conditions).toEqual([{ type: 'Terminating', status: 'True', lastTransitionTime: T, reason: 'InstanceDeletionInProgress', message: 'in progress' }]);
  });
});
