// The /scale subresource: an autoscaling/v1 Scale read from and written into a Deployment, a
// StatefulSet and a custom resource whose CRD declares `subresources.scale`; the parent's
// replicas, generation and managedFields after each write; 404/405/409/400/415/422; discovery.
import { pick } from '../project.js';
import type { Projection, Scenario, Step } from '../scenario.js';
import { deployment, deployPath, JSON_PATCH, MERGE, namespaceStep, PROTOBUF, rvOf, STRATEGIC, widgetCrdSteps } from './common.js';

const AREA = 'subresources';
const scaleOf: Projection = pick('kind', 'apiVersion', 'metadata.name', 'metadata.namespace', 'metadata.resourceVersion', 'spec', 'status');
/** The parent after a scale write: replicas, generation, the scale entry, and whether the creator still owns spec.replicas. */
const parentAfterScale: Projection = (body) => {
  const obj = body as { spec?: { replicas?: unknown }; metadata?: { generation?: unknown; managedFields?: { subresource?: string; fieldsV1?: { 'f:spec'?: Record<string, unknown> } }[] } };
  const fields = obj.metadata?.managedFields ?? [];
  return {
    replicas: obj.spec?.replicas,
    generation: obj.metadata?.generation,
    managers: fields.map((f) => f.subresource ?? ''),
    scaleEntries: fields.filter((f) => f.subresource === 'scale'),
    othersOwnReplicas: fields.filter((f) => f.subresource !== 'scale').map((f) => f.fieldsV1?.['f:spec']?.['f:replicas'] !== undefined),
  };
};

const depScale = `${deployPath}/web/scale`;
const stsPath = '/apis/apps/v1/namespaces/{ns}/statefulsets';

function scale(name: string, replicas: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name, ...extra }, spec: { replicas } };
}

function patch(name: string, path: string, type: string, text: string): Step {
  return { name, method: 'PATCH', path, headers: { 'Content-Type': type }, body: { text }, expect: scaleOf };
}

const deploymentScenario: Scenario = {
  name: 'scale-deployment',
  area: AREA,
  description: 'GET/PUT/PATCH (merge, JSON, strategic) of a Deployment\'s Scale: the Scale, the parent\'s replicas, generation and managedFields, and the errors',
  steps: [
    namespaceStep,
    { name: 'create', setup: true, method: 'POST', path: deployPath, body: { json: deployment('web', 1) } },
    { name: 'get-scale', method: 'GET', path: depScale, expect: scaleOf },
    { name: 'put-scale', method: 'PUT', path: depScale, body: { json: scale('web', 3) }, expect: scaleOf },
    { name: 'parent-after-put', method: 'GET', path: `${deployPath}/web`, expect: parentAfterScale },
    patch('merge-patch', depScale, MERGE, '{"spec":{"replicas":4}}'),
    patch('json-patch', depScale, JSON_PATCH, '[{"op":"replace","path":"/spec/replicas","value":5}]'),
    patch('strategic-patch', depScale, STRATEGIC, '{"spec":{"replicas":6}}'),
    { name: 'same-replicas', method: 'PUT', path: depScale, body: { json: scale('web', 6) }, expect: scaleOf },
    {
      name: 'current-resource-version',
      method: 'PUT',
      path: depScale,
      body: (ctx) => ({ json: scale('web', 2, { resourceVersion: rvOf(ctx.answers['same-replicas']) }) }),
      expect: scaleOf,
    },
    { name: 'stale-resource-version', method: 'PUT', path: depScale, body: { json: scale('web', 3, { resourceVersion: '1' }) } },
    { name: 'negative-replicas', method: 'PUT', path: depScale, body: { json: scale('web', -1) } },
    { name: 'other-name', method: 'PUT', path: depScale, body: { json: scale('other', 3) } },
    { name: 'get-missing', method: 'GET', path: `${deployPath}/nope/scale` },
    { name: 'put-missing', method: 'PUT', path: `${deployPath}/nope/scale`, body: { json: scale('nope', 3) } },
    { name: 'post', method: 'POST', path: depScale, body: { json: {} } },
    { name: 'delete', method: 'DELETE', path: depScale },
    patch('merge-patch-null', depScale, MERGE, '{"spec":{"replicas":null}}'),
    { name: 'parent-at-zero', method: 'GET', path: `${deployPath}/web`, expect: parentAfterScale },
  ],
};

