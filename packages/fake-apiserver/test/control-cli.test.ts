// The client subcommands of kcache-fake-apiserver, run in-process against a served fake.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runFakeApiServerCli, type FakeApiServer } from '../src/index.js';
import { call, openWatch, pod, podsPath, startServer } from './helpers.js';

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = sink();
  const err = sink();
  const code = await runFakeApiServerCli(args, { stdout: out.stream, stderr: err.stream });
  return { code, out: out.text(), err: err.text() };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kcache-control-cli-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

let server: FakeApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A served fake and its kubeconfig on disk, as the command writes it. */
async function served(options: Parameters<typeof startServer>[0] = {}): Promise<{ s: FakeApiServer; kubeconfig: string }> {
  const s = await startServer(options);
  server = s;
  const kubeconfig = join(dir, `kc-${new URL(s.url).port}.yaml`);
  writeFileSync(kubeconfig, s.kubeconfig());
  return { s, kubeconfig };
}

describe('kcache-fake-apiserver commands', () => {
  it('fault fail prints the id; matching requests fail `times` times; fault remove and clear lift rules', async () => {
    const { s, kubeconfig } = await served();
    const added = await cli(['fault', 'fail', '--verb', 'list', '--resource', 'pods', '--code', '429', '--retry-after', '1', '--times', '2', '--kubeconfig', kubeconfig]);
    expect(added).toEqual({ code: 0, out: '1\n', err: '' });
    for (let i = 0; i < 2; i++) {
      const res = await call(s, 'GET', podsPath());
      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toBe('1');
    }
    expect((await call(s, 'GET', podsPath())).status).toBe(200);

    expect((await cli(['fault', 'fail', '--code', '500', '-n', 'blocked', '--reason', 'Boom', '--kubeconfig', kubeconfig])).out).toBe('2\n');
    expect((await call(s, 'GET', podsPath('blocked'))).json).toMatchObject({ code: 500, reason: 'Boom' });
    expect((await call(s, 'GET', podsPath('open'))).status).toBe(200);
    expect(await cli(['fault', 'remove', '2', '--kubeconfig', kubeconfig])).toEqual({ code: 0, out: 'removed fault rule 2\n', err: '' });
    expect((await call(s, 'GET', podsPath('blocked'))).status).toBe(200);

    const missing = await cli(['fault', 'remove', '2', '--kubeconfig', kubeconfig]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('no fault rule with id "2"');
    expect(missing.err).toContain('(HTTP 404)');

    await cli(['fault', 'fail', '--code', '503', '--kubeconfig', kubeconfig]);
    await cli(['fault', 'delay', '--delay-ms', '60000', '--kubeconfig', kubeconfig]);
    expect((await call(s, 'GET', podsPath())).status).toBe(503);
    expect(await cli(['clear', '--kubeconfig', kubeconfig])).toEqual({ code: 0, out: 'removed every fault rule\n', err: '' });
    expect((await call(s, 'GET', podsPath())).status).toBe(200);
    expect((await cli(['fault', 'clear', '--kubeconfig', kubeconfig])).code).toBe(0);
  });

  it('fault delay holds matching requests, as many times as asked', async () => {
    const { s, kubeconfig } = await served();
    s.create(pod('a'));
    expect((await cli(['fault', 'delay', '--verb', 'get', '--resource', 'pods', '--delay-ms', '400', '--times', '1', '--kubeconfig', kubeconfig])).out).toBe('1\n');
    // The server holds a request with a timer: with the clock faked, the held get cannot finish
    // until the clock is moved, while a get the rule no longer matches finishes on its own.
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      let heldDone = false;
      const held = call(s, 'GET', `${podsPath()}/a`).then((r) => {
        heldDone = true;
        return r;
      });
      await vi.waitUntil(() => vi.getTimerCount() > 0, { interval: 5 });
      expect(vi.getTimerCount()).toBe(1);
      // Its one use (`--times 1`) was taken: the next get is served at once.
      expect((await call(s, 'GET', `${podsPath()}/a`)).status).toBe(200);
      expect(heldDone).toBe(false);
      vi.advanceTimersByTime(399);
      expect(heldDone).toBe(false);
      vi.advanceTimersByTime(1);
      expect((await held).status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  });

  it('the server takes --controllers (none, or which to run) and refuses an unknown one', async () => {
    const bad = await cli(['--controllers', 'namespace,kubelet']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--controllers: unknown controller "kubelet"; the controllers are namespace, garbage-collector, pod-termination (or none)');
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString()));
    const abort = new AbortController();
    const running = runFakeApiServerCli(['--controllers', 'none'], { stdout: out, stderr: new PassThrough(), signal: abort.signal });
    await vi.waitUntil(() => /listening on (\S+)/.test(text));
    const url = /listening on (\S+)/.exec(text)?.[1] ?? '';
    await call({ url }, 'POST', '/api/v1/namespaces', { body: { metadata: { name: 'stays' } } });
    await call({ url }, 'DELETE', '/api/v1/namespaces/stays');
    // Without the namespace controller the namespace stays Terminating, as on a kube-apiserver alone
    // (with it, the empty namespace is gone by the next request).
    expect((await call({ url }, 'GET', '/api/v1/namespaces/stays')).json.status).toEqual({ phase: 'Terminating' });
    abort.abort();
    expect(await running).toBe(0);
  });

  it('finish-terminating-pods removes the pods deleted gracefully, as their kubelet would', async () => {
    const { s, kubeconfig } = await served();
    s.create(pod('a', 'default', {}, { nodeName: 'node-1' }));
    s.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'a' });
    expect(s.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'a' })?.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(await cli(['finish-terminating-pods', '--kubeconfig', kubeconfig])).toEqual({ code: 0, out: 'finished 1 terminating pod(s)\n', err: '' });
    expect(s.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'a' })).toBeUndefined();
  });

  it('compact, close-watches and destroy-connections act on the server', async () => {
    const { s, kubeconfig } = await served();
    const old = s.create(pod('a')).metadata.resourceVersion;
    s.create(pod('b'));
    const compacted = await cli(['compact', '--kubeconfig', kubeconfig]);
    expect(compacted).toEqual({ code: 0, out: `compacted at resourceVersion ${s.resourceVersion}: older resourceVersions now get 410 Expired\n`, err: '' });
    const expired = await openWatch(s, `${podsPath()}?watch=true&resourceVersion=${old}`);
    expect(await expired.rest()).toMatchObject([{ type: 'ERROR', object: { code: 410, reason: 'Expired' } }]);

    const w1 = await openWatch(s, `${podsPath()}?watch=true`);
    expect(await cli(['close-watches', '--kubeconfig', kubeconfig])).toEqual({ code: 0, out: 'ended every open watch\n', err: '' });
    expect(await w1.ended).toBe('end');
    const w2 = await openWatch(s, `${podsPath()}?watch=true`);
    expect(await cli(['destroy-connections', '--kubeconfig', kubeconfig])).toEqual({ code: 0, out: 'reset every open connection\n', err: '' });
    expect(await w2.ended).toBe('aborted');
  });

  it('requests prints the log (or JSON), from an index; requests clear empties it', async () => {
    const { s, kubeconfig } = await served();
    await call(s, 'GET', `${podsPath()}?limit=5`);
    await call(s, 'POST', podsPath(), { body: pod('a') });
    const printed = await cli(['requests', '--kubeconfig', kubeconfig]);
    expect(printed.code).toBe(0);
    expect(printed.out).toMatch(/^0 GET \/api\/v1\/namespaces\/default\/pods\?limit=5 200 list \d+\.\dms\n1 POST \/api\/v1\/namespaces\/default\/pods 201 create \d+\.\dms\n$/);
    const json = await cli(['requests', '--since', '1', '--json', '--kubeconfig', kubeconfig]);
    expect(JSON.parse(json.out)).toMatchObject({ next: 2, items: [{ index: 1, method: 'POST', verb: 'create' }] });
    expect((await cli(['requests', 'clear', '--kubeconfig', kubeconfig])).out).toBe('emptied the request log; the next request gets index 2\n');
    expect(s.requests).toEqual([]);
    expect((await cli(['requests', '--kubeconfig', kubeconfig])).out).toBe('');
  });

  it('finds the server by --server and --token, or by the kubeconfig with its token and CA', async () => {
    const { s, kubeconfig } = await served({ token: 'sesame', tls: true });
    expect((await cli(['fault', 'fail', '--code', '500', '--times', '1', '--kubeconfig', kubeconfig])).out).toBe('1\n');
    expect((await cli(['fault', 'fail', '--code', '500', '--times', '1', '--server', s.url, '--token', 'sesame'])).out).toBe('2\n');
    const denied = await cli(['compact', '--server', s.url]);
    expect(denied).toEqual({ code: 1, out: '', err: 'kcache-fake-apiserver: Unauthorized (HTTP 401)\n' });
    const wrong = await cli(['compact', '--kubeconfig', kubeconfig, '--token', 'nope']);
    expect(wrong.err).toContain('Unauthorized');
  });

  it('says what is wrong with the arguments, with the usage, and exits 2', async () => {
    const { kubeconfig } = await served();
    const cases: [string[], string][] = [
      [['fault', 'fail', '--kubeconfig', kubeconfig], 'fault fail needs --code <code>'],
      [['fault', 'fail', '--code', 'x', '--kubeconfig', kubeconfig], '--code must be a whole number, got "x"'],
      [['fault', 'fail', '--code', '429', '--retry-after=-1', '--kubeconfig', kubeconfig], '--retry-after must be a whole number, got "-1"'],
      [['fault', 'fail', '--code', '429', '--times', '-1', '--kubeconfig', kubeconfig], "Option '--times' argument is ambiguous"],
      [['fault', 'delay', '--kubeconfig', kubeconfig], 'fault delay needs --delay-ms <ms>'],
      [['fault', 'remove', '--kubeconfig', kubeconfig], 'fault remove needs the id'],
      [['fault', 'explode'], 'fault needs one of: fail, delay, remove, clear, got "explode"'],
      [['fault'], 'fault needs one of: fail, delay, remove, clear'],
      [['requests', 'sideways'], 'requests takes clear or options, got "sideways"'],
      [['compact', '--verb', 'get'], "Unknown option '--verb'"],
      [['compact', 'now'], "Unexpected argument 'now'"],
      [['fault', 'remove', '1', '2'], 'unexpected argument "2"'],
      [['compat'], 'unknown command "compat"; the commands are compact, close-watches, destroy-connections, finish-terminating-pods, fault, clear, requests'],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toContain(message);
      expect(r.err, args.join(' ')).toContain('Usage: kcache-fake-apiserver');
    }
    const noServer = await cli(['compact', '--kubeconfig', join(dir, 'missing.yaml')]);
    expect(noServer.code).toBe(2);
    expect(noServer.err).toContain(`cannot read the kubeconfig ${join(dir, 'missing.yaml')}`);
    const badUrl = await cli(['compact', '--server', 'localhost:6443']);
    expect(badUrl).toMatchObject({ code: 2, err: expect.stringContaining('--server must be an http:// or https:// URL') as unknown });
  });

  it('reports a server that refuses a rule, one that is not running, and one without the control API', async () => {
    const { s, kubeconfig } = await served();
    const refused = await cli(['fault', 'fail', '--code', '200', '--kubeconfig', kubeconfig]);
    expect(refused).toEqual({ code: 1, out: '', err: 'kcache-fake-apiserver: code must be an HTTP error status from 400 to 599, e.g. 429, got 200 (HTTP 400)\n' });
    const url = s.url;
    await s.close();
    const down = await cli(['compact', '--server', url]);
    expect(down.code).toBe(1);
    expect(down.err).toContain(`cannot reach the fake API server at ${url}: ECONNREFUSED (is it running?)`);
    // Something else answering 404 (as kube-apiserver does for paths it does not serve).
    const { createServer } = await import('node:http');
    const other = createServer((_req, res) => {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('404 page not found\n');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const address = other.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      const notFake = await cli(['requests', '--server', `http://127.0.0.1:${String(port)}`]);
      expect(notFake.code).toBe(1);
      expect(notFake.err).toContain('has no control API (HTTP 404 at /_kcache/v1/): it is not a kcache fake API server');
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('prints the usage with the commands for --help, and for a command with --help', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('kcache-fake-apiserver <command> [options]');
    expect(help.out).toContain('fault fail --code <code>');
    const sub = await cli(['fault', 'fail', '--help']);
    expect(sub.code).toBe(0);
    expect(sub.out).toContain('requests clear');
  });
});
