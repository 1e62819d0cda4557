import { describe, expect, it } from 'vitest';
import { updateConditions } from './namespace-controller.js';

describe('updateConditions (the namespace controller\'s condition updater)', () => {
  it('adds the five conditions in the controller\'s order, all well unless told otherwise', () => {
    const status: Record<string, unknown> = { phase: 'Terminating' };
    const remaining = new Map([['NamespaceContentRemaining', { status: 'True' as const, reason: 'SomeResourcesRemain', message: 'Some resources are remaining: pods. has 1 resource instances' }]]);
    expect(updateConditions(status, remaining, 'T1')).toBe(true);
    expect(status.conditions).toEqual([
      { type: 'NamespaceDeletionDiscoveryFailure', status: 'False', lastTransitionTime: 'T1', reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
      { type: 'NamespaceDeletionGroupVersionParsingFailure', status: 'False', lastTransitionTime: 'T1', reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
      { type: 'NamespaceDeletionContentFailure', status: 'False', lastTransitionTime: 'T1', reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
      { type: 'NamespaceContentRemaining', status: 'True', lastTransitionTime: 'T1', reason: 'SomeResourcesRemain', message: 'Some resources are remaining: pods. has 1 resource instances' },
      { type: 'NamespaceFinalizersRemaining', status: 'False', lastTransitionTime: 'T1', reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
    ]);
  });

  it('keeps a condition\'s time unless its status changes, and reports no change when nothing changed', () => {
    const status: Record<string, unknown> = {};
    const two = new Map([['NamespaceContentRemaining', { status: 'True' as const, reason: 'SomeResourcesRemain', message: 'Some resources are remaining: pods. has 2 resource instances' }]]);
    const one = new Map([['NamespaceContentRemaining', { status: 'True' as const, reason: 'SomeResourcesRemain', message: 'Some resources are remaining: pods. has 1 resource instances' }]]);
    updateConditions(status, two, 'T1');
    expect(updateConditions(status, two, 'T2')).toBe(false);
    expect(updateConditions(status, one, 'T2')).toBe(true);
    const content = () => (status.conditions as { type: string; lastTransitionTime: string; status: string }[]).find((c) => c.type === 'NamespaceContentRemaining');
    expect(content()?.lastTransitionTime).toBe('T1');
    expect(updateConditions(status, new Map(), 'T3')).toBe(true);
    expect(content()).toMatchObject({ status: 'False', lastTransitionTime: 'T3' });
  });
});
