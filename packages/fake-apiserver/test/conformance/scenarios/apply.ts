// Server-side apply: create by apply, re-apply, conflicts, force, removal of fields no longer
// applied, /status, YAML and JSON bodies, the errors around it, dryRun, custom resources.
// Compared: status codes, Status bodies, managedFields and the fields applied (never defaults).
import { managedFields, objectWith, pick } from '../project.js';
import type { Scenario, Step } from '../scenario.js';
import { APPLY, cmPath, configMap, crdSteps, deployment, deployPath, MERGE, namespaceStep, widget, widgetPath } from './common.js';

const cmYaml = (name: string, data: Record<string, string>): string =>
  [`apiVersion: v1`, `kind: ConfigMap`, `metadata:`, `  name: ${name}`, `data:`, ...Object.entries(data).map(([k, v]) => `  ${k}: "${v}"`), ''].join('\n');

const cmShown = objectWith('data');

function applyCm(name: string, stepName: string, manager: string, data: Record<string, string>, query: Record<string, string> = {}): Step {
  return {
    name: stepName,
    method: 'PATCH',
    path: `${cmPath}/${name}`,
    query: { fieldManager: manager, ...query },
    headers: { 'Content-Type': APPLY },
    body: { text: cmYaml(name, data) },
    expect: cmShown,
  };
}

const getCm = (name: string, stepName = 'get'): Step => ({ name: stepName, method: 'GET', path: `${cmPath}/${name}`, expect: cmShown });

