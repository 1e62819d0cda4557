// A small subset of kube's OpenAPI v3 definitions, shaped as kube-apiserver publishes them
// (references wrapped in `allOf`, GVK extensions), for tests that run before or without the
// definitions generated from the Kubernetes API modules. Everything here is also in those.
import type { OpenApiSchema } from '../../src/internal/schema/data.js';

const ref = (name: string, description?: string): OpenApiSchema => ({
  allOf: [{ $ref: `#/components/schemas/${name}` }],
  ...(description === undefined ? {} : { description }),
  default: {},
});
const str = (description: string): OpenApiSchema => ({ type: 'string', description, default: '' });
const gvk = (group: string, version: string, kind: string): OpenApiSchema => ({
  'x-kubernetes-group-version-kind': [{ group, kind, version }],
});
const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
const CORE = 'io.k8s.api.core.v1.';
const APPS = 'io.k8s.api.apps.v1.';

export const HAND_MADE_DEFINITIONS: Readonly<Record<string, OpenApiSchema>> = {
  [`${META}ObjectMeta`]: {
    type: 'object',
    description: 'ObjectMeta is metadata that all persisted resources must have.',
    properties: {
      annotations: { type: 'object', additionalProperties: { type: 'string', default: '' } },
      creationTimestamp: ref(`${META}Time`),
      deletionGracePeriodSeconds: { type: 'integer', format: 'int64' },
      deletionTimestamp: ref(`${META}Time`),
      finalizers: { type: 'array', items: { type: 'string', default: '' }, 'x-kubernetes-list-type': 'set', 'x-kubernetes-patch-strategy': 'merge' },
      generateName: str('GenerateName is an optional prefix.'),
      generation: { type: 'integer', format: 'int64' },
      labels: { type: 'object', additionalProperties: { type: 'string', default: '' } },
      managedFields: { type: 'array', items: ref(`${META}ManagedFieldsEntry`), 'x-kubernetes-list-type': 'atomic' },
      name: str('Name must be unique within a namespace.'),
      namespace: str('Namespace defines the space within which each name must be unique.'),
      ownerReferences: {
        type: 'array',
        items: ref(`${META}OwnerReference`),
        'x-kubernetes-list-map-keys': ['uid'],
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-patch-merge-key': 'uid',
        'x-kubernetes-patch-strategy': 'merge',
      },
      resourceVersion: str('An opaque value that represents the internal version of this object.'),
      selfLink: str('Deprecated.'),
      uid: str('UID is the unique in time and space value for this object.'),
    },
  },
  [`${META}Time`]: { type: 'string', format: 'date-time' },
  [`${META}FieldsV1`]: { type: 'object', description: 'FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format.' },
  [`${META}ManagedFieldsEntry`]: {
    type: 'object',
    properties: {
      apiVersion: str('APIVersion defines the version of this resource that this field set applies to.'),
      fieldsType: str('FieldsType is the discriminator for the different fields format and version.'),
      fieldsV1: ref(`${META}FieldsV1`),
      manager: str('Manager is an identifier of the workflow managing these fields.'),
      operation: str('Operation is the type of operation which lead to this ManagedFieldsEntry being created.'),
      subresource: str('Subresource is the name of the subresource used to update that object.'),
      time: ref(`${META}Time`),
    },
  },
  [`${META}OwnerReference`]: {
    type: 'object',
    required: ['apiVersion', 'kind', 'name', 'uid'],
    properties: {
      apiVersion: str('API version of the referent.'),
      blockOwnerDeletion: { type: 'boolean' },
      controller: { type: 'boolean' },
      kind: str('Kind of the referent.'),
      name: str('Name of the referent.'),
      uid: str('UID of the referent.'),
    },
    'x-kubernetes-map-type': 'atomic',
  },
  [`${META}LabelSelector`]: {
    type: 'object',
    properties: { matchLabels: { type: 'object', additionalProperties: { type: 'string', default: '' } } },
    'x-kubernetes-map-type': 'atomic',
  },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { type: 'string', description: 'Quantity is a fixed-point representation of a number.' },
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { type: 'string', format: 'int-or-string', 'x-kubernetes-int-or-string': true },
  [`${CORE}ConfigMap`]: {
    type: 'object',
    description: 'ConfigMap holds configuration data for pods to consume.',
    properties: {
      apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
      binaryData: { type: 'object', additionalProperties: { type: 'string', format: 'byte' } },
      data: { type: 'object', additionalProperties: { type: 'string', default: '' } },
      immutable: { type: 'boolean' },
      kind: str('Kind is a string value representing the REST resource this object represents.'),
      metadata: ref(`${META}ObjectMeta`, "Standard object's metadata."),
    },
    ...gvk('', 'v1', 'ConfigMap'),
  },
  [`${CORE}ContainerPort`]: {
    type: 'object',
    required: ['containerPort'],
    properties: {
      containerPort: { type: 'integer', format: 'int32', default: 0 },
      name: str('If specified, this must be an IANA_SVC_NAME.'),
      protocol: str('Protocol for port.'),
    },
  },
  [`${CORE}EnvVar`]: { type: 'object', properties: { name: str('Name of the environment variable.'), value: str('Variable references.') } },
  [`${CORE}ResourceRequirements`]: {
    type: 'object',
    properties: {
      limits: { type: 'object', additionalProperties: ref('io.k8s.apimachinery.pkg.api.resource.Quantity') },
      requests: { type: 'object', additionalProperties: ref('io.k8s.apimachinery.pkg.api.resource.Quantity') },
    },
  },
  [`${CORE}Container`]: {
    type: 'object',
    required: ['name'],
    properties: {
      args: { type: 'array', items: { type: 'string', default: '' }, 'x-kubernetes-list-type': 'atomic' },
      env: {
        type: 'array',
        items: ref(`${CORE}EnvVar`),
        'x-kubernetes-list-map-keys': ['name'],
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-patch-merge-key': 'name',
        'x-kubernetes-patch-strategy': 'merge',
      },
      image: str('Container image name.'),
      imagePullPolicy: str('Image pull policy.'),
      name: str('Name of the container specified as a DNS_LABEL.'),
      ports: {
        type: 'array',
        items: ref(`${CORE}ContainerPort`),
        'x-kubernetes-list-map-keys': ['containerPort', 'protocol'],
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-patch-merge-key': 'containerPort',
        'x-kubernetes-patch-strategy': 'merge',
      },
      resources: ref(`${CORE}ResourceRequirements`),
      terminationMessagePath: str('Optional: Path at which the file to which the container\'s termination message will be written.'),
    },
  },
  [`${CORE}PodSpec`]: {
    type: 'object',
    required: ['containers'],
    properties: {
      containers: {
        type: 'array',
        items: ref(`${CORE}Container`),
        'x-kubernetes-list-map-keys': ['name'],
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-patch-merge-key': 'name',
        'x-kubernetes-patch-strategy': 'merge',
      },
      nodeName: str('NodeName indicates in which node this pod is scheduled.'),
      restartPolicy: str('Restart policy for all containers within the pod.'),
    },
  },
  [`${CORE}PodTemplateSpec`]: {
    type: 'object',
    properties: { metadata: ref(`${META}ObjectMeta`), spec: ref(`${CORE}PodSpec`) },
  },
  [`${APPS}DeploymentSpec`]: {
    type: 'object',
    required: ['selector', 'template'],
    properties: {
      paused: { type: 'boolean', description: 'Indicates that the deployment is paused.' },
      replicas: { type: 'integer', format: 'int32', description: 'Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.' },
      selector: ref(`${META}LabelSelector`),
      template: ref(`${CORE}PodTemplateSpec`),
    },
  },
  [`${APPS}DeploymentStatus`]: {
    type: 'object',
    properties: { observedGeneration: { type: 'integer', format: 'int64' }, replicas: { type: 'integer', format: 'int32' } },
  },
  [`${APPS}Deployment`]: {
    type: 'object',
    description: 'Deployment enables declarative updates for Pods and ReplicaSets.',
    properties: {
      apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
      kind: str('Kind is a string value representing the REST resource this object represents.'),
      metadata: ref(`${META}ObjectMeta`, "Standard object's metadata."),
      spec: ref(`${APPS}DeploymentSpec`, 'Specification of the desired behavior of the Deployment.'),
      status: ref(`${APPS}DeploymentStatus`, 'Most recently observed status of the Deployment.'),
    },
    ...gvk('apps', 'v1', 'Deployment'),
  },
};
