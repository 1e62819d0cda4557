// Property-based: random sequences of requests (valid ones, ones with known defects, near-miss
// paths, garbage) against a running server. Every answer must be well-formed and allowed by
// Kubernetes' rules, nothing may hang, and at the end the server must hold exactly what the
// accepted writes made (checked in-process and over HTTP) and still serve correctly.
//
//   KCACHE_SEED=<n>   replay a seed (printed on failure)
//   KCACHE_SOAK=1     many more and longer sequences, a new seed each run unless KCACHE_SEED is set
//   KCACHE_FUZZ_RUNS=<n>  how many sequences; KCACHE_FUZZ_STATS=1 prints how often each (operation, status) came up
import { connect } from 'node:net';
import { testSeed } from '@kcache/vitest-config/seed';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFakeApiServer, type FakeApiServer } from '../src/index.js';
import { createNamespaces, openWatch } from './helpers.js';
import { applyToModel, checkOutcome } from './helpers/fuzz-check.js';
import { CHECKED_KINDS, FUZZ_RESOURCES, Model, WRITTEN_KINDS } from './helpers/fuzz-model.js';
import { NAMESPACES, opArb, type Op } from './helpers/fuzz-ops.js';
import { plan } from './helpers/fuzz-plan.js';
import { createRawClient, type RawClient } from './helpers/raw-http.js';

const soak = process.env.KCACHE_SOAK === '1';
const seed = testSeed({ fresh: soak });
const numRuns = Number(process.env.KCACHE_FUZZ_RUNS ?? (soak ? 1000 : 80));
/** How often each (operation, status) pair came up: printed in soak mode to show what was exercised. */
const seen = new Map<string, number>();
const maxOps = soak ? 400 : 60;

function strip(obj: unknown): unknown {
  if (typeof obj !== 'object' || obj === null) return obj;
  const { apiVersion: _a, kind: _k, ...rest } = obj as Record<string, unknown>;
  return rest;
}

async function finalChecks(server: FakeApiServer, client: RawClient, model: Model): Promise<void> {
  // In-process view: every kind, written or not, holds exactly what the model says.
  for (const { apiVersion, kind } of CHECKED_KINDS) {
    expect(server.list({ apiVersion, kind }), `server.list ${apiVersion} ${kind}`).toEqual(model.all(apiVersion, kind));
  }
  // HTTP view of the same.
  for (const kind of WRITTEN_KINDS) {
    const outcome = await client.send({ method: 'GET', path: `${kind.base}/${kind.plural}` });
    if (outcome.kind !== 'response') throw new Error(`final list of ${kind.plural}: ${outcome.message}`);
    expect(outcome.status, `final list of ${kind.plural}`).toBe(200);
    const list = JSON.parse(outcome.body.toString('utf8')) as { metadata: { resourceVersion: string }; items: unknown[] };
    expect(list.items.map(strip), `HTTP list of ${kind.plural}`).toEqual(model.all(kind.apiVersion, kind.kind).map(strip));
    expect(list.metadata.resourceVersion).toBe(server.resourceVersion);
  }
  // Refused requests moved no resourceVersion: the server is at the last accepted change.
  if (!model.unseenChanges) expect(Number(server.resourceVersion)).toBe(model.maxResourceVersion);

  // And it still serves: create, get, watch an update, delete.
  const json = { 'Content-Type': 'application/json' };
  const body = Buffer.from(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'after-fuzz' }, data: { a: '1' } }));
  const created = await client.send({ method: 'POST', path: '/api/v1/namespaces/final/configmaps', headers: json, body });
  expect(created.kind === 'response' ? created.status : created.message).toBe(201);
  const stored = server.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'final', name: 'after-fuzz' });
  expect(stored?.metadata.resourceVersion).toBe(server.resourceVersion);
  const watch = await openWatch(server, `/api/v1/namespaces/final/configmaps?watch=true&resourceVersion=${server.resourceVersion}`);
  try {
    const updated = server.update({ ...stored!, data: { a: '2' } });
    const event = await watch.next();
    expect(event.type).toBe('MODIFIED');
    expect(event.object).toEqual(updated);
  } finally {
    watch.close();
  }
  const deleted = await client.send({ method: 'DELETE', path: '/api/v1/namespaces/final/configmaps/after-fuzz' });
  expect(deleted.kind === 'response' ? deleted.status : deleted.message).toBe(200);
  expect(server.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'final', name: 'after-fuzz' })).toBeUndefined();
}

