// Lifecycles: the namespaces a server starts with, creates in a missing or terminating namespace,
// a namespace's deletion, graceful pod deletion, DeleteOptions' propagation policies and the
// serviceaccounts/token subresource. The reference kube-apiserver runs without controller-manager,
// kubelets or scheduler, and the conformance fake runs with its controllers on (as by default): each
// scenario compares what kube-apiserver itself answers, before a controller would act — the
// namespace controller, garbage collector and kubelet's later writes are tested in
// test/lifecycle.test.ts.
import { events, pick } from '../project.js';
import type { Projection, Scenario } from '../scenario.js';
import { cmPath, MERGE, namespaceStep, rvOf } from './common.js';

const AREA = 'lifecycles';
const podPath = '/api/v1/namespaces/{ns}/pods';
const saPath = '/api/v1/namespaces/{ns}/serviceaccounts';
const jobPath = '/apis/batch/v1/namespaces/{ns}/jobs';

const namespaceShape: Projection = pick('kind', 'metadata.name', 'metadata.deletionTimestamp', 'metadata.deletionGracePeriodSeconds', 'metadata.finalizers', 'spec', 'status.phase');
const deletionShape: Projection = pick('kind', 'metadata.name', 'metadata.generation', 'metadata.deletionTimestamp', 'metadata.deletionGracePeriodSeconds', 'metadata.finalizers');

function pod(name: string, spec: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'busybox' }], ...spec } };
}

/** The service account kube-apiserver's admission requires before any pod (no controller makes it). */
const defaultServiceAccount = { name: 'service-account', setup: true, method: 'POST', path: saPath, body: { json: { metadata: { name: 'default' } } } } as const;

const defaultNamespaces: Scenario = {
  name: 'lifecycle-default-namespaces',
  area: AREA,
  description: 'the four namespaces kube-apiserver creates at start (spec, status, label); default, kube-system and kube-public cannot be deleted (403), kube-node-lease can (dry run)',
  steps: [
    ...['default', 'kube-system', 'kube-public', 'kube-node-lease'].map((name) => ({
      name: `get-${name}`,
      method: 'GET' as const,
      path: `/api/v1/namespaces/${name}`,
      expect: pick('kind', 'metadata.name', 'metadata.labels', 'spec', 'status'),
    })),
    ...['default', 'kube-system', 'kube-public'].map((name) => ({
      name: `delete-${name}`,
      method: 'DELETE' as const,
      path: `/api/v1/namespaces/${name}`,
      query: { dryRun: 'All' },
    })),
    { name: 'delete-kube-node-lease', method: 'DELETE', path: '/api/v1/namespaces/kube-node-lease', query: { dryRun: 'All' }, expect: namespaceShape },
  ],
};

const missingNamespace: Scenario = {
  name: 'lifecycle-missing-namespace',
  area: AREA,
  description: 'a create in a namespace that does not exist: kube-apiserver\'s 404 naming the namespace, for a ConfigMap, a Pod and a dry run',
  steps: [
    { name: 'configmap', method: 'POST', path: '/api/v1/namespaces/{ns}-missing/configmaps', body: { json: { metadata: { name: 'c' } } } },
    { name: 'pod', method: 'POST', path: '/api/v1/namespaces/{ns}-missing/pods', body: { json: pod('p') } },
    { name: 'dry-run', method: 'POST', path: '/api/v1/namespaces/{ns}-missing/configmaps', query: { dryRun: 'All' }, body: { json: { metadata: { name: 'c' } } } },
    { name: 'get-in-missing', method: 'GET', path: '/api/v1/namespaces/{ns}-missing/configmaps/c' },
  ],
};

const terminating: Scenario = {
  name: 'lifecycle-namespace-terminating',
  area: AREA,
  description: 'DELETE of a namespace marks it Terminating (deletionTimestamp, phase; spec.finalizers kept); creates in it get 403 NamespaceTerminating; a second DELETE answers it unchanged. A ConfigMap with a finalizer keeps it Terminating on the fake too, whose namespace controller (not compared: the reference server has none) then only adds conditions',
  steps: [
    namespaceStep,
    { name: 'held', setup: true, method: 'POST', path: cmPath, body: { json: { metadata: { name: 'held', finalizers: ['example.com/hold'] } } } },
    { name: 'delete', method: 'DELETE', path: '/api/v1/namespaces/{ns}', expect: namespaceShape },
    { name: 'create-configmap', method: 'POST', path: cmPath, body: { json: { metadata: { name: 'late' } } } },
    { name: 'create-generated', method: 'POST', path: cmPath, body: { json: { metadata: { generateName: 'late-' } } } },
    { name: 'get', method: 'GET', path: '/api/v1/namespaces/{ns}', expect: namespaceShape },
    { name: 'delete-again', method: 'DELETE', path: '/api/v1/namespaces/{ns}', expect: namespaceShape },
  ],
};

