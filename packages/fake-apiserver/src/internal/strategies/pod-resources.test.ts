import { describe, expect, it } from 'vitest';
import { defaultPodLevelResources } from './pod-resources.js';

type Spec = Record<string, unknown> & { resources?: unknown };

function container(name: string, resources: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, image: 'a', resources, ...extra };
}

function defaulted(spec: Spec): unknown {
  defaultPodLevelResources(spec);
  return spec.resources;
}

describe('defaultPodLevelResources', () => {
  it('leaves a pod without pod-level resources alone', () => {
    const spec: Spec = { containers: [container('c', { limits: { cpu: '1' } })] };
    expect(defaulted(spec)).toBeUndefined();
  });

  it('requests what the containers request, else the pod limit', () => {
    const spec: Spec = {
      resources: { limits: { cpu: '2', memory: '1Gi' } },
      containers: [container('c', { requests: { cpu: '500m' } }), container('d', {})],
    };
    expect(defaulted(spec)).toEqual({ limits: { cpu: '2', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } });
  });

  it('adds up regular and sidecar containers and takes an init container that needs more', () => {
    const spec: Spec = {
      resources: { limits: { cpu: '4' } },
      initContainers: [container('side', { requests: { cpu: '250m' } }, { restartPolicy: 'Always' }), container('init', { requests: { cpu: '3' } })],
      containers: [container('c', { requests: { cpu: '500m' } }), container('d', { requests: { cpu: '500m' } })],
    };
    // Regular and sidecar: 500m + 500m + 250m; the init container beside the sidecar: 3 + 250m.
    expect(defaulted(spec)).toEqual({ limits: { cpu: '4' }, requests: { cpu: '3250m' } });
  });

  it('limits what every container limits when the pod only requests, in the first value\'s format', () => {
    const spec: Spec = {
      resources: { requests: { cpu: '1', memory: '1Gi' } },
      containers: [container('c', { limits: { cpu: '500m', memory: '512Mi' } }), container('d', { limits: { cpu: '500m', memory: '512Mi' } })],
    };
    expect(defaulted(spec)).toEqual({ requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } });
    const partly: Spec = {
      resources: { requests: { cpu: '1' } },
      containers: [container('c', { limits: { cpu: '500m', memory: '1Gi' } }), container('d', { limits: { memory: '1Gi' } })],
    };
    expect(defaulted(partly)).toEqual({ requests: { cpu: '1' }, limits: { memory: '2Gi' } });
  });

  it('limits huge pages as the containers do unless the pod requests them, and requests that limit', () => {
    const spec: Spec = {
      resources: { requests: { memory: '1Gi' } },
      containers: [container('c', { limits: { 'hugepages-2Mi': '4Mi' } }), container('d', { limits: { 'hugepages-2Mi': '2Mi' } })],
    };
    expect(defaulted(spec)).toEqual({ requests: { memory: '1Gi', 'hugepages-2Mi': '6Mi' }, limits: { 'hugepages-2Mi': '6Mi' } });
    const requested: Spec = {
      resources: { requests: { 'hugepages-2Mi': '2Mi' } },
      containers: [container('c', { limits: { 'hugepages-2Mi': '4Mi' } })],
    };
    expect(defaulted(requested)).toEqual({ requests: { 'hugepages-2Mi': '2Mi' } });
  });
});
