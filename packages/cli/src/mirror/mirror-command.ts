import { NAMESPACE_INDEX, type KubeObject } from '@kcache/store';
import { CliError } from '../errors.js';
import type { ConnectionState } from '../internal/connection-state.js';
import { formatCount, formatDuration, formatTable, formatTally } from '../internal/format.js';
import { colorsFor, writeLine, type CliIo, type Colors } from '../internal/io.js';
import { createLiveView } from '../internal/live-view.js';
import type { ReflectorHealth } from '../internal/reflector-health.js';
import { displayServer } from './api-get.js';
import { loadKubeConfig } from './load-kubeconfig.js';
import { startMirrorSession, type MirrorSession, type RecentChange } from './mirror-session.js';
import { formatObjectList } from './object-output.js';
import { objectTable, sortObjects } from './object-columns.js';
import type { OutputFormat } from './output-formats.js';
import { resolveResource, type ResolvedResource } from './resolve-resource.js';

/** `kcache mirror` options as commander parses them. */
export interface MirrorCommandOptions {
  resource: string;
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  allNamespaces: boolean;
  selector?: string;
  fieldSelector?: string;
  once: boolean;
  json: boolean;
  output?: OutputFormat;
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
  /** The namespace mirrored; undefined for all namespaces (`-A`) and for cluster-scoped resources. */
  namespace: string | undefined;
  labelSelector: string | undefined;
  fieldSelector: string | undefined;
  objects: number;
  namespaces: Record<string, number>;
  resourceVersion: string;
  syncMs: number;
  health: ReflectorHealth;
}

/** Rows of objects the live view shows when the terminal's height is unknown. */
const DEFAULT_OBJECT_ROWS = 15;

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

/** The connection state, one line for people: `● connected`, `● disconnected for 12 s: connection refused · retrying`. */
function connectionLine(state: Readonly<ConnectionState>, now: number, c: Colors): string {
  switch (state.state) {
    case 'connecting':
      return c.yellow('● connecting');
    case 'connected':
      return c.green('● connected');
    case 'disconnected':
      return c.red(`● disconnected for ${formatDuration(Math.max(0, now - state.since))}: ${state.reason} · retrying`);
  }
}

function changeLine(change: RecentChange, c: Colors): string {
  const color = change.type === 'ADDED' ? c.green : change.type === 'DELETED' ? c.red : c.yellow;
  const note = change.fromRelist ? c.dim('  (found by relist)') : '';
  return `${new Date(change.at).toISOString().slice(11, 19)}  ${color(change.type.padEnd(8))} ${change.key}  ${c.dim(`RV ${change.resourceVersion}`)}${note}`;
}

/**
 * How the live view lays out objects.
 *
 * @internal exported for its unit tests; not part of the package API
 */
export interface LiveFrameOptions {
  /** The time of the frame (ages, how long the server has been away). */
  now: number;
  /** Show a NAMESPACE column (all namespaces are mirrored). */
  namespaceColumn: boolean;
  /** `-o wide` columns. */
  wide: boolean;
  /** Most object rows to show. */
  rows: number;
  colors: Colors;
}

/**
 * One frame of the live view: the connection state, counts and the informer's health, the objects
 * themselves (name, status, age) and the latest changes.
 *
 * @internal exported for its unit tests; not part of the package API
 */
export function renderLiveFrame(session: MirrorSession, options: LiveFrameOptions): string {
  const { now, colors: c } = options;
  const counts = countsPerNamespace(session);
  const objects = session.store.list();
  const lines = [
    `  ${connectionLine(session.connection.current, now, c)} · ${c.dim(new Date(now).toISOString().slice(11, 19))} · ` +
      `${formatCount(objects.length)} objects in ${Object.keys(counts).length} namespaces`,
    `  ${healthLine(session.tracker.health, session.informer.lastSyncResourceVersion)}`,
  ];
  if (session.tracker.health.lastError !== undefined) lines.push(c.yellow(`  last error: ${session.tracker.health.lastError}`));
  lines.push('');
  if (objects.length === 0) {
    lines.push(c.dim('  no objects'));
  } else {
    const shown = sortObjects(objects).slice(0, options.rows);
    const table = objectTable(shown, { namespaceColumn: options.namespaceColumn, wide: options.wide, now, rule: true });
    lines.push(...table.split('\n').map((l) => `  ${l}`));
    if (objects.length > shown.length) lines.push(c.dim(`  … ${formatCount(objects.length - shown.length)} more`));
  }
  lines.push('', '  recent changes:');
  if (session.recent.length === 0) lines.push(c.dim('    none yet'));
  for (const change of [...session.recent].reverse()) lines.push(`    ${changeLine(change, c)}`);
  lines.push(c.dim('  Ctrl-C to stop'));
  return lines.join('\n');
}

