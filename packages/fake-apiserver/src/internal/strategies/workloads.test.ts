import { describe, expect, it } from 'vitest';
import { Registry } from '../registry.js';
import { DEFAULT_STRATEGY_CONFIG, type KindStrategy, type StrategyContext } from '../strategy.js';
import {
  cronJobDefaulting,
  daemonSetDefaulting,
  deploymentDefaulting,
  jobDefaulting,
  podTemplateDefaulting,
  replicaSetDefaulting,
  replicationControllerDefaulting,
  statefulSetDefaulting,
} from './workloads.js';

// Deep reads of the defaulted objects, whose shapes the assertions check.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

function context(subresource?: string): StrategyContext {
  return { now: new Date(0), subresource, registry: new Registry(10), random: () => 0.5, config: DEFAULT_STRATEGY_CONFIG };
}

const UID = '0d3c6a4e-1f4b-4c55-9f0e-2a7a7c1d9b10';

/** Defaults `obj` as a create does (default, then prepareForCreate once the uid is set). */
function create(strategy: KindStrategy, obj: Json): Json {
  strategy.default?.(obj);
  obj.metadata.uid = UID;
  strategy.prepareForCreate?.(obj, context());
  return obj;
}

const template = (): Json => ({ metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'nginx:1' }] } });
const defaultedTemplate = {
  metadata: { labels: { app: 'a' } },
  spec: {
    containers: [{ name: 'c', image: 'nginx:1', imagePullPolicy: 'IfNotPresent', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }],
    dnsPolicy: 'ClusterFirst',
    restartPolicy: 'Always',
    securityContext: {},
    terminationGracePeriodSeconds: 30,
    schedulerName: 'default-scheduler',
  },
};
const selector = { matchLabels: { app: 'a' } };

describe('Deployment', () => {
  it('defaults replicas, a 25%/25% rolling update, history and progress deadline; a new one has an empty status', () => {
    const d = create(deploymentDefaulting, { metadata: { name: 'd' }, spec: { selector, template: template() }, status: { replicas: 3 } });
    expect(d.spec).toEqual({
      replicas: 1,
      selector,
      template: defaultedTemplate,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    });
    expect(d.status).toEqual({});
  });

  it('keeps what is set, and gives Recreate no rolling update', () => {
    const d = create(deploymentDefaulting, { metadata: { name: 'd' }, spec: { replicas: 0, strategy: { type: 'Recreate' }, revisionHistoryLimit: 0, template: template() } });
    expect(d.spec).toMatchObject({ replicas: 0, strategy: { type: 'Recreate' }, revisionHistoryLimit: 0 });
    const surge = create(deploymentDefaulting, { metadata: { name: 'd' }, spec: { strategy: { rollingUpdate: { maxSurge: 2 } } } });
    expect(surge.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 2, maxUnavailable: '25%' } });
  });

  it('counts annotation changes as generation changes, label changes not', () => {
    const old = create(deploymentDefaulting, { metadata: { name: 'd', annotations: { a: '1' } }, spec: { template: template() } });
    const next = (edit: (n: Json) => void): Json => {
      const n = structuredClone(old);
      edit(n);
      return n;
    };
    expect(deploymentDefaulting.generationChanged?.(next(() => undefined), old)).toBe(false);
    expect(deploymentDefaulting.generationChanged?.(next((n) => { n.metadata.labels = { x: 'y' }; }), old)).toBe(false);
    expect(deploymentDefaulting.generationChanged?.(next((n) => { n.metadata.annotations.a = '2'; }), old)).toBe(true);
    expect(deploymentDefaulting.generationChanged?.(next((n) => { n.spec.paused = true; }), old)).toBe(true);
  });
});

describe('ReplicaSet and ReplicationController', () => {
  it('default replicas to 1 and start with status.replicas 0, which every body carries', () => {
    const rs = create(replicaSetDefaulting, { metadata: { name: 'rs' }, spec: { selector, template: template() } });
    expect(rs.spec.replicas).toBe(1);
    expect(rs.status).toEqual({ replicas: 0 });
    const statusWrite: Json = { metadata: { name: 'rs' }, spec: {}, status: { readyReplicas: 1 } };
    replicaSetDefaulting.default?.(statusWrite);
    expect(statusWrite.status).toEqual({ readyReplicas: 1, replicas: 0 });
  });

  it('give a ReplicationController the template labels as selector and labels when it has none', () => {
    const rc = create(replicationControllerDefaulting, { metadata: { name: 'rc' }, spec: { template: template() } });
    expect(rc.metadata.labels).toEqual({ app: 'a' });
    expect(rc.spec).toEqual({ replicas: 1, selector: { app: 'a' }, template: defaultedTemplate });
    expect(rc.status).toEqual({ replicas: 0 });
    const own = create(replicationControllerDefaulting, { metadata: { name: 'rc', labels: { own: '1' } }, spec: { selector: { x: 'y' }, template: template() } });
    expect(own.metadata.labels).toEqual({ own: '1' });
    expect(own.spec.selector).toEqual({ x: 'y' });
  });
});