const statefulSetScenario: Scenario = {
  name: 'scale-statefulset',
  area: AREA,
  description: 'a StatefulSet\'s Scale with a selector of labels and expressions, written through /scale',
  steps: [
    namespaceStep,
    {
      name: 'create',
      setup: true,
      method: 'POST',
      path: stsPath,
      body: {
        json: {
          apiVersion: 'apps/v1',
          kind: 'StatefulSet',
          metadata: { name: 'db' },
          spec: {
            replicas: 2,
            selector: { matchLabels: { app: 'db' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }, { key: 'canary', operator: 'DoesNotExist' }] },
            template: { metadata: { labels: { app: 'db', tier: 'web' } }, spec: { containers: [{ name: 'db', image: 'postgres:17' }] } },
          },
        },
      },
    },
    { name: 'get-scale', method: 'GET', path: `${stsPath}/db/scale`, expect: scaleOf },
    patch('merge-patch', `${stsPath}/db/scale`, MERGE, '{"spec":{"replicas":3}}'),
    { name: 'parent', method: 'GET', path: `${stsPath}/db`, expect: parentAfterScale },
  ],
};

const scaledWidgetPath = '/apis/{group}/v1/namespaces/{ns}/widgets';


const customResourceScenario: Scenario = {
  name: 'scale-custom-resource',
  area: AREA,
  description: 'a custom resource\'s Scale from its CRD\'s specReplicasPath, statusReplicasPath and labelSelectorPath; 415 for strategic merge; the CRD\'s 422',
  steps: [
    namespaceStep,
    ...widgetCrdSteps({
      name: 'v1',
      served: true,
      storage: true,
      schema: {
        openAPIV3Schema: {
          type: 'object',
          properties: {
            spec: { type: 'object', properties: { replicas: { type: 'integer' }, color: { type: 'string' } } },
            status: { type: 'object', properties: { replicas: { type: 'integer' }, selector: { type: 'string' } } },
          },
        },
      },
      subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' } },
    }, scaledWidgetPath),
    {
      name: 'create',
      setup: true,
      method: 'POST',
      path: scaledWidgetPath,
      body: (ctx) => ({ json: { apiVersion: `${ctx.group}/v1`, kind: 'Widget', metadata: { name: 'w' }, spec: { replicas: 2, color: 'red' } } }),
    },
    { name: 'get-scale', method: 'GET', path: `${scaledWidgetPath}/w/scale`, expect: scaleOf },
    { name: 'put-scale', method: 'PUT', path: `${scaledWidgetPath}/w/scale`, body: { json: scale('w', 3) }, expect: scaleOf },
    { name: 'parent', method: 'GET', path: `${scaledWidgetPath}/w`, expect: pick('spec', 'metadata.generation', 'metadata.managedFields') },
    {
      name: 'status',
      method: 'PATCH',
      path: `${scaledWidgetPath}/w/status`,
      headers: { 'Content-Type': MERGE },
      body: { text: '{"status":{"replicas":2,"selector":"app=w"}}' },
      expect: pick('status'),
    },
    { name: 'scale-with-status', method: 'GET', path: `${scaledWidgetPath}/w/scale`, expect: scaleOf },
    patch('strategic-patch', `${scaledWidgetPath}/w/scale`, STRATEGIC, '{"spec":{"replicas":6}}'),
    patch('json-patch', `${scaledWidgetPath}/w/scale`, JSON_PATCH, '[{"op":"replace","path":"/spec/replicas","value":5}]'),
    { name: 'negative-replicas', method: 'PUT', path: `${scaledWidgetPath}/w/scale`, body: { json: scale('w', -1) } },
    {
      name: 'discovery',
      method: 'GET',
      path: (ctx) => `/apis/${ctx.group}/v1`,
      expect: (body) => ((body as { resources?: { name: string }[] }).resources ?? []).filter((r) => r.name.includes('/')),
    },
  ],
};

