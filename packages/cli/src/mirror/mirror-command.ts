import { setTimeout as sleep } from 'node:timers/promises';
import { NAMESPACE_INDEX } from '@kcache/store';
import { CliError } from '../errors.js';
import { formatCount, formatDuration, formatTable, formatTally } from '../internal/format.js';
import { colorsFor, writeLine, type CliIo, type Colors } from '../internal/io.js';
import { createLiveView } from '../internal/live-view.js';
import type { ReflectorHealth } from '../internal/reflector-health.js';
import { displayServer } from './api-get.js';
import { loadKubeConfig } from './load-kubeconfig.js';
import { startMirrorSession, type MirrorSession } from './mirror-session.js';
import { resolveResource, type ResolvedResource } from './resolve-resource.js';

/** `kcache mirror` options as commander parses them. */
export interface MirrorCommandOptions {
  resource: string;
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  selector?: string;
  fieldSelector?: string;
  once: boolean;
  json: boolean;
  timeout: number;
}

/**
 * The `--once --json` output.
 *
 * @internal exported for its unit tests; not part of the package API
 */
export interface MirrorSummary {
  context: string;
  server: string;
  resource: ResolvedResource;
  namespace: string | undefined;
  labelSelector: string | undefined;
  fieldSelector: string | undefined;
  objects: number;
  namespaces: Record<string, number>;
  resourceVersion: string;
  syncMs: number;
  health: ReflectorHealth;
}

function countsPerNamespace(session: MirrorSession): Record<string, number> {
  const entries = session.store
    .listIndexFuncValues(NAMESPACE_INDEX)
    .map((ns): [string, number] => [ns, session.store.indexKeys(NAMESPACE_INDEX, ns).length])
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  return Object.fromEntries(entries);
}

function healthLine(h: ReflectorHealth, rv: string): string {
  const relists = Object.values(h.relists).reduce((a, b) => a + b, 0);
  return [
    `lists ${h.lists}`,
    `relists ${relists}${relists > 0 ? ` (${formatTally(h.relists)})` : ''}`,
    `watch restarts ${Math.max(0, h.watchStarts - 1)}${Object.keys(h.watchEnds).length > 0 ? ` (${formatTally(h.watchEnds)})` : ''}`,
    `backoffs ${formatTally(h.backoffs)}`,
    `RV ${rv || '-'}`,
  ].join(' · ');
}

function namespaceTable(counts: Record<string, number>, kind: string, limit: number): string {
  const entries = Object.entries(counts);
  const rows = entries.slice(0, limit).map(([ns, n]) => [ns === '' ? '(cluster)' : ns, formatCount(n)]);
  if (entries.length > limit) {
    const rest = entries.slice(limit).reduce((a, [, n]) => a + n, 0);
    rows.push([`… ${entries.length - limit} more`, formatCount(rest)]);
  }
  return formatTable(['namespace', kind], rows);
}

function liveFrame(session: MirrorSession, header: string, c: Colors): string {
  const counts = countsPerNamespace(session);
  const lines = [
    header,
    `  ${formatCount(session.store.listKeys().length)} objects in ${Object.keys(counts).length} namespaces`,
    `  ${healthLine(session.tracker.health, session.reflector.lastSyncResourceVersion)}`,
  ];
  if (session.tracker.health.lastError !== undefined) lines.push(c.yellow(`  last error: ${session.tracker.health.lastError}`));
  lines.push('', ...namespaceTable(counts, 'objects', 10).split('\n').map((l) => `  ${l}`), '', '  recent changes:');
  if (session.recent.length === 0) lines.push(c.dim('    none yet'));
  for (const change of [...session.recent].reverse()) {
    const color = change.type === 'ADDED' ? c.green : change.type === 'DELETED' ? c.red : c.yellow;
    lines.push(`    ${new Date(change.at).toISOString().slice(11, 19)}  ${color(change.type.padEnd(8))} ${change.key}  ${c.dim(`RV ${change.resourceVersion}`)}`);
  }
  lines.push(c.dim('  Ctrl-C to stop'));
  return lines.join('\n');
}