async function runSequence(ops: readonly Op[]): Promise<void> {
  const server = await createFakeApiServer({ resources: FUZZ_RESOURCES, futureResourceVersionWaitMs: 5 });
  const client = createRawClient(server.url);
  const model = new Model();
  // The namespaces the sequences write into exist (creating in a missing one is a 404), and the
  // model holds them with the four a server starts with.
  createNamespaces(server, ...NAMESPACES, 'final');
  const namespaces = server.list({ apiVersion: 'v1', kind: 'Namespace' }).sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion));
  for (const ns of namespaces) model.apply({ ...ns, apiVersion: 'v1', kind: 'Namespace' }, 'write');
  // A new server already has a resourceVersion; changes go above it.
  model.maxResourceVersion = Number(server.resourceVersion);
  try {
    for (const [i, op] of ops.entries()) {
      if (op.op === 'compact') {
        server.compact();
        continue;
      }
      if (op.op === 'closeWatches') {
        server.closeWatches();
        continue;
      }
      const serverRv = server.resourceVersion;
      const planned = plan(op, model, serverRv);
      const outcome = await client.send(planned.req);
      const tally = `${op.op} ${outcome.kind === 'response' ? String(outcome.status) : outcome.kind}`;
      seen.set(tally, (seen.get(tally) ?? 0) + 1);
      try {
        const parsed = checkOutcome(planned, outcome, serverRv);
        applyToModel(planned, outcome, parsed, model);
      } catch (err) {
        const sent = planned.req.body === undefined ? '' : ` with ${planned.req.body.length > 300 ? `${String(planned.req.body.length)} bytes` : planned.req.body.toString('utf8')}`;
        throw new Error(`request ${String(i)} ${planned.req.method} ${planned.req.path.slice(0, 300)}${sent}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
    }
    await finalChecks(server, client, model);
  } finally {
    client.close();
    await server.close();
  }
}

/** Sends raw bytes on a new connection; resolves with everything the server wrote before closing. */
function rawExchange(url: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('close', () => {
      resolve(data);
    });
    socket.on('error', reject);
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer within 5 s')));
  });
}

describe('requests HTTP parsing rejects', () => {
  it.each([
    ['an unknown method', 'CONNECT2 /api HTTP/1.1\r\nHost: x\r\n\r\n', 400],
    ['an empty path', 'GET  HTTP/1.1\r\nHost: x\r\n\r\n', 400],
    ['a space in the path', 'GET /a b HTTP/1.1\r\nHost: x\r\n\r\n', 400],
    ['a header line without a colon', 'GET /api HTTP/1.1\r\nHost: x\r\nnot a header\r\n\r\n', 400],
    ['headers over the size limit', `GET /api HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
  ])('answers %s with a Status, not a dropped connection', async (_what, bytes, code) => {
    await using server = await createFakeApiServer();
    const answer = await rawExchange(server.url, bytes);
    expect(answer).toMatch(new RegExp(`^HTTP/1\\.1 ${String(code)} `));
    const status = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { kind: string; code: number };
    expect(status).toMatchObject({ kind: 'Status', code });
    // The server goes on serving.
    expect((await fetch(`${server.url}/version`)).status).toBe(200);
  });
});

describe("answers that follow kube-apiserver's order of checks", () => {
  it('a create with resourceVersion set and an invalid name is 422 Invalid: validation comes before the storage refuses the resourceVersion', async () => {
    // kube-apiserver: rest.BeforeCreate validates (422), then etcd3 storage refuses a set
    // resourceVersion (500).
    await using server = await createFakeApiServer();
    const res = await fetch(`${server.url}/api/v1/namespaces/default/pods`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'Bad_Name', resourceVersion: '5' } }),
    });
    expect(res.status).toBe(422);
  });
});

describe('fuzz', () => {
  it(`answers random requests well and keeps exactly the accepted writes (seed ${String(seed)})`, async () => {
    try {
      // Soak runs stop at the first failure (shrinking hundreds of requests takes long); quick
      // runs shrink it to a short sequence.
      const details = await fc.check(fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: maxOps, size: 'max' }), runSequence), { seed, numRuns, endOnFailure: soak });
      if (details.failed) {
        const ops = details.counterexample?.[0] ?? [];
        const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
        const shown = ops.length <= 40 ? `:\n${ops.map((op) => JSON.stringify(op)).join('\n')}` : ' (too long to print; replay the seed)';
        throw new Error(`fuzz failed; replay with KCACHE_SEED=${String(seed)}${soak ? ' KCACHE_SOAK=1' : ''}\n${error}\nfailing sequence of ${String(ops.length)} operations${shown}`, { cause: details.errorInstance });
      }
    } finally {
      if (soak || process.env.KCACHE_FUZZ_STATS === '1') {
        console.log([...seen].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k}: ${String(n)}`).join('\n'));
      }
    }
  }, soak ? 3_600_000 : 120_000);
});
