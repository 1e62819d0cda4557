import { testSeed } from '@kcache/vitest-config/seed';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFieldSelector } from './field-selector.js';
import { BUILTIN_KINDS, kindInfoFromDefinition, type KindInfo } from './kinds.js';
import { SelectorError } from './selector-error.js';
import type { KubeObject } from '../types.js';

// Every property of this file runs from the run's seed: KCACHE_SEED=<seed fast-check prints> replays a failure.
fc.configureGlobal({ seed: testSeed() });

function kind(name: string): KindInfo {
  const found = BUILTIN_KINDS.find((k) => k.kind === name);
  if (found === undefined) throw new Error(`no built-in ${name}`);
  return found;
}

const pod: KubeObject & Record<string, unknown> = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'prod' },
  spec: { nodeName: 'node-a', restartPolicy: 'Always', serviceAccountName: 'default', schedulerName: 'default-scheduler' },
  status: { phase: 'Running', podIPs: [{ ip: '10.0.0.7' }, { ip: 'fd00::7' }], podIP: '10.0.0.7' },
};

function parseError(text: string, k: KindInfo): string {
  try {
    parseFieldSelector(text, k);
  } catch (err) {
    expect(err).toBeInstanceOf(SelectorError);
    return (err as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('parseFieldSelector: pods', () => {
  const cases: [selector: string, expected: boolean][] = [
    ['', true],
    ['metadata.name=web-1', true],
    ['metadata.name==web-1', true],
    ['metadata.name!=web-1', false],
    ['metadata.name=web-2', false],
    ['metadata.namespace=prod', true],
    ['metadata.namespace=prod,metadata.name=web-1', true],
    ['metadata.namespace=prod,metadata.name=other', false],
    ['spec.nodeName=node-a', true],
    ['spec.nodeName!=node-a', false],
    ['spec.host=node-a', true], // old name of spec.nodeName
    ['status.phase=Running', true],
    ['status.phase!=Pending', true],
    ['spec.restartPolicy=Always', true],
    ['spec.serviceAccountName=default', true],
    ['spec.schedulerName=default-scheduler', true],
    ['status.podIP=10.0.0.7', true],
    ['status.nominatedNodeName=', true], // a missing field compares as ''
    ['status.nominatedNodeName!=', false],
    ['spec.hostNetwork=false', true], // unset booleans are "false"
  ];
  it.each(cases)('%j → %s', (selector, expected) => {
    expect(parseFieldSelector(selector, kind('Pod')).matches(pod)).toBe(expected);
  });

  it('takes a pod IP from podIPs first and from podIP otherwise', () => {
    const onlyPodIP = { ...pod, status: { podIP: '10.1.1.1' } };
    expect(parseFieldSelector('status.podIP=10.1.1.1', kind('Pod')).matches(onlyPodIP)).toBe(true);
    const hostNet = { ...pod, spec: { hostNetwork: true } };
    expect(parseFieldSelector('spec.hostNetwork=true', kind('Pod')).matches(hostNet)).toBe(true);
  });

  it('tolerates objects without metadata or spec', () => {
    expect(parseFieldSelector('metadata.name=', kind('Pod')).matches({})).toBe(true);
    expect(parseFieldSelector('spec.nodeName=x', kind('Pod')).matches({ spec: null } as KubeObject)).toBe(false);
  });
});

describe('parseFieldSelector: other kinds', () => {
  it('selects secrets by type, nodes by unschedulable, namespaces by phase', () => {
    expect(parseFieldSelector('type=Opaque', kind('Secret')).matches({ type: 'Opaque' } as KubeObject)).toBe(true);
    const node = kind('Node');
    expect(parseFieldSelector('spec.unschedulable=false', node).matches({})).toBe(true);
    expect(parseFieldSelector('spec.unschedulable=true', node).matches({ spec: { unschedulable: true } } as KubeObject)).toBe(true);
    const ns = { status: { phase: 'Terminating' } } as KubeObject;
    expect(parseFieldSelector('status.phase=Terminating', kind('Namespace')).matches(ns)).toBe(true);
    // Namespaces' and Nodes' field-label conversions leave metadata.namespace out.
    expect(parseError('metadata.namespace=', kind('Namespace'))).toBe('field label not supported: metadata.namespace');
    expect(parseError('metadata.namespace=', node)).toBe('field label not supported: metadata.namespace');
  });

  it('selects events by involved object, reason, type and source', () => {
    const ev = kind('Event');
    const event = {
      metadata: { name: 'web-1.17f', namespace: 'prod' },
      involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'prod', uid: 'u-1', apiVersion: 'v1', fieldPath: 'spec.containers{app}' },
      reason: 'Pulled',
      type: 'Normal',
      reportingComponent: 'kubelet',
    } as KubeObject;
    for (const sel of [
      'involvedObject.kind=Pod,involvedObject.name=web-1',
      'involvedObject.uid=u-1',
      'involvedObject.fieldPath=spec.containers{app}',
      'reason=Pulled,type=Normal',
      'source=kubelet', // falls back to the reporting component when source.component is unset
      'reportingComponent=kubelet',
      'involvedObject.resourceVersion=',
    ]) {
      expect(parseFieldSelector(sel, ev).matches(event), sel).toBe(true);
    }
    expect(parseFieldSelector('source=kubelet', ev).matches({ ...event, source: { component: 'scheduler' } } as KubeObject)).toBe(false);
  });

  it('selects replication controllers by status.replicas and jobs by status.successful, not replica sets', () => {
    expect(parseFieldSelector('status.replicas=3', kind('ReplicationController')).matches({ status: { replicas: 3 } } as KubeObject)).toBe(true);
    expect(parseFieldSelector('status.successful=1', kind('Job')).matches({ status: { successful: 1 } } as KubeObject)).toBe(true);
    expect(parseError('status.replicas=3', kind('ReplicaSet'))).toBe('"status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"');
  });

  it('words a refusal as the kind\'s check words it', () => {
    expect(parseError('spec.x=1', kind('Pod'))).toBe('field label not supported: spec.x');
    expect(parseError('spec.x=1', kind('Job'))).toBe('field label "spec.x" not supported for Job');
    expect(parseError('spec.x=1', kind('ConfigMap'))).toBe('"spec.x" is not a known field selector: only "metadata.name", "metadata.namespace"');
    expect(parseError('metadata.namespace=a', kind('CertificateSigningRequest'))).toBe('field label not supported: metadata.namespace');
  });

  it('selects services by type and cluster IP, signing requests by signer, resource slices by node and pool', () => {
    const svc = { spec: { type: 'NodePort', clusterIP: '10.0.0.1' } } as KubeObject;
    expect(parseFieldSelector('spec.type=NodePort,spec.clusterIP=10.0.0.1', kind('Service')).matches(svc)).toBe(true);
    const csr = { spec: { signerName: 'example.com/x' } } as KubeObject;
    expect(parseFieldSelector('spec.signerName=example.com/x', kind('CertificateSigningRequest')).matches(csr)).toBe(true);
    const slice = { spec: { nodeName: 'n1', driver: 'd', pool: { name: 'p' } } } as KubeObject;
    expect(parseFieldSelector('spec.nodeName=n1,spec.driver=d,spec.pool.name=p', kind('ResourceSlice')).matches(slice)).toBe(true);
    // events.k8s.io Events are stored as core Events: their fields are read at the core paths.
    const event = { involvedObject: { kind: 'Pod' }, reportingComponent: 'c' } as KubeObject;
    const eventsV1 = BUILTIN_KINDS.find((k) => k.group === 'events.k8s.io');
    if (eventsV1 === undefined) throw new Error('events.k8s.io is not served');
    expect(parseFieldSelector('regarding.kind=Pod,reportingController=c', eventsV1).matches(event)).toBe(true);
  });

  it('serves only metadata fields for a kind without field selectors', () => {
    const widget = kindInfoFromDefinition({ group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets', namespaced: true });
    expect(parseFieldSelector('metadata.name=a', widget).matches({ metadata: { name: 'a' } })).toBe(true);
    expect(parseError('spec.color=red', widget)).toBe('field label not supported: spec.color');
  });
});

describe('parseFieldSelector: escaping and errors', () => {
  it('unescapes \\, \\= and \\\\ in values and escapes them again in toString()', () => {
    const cm = kind('ConfigMap');
    const sel = parseFieldSelector('metadata.name=a\\,b\\=c\\\\d', cm);
    expect(sel.matches({ metadata: { name: 'a,b=c\\d' } })).toBe(true);
    expect(sel.toString()).toBe('metadata.name=a\\,b\\=c\\\\d');
  });

  it('splits at the first operator, so a value may hold an escaped operator', () => {
    const cm = kind('ConfigMap');
    expect(parseFieldSelector('metadata.name==x', cm).matches({ metadata: { name: 'x' } })).toBe(true);
    expect(parseFieldSelector('metadata.name!=\\=x', cm).matches({ metadata: { name: '=x' } })).toBe(false);
  });

  it('prints a canonical, sorted text', () => {
    expect(parseFieldSelector('spec.nodeName==b,metadata.name!=a', kind('Pod')).toString()).toBe('metadata.name!=a,spec.nodeName=b');
    expect(parseFieldSelector('', kind('Pod')).empty).toBe(true);
    expect(parseFieldSelector(',', kind('Pod')).empty).toBe(true);
  });

  const cases: [selector: string, message: string][] = [
    ['spec.foo=bar', 'field label not supported: spec.foo'],
    ['metadata.name', "invalid selector: 'metadata.name'; can't understand 'metadata.name'"],
    ['metadata.name=a,b', "invalid selector: 'metadata.name=a,b'; can't understand 'b'"],
    ['metadata.name=a=b', 'invalid field selector: unescaped character in value: ='],
    ['metadata.name=a\\x', 'invalid field selector: invalid escape sequence: \\x'],
    ['metadata.name=a\\', 'invalid field selector: invalid escape sequence: \\'],
    ['metadata.name =a', 'field label not supported: metadata.name '],
    // Terms are sorted before they are checked, as Kubernetes does.
    ['z.z=1,a.a=1', 'field label not supported: a.a'],
  ];
  it.each(cases)('%j → %s', (selector, message) => {
    expect(parseError(selector, kind('Pod'))).toBe(message);
  });

  it('toString() round-trips for any values', () => {
    const cm = kind('ConfigMap');
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), fc.boolean(), (name, ns, negate) => {
        const escape = (v: string): string => v.replace(/[\\,=]/g, (c) => `\\${c}`);
        const text = `metadata.name${negate ? '!=' : '='}${escape(name)},metadata.namespace=${escape(ns)}`;
        const sel = parseFieldSelector(text, cm);
        const again = parseFieldSelector(sel.toString(), cm);
        const obj = { metadata: { name, namespace: ns } };
        expect(again.toString()).toBe(sel.toString());
        expect(sel.matches(obj)).toBe(!negate);
        expect(again.matches(obj)).toBe(!negate);
      }),
    );
  });
});
