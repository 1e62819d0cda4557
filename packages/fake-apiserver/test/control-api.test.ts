// The control API over raw HTTP, each operation's effect seen through the Kubernetes API.
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeApiServer } from '../src/index.js';
import { call, createNamespaces, openWatch, pod, podsPath, startServer } from './helpers.js';

const C = '/_kcache/v1';

let server: FakeApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function started(options: Parameters<typeof startServer>[0] = {}): Promise<FakeApiServer> {
  server = await startServer(options);
  return server;
}

describe('control API', () => {
  it('compact: a watch from an older resourceVersion then gets 410 Expired', async () => {
    const s = await started();
    const before = s.create(pod('a')).metadata.resourceVersion;
    s.create(pod('b'));
    // Before compaction the old resourceVersion is still served.
    const open = await openWatch(s, `${podsPath()}?watch=true&resourceVersion=${before}`);
    expect((await open.next()).object.metadata.name).toBe('b');
    open.close();
    const res = await call(s, 'POST', `${C}/compact`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ resourceVersion: s.resourceVersion });
    const w = await openWatch(s, `${podsPath()}?watch=true&resourceVersion=${before}`);
    const events = await w.rest();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'ERROR', object: { kind: 'Status', reason: 'Expired', code: 410 } });
  });

  it('faults/fail: a list gets 429 with Retry-After, `times` times, then is served', async () => {
    const s = await started();
    const add = await call(s, 'POST', `${C}/faults/fail`, { body: { verb: 'list', resource: 'pods', code: 429, retryAfterSeconds: 1, times: 2 } });
    expect(add.status).toBe(201);
    expect(add.json).toEqual({ id: '1', rule: { verb: 'list', resource: 'pods', code: 429, retryAfterSeconds: 1, times: 2 } });
    for (let i = 0; i < 2; i++) {
      const res = await call(s, 'GET', podsPath());
      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.json).toMatchObject({ kind: 'Status', reason: 'TooManyRequests', code: 429 });
    }
    expect((await call(s, 'GET', podsPath())).status).toBe(200);
  });

  it('faults/fail with reason and namespace; DELETE faults/<id> removes that rule only', async () => {
    const s = await started();
    createNamespaces(s, 'blocked', 'open');
    const a = await call(s, 'POST', `${C}/faults/fail`, { body: { verb: 'create', namespace: 'blocked', code: 503, reason: 'ServiceUnavailable' } });
    const b = await call(s, 'POST', `${C}/faults/fail`, { body: { resource: 'configmaps', code: 500 } });
    expect([a.json.id, b.json.id]).toEqual(['1', '2']);
    const blocked = await call(s, 'POST', podsPath('blocked'), { body: pod('x', 'blocked') });
    expect(blocked.status).toBe(503);
    expect(blocked.json.reason).toBe('ServiceUnavailable');
    expect((await call(s, 'POST', podsPath('open'), { body: pod('x', 'open') })).status).toBe(201);
    expect(await call(s, 'DELETE', `${C}/faults/1`)).toMatchObject({ status: 200, json: { id: '1' } });
    expect((await call(s, 'POST', podsPath('blocked'), { body: pod('x', 'blocked') })).status).toBe(201);
    // The other rule still answers.
    expect((await call(s, 'GET', '/api/v1/configmaps')).status).toBe(500);
    // An id removed (or never given) is a 404 that says where ids come from.
    const again = await call(s, 'DELETE', `${C}/faults/1`);
    expect(again.status).toBe(404);
    expect(again.json.message).toContain('no fault rule with id "1"');
  });

  it('faults/delay: a get is served only after delayMs; DELETE faults lifts every rule', async () => {
    const s = await started();
    s.create(pod('a'));
    const add = await call(s, 'POST', `${C}/faults/delay`, { body: { verb: 'get', resource: 'pods', delayMs: 150 } });
    expect(add).toMatchObject({ status: 201, json: { id: '1', rule: { verb: 'get', resource: 'pods', delayMs: 150 } } });
    const order: string[] = [];
    const started0 = performance.now();
    const slow = call(s, 'GET', `${podsPath()}/a`).then((r) => {
      order.push('get');
      return r;
    });
    const quick = call(s, 'GET', podsPath()).then((r) => {
      order.push('list');
      return r;
    });
    const [held, other] = await Promise.all([slow, quick]);
    expect(held.status).toBe(200);
    expect(other.status).toBe(200);
    expect(order).toEqual(['list', 'get']);
    expect(performance.now() - started0).toBeGreaterThanOrEqual(145);
    // An unlimited fail rule and a minute-long delay, both cleared by DELETE faults (a delay left
    // in place would hold the get below past the test's timeout).
    await call(s, 'POST', `${C}/faults/fail`, { body: { verb: 'list', code: 500 } });
    await call(s, 'POST', `${C}/faults/delay`, { body: { verb: 'get', delayMs: 60_000 } });
    expect((await call(s, 'GET', podsPath())).status).toBe(500);
    expect((await call(s, 'DELETE', `${C}/faults`)).status).toBe(200);
    expect((await call(s, 'GET', podsPath())).status).toBe(200);
    expect((await call(s, 'GET', `${podsPath()}/a`)).status).toBe(200);
    // The ids of cleared rules are gone too.
    expect((await call(s, 'DELETE', `${C}/faults/1`)).status).toBe(404);
  });

  it('finish-terminating-pods: the pods deleted gracefully go now; 405 for GET', async () => {
    const s = await started();
    for (const name of ['a', 'b']) s.create(pod(name, 'default', {}, { nodeName: 'node-1' }));
    s.create(pod('unbound'));
    s.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'a' });
    s.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'b' });
    expect(await call(s, 'POST', `${C}/finish-terminating-pods`)).toMatchObject({ status: 200, json: { pods: 2 } });
    expect(s.list({ apiVersion: 'v1', kind: 'Pod' }).map((p) => p.metadata.name)).toEqual(['unbound']);
    expect((await call(s, 'GET', `${C}/finish-terminating-pods`)).status).toBe(405);
  });

  it('close-watches ends open watches cleanly; destroy-connections answers, then resets the others', async () => {
    const s = await started();
    const w1 = await openWatch(s, `${podsPath()}?watch=true`);
    expect(await call(s, 'POST', `${C}/close-watches`)).toMatchObject({ status: 200, json: {} });
    expect(await w1.ended).toBe('end');
    const w2 = await openWatch(s, `${podsPath()}?watch=true`);
    const res = await call(s, 'POST', `${C}/destroy-connections`);
    expect(res.status).toBe(200);
    expect(res.headers.connection).toBe('close');
    expect(await w2.ended).toBe('aborted');
    expect((await call(s, 'GET', podsPath())).status).toBe(200);
  });

  it('requests: the log as JSON with indices, ?since= for what came after, DELETE to reset; control requests are not in it', async () => {
    const s = await started();
    await call(s, 'GET', podsPath());
    await call(s, 'POST', podsPath(), { body: pod('a') });
    const all = await call(s, 'GET', `${C}/requests`);
    expect(all.status).toBe(200);
    expect(all.json).toMatchObject({
      next: 2,
      items: [
        { index: 0, method: 'GET', path: podsPath(), verb: 'list', status: 200 },
        { index: 1, method: 'POST', path: podsPath(), verb: 'create', status: 201, contentType: 'application/json' },
      ],
    });
    expect(all.json.items).toHaveLength(2);
    expect(s.requests.map((r) => r.path)).toEqual([podsPath(), podsPath()]);
    await call(s, 'GET', `${podsPath()}/a?pretty=true`);
    const later = await call(s, 'GET', `${C}/requests?since=${String(all.json.next)}`);
    expect(later.json).toEqual({ next: 3, items: [expect.objectContaining({ index: 2, path: `${podsPath()}/a`, query: { pretty: 'true' }, verb: 'get' })] });
    expect(await call(s, 'DELETE', `${C}/requests`)).toMatchObject({ status: 200, json: { next: 3 } });
    expect(s.requests).toEqual([]);
    await call(s, 'GET', podsPath());
    // Numbering carries on after a reset, so an earlier `next` stays a valid cursor.
    expect((await call(s, 'GET', `${C}/requests?since=3`)).json).toMatchObject({ next: 4, items: [{ index: 3, verb: 'list' }] });
    expect((await call(s, 'GET', `${C}/requests?since=0`)).json.items).toHaveLength(1);
    expect((await call(s, 'GET', `${C}/requests?since=99`)).json).toEqual({ next: 4, items: [] });
  });

  it('is never matched by fault rules, even a rule for every request', async () => {
    const s = await started();
    await call(s, 'POST', `${C}/faults/fail`, { body: { code: 500 } });
    await call(s, 'POST', `${C}/faults/delay`, { body: { delayMs: 60_000 } });
    expect((await call(s, 'GET', `${C}/requests`)).status).toBe(200);
    expect((await call(s, 'DELETE', `${C}/faults`)).status).toBe(200);
    expect((await call(s, 'GET', podsPath())).status).toBe(200);
  });

  it('needs the bearer token when the server has one (401, like the API)', async () => {
    const s = await started({ token: 'sesame' });
    const denied = await call(s, 'POST', `${C}/faults/fail`, { body: { code: 500 } });
    expect(denied.status).toBe(401);
    expect(denied.json).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    expect((await call(s, 'POST', `${C}/compact`, { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await call(s, 'GET', podsPath(), { headers: { Authorization: 'Bearer sesame' } })).status).toBe(200);
    const auth = { Authorization: 'Bearer sesame' };
    expect((await call(s, 'POST', `${C}/faults/fail`, { body: { code: 500 }, headers: auth })).status).toBe(201);
    expect((await call(s, 'GET', podsPath(), { headers: auth })).status).toBe(500);
    expect((await call(s, 'DELETE', `${C}/faults`, { headers: auth })).status).toBe(200);
  });

  it.each([
    [{ verb: 'list', resource: 'pods' }, 'code is required'],
    [{ code: 200 }, 'code must be an HTTP error status from 400 to 599, e.g. 429, got 200'],
    [{ code: '429' }, 'code must be an HTTP error status from 400 to 599'],
    [{ code: 429, verb: 'LIST' }, 'verb must be one of get, list, watch, create, update, patch, delete'],
    [{ code: 429, retryAfter: 1 }, 'unknown field "retryAfter": a fail rule has the fields verb, resource, namespace, code, reason, retryAfterSeconds, times'],
    [{ code: 429, retryAfterSeconds: -1 }, 'retryAfterSeconds must be a whole number of seconds, 0 or more, got -1'],
    [{ code: 429, times: 0 }, 'times must be a whole number, 1 or more'],
    [{ code: 429, times: 1.5 }, 'times must be a whole number, 1 or more'],
    [{ code: 429, resource: '' }, 'resource must be a non-empty string'],
    [{ code: 429, namespace: 7 }, 'namespace must be a non-empty string'],
  ])('faults/fail refuses %j with 400 naming the field, and adds nothing', async (body, message) => {
    const s = await started();
    const res = await call(s, 'POST', `${C}/faults/fail`, { body });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
    expect(res.json.message).toContain(message);
    expect((await call(s, 'GET', podsPath())).status).toBe(200);
    // The next rule added gets the first id: nothing was added before.
    expect((await call(s, 'POST', `${C}/faults/fail`, { body: { code: 418, times: 1 } })).json.id).toBe('1');
  });

  it('refuses malformed bodies, delay rules, queries, methods and paths with a message saying what is accepted', async () => {
    const s = await started();
    const cases: [string, string, { raw?: string; body?: unknown }, number, string][] = [
      ['POST', 'faults/fail', { raw: '{"code":' }, 400, 'the body is not JSON'],
      ['POST', 'faults/fail', { body: [429] }, 400, 'the body must be a JSON object such as {"verb":"list"'],
      ['POST', 'faults/delay', { body: {} }, 400, 'delayMs is required'],
      ['POST', 'faults/delay', { body: { delayMs: -5 } }, 400, 'delayMs must be a number of milliseconds, 0 or more, got -5'],
      ['POST', 'faults/delay', { body: { delayMs: 5, code: 500 } }, 400, 'unknown field "code": a delay rule has the fields verb, resource, namespace, delayMs, times'],
      ['POST', 'compact?now=1', {}, 400, 'unknown query parameter "now": this operation takes none'],
      ['GET', 'requests?since=-1', {}, 400, 'since must be a request index'],
      ['GET', 'requests?from=1', {}, 400, 'unknown query parameter "from": this operation takes since'],
      ['GET', 'compact', {}, 405, 'GET is not allowed on /_kcache/v1/compact: use POST'],
      ['POST', 'faults', {}, 405, 'use DELETE'],
      ['POST', 'nonsense', {}, 404, 'no control operation at /_kcache/v1/nonsense; there are: POST /_kcache/v1/compact;'],
    ];
    for (const [method, op, options, code, message] of cases) {
      const res = await call(s, method, `${C}/${op}`, options);
      expect(res.status, `${method} ${op}`).toBe(code);
      expect(res.json.message, `${method} ${op}`).toContain(message);
    }
    expect((await call(s, 'GET', '/_kcache/v2/compact')).status).toBe(404);
    expect((await call(s, 'GET', `${C}/compact`)).headers.allow).toBe('POST');
    // Nothing was changed by any of them: no rule, no compaction, no log entries.
    expect((await call(s, 'GET', podsPath())).status).toBe(200);
    expect(s.requests).toHaveLength(1);
  });

  it('refuses a body over 64 KiB with 413', async () => {
    const s = await started();
    const res = await call(s, 'POST', `${C}/faults/fail`, { raw: `{"reason":"${'x'.repeat(70_000)}","code":500}` });
    expect(res.status).toBe(413);
    expect((await call(s, 'GET', podsPath())).status).toBe(200);
  });
});