const gracefulPod: Scenario = {
  name: 'lifecycle-graceful-pod',
  area: AREA,
  description: 'a pod bound to a node is marked, not removed: deletionTimestamp = now + grace (spec.terminationGracePeriodSeconds, else the request\'s), generation bumped; a longer grace period changes nothing, a shorter one moves it; grace 0 removes it; an unbound or finished pod goes at once, in two writes (a MODIFIED with grace 0, then the DELETED); an eviction deletes gracefully (compared before any kubelet would act)',
  steps: [
    namespaceStep,
    defaultServiceAccount,
    { name: 'bound', setup: true, method: 'POST', path: podPath, body: { json: pod('bound', { nodeName: 'node-1', terminationGracePeriodSeconds: 100 }) } },
    { name: 'delete', method: 'DELETE', path: `${podPath}/bound`, expect: deletionShape },
    { name: 'delete-longer', method: 'DELETE', path: `${podPath}/bound`, body: { json: { gracePeriodSeconds: 200 } }, expect: deletionShape },
    { name: 'delete-shorter', method: 'DELETE', path: `${podPath}/bound`, query: { gracePeriodSeconds: '5' }, expect: deletionShape },
    { name: 'get-marked', method: 'GET', path: `${podPath}/bound`, expect: deletionShape },
    { name: 'delete-now', method: 'DELETE', path: `${podPath}/bound`, body: { json: { gracePeriodSeconds: 0 } }, expect: deletionShape },
    { name: 'get-gone', method: 'GET', path: `${podPath}/bound` },
    { name: 'unbound', setup: true, method: 'POST', path: podPath, body: { json: pod('unbound') } },
    { name: 'delete-unbound', method: 'DELETE', path: `${podPath}/unbound`, expect: deletionShape },
    { name: 'get-unbound', method: 'GET', path: `${podPath}/unbound` },
    {
      name: 'watch-unbound',
      method: 'GET',
      path: podPath,
      query: (ctx) => ({ watch: '1', resourceVersion: rvOf(ctx.answers.unbound), fieldSelector: 'metadata.name=unbound', timeoutSeconds: '10' }),
      watchEvents: 2,
      expect: events(deletionShape),
    },
    { name: 'finished', setup: true, method: 'POST', path: podPath, body: { json: pod('finished', { nodeName: 'node-1' }) } },
    {
      name: 'finished-status',
      setup: true,
      method: 'PATCH',
      path: `${podPath}/finished/status`,
      headers: { 'Content-Type': MERGE },
      body: { json: { status: { phase: 'Succeeded' } } },
    },
    { name: 'delete-finished', method: 'DELETE', path: `${podPath}/finished`, expect: deletionShape },
    { name: 'get-finished', method: 'GET', path: `${podPath}/finished` },
    { name: 'evicted', setup: true, method: 'POST', path: podPath, body: { json: pod('evicted', { nodeName: 'node-1' }) } },
    {
      name: 'evict',
      method: 'POST',
      path: `${podPath}/evicted/eviction`,
      body: { json: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'evicted' } } },
    },
    { name: 'get-evicted', method: 'GET', path: `${podPath}/evicted`, expect: deletionShape },
  ],
};

