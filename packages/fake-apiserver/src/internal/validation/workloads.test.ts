// Deployment, ReplicaSet, StatefulSet, DaemonSet and ReplicationController validation: the causes
// kube-apiserver v1.37.2 answers for the same (defaulted) objects.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types.js';
import type { KindStrategy, JsonObject } from '../strategy.js';
import { causeTexts, testContext } from '../../../test/helpers/strategy-context.js';
import {
  daemonSetValidation,
  deploymentValidation,
  replicaSetValidation,
  replicationControllerValidation,
  statefulSetValidation,
} from './workloads.js';

const ctx = testContext();
const check = (strategy: KindStrategy, spec: JsonObject): string[] => causeTexts(strategy.validate?.({ spec }, ctx) ?? []);
const checkUpdate = (strategy: KindStrategy, spec: JsonObject, old: JsonObject, subresource?: string): string[] =>
  causeTexts(strategy.validateUpdate?.({ spec }, { spec: old } as unknown as KubeObject, testContext(subresource)) ?? []);

const template = (labels: Record<string, string> | undefined, image = 'x'): JsonObject => ({
  metadata: labels === undefined ? {} : { labels },
  spec: { containers: [{ name: 'c', image }], restartPolicy: 'Always' },
});
const MISMATCH = 'spec.template.metadata.labels: Invalid value: {"app":"a"}: `selector` does not match template `labels`';
const NO_IMAGE = 'spec.template.spec.containers[0].image: Required value';

describe('Deployment', () => {
  it('accepts a selector that selects the template', () => {
    expect(check(deploymentValidation, { replicas: 1, selector: { matchLabels: { app: 'a' } }, template: template({ app: 'a' }) })).toEqual([]);
  });

  it('reports negative replicas, a selector mismatch and the template, in kube order', () => {
    const spec = { replicas: -1, selector: { matchLabels: { app: 'a' } }, template: { metadata: { labels: { app: 'b' } }, spec: { containers: [{ name: 'Web_1', image: '' }] } } };
    expect(check(deploymentValidation, spec)).toEqual([
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      'spec.template.metadata.labels: Invalid value: {"app":"b"}: `selector` does not match template `labels`',
      "spec.template.spec.containers[0].name: Invalid value: \"Web_1\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      'spec.template.spec.containers[0].image: Required value',
    ]);
  });

  it('requires a selector and refuses an empty or invalid one', () => {
    expect(check(deploymentValidation, { template: template({ app: 'a' }) })).toEqual(['spec.selector: Required value', MISMATCH]);
    expect(check(deploymentValidation, { selector: {}, template: template({ app: 'a' }) })).toEqual([
      'spec.selector: Invalid value: {}: empty selector is invalid for deployment',
    ]);
    const selector = { matchLabels: { app: 'a' }, matchExpressions: [{ key: 'x', operator: 'Foo' }, { key: 'y', operator: 'In' }] };
    expect(check(deploymentValidation, { selector, template: template({ app: 'a' }, '') })).toEqual([
      'spec.selector.matchExpressions[0].operator: Invalid value: "Foo": not a valid selector operator',
      "spec.selector.matchExpressions[1].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      'spec.selector: Invalid value: {"matchLabels":{"app":"a"},"matchExpressions":[{"key":"x","operator":"Foo"},{"key":"y","operator":"In"}]}: invalid label selector',
    ]);
  });

  it('checks the strategy, history limit and progress deadline', () => {
    const base = { selector: { matchLabels: { app: 'a' } }, template: template({ app: 'a' }) };
    expect(check(deploymentValidation, { ...base, strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } }, revisionHistoryLimit: -1, minReadySeconds: 10, progressDeadlineSeconds: 5 })).toEqual([
      "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
      'spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0',
      'spec.progressDeadlineSeconds: Invalid value: 5: must be greater than minReadySeconds',
    ]);
    expect(check(deploymentValidation, { ...base, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } } })).toEqual([
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "0%": may not be 0 when `maxSurge` is 0',
    ]);
    expect(check(deploymentValidation, { ...base, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 'x', maxUnavailable: '150%' } } })).toEqual([
      "spec.strategy.rollingUpdate.maxSurge: Invalid value: \"x\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%',
    ]);
    expect(check(deploymentValidation, { ...base, strategy: { type: 'Blue' } })).toEqual([
      'spec.strategy: Unsupported value: {"Type":"Blue","RollingUpdate":null}: supported values: "Recreate", "RollingUpdate"',
    ]);
  });

  it('wants templates that restart Always and have no deadline', () => {
    const t = { metadata: { labels: { app: 'a' } }, spec: { restartPolicy: 'Never', activeDeadlineSeconds: 5, containers: [{ name: 'c', image: 'x' }] } };
    expect(check(deploymentValidation, { selector: { matchLabels: { app: 'a' } }, template: t })).toEqual([
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
      'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported',
    ]);
  });

  it('reports template labels and annotations at kube internal paths', () => {
    const t = { metadata: { labels: { app: 'a', 'Bad_/x': 'y' }, annotations: { '-x': 'y' } }, spec: { containers: [{ name: 'c', image: 'x' }] } };
    expect(check(deploymentValidation, { selector: { matchLabels: { app: 'a' } }, template: t }).map((t) => t.slice(0, t.indexOf(':')))).toEqual([
      'spec.template.labels',
      'spec.template.annotations',
    ]);
  });

  it('keeps the selector on update, after the spec checks', () => {
    const old = { selector: { matchLabels: { app: 'a' } }, template: template({ app: 'a' }) };
    expect(checkUpdate(deploymentValidation, { ...old, selector: { matchLabels: { app: 'b' } } }, old)).toEqual([
      MISMATCH,
      'spec.selector: Invalid value: {"matchLabels":{"app":"b"}}: field is immutable',
    ]);
    expect(checkUpdate(deploymentValidation, { ...old, replicas: 5 }, old)).toEqual([]);
    expect(checkUpdate(deploymentValidation, { replicas: -1 }, old, 'status')).toEqual([]);
  });
});

