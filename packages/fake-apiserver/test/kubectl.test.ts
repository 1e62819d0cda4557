// The real kubectl against the fake: if kubectl works here, the discovery documents, OpenAPI,
// tables, patches, watches and errors are what a cluster would serve. Skipped (by name) when
// kubectl is not installed, unless KCACHE_REQUIRE_KUBECTL=1, which turns the skip into a failure.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeApiServer, KubeObject, RequestRecord } from '../src/index.js';
import { parse as parseYaml } from 'yaml';
import { createNamespaces, defaultedContainer, startServer } from './helpers.js';
import { createKubectl, findKubectl, type Kubectl } from './helpers/kubectl.js';
import { waitUntil } from './helpers/wait.js';

const kubectlPath = findKubectl();
const required = process.env.KCACHE_REQUIRE_KUBECTL === '1';

describe.runIf(kubectlPath === undefined && required)('kubectl is required (KCACHE_REQUIRE_KUBECTL=1)', () => {
  it('finds kubectl on PATH, at $KUBECTL or at /usr/bin/kubectl', () => {
    expect.fail('KCACHE_REQUIRE_KUBECTL=1 but kubectl is not installed: install kubectl or unset KCACHE_REQUIRE_KUBECTL');
  });
});

const suiteName = kubectlPath === undefined ? 'kubectl (skipped: kubectl is not installed)' : 'kubectl against the fake API server';
const binary = kubectlPath ?? 'kubectl';

const WIDGET_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: { kind: Widget, listKind: WidgetList, plural: widgets, singular: widget, shortNames: [wd] }
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
`;

function deployment(image: string, extra: { labels: string; env: string }): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: default
  labels: {${extra.labels}}
spec:
  replicas: 2
  selector:
    matchLabels: { app: api }
  template:
    metadata:
      labels: { app: api }
    spec:
      containers:
      - name: app
        image: ${image}
        env: [${extra.env}]
`;
}

interface Deployment extends KubeObject {
  spec: {
    replicas: number;
    template: { spec: { containers: { name: string; image: string; env?: { name: string; value: string }[]; terminationMessagePath?: string }[] } };
  };
}

const patchesOf = (server: FakeApiServer, path: string): RequestRecord[] =>
  server.requests.filter((r) => r.method === 'PATCH' && r.path === path);

/** Waits until the server has a watch stream open on `path` (watches are logged when they open). */
async function watchOpened(server: FakeApiServer, path: string, since: number): Promise<void> {
  await waitUntil(
    () => server.requests.slice(since).some((r) => r.verb === 'watch' && r.path === path && r.status === 200),
    () => `no watch on ${path} was opened`,
  );
}

/** A fake server and a kubectl pointed at it for the enclosing describe block, closed after it. */
function servedWithKubectl(use: (server: FakeApiServer, kubectl: Kubectl) => void): void {
  let server: FakeApiServer | undefined;
  let kubectl: Kubectl | undefined;
  beforeAll(async () => {
    server = await startServer();
    kubectl = createKubectl(binary, server.kubeconfig());
    use(server, kubectl);
  });
  afterAll(async () => {
    kubectl?.dispose();
    await server?.close();
  });
}

