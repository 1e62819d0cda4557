import { formatCount, formatDuration, formatTable, formatTally, progressBar } from '../internal/format.js';
import type { Colors } from '../internal/io.js';
import type { LiveView } from '../internal/live-view.js';
import type { DemoProgressEvent, DemoSummary, MirrorStatus } from './demo-types.js';
import type { FaultRecord } from './fault-driver.js';
import { POD_PHASES } from './pod.js';

const FAULT_NAMES: Record<FaultRecord['kind'], string> = {
  'dropped-watch': 'dropped watch',
  compaction: 'compaction → 410',
  throttled: '429 Retry-After',
  'server-errors': '500 burst',
  'connection-reset': 'connection reset',
};

function controllerLine(status: MirrorStatus): string[] {
  const ctl = status.controller;
  if (ctl === undefined) return [];
  return [
    [
      `controller ${ctl.leading ? 'leading' : 'not leading'}`,
      `${formatCount(ctl.edits)} ConfigMap edits`,
      `${formatCount(ctl.reconciles)} reconciles`,
      `${formatCount(ctl.patches)} patches`,
      `${formatCount(ctl.divergent)}/${formatCount(ctl.deployments)} deployments behind`,
    ].join(' · '),
  ];
}

function statusLines(status: MirrorStatus): string[] {
  const relists = Object.values(status.health.relists).reduce((a, b) => a + b, 0);
  const restarts = Math.max(0, status.health.watchStarts - 1);
  const informer = status.informer;
  const informerRelists = Object.values(informer.health.relists).reduce((a, b) => a + b, 0);
  return [
    [`store ${formatCount(status.storeSize)} pods`, `${formatCount(status.eventsPerSecond)} events/s`, `RV ${status.resourceVersion || '-'}`].join(' · '),
    [`relists ${relists}${relists > 0 ? ` (${formatTally(status.health.relists)})` : ''}`, `watch restarts ${restarts}`].join(' · '),
    [
      `informer cache ${formatCount(informer.cacheSize)}`,
      `handler replica ${formatCount(informer.replicaSize)}`,
      `${formatCount(informer.pending)} notifications pending`,
      `relists ${informerRelists}`,
      `RV ${informer.resourceVersion || '-'}`,
    ].join(' · '),
    ...controllerLine(status),
  ];
}

function faultsLine(faults: readonly FaultRecord[], c: Colors): string {
  return faults
    .map((f) => {
      const name = FAULT_NAMES[f.kind];
      if (f.observed) return c.green(`✓ ${name}`);
      if (f.injectedAtMs !== undefined) return c.yellow(`… ${name}`);
      return c.dim(`· ${name}`);
    })
    .join('  ');
}