describe('ReplicaSet, StatefulSet, DaemonSet, ReplicationController', () => {
  it('ReplicaSet', () => {
    expect(check(replicaSetValidation, { replicas: -1, minReadySeconds: -1, selector: { matchLabels: { app: 'b' } }, template: template({ app: 'a' }, '') })).toEqual([
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      'spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0',
      MISMATCH,
      NO_IMAGE,
    ]);
  });

  it('StatefulSet', () => {
    const spec = {
      replicas: -2,
      podManagementPolicy: 'Foo',
      minReadySeconds: -1,
      ordinals: { start: -1 },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Keep' },
      updateStrategy: { type: 'OnDelete', rollingUpdate: { partition: 1 } },
      selector: { matchLabels: { app: 'b' } },
      template: template({ app: 'a' }, ''),
    };
    expect(check(statefulSetValidation, spec)).toEqual([
      "spec.podManagementPolicy: Invalid value: \"Foo\": must be 'OrderedReady' or 'Parallel'",
      'spec.updateStrategy.rollingUpdate: Invalid value: {"Partition":1,"MaxUnavailable":null}: only allowed for updateStrategy \'RollingUpdate\'',
      'spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Retain", "Delete"',
      'spec.replicas: Invalid value: -2: must be greater than or equal to 0',
      'spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0',
      'spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0',
      MISMATCH,
      NO_IMAGE,
    ]);
    expect(check(statefulSetValidation, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: -1, maxUnavailable: 0 } }, selector: {}, template: template({ app: 'a' }, '') })).toEqual([
      'spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0',
      'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: cannot be 0',
      'spec.selector: Invalid value: {}: empty selector is invalid for statefulset',
      NO_IMAGE,
    ]);
    const old = { serviceName: 'x', podManagementPolicy: 'OrderedReady', selector: { matchLabels: { app: 'a' } }, template: template({ app: 'a' }) };
    expect(checkUpdate(statefulSetValidation, { ...old, serviceName: 'y', replicas: 3 }, old)).toEqual(['spec.serviceName: Invalid value: "y": field is immutable']);
    expect(checkUpdate(statefulSetValidation, { ...old, podManagementPolicy: 'Parallel' }, old)).toEqual([
      'spec.podManagementPolicy: Invalid value: "Parallel": field is immutable',
    ]);
  });

  it('StatefulSet claim templates: required fields, and each one a volume of the template', () => {
    const spec = { updateStrategy: { type: 'Blue' }, volumeClaimTemplates: [{ metadata: { name: 'Bad_V' }, spec: {} }], selector: { matchLabels: { app: 'a' } }, template: template({ app: 'a' }) };
    const [strategy, accessModes, storage, volume, ...rest] = check(statefulSetValidation, spec);
    expect([strategy, accessModes, storage]).toEqual([
      'spec.updateStrategy: Invalid value: {"Type":"Blue","RollingUpdate":null}: must be \'RollingUpdate\' or \'OnDelete\'',
      'spec.volumeClaimTemplates[0].spec.accessModes: Required value: at least 1 access mode is required',
      'spec.volumeClaimTemplates[0].spec.resources[storage]: Required value',
    ]);
    expect(volume).toMatch(/^spec\.template\.spec\.volumes\[0\]\.name: Invalid value: "Bad_V": a lowercase RFC 1123 label/);
    expect(rest).toEqual([]);
  });

  it('DaemonSet', () => {
    const spec = {
      selector: { matchLabels: { app: 'b' } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } },
      revisionHistoryLimit: -1,
      minReadySeconds: -1,
      template: template({ app: 'a' }, ''),
    };
    expect(check(daemonSetValidation, spec)).toEqual([
      MISMATCH,
      NO_IMAGE,
      'spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0',
      'spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0',
      'spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0',
    ]);
    expect(check(daemonSetValidation, { template: template({ app: 'a' }, '') })).toEqual([MISMATCH, NO_IMAGE]);
  });

  it('ReplicationController', () => {
    expect(check(replicationControllerValidation, { replicas: -1, minReadySeconds: -1, selector: { app: 'b' }, template: template({ app: 'a' }, '') })).toEqual([
      MISMATCH,
      NO_IMAGE,
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      'spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0',
    ]);
    expect(check(replicationControllerValidation, { template: template(undefined) })).toEqual(['spec.selector: Required value']);
    expect(check(replicationControllerValidation, {})).toEqual(['spec.selector: Required value', 'spec.template: Required value']);
  });
});

