// Protobuf as client-go and kubectl send it: create/get/list/watch/update/delete-with-options of
// ConfigMap, Secret, Deployment and Namespace, protobuf errors (404/409/422), and custom resources
// (protobuf Accept answered in JSON, protobuf body 415). Compared: status, content type, and
// the decoded objects' written fields and managedFields (no defaults, no generation).
import { events, items, objectWith, pick } from '../project.js';
import type { Scenario, Step } from '../scenario.js';
import { cmPath, configMap, crdSteps, deployment, deployPath, namespaceStep, PROTOBUF, rvOf, secretPath, widget, widgetPath } from './common.js';

/** What client-go's default clientset sends for built-in kinds. */
const clientGo = { Accept: `${PROTOBUF}, application/json`, 'Content-Type': PROTOBUF, 'User-Agent': 'conformance.test/v0.0.0 (linux/amd64) kubernetes/$Format' };
const clientGoRead = { Accept: `${PROTOBUF}, application/json`, 'User-Agent': clientGo['User-Agent'] };

const cmShown = objectWith('data');
const secretShown = objectWith('data', 'type');
// Deployments: the written fields only; their defaults (strategy, container policies…) and the
// managedFields that list them belong to the defaulting work.
const deployPicked = pick('apiVersion', 'kind', 'metadata.name', 'metadata.namespace', 'metadata.labels', 'spec.replicas', 'spec.selector', 'spec.template.metadata');
const deployShown = (body: unknown): unknown => {
  const containers = (body as { spec?: { template?: { spec?: { containers?: { name?: unknown; image?: unknown }[] } } } }).spec?.template?.spec?.containers;
  return { ...(deployPicked(body) as object), containers: containers?.map((c) => ({ name: c.name, image: c.image })) };
};
// Namespaces: who wrote them; the kubernetes.io/metadata.name label (and the managedFields entry
// for it) belongs to the defaulting work.
const namespaceShown = (body: unknown): unknown => {
  const o = body as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; managedFields?: { manager?: unknown; operation?: unknown; apiVersion?: unknown }[] } };
  return { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata?.name, managers: o.metadata?.managedFields?.map((m) => ({ manager: m.manager, operation: m.operation, apiVersion: m.apiVersion })) };
};

const leasePath = '/apis/coordination.k8s.io/v1/namespaces/{ns}/leases';
const lease = (transitions: number, renewTime: string): Record<string, unknown> => ({
  apiVersion: 'coordination.k8s.io/v1',
  kind: 'Lease',
  metadata: { name: 'leader' },
  spec: { holderIdentity: 'pod-a_1234', leaseDurationSeconds: 15, acquireTime: '2026-01-02T03:04:05.123456Z', renewTime, leaseTransitions: transitions },
});
// MicroTime fields compare by their shape (microseconds kept), like every time.
const leaseShown = objectWith('spec');

/** A page of a list: its kind, item names, whether it has a continue token (opaque), and remainingItemCount. */
const pageShown = (body: unknown): unknown => {
  const list = body as { kind?: unknown; metadata?: { continue?: string; remainingItemCount?: unknown }; items?: { metadata?: { name?: unknown } }[] };
  return {
    kind: list.kind,
    names: list.items?.map((i) => i.metadata?.name),
    continues: (list.metadata?.continue ?? '') !== '',
    remainingItemCount: list.metadata?.remainingItemCount,
  };
};

/** A Namespace's kind, name and labels but the one kube-apiserver adds (kubernetes.io/metadata.name). */
const namespaceLabels = (body: unknown): unknown => {
  const o = body as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; labels?: Record<string, string> } };
  const labels = Object.entries(o.metadata?.labels ?? {}).filter(([k]) => k !== 'kubernetes.io/metadata.name');
  return { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata?.name, labels: Object.fromEntries(labels) };
};

/** "k8s\0" and an empty runtime.Unknown. */
const envelope = new Uint8Array([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x00]);

const deleteOptions = { apiVersion: 'meta.k8s.io/v1', kind: 'DeleteOptions', propagationPolicy: 'Background' };