export const applyScenarios: readonly Scenario[] = [
  {
    name: 'apply-creates',
    area: 'apply',
    description: 'apply to an absent ConfigMap creates it (201) with one Apply entry',
    steps: [namespaceStep, applyCm('cfg', 'apply', 'alice', { a: '1' }), getCm('cfg')],
  },
  {
    name: 'apply-reapply',
    area: 'apply',
    description: 'the same apply again changes nothing; a changed apply updates the fields',
    steps: [
      namespaceStep,
      applyCm('cfg', 'apply', 'alice', { a: '1' }),
      applyCm('cfg', 'same-again', 'alice', { a: '1' }),
      applyCm('cfg', 'changed', 'alice', { a: '2', b: '3' }),
    ],
  },
  {
    name: 'apply-conflict',
    area: 'apply',
    description: 'a second manager applying a different value for an owned field gets 409 with FieldManagerConflict causes',
    steps: [
      namespaceStep,
      applyCm('cfg', 'alice', 'alice', { a: '1', b: '2' }),
      applyCm('cfg', 'bob-conflicts', 'bob', { a: 'x', b: 'y' }),
      getCm('cfg'),
    ],
  },
  {
    name: 'apply-same-value-shares',
    area: 'apply',
    description: 'a second manager applying the same value shares the field without conflict',
    steps: [namespaceStep, applyCm('cfg', 'alice', 'alice', { a: '1' }), applyCm('cfg', 'bob', 'bob', { a: '1' })],
  },
  {
    name: 'apply-force',
    area: 'apply',
    description: 'force=true takes the conflicting fields from the other manager',
    steps: [
      namespaceStep,
      applyCm('cfg', 'alice', 'alice', { a: '1', b: '2' }),
      applyCm('cfg', 'bob-forces', 'bob', { a: 'x' }, { force: 'true' }),
      applyCm('cfg', 'alice-conflicts-now', 'alice', { a: '1', b: '2' }),
    ],
  },
  {
    name: 'apply-removes-unapplied',
    area: 'apply',
    description: 'a field the manager stops applying is removed when no one else owns it',
    steps: [namespaceStep, applyCm('cfg', 'a-and-b', 'alice', { a: '1', b: '2' }), applyCm('cfg', 'a-only', 'alice', { a: '1' }), getCm('cfg')],
  },
  {
    name: 'apply-keeps-shared-unapplied',
    area: 'apply',
    description: 'a field the manager stops applying stays when another manager also owns it',
    steps: [
      namespaceStep,
      applyCm('cfg', 'alice-a-b', 'alice', { a: '1', b: '2' }),
      applyCm('cfg', 'bob-b', 'bob', { b: '2' }),
      applyCm('cfg', 'alice-a-only', 'alice', { a: '1' }),
    ],
  },
  {
    name: 'apply-after-update',
    area: 'apply',
    description: 'apply to an object created by a POST: the Update manager keeps its fields, conflicts on a changed one',
    steps: [
      namespaceStep,
      { name: 'create', method: 'POST', path: cmPath, query: { fieldManager: 'creator' }, body: { json: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: '1', b: '2' } } }, expect: cmShown },
      applyCm('cfg', 'apply-same', 'alice', { a: '1' }),
      applyCm('cfg', 'apply-changed', 'alice', { b: 'x' }),
    ],
  },
  {
    name: 'apply-json-body',
    area: 'apply',
    description: 'an apply body in JSON (the YAML media type with a JSON document)',
    steps: [
      namespaceStep,
      {
        name: 'apply',
        method: 'PATCH',
        path: `${cmPath}/cfg`,
        query: { fieldManager: 'alice' },
        headers: { 'Content-Type': APPLY },
        body: { json: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', labels: { team: 'a' } }, data: { a: '1' } } },
        expect: cmShown,
      },
    ],
  },
  {
    name: 'apply-yaml-multiline',
    area: 'apply',
    description: 'a YAML apply body with a block scalar, a list-valued annotation value and comments',
    steps: [
      namespaceStep,
      {
        name: 'apply',
        method: 'PATCH',
        path: `${cmPath}/cfg`,
        query: { fieldManager: 'alice' },
        headers: { 'Content-Type': APPLY },
        body: { text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  annotations:\n    note: "a: b"  # quoted\ndata:\n  script: |\n    echo one\n    echo two\n  n: "3"\n' },
        expect: cmShown,
      },
    ],
  },
  {
    name: 'apply-missing-field-manager',
    area: 'apply',
    description: 'apply without fieldManager is refused',
    steps: [
      namespaceStep,
      { name: 'apply', method: 'PATCH', path: `${cmPath}/cfg`, headers: { 'Content-Type': APPLY }, body: { text: cmYaml('cfg', { a: '1' }) } },
    ],
  },
  {
    name: 'apply-force-on-merge-patch',
    area: 'apply',
    description: 'force is refused on a patch that is not an apply',
    steps: [
      namespaceStep,
      applyCm('cfg', 'apply', 'alice', { a: '1' }),
      { name: 'merge-force', method: 'PATCH', path: `${cmPath}/cfg`, query: { force: 'true' }, headers: { 'Content-Type': MERGE }, body: { json: { data: { a: '2' } } } },
    ],
  },
  {
    name: 'apply-dry-run',
    area: 'apply',
    description: 'dryRun=All answers as if created and stores nothing',
    steps: [namespaceStep, applyCm('cfg', 'apply', 'alice', { a: '1' }, { dryRun: 'All' }), { name: 'get', method: 'GET', path: `${cmPath}/cfg` }],
  },
  {
    name: 'apply-dry-run-existing',
    area: 'apply',
    description: 'dryRun=All on an existing object: the answer shows the change and the new manager, nothing is stored',
    steps: [
      namespaceStep,
      applyCm('cfg', 'apply', 'alice', { a: '1' }),
      applyCm('cfg', 'dry-run', 'bob', { b: '2' }, { dryRun: 'All' }),
      getCm('cfg'),
    ],
  },
  {
    name: 'apply-service-ports',
    area: 'apply',
    description: 'Service ports, a list keyed by port and protocol: two managers merge, a conflict names the item by both keys',
    steps: [
      namespaceStep,
      {
        name: 'alice',
        method: 'PATCH',
        path: '/api/v1/namespaces/{ns}/services/web',
        query: { fieldManager: 'alice' },
        headers: { 'Content-Type': APPLY },
        body: { json: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, protocol: 'TCP' }] } } },
        expect: managedFields,
      },
      {
        name: 'bob',
        method: 'PATCH',
        path: '/api/v1/namespaces/{ns}/services/web',
        query: { fieldManager: 'bob' },
        headers: { 'Content-Type': APPLY },
        body: { json: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ name: 'https', port: 443, protocol: 'TCP' }] } } },
        expect: managedFields,
      },
      {
        name: 'bob-conflicts',
        method: 'PATCH',
        path: '/api/v1/namespaces/{ns}/services/web',
        query: { fieldManager: 'bob' },
        headers: { 'Content-Type': APPLY },
        body: { json: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ name: 'web', port: 80, protocol: 'TCP' }, { name: 'https', port: 443, protocol: 'TCP' }] } } },
      },
    ],
  },
  {
    name: 'apply-as-kubectl',
    area: 'apply',
    description: 'the request `kubectl apply --server-side` sends (fieldManager=kubectl, fieldValidation=Strict, force=false), then a conflicting one',
    steps: [
      namespaceStep,
      applyCm('cfg', 'controller', 'controller', { a: '1' }),
      {
        name: 'kubectl',
        method: 'PATCH',
        path: `${cmPath}/cfg`,
        query: { fieldManager: 'kubectl', fieldValidation: 'Strict', force: 'false' },
        headers: { 'Content-Type': APPLY, Accept: 'application/json', 'User-Agent': 'kubectl/v1.32.4 (linux/amd64) kubernetes/1234567' },
        body: { json: configMap('cfg', { a: '2', b: '2' }) },
        expect: cmShown,
      },
      {
        name: 'kubectl-force',
        method: 'PATCH',
        path: `${cmPath}/cfg`,
        query: { fieldManager: 'kubectl', fieldValidation: 'Strict', force: 'true' },
        headers: { 'Content-Type': APPLY, Accept: 'application/json', 'User-Agent': 'kubectl/v1.32.4 (linux/amd64) kubernetes/1234567' },
        body: { json: configMap('cfg', { a: '2', b: '2' }) },
        expect: cmShown,
      },
    ],
  },
  {
    name: 'apply-metadata',
    area: 'apply',
    description: 'labels, annotations and finalizers (a set) applied by two managers; one stops applying its label and finalizer',
    steps: [
      namespaceStep,
      {
        name: 'alice',
        method: 'PATCH',
        path: `${cmPath}/cfg`,
        query: { fieldManager: 'alice' },
        headers: { 'Content-Type': APPLY },
        body: { json: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', labels: { a: '1' }, annotations: { note: 'x' }, finalizers: ['example.com/a'] } } },
        expect: pick('metadata.labels', 'metadata.annotations', 'metadata.finalizers', 'metadata.managedFields'),
      },
      {
        name: 'bob',
        method: 'PATCH',
        path: `${cmPath}/cfg`,
        query: { fieldManager: 'bob' },
        headers: { 'Content-Type': APPLY },
        body: { json: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', labels: { b: '2' }, finalizers: ['example.com/b'] } } },
        expect: pick('metadata.labels', 'metadata.annotations', 'metadata.finalizers', 'metadata.managedFields'),
      },
      {
        name: 'alice-drops',
        method: 'PATCH',
        path: `${cmPath}/cfg`,
        query: { fieldManager: 'alice' },
        headers: { 'Content-Type': APPLY },
        body: { json: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', annotations: { note: 'x' } } } },
        expect: pick('metadata.labels', 'metadata.annotations', 'metadata.finalizers', 'metadata.managedFields'),
      },
      {
        name: 'bob-releases',
        method: 'PATCH',
        path: `${cmPath}/cfg`,
        query: { fieldManager: 'bob' },
        headers: { 'Content-Type': APPLY },
        body: { json: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' } } },
        expect: pick('metadata.labels', 'metadata.annotations', 'metadata.finalizers', 'metadata.managedFields'),
      },
    ],
  },
  {
    name: 'apply-container-ports',
    area: 'apply',
    description: 'container ports applied without protocol: the key of each item as kube-apiserver records it after defaulting',
    steps: [
      namespaceStep,
      {
        name: 'apply',
        method: 'PATCH',
        path: `${deployPath}/web`,
        query: { fieldManager: 'alice' },
        headers: { 'Content-Type': APPLY },
        body: (() => {
          const d = deployment('web', 1) as { spec: { template: { spec: { containers: Record<string, unknown>[] } } } };
          const container = { ...d.spec.template.spec.containers[0], ports: [{ containerPort: 80, name: 'http' }] };
          return { json: { ...d, spec: { ...d.spec, template: { ...d.spec.template, spec: { containers: [container] } } } } };
        })(),
        expect: managedFields,
      },
    ],
  },
  {
    name: 'apply-name-mismatch',
    area: 'apply',
    description: 'an apply body whose name differs from the URL is refused',
    steps: [
      namespaceStep,
      { name: 'apply', method: 'PATCH', path: `${cmPath}/other`, query: { fieldManager: 'alice' }, headers: { 'Content-Type': APPLY }, body: { text: cmYaml('cfg', { a: '1' }) } },
    ],
  },
  {
    name: 'apply-kind-mismatch',
    area: 'apply',
    description: 'an apply body of another kind than the URL is refused',
    steps: [
      namespaceStep,
      {
        name: 'apply',
        method: 'PATCH',
        path: `${cmPath}/cfg`,
        query: { fieldManager: 'alice' },
        headers: { 'Content-Type': APPLY },
        body: { text: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: cfg\nstringData:\n  a: "1"\n' },
      },
    ],
  },
  {
    name: 'apply-missing-type',
    area: 'apply',
    description: 'apply bodies without apiVersion and kind, or with an empty document',
    steps: [
      namespaceStep,
      { name: 'no-type', method: 'PATCH', path: `${cmPath}/cfg`, query: { fieldManager: 'alice' }, headers: { 'Content-Type': APPLY }, body: { text: 'metadata:\n  name: cfg\ndata:\n  a: "1"\n' } },
      { name: 'empty', method: 'PATCH', path: `${cmPath}/cfg`, query: { fieldManager: 'alice' }, headers: { 'Content-Type': APPLY }, body: { text: '' } },
      { name: 'not-an-object', method: 'PATCH', path: `${cmPath}/cfg`, query: { fieldManager: 'alice' }, headers: { 'Content-Type': APPLY }, body: { text: '- a\n- b\n' } },
    ],
  },
  {
    name: 'apply-with-managed-fields',
    area: 'apply',
    description: 'an apply body that sets metadata.managedFields is refused',
    steps: [
      namespaceStep,
      {
        name: 'apply',
        method: 'PATCH',
        path: `${cmPath}/cfg`,
        query: { fieldManager: 'alice' },
        headers: { 'Content-Type': APPLY },
        body: {
          json: {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'cfg', managedFields: [{ manager: 'x', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': {} } }] },
            data: { a: '1' },
          },
        },
      },
    ],
  },
  {
    name: 'apply-invalid-yaml',
    area: 'apply',
    description: 'an apply body that is not YAML is refused',
    steps: [
      namespaceStep,
      { name: 'apply', method: 'PATCH', path: `${cmPath}/cfg`, query: { fieldManager: 'alice' }, headers: { 'Content-Type': APPLY }, body: { text: 'apiVersion: v1\nkind: [ConfigMap\n' } },
    ],
  },
  {
    name: 'apply-deployment',
    area: 'apply',
    description: 'Deployment: two managers, containers merged by name, a conflict on replicas, then force',
    steps: [
      namespaceStep,
      {
        name: 'alice',
        method: 'PATCH',
        path: `${deployPath}/web`,
        query: { fieldManager: 'alice' },
        headers: { 'Content-Type': APPLY },
        body: { json: deployment('web', 2) },
        expect: pick('metadata.managedFields', 'spec.replicas'),
      },
      {
        name: 'bob-adds-container',
        method: 'PATCH',
        path: `${deployPath}/web`,
        query: { fieldManager: 'bob' },
        headers: { 'Content-Type': APPLY },
        body: { json: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'busybox:1.36' }] } } } } },
        expect: (body) => ({
          ...(pick('metadata.managedFields', 'spec.replicas')(body) as object),
          containers: ((body as { spec?: { template?: { spec?: { containers?: { name: string; image: string }[] } } } }).spec?.template?.spec?.containers ?? []).map((c) => ({ name: c.name, image: c.image })),
        }),
      },
      {
        name: 'bob-conflicts-on-replicas',
        method: 'PATCH',
        path: `${deployPath}/web`,
        query: { fieldManager: 'bob' },
        headers: { 'Content-Type': APPLY },
        body: { json: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 5, template: { spec: { containers: [{ name: 'sidecar', image: 'busybox:1.36' }] } } } } },
      },
      {
        name: 'bob-forces',
        method: 'PATCH',
        path: `${deployPath}/web`,
        query: { fieldManager: 'bob', force: 'true' },
        headers: { 'Content-Type': APPLY },
        body: { json: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 5, template: { spec: { containers: [{ name: 'sidecar', image: 'busybox:1.36' }] } } } } },
        expect: pick('metadata.managedFields', 'spec.replicas'),
      },
    ],
  },
  {
    name: 'apply-custom-resource',
    area: 'apply',
    description: 'a CR with a structural schema: map-keyed list merged by key, set unioned, atomic map replaced, conflicts by key',
    steps: [
      ...crdSteps,
      {
        name: 'alice',
        method: 'PATCH',
        path: `${widgetPath}/w`,
        query: { fieldManager: 'alice' },
        headers: { 'Content-Type': APPLY },
        body: (ctx) => ({ json: widget(ctx.group, 'w', { color: 'red', ports: [{ name: 'http', port: 80 }], tags: ['a'], config: { x: '1' } }) }),
        expect: objectWith('spec'),
      },
      {
        name: 'bob',
        method: 'PATCH',
        path: `${widgetPath}/w`,
        query: { fieldManager: 'bob' },
        headers: { 'Content-Type': APPLY },
        body: (ctx) => ({ json: widget(ctx.group, 'w', { ports: [{ name: 'https', port: 443 }], tags: ['b'] }) }),
        expect: objectWith('spec'),
      },
      {
        name: 'bob-conflicts',
        method: 'PATCH',
        path: `${widgetPath}/w`,
        query: { fieldManager: 'bob' },
        headers: { 'Content-Type': APPLY },
        body: (ctx) => ({ json: widget(ctx.group, 'w', { ports: [{ name: 'http', port: 8080 }, { name: 'https', port: 443 }], config: { y: '2' } }) }),
      },
      {
        name: 'alice-drops-port',
        method: 'PATCH',
        path: `${widgetPath}/w`,
        query: { fieldManager: 'alice' },
        headers: { 'Content-Type': APPLY },
        body: (ctx) => ({ json: widget(ctx.group, 'w', { color: 'red', tags: ['a'], config: { x: '1' } }) }),
        expect: objectWith('spec'),
      },
    ],
  },
  {
    name: 'apply-status-custom-resource',
    area: 'apply',
    description: 'apply on /status of a CR: its own entry with subresource status; spec fields in it are ignored',
    steps: [
      ...crdSteps,
      {
        name: 'spec',
        method: 'PATCH',
        path: `${widgetPath}/w`,
        query: { fieldManager: 'alice' },
        headers: { 'Content-Type': APPLY },
        body: (ctx) => ({ json: widget(ctx.group, 'w', { color: 'red' }) }),
        expect: objectWith('spec', 'status'),
      },
      {
        name: 'status',
        method: 'PATCH',
        path: `${widgetPath}/w/status`,
        query: { fieldManager: 'controller' },
        headers: { 'Content-Type': APPLY },
        body: (ctx) => ({ json: { ...widget(ctx.group, 'w', { color: 'blue' }), status: { ready: true } } }),
        expect: objectWith('spec', 'status'),
      },
      {
        name: 'status-again',
        method: 'PATCH',
        path: `${widgetPath}/w/status`,
        query: { fieldManager: 'controller' },
        headers: { 'Content-Type': APPLY },
        body: (ctx) => ({ json: { apiVersion: `${ctx.group}/v1`, kind: 'Widget', metadata: { name: 'w' }, status: { phase: 'Running' } } }),
        expect: objectWith('spec', 'status'),
      },
    ],
  },
  {
    name: 'apply-status-deployment',
    area: 'apply',
    description: 'apply on /status of a Deployment: an Apply entry with subresource status beside the spec manager\'s',
    steps: [
      namespaceStep,
      {
        name: 'spec',
        method: 'PATCH',
        path: `${deployPath}/web`,
        query: { fieldManager: 'alice' },
        headers: { 'Content-Type': APPLY },
        body: { json: deployment('web', 2) },
        expect: pick('metadata.managedFields', 'spec.replicas'),
      },
      {
        name: 'status',
        method: 'PATCH',
        path: `${deployPath}/web/status`,
        query: { fieldManager: 'controller' },
        headers: { 'Content-Type': APPLY },
        body: { json: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, status: { replicas: 2, observedGeneration: 1, conditions: [{ type: 'Available', status: 'False', reason: 'Starting' }] } } },
        expect: (body) => {
          const o = pick('metadata.managedFields', 'spec.replicas', 'status.replicas', 'status.observedGeneration')(body) as Record<string, unknown>;
          const conditions = (body as { status?: { conditions?: { type?: unknown; status?: unknown; reason?: unknown }[] } }).status?.conditions;
          return { ...o, conditions: conditions?.map((c) => ({ type: c.type, status: c.status, reason: c.reason })) };
        },
      },
    ],
  },
  {
    name: 'apply-status-absent',
    area: 'apply',
    description: 'apply on /status of an absent object: 404',
    steps: [
      ...crdSteps,
      {
        name: 'status',
        method: 'PATCH',
        path: `${widgetPath}/w/status`,
        query: { fieldManager: 'controller' },
        headers: { 'Content-Type': APPLY },
        body: (ctx) => ({ json: { apiVersion: `${ctx.group}/v1`, kind: 'Widget', metadata: { name: 'w' }, status: { ready: true } } }),
      },
    ],
  },
];