describe('status writes', () => {
  const checkStatus = (strategy: KindStrategy, status: JsonObject, old: JsonObject = {}): string[] =>
    causeTexts(strategy.validateUpdate?.({ status }, { status: old } as unknown as KubeObject, testContext('status')) ?? []);

  it('Deployment: counters not negative, none above replicas, collisionCount not decremented', () => {
    expect(checkStatus(deploymentValidation, { replicas: -1, readyReplicas: 3, availableReplicas: 4, updatedReplicas: 2, observedGeneration: -1, collisionCount: -2 })).toEqual([
      'status.observedGeneration: Invalid value: -1: must be greater than or equal to 0',
      'status.replicas: Invalid value: -1: must be greater than or equal to 0',
      'status.collisionCount: Invalid value: -2: must be greater than or equal to 0',
      'status.updatedReplicas: Invalid value: 2: cannot be greater than status.replicas',
      'status.readyReplicas: Invalid value: 3: cannot be greater than status.replicas',
      'status.availableReplicas: Invalid value: 4: cannot be greater than status.replicas',
      'status.availableReplicas: Invalid value: 4: cannot be greater than readyReplicas',
    ]);
    expect(checkStatus(deploymentValidation, { replicas: 2, collisionCount: 1 }, { collisionCount: 2 })).toEqual(['status.collisionCount: Invalid value: 1: cannot be decremented']);
    expect(checkStatus(deploymentValidation, { replicas: 2, readyReplicas: 2, availableReplicas: 1 })).toEqual([]);
  });

  it('ReplicaSet, StatefulSet and DaemonSet', () => {
    expect(checkStatus(replicaSetValidation, { replicas: 1, fullyLabeledReplicas: 2 })).toEqual(['status.fullyLabeledReplicas: Invalid value: 2: cannot be greater than status.replicas']);
    expect(checkStatus(statefulSetValidation, { replicas: 1, readyReplicas: 1, availableReplicas: 2 })).toEqual([
      'status.availableReplicas: Invalid value: 2: cannot be greater than status.replicas',
      'status.availableReplicas: Invalid value: 2: cannot be greater than status.readyReplicas',
    ]);
    expect(checkStatus(daemonSetValidation, { numberReady: -1 })).toEqual(['status.numberReady: Invalid value: -1: must be greater than or equal to 0']);
    expect(checkStatus(replicationControllerValidation, { replicas: 1, readyReplicas: 1, availableReplicas: 2 })).toEqual([
      'status.availableReplicas: Invalid value: 2: cannot be greater than status.replicas',
      'status.availableReplicas: Invalid value: 2: cannot be greater than readyReplicas',
    ]);
  });
});
