// Small OpenAPI v3 definitions with the list and map semantics of the real ones, for tests that
// must not wait on the generated data: a Deployment with its pod template, and ObjectMeta.
import type { OpenApiDefinitions } from '../../src/internal/apply/openapi-schema.js';

const REF = (name: string): Record<string, unknown> => ({ allOf: [{ $ref: `#/components/schemas/${name}` }], default: {} });
const STRING = { type: 'string' };
const STRING_MAP = { type: 'object', additionalProperties: { type: 'string', default: '' } };

/** `io.k8s.api.apps.v1.Deployment` and what it refers to, trimmed to the fields the tests use. */
export const TEST_DEFINITIONS: OpenApiDefinitions = {
  'io.k8s.api.apps.v1.Deployment': {
    type: 'object',
    properties: {
      apiVersion: STRING,
      kind: STRING,
      metadata: REF('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'),
      spec: REF('io.k8s.api.apps.v1.DeploymentSpec'),
      status: REF('io.k8s.api.apps.v1.DeploymentStatus'),
    },
    'x-kubernetes-group-version-kind': [{ group: 'apps', kind: 'Deployment', version: 'v1' }],
  },
  'io.k8s.api.apps.v1.DeploymentSpec': {
    type: 'object',
    required: ['selector', 'template'],
    properties: {
      replicas: { type: 'integer', format: 'int32' },
      selector: REF('io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector'),
      template: REF('io.k8s.api.core.v1.PodTemplateSpec'),
      paused: { type: 'boolean' },
    },
  },
  'io.k8s.api.apps.v1.DeploymentStatus': {
    type: 'object',
    properties: {
      replicas: { type: 'integer', format: 'int32' },
      readyReplicas: { type: 'integer', format: 'int32' },
    },
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector': {
    type: 'object',
    properties: { matchLabels: STRING_MAP },
    'x-kubernetes-map-type': 'atomic',
  },
  'io.k8s.api.core.v1.PodTemplateSpec': {
    type: 'object',
    properties: {
      metadata: REF('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'),
      spec: REF('io.k8s.api.core.v1.PodSpec'),
    },
  },
  'io.k8s.api.core.v1.PodSpec': {
    type: 'object',
    properties: {
      containers: {
        type: 'array',
        items: REF('io.k8s.api.core.v1.Container'),
        'x-kubernetes-list-map-keys': ['name'],
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-patch-merge-key': 'name',
        'x-kubernetes-patch-strategy': 'merge',
      },
      nodeSelector: { ...STRING_MAP, 'x-kubernetes-map-type': 'atomic' },
      tolerations: { type: 'array', items: REF('io.k8s.api.core.v1.Toleration'), 'x-kubernetes-list-type': 'atomic' },
      hostAliases: {
        type: 'array',
        items: { type: 'object', properties: { ip: STRING, hostnames: { type: 'array', items: STRING } } },
        'x-kubernetes-patch-merge-key': 'ip',
        'x-kubernetes-patch-strategy': 'merge',
      },
    },
  },
  'io.k8s.api.core.v1.Toleration': { type: 'object', properties: { key: STRING, operator: STRING } },
  'io.k8s.api.core.v1.Container': {
    type: 'object',
    required: ['name'],
    properties: {
      name: STRING,
      image: STRING,
      args: { type: 'array', items: STRING, 'x-kubernetes-list-type': 'atomic' },
      ports: {
        type: 'array',
        items: REF('io.k8s.api.core.v1.ContainerPort'),
        'x-kubernetes-list-map-keys': ['containerPort', 'protocol'],
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-patch-merge-key': 'containerPort',
        'x-kubernetes-patch-strategy': 'merge',
      },
      resources: REF('io.k8s.api.core.v1.ResourceRequirements'),
    },
  },
  'io.k8s.api.core.v1.ContainerPort': {
    type: 'object',
    required: ['containerPort'],
    properties: {
      containerPort: { type: 'integer', format: 'int32' },
      name: STRING,
      protocol: { type: 'string', default: 'TCP' },
    },
  },
  'io.k8s.api.core.v1.ResourceRequirements': {
    type: 'object',
    properties: { limits: { type: 'object', additionalProperties: REF('io.k8s.apimachinery.pkg.api.resource.Quantity') } },
  },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { type: 'string', 'x-kubernetes-int-or-string': true },
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': {
    type: 'object',
    properties: {
      annotations: STRING_MAP,
      creationTimestamp: REF('io.k8s.apimachinery.pkg.apis.meta.v1.Time'),
      finalizers: { type: 'array', items: { type: 'string', default: '' }, 'x-kubernetes-list-type': 'set', 'x-kubernetes-patch-strategy': 'merge' },
      generation: { type: 'integer', format: 'int64' },
      labels: STRING_MAP,
      managedFields: { type: 'array', items: REF('io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry'), 'x-kubernetes-list-type': 'atomic' },
      name: STRING,
      namespace: STRING,
      ownerReferences: {
        type: 'array',
        items: REF('io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference'),
        'x-kubernetes-list-map-keys': ['uid'],
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-patch-merge-key': 'uid',
        'x-kubernetes-patch-strategy': 'merge',
      },
      resourceVersion: STRING,
      uid: STRING,
    },
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': { type: 'string', format: 'date-time' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry': {
    type: 'object',
    properties: { manager: STRING, operation: STRING, apiVersion: STRING, time: REF('io.k8s.apimachinery.pkg.apis.meta.v1.Time'), fieldsType: STRING, fieldsV1: { type: 'object' } },
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference': {
    type: 'object',
    required: ['apiVersion', 'kind', 'name', 'uid'],
    properties: { apiVersion: STRING, kind: STRING, name: STRING, uid: STRING, controller: { type: 'boolean' } },
    'x-kubernetes-map-type': 'atomic',
  },
};

/** A new empty Deployment as Go's converter writes it: the non-pointer structs are there, empty. */
export const EMPTY_DEPLOYMENT = {
  metadata: { creationTimestamp: null },
  spec: { selector: null, template: { metadata: { creationTimestamp: null }, spec: { containers: null } }, strategy: {} },
  status: {},
};
