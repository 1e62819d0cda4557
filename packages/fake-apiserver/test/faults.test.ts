import { afterEach, describe, expect, it } from 'vitest';
import type { FakeApiServer } from '../src/index.js';
import { BadRequestError, ListenError, createFakeApiServer } from '../src/index.js';
import { call, createNamespaces, openWatch, pod, podsPath, startServer } from './helpers.js';

let server: FakeApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('delay()', () => {
  it('serves matching requests late and in full, for `times` requests; others pass them by', async () => {
    server = await startServer();
    server.create(pod('a'));
    server.delay({ verb: 'list', resource: 'pods', delayMs: 300, times: 1 });
    const order: string[] = [];
    const slow = call(server, 'GET', podsPath()).then((res) => {
      order.push('pods');
      return res;
    });
    // Issued after the held list, answered before it.
    const quick = call(server, 'GET', '/api/v1/configmaps').then((res) => {
      order.push('configmaps');
      return res;
    });
    // A write made while the list is held shows in it: the list is served after the delay.
    server.create(pod('b'));
    const [held, other] = await Promise.all([slow, quick]);
    expect(order).toEqual(['configmaps', 'pods']);
    expect(other.status).toBe(200);
    expect(held.status).toBe(200);
    expect((held.json.items as { metadata: { name: string } }[]).map((p) => p.metadata.name)).toEqual(['a', 'b']);
    // `times: 1` was used up: the next list is served at once, clearFaults() lifts unlimited rules.
    server.delay({ verb: 'get', delayMs: 60_000 });
    expect((await call(server, 'GET', podsPath())).status).toBe(200);
    server.clearFaults();
    expect((await call(server, 'GET', `${podsPath()}/a`)).status).toBe(200);
  });

  it('refuses a malformed rule with BadRequestError', async () => {
    server = await startServer();
    expect(() => server?.delay({ delayMs: -1 })).toThrow(BadRequestError);
    expect(() => server?.delay({ delayMs: 10, times: 0 })).toThrow(BadRequestError);
  });
});

describe('fail()', () => {
  it('answers matching requests with the Status, Retry-After for 429, for `times` requests', async () => {
    server = await startServer();
    server.create(pod('a'));
    server.fail({ verb: 'list', resource: 'pods', code: 429, retryAfterSeconds: 3, times: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await call(server, 'GET', podsPath());
      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toBe('3');
      expect(res.json).toMatchObject({ kind: 'Status', reason: 'TooManyRequests', code: 429, details: { retryAfterSeconds: 3 } });
    }
    expect((await call(server, 'GET', podsPath())).status).toBe(200);
    // Other verbs were never affected.
    expect((await call(server, 'GET', `${podsPath()}/a`)).status).toBe(200);
  });

  it('matches verb, resource and namespace; remove() and clearFaults() lift rules', async () => {
    server = await startServer();
    createNamespaces(server, 'blocked', 'open');
    const rule = server.fail({ verb: 'create', namespace: 'blocked', code: 500 });
    const blocked = await call(server, 'POST', podsPath('blocked'), { body: pod('a', 'blocked') });
    expect(blocked.status).toBe(500);
    expect(blocked.json.reason).toBe('InternalError');
    expect(server.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'blocked', name: 'a' })).toBeUndefined();
    expect((await call(server, 'POST', podsPath('open'), { body: pod('a', 'open') })).status).toBe(201);
    rule.remove();
    expect((await call(server, 'POST', podsPath('blocked'), { body: pod('a', 'blocked') })).status).toBe(201);
    server.fail({ resource: 'configmaps', code: 503, reason: 'ServiceUnavailable' });
    server.fail({ verb: 'get', code: 404 });
    expect((await call(server, 'GET', '/api/v1/configmaps')).json.reason).toBe('ServiceUnavailable');
    expect((await call(server, 'GET', `${podsPath('open')}/a`)).status).toBe(404);
    server.clearFaults();
    expect((await call(server, 'GET', '/api/v1/configmaps')).status).toBe(200);
    expect((await call(server, 'GET', `${podsPath('open')}/a`)).status).toBe(200);
  });

  it('fails a watch before it starts', async () => {
    server = await startServer();
    server.fail({ verb: 'watch', code: 429, retryAfterSeconds: 1, times: 1 });
    const res = await call(server, 'GET', `${podsPath()}?watch=true`);
    expect(res.status).toBe(429);
    const w = await openWatch(server, `${podsPath()}?watch=true&timeoutSeconds=1`);
    expect(w.status).toBe(200);
    w.close();
  });

  it('refuses malformed rules', async () => {
    server = await startServer();
    expect(() => server!.fail({ code: 200 })).toThrow(BadRequestError);
    expect(() => server!.fail({ code: 500, times: 0 })).toThrow(BadRequestError);
  });
});

describe('requests', () => {
  it('logs method, path, query, status, verb and duration', async () => {
    server = await startServer();
    await call(server, 'GET', `${podsPath()}?limit=5`);
    await call(server, 'GET', `${podsPath()}/missing`);
    const [list, get] = server.requests.slice(-2);
    expect(list).toMatchObject({ method: 'GET', path: podsPath(), query: { limit: '5' }, status: 200, verb: 'list' });
    expect(get).toMatchObject({ method: 'GET', path: `${podsPath()}/missing`, status: 404, verb: 'get' });
    expect(list!.durationMs).toBeGreaterThanOrEqual(0);
    await call(server, 'PATCH', `${podsPath()}/missing`, { raw: '{}', headers: { 'Content-Type': 'application/merge-patch+json' } });
    expect(server.requests.at(-1)).toMatchObject({ method: 'PATCH', verb: 'patch', status: 404, contentType: 'application/merge-patch+json' });
  });

  it('keeps the most recent requestLogLimit records', async () => {
    server = await startServer({ requestLogLimit: 3 });
    for (let i = 0; i < 7; i++) await call(server, 'GET', `/version?i=${i}`);
    expect(server.requests.map((r) => r.query.i)).toEqual(['4', '5', '6']);
  });
});

describe('token', () => {
  it('answers 401 without the bearer token and serves with it', async () => {
    server = await startServer({ token: 's3cret' });
    const anonymous = await call(server, 'GET', podsPath());
    expect(anonymous.status).toBe(401);
    expect(anonymous.json).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    expect((await call(server, 'GET', podsPath(), { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await call(server, 'GET', podsPath(), { headers: { Authorization: 'Bearer s3cret' } })).status).toBe(200);
    expect(server.kubeconfig()).toContain('token: "s3cret"');
  });
});

describe('options', () => {
  it('refuses invalid options and a port in use', async () => {
    await expect(createFakeApiServer({ historyLimit: 0 })).rejects.toThrow(BadRequestError);
    await expect(createFakeApiServer({ port: 70000 })).rejects.toThrow(BadRequestError);
    server = await startServer();
    const port = Number(new URL(server.url).port);
    await expect(createFakeApiServer({ port })).rejects.toThrow(ListenError);
  });

  it('close() is idempotent and works with await using', async () => {
    let url: string;
    {
      await using s = await startServer();
      url = s.url;
      await s.close();
    }
    await expect(fetch(`${url}/version`)).rejects.toThrow();
  });
});