function crud(kind: string, path: string, object: (name: string, v: number) => Record<string, unknown>, shown: (b: unknown) => unknown): Scenario {
  const steps: Step[] = [
    namespaceStep,
    { name: 'create', method: 'POST', path, headers: clientGo, body: { protobuf: object('obj', 1) }, expect: shown },
    { name: 'get', method: 'GET', path: `${path}/obj`, headers: clientGoRead, expect: shown },
    { name: 'list', method: 'GET', path, headers: clientGoRead, expect: items(shown) },
    {
      name: 'update',
      method: 'PUT',
      path: `${path}/obj`,
      headers: clientGo,
      body: (ctx) => {
        const o = object('obj', 2) as { metadata: Record<string, unknown> };
        return { protobuf: { ...o, metadata: { ...o.metadata, resourceVersion: rvOf(ctx.answers.create) } } };
      },
      expect: shown,
    },
    // The body of a DELETE (the object or a Status) belongs to the lifecycle work: status and type only.
    { name: 'delete', method: 'DELETE', path: `${path}/obj`, headers: clientGo, body: { protobuf: deleteOptions }, expect: 'none' },
    {
      name: 'watch',
      method: 'GET',
      path,
      query: (ctx) => ({ watch: 'true', resourceVersion: rvOf(ctx.answers.create) }),
      headers: clientGoRead,
      watchEvents: 2,
      expect: events(pick('apiVersion', 'kind', 'metadata.name', ...(kind === 'Deployment' ? ['spec.replicas'] : ['data']))),
    },
    { name: 'get-deleted', method: 'GET', path: `${path}/obj`, headers: clientGoRead },
  ];
  return { name: `protobuf-crud-${kind.toLowerCase()}`, area: 'protobuf', description: `${kind}: create, get, list, update, delete with DeleteOptions, watch, in protobuf`, steps };
}