const discoveryScenario: Scenario = {
  name: 'scale-discovery',
  area: AREA,
  description: 'apps/v1 discovery lists deployments/scale, replicasets/scale and statefulsets/scale before their /status',
  steps: [
    {
      name: 'apps-v1',
      method: 'GET',
      path: '/apis/apps/v1',
      expect: (body) => ((body as { resources?: { name: string }[] }).resources ?? []).filter((r) => /^(deployments|replicasets|statefulsets)/.test(r.name)),
    },
  ],
};


const protobufScenario: Scenario = {
  name: 'scale-protobuf',
  area: AREA,
  description: 'a Deployment\'s Scale in protobuf (what client-go\'s scale client asks for) and a protobuf PUT of a Scale',
  steps: [
    namespaceStep,
    { name: 'create', setup: true, method: 'POST', path: deployPath, body: { json: deployment('web', 1) } },
    { name: 'get-scale', method: 'GET', path: depScale, headers: { Accept: `${PROTOBUF},application/json` }, expect: scaleOf },
    {
      name: 'put-scale',
      method: 'PUT',
      path: depScale,
      headers: { Accept: `${PROTOBUF},application/json`, 'Content-Type': PROTOBUF },
      body: { protobuf: scale('web', 4) },
      expect: scaleOf,
    },
    { name: 'parent', method: 'GET', path: `${deployPath}/web`, expect: parentAfterScale },
  ],
};


const podsPath = '/api/v1/namespaces/{ns}/pods';

function podStep(name: string): Step {
  return {
    name: `pod-${name}`,
    setup: true,
    method: 'POST',
    path: podsPath,
    body: { json: { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { automountServiceAccountToken: false, containers: [{ name: 'c', image: 'nginx:1.27' }] } } },
  };
}

function binding(name: string, target: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Binding', metadata: { name }, target };
}

function eviction(name: string): Record<string, unknown> {
  return { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name } };
}

/** A bound pod: its node, generation, PodScheduled condition and who wrote it. */
const boundPod: Projection = (body) => {
  const pod = body as { spec?: { nodeName?: unknown }; metadata?: { generation?: unknown; managedFields?: { manager?: string; operation?: string; subresource?: string }[] }; status?: { conditions?: unknown } };
  return {
    nodeName: pod.spec?.nodeName,
    generation: pod.metadata?.generation,
    writers: (pod.metadata?.managedFields ?? []).map((f) => [f.manager, f.operation, f.subresource ?? '']),
    conditions: pod.status?.conditions,
  };
};

