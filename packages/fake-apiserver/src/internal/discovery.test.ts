import { describe, expect, it } from 'vitest';
import {
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  compareVersionPriority,
  versionInfo,
} from './discovery.js';
import { BUILTIN_KINDS, kindInfoFromDefinition } from './kinds.js';

const widgets = (version: string) =>
  kindInfoFromDefinition({ group: 'example.com', version, kind: 'Widget', plural: 'widgets', namespaced: true, shortNames: ['wd'] });
const kinds = [...BUILTIN_KINDS, widgets('v1alpha1'), widgets('v1'), widgets('v1beta2')];

describe('versionInfo and apiVersions', () => {
  it('reports a parseable Kubernetes version', () => {
    const v = versionInfo();
    expect(v.gitVersion).toMatch(/^v1\.\d+\.\d+$/);
    expect(v.gitVersion).toBe('v1.37.2');
    expect(v.gitVersion?.startsWith(`v${v.major ?? ""}.${v.minor ?? ""}.`)).toBe(true);
    expect([v.emulationMajor, v.emulationMinor]).toEqual([v.major, v.minor]);
    expect(v.platform).toMatch(/^[a-z0-9]+\/[a-z0-9]+$/);
  });

  it('serves APIVersions with the server address', () => {
    expect(apiVersions('127.0.0.1:6443')).toEqual({
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }],
    });
  });
});

describe('apiGroupList and apiGroup', () => {
  it('lists named groups with versions in priority order and the preferred one', () => {
    const list = apiGroupList(kinds) as { kind: string; groups: { name: string; versions: { version: string }[]; preferredVersion: unknown }[] };
    expect(list.kind).toBe('APIGroupList');
    // Built-in groups in kube-apiserver's order, then the others as they are served.
    expect(list.groups.map((g) => g.name)).toEqual([
      'apiregistration.k8s.io', 'apps', 'events.k8s.io', 'authentication.k8s.io', 'authorization.k8s.io', 'autoscaling', 'batch',
      'certificates.k8s.io', 'networking.k8s.io', 'policy', 'rbac.authorization.k8s.io', 'storage.k8s.io',
      'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'scheduling.k8s.io', 'coordination.k8s.io', 'node.k8s.io',
      'discovery.k8s.io', 'resource.k8s.io', 'flowcontrol.apiserver.k8s.io', 'storagemigration.k8s.io', 'example.com',
    ]);
    expect(list.groups.find((g) => g.name === 'autoscaling')).toEqual({
      name: 'autoscaling',
      versions: [{ groupVersion: 'autoscaling/v2', version: 'v2' }, { groupVersion: 'autoscaling/v1', version: 'v1' }],
      preferredVersion: { groupVersion: 'autoscaling/v2', version: 'v2' },
    });
    const example = list.groups.find((g) => g.name === 'example.com');
    expect(example?.versions.map((v) => v.version)).toEqual(['v1', 'v1beta2', 'v1alpha1']);
    expect(example?.preferredVersion).toEqual({ groupVersion: 'example.com/v1', version: 'v1' });
  });

  it('lists the groups of custom resources after the built-in ones, by name', () => {
    const zeta = kindInfoFromDefinition({ group: 'zeta.io', version: 'v1', kind: 'Z', plural: 'zs', namespaced: true });
    const alpha = kindInfoFromDefinition({ group: 'alpha.io', version: 'v1', kind: 'A', plural: 'as', namespaced: true });
    const list = apiGroupList([zeta, ...kinds, alpha]) as { groups: { name: string }[] };
    expect(list.groups.map((g) => g.name).slice(-3)).toEqual(['alpha.io', 'example.com', 'zeta.io']);
    expect(list.groups[0]?.name).toBe('apiregistration.k8s.io');
  });

  it('serves one group, and nothing for the core group or an unknown one', () => {
    expect(apiGroup('apps', kinds)).toEqual({
      kind: 'APIGroup',
      apiVersion: 'v1',
      name: 'apps',
      versions: [{ groupVersion: 'apps/v1', version: 'v1' }],
      preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
    });
    expect(apiGroup('', kinds)).toBeUndefined();
    expect(apiGroup('nope.io', kinds)).toBeUndefined();
  });

  it('orders versions the way Kubernetes does', () => {
    const versions = ['foo1', 'v1alpha1', 'v12alpha1', 'v2', 'v1beta1', 'v10', 'v11beta2', 'v10beta3', 'foo10', 'v1'];
    expect(versions.sort(compareVersionPriority)).toEqual([
      'v10', 'v2', 'v1', 'v11beta2', 'v10beta3', 'v1beta1', 'v12alpha1', 'v1alpha1', 'foo1', 'foo10',
    ]);
  });
});

describe('apiResourceList', () => {
  it('lists the core resources with status subresources', () => {
    const list = apiResourceList('', 'v1', kinds) as { groupVersion: string; resources: Record<string, unknown>[] };
    expect(list.groupVersion).toBe('v1');
    const pods = list.resources.find((r) => r.name === 'pods');
    expect(pods).toEqual({
      name: 'pods',
      singularName: 'pod',
      namespaced: true,
      kind: 'Pod',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['po'],
      categories: ['all'],
      storageVersionHash: 'xPOwRZ+Yhw8=',
    });
    expect(list.resources.find((r) => r.name === 'pods/status')).toEqual({
      name: 'pods/status', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get', 'patch', 'update'],
    });
    // Empty lists are left out, as Kubernetes does.
    expect(list.resources.find((r) => r.name === 'secrets')).not.toHaveProperty('shortNames');
    expect(list.resources.find((r) => r.name === 'configmaps/status')).toBeUndefined();
    expect(list.resources.find((r) => r.name === 'namespaces')?.namespaced).toBe(false);
  });

  it('serves a named group version and nothing for an unknown one', () => {
    const apps = apiResourceList('apps', 'v1', kinds) as { groupVersion: string; resources: { name: string }[] };
    expect(apps.groupVersion).toBe('apps/v1');
    expect(apps.resources.map((r) => r.name)).toEqual([
      'controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status',
      'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status',
    ]);
    expect(apiResourceList('example.com', 'v1beta2', kinds)).toMatchObject({ resources: [{ name: 'widgets', shortNames: ['wd'] }] });
    expect(apiResourceList('apps', 'v2', kinds)).toBeUndefined();
    expect(apiResourceList('nope', 'v1', kinds)).toBeUndefined();
  });
});
