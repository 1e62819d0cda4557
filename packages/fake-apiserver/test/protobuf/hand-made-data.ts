// Small hand-made messages in the shape of the generated data (schema/data.ts), for the codec's
// unit tests: a ConfigMap, a Secret, a Deployment-like object and meta.k8s.io's messages.
import type { GeneratedProtobuf, GeneratedResource, ProtoField, ProtoMessage } from '../../src/internal/schema/data.js';
import type { ProtobufCodecData } from '../../src/internal/protobuf/codec.js';

const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';
const CORE = 'k8s.io.api.core.v1';
const APPS = 'k8s.io.api.apps.v1';

function field(name: string, number: number, type: ProtoField['type'], extra: Partial<ProtoField> = {}): ProtoField {
  return { name, number, type, goType: type, ...extra };
}

function msg(fields: ProtoField[], extra: Partial<ProtoMessage> = {}): ProtoMessage {
  return { fields, goType: 'k8s.io/test', ...extra };
}

const ptr = { pointer: true } as const;
const omit = { omitEmpty: true } as const;
const rep = { repeated: true } as const;

const messages: Record<string, ProtoMessage> = {
  [`${META}.Time`]: msg([field('seconds', 1, 'int64'), field('nanos', 2, 'int32')], { special: 'Time' }),
  [`${META}.MicroTime`]: msg([field('seconds', 1, 'int64'), field('nanos', 2, 'int32')], { special: 'MicroTime' }),
  [`${META}.Duration`]: msg([field('duration', 1, 'int64')], { special: 'Duration' }),
  [`${META}.FieldsV1`]: msg([field('Raw', 1, 'bytes')], { special: 'FieldsV1' }),
  'k8s.io.apimachinery.pkg.api.resource.Quantity': msg([field('string', 1, 'string')], { special: 'Quantity' }),
  'k8s.io.apimachinery.pkg.util.intstr.IntOrString': msg(
    [field('type', 1, 'int64'), field('intVal', 2, 'int32'), field('strVal', 3, 'string')],
    { special: 'IntOrString' },
  ),
  'k8s.io.apimachinery.pkg.runtime.RawExtension': msg([field('raw', 1, 'bytes')], { special: 'RawExtension' }),
  [`${META}.Verbs`]: msg([field('items', 1, 'string', rep)], { special: 'list' }),
  [`${META}.ManagedFieldsEntry`]: msg([
    field('manager', 1, 'string', omit),
    field('operation', 2, 'string', omit),
    field('apiVersion', 3, 'string', omit),
    field('time', 4, 'message', { message: `${META}.Time`, ...ptr, ...omit }),
    field('fieldsType', 6, 'string', omit),
    field('fieldsV1', 7, 'message', { message: `${META}.FieldsV1`, ...ptr, ...omit }),
    field('subresource', 8, 'string', omit),
  ]),
  [`${META}.ObjectMeta`]: msg([
    field('name', 1, 'string', omit),
    field('generateName', 2, 'string', omit),
    field('namespace', 3, 'string', omit),
    field('uid', 5, 'string', omit),
    field('resourceVersion', 6, 'string', omit),
    field('generation', 7, 'int64', omit),
    // Go's `omitzero` as the generated data marks it (not in data.ts's ProtoField yet).
    field('creationTimestamp', 8, 'message', { message: `${META}.Time`, ...omit, ...({ omitZero: true } as Partial<ProtoField>) }),
    field('deletionTimestamp', 9, 'message', { message: `${META}.Time`, ...ptr, ...omit }),
    field('deletionGracePeriodSeconds', 10, 'int64', { ...ptr, ...omit }),
    field('labels', 11, 'string', { map: { key: 'string', value: { type: 'string' } }, ...omit }),
    field('annotations', 12, 'string', { map: { key: 'string', value: { type: 'string' } }, ...omit }),
    field('finalizers', 14, 'string', { ...rep, ...omit }),
    field('managedFields', 17, 'message', { message: `${META}.ManagedFieldsEntry`, ...rep, ...omit }),
  ]),
  [`${META}.ListMeta`]: msg([
    field('resourceVersion', 2, 'string', omit),
    field('continue', 3, 'string', omit),
    field('remainingItemCount', 4, 'int64', { ...ptr, ...omit }),
  ]),
  [`${META}.WatchEvent`]: msg([
    field('type', 1, 'string'),
    field('object', 2, 'message', { message: 'k8s.io.apimachinery.pkg.runtime.RawExtension' }),
  ]),
  [`${META}.Status`]: msg([
    field('metadata', 1, 'message', { message: `${META}.ListMeta`, ...omit }),
    field('status', 2, 'string', omit),
    field('message', 3, 'string', omit),
    field('reason', 4, 'string', omit),
    field('code', 6, 'int32', omit),
  ]),
  [`${META}.APIResource`]: msg([
    field('name', 1, 'string'),
    field('namespaced', 2, 'bool'),
    field('kind', 3, 'string'),
    field('verbs', 4, 'message', { message: `${META}.Verbs` }),
    field('shortNames', 5, 'string', { ...rep, ...omit }),
  ]),
  [`${CORE}.ConfigMap`]: msg([
    field('metadata', 1, 'message', { message: `${META}.ObjectMeta`, ...omit }),
    field('data', 2, 'string', { map: { key: 'string', value: { type: 'string' } }, ...omit }),
    field('binaryData', 3, 'bytes', { map: { key: 'string', value: { type: 'bytes' } }, ...omit }),
    field('immutable', 4, 'bool', { ...ptr, ...omit }),
  ]),
  [`${CORE}.ConfigMapList`]: msg([
    field('metadata', 1, 'message', { message: `${META}.ListMeta`, ...omit }),
    field('items', 2, 'message', { message: `${CORE}.ConfigMap`, ...rep }),
  ]),
  [`${CORE}.Secret`]: msg([
    field('metadata', 1, 'message', { message: `${META}.ObjectMeta`, ...omit }),
    field('data', 2, 'bytes', { map: { key: 'string', value: { type: 'bytes' } }, ...omit }),
    field('type', 3, 'string', omit),
    field('stringData', 4, 'string', { map: { key: 'string', value: { type: 'string' } }, ...omit }),
    field('immutable', 5, 'bool', { ...ptr, ...omit }),
  ]),
  [`${CORE}.SecretVolumeSource`]: msg([field('secretName', 1, 'string', omit), field('defaultMode', 3, 'int32', { ...ptr, ...omit })]),
  [`${CORE}.VolumeSource`]: msg([
    field('secret', 6, 'message', { message: `${CORE}.SecretVolumeSource`, ...ptr, ...omit }),
  ]),
  [`${CORE}.Volume`]: msg([
    field('name', 1, 'string'),
    field('VolumeSource', 2, 'message', { message: `${CORE}.VolumeSource`, inline: true }),
  ]),
  [`${CORE}.ContainerPort`]: msg([field('name', 1, 'string', omit), field('containerPort', 3, 'int32'), field('protocol', 4, 'string', omit)]),
  [`${CORE}.ResourceRequirements`]: msg([
    field('limits', 1, 'message', { map: { key: 'string', value: { type: 'message', message: 'k8s.io.apimachinery.pkg.api.resource.Quantity' } }, ...omit }),
  ]),
  [`${CORE}.Probe`]: msg([field('port', 1, 'message', { message: 'k8s.io.apimachinery.pkg.util.intstr.IntOrString' })]),
  [`${CORE}.Container`]: msg([
    field('name', 1, 'string'),
    field('image', 2, 'string', omit),
    field('command', 3, 'string', { ...rep, ...omit }),
    field('ports', 6, 'message', { message: `${CORE}.ContainerPort`, ...rep, ...omit }),
    field('resources', 8, 'message', { message: `${CORE}.ResourceRequirements`, ...omit }),
    field('livenessProbe', 10, 'message', { message: `${CORE}.Probe`, ...ptr, ...omit }),
    field('tty', 18, 'bool', omit),
  ]),
  [`${CORE}.PodSpec`]: msg([
    field('volumes', 1, 'message', { message: `${CORE}.Volume`, ...rep, ...omit }),
    field('containers', 2, 'message', { message: `${CORE}.Container`, ...rep }),
    field('terminationGracePeriodSeconds', 4, 'int64', { ...ptr, ...omit }),
  ]),
  [`${CORE}.PodTemplateSpec`]: msg([
    field('metadata', 1, 'message', { message: `${META}.ObjectMeta`, ...omit }),
    field('spec', 2, 'message', { message: `${CORE}.PodSpec`, ...omit }),
  ]),
  [`${APPS}.DeploymentSpec`]: msg([
    field('replicas', 1, 'int32', { ...ptr, ...omit }),
    field('template', 3, 'message', { message: `${CORE}.PodTemplateSpec` }),
    field('minReadySeconds', 5, 'int32', omit),
    field('progressDeadlineSeconds', 9, 'int32', { ...ptr, ...omit }),
  ]),
  [`${APPS}.DeploymentStatus`]: msg([
    field('observedGeneration', 1, 'int64', omit),
    field('replicas', 2, 'int32', omit),
    field('lastUpdate', 9, 'message', { message: `${META}.MicroTime`, ...ptr, ...omit }),
  ]),
  [`${APPS}.Deployment`]: msg([
    field('metadata', 1, 'message', { message: `${META}.ObjectMeta`, ...omit }),
    field('spec', 2, 'message', { message: `${APPS}.DeploymentSpec`, ...omit }),
    field('status', 3, 'message', { message: `${APPS}.DeploymentStatus`, ...omit }),
  ]),
  [`${CORE}.Event`]: msg([
    field('metadata', 1, 'message', { message: `${META}.ObjectMeta`, ...omit }),
    field('reason', 3, 'string', omit),
    field('eventTime', 14, 'message', { message: `${META}.MicroTime` }),
    field('series', 15, 'message', { message: `${META}.Duration`, ...ptr, ...omit }),
  ]),
};

const protobuf: GeneratedProtobuf = { messages };

function resource(group: string, kind: string, plural: string, pkg: string): GeneratedResource {
  return {
    group,
    version: 'v1',
    kind,
    listKind: `${kind}List`,
    plural,
    singular: kind.toLowerCase(),
    namespaced: true,
    verbs: ['create', 'delete', 'get', 'list', 'update', 'watch'],
    shortNames: [],
    categories: [],
    subresources: [],
    schema: `io.${pkg}.${kind}`,
    protobuf: `${pkg}.${kind}`,
  };
}

/** Hand-made codec data: ConfigMap(List), Secret, Event in v1; Deployment in apps/v1. */
export const TEST_DATA: ProtobufCodecData = {
  protobuf,
  resources: [
    resource('', 'ConfigMap', 'configmaps', CORE),
    resource('', 'Secret', 'secrets', CORE),
    resource('', 'Event', 'events', CORE),
    resource('apps', 'Deployment', 'deployments', APPS),
  ],
};