const podSubresourceScenario: Scenario = {
  name: 'pod-binding-eviction',
  area: AREA,
  description: 'pods/binding sets the node and PodScheduled (201 Success, 409 when bound, 400/404/405/500); pods/eviction of an unscheduled pod deletes it (201 Success)',
  steps: [
    namespaceStep,
    // No controller creates the namespace's default ServiceAccount, which pod admission needs.
    { name: 'service-account', setup: true, method: 'POST', path: '/api/v1/namespaces/{ns}/serviceaccounts', body: { json: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } } } },
    podStep('p1'),
    podStep('p2'),
    { name: 'bind', method: 'POST', path: `${podsPath}/p1/binding`, body: { json: binding('p1', { apiVersion: 'v1', kind: 'Node', name: 'n1' }) } },
    { name: 'bound-pod', method: 'GET', path: `${podsPath}/p1`, expect: boundPod },
    { name: 'bind-again', method: 'POST', path: `${podsPath}/p1/binding`, body: { json: binding('p1', { kind: 'Node', name: 'n2' }) } },
    { name: 'bind-other-name', method: 'POST', path: `${podsPath}/p2/binding`, body: { json: binding('p1', { kind: 'Node', name: 'n2' }) } },
    { name: 'bind-no-target', method: 'POST', path: `${podsPath}/p2/binding`, body: { json: binding('p2', {}) } },
    { name: 'bind-missing', method: 'POST', path: `${podsPath}/nope/binding`, body: { json: binding('nope', { kind: 'Node', name: 'n1' }) } },
    { name: 'get-binding', method: 'GET', path: `${podsPath}/p1/binding` },
    { name: 'evict-other-name', method: 'POST', path: `${podsPath}/p2/eviction`, body: { json: eviction('other') } },
    { name: 'evict-missing', method: 'POST', path: `${podsPath}/nope/eviction`, body: { json: eviction('nope') } },
    { name: 'evict', method: 'POST', path: `${podsPath}/p2/eviction`, body: { json: eviction('p2') } },
    { name: 'evicted-pod', method: 'GET', path: `${podsPath}/p2` },
    { name: 'get-eviction', method: 'GET', path: `${podsPath}/p1/eviction` },
    {
      name: 'discovery',
      method: 'GET',
      path: '/api/v1',
      expect: (body) => ((body as { resources?: { name: string }[] }).resources ?? []).filter((r) => ['pods/binding', 'pods/eviction', 'pods/status'].includes(r.name)),
    },
  ],
};


const finalizePath = '/api/v1/namespaces/{ns}/finalize';

function namespaceBody(ctx: { ns: string }, finalizers: string[], extra: Record<string, unknown> = {}): { json: unknown } {
  return { json: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ctx.ns, ...extra }, spec: { finalizers }, status: { phase: 'Terminating' } } };
}

/** What a finalize write changes: labels, finalizers, phase, and who owns what. */
const finalized: Projection = pick('metadata.labels', 'spec', 'status', 'metadata.managedFields');

const namespaceFinalizeScenario: Scenario = {
  name: 'namespace-finalize',
  area: AREA,
  description: 'PUT namespaces/{name}/finalize takes metadata and spec.finalizers, keeps the status, records subresource finalize; 400/404/405/409/422',
  steps: [
    namespaceStep,
    { name: 'finalize', method: 'PUT', path: finalizePath, body: (ctx) => namespaceBody(ctx, ['example.com/a'], { labels: { x: 'y' } }), expect: finalized },
    { name: 'finalize-empty', method: 'PUT', path: finalizePath, body: (ctx) => namespaceBody(ctx, []), expect: finalized },
    { name: 'get', method: 'GET', path: finalizePath },
    { name: 'patch', method: 'PATCH', path: finalizePath, headers: { 'Content-Type': MERGE }, body: { text: '{}' } },
    { name: 'other-name', method: 'PUT', path: finalizePath, body: () => namespaceBody({ ns: 'other' }, []) },
    { name: 'stale', method: 'PUT', path: finalizePath, body: (ctx) => namespaceBody(ctx, [], { resourceVersion: '1' }) },
    { name: 'invalid-finalizer', method: 'PUT', path: finalizePath, body: (ctx) => namespaceBody(ctx, ['bad finalizer']) },
    { name: 'missing', method: 'PUT', path: '/api/v1/namespaces/{ns}-nope/finalize', body: (ctx) => namespaceBody({ ns: `${ctx.ns}-nope` }, []) },
    {
      name: 'discovery',
      method: 'GET',
      path: '/api/v1',
      expect: (body) => ((body as { resources?: { name: string }[] }).resources ?? []).filter((r) => r.name.startsWith('namespaces/')),
    },
  ],
};

export const subresourceScenarios: readonly Scenario[] = [deploymentScenario, statefulSetScenario, customResourceScenario, discoveryScenario, protobufScenario, podSubresourceScenario, namespaceFinalizeScenario];
