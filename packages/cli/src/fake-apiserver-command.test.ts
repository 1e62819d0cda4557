import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { KubeConfig } from '@kubernetes/client-node';
import { createFakeApiServer } from '@kcache/fake-apiserver';
import { createListWatch } from '@kcache/listwatch';
import { describe, expect, it } from 'vitest';
import { captureIo } from '../test/capture-io.js';
import { runCli } from './program.js';

describe('kcache fake-apiserver', () => {
  it('serves a fake API server until stopped, with a kubeconfig clients can use', async () => {
    const io = captureIo();
    const stop = new AbortController();
    const running = runCli(['fake-apiserver', '--port', '0'], { io, signal: stop.signal });
    for (let i = 0; i < 200 && !io.out().includes('kubeconfig: '); i++) await sleep(10);
    const path = /^kubeconfig: (.+)$/m.exec(io.out())?.[1];
    expect(path, io.out() + io.err()).toBeDefined();
    const kc = new KubeConfig();
    kc.loadFromString(readFileSync(path ?? '', 'utf8'));
    const lw = createListWatch(kc, { apiVersion: 'v1', resource: 'namespaces' });
    const list = await lw.list({});
    expect(list.kind).toBe('NamespaceList');
    lw.close();
    stop.abort();
    expect(await running).toBe(0);
    expect(io.out()).toContain('fake API server stopped');
  });

  it('passes the fault commands through to a running fake', async () => {
    await using server = await createFakeApiServer();
    const io = captureIo();
    expect(await runCli(['fake-apiserver', 'fault', 'fail', '--verb', 'list', '--resource', 'pods', '--code', '429', '--times', '1', '--server', server.url], { io })).toBe(0);
    expect(io.out()).toBe('1\n');
    expect((await fetch(`${server.url}/api/v1/namespaces/default/pods`)).status).toBe(429);
    expect((await fetch(`${server.url}/api/v1/namespaces/default/pods`)).status).toBe(200);
    const requests = captureIo();
    expect(await runCli(['fake-apiserver', 'requests', '--server', server.url], { io: requests })).toBe(0);
    expect(requests.out()).toMatch(/^0 GET \/api\/v1\/namespaces\/default\/pods 429 list [\d.]+ms\n1 GET \/api\/v1\/namespaces\/default\/pods 200 list [\d.]+ms\n$/);
    const bad = captureIo();
    expect(await runCli(['fake-apiserver', 'fault', 'fail', '--server', server.url], { io: bad })).toBe(2);
    expect(bad.err()).toContain('fault fail needs --code <code>');
  });

  it('passes its own options and help through', async () => {
    const io = captureIo();
    expect(await runCli(['fake-apiserver', '--help'], { io })).toBe(0);
    expect(io.out()).toContain('--kubeconfig <path>');
    const bad = captureIo();
    expect(await runCli(['fake-apiserver', '--port', 'x'], { io: bad })).toBe(2);
    expect(bad.err()).toContain('--port must be a number');
  });
});
