// The server side of the fake-apiserver benchmark, in a worker thread (the other core) so the
// clients in the main thread do not share an event loop with the server they measure. It holds
// the fake API server and, beside it, the floor: a bare node:http server writing pre-encoded
// bytes. Requests and answers are plain messages: { id, cmd, ... } → { id, result } | { id, error }.
import { createServer, type Server } from 'node:http';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { parentPort } from 'node:worker_threads';
import { createFakeApiServer, type FakeApiServer, type KubeObject } from '@kcache/fake-apiserver';
import { makePod } from '../fixtures/pods.js';
import { FIXTURE_CONTROLLERS, namespaceCreator } from './namespaces.js';

/** Which of the worker's fake API servers a command is for. */
export type ServerName = 'main' | 'slow';

export type WorkerCommand =
  | { cmd: 'start'; server: ServerName; maxWatchBufferBytes?: number; historyLimit?: number }
  | { cmd: 'loadPods'; server: ServerName; count: number; namespace?: string; offset?: number }
  | { cmd: 'startFloor'; bodies: [key: string, body: ArrayBuffer][] }
  | { cmd: 'seedSmall'; server: ServerName; namespace: string; count: number }
  | { cmd: 'writeUpdates'; server: ServerName; namespace: string; names: string[]; count: number; big: boolean; batch: number }
  | { cmd: 'inProcessWrites'; server: ServerName; count: number }
  | { cmd: 'memory' }
  | { cmd: 'cpu' }
  | { cmd: 'close' };

export interface MemorySample {
  heapUsed: number;
  arrayBuffers: number;
}

const collectGarbage: (() => void) | undefined = (globalThis as { gc?: () => void }).gc;
const servers = new Map<ServerName, FakeApiServer>();
let floor: Server | undefined;

/** Retained memory: collected first (the process runs with --expose-gc), so garbage does not count. */
function memory(): MemorySample {
  collectGarbage?.();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, arrayBuffers: m.arrayBuffers };
}

function fake(name: ServerName): FakeApiServer {
  const server = servers.get(name);
  if (server === undefined) throw new Error(`start the ${name} fake API server first`);
  return server;
}

/** A small pod (~400 bytes of JSON): what fan-out measures is the server, not the bytes. */
function smallPod(namespace: string, name: string, generation: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { app: 'fanout', gen: String(generation) } },
    spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'registry.example.com/app:1.0.0' }] },
  } as KubeObject;
}

function fixturePod(i: number, namespace: string | undefined): KubeObject {
  const pod = makePod(i) as unknown as KubeObject & { metadata: Record<string, unknown> };
  // The server assigns these; a create that carries a resourceVersion is refused.
  delete pod.metadata.resourceVersion;
  if (namespace !== undefined) pod.metadata.namespace = namespace;
  return pod;
}

async function handle(message: WorkerCommand): Promise<unknown> {
  switch (message.cmd) {
    case 'start': {
      const server = await createFakeApiServer({
        controllers: FIXTURE_CONTROLLERS,
        ...(message.maxWatchBufferBytes === undefined ? {} : { maxWatchBufferBytes: message.maxWatchBufferBytes }),
        ...(message.historyLimit === undefined ? {} : { historyLimit: message.historyLimit }),
      });
      servers.set(message.server, server);
      return { url: server.url };
    }
    case 'loadPods': {
      const s = fake(message.server);
      const t0 = performance.now();
      const offset = message.offset ?? 0;
      const ensureNamespace = namespaceCreator(s);
      for (let i = offset; i < offset + message.count; i++) {
        const pod = fixturePod(i, message.namespace);
        ensureNamespace(pod.metadata?.namespace);
        s.create(pod);
      }
      return { ms: performance.now() - t0, resourceVersion: s.resourceVersion };
    }
    case 'startFloor': {
      const bodies = new Map(message.bodies.map(([key, body]) => [key, Buffer.from(body)]));
      floor = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
        const query = new URL(req.url ?? '/', 'http://x').searchParams;
        const body = bodies.get(`${query.get('limit') ?? ''}|${query.get('continue') ?? ''}`);
        if (body === undefined) {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
        res.end(body);
      });
      const f = floor;
      await new Promise<void>((resolve) => f.listen(0, '127.0.0.1', resolve));
      const address = f.address();
      return { url: `http://127.0.0.1:${String(typeof address === 'object' && address !== null ? address.port : 0)}` };
    }
    case 'seedSmall': {
      const s = fake(message.server);
      const names: string[] = [];
      namespaceCreator(s)(message.namespace);
      for (let i = 0; i < message.count; i++) {
        const name = `p-${String(i).padStart(4, '0')}`;
        s.create(smallPod(message.namespace, name, 0));
        names.push(name);
      }
      return { names, resourceVersion: s.resourceVersion, eventBytes: Buffer.byteLength(JSON.stringify({ type: 'MODIFIED', object: s.get({ apiVersion: 'v1', kind: 'Pod', namespace: message.namespace, name: names[0] ?? '' }) })) + 1 };
    }
    case 'writeUpdates': {
      // Updates in batches, yielding to the event loop between them so the server can write to
      // its sockets as a real one would between requests.
      const s = fake(message.server);
      let i = 0;
      const t0 = performance.now();
      while (i < message.count) {
        const end = Math.min(message.count, i + message.batch);
        for (; i < end; i++) {
          const name = message.names[i % message.names.length] ?? '';
          if (message.big) {
            const pod = fixturePod(i % message.names.length, message.namespace) as KubeObject & { metadata: Record<string, unknown> };
            pod.metadata.name = name;
            pod.metadata.labels = { ...(pod.metadata.labels!), gen: String(i + 1) };
            s.update(pod);
          } else {
            s.update(smallPod(message.namespace, name, i + 1));
          }
        }
        await yieldToLoop();
      }
      const ms = performance.now() - t0;
      return { ms, resourceVersion: s.resourceVersion };
    }
    case 'inProcessWrites': {
      const s = fake(message.server);
      namespaceCreator(s)('inproc');
      const t0 = performance.now();
      for (let i = 0; i < message.count; i++) s.create(fixturePod(i, 'inproc'));
      const createMs = performance.now() - t0;
      const t1 = performance.now();
      for (let i = 0; i < message.count; i++) {
        const pod = fixturePod(i, 'inproc') as KubeObject & { metadata: Record<string, unknown> };
        pod.metadata.labels = { ...(pod.metadata.labels!), round: '2' };
        s.update(pod);
      }
      const updateMs = performance.now() - t1;
      return { createMs, updateMs };
    }
    case 'memory':
      return memory();
    case 'cpu': {
      // CPU time of this thread (the servers'), in ms: immune to time spent waiting for a core.
      const usage = process.threadCpuUsage();
      return (usage.user + usage.system) / 1000;
    }
    case 'close': {
      for (const server of servers.values()) await server.close();
      const f = floor;
      if (f !== undefined) {
        f.closeAllConnections();
        await new Promise<void>((resolve) => f.close(() => { resolve(); }));
      }
      return {};
    }
  }
}

const port = parentPort;
if (port !== null) {
  port.on('message', (message: WorkerCommand & { id: number }) => {
    handle(message).then(
      (result) => { port.postMessage({ id: message.id, result }); },
      (err: unknown) => { port.postMessage({ id: message.id, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) }); },
    );
  });
}