export const protobufScenarios: readonly Scenario[] = [
  crud('ConfigMap', cmPath, (name, v) => configMap(name, { a: String(v), empty: '' }, { metadata: { name, labels: { v: String(v) } } }), cmShown),
  crud('Secret', secretPath, (name, v) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name }, type: 'Opaque', data: { token: Buffer.from(`s3cr3t-${v}`).toString('base64'), bin: 'AAEC/w==' } }), secretShown),
  crud('Deployment', deployPath, (name, v) => deployment(name, v), deployShown),
  {
    name: 'protobuf-namespace',
    area: 'protobuf',
    description: 'Namespace created, read and listed in protobuf (as `kubectl create namespace` does)',
    steps: [
      { name: 'create', method: 'POST', path: '/api/v1/namespaces', headers: { ...clientGo, 'User-Agent': 'kubectl-create/v1.32.4 (linux/amd64) kubernetes/1234567' }, body: (ctx) => ({ protobuf: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ctx.ns } } }), expect: namespaceShown },
      { name: 'get', method: 'GET', path: '/api/v1/namespaces/{ns}', headers: clientGoRead, expect: namespaceShown },
      { name: 'list', method: 'GET', path: '/api/v1/namespaces', query: { fieldSelector: 'metadata.name={ns}' }, headers: clientGoRead, expect: items(namespaceShown) },
    ],
  },
  {
    name: 'protobuf-watch-list',
    area: 'protobuf',
    description: 'a streaming list in protobuf as client-go\'s informers ask for it: initial ADDED events, then the initial-events-end BOOKMARK',
    steps: [
      namespaceStep,
      { name: 'create-a', method: 'POST', path: cmPath, body: { json: configMap('a', { x: '1' }) }, expect: 'none' },
      { name: 'create-b', method: 'POST', path: cmPath, body: { json: configMap('b', { y: '2' }) }, expect: 'none' },
      {
        name: 'watch-list',
        method: 'GET',
        path: cmPath,
        query: { watch: '1', sendInitialEvents: 'true', resourceVersionMatch: 'NotOlderThan', allowWatchBookmarks: 'true' },
        headers: clientGoRead,
        watchEvents: 3,
        expect: events(pick('apiVersion', 'kind', 'metadata.name', 'metadata.annotations', 'metadata.resourceVersion', 'data')),
      },
    ],
  },
  {
    name: 'protobuf-kubectl-create',
    area: 'protobuf',
    description: 'the request `kubectl create configmap --from-literal` sends: protobuf, fieldManager=kubectl-create, fieldValidation=Strict',
    steps: [
      namespaceStep,
      {
        name: 'create',
        method: 'POST',
        path: cmPath,
        query: { fieldManager: 'kubectl-create', fieldValidation: 'Strict' },
        headers: { ...clientGo, 'User-Agent': 'kubectl/v1.32.4 (linux/amd64) kubernetes/1234567' },
        body: { protobuf: configMap('cfg', { key: 'value' }) },
        expect: cmShown,
      },
    ],
  },
  {
    name: 'protobuf-list-pages',
    area: 'protobuf',
    description: 'a list in pages in protobuf, as client-go\'s pager asks for it: limit, continue, remainingItemCount',
    steps: [
      namespaceStep,
      ...['a', 'b', 'c'].map((name): Step => ({ name: `create-${name}`, method: 'POST', path: cmPath, body: { json: configMap(name, { k: name }) }, expect: 'none' })),
      { name: 'page-1', method: 'GET', path: cmPath, query: { limit: '2' }, headers: clientGoRead, expect: pageShown },
      {
        name: 'page-2',
        method: 'GET',
        path: cmPath,
        query: (ctx) => ({ limit: '2', continue: (ctx.answers['page-1']?.body as { metadata?: { continue?: string } } | undefined)?.metadata?.continue ?? '' }),
        headers: clientGoRead,
        expect: pageShown,
      },
    ],
  },
  {
    name: 'protobuf-lease',
    area: 'protobuf',
    description: 'a Lease as client-go\'s leader election writes it in protobuf: MicroTime fields, then renewed; read back in protobuf and in JSON',
    steps: [
      namespaceStep,
      { name: 'create', method: 'POST', path: leasePath, headers: clientGo, body: { protobuf: lease(1, '2026-01-02T03:04:05.123456Z') }, expect: leaseShown },
      {
        name: 'renew',
        method: 'PUT',
        path: `${leasePath}/leader`,
        headers: clientGo,
        body: (ctx) => {
          const l = lease(1, '2026-01-02T03:04:15.000001Z') as { metadata: Record<string, unknown> };
          return { protobuf: { ...l, metadata: { ...l.metadata, resourceVersion: rvOf(ctx.answers.create) } } };
        },
        expect: leaseShown,
      },
      { name: 'get-protobuf', method: 'GET', path: `${leasePath}/leader`, headers: clientGoRead, expect: leaseShown },
      { name: 'get-json', method: 'GET', path: `${leasePath}/leader`, expect: leaseShown },
    ],
  },
  {
    name: 'protobuf-delete-options',
    area: 'protobuf',
    description: 'DeleteOptions in protobuf: dryRun keeps the object, a stale resourceVersion precondition is a 409, a matching one deletes',
    steps: [
      namespaceStep,
      { name: 'create', method: 'POST', path: cmPath, headers: clientGo, body: { protobuf: configMap('cfg', { a: '1' }) }, expect: 'none' },
      { name: 'update', method: 'PUT', path: `${cmPath}/cfg`, headers: clientGo, body: (ctx) => ({ protobuf: configMap('cfg', { a: '2' }, { metadata: { name: 'cfg', resourceVersion: rvOf(ctx.answers.create) } }) }), expect: 'none' },
      { name: 'delete-dry-run', method: 'DELETE', path: `${cmPath}/cfg`, headers: clientGo, body: { protobuf: { ...deleteOptions, dryRun: ['All'] } }, expect: 'none' },
      { name: 'still-there', method: 'GET', path: `${cmPath}/cfg`, headers: clientGoRead, expect: cmShown },
      {
        name: 'delete-stale',
        method: 'DELETE',
        path: `${cmPath}/cfg`,
        headers: clientGo,
        body: (ctx) => ({ protobuf: { ...deleteOptions, preconditions: { resourceVersion: rvOf(ctx.answers.create) } } }),
      },
      {
        name: 'delete-current',
        method: 'DELETE',
        path: `${cmPath}/cfg`,
        headers: clientGo,
        body: (ctx) => ({ protobuf: { ...deleteOptions, preconditions: { resourceVersion: rvOf(ctx.answers.update) } } }),
        expect: 'none',
      },
      { name: 'gone', method: 'GET', path: `${cmPath}/cfg`, headers: clientGoRead },
    ],
  },
  {
    name: 'protobuf-partial-object-metadata',
    area: 'protobuf',
    description: 'PartialObjectMetadata(List) in protobuf, as client-go\'s metadata client asks for them',
    steps: [
      namespaceStep,
      { name: 'create', method: 'POST', path: cmPath, body: { json: configMap('cfg', { a: '1' }, { metadata: { name: 'cfg', labels: { app: 'x' } } }) }, expect: 'none' },
      {
        name: 'list',
        method: 'GET',
        path: cmPath,
        headers: { Accept: `${PROTOBUF};as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json` },
        expect: items(objectWith()),
      },
      {
        name: 'get',
        method: 'GET',
        path: `${cmPath}/cfg`,
        headers: { Accept: `${PROTOBUF};as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json` },
        expect: objectWith(),
      },
    ],
  },
  {
    name: 'protobuf-namespace-update-watch',
    area: 'protobuf',
    description: 'a Namespace updated in protobuf and watched in protobuf (labels other than kubernetes.io/metadata.name compared)',
    steps: [
      { name: 'create', method: 'POST', path: '/api/v1/namespaces', headers: clientGo, body: (ctx) => ({ protobuf: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ctx.ns } } }), expect: namespaceLabels },
      {
        name: 'update',
        method: 'PUT',
        path: '/api/v1/namespaces/{ns}',
        headers: clientGo,
        body: (ctx) => ({ protobuf: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ctx.ns, labels: { team: 'a' }, resourceVersion: rvOf(ctx.answers.create) } } }),
        expect: namespaceLabels,
      },
      {
        name: 'watch',
        method: 'GET',
        path: '/api/v1/namespaces',
        query: (ctx) => ({ watch: 'true', fieldSelector: `metadata.name=${ctx.ns}`, resourceVersion: rvOf(ctx.answers.create) }),
        headers: clientGoRead,
        watchEvents: 1,
        expect: events(namespaceLabels),
      },
    ],
  },
  {
    name: 'protobuf-error-not-found',
    area: 'protobuf',
    description: 'a 404 asked for in protobuf is a protobuf Status',
    steps: [namespaceStep, { name: 'get', method: 'GET', path: `${cmPath}/missing`, headers: clientGoRead }],
  },
  {
    name: 'protobuf-error-bad-request',
    area: 'protobuf',
    description: 'a 400 (malformed label selector) asked for in protobuf',
    steps: [namespaceStep, { name: 'list', method: 'GET', path: cmPath, query: { labelSelector: 'a in (b' }, headers: clientGoRead }],
  },
  {
    name: 'protobuf-error-unauthorized',
    area: 'protobuf',
    description: 'a 401 (wrong token) asked for in protobuf',
    steps: [{ name: 'list', method: 'GET', path: '/api/v1/namespaces/default/configmaps', headers: { ...clientGoRead, Authorization: 'Bearer not-the-token' } }],
  },
  {
    name: 'protobuf-error-conflict',
    area: 'protobuf',
    description: 'a 409 (AlreadyExists) and a 409 (stale resourceVersion) in protobuf',
    steps: [
      namespaceStep,
      { name: 'create', method: 'POST', path: cmPath, headers: clientGo, body: { protobuf: configMap('cfg', { a: '1' }) }, expect: 'none' },
      { name: 'create-again', method: 'POST', path: cmPath, headers: clientGo, body: { protobuf: configMap('cfg', { a: '1' }) } },
      { name: 'update', method: 'PUT', path: `${cmPath}/cfg`, headers: clientGo, body: (ctx) => ({ protobuf: configMap('cfg', { a: '2' }, { metadata: { name: 'cfg', resourceVersion: rvOf(ctx.answers.create) } }) }), expect: 'none' },
      { name: 'stale-update', method: 'PUT', path: `${cmPath}/cfg`, headers: clientGo, body: (ctx) => ({ protobuf: configMap('cfg', { a: '3' }, { metadata: { name: 'cfg', resourceVersion: rvOf(ctx.answers.create) } }) }) },
    ],
  },
  {
    name: 'protobuf-error-invalid',
    area: 'protobuf',
    description: 'a 422 (invalid name) in protobuf',
    steps: [namespaceStep, { name: 'create', method: 'POST', path: cmPath, headers: clientGo, body: { protobuf: configMap('Not_Valid', { a: '1' }) } }],
  },
  {
    name: 'protobuf-error-json-body',
    area: 'protobuf',
    description: 'errors for a JSON request that accepts protobuf answers: 404 on delete, 409 on create',
    steps: [
      namespaceStep,
      { name: 'delete-missing', method: 'DELETE', path: `${cmPath}/missing`, headers: clientGoRead },
      { name: 'create', method: 'POST', path: cmPath, headers: clientGoRead, body: { json: configMap('cfg', { a: '1' }) }, expect: 'none' },
      { name: 'create-again', method: 'POST', path: cmPath, headers: clientGoRead, body: { json: configMap('cfg', { a: '1' }) } },
    ],
  },
  {
    name: 'protobuf-custom-resource-accept',
    area: 'protobuf',
    description: 'a custom resource asked for in protobuf is answered in JSON',
    steps: [
      ...crdSteps,
      { name: 'create', method: 'POST', path: widgetPath, headers: { Accept: `${PROTOBUF}, application/json` }, body: (ctx) => ({ json: widget(ctx.group, 'w', { color: 'red' }) }), expect: objectWith('spec') },
      { name: 'get', method: 'GET', path: `${widgetPath}/w`, headers: { Accept: `${PROTOBUF}, application/json` }, expect: objectWith('spec') },
      { name: 'list', method: 'GET', path: widgetPath, headers: { Accept: `${PROTOBUF}, application/json` }, expect: items(objectWith('spec')) },
      { name: 'get-protobuf-only', method: 'GET', path: `${widgetPath}/w`, headers: { Accept: PROTOBUF } },
    ],
  },
  {
    name: 'protobuf-custom-resource-body',
    area: 'protobuf',
    description: 'a custom resource created or updated in protobuf: kube-apiserver v1.37.2 panics and closes the connection without an answer',
    steps: [
      ...crdSteps,
      { name: 'create', method: 'POST', path: widgetPath, headers: { Accept: `${PROTOBUF}, application/json`, 'Content-Type': PROTOBUF }, body: { bytes: envelope } },
      { name: 'create-json', method: 'POST', path: widgetPath, body: (ctx) => ({ json: widget(ctx.group, 'w', { color: 'red' }) }), expect: 'none' },
      { name: 'update', method: 'PUT', path: `${widgetPath}/w`, headers: { Accept: `${PROTOBUF}, application/json`, 'Content-Type': PROTOBUF }, body: { bytes: envelope } },
    ],
  },
  {
    name: 'protobuf-custom-resource-patch',
    area: 'protobuf',
    description: 'a custom resource patched with a protobuf body gets 415 listing the patch types of custom resources',
    steps: [
      ...crdSteps,
      { name: 'create-json', method: 'POST', path: widgetPath, body: (ctx) => ({ json: widget(ctx.group, 'w', { color: 'red' }) }), expect: 'none' },
      { name: 'patch', method: 'PATCH', path: `${widgetPath}/w`, headers: { Accept: `${PROTOBUF}, application/json`, 'Content-Type': PROTOBUF }, body: { bytes: envelope } },
      { name: 'patch-json-accept', method: 'PATCH', path: `${widgetPath}/w`, headers: { 'Content-Type': PROTOBUF }, body: { bytes: envelope } },
    ],
  },
  {
    name: 'protobuf-patch-built-in',
    area: 'protobuf',
    description: 'a built-in object patched with a protobuf body gets 415 listing the patch types of built-in kinds',
    steps: [
      namespaceStep,
      { name: 'create', method: 'POST', path: cmPath, body: { json: configMap('cfg', { a: '1' }) }, expect: 'none' },
      { name: 'patch', method: 'PATCH', path: `${cmPath}/cfg`, headers: { 'Content-Type': PROTOBUF }, body: { bytes: envelope } },
    ],
  },
];
