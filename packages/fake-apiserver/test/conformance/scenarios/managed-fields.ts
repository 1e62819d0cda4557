// managedFields on writes that are not applies: the manager taken from fieldManager or the
// User-Agent, one Update entry per manager (and subresource), fields moving between managers.
// Compared: managedFields and the written fields only.
import { managedFields, objectWith, pick } from '../project.js';
import type { Scenario, Step } from '../scenario.js';
import { cmPath, configMap, crdSteps, deployment, deployPath, JSON_PATCH, MERGE, namespaceStep, rvOf, STRATEGIC, widget, widgetPath } from './common.js';

const cmShown = objectWith('data');

const kubectl = (command: string): Record<string, string> => ({ 'User-Agent': `kubectl-${command}/v1.32.4 (linux/amd64) kubernetes/1234567` });

function createCm(name: string, data: Record<string, string>, headers: Record<string, string> = {}, query: Record<string, string> = {}): Step {
  return { name: 'create', method: 'POST', path: cmPath, headers, query, body: { json: configMap(name, data) }, expect: cmShown };
}

/** The managedFields entries of the status writers (a Deployment's creator entry lists defaulted fields) and the status. */
const statusEntries = (body: unknown): unknown => {
  const o = body as { metadata?: { managedFields?: { subresource?: string }[] }; status?: unknown };
  return { managedFields: o.metadata?.managedFields?.filter((m) => m.subresource === 'status'), status: o.status };
};