describe.skipIf(kubectlPath === undefined)(suiteName, () => {
  let server: FakeApiServer;
  let kubectl: Kubectl;

  servedWithKubectl((s, k) => {
    server = s;
    kubectl = k;
  });

  it('get pods -A lists every namespace, with selectors, as a table and as JSON', async () => {
    for (const ns of ['alpha', 'beta']) server.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    server.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p1', namespace: 'alpha', labels: { app: 'one' } }, spec: { containers: [{ name: 'c', image: 'busybox' }], nodeName: 'n1' } });
    server.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p2', namespace: 'beta', labels: { app: 'two' } }, spec: { containers: [{ name: 'c', image: 'busybox' }], nodeName: 'n2' } });

    const table = (await kubectl.ok(['get', 'pods', '-A'])).trim().split('\n');
    expect(table[0]).toMatch(/^NAMESPACE\s+NAME\s+READY\s+STATUS/);
    expect(table.slice(1).map((l) => l.split(/\s+/).slice(0, 2).join('/')).sort()).toEqual(['alpha/p1', 'beta/p2']);

    const list = JSON.parse(await kubectl.ok(['get', 'pods', '-A', '-o', 'json'])) as { kind: string; items: KubeObject[] };
    expect(list.kind).toBe('List');
    expect(list.items.map((p) => `${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}`)).toEqual(['alpha/p1', 'beta/p2']);
    expect(list.items.every((p) => p.kind === 'Pod' && p.apiVersion === 'v1')).toBe(true);

    expect((await kubectl.ok(['get', 'pods', '-A', '-l', 'app=two', '-o', 'name'])).trim()).toBe('pod/p2');
    expect((await kubectl.ok(['get', 'pods', '-A', '--field-selector', 'spec.nodeName=n1', '-o', 'name'])).trim()).toBe('pod/p1');
    const badField = await kubectl.run(['get', 'pods', '-A', '--field-selector', 'spec.bogus=x']);
    expect(badField.code).not.toBe(0);
    expect(badField.stderr).toContain('field label not supported: spec.bogus');
    // Beside the namespaces a cluster starts with.
    expect((await kubectl.ok(['get', 'namespaces', '-o', 'name'])).trim().split('\n')).toEqual([
      'namespace/alpha', 'namespace/beta', 'namespace/default', 'namespace/kube-node-lease', 'namespace/kube-public', 'namespace/kube-system',
    ]);
  });

  it('create -f creates every object of a manifest, and a second create fails with AlreadyExists', async () => {
    const manifest = kubectl.file(
      'create.yaml',
      `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: { app: web }
spec:
  containers:
  - name: c
    image: nginx:1.27
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  a: "1"
`,
    );
    const out = await kubectl.ok(['create', '-f', manifest]);
    expect(out).toContain('pod/web created');
    expect(out).toContain('configmap/settings created');
    const web = server.get<KubeObject & { spec: { containers: { image: string }[] } }>({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'web' });
    expect(web?.spec.containers[0]?.image).toBe('nginx:1.27');
    expect(web?.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(server.requests.some((r) => r.method === 'POST' && r.path === '/api/v1/namespaces/default/pods' && r.status === 201)).toBe(true);
    // Validation is on by default: kubectl read the OpenAPI documents without complaint.
    expect(server.requests.some((r) => r.path.startsWith('/openapi/v3') && r.status === 200)).toBe(true);

    const again = await kubectl.run(['create', '-f', manifest]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('pods "web" already exists');
    expect(again.stderr).toContain('AlreadyExists');
  });

  it('apply -f creates, then sends a strategic merge patch that keeps what other writers set', async () => {
    const path = '/apis/apps/v1/namespaces/default/deployments/api';
    const manifest = kubectl.file('deploy.yaml', deployment('api:1', { labels: 'app: api, stage: beta', env: '' }));
    expect(await kubectl.ok(['apply', '-f', manifest])).toContain('deployment.apps/api created');
    const created = server.get<Deployment>({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'api' });
    expect(created?.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toContain('"image":"api:1"');

    // Another writer (a controller, a person with kubectl edit) changes fields the manifest does not own.
    const edited = structuredClone(created!);
    edited.metadata.annotations = { ...edited.metadata.annotations, 'example.com/owner': 'team-a' };
    edited.spec.template.spec.containers[0]!.terminationMessagePath = '/var/log/done';
    server.update(edited);

    writeManifest(kubectl, 'deploy.yaml', deployment('api:2', { labels: 'app: api', env: '{ name: MODE, value: fast }' }));
    expect(await kubectl.ok(['apply', '-f', manifest])).toContain('deployment.apps/api configured');

    const patches = patchesOf(server, path);
    expect(patches).toHaveLength(1);
    expect(patches[0]).toMatchObject({ status: 200, verb: 'patch', contentType: 'application/strategic-merge-patch+json' });

    const applied = server.get<Deployment>({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'api' })!;
    const container = applied.spec.template.spec.containers;
    // The container list merged by name: the manifest's changes, the other writer's field kept.
    expect(container).toEqual([defaultedContainer({ name: 'app', image: 'api:2', env: [{ name: 'MODE', value: 'fast' }], terminationMessagePath: '/var/log/done' })]);
    // A label the manifest dropped is removed (three-way merge); an annotation it never had stays.
    expect(applied.metadata.labels).toEqual({ app: 'api' });
    expect(applied.metadata.annotations?.['example.com/owner']).toBe('team-a');
    expect(applied.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toContain('"image":"api:2"');
    expect(Number(applied.metadata.resourceVersion)).toBeGreaterThan(Number(created?.metadata.resourceVersion));
    expect(applied.metadata.generation).toBe(3);

    // Applying the same manifest again changes nothing.
    expect(await kubectl.ok(['apply', '-f', manifest])).toContain('deployment.apps/api unchanged');
    expect(server.get<Deployment>({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'api' })?.metadata.resourceVersion).toBe(applied.metadata.resourceVersion);
  });

  it('get -o json returns the stored object', async () => {
    const stored = server.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'api' })!;
    const got = JSON.parse(await kubectl.ok(['get', 'deployment', 'api', '-o', 'json'])) as Deployment;
    expect(got.kind).toBe('Deployment');
    expect(got.apiVersion).toBe('apps/v1');
    expect(got.metadata).toMatchObject({ name: 'api', namespace: 'default', uid: stored.metadata.uid, resourceVersion: stored.metadata.resourceVersion });
    expect(got.spec.replicas).toBe(2);
    // kubectl leaves managedFields out unless asked for them.
    const { managedFields, ...storedMetadata } = stored.metadata;
    expect((managedFields as { manager: string }[] | undefined)?.map((e) => e.manager)).toEqual(['kubectl-client-side-apply']);
    expect(got).toEqual({ ...stored, metadata: storedMetadata });
    const full = JSON.parse(await kubectl.ok(['get', 'deployment', 'api', '-o', 'json', '--show-managed-fields'])) as Deployment;
    expect(full).toEqual(stored);

    const missing = await kubectl.run(['get', 'deployment', 'nope', '-o', 'json']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('deployments.apps "nope" not found');
  });

  it('label adds, overwrites and removes labels', async () => {
    expect(await kubectl.ok(['label', 'pod', 'web', 'tier=front'])).toContain('pod/web labeled');
    const labels = (): Record<string, string> | undefined => server.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'web' })?.metadata.labels;
    expect(labels()).toEqual({ app: 'web', tier: 'front' });
    const refused = await kubectl.run(['label', 'pod', 'web', 'tier=back']);
    expect(refused.code).not.toBe(0);
    await kubectl.ok(['label', 'pod', 'web', 'tier=back', '--overwrite']);
    expect(labels()).toEqual({ app: 'web', tier: 'back' });
    await kubectl.ok(['label', 'pod', 'web', 'tier-']);
    expect(labels()).toEqual({ app: 'web' });
  });

  it('patch --type merge merges maps, and a patch of a missing object is NotFound', async () => {
    expect(await kubectl.ok(['patch', 'configmap', 'settings', '--type', 'merge', '-p', '{"data":{"b":"2"}}'])).toContain('configmap/settings patched');
    const settings = (): unknown => (server.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'settings' }) as { data?: unknown } | undefined)?.data;
    expect(settings()).toEqual({ a: '1', b: '2' });
    expect(patchesOf(server, '/api/v1/namespaces/default/configmaps/settings').at(-1)).toMatchObject({ status: 200, contentType: 'application/merge-patch+json' });
    // null removes a key (RFC 7386).
    await kubectl.ok(['patch', 'configmap', 'settings', '--type', 'merge', '-p', '{"data":{"a":null}}']);
    expect(settings()).toEqual({ b: '2' });
    await kubectl.ok(['patch', 'configmap', 'settings', '--type', 'json', '-p', '[{"op":"add","path":"/data/c","value":"3"}]']);
    expect(settings()).toEqual({ b: '2', c: '3' });

    const missing = await kubectl.run(['patch', 'configmap', 'nope', '--type', 'merge', '-p', '{"data":{"b":"2"}}']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('configmaps "nope" not found');
  });

  it('delete removes objects, and waits for finalizers to be released', async () => {
    expect(await kubectl.ok(['delete', 'pod', 'web'])).toContain('pod "web" deleted');
    expect(server.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'web' })).toBeUndefined();
    const again = await kubectl.run(['delete', 'pod', 'web']);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('pods "web" not found');

    // With a finalizer the object stays (with a deletionTimestamp) and kubectl waits, watching it,
    // until a controller removes the finalizer.
    server.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', namespace: 'default', finalizers: ['example.com/hold'] } });
    const since = server.requests.length;
    const deleting = kubectl.run(['delete', 'configmap', 'held', '--timeout=20s'], { timeoutMs: 25_000 });
    await watchOpened(server, '/api/v1/namespaces/default/configmaps', since);
    const held = server.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'held' });
    expect(held?.metadata.deletionTimestamp).toBeDefined();
    const watch = server.requests.slice(since).find((r) => r.verb === 'watch');
    expect(watch?.query.fieldSelector).toBe('metadata.name=held');
    server.update({ ...held!, metadata: { ...held!.metadata, finalizers: [] } });
    const done = await deleting;
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain('configmap "held" deleted');
    expect(server.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'held' })).toBeUndefined();
  });

  it('get -w prints the changes made while it watches', async () => {
    createNamespaces(server, 'watched', 'elsewhere');
    server.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'w-0', namespace: 'watched' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
    const since = server.requests.length;
    const watch = kubectl.stream(['get', 'pods', '-n', 'watched', '-w', '--output-watch-events']);
    try {
      await watch.waitFor((lines) => lines.some((l) => /^ADDED\s+w-0\s/.test(l)));
      await watchOpened(server, '/api/v1/namespaces/watched/pods', since);

      server.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'w-1', namespace: 'watched' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
      const w1 = server.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'watched', name: 'w-1' })!;
      server.update({ ...w1, metadata: { ...w1.metadata, labels: { touched: 'yes' } } });
      server.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'watched', name: 'w-0' });
      server.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'w-2', namespace: 'elsewhere' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });

      const lines = await watch.waitFor((ls) => ls.some((l) => /^DELETED\s+w-0\s/.test(l)));
      const events = lines.filter((l) => !l.startsWith('EVENT')).map((l) => l.split(/\s+/).slice(0, 2).join(' '));
      // The deleted pod is marked (no node runs it: a grace period of 0), then removed.
      expect(events).toEqual(['ADDED w-0', 'ADDED w-1', 'MODIFIED w-1', 'MODIFIED w-0', 'DELETED w-0']);
      expect(lines[0]).toMatch(/^EVENT\s+NAME\s+READY\s+STATUS/);
    } finally {
      await watch.kill();
    }
  });

  it('api-resources lists the built-in kinds and a CRD once created; get and apply work on the custom kind', async () => {
    const before = await kubectl.ok(['api-resources', '--no-headers']);
    expect(before).toMatch(/^pods\s+po\s+v1\s+true\s+Pod$/m);
    expect(before).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    expect(before).toMatch(/^namespaces\s+ns\s+v1\s+false\s+Namespace$/m);
    expect(before).not.toContain('widgets');

    expect(await kubectl.ok(['create', '-f', kubectl.file('crd.yaml', WIDGET_CRD)])).toContain('customresourcedefinition.apiextensions.k8s.io/widgets.example.com created');
    // Discovery is cached per host:port in --cache-dir; kubectl refreshes it when it meets an unknown kind.
    expect(await kubectl.ok(['api-resources', '--api-group=example.com', '--no-headers'])).toMatch(/^widgets\s+wd\s+example\.com\/v1\s+true\s+Widget$/m);

    const widget = kubectl.file('widget.yaml', 'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w1 }\nspec: { size: 3 }\n');
    expect(await kubectl.ok(['apply', '-f', widget])).toContain('widget.example.com/w1 created');
    writeManifest(kubectl, 'widget.yaml', 'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w1 }\nspec: { size: 4, color: blue }\n');
    expect(await kubectl.ok(['apply', '-f', widget])).toContain('widget.example.com/w1 configured');
    // Custom kinds have no strategic merge: kubectl falls back to a JSON merge patch.
    expect(patchesOf(server, '/apis/example.com/v1/namespaces/default/widgets/w1')).toEqual([
      expect.objectContaining({ status: 200, contentType: 'application/merge-patch+json' }),
    ]);

    const table = (await kubectl.ok(['get', 'wd'])).trim().split('\n');
    expect(table[0]).toMatch(/^NAME\s+AGE/);
    expect(table.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(['w1']);
    const got = JSON.parse(await kubectl.ok(['get', 'widget', 'w1', '-o', 'json'])) as KubeObject & { spec: unknown };
    expect(got).toMatchObject({ apiVersion: 'example.com/v1', kind: 'Widget', spec: { size: 4, color: 'blue' } });
    expect(server.list({ apiVersion: 'example.com/v1', kind: 'Widget', namespace: 'default' }).map((w) => w.metadata.name)).toEqual(['w1']);
  });
});