/** Renders the demo's progress into a live view (a terminal) or plain lines (a log). */
export function createDemoRenderer(view: LiveView, c: Colors): (event: DemoProgressEvent) => void {
  return (event) => {
    switch (event.type) {
      case 'started':
        view.persist(
          c.bold('kcache demo') +
            c.dim(
              ` · seed ${event.seed} · ${formatCount(event.pods)} pods · ${event.namespaces} namespaces · ${event.nodes} nodes · ` +
                `churn ${event.durationMs / 1000} s at ${formatCount(event.rate)} writes/s`,
            ),
        );
        view.persist(`${c.green('✓')} fake API server at ${event.url}`);
        break;
      case 'seeding':
        view.update(`  seeding  ${progressBar(event.done, event.total)}  ${formatCount(event.done)}/${formatCount(event.total)} pods`);
        break;
      case 'seeded':
        view.clear();
        view.persist(`${c.green('✓')} seeded ${formatCount(event.pods)} pods in ${formatDuration(event.durationMs)} (server at RV ${event.resourceVersion})`);
        break;
      case 'syncing':
        view.update(`  syncing  ${progressBar(event.received, event.total)}  ${formatCount(event.received)}/${formatCount(event.total)} pods received`);
        break;
      case 'synced':
        view.clear();
        view.persist(
          `${c.green('✓')} mirrored ${formatCount(event.objects)} pods in ${formatDuration(event.durationMs)} by ${event.source} ` +
            `(listwatch → reflector → indexer, RV ${event.resourceVersion})`,
        );
        break;
      case 'informer-synced':
        view.persist(
          `${c.green('✓')} informer synced ${formatCount(event.objects)} pods in ${formatDuration(event.durationMs)}; ` +
            `its handler's own replica holds ${formatCount(event.replica)} (listwatch → informer → handler, RV ${event.resourceVersion})`,
        );
        break;
      case 'controller-converged':
        view.persist(
          event.converged
            ? `${c.green('✓')} controller (examples/configmap-hash) leading as ${event.identity}: ${formatCount(event.deployments)} deployments carry the hash of ` +
                `their ConfigMaps (${formatCount(event.configMaps)}) after ${formatDuration(event.durationMs)}`
            : `${c.red('✗')} controller (examples/configmap-hash) had not annotated every deployment after ${formatDuration(event.durationMs)}`,
        );
        break;
      case 'churning': {
        const shown = Math.min(event.elapsedMs, event.durationMs);
        const overtime = event.elapsedMs > event.durationMs ? c.dim(' (waiting for the last fault)') : '';
        view.update(
          [
            `  churning ${progressBar(shown, event.durationMs)}  ${(event.elapsedMs / 1000).toFixed(1)} s · ${formatCount(event.writes)} writes${overtime}`,
            ...statusLines(event.status).map((line) => `  ${line}`),
            `  faults: ${faultsLine(event.faults, c)}`,
          ].join('\n'),
        );
        break;
      }
      case 'fault-injected':
        view.persist(`${c.yellow('!')} ${(event.elapsedMs / 1000).toFixed(1)} s  fault: ${event.fault.label}`);
        break;
      case 'fault-answered': {
        const times = event.fault.reactions.map((r) => `${r.source} +${formatDuration(r.afterMs)}`).join(', ');
        view.persist(`${c.green('✓')} ${(event.elapsedMs / 1000).toFixed(1)} s  ${FAULT_NAMES[event.fault.kind]}: ${event.fault.reaction ?? ''}` + c.dim(` (${times})`));
        break;
      }
      case 'churned':
        view.clear();
        view.persist(`${c.green('✓')} churned ${formatCount(event.writes)} writes in ${formatDuration(event.durationMs)}; waiting for the mirror to settle`);
        break;
      case 'settling':
        view.update([`  settling ${formatDuration(event.elapsedMs)}`, ...statusLines(event.status).map((line) => `  ${line}`)].join('\n'));
        break;
      case 'settled':
        view.clear();
        view.persist(
          event.caughtUp
            ? `${c.green('✓')} settled in ${formatDuration(event.durationMs)}`
            : `${c.red('✗')} not caught up after ${formatDuration(event.durationMs)}`,
        );
        break;
    }
  };
}

