import { describe, expect, it } from 'vitest';
import { generatedOpenApi, generatedProtobuf, generatedResources } from './load.js';

describe('generatedResources', () => {
  it('lists what kube-apiserver discovers for pods, with subresources and their kinds', () => {
    const pods = generatedResources().find((r) => r.group === '' && r.plural === 'pods');
    expect(pods).toMatchObject({
      version: 'v1', kind: 'Pod', listKind: 'PodList', singular: 'pod', namespaced: true,
      shortNames: ['po'], categories: ['all'],
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      schema: 'io.k8s.api.core.v1.Pod', protobuf: 'k8s.io.api.core.v1.Pod',
    });
    expect(pods?.storageVersionHash).toMatch(/^[A-Za-z0-9+/]{11}=$/);
    const subs = Object.fromEntries((pods?.subresources ?? []).map((s) => [s.name, s]));
    expect(subs.status).toEqual({ name: 'status', group: '', version: 'v1', kind: 'Pod', verbs: ['get', 'patch', 'update'] });
    expect(subs.eviction).toMatchObject({ group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] });
  });

  it('gives every resource a schema and a protobuf message that the other files hold', () => {
    const { schemas } = generatedOpenApi();
    const { messages } = generatedProtobuf();
    const resources = generatedResources();
    expect(resources.length).toBeGreaterThan(60);
    for (const r of resources) {
      expect(schemas[r.schema], r.schema).toBeDefined();
      expect(messages[r.protobuf], r.protobuf).toBeDefined();
      if (r.verbs.includes('list')) expect(r.listKind, r.plural).toBe(`${r.kind}List`);
    }
  });

  it('reads each file once', () => {
    expect(generatedResources()).toBe(generatedResources());
    expect(generatedOpenApi()).toBe(generatedOpenApi());
    expect(generatedProtobuf()).toBe(generatedProtobuf());
  });
});

describe('generatedOpenApi', () => {
  it('carries descriptions and the list semantics of the Kubernetes extensions', () => {
    const pod = generatedOpenApi().schemas['io.k8s.api.core.v1.PodSpec'] as {
      description: string;
      properties: Record<string, Record<string, unknown>>;
    };
    expect(pod.description).toContain('PodSpec');
    expect(pod.properties.containers).toMatchObject({
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge',
    });
  });
});

describe('generatedProtobuf', () => {
  it('numbers the fields as generated.proto does and marks the special types', () => {
    const { messages } = generatedProtobuf();
    const pod = messages['k8s.io.api.core.v1.Pod'];
    expect(pod?.typeMeta).toBe(true);
    expect(pod?.fields.map((f) => [f.name, f.number, f.message])).toEqual([
      ['metadata', 1, 'k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta'],
      ['spec', 2, 'k8s.io.api.core.v1.PodSpec'],
      ['status', 3, 'k8s.io.api.core.v1.PodStatus'],
    ]);
    expect(messages['k8s.io.apimachinery.pkg.apis.meta.v1.Time']?.special).toBe('Time');
    expect(messages['k8s.io.apimachinery.pkg.util.intstr.IntOrString']?.special).toBe('IntOrString');
    expect(messages['k8s.io.apimachinery.pkg.api.resource.Quantity']?.fields).toEqual([
      { name: 'string', number: 1, type: 'string', goType: 'string' },
    ]);
    expect(messages['k8s.io.apimachinery.pkg.apis.meta.v1.Verbs']).toMatchObject({ special: 'list' });
    const volume = messages['k8s.io.api.core.v1.Volume']?.fields.find((f) => f.number === 2);
    expect(volume).toMatchObject({ name: 'VolumeSource', inline: true, message: 'k8s.io.api.core.v1.VolumeSource' });
    const limits = messages['k8s.io.api.core.v1.ResourceRequirements']?.fields.find((f) => f.name === 'limits');
    expect(limits?.map).toEqual({ key: 'string', value: { type: 'message', message: 'k8s.io.apimachinery.pkg.api.resource.Quantity' } });
    const replicas = messages['k8s.io.api.apps.v1.DeploymentSpec']?.fields.find((f) => f.name === 'replicas');
    expect(replicas).toMatchObject({ number: 1, type: 'int32', pointer: true, omitEmpty: true });
    const secretData = messages['k8s.io.api.core.v1.Secret']?.fields.find((f) => f.name === 'data');
    expect(secretData?.map?.value).toEqual({ type: 'bytes' });
    expect(messages['openapi.v2.Document']).toBeDefined();
  });
});