describe.skipIf(kubectlPath === undefined)(`${suiteName}: TLS and a bearer token`, () => {
  let server: FakeApiServer;
  let kubectl: Kubectl;
  let stranger: Kubectl;

  beforeAll(async () => {
    server = await startServer({ tls: true, token: 'open-sesame' });
    kubectl = createKubectl(binary, server.kubeconfig());
    stranger = createKubectl(binary, server.kubeconfig().replace('token: "open-sesame"', 'token: "wrong"'));
  });
  afterAll(async () => {
    kubectl.dispose();
    stranger.dispose();
    await server.close();
  });

  it('talks https with the kubeconfig CA and sends the token', async () => {
    expect(server.url).toMatch(/^https:/);
    const manifest = kubectl.file('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: secure }\ndata: { k: v }\n');
    expect(await kubectl.ok(['apply', '-f', manifest])).toContain('configmap/secure created');
    expect((await kubectl.ok(['get', 'configmaps', '-o', 'name'])).trim()).toBe('configmap/secure');
    expect(server.requests.some((r) => r.status === 401)).toBe(false);
  });

  it('is refused with 401 Unauthorized with the wrong token', async () => {
    const result = await stranger.run(['get', 'configmaps']);
    expect(result.code).not.toBe(0);
    // kubectl words a 401 on discovery this way against a real cluster too.
    expect(result.stderr).toContain('You must be logged in to the server');
    expect(server.requests.some((r) => r.status === 401)).toBe(true);
  });
});