/** The closing lines: verdict, the mirror's record, and the tables from the indexes. */
export function renderSummary(summary: DemoSummary, c: Colors): string[] {
  const lines: string[] = [''];
  const informer = summary.informer;
  const ctl = summary.controller;
  const copiesMatch = summary.diff.details.length === 0 && summary.indexes.consistent && informer.verified;
  const controllerPart =
    ctl === undefined
      ? ''
      : ctl.converged
        ? `; controller converged — all ${formatCount(ctl.deployments)} deployments carry their ConfigMaps' hash`
        : `; controller did NOT converge — ${formatCount(ctl.divergent)} of ${formatCount(ctl.deployments)} deployments lack their ConfigMaps' hash`;
  if (summary.verified) {
    lines.push(
      c.green(
        c.bold(
          `verified: store, informer cache and handler replica match server — ${formatCount(summary.objects)} objects at RV ${summary.resourceVersion}${controllerPart}`,
        ),
      ),
    );
  } else {
    const differing = [
      ...(summary.diff.details.length > 0 || !summary.indexes.consistent ? ['store'] : []),
      ...(informer.cache.details.length > 0 ? ['informer cache'] : []),
      ...(informer.replica.details.length > 0 || informer.handler.violations > 0 ? ['handler replica'] : []),
    ];
    const copies = copiesMatch
      ? `store, informer cache and handler replica match server — ${formatCount(summary.objects)} objects at RV ${summary.resourceVersion}`
      : `${differing.join(', ') || 'copies'} differ${differing.length === 1 ? 's' : ''} from server ` +
        `(server's last pod write at RV ${summary.server.podsResourceVersion}, store at RV ${summary.resourceVersion || '-'}, informer at RV ${informer.resourceVersion || '-'})`;
    lines.push(c.red(c.bold(`NOT verified: ${copies}${controllerPart}`)));
    for (const line of summary.diff.details) lines.push(c.red(`  store: ${line}`));
    for (const line of summary.indexes.mismatches.slice(0, 5)) lines.push(c.red(`  index mismatch: ${line}`));
    for (const line of informer.cache.details) lines.push(c.red(`  informer cache: ${line}`));
    for (const line of informer.replica.details) lines.push(c.red(`  handler replica: ${line}`));
    for (const line of informer.handler.violationDetails) lines.push(c.red(`  handler was told: ${line}`));
    for (const key of ctl?.divergentDetails ?? []) lines.push(c.red(`  without its ConfigMaps' hash: ${key}`));
  }
  const m = summary.mirror;
  lines.push(
    c.dim(
      `mirror: ${formatCount(m.watchEvents)} watch events, ${m.syncs} full syncs; relists: ${formatTally(m.relists)}`,
    ),
    c.dim(`watch ends: ${formatTally(m.watchEnds)}; backoffs: ${formatTally(m.backoffs)} (${formatDuration(m.backoffMs)} in all)`),
    c.dim(
      `informer: ${formatCount(informer.health.watchEvents)} watch events, ${informer.health.syncs} full syncs; relists: ${formatTally(informer.health.relists)}; ` +
        `its handler heard ${formatCount(informer.handler.initialAdds)} initial adds, ${formatCount(informer.handler.adds)} adds, ` +
        `${formatCount(informer.handler.updates)} updates, ${formatCount(informer.handler.deletes)} deletes, ${formatCount(informer.handler.tombstones)} tombstones`,
    ),
  );
  if (ctl !== undefined) {
    lines.push(
      c.dim(
        `controller: ${ctl.identity}, ${ctl.terms} term${ctl.terms === 1 ? '' : 's'} as leader (Lease ${ctl.lease.namespace}/${ctl.lease.name} held by ${ctl.lease.holder ?? 'nobody'}); ` +
          `${formatCount(ctl.edits)} ConfigMap edits → ` +
          `${formatCount(ctl.reconciles)} reconciles, ${formatCount(ctl.patches)} patches, ${formatCount(ctl.conflicts)} conflicts and ${formatCount(ctl.errors)} errors retried`,
      ),
    );
  }
  const unanswered = summary.faults.filter((f) => !f.observed);
  if (unanswered.length > 0) {
    lines.push(c.red(`faults without a visible reaction: ${unanswered.map((f) => FAULT_NAMES[f.kind]).join(', ')}`));
  }
  lines.push('');
  const order = (phase: string): number => {
    const i = (POD_PHASES as readonly string[]).indexOf(phase);
    return i === -1 ? POD_PHASES.length : i;
  };
  const phases = Object.entries(summary.indexes.phases)
    .sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b))
    .map(([phase, n]) => [phase, formatCount(n)]);
  const nodes = summary.indexes.busiestNodes.map((n) => [n.node, formatCount(n.pods)]);
  const phaseTable = formatTable(['phase', 'pods'], phases).split('\n');
  const nodeTable = formatTable(['busiest node', 'pods'], nodes).split('\n');
  const width = Math.max(...phaseTable.map((l) => l.length));
  for (let i = 0; i < Math.max(phaseTable.length, nodeTable.length); i++) {
    lines.push(`${(phaseTable[i] ?? '').padEnd(width)}      ${nodeTable[i] ?? ''}`.trimEnd());
  }
  lines.push(
    '',
    c.dim(
      `seed ${summary.seed} · seeding ${formatDuration(summary.timings.seedMs)} · sync ${formatDuration(summary.timings.syncMs)} · ` +
        `churn ${formatDuration(summary.timings.churnMs)} · settle ${formatDuration(summary.timings.settleMs)} · total ${formatDuration(summary.timings.totalMs)}`,
    ),
  );
  return lines;
}