/** Refuses option combinations that would otherwise be ignored. */
function checkOptions(opts: MirrorCommandOptions): void {
  if (opts.json && opts.output !== undefined) {
    throw new CliError('InvalidArgument', '--json (the sync summary) and -o (the objects) cannot be used together: pick one');
  }
  if (opts.json && !opts.once) {
    throw new CliError('InvalidArgument', '--json prints the summary of a one-off sync: add --once (the live view has no JSON form)');
  }
  if ((opts.output === 'json' || opts.output === 'yaml') && !opts.once) {
    throw new CliError('InvalidArgument', `-o ${opts.output} prints the objects of a one-off sync: add --once`);
  }
}

/** Runs `kcache mirror`; resolves with the exit code. */
export async function runMirrorCommand(opts: MirrorCommandOptions, io: CliIo, signal: AbortSignal): Promise<number> {
  checkOptions(opts);
  const c = colorsFor(io.stdout, io.env);
  const loaded = loadKubeConfig({ kubeconfig: opts.kubeconfig, context: opts.context, env: io.env });
  const server = displayServer(loaded.kc);
  const timeoutMs = opts.timeout * 1000;
  // One deadline for discovery and, with --once, the first sync.
  const deadline = AbortSignal.timeout(timeoutMs);
  let resource: ResolvedResource;
  try {
    resource = await resolveResource(loaded.kc, opts.resource, { signal: AbortSignal.any([signal, deadline]), timeoutMs });
  } catch (err) {
    if (signal.aborted) return 130;
    if (deadline.aborted) {
      throw new CliError(
        'SyncTimeout',
        `discovery of "${opts.resource}" on ${server} did not finish within ${formatDuration(timeoutMs)}: raise --timeout or check the cluster`,
        { cause: err },
      );
    }
    throw err;
  }
  if (opts.namespace !== undefined && !opts.allNamespaces && !resource.namespaced) {
    writeLine(io.stderr, `kcache: ${resource.resource} is cluster-scoped; --namespace is ignored`);
  }
  // kubectl's rule: -A wins, else -n, else the context's namespace, else "default".
  const namespace = !resource.namespaced || opts.allNamespaces ? undefined : (opts.namespace ?? loaded.namespace ?? 'default');
  const what = `${resource.resource}${resource.group === '' ? '' : `.${resource.group}`} (${resource.apiVersion} ${resource.kind})`;
  const scope = [
    namespace === undefined ? (resource.namespaced ? 'all namespaces' : 'cluster-scoped') : `namespace ${namespace}`,
    ...(opts.selector === undefined ? [] : [`-l ${opts.selector}`]),
    ...(opts.fieldSelector === undefined ? [] : [`--field-selector ${opts.fieldSelector}`]),
  ].join(', ');
  const namespaceColumn = resource.namespaced && namespace === undefined;

  const started = performance.now();
  const session = startMirrorSession(loaded.kc, { resource, namespace, labelSelector: opts.selector, fieldSelector: opts.fieldSelector }, server);
  try {
    const view = createLiveView({ stream: io.stdout, silent: opts.once });
    const header = `${c.bold('kcache mirror')} ${what} · ${scope} · context ${loaded.context} · ${server}`;
    if (!opts.once) view.persist(header);
    const frameOptions = (): LiveFrameOptions => ({
      now: Date.now(),
      namespaceColumn,
      wide: opts.output === 'wide',
      rows: io.stdout.rows === undefined ? DEFAULT_OBJECT_ROWS : Math.max(5, io.stdout.rows - 16),
      colors: c,
    });
    const ticker = setInterval(() => {
      view.update(
        session.informer.hasSynced()
          ? renderLiveFrame(session, frameOptions())
          : `  ${connectionLine(session.connection.current, Date.now(), c)} · syncing… ${formatCount(session.traffic.counters.syncItems)} received · ` +
              healthLine(session.tracker.health, session.informer.lastSyncResourceVersion),
      );
    }, 250);
    // Piped, the state changes go to stderr as lines; stdout keeps one line per object change.
    const offConnection = view.live
      ? () => undefined
      : session.connection.onChange((state, previous) => {
          if (opts.once) return;
          if (state.state === 'disconnected') writeLine(io.stderr, `kcache: disconnected from ${server}: ${state.reason}; retrying`);
          else if (state.state === 'connected' && previous.state === 'disconnected') {
            writeLine(io.stderr, `kcache: reconnected to ${server} after ${formatDuration(Math.max(0, Date.now() - previous.since))}`);
          }
        });
    try {
      await waitForSync(session, opts.once ? { signal: deadline, timeoutMs } : undefined, signal);
    } catch (err) {
      clearInterval(ticker);
      offConnection();
      view.done();
      if (signal.aborted) return 130;
      throw err;
    }
    const syncMs = performance.now() - started;
    const counts = countsPerNamespace(session);
    const objects = session.store.listKeys().length;

    if (opts.once) {
      clearInterval(ticker);
      offConnection();
      if (opts.output === 'json' || opts.output === 'yaml') {
        writeLine(io.stdout, formatObjectList(sortObjects(session.store.list()), session.informer.lastSyncResourceVersion, opts.output).trimEnd());
        return 0;
      }
      if (opts.output === 'wide') {
        const items: KubeObject[] = sortObjects(session.store.list());
        if (items.length === 0) writeLine(io.stderr, `No ${resource.resource} found${namespace === undefined ? '' : ` in namespace ${namespace}`}.`);
        else writeLine(io.stdout, objectTable(items, { namespaceColumn, wide: true, now: Date.now(), rule: false }));
        return 0;
      }
      const summary: MirrorSummary = {
        context: loaded.context,
        server,
        resource,
        namespace,
        labelSelector: opts.selector,
        fieldSelector: opts.fieldSelector,
        objects,
        namespaces: counts,
        resourceVersion: session.informer.lastSyncResourceVersion,
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

    view.persist(`${c.green('✓')} synced ${formatCount(objects)} objects in ${formatDuration(syncMs)} at RV ${session.informer.lastSyncResourceVersion}`);
    if (!view.live) {
      // Piped: one line per change, like `kubectl get -w`, since nothing can be redrawn.
      session.onChange((change) => {
        writeLine(io.stdout, `${change.type} ${change.key} RV ${change.resourceVersion}${change.fromRelist ? ' (found by relist)' : ''}`);
      });
    }
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => {
        resolve();
      }, { once: true });
    });
    clearInterval(ticker);
    offConnection();
    view.done();
    // On a terminal, Ctrl-C echoes "^C" where the cursor is: start a fresh line.
    if (view.live) writeLine(io.stdout);
    writeLine(io.stdout, `stopped: ${formatCount(session.store.listKeys().length)} objects · ${healthLine(session.tracker.health, session.informer.lastSyncResourceVersion)}`);
    return 0;
  } finally {
    await session.stop();
  }
}

async function waitForSync(session: MirrorSession, deadline: { signal: AbortSignal; timeoutMs: number } | undefined, signal: AbortSignal): Promise<void> {
  const cleanup: (() => void)[] = [];
  const waits: Promise<void>[] = [session.synced];
  if (deadline !== undefined) {
    waits.push(
      new Promise<void>((_, reject) => {
        const onTimeout = (): void => {
          const last = session.tracker.health.lastError;
          reject(
            new CliError(
              'SyncTimeout',
              `the first sync did not finish within ${formatDuration(deadline.timeoutMs)} of starting${last === undefined ? '' : ` (last error: ${last})`}; raise --timeout or check the cluster`,
            ),
          );
        };
        if (deadline.signal.aborted) onTimeout();
        else deadline.signal.addEventListener('abort', onTimeout, { once: true });
        cleanup.push(() => {
          deadline.signal.removeEventListener('abort', onTimeout);
        });
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
      cleanup.push(() => {
        signal.removeEventListener('abort', onAbort);
      });
    }),
  );
  try {
    await Promise.race(waits);
  } finally {
    for (const fn of cleanup) fn();
  }
}
