// The server side of the controller benchmark, in a worker thread (the other core): the fake API
// server and a writer that updates ConfigMaps at a steady rate, each stamped with the wall-clock
// time of its write, so the main thread measures write → handler and write → reconcile latency
// without sharing its event loop with the server. Messages: { id, cmd, ... } → { id, result } | { id, error }.
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort } from 'node:worker_threads';
import { createFakeApiServer, type FakeApiServer, type KubeObject } from '@kcache/fake-apiserver';

export type ControllerWorkerCommand =
  | { cmd: 'start'; objects: number }
  | { cmd: 'write'; ratePerSecond: number; durationMs: number; tag: string }
  | { cmd: 'close' };

/** The annotation carrying `tag:time`: the round's tag and the write's wall-clock time (`performance.timeOrigin + performance.now()`, ms). */
export const WRITTEN_AT = 'bench.kcache.dev/written-at';
export const NAMESPACE = 'bench';

let server: FakeApiServer | undefined;
let names: string[] = [];
let generation = 0;

function configMap(name: string, stamp: string | undefined): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: NAMESPACE, ...(stamp === undefined ? {} : { annotations: { [WRITTEN_AT]: stamp } }) },
    data: { value: String(generation++) },
  } as KubeObject;
}

async function handle(message: ControllerWorkerCommand): Promise<unknown> {
  switch (message.cmd) {
    case 'start': {
      server = await createFakeApiServer({ historyLimit: 100_000 });
      server.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } });
      names = Array.from({ length: message.objects }, (_, i) => `cm-${String(i).padStart(5, '0')}`);
      for (const name of names) server.create(configMap(name, undefined));
      return { url: server.url };
    }
    case 'write': {
      // Paced by elapsed time: every millisecond, the writes that are due; each name is written
      // once per pass over the pool, so no two writes of one key are ever pending together.
      const s = server;
      if (s === undefined) throw new Error('start first');
      const t0 = performance.now();
      let written = 0;
      let next = 0;
      while (performance.now() - t0 < message.durationMs) {
        const due = Math.floor(((performance.now() - t0) * message.ratePerSecond) / 1000);
        for (; written < due; written++) {
          const name = names[next] ?? '';
          next = (next + 1) % names.length;
          s.update(configMap(name, `${message.tag}:${String(performance.timeOrigin + performance.now())}`));
        }
        await sleep(1);
      }
      return { written, ms: performance.now() - t0 };
    }
    case 'close': {
      await server?.close();
      return {};
    }
  }
}

const port = parentPort;
if (port !== null) {
  port.on('message', (message: ControllerWorkerCommand & { id: number }) => {
    handle(message).then(
      (result) => { port.postMessage({ id: message.id, result }); },
      (err: unknown) => { port.postMessage({ id: message.id, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) }); },
    );
  });
}