/** Runs `kcache mirror`; resolves with the exit code. */
export async function runMirrorCommand(opts: MirrorCommandOptions, io: CliIo, signal: AbortSignal): Promise<number> {
  const c = colorsFor(io.stdout, io.env);
  const loaded = loadKubeConfig({ kubeconfig: opts.kubeconfig, context: opts.context, env: io.env });
  const server = displayServer(loaded.kc);
  const resource = await resolveResource(loaded.kc, opts.resource, signal);
  if (opts.namespace !== undefined && !resource.namespaced) {
    writeLine(io.stderr, `kcache: ${resource.resource} is cluster-scoped; --namespace is ignored`);
  }
  const namespace = resource.namespaced ? opts.namespace : undefined;
  const what = `${resource.resource}${resource.group === '' ? '' : `.${resource.group}`} (${resource.apiVersion} ${resource.kind})`;
  const scope = [
    namespace === undefined ? (resource.namespaced ? 'all namespaces' : 'cluster-scoped') : `namespace ${namespace}`,
    ...(opts.selector === undefined ? [] : [`-l ${opts.selector}`]),
    ...(opts.fieldSelector === undefined ? [] : [`--field-selector ${opts.fieldSelector}`]),
  ].join(', ');

  const started = performance.now();
  const session = startMirrorSession(loaded.kc, { resource, namespace, labelSelector: opts.selector, fieldSelector: opts.fieldSelector }, server);
  try {
    const view = createLiveView({ stream: io.stdout, silent: opts.once });
    const header = `${c.bold('kcache mirror')} ${what} · ${scope} · context ${loaded.context} · ${server}`;
    if (!opts.once) view.persist(header);
    const ticker = setInterval(() => {
      view.update(
        session.reflector.hasSynced()
          ? liveFrame(session, c.dim(`  live · ${new Date().toISOString().slice(11, 19)}`), c)
          : `  syncing… ${formatCount(session.traffic.counters.syncItems)} received · ${healthLine(session.tracker.health, session.reflector.lastSyncResourceVersion)}`,
      );
    }, 250);
    try {
      await waitForSync(session, opts.once ? opts.timeout * 1000 : undefined, signal);
    } catch (err) {
      clearInterval(ticker);
      view.done();
      if (signal.aborted) return 130;
      throw err;
    }
    const syncMs = performance.now() - started;
    const counts = countsPerNamespace(session);
    const objects = session.store.listKeys().length;

    if (opts.once) {
      clearInterval(ticker);
      const summary: MirrorSummary = {
        context: loaded.context,
        server,
        resource,
        namespace,
        labelSelector: opts.selector,
        fieldSelector: opts.fieldSelector,
        objects,
        namespaces: counts,
        resourceVersion: session.reflector.lastSyncResourceVersion,
        syncMs,
        health: structuredClone(session.tracker.health),
      };
      if (opts.json) {
        writeLine(io.stdout, JSON.stringify(summary, null, 2));
      } else {
        writeLine(io.stdout, `synced ${formatCount(objects)} ${what} · ${scope} · in ${formatDuration(syncMs)} at RV ${summary.resourceVersion}`);
        writeLine(io.stdout, `context ${loaded.context} · ${server}`);
        writeLine(io.stdout);
        if (resource.namespaced) writeLine(io.stdout, namespaceTable(counts, resource.resource, 20));
        writeLine(io.stdout);
        writeLine(io.stdout, c.dim(`reflector: ${healthLine(session.tracker.health, summary.resourceVersion)}`));
      }
      return 0;
    }

    view.persist(`${c.green('✓')} synced ${formatCount(objects)} objects in ${formatDuration(syncMs)} at RV ${session.reflector.lastSyncResourceVersion}`);
    if (!view.live) {
      // Piped: one line per change, like `kubectl get -w`, since nothing can be redrawn.
      session.onChange((change) => {
        writeLine(io.stdout, `${change.type} ${change.key} RV ${change.resourceVersion}`);
      });
    }
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => {
        resolve();
      }, { once: true });
    });
    clearInterval(ticker);
    view.done();
    // On a terminal, Ctrl-C echoes "^C" where the cursor is: start a fresh line.
    if (view.live) writeLine(io.stdout);
    writeLine(io.stdout, `stopped: ${formatCount(session.store.listKeys().length)} objects · ${healthLine(session.tracker.health, session.reflector.lastSyncResourceVersion)}`);
    return 0;
  } finally {
    await session.stop();
  }
}

async function waitForSync(session: MirrorSession, timeoutMs: number | undefined, signal: AbortSignal): Promise<void> {
  const waits: Promise<void>[] = [session.synced];
  const timer = new AbortController();
  if (timeoutMs !== undefined) {
    waits.push(
      sleep(timeoutMs, undefined, { signal: timer.signal }).then(() => {
        const last = session.tracker.health.lastError;
        throw new CliError(
          'SyncTimeout',
          `the first sync did not finish within ${formatDuration(timeoutMs)}${last === undefined ? '' : ` (last error: ${last})`}; raise --timeout or check the cluster`,
        );
      }),
    );
  }
  waits.push(
    new Promise<void>((_, reject) => {
      const onAbort = (): void => {
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted', { cause: signal.reason }));
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
      timer.signal.addEventListener(
        'abort',
        () => {
          signal.removeEventListener('abort', onAbort);
        },
        { once: true },
      );
    }),
  );
  try {
    await Promise.race(waits);
  } finally {
    timer.abort();
  }
}
