import { testSeed } from '@kcache/vitest-config/seed';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultPodSpec, defaultPodTemplate, defaultPullPolicy } from './pod-spec.js';

// The property below runs from the run's seed: KCACHE_SEED=<seed fast-check prints> replays a failure.
fc.configureGlobal({ seed: testSeed() });

const CONTAINER_DEFAULTS = {
  resources: {},
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
};

const SPEC_DEFAULTS = {
  dnsPolicy: 'ClusterFirst',
  restartPolicy: 'Always',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
  schedulerName: 'default-scheduler',
};

describe('defaultPullPolicy', () => {
  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['registry.example.com:5000/team/app', 'Always'],
    ['nginx:1.27', 'IfNotPresent'],
    ['registry.example.com:5000/app:v2', 'IfNotPresent'],
    [`app@sha256:${'0'.repeat(64)}`, 'IfNotPresent'],
    [`app:latest@sha256:${'0'.repeat(64)}`, 'Always'],
    ['Nginx', 'IfNotPresent'],
    ['', 'IfNotPresent'],
    [undefined, 'IfNotPresent'],
  ])('%s pulls %s', (image, policy) => {
    expect(defaultPullPolicy(image)).toBe(policy);
  });
});

describe('defaultPodSpec', () => {
  it('defaults the spec, its containers, probes, ports, env and lifecycle handlers', () => {
    const spec: Record<string, unknown> = {
      serviceAccount: 'robot',
      containers: [{
        name: 'c',
        image: 'nginx:1.27',
        ports: [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP' }],
        env: [{ name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }, { name: 'V', value: 'x' }],
        livenessProbe: { httpGet: { port: 80 } },
        readinessProbe: { grpc: { port: 9000 }, periodSeconds: 5 },
        lifecycle: { preStop: { httpGet: { port: 80, path: '/stop' } } },
      }],
      initContainers: [{ name: 'i', image: 'busybox', imagePullPolicy: 'Never' }],
      ephemeralContainers: [{ name: 'e', image: 'busybox:1' }],
    };
    defaultPodSpec(spec, { pod: false });
    expect(spec).toEqual({
      ...SPEC_DEFAULTS,
      serviceAccount: 'robot',
      serviceAccountName: 'robot',
      containers: [{
        name: 'c',
        image: 'nginx:1.27',
        imagePullPolicy: 'IfNotPresent',
        ...CONTAINER_DEFAULTS,
        ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 53, protocol: 'UDP' }],
        env: [{ name: 'N', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } }, { name: 'V', value: 'x' }],
        livenessProbe: { httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
        readinessProbe: { grpc: { port: 9000, service: '' }, timeoutSeconds: 1, periodSeconds: 5, successThreshold: 1, failureThreshold: 3 },
        lifecycle: { preStop: { httpGet: { port: 80, path: '/stop', scheme: 'HTTP' } } },
      }],
      initContainers: [{ name: 'i', image: 'busybox', imagePullPolicy: 'Never', ...CONTAINER_DEFAULTS }],
      ephemeralContainers: [{ name: 'e', image: 'busybox:1', imagePullPolicy: 'IfNotPresent', ...CONTAINER_DEFAULTS }],
    });
  });

  it('keeps what is set, zero values of pointers included', () => {
    const spec: Record<string, unknown> = {
      dnsPolicy: 'Default',
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 0,
      securityContext: { runAsUser: 1 },
      schedulerName: 'mine',
      enableServiceLinks: false,
      containers: [],
    };
    defaultPodSpec(spec, { pod: true });
    expect(spec).toEqual({ ...spec, dnsPolicy: 'Default', restartPolicy: 'Never', terminationGracePeriodSeconds: 0, enableServiceLinks: false });
  });

  it('applies the Pod-only defaults to Pods: requests from limits, enableServiceLinks, host ports under hostNetwork', () => {
    const containers = (): Record<string, unknown>[] => [
      { name: 'c', image: 'a:1', resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } }, ports: [{ containerPort: 80 }, { containerPort: 81, hostPort: 8081 }] },
    ];
    const pod: Record<string, unknown> = { hostNetwork: true, containers: containers(), initContainers: [{ name: 'i', image: 'a:1', resources: { limits: { cpu: '1' } } }] };
    defaultPodSpec(pod, { pod: true });
    expect(pod.enableServiceLinks).toBe(true);
    const [c] = pod.containers as Record<string, unknown>[];
    expect(c?.resources).toEqual({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } });
    expect(c?.ports).toEqual([{ containerPort: 80, hostPort: 80, protocol: 'TCP' }, { containerPort: 81, hostPort: 8081, protocol: 'TCP' }]);
    expect((pod.initContainers as Record<string, unknown>[])[0]?.resources).toEqual({ limits: { cpu: '1' }, requests: { cpu: '1' } });

    const template: Record<string, unknown> = { hostNetwork: true, containers: containers() };
    defaultPodSpec(template, { pod: false });
    expect(template.enableServiceLinks).toBeUndefined();
    const [t] = template.containers as Record<string, unknown>[];
    expect(t?.resources).toEqual({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } });
    expect(t?.ports).toEqual([{ containerPort: 80, protocol: 'TCP' }, { containerPort: 81, hostPort: 8081, protocol: 'TCP' }]);
  });

  it('defaults volumes: emptyDir without a source, file modes, hostPath type, fieldRefs, token lifetimes, claim templates, image pull policy, in-tree sources', () => {
    const spec: Record<string, unknown> = {
      containers: [],
      volumes: [
        { name: 'none' },
        { name: 's', secret: { secretName: 'x' } },
        { name: 'c', configMap: { name: 'y', defaultMode: 0o400 } },
        { name: 'h', hostPath: { path: '/tmp' } },
        { name: 'd', downwardAPI: { items: [{ path: 'n', fieldRef: { fieldPath: 'metadata.name' } }] } },
        { name: 'p', projected: { sources: [{ serviceAccountToken: { path: 't' } }, { downwardAPI: { items: [{ path: 'l', fieldRef: { fieldPath: 'metadata.labels' } }] } }] } },
        { name: 'e', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'] } } } },
        { name: 'i', image: { reference: 'artifact:latest' } },
        { name: 'pvc', persistentVolumeClaim: { claimName: 'data' } },
        { name: 'iscsi', iscsi: { targetPortal: '1.2.3.4:3260', iqn: 'iqn.2001-04.com.example:storage', lun: 0 } },
        { name: 'rbd', rbd: { monitors: ['1.2.3.4'], image: 'img', user: 'me' } },
        { name: 'azure', azureDisk: { diskName: 'd', diskURI: 'https://a.blob.core.windows.net/c/d.vhd', readOnly: true } },
        { name: 'scaleio', scaleIO: { gateway: 'g', system: 's', volumeName: 'v', secretRef: { name: 'x' } } },
      ],
    };
    defaultPodSpec(spec, { pod: false });
    expect(spec.volumes).toEqual([
      { name: 'none', emptyDir: {} },
      { name: 's', secret: { secretName: 'x', defaultMode: 420 } },
      { name: 'c', configMap: { name: 'y', defaultMode: 0o400 } },
      { name: 'h', hostPath: { path: '/tmp', type: '' } },
      { name: 'd', downwardAPI: { items: [{ path: 'n', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } }], defaultMode: 420 } },
      {
        name: 'p',
        projected: {
          sources: [{ serviceAccountToken: { path: 't', expirationSeconds: 3600 } }, { downwardAPI: { items: [{ path: 'l', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.labels' } }] } }],
          defaultMode: 420,
        },
      },
      { name: 'e', ephemeral: { volumeClaimTemplate: { metadata: {}, spec: { accessModes: ['ReadWriteOnce'], resources: {}, volumeMode: 'Filesystem' } } } },
      { name: 'i', image: { reference: 'artifact:latest', pullPolicy: 'Always' } },
      { name: 'pvc', persistentVolumeClaim: { claimName: 'data' } },
      { name: 'iscsi', iscsi: { targetPortal: '1.2.3.4:3260', iqn: 'iqn.2001-04.com.example:storage', lun: 0, iscsiInterface: 'default' } },
      { name: 'rbd', rbd: { monitors: ['1.2.3.4'], image: 'img', user: 'me', pool: 'rbd', keyring: '/etc/ceph/keyring' } },
      { name: 'azure', azureDisk: { diskName: 'd', diskURI: 'https://a.blob.core.windows.net/c/d.vhd', readOnly: true, cachingMode: 'ReadWrite', kind: 'Shared', fsType: 'ext4' } },
      { name: 'scaleio', scaleIO: { gateway: 'g', system: 's', volumeName: 'v', secretRef: { name: 'x' }, storageMode: 'ThinProvisioned', fsType: 'xfs' } },
    ]);
  });

  it('leaves values of the wrong type for validation', () => {
    const spec: Record<string, unknown> = { containers: 'nope', volumes: [1, null, { name: 'v', secret: 'x' }], securityContext: 'x' };
    defaultPodSpec(spec, { pod: true });
    expect(spec.containers).toBe('nope');
    expect(spec.securityContext).toBe('x');
    expect(spec.volumes).toEqual([1, null, { name: 'v', secret: 'x' }]);
  });

  it('is idempotent: defaulting a defaulted spec changes nothing', () => {
    const container = fc.record({
      name: fc.constantFrom('a', 'b'),
      image: fc.constantFrom('nginx', 'nginx:1', 'x:latest'),
      ports: fc.option(fc.array(fc.record({ containerPort: fc.integer({ min: 1, max: 65535 }) }, { requiredKeys: ['containerPort'] }), { maxLength: 2 }), { nil: undefined }),
      resources: fc.option(fc.record({ limits: fc.option(fc.record({ cpu: fc.constantFrom('1', '100m') }), { nil: undefined }) }), { nil: undefined }),
      livenessProbe: fc.option(fc.record({ httpGet: fc.record({ port: fc.constant(80) }) }), { nil: undefined }),
    }, { requiredKeys: ['name', 'image'] });
    const spec = fc.record({
      containers: fc.array(container, { maxLength: 3 }),
      hostNetwork: fc.boolean(),
      volumes: fc.array(fc.constantFrom<Record<string, unknown>>({ name: 'a' }, { name: 'b', secret: {} }, { name: 'c', hostPath: { path: '/' } }), { maxLength: 3 }),
    });
    fc.assert(fc.property(spec, fc.boolean(), (s, pod) => {
      const once = structuredClone(s) as Record<string, unknown>;
      defaultPodSpec(once, { pod });
      const twice = structuredClone(once);
      defaultPodSpec(twice, { pod });
      expect(twice).toEqual(once);
    }));
  });
});

describe('defaultPodTemplate', () => {
  it('writes an empty metadata as {} and defaults the spec as a template', () => {
    const template: Record<string, unknown> = { spec: { containers: [{ name: 'c', image: 'nginx:1', resources: { limits: { cpu: '1' } } }] } };
    defaultPodTemplate(template);
    expect(template).toEqual({
      metadata: {},
      spec: { ...SPEC_DEFAULTS, containers: [{ name: 'c', image: 'nginx:1', imagePullPolicy: 'IfNotPresent', ...CONTAINER_DEFAULTS, resources: { limits: { cpu: '1' } } }] },
    });
  });
});
