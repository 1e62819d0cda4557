// Steps and objects several scenarios share: the namespace, a CRD with a structural schema, and
// small built-in objects.
import type { Answer, Step } from '../scenario.js';

export const PROTOBUF = 'application/vnd.kubernetes.protobuf';
export const APPLY = 'application/apply-patch+yaml';
export const MERGE = 'application/merge-patch+json';
export const STRATEGIC = 'application/strategic-merge-patch+json';
export const JSON_PATCH = 'application/json-patch+json';

export const cmPath = '/api/v1/namespaces/{ns}/configmaps';
export const secretPath = '/api/v1/namespaces/{ns}/secrets';
export const deployPath = '/apis/apps/v1/namespaces/{ns}/deployments';
export const widgetPath = '/apis/{group}/v1/namespaces/{ns}/widgets';

/** Creates the scenario's namespace. */
export const namespaceStep: Step = {
  name: 'namespace',
  setup: true,
  method: 'POST',
  path: '/api/v1/namespaces',
  body: (ctx) => ({ json: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ctx.ns } } }),
};

const widgetSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        replicas: { type: 'integer' },
        color: { type: 'string' },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, port: { type: 'integer' } } },
        },
        tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
        config: { type: 'object', 'x-kubernetes-map-type': 'atomic', additionalProperties: { type: 'string' } },
      },
    },
    status: { type: 'object', properties: { ready: { type: 'boolean' }, phase: { type: 'string' } } },
  },
};

function established(answer: Answer): boolean {
  const conditions = (answer.body as { status?: { conditions?: { type: string; status: string }[] } } | undefined)?.status?.conditions ?? [];
  return conditions.some((c) => c.type === 'Established' && c.status === 'True');
}

/**
 * Setup steps creating the namespaced CRD `widgets.{group}` with one version (`version`, e.g.
 * `{ name: 'v1', served: true, storage: true, schema, subresources }`), then waiting until it is
 * established and `servedPath` answers.
 */
export function widgetCrdSteps(version: Record<string, unknown>, servedPath: Step['path']): Step[] {
  return [
    {
      name: 'crd',
      setup: true,
      method: 'POST',
      path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      body: (ctx) => ({
        json: {
          apiVersion: 'apiextensions.k8s.io/v1',
          kind: 'CustomResourceDefinition',
          metadata: { name: `widgets.${ctx.group}` },
          spec: {
            group: ctx.group,
            scope: 'Namespaced',
            names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
            versions: [version],
          },
        },
      }),
    },
    {
      name: 'crd-established',
      setup: true,
      method: 'GET',
      path: (ctx) => `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.${ctx.group}`,
      until: established,
    },
    { name: 'crd-served', setup: true, method: 'GET', path: servedPath, until: (a) => a.status === 200 },
  ];
}

/** Namespace, then a namespaced CRD `widgets.{group}` (v1, status subresource, structural schema), established and served. */
export const crdSteps: readonly Step[] = [
  namespaceStep,
  ...widgetCrdSteps({ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: widgetSchema }, subresources: { status: {} } }, widgetPath),
];

export function configMap(name: string, data: Record<string, string>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data, ...extra };
}

export function deployment(name: string, replicas: number, image = 'nginx:1.27'): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image }] } },
    },
  };
}

export function widget(group: string, name: string, spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name }, spec };
}

/** A step's JSON answer body's `metadata.resourceVersion`. */
export function rvOf(answer: Answer | undefined): string {
  const rv = (answer?.body as { metadata?: { resourceVersion?: string } } | undefined)?.metadata?.resourceVersion;
  if (rv === undefined) throw new Error('no resourceVersion in the earlier answer');
  return rv;
}
