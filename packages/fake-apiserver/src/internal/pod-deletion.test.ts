import type { KubeObject } from '@kcache/store';
import { describe, expect, it } from 'vitest';
import { makeEntry } from './entry.js';
import { isTerminatingPod, podGracePeriod } from './pod-deletion.js';

const pod = (spec: Record<string, unknown>, status: Record<string, unknown> = {}): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec, status }) as KubeObject;

describe('podGracePeriod (the pod strategy)', () => {
  it('takes the request\'s, else spec.terminationGracePeriodSeconds, else 30, for a pod a node runs', () => {
    expect(podGracePeriod(pod({ nodeName: 'n' }), undefined)).toBe(30);
    expect(podGracePeriod(pod({ nodeName: 'n', terminationGracePeriodSeconds: 7 }), undefined)).toBe(7);
    expect(podGracePeriod(pod({ nodeName: 'n', terminationGracePeriodSeconds: 7 }), 3)).toBe(3);
    expect(podGracePeriod(pod({ nodeName: 'n' }), 0)).toBe(0);
  });

  it('is 0 for a pod no node runs and for a finished one; a negative one means 1', () => {
    expect(podGracePeriod(pod({}), 100)).toBe(0);
    expect(podGracePeriod(pod({ nodeName: 'n' }, { phase: 'Succeeded' }), undefined)).toBe(0);
    expect(podGracePeriod(pod({ nodeName: 'n' }, { phase: 'Failed' }), undefined)).toBe(0);
    expect(podGracePeriod(pod({ nodeName: 'n' }, { phase: 'Running' }), -5)).toBe(1);
  });
});

describe('isTerminatingPod', () => {
  it('holds for a pod marked with a grace period left', () => {
    const marked = (grace: number | undefined) => makeEntry({ ...pod({ nodeName: 'n' }), metadata: { name: 'p', namespace: 'default', deletionTimestamp: '2026-01-01T00:00:00Z', ...(grace === undefined ? {} : { deletionGracePeriodSeconds: grace }) } }, 'default', 'p', 2);
    expect(isTerminatingPod(marked(30))).toBe(true);
    expect(isTerminatingPod(marked(0))).toBe(false);
    expect(isTerminatingPod(marked(undefined))).toBe(false);
    expect(isTerminatingPod(makeEntry(pod({ nodeName: 'n' }), 'default', 'p', 2))).toBe(false);
  });
});