describe('StatefulSet', () => {
  it('defaults its policies, an empty serviceName and claim templates as PersistentVolumeClaims', () => {
    const ss = create(statefulSetDefaulting, {
      metadata: { name: 'ss' },
      spec: { selector, template: template(), volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'] } }] },
    });
    expect(ss.spec).toEqual({
      replicas: 1,
      selector,
      template: defaultedTemplate,
      volumeClaimTemplates: [{
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'data' },
        spec: { accessModes: ['ReadWriteOnce'], resources: {}, volumeMode: 'Filesystem' },
        status: { phase: 'Pending' },
      }],
      serviceName: '',
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 1 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    });
    expect(ss.status).toEqual({ replicas: 0, availableReplicas: 0 });
  });

  it('adds a rolling update only when the strategy type was left out', () => {
    const typed = create(statefulSetDefaulting, { metadata: { name: 'ss' }, spec: { updateStrategy: { type: 'RollingUpdate' } } });
    expect(typed.spec.updateStrategy).toEqual({ type: 'RollingUpdate' });
    const onDelete = create(statefulSetDefaulting, { metadata: { name: 'ss' }, spec: { updateStrategy: { type: 'OnDelete' } } });
    expect(onDelete.spec.updateStrategy).toEqual({ type: 'OnDelete' });
    const partition = create(statefulSetDefaulting, { metadata: { name: 'ss' }, spec: { updateStrategy: { rollingUpdate: { partition: 2 } } } });
    expect(partition.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 2, maxUnavailable: 1 } });
  });
});

describe('DaemonSet', () => {
  it('defaults a rolling update of one pod and no surge; the template generation is 1, bumped by template changes only', () => {
    const ds = create(daemonSetDefaulting, { metadata: { name: 'ds' }, spec: { selector, template: template() } });
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(ds.spec.revisionHistoryLimit).toBe(10);
    expect(ds.metadata.annotations).toEqual({ 'deprecated.daemonset.template.generation': '1' });
    expect(ds.status).toEqual({ currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 });

    const update = (edit: (next: Json) => void): Json => {
      const next = structuredClone(ds);
      delete next.metadata.annotations;
      edit(next);
      daemonSetDefaulting.default?.(next);
      daemonSetDefaulting.prepareForUpdate?.(next, ds, context());
      return next;
    };
    expect(update((n) => { n.spec.revisionHistoryLimit = 3; }).metadata.annotations).toEqual({ 'deprecated.daemonset.template.generation': '1' });
    expect(update((n) => { n.spec.template.spec.containers[0].image = 'nginx:2'; }).metadata.annotations).toEqual({ 'deprecated.daemonset.template.generation': '2' });
  });
});

describe('Job', () => {
  it('defaults its counts and modes; a new Job selects its own uid and labels its template with its uid and name', () => {
    const job = create(jobDefaulting, { metadata: { name: 'j' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [] } } } });
    const generated = { 'batch.kubernetes.io/controller-uid': UID, 'batch.kubernetes.io/job-name': 'j', 'controller-uid': UID, 'job-name': 'j' };
    expect(job.spec).toMatchObject({
      parallelism: 1,
      completions: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
      manualSelector: false,
      podReplacementPolicy: 'TerminatingOrFailed',
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': UID } },
    });
    expect(job.spec.template.metadata.labels).toEqual(generated);
    expect(job.metadata.labels).toEqual(generated);
    expect(job.status).toEqual({});
  });

  it('leaves completions unset beside a parallelism, replaces Failed pods with a failure policy, keeps own labels and manual selectors', () => {
    const job = create(jobDefaulting, {
      metadata: { name: 'j', labels: { mine: 'x' } },
      spec: { parallelism: 2, podFailurePolicy: { rules: [] }, template: { metadata: { labels: { app: 'j' } }, spec: {} } },
    });
    expect(job.spec.completions).toBeUndefined();
    expect(job.spec.podReplacementPolicy).toBe('Failed');
    expect(job.metadata.labels).toEqual({ mine: 'x' });
    expect(job.spec.template.metadata.labels).toMatchObject({ app: 'j', 'job-name': 'j' });

    const copied = create(jobDefaulting, { metadata: { name: 'k' }, spec: { template: { metadata: { labels: { app: 'k' } }, spec: {} } } });
    expect(copied.metadata.labels).toEqual(copied.spec.template.metadata.labels);
    expect(Object.keys(copied.metadata.labels)).toHaveLength(5);

    const manual = create(jobDefaulting, { metadata: { name: 'm' }, spec: { manualSelector: true, selector: { matchLabels: { x: 'y' } }, template: { metadata: { labels: { x: 'y' } }, spec: {} } } });
    expect(manual.spec.selector).toEqual({ matchLabels: { x: 'y' } });
    expect(manual.spec.template.metadata.labels).toEqual({ x: 'y' });
  });
});

describe('CronJob and PodTemplate', () => {
  it("default a CronJob's policies and its job template's metadata and pod template, not the Job's own defaults", () => {
    const cj = create(cronJobDefaulting, { metadata: { name: 'cj' }, spec: { schedule: '@hourly', jobTemplate: { spec: { template: template() } } } });
    expect(cj.spec).toEqual({
      schedule: '@hourly',
      concurrencyPolicy: 'Allow',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: { metadata: {}, spec: { template: defaultedTemplate } },
    });
    expect(cj.status).toEqual({});
  });

  it('default a PodTemplate as a template', () => {
    const pt: Json = { metadata: { name: 'pt' }, template: template() };
    podTemplateDefaulting.default?.(pt);
    expect(pt.template).toEqual(defaultedTemplate);
  });
});