// Outputs compared with kubectl v1.32.4 against kube-apiserver v1.37.2 given the same manifests.
describe.skipIf(kubectlPath === undefined)(`${suiteName}: field validation and explain`, () => {
  let server: FakeApiServer;
  let kubectl: Kubectl;
  const BAD_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: bad
  namespace: default
spec:
  replicsa: 2
  selector:
    matchLabels: { app: bad }
  template:
    metadata:
      labels: { app: bad }
    spec:
      containers:
      - name: app
        image: nginx
        imagePullPolicyy: Always
`;

  servedWithKubectl((s, k) => {
    server = s;
    kubectl = k;
  });

  it('explain prints the description of a built-in field from the served OpenAPI schema', async () => {
    const out = await kubectl.ok(['explain', 'deployment.spec.replicas']);
    expect(out).toContain('FIELD: replicas <integer>');
    expect(out.replace(/\s+/g, ' ')).toContain(
      'DESCRIPTION: Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.',
    );
  });

  it('explain prints the fields and descriptions of a custom resource from its CRD schema', async () => {
    const crd = kubectl.file('gizmo-crd.yaml', `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: gizmos.example.com }
spec:
  group: example.com
  scope: Namespaced
  names: { kind: Gizmo, listKind: GizmoList, plural: gizmos, singular: gizmo }
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            description: What the gizmo should be.
            properties:
              size: { type: integer, description: How big. }
`);
    await kubectl.ok(['apply', '-f', crd]);
    const out = await kubectl.ok(['explain', 'gizmo.spec.size']);
    expect(out).toContain('FIELD: size <integer>');
    expect(out.replace(/\s+/g, ' ')).toContain('DESCRIPTION: How big.');
    const strict = await kubectl.run(['create', '--validate=strict', '-f', kubectl.file('gizmo.yaml', 'apiVersion: example.com/v1\nkind: Gizmo\nmetadata: { name: g, namespace: default }\nspec: { size: 1, colour: red }\n')]);
    expect(strict.code).toBe(1);
    expect(strict.stderr.trim()).toBe(
      'Error from server (BadRequest): error when creating "' + join(kubectl.dir, 'gizmo.yaml') + '": Gizmo in version "v1" cannot be handled as a Gizmo: strict decoding error: unknown field "spec.colour"',
    );
  });

  it('create --validate=strict is refused by the server with its strict decoding error', async () => {
    const manifest = kubectl.file('bad.yaml', BAD_DEPLOYMENT);
    const result = await kubectl.run(['create', '--validate=strict', '-f', manifest]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `Error from server (BadRequest): error when creating "${manifest}": Deployment in version "v1" cannot be handled as a Deployment: ` +
        'strict decoding error: unknown field "spec.replicsa", unknown field "spec.template.spec.containers[0].imagePullPolicyy"',
    );
    expect(server.requests.some((r) => r.method === 'POST' && r.query.fieldValidation === 'Strict')).toBe(true);
    expect(server.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'bad' })).toBeUndefined();
  });

  it('create --validate=warn creates the object without the unknown fields and prints the warnings', async () => {
    const manifest = kubectl.file('bad-warn.yaml', BAD_DEPLOYMENT);
    const result = await kubectl.run(['create', '--validate=warn', '-f', manifest]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('deployment.apps/bad created');
    expect(result.stderr.trim().split('\n')).toEqual([
      'Warning: unknown field "spec.replicsa"',
      'Warning: unknown field "spec.template.spec.containers[0].imagePullPolicyy"',
    ]);
    const stored = server.get<KubeObject & { spec: Record<string, unknown> & { template: { spec: { containers: Record<string, unknown>[] } } } }>({
      apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'bad',
    });
    expect(stored?.spec.replicsa).toBeUndefined();
    expect(stored?.spec.template.spec.containers[0]).toEqual(defaultedContainer({ name: 'app', image: 'nginx' }));
  });

  it('apply with a duplicated field: kubectl keeps the last value before sending, as against a cluster', async () => {
    const manifest = kubectl.file('dup.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\n  namespace: default\ndata:\n  a: "1"\n  a: "2"\n');
    const result = await kubectl.run(['apply', '-f', manifest]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('configmap/dup created');
    expect(result.stderr).toBe('');
    expect(server.get<KubeObject & { data: Record<string, string> }>({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'dup' })?.data).toEqual({ a: '2' });
  });
});

function writeManifest(kubectl: Kubectl, name: string, content: string): void {
  kubectl.file(name, content);
}

// kubectl 1.32 sends `kubectl create <kind>` bodies in protobuf (Content-Type
// application/vnd.kubernetes.protobuf, Accept application/vnd.kubernetes.protobuf,application/json)
// and reads the protobuf answer; `get` and `delete` use JSON. The expected objects are what
// kube-apiserver v1.37.2 stored for the same commands, less what its defaulting adds (issue 13).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- YAML printed by kubectl, read in assertions
type YamlValue = any;

describe.skipIf(kubectlPath === undefined)(`${suiteName}: kubectl create sends protobuf`, () => {
  let server: FakeApiServer;
  let kubectl: Kubectl;

  servedWithKubectl((s, k) => {
    server = s;
    kubectl = k;
  });

  const PROTOBUF = 'application/vnd.kubernetes.protobuf';
  const created = (path: string): RequestRecord | undefined =>
    server.requests.find((r) => r.method === 'POST' && r.path === path && r.status === 201);
  const yamlOf = async (what: string): Promise<YamlValue> => parseYaml(await kubectl.ok(['get', what, '-n', 'shop', '-o', 'yaml']));

  it('create namespace, deployment, configmap, secret and service, then get -o yaml each and delete them', async () => {
    expect((await kubectl.ok(['create', 'namespace', 'shop'])).trim()).toBe('namespace/shop created');
    expect(created('/api/v1/namespaces')?.contentType).toBe(PROTOBUF);
    const commands: [string[], string, string][] = [
      [['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2'], 'deployment.apps/web created', '/apis/apps/v1/namespaces/shop/deployments'],
      [['create', 'configmap', 'settings', '--from-literal=mode=fast', '--from-literal=level=3'], 'configmap/settings created', '/api/v1/namespaces/shop/configmaps'],
      [['create', 'secret', 'generic', 'creds', '--from-literal=password=s3cr3t'], 'secret/creds created', '/api/v1/namespaces/shop/secrets'],
      [['create', 'service', 'clusterip', 'api', '--tcp=80:8080'], 'service/api created', '/api/v1/namespaces/shop/services'],
    ];
    for (const [args, out, path] of commands) {
      expect((await kubectl.ok([...args, '-n', 'shop'])).trim()).toBe(out);
      expect(created(path)?.contentType, path).toBe(PROTOBUF);
    }

    const ns: YamlValue = parseYaml(await kubectl.ok(['get', 'namespace', 'shop', '-o', 'yaml']));
    expect(ns).toMatchObject({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });

    const web = await yamlOf('deployment/web');
    expect(web).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' }, generation: 1 } });
    // kube-apiserver also shows `status: {}` (it resets the status of a new Deployment to an empty one).
    expect(web.spec).toMatchObject({ replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } } } });
    expect(web.spec.template.spec.containers).toEqual([expect.objectContaining({ name: 'nginx', image: 'nginx:1.27', resources: {} })]);

    const settings = await yamlOf('configmap/settings');
    expect(settings).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', data: { level: '3', mode: 'fast' }, metadata: { name: 'settings', namespace: 'shop' } });

    const creds = await yamlOf('secret/creds');
    expect(creds).toMatchObject({ apiVersion: 'v1', kind: 'Secret', data: { password: Buffer.from('s3cr3t').toString('base64') } });
    // kube-apiserver also shows `type: Opaque`: kubectl sends no type and the server defaults it.

    const api = await yamlOf('service/api');
    expect(api).toMatchObject({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api', namespace: 'shop', labels: { app: 'api' } },
      spec: { ports: [{ name: '80-8080', port: 80, protocol: 'TCP', targetPort: 8080 }], selector: { app: 'api' }, type: 'ClusterIP' },
    });
    // kube-apiserver also shows `status: { loadBalancer: {} }` and the defaults it fills in (clusterIP, ipFamilies, …).

    // What kubectl read back in protobuf is what the server stored.
    expect(web.metadata.uid).toBe(server.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' })?.metadata.uid);

    const deletions: [string, string][] = [
      ['configmap/settings', 'configmap "settings" deleted'], ['secret/creds', 'secret "creds" deleted'],
      ['service/api', 'service "api" deleted'], ['deployment/web', 'deployment.apps "web" deleted'],
    ];
    for (const [what, out] of deletions) {
      expect((await kubectl.ok(['delete', what, '-n', 'shop'])).trim()).toBe(out);
    }
    expect(server.list({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop' })).toEqual([]);
    expect((await kubectl.ok(['delete', 'namespace', 'shop'])).trim()).toBe('namespace "shop" deleted');
  });

  it('explain reads /openapi/v2 in protobuf (--output=plaintext-openapiv2)', async () => {
    const out = await kubectl.ok(['explain', 'configmap.data', '--output=plaintext-openapiv2']);
    expect(server.requests.some((r) => r.path === '/openapi/v2' && r.status === 200)).toBe(true);
    // kube-apiserver v1.37.2: the same first lines.
    expect(out.split('\n').slice(0, 4)).toEqual(['KIND:     ConfigMap', 'VERSION:  v1', '', 'FIELD:    data <map[string]string>']);
    expect(out).toContain('Data contains the configuration data.');
  });

  it('create and patch print a 422 cause by cause, as against a cluster', async () => {
    const manifest = `apiVersion: apps/v1
kind: Deployment
metadata: { name: invalid, namespace: default }
spec:
  replicas: -1
  selector:
    matchLabels: { app: api }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
      - name: Web_1
        image: nginx
`;
    const created = await kubectl.run(['create', '-f', '-'], { stdin: manifest });
    expect(created.code).toBe(1);
    // kube-apiserver v1.37.2 with kubectl v1.32.4: the same lines.
    expect(created.stderr.trim().split('\n')).toEqual([
      'The Deployment "invalid" is invalid: ',
      '* spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      '* spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
      "* spec.template.spec.containers[0].name: Invalid value: \"Web_1\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
    expect(server.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'invalid' })).toBeUndefined();

    await kubectl.ok(['create', 'deployment', 'keep', '--image=nginx']);
    const patched = await kubectl.run(['patch', 'deployment', 'keep', '--type', 'merge', '-p', '{"spec":{"selector":{"matchLabels":{"app":"x"}},"template":{"metadata":{"labels":{"app":"x"}}}}}']);
    expect(patched.code).toBe(1);
    expect(patched.stderr.trim()).toBe('The Deployment "keep" is invalid: spec.selector: Invalid value: {"matchLabels":{"app":"x"}}: field is immutable');
  });

  it('create fails as against a cluster: AlreadyExists read from a protobuf Status', async () => {
    server.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dup', namespace: 'default' } });
    const again = await kubectl.run(['create', 'configmap', 'dup', '--from-literal=a=b']);
    expect(again.code).toBe(1);
    // kube-apiserver v1.37.2: the same line.
    expect(again.stderr.trim()).toBe('error: failed to create configmap: configmaps "dup" already exists');
  });
});

// Outputs compared with kubectl v1.32.4 against kube-apiserver v1.37.2 given the same manifests.
describe.skipIf(kubectlPath === undefined)(`${suiteName}: server-side apply and managedFields`, () => {
  let server: FakeApiServer;
  let kubectl: Kubectl;
  const CONFLICT_ADVICE = `Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the \`--force-conflicts\` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts`;

  interface Entry { manager: string; operation: string; apiVersion: string; fieldsType: string; fieldsV1: unknown; time?: string }

  /** The stored ConfigMap's resourceVersion, managedFields (times left out) and data. */
  function stored(name: string): { rv: string | undefined; managed: Omit<Entry, 'time'>[]; data: unknown } {
    const obj = server.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name });
    // An entry a client wrote without a time keeps none (kubectl's migration writes one so).
    const managed = ((obj?.metadata.managedFields ?? []) as Entry[]).map(({ time, ...rest }) => {
      if (time !== undefined) expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      return rest;
    });
    return { rv: obj?.metadata.resourceVersion, managed, data: (obj as { data?: unknown } | undefined)?.data };
  }

  const entry = (manager: string, operation: string, fieldsV1: unknown): Omit<Entry, 'time'> =>
    ({ apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1, manager, operation });

  servedWithKubectl((s, k) => {
    server = s;
    kubectl = k;
  });

  it('apply --server-side creates, re-applies without a change, fails on a conflict and takes fields over with --force-conflicts', async () => {
    const mine = kubectl.file('ssa.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\n  labels: { app: demo }\ndata:\n  a: "1"\n  b: "2"\n');
    const theirs = kubectl.file('ssa-other.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: "9"\n  c: "3"\n');
    const since = server.requests.length;
    expect(await kubectl.ok(['apply', '--server-side', '-f', mine])).toBe('configmap/ssa serverside-applied\n');
    expect(server.requests.slice(since).filter((r) => r.method === 'PATCH')).toMatchObject([{
      path: '/api/v1/namespaces/default/configmaps/ssa',
      query: { fieldManager: 'kubectl', fieldValidation: 'Strict', force: 'false' },
      contentType: 'application/apply-patch+yaml',
      status: 201,
    }]);
    const created = stored('ssa');
    expect(created.managed).toEqual([entry('kubectl', 'Apply', { 'f:data': { 'f:a': {}, 'f:b': {} }, 'f:metadata': { 'f:labels': { 'f:app': {} } } })]);

    expect(await kubectl.ok(['apply', '--server-side', '-f', mine])).toBe('configmap/ssa serverside-applied\n');
    expect(stored('ssa')).toEqual(created);

    const conflict = await kubectl.run(['apply', '--server-side', '--field-manager=other', '-f', theirs]);
    expect(conflict.code).toBe(1);
    expect(conflict.stdout).toBe('');
    expect(conflict.stderr.trim()).toBe(`error: Apply failed with 1 conflict: conflict with "kubectl": .data.a\n${CONFLICT_ADVICE}`);
    expect(stored('ssa')).toEqual(created);

    expect(await kubectl.ok(['apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', theirs])).toBe('configmap/ssa serverside-applied\n');
    expect(stored('ssa')).toMatchObject({
      managed: [
        entry('kubectl', 'Apply', { 'f:data': { 'f:b': {} }, 'f:metadata': { 'f:labels': { 'f:app': {} } } }),
        entry('other', 'Apply', { 'f:data': { 'f:a': {}, 'f:c': {} } }),
      ],
      data: { a: '9', b: '2', c: '3' },
    });
  });

  it('apply --server-side --dry-run=server answers as the apply would and stores nothing', async () => {
    const before = stored('ssa');
    const mine = join(kubectl.dir, 'ssa.yaml');
    const conflict = await kubectl.run(['apply', '--server-side', '--dry-run=server', '-f', mine]);
    expect(conflict.code).toBe(1);
    expect(conflict.stderr.trim()).toBe(`error: Apply failed with 1 conflict: conflict with "other": .data.a\n${CONFLICT_ADVICE}`);
    const forced = JSON.parse(await kubectl.ok(['apply', '--server-side', '--dry-run=server', '--force-conflicts', '-f', mine, '-o', 'json'])) as KubeObject & { data: unknown };
    expect(forced.data).toEqual({ a: '1', b: '2', c: '3' });
    // kubectl prints objects without managedFields unless asked.
    expect(forced.metadata).not.toHaveProperty('managedFields');
    expect(stored('ssa')).toEqual(before);

    const fresh = kubectl.file('fresh.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fresh\ndata:\n  k: v\n');
    expect(await kubectl.ok(['apply', '--server-side', '--dry-run=server', '-f', fresh])).toBe('configmap/fresh serverside-applied (server dry run)\n');
    const missing = await kubectl.run(['get', 'configmap', 'fresh']);
    expect(missing.stderr.trim()).toBe('Error from server (NotFound): configmaps "fresh" not found');
  });

  it('apply --server-side of a Deployment: a conflict on a container in the list keyed by name', async () => {
    const deployment = (image: string, replicas: string): string =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ssa-web\nspec:\n${replicas}  selector:\n    matchLabels: { app: ssa-web }\n  template:\n    metadata:\n      labels: { app: ssa-web }\n    spec:\n      containers:\n      - name: app\n        image: ${image}\n`;
    expect(await kubectl.ok(['apply', '--server-side', '-f', kubectl.file('d1.yaml', deployment('web:1', '  replicas: 1\n'))])).toBe('deployment.apps/ssa-web serverside-applied\n');
    const conflict = await kubectl.run(['apply', '--server-side', '--field-manager=ci', '-f', kubectl.file('d2.yaml', deployment('web:2', ''))]);
    expect(conflict.code).toBe(1);
    expect(conflict.stderr.trim()).toBe(`error: Apply failed with 1 conflict: conflict with "kubectl": .spec.template.spec.containers[name="app"].image\n${CONFLICT_ADVICE}`);
  });

  it('apply --server-side after a client-side apply takes the fields over as kubectl migrates them', async () => {
    const first = kubectl.file('mig1.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mig\ndata:\n  a: "1"\n  b: "2"\n');
    const second = kubectl.file('mig2.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mig\ndata:\n  a: "5"\n');
    expect(await kubectl.ok(['apply', '-f', first])).toBe('configmap/mig created\n');
    expect(await kubectl.ok(['apply', '--server-side', '-f', second])).toBe('configmap/mig serverside-applied\n');
    expect(stored('mig')).toMatchObject({
      managed: [
        entry('kubectl-last-applied', 'Apply', { 'f:metadata': { 'f:annotations': { 'f:kubectl.kubernetes.io/last-applied-configuration': {} } } }),
        entry('kubectl', 'Apply', { 'f:data': { 'f:a': {} } }),
      ],
      data: { a: '5' },
    });
    const migrated = server.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'mig' });
    expect((migrated?.metadata.managedFields as Entry[] | undefined)?.map((e) => e.time === undefined)).toEqual([true, false]);
    const annotations = migrated?.metadata.annotations;
    expect(annotations).toEqual({
      'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"v1","data":{"a":"5"},"kind":"ConfigMap","metadata":{"name":"mig","namespace":"default"}}\n',
    });
  });

  it('create -f and client-side apply -f are recorded as kubectl-create and kubectl-client-side-apply', async () => {
    const fresh = join(kubectl.dir, 'fresh.yaml');
    expect(await kubectl.ok(['create', '-f', fresh])).toBe('configmap/fresh created\n');
    expect(stored('fresh').managed).toEqual([entry('kubectl-create', 'Update', { 'f:data': { '.': {}, 'f:k': {} } })]);
    await kubectl.ok(['delete', 'configmap', 'fresh']);
    expect(await kubectl.ok(['apply', '-f', fresh])).toBe('configmap/fresh created\n');
    expect(stored('fresh').managed).toEqual([entry('kubectl-client-side-apply', 'Update', {
      'f:data': { '.': {}, 'f:k': {} },
      'f:metadata': { 'f:annotations': { '.': {}, 'f:kubectl.kubernetes.io/last-applied-configuration': {} } },
    })]);
    const yaml = await kubectl.ok(['get', 'configmap', 'fresh', '-o', 'yaml', '--show-managed-fields']);
    expect(yaml).toContain('    manager: kubectl-client-side-apply\n    operation: Update\n');
  });
});

describe.skipIf(kubectlPath === undefined)(`${suiteName}: kubectl scale`, () => {
  let server: FakeApiServer;
  let kubectl: Kubectl;

  servedWithKubectl((s, k) => {
    server = s;
    kubectl = k;
  });

  it('scale deployment/x --replicas=3 writes through /scale; --current-replicas is checked', async () => {
    await kubectl.ok(['apply', '-f', '-'], { stdin: deployment('nginx:1.27', { labels: 'app: api', env: '' }) });
    const since = server.requests.length;
    expect((await kubectl.ok(['scale', 'deployment/api', '--replicas=3'])).trim()).toBe('deployment.apps/api scaled');
    const scaleWrites = server.requests.slice(since).filter((r) => r.path === '/apis/apps/v1/namespaces/default/deployments/api/scale' && r.method !== 'GET');
    expect(scaleWrites.map((r) => r.status)).toEqual([200]);
    const scaled = server.get<Deployment>({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'api' });
    expect(scaled?.spec.replicas).toBe(3);
    expect(scaled?.metadata.generation).toBe(2);
    expect(scaled?.metadata.managedFields?.[0]).toMatchObject({ manager: 'kubectl', operation: 'Update', subresource: 'scale' });

    const refused = await kubectl.run(['scale', 'deployment/api', '--current-replicas=2', '--replicas=5']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('Expected replicas to be 2, was 3');
    expect((await kubectl.ok(['scale', 'deployment/api', '--current-replicas=3', '--replicas=5'])).trim()).toBe('deployment.apps/api scaled');
    expect(server.get<Deployment>({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'api' })?.spec.replicas).toBe(5);
  });
});
