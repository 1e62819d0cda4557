// The fake API server's Kubernetes protobuf codec (packages/fake-apiserver/src/internal/protobuf)
// against the floor of the JSON wire: JSON.stringify and JSON.parse of the same objects. Per
// object, for a Pod (about 4.4 KB of JSON), a Deployment and a 500-item PodList:
//   encode: JSON object → enveloped protobuf bytes       vs JSON.stringify(object)
//   decode: enveloped protobuf bytes → Go's JSON object  vs JSON.parse(text)
//
//   pnpm --filter @kcache/bench bench:protobuf
//   KCACHE_BENCH_ROUNDS=3 pnpm --filter @kcache/bench bench:protobuf   (quicker)
//
// Each sample repeats one operation for about 40 ms (after a warm-up); the two sides alternate and the
// median per operation is reported. The ratio is codec / floor (lower is better; 1 = as fast as JSON).
import { defaultCodec } from '../../packages/fake-apiserver/src/internal/protobuf/codec.js';
import { makePod, makePods } from './fixtures/pods.js';
import { benchQuick, writeBenchResult, type BenchRow } from './internal/aggregate-protocol.js';
import { comparePair, formatDuration, formatRatio, formatTable, machineSummary, medianPerOp, type Contender } from './internal/report.js';

const ROUNDS = Number(process.env.KCACHE_BENCH_ROUNDS ?? (benchQuick ? 3 : 9));
const SAMPLE_NS = 40_000_000;

type Json = Record<string, unknown>;

function deployment(): Json {
  const labels = { app: 'checkout', tier: 'backend', 'app.kubernetes.io/part-of': 'shop' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'checkout',
      namespace: 'shop',
      uid: '0b6f2c1e-4b7a-4d55-9a43-2b0c4b7e9f11',
      resourceVersion: '812345',
      generation: 7,
      creationTimestamp: '2026-03-01T09:12:44Z',
      labels,
      annotations: { 'deployment.kubernetes.io/revision': '7' },
      managedFields: [
        {
          manager: 'kubectl-client-side-apply',
          operation: 'Update',
          apiVersion: 'apps/v1',
          time: '2026-03-01T09:12:44Z',
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:spec': { 'f:replicas': {}, 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {} } } } } } },
        },
      ],
    },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'checkout' } },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'registry.example.com/shop/checkout:1.42.0',
              args: ['--port=8080', '--log-level=info'],
              ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
              env: [
                { name: 'DB_HOST', value: 'postgres.shop.svc' },
                { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
              ],
              resources: { limits: { cpu: '1', memory: '512Mi' }, requests: { cpu: '250m', memory: '256Mi' } },
              livenessProbe: { httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
              readinessProbe: { httpGet: { path: '/ready', port: 8080, scheme: 'HTTP' }, periodSeconds: 5, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
              terminationMessagePath: '/dev/termination-log',
              terminationMessagePolicy: 'File',
              imagePullPolicy: 'IfNotPresent',
              volumeMounts: [{ name: 'config', mountPath: '/etc/checkout', readOnly: true }],
            },
          ],
          volumes: [{ name: 'config', configMap: { name: 'checkout-config', defaultMode: 420 } }],
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 30,
          dnsPolicy: 'ClusterFirst',
          securityContext: {},
          schedulerName: 'default-scheduler',
        },
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {
      observedGeneration: 7,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      conditions: [
        { type: 'Available', status: 'True', lastUpdateTime: '2026-03-01T09:13:02Z', lastTransitionTime: '2026-03-01T09:13:02Z', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' },
      ],
    },
  };
}

const codec = defaultCodec();
const cases: { name: string; obj: Json }[] = [
  { name: 'Pod', obj: makePod(0) as unknown as Json },
  { name: 'Deployment', obj: deployment() },
  { name: 'PodList (500 pods)', obj: { apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: '900000' }, items: makePods(500) } },
];

/**
 * A contender repeating `op` enough times for one sample to take about SAMPLE_NS. The count comes
 * from a warm-up of at least 200 runs and 100 ms, so that it is not taken from cold code.
 */
function repeated(name: string, op: () => unknown): Contender {
  const t0 = process.hrtime.bigint();
  let runs = 0;
  while (runs < 200 || process.hrtime.bigint() - t0 < 100_000_000n) {
    op();
    runs++;
  }
  const perOp = Number(process.hrtime.bigint() - t0) / runs;
  const reps = Math.max(1, Math.min(100_000, Math.round(SAMPLE_NS / perOp)));
  return {
    name,
    prepare: () => ({
      run: () => {
        for (let i = 0; i < reps; i++) op();
      },
      ops: reps,
    }),
  };
}

console.log(`protobuf codec vs JSON.stringify / JSON.parse — ${machineSummary()}`);
console.log(`rounds: ${String(ROUNDS)}${benchQuick ? ' (quick)' : ''}\n`);

const table: string[][] = [['operation', 'object', 'bytes (pb / json)', 'codec', 'JSON', 'codec/JSON']];
const rows: BenchRow[] = [];
for (const c of cases) {
  const text = JSON.stringify(c.obj);
  const bytes = codec.encodeObject(c.obj);
  const size = `${String(bytes.length)} / ${String(Buffer.byteLength(text))}`;
  for (const [operation, mine, floor] of [
    ['encode', repeated('codec', () => codec.encodeObject(c.obj)), repeated('JSON.stringify', () => JSON.stringify(c.obj))],
    ['decode', repeated('codec', () => codec.decodeObject(bytes)), repeated('JSON.parse', () => JSON.parse(text) as unknown)],
  ] as const) {
    const samples = comparePair(mine, floor, { rounds: ROUNDS });
    const a = medianPerOp(samples.a);
    const b = medianPerOp(samples.b);
    table.push([operation, c.name, size, formatDuration(a), formatDuration(b), formatRatio(a / b)]);
    rows.push({
      case: `${operation} ${c.name}`,
      unit: 'ns/op',
      values: { codec: Math.round(a), json: Math.round(b) },
      ratio: { label: 'codec/JSON', value: a / b, better: 'lower' },
    });
  }
}
console.log(formatTable(table));

writeBenchResult({
  name: 'protobuf',
  title: "the fake's protobuf codec vs JSON.stringify / JSON.parse of the same objects",
  params: { rounds: ROUNDS },
  rows,
  notes: ['encode: JSON object → enveloped protobuf (k8s\\0 + runtime.Unknown); decode: the bytes → the JSON Go writes'],
});