export const managedFieldsScenarios: readonly Scenario[] = [
  {
    name: 'managed-fields-create-user-agent',
    area: 'managedFields',
    description: 'a create records an Update entry whose manager is the User-Agent up to its first slash',
    steps: [namespaceStep, createCm('cfg', { a: '1' }, kubectl('create'))],
  },
  {
    name: 'managed-fields-create-field-manager',
    area: 'managedFields',
    description: 'fieldManager takes precedence over the User-Agent',
    steps: [namespaceStep, createCm('cfg', { a: '1' }, kubectl('create'), { fieldManager: 'my-tool' })],
  },
  {
    name: 'managed-fields-user-agent-no-slash',
    area: 'managedFields',
    description: 'a User-Agent without a slash is the manager as a whole',
    steps: [namespaceStep, createCm('cfg', { a: '1' }, { 'User-Agent': 'my-controller' })],
  },
  {
    name: 'managed-fields-update-by-another',
    area: 'managedFields',
    description: 'a PUT by another manager: a second entry with the fields it changed',
    steps: [
      namespaceStep,
      createCm('cfg', { a: '1', b: '2' }, kubectl('create')),
      {
        name: 'update',
        method: 'PUT',
        path: `${cmPath}/cfg`,
        headers: kubectl('edit'),
        body: (ctx) => ({ json: configMap('cfg', { a: '1', b: '3', c: '4' }, { metadata: { name: 'cfg', resourceVersion: rvOf(ctx.answers.create) } }) }),
        expect: cmShown,
      },
    ],
  },
  {
    name: 'managed-fields-update-takes-all',
    area: 'managedFields',
    description: 'a PUT by another manager changing every field: the first manager\'s entry is dropped when it owns nothing',
    steps: [
      namespaceStep,
      createCm('cfg', { a: '1' }, kubectl('create')),
      {
        name: 'update',
        method: 'PUT',
        path: `${cmPath}/cfg`,
        query: { fieldManager: 'other' },
        body: (ctx) => ({ json: configMap('cfg', { b: '2' }, { metadata: { name: 'cfg', resourceVersion: rvOf(ctx.answers.create) } }) }),
        expect: cmShown,
      },
    ],
  },
  {
    name: 'managed-fields-noop-update',
    area: 'managedFields',
    description: 'a PUT that changes nothing keeps managedFields (and the resourceVersion)',
    steps: [
      namespaceStep,
      createCm('cfg', { a: '1' }, kubectl('create')),
      {
        name: 'update',
        method: 'PUT',
        path: `${cmPath}/cfg`,
        query: { fieldManager: 'other' },
        body: (ctx) => ({ json: configMap('cfg', { a: '1' }, { metadata: { name: 'cfg', resourceVersion: rvOf(ctx.answers.create) } }) }),
        expect: pick('metadata.managedFields', 'data'),
      },
    ],
  },
  {
    name: 'managed-fields-merge-patch',
    area: 'managedFields',
    description: 'a merge patch records the patching manager',
    steps: [
      namespaceStep,
      createCm('cfg', { a: '1' }, kubectl('create')),
      { name: 'patch', method: 'PATCH', path: `${cmPath}/cfg`, headers: { ...kubectl('patch'), 'Content-Type': MERGE }, body: { json: { data: { b: '2' }, metadata: { labels: { x: 'y' } } } }, expect: cmShown },
    ],
  },
  {
    name: 'managed-fields-strategic-patch',
    area: 'managedFields',
    description: 'a strategic merge patch records the patching manager, then a second patcher takes a field',
    steps: [
      namespaceStep,
      createCm('cfg', { a: '1' }, kubectl('create')),
      { name: 'patch', method: 'PATCH', path: `${cmPath}/cfg`, headers: { ...kubectl('label'), 'Content-Type': STRATEGIC }, body: { json: { metadata: { labels: { x: 'y' } } } }, expect: cmShown },
      { name: 'patch-2', method: 'PATCH', path: `${cmPath}/cfg`, query: { fieldManager: 'second' }, headers: { 'Content-Type': STRATEGIC }, body: { json: { data: { a: '9' } } }, expect: cmShown },
    ],
  },
  {
    name: 'managed-fields-json-patch',
    area: 'managedFields',
    description: 'a JSON patch records the patching manager',
    steps: [
      namespaceStep,
      createCm('cfg', { a: '1' }, kubectl('create')),
      { name: 'patch', method: 'PATCH', path: `${cmPath}/cfg`, query: { fieldManager: 'patcher' }, headers: { 'Content-Type': JSON_PATCH }, body: { json: [{ op: 'add', path: '/data/b', value: '2' }] }, expect: cmShown },
    ],
  },
  {
    name: 'managed-fields-status-update',
    area: 'managedFields',
    description: 'a status update by another manager records an entry with subresource status',
    steps: [
      ...crdSteps,
      { name: 'create', method: 'POST', path: widgetPath, headers: kubectl('create'), body: (ctx) => ({ json: widget(ctx.group, 'w', { color: 'red' }) }), expect: objectWith('spec', 'status') },
      {
        name: 'status',
        method: 'PUT',
        path: `${widgetPath}/w/status`,
        headers: { 'User-Agent': 'status-controller-1/v0.1.0' },
        body: (ctx) => ({ json: { ...widget(ctx.group, 'w', { color: 'red' }), metadata: { name: 'w', resourceVersion: rvOf(ctx.answers.create) }, status: { ready: true } } }),
        expect: objectWith('spec', 'status'),
      },
      {
        name: 'status-patch',
        method: 'PATCH',
        path: `${widgetPath}/w/status`,
        query: { fieldManager: 'status-controller-2' },
        headers: { 'Content-Type': MERGE },
        body: { json: { status: { phase: 'Running' } } },
        expect: objectWith('spec', 'status'),
      },
    ],
  },
  {
    name: 'managed-fields-status-update-deployment',
    area: 'managedFields',
    description: 'a Deployment status written by PUT and by merge patch on /status: entries with subresource status',
    steps: [
      namespaceStep,
      { name: 'create', method: 'POST', path: deployPath, query: { fieldManager: 'creator' }, body: { json: deployment('web', 1) }, expect: 'none' },
      {
        name: 'status',
        method: 'PUT',
        path: `${deployPath}/web/status`,
        headers: { 'User-Agent': 'status-controller-1/v0.1.0' },
        body: (ctx) => ({ json: { ...deployment('web', 1), metadata: { name: 'web', resourceVersion: rvOf(ctx.answers.create) }, status: { replicas: 1, observedGeneration: 1 } } }),
        expect: statusEntries,
      },
      {
        name: 'status-patch',
        method: 'PATCH',
        path: `${deployPath}/web/status`,
        query: { fieldManager: 'status-controller-2' },
        headers: { 'Content-Type': MERGE },
        body: { json: { status: { readyReplicas: 1 } } },
        expect: statusEntries,
      },
    ],
  },
  {
    name: 'managed-fields-custom-resource-lists',
    area: 'managedFields',
    description: 'Update entries on a CR with a map-keyed list, a set and an atomic map: a second writer owns only the items and values it changed',
    steps: [
      ...crdSteps,
      {
        name: 'create',
        method: 'POST',
        path: widgetPath,
        query: { fieldManager: 'creator' },
        body: (ctx) => ({ json: widget(ctx.group, 'w', { ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }], tags: ['x'], config: { a: '1' } }) }),
        expect: objectWith('spec'),
      },
      {
        name: 'update',
        method: 'PUT',
        path: `${widgetPath}/w`,
        query: { fieldManager: 'editor' },
        body: (ctx) => {
          const w = widget(ctx.group, 'w', { ports: [{ name: 'http', port: 80 }, { name: 'https', port: 8443 }], tags: ['x', 'y'], config: { a: '1', b: '2' } }) as { metadata: Record<string, unknown> };
          return { json: { ...w, metadata: { ...w.metadata, resourceVersion: rvOf(ctx.answers.create) } } };
        },
        expect: objectWith('spec'),
      },
    ],
  },
  {
    name: 'managed-fields-set-image',
    area: 'managedFields',
    description: 'a strategic merge patch of one container\'s image, as `kubectl set image` sends it: the patcher owns that image by the container\'s key',
    steps: [
      namespaceStep,
      { name: 'create', method: 'POST', path: deployPath, query: { fieldManager: 'creator' }, body: { json: deployment('web', 1) }, expect: 'none' },
      {
        name: 'set-image',
        method: 'PATCH',
        path: `${deployPath}/web`,
        headers: { ...kubectl('set'), 'Content-Type': STRATEGIC },
        body: { json: { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } } } },
        // The creator's entry lists defaulted fields (defaulting is other work): the patcher's only.
        expect: (body) => ({
          managedFields: (body as { metadata?: { managedFields?: { manager?: string }[] } }).metadata?.managedFields?.filter((m) => m.manager !== 'creator'),
          images: (body as { spec?: { template?: { spec?: { containers?: { image?: string }[] } } } }).spec?.template?.spec?.containers?.map((c) => c.image),
        }),
      },
    ],
  },
  {
    name: 'managed-fields-reset-by-client',
    area: 'managedFields',
    description: 'a PUT with metadata.managedFields: [] resets the tracking',
    steps: [
      namespaceStep,
      createCm('cfg', { a: '1' }, kubectl('create')),
      {
        name: 'update',
        method: 'PUT',
        path: `${cmPath}/cfg`,
        query: { fieldManager: 'other' },
        body: (ctx) => ({ json: configMap('cfg', { a: '2' }, { metadata: { name: 'cfg', resourceVersion: rvOf(ctx.answers.create), managedFields: [] } }) }),
        expect: managedFields,
      },
    ],
  },
  {
    name: 'managed-fields-set-by-client',
    area: 'managedFields',
    description: 'a create carrying valid managedFields keeps them as given',
    steps: [
      namespaceStep,
      {
        name: 'create',
        method: 'POST',
        path: cmPath,
        query: { fieldManager: 'creator' },
        body: {
          json: configMap('cfg', { a: '1' }, {
            metadata: { name: 'cfg', managedFields: [{ manager: 'someone', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {} } } }] },
          }),
        },
        expect: managedFields,
      },
    ],
  },
  {
    name: 'managed-fields-invalid-by-client',
    area: 'managedFields',
    description: 'a create carrying an invalid managedFields entry',
    steps: [
      namespaceStep,
      {
        name: 'create',
        method: 'POST',
        path: cmPath,
        query: { fieldManager: 'creator' },
        body: { json: configMap('cfg', { a: '1' }, { metadata: { name: 'cfg', managedFields: [{ manager: 'someone', operation: 'Bogus', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': {} } }] } }) },
        expect: managedFields,
      },
    ],
  },
  {
    name: 'managed-fields-field-manager-too-long',
    area: 'managedFields',
    description: 'a fieldManager over 128 characters is refused',
    steps: [namespaceStep, createCm('cfg', { a: '1' }, {}, { fieldManager: 'm'.repeat(129) })],
  },
  {
    name: 'managed-fields-deployment',
    area: 'managedFields',
    description: 'a Deployment created and scaled by different managers (the entries include defaulted fields)',
    steps: [
      namespaceStep,
      { name: 'create', method: 'POST', path: deployPath, headers: kubectl('create'), body: { json: deployment('web', 1) }, expect: managedFields },
      { name: 'scale', method: 'PATCH', path: `${deployPath}/web`, query: { fieldManager: 'scaler' }, headers: { 'Content-Type': MERGE }, body: { json: { spec: { replicas: 3 } } }, expect: managedFields },
    ],
  },
];
