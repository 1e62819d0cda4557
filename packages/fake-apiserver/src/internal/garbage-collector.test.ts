import { describe, expect, it } from 'vitest';
import { deletionFinalizers } from './garbage-collector.js';

const background = {};
const job = { deletePropagation: 'Orphan' as const };

describe('deletionFinalizers (kube-apiserver generic store)', () => {
  it('adds the finalizer of the policy asked, keeping the object\'s own', () => {
    expect(deletionFinalizers(background, ['example.com/x'], { propagationPolicy: 'Foreground' })).toEqual(['example.com/x', 'foregroundDeletion']);
    expect(deletionFinalizers(background, [], { propagationPolicy: 'Orphan' })).toEqual(['orphan']);
    expect(deletionFinalizers(background, [], { orphanDependents: true })).toEqual(['orphan']);
  });

  it('changes nothing for Background on a kind that deletes its dependents in the background', () => {
    expect(deletionFinalizers(background, [], {})).toBeUndefined();
    expect(deletionFinalizers(background, ['example.com/x'], { propagationPolicy: 'Background' })).toBeUndefined();
  });

  it('uses the kind\'s default, then the finalizers already there, when the request names no policy', () => {
    expect(deletionFinalizers(job, [], {})).toEqual(['orphan']);
    expect(deletionFinalizers(job, [], { propagationPolicy: 'Background' })).toBeUndefined();
    expect(deletionFinalizers(background, ['foregroundDeletion'], {})).toBeUndefined();
    expect(deletionFinalizers(job, ['foregroundDeletion'], {})).toBeUndefined();
  });

  it('swaps one policy\'s finalizer for another\'s, and drops it for Background', () => {
    expect(deletionFinalizers(background, ['orphan'], { propagationPolicy: 'Foreground' })).toEqual(['foregroundDeletion']);
    expect(deletionFinalizers(background, ['orphan', 'example.com/x'], { propagationPolicy: 'Background' })).toEqual(['example.com/x']);
    expect(deletionFinalizers(background, ['foregroundDeletion'], { orphanDependents: false })).toEqual([]);
  });
});