const propagation: Scenario = {
  name: 'lifecycle-propagation',
  area: AREA,
  description: 'DeleteOptions: Foreground and Orphan leave the owner with the foregroundDeletion / orphan finalizer (grace 0), a Job and a ReplicationController orphan by default, a CronJob and Background remove at once; propagationPolicy and orphanDependents checked (422) and gracePeriodSeconds parsed (400). Only the DELETE answers are compared: the garbage collector then finishes on the fake, the reference server has none',
  steps: [
    namespaceStep,
    { name: 'owner-1', setup: true, method: 'POST', path: cmPath, body: { json: { metadata: { name: 'fg' } } } },
    { name: 'foreground', method: 'DELETE', path: `${cmPath}/fg`, body: { json: { propagationPolicy: 'Foreground' } }, expect: deletionShape },
    { name: 'owner-2', setup: true, method: 'POST', path: cmPath, body: { json: { metadata: { name: 'orphan' } } } },
    { name: 'orphan', method: 'DELETE', path: `${cmPath}/orphan`, query: { propagationPolicy: 'Orphan' }, expect: deletionShape },
    { name: 'owner-3', setup: true, method: 'POST', path: cmPath, body: { json: { metadata: { name: 'legacy' } } } },
    { name: 'orphan-dependents', method: 'DELETE', path: `${cmPath}/legacy`, body: { json: { orphanDependents: true } }, expect: deletionShape },
    { name: 'owner-4', setup: true, method: 'POST', path: cmPath, body: { json: { metadata: { name: 'bg' } } } },
    { name: 'background', method: 'DELETE', path: `${cmPath}/bg`, body: { json: { propagationPolicy: 'Background' } } },
    {
      name: 'job',
      setup: true,
      method: 'POST',
      path: jobPath,
      body: { json: { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } } },
    },
    { name: 'job-default', method: 'DELETE', path: `${jobPath}/j`, expect: deletionShape },
    {
      name: 'replication-controller',
      setup: true,
      method: 'POST',
      path: '/api/v1/namespaces/{ns}/replicationcontrollers',
      body: { json: { metadata: { name: 'rc' }, spec: { replicas: 0, selector: { app: 'rc' }, template: { metadata: { labels: { app: 'rc' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } } } },
    },
    { name: 'replication-controller-default', method: 'DELETE', path: '/api/v1/namespaces/{ns}/replicationcontrollers/rc', expect: deletionShape },
    {
      name: 'cronjob',
      setup: true,
      method: 'POST',
      path: '/apis/batch/v1/namespaces/{ns}/cronjobs',
      body: { json: { metadata: { name: 'cj' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } } } } },
    },
    { name: 'cronjob-default', method: 'DELETE', path: '/apis/batch/v1/namespaces/{ns}/cronjobs/cj' },
    { name: 'bogus-policy', method: 'DELETE', path: `${cmPath}/none`, body: { json: { propagationPolicy: 'Bogus' } } },
    { name: 'both-set', method: 'DELETE', path: `${cmPath}/none`, body: { json: { propagationPolicy: 'Orphan', orphanDependents: true } } },
    { name: 'bad-grace', method: 'DELETE', path: `${cmPath}/none`, query: { gracePeriodSeconds: 'abc' } },
  ],
};

/** The TokenRequest and what its JWT says (times as the lifetime, the namespace as `<ns>`). */
const tokenShape: Projection = (body) => {
  const answer = body as { status?: { token?: string } };
  const token = answer.status?.token ?? '';
  const [header, payload] = token.split('.');
  const decode = (part: string | undefined): Record<string, unknown> => (part === undefined ? {} : (JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>));
  const claims = decode(payload);
  const k8s = (claims['kubernetes.io'] ?? {}) as { namespace?: string; serviceaccount?: { name?: string; uid?: string } };
  const ns = k8s.namespace ?? '';
  return {
    ...(pick('kind', 'apiVersion', 'metadata', 'spec', 'status.expirationTimestamp')(body) as Record<string, unknown>),
    header: { alg: decode(header).alg, kid: typeof decode(header).kid },
    claims: {
      keys: Object.keys(claims),
      aud: claims.aud,
      iss: claims.iss,
      sub: typeof claims.sub === 'string' ? claims.sub.replace(ns, '<ns>') : claims.sub,
      lifetime: Number(claims.exp) - Number(claims.iat),
      nbfIsIat: claims.nbf === claims.iat,
      'kubernetes.io': { namespace: ns === '' ? '' : '<ns>', serviceaccount: { name: k8s.serviceaccount?.name, uid: typeof k8s.serviceaccount?.uid } },
    },
  };
};

const serviceAccountToken: Scenario = {
  name: 'lifecycle-serviceaccount-token',
  area: AREA,
  description: 'POST serviceaccounts/{name}/token: the TokenRequest (spec defaulted, SA uid, managedFields with subresource token, expirationTimestamp) and its JWT\'s header and claims; 404 for a missing service account, 422 under ten minutes, 405 for GET; discovery lists serviceaccounts/token',
  steps: [
    namespaceStep,
    { name: 'service-account', setup: true, method: 'POST', path: saPath, body: { json: { metadata: { name: 'robot' } } } },
    {
      name: 'token',
      method: 'POST',
      path: `${saPath}/robot/token`,
      body: { json: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { audiences: ['api'], expirationSeconds: 700 } } },
      expect: tokenShape,
    },
    { name: 'token-defaults', method: 'POST', path: `${saPath}/robot/token`, body: { json: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} } }, expect: tokenShape },
    { name: 'missing', method: 'POST', path: `${saPath}/nope/token`, body: { json: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} } } },
    { name: 'too-short', method: 'POST', path: `${saPath}/robot/token`, body: { json: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 599 } } } },
    { name: 'get', method: 'GET', path: `${saPath}/robot/token` },
    {
      name: 'discovery',
      method: 'GET',
      path: '/api/v1',
      expect: (body) => ((body as { resources?: { name: string }[] }).resources ?? []).filter((r) => r.name.startsWith('serviceaccounts')),
    },
  ],
};

export const lifecycleScenarios: readonly Scenario[] = [defaultNamespaces, missingNamespace, terminating, gracefulPod, propagation, serviceAccountToken];
