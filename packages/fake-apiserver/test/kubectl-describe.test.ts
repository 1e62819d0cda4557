// `kubectl get ns` and `kubectl describe deploy` against the fake print what they print against
// kube-apiserver v1.37.2: the expected text below is kubectl's output against that server for the
// same manifest (only the namespace's age and the creation time differ from run to run). Both read
// what the server fills in — the namespaces a cluster starts with, a Deployment's replicas and
// strategy, its ports' protocol — so these tests fail when the fake leaves a default out.
// Skipped when kubectl is not installed, unless KCACHE_REQUIRE_KUBECTL=1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeApiServer } from '../src/index.js';
import { startServer } from './helpers.js';
import { createKubectl, findKubectl, type Kubectl } from './helpers/kubectl.js';

const kubectlPath = findKubectl();
const required = process.env.KCACHE_REQUIRE_KUBECTL === '1';

describe.runIf(kubectlPath === undefined && required)('kubectl is required for get ns and describe deploy (KCACHE_REQUIRE_KUBECTL=1)', () => {
  it('finds kubectl on PATH, at $KUBECTL or at /usr/bin/kubectl', () => {
    expect.fail('KCACHE_REQUIRE_KUBECTL=1 but kubectl is not installed: install kubectl or unset KCACHE_REQUIRE_KUBECTL');
  });
});

const DEPLOYMENTS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web, tier: front}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: app
        image: registry.example/app:1
        ports: [{containerPort: 8080}, {name: metrics, containerPort: 9090, protocol: UDP}]
        env: [{name: MODE, value: fast}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: batch
spec:
  replicas: 1
  strategy: {type: Recreate}
  selector: {matchLabels: {app: batch}}
  template:
    metadata: {labels: {app: batch}}
    spec:
      containers:
      - name: worker
        image: registry.example/worker:2
        ports: [{containerPort: 7000}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector: {matchLabels: {app: api}}
  strategy: {rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
      - name: api
        image: registry.example/api:3
`;

// kubectl describe deploy web batch api -n shop, against kube-apiserver v1.37.2 (no controllers:
// no ReplicaSets, no status). CreationTimestamp lines are compared by their form.
const DESCRIBED = `Name:                   web
Namespace:              shop
CreationTimestamp:      <time>
Labels:                 app=web
                        tier=front
Annotations:            <none>
Selector:               app=web
Replicas:               2 desired | 0 updated | 0 total | 0 available | 0 unavailable
StrategyType:           RollingUpdate
MinReadySeconds:        0
RollingUpdateStrategy:  25% max unavailable, 25% max surge
Pod Template:
  Labels:  app=web
  Containers:
   app:
    Image:       registry.example/app:1
    Ports:       8080/TCP, 9090/UDP
    Host Ports:  0/TCP, 0/UDP
    Environment:
      MODE:        fast
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Events:            <none>


Name:               batch
Namespace:          shop
CreationTimestamp:  <time>
Labels:             <none>
Annotations:        <none>
Selector:           app=batch
Replicas:           1 desired | 0 updated | 0 total | 0 available | 0 unavailable
StrategyType:       Recreate
MinReadySeconds:    0
Pod Template:
  Labels:  app=batch
  Containers:
   worker:
    Image:         registry.example/worker:2
    Port:          7000/TCP
    Host Port:     0/TCP
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Events:            <none>


Name:                   api
Namespace:              shop
CreationTimestamp:      <time>
Labels:                 <none>
Annotations:            <none>
Selector:               app=api
Replicas:               1 desired | 0 updated | 0 total | 0 available | 0 unavailable
StrategyType:           RollingUpdate
MinReadySeconds:        0
RollingUpdateStrategy:  0 max unavailable, 1 max surge
Pod Template:
  Labels:  app=api
  Containers:
   api:
    Image:         registry.example/api:3
    Port:          <none>
    Host Port:     <none>
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Events:            <none>
`;

/** kubectl's time format for CreationTimestamp, e.g. `Sun, 06 Dec 2026 19:24:40 +0000`. */
const KUBECTL_TIME = /^(CreationTimestamp:\s+)[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/gm;

describe.skipIf(kubectlPath === undefined)(kubectlPath === undefined ? 'kubectl get ns and describe deploy (skipped: kubectl is not installed)' : 'kubectl get ns and describe deploy against the fake API server', () => {
  let server: FakeApiServer;
  let kubectl: Kubectl;

  beforeAll(async () => {
    server = await startServer();
    kubectl = createKubectl(kubectlPath ?? 'kubectl', server.kubeconfig());
    await kubectl.ok(['create', 'namespace', 'shop']);
  });
  afterAll(async () => {
    kubectl.dispose();
    await server.close();
  });

  it('get ns lists the namespaces every cluster starts with, and the new one, Active', async () => {
    const lines = (await kubectl.ok(['get', 'ns'])).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+STATUS\s+AGE$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/).slice(0, 2).join(' '))).toEqual([
      'default Active',
      'kube-node-lease Active',
      'kube-public Active',
      'kube-system Active',
      'shop Active',
    ]);
    // The columns line up under the header as kubectl's tab writer puts them.
    const statusColumn = lines[0]?.indexOf('STATUS');
    expect(lines.slice(1).map((line) => line.indexOf('Active'))).toEqual(lines.slice(1).map(() => statusColumn));
    expect(await kubectl.ok(['get', 'ns', 'kube-system', '-o', 'jsonpath={.status.phase} {.metadata.labels.kubernetes\\.io/metadata\\.name}'])).toBe('Active kube-system');
  });

  it('describe deploy prints the replicas, strategy and ports the server defaulted, as against kube-apiserver', async () => {
    expect(await kubectl.ok(['-n', 'shop', 'create', '-f', kubectl.file('deployments.yaml', DEPLOYMENTS)])).toBe(
      'deployment.apps/web created\ndeployment.apps/batch created\ndeployment.apps/api created\n',
    );
    const out = await kubectl.ok(['-n', 'shop', 'describe', 'deploy', 'web', 'batch', 'api']);
    expect(out.match(KUBECTL_TIME)).toHaveLength(3);
    expect(out.replace(KUBECTL_TIME, '$1<time>')).toBe(DESCRIBED);
  });
});
