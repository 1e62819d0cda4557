import { parseArgs } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { startConfigHashController, type ConfigHashEvent } from './config-hash-controller.js';

const USAGE = `usage: kcache-configmap-hash [--kubeconfig PATH] [--context NAME] [--namespace NS]
                             [--identity ID] [--lease-namespace NS] [--lease-name NAME]
                             [--no-leader-election] [--workers N]

Keeps the annotation kcache.dev/config-hash on the pod template of every Deployment equal to a hash
of the ConfigMaps it uses, so that a changed ConfigMap rolls the Deployments that use it.
Without --kubeconfig: $KUBECONFIG, ~/.kube/config, or the in-cluster service account.`;

/** Where the command writes. */
export interface MainIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

/**
 * The `kcache-configmap-hash` command: parses `argv`, runs the controller until `signal` aborts,
 * and resolves with the exit code.
 */
export async function runMain(argv: readonly string[], signal: AbortSignal, io: MainIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        kubeconfig: { type: 'string' },
        context: { type: 'string' },
        namespace: { type: 'string', short: 'n' },
        identity: { type: 'string' },
        'lease-namespace': { type: 'string' },
        'lease-name': { type: 'string' },
        'no-leader-election': { type: 'boolean' },
        workers: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    io.stderr(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  if (values.help === true) {
    io.stdout(USAGE);
    return 0;
  }
  const workers = values.workers === undefined ? 2 : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1) {
    io.stderr(`--workers must be a whole number ≥ 1, got ${String(values.workers)}`);
    return 2;
  }
  const kubeConfig = new KubeConfig();
  try {
    if (values.kubeconfig === undefined) kubeConfig.loadFromDefault();
    else kubeConfig.loadFromFile(values.kubeconfig);
    if (values.context !== undefined) kubeConfig.setCurrentContext(values.context);
  } catch (err) {
    io.stderr(`cannot load the kubeconfig: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  if (kubeConfig.getCurrentCluster() === null) {
    io.stderr('the kubeconfig has no current cluster (pass --kubeconfig or --context)');
    return 1;
  }
  const running = startConfigHashController({
    kubeConfig,
    signal,
    workers,
    ...(values.namespace === undefined ? {} : { namespace: values.namespace }),
    ...(values.identity === undefined ? {} : { identity: values.identity }),
    leaderElection:
      values['no-leader-election'] === true
        ? false
        : {
            ...(values['lease-namespace'] === undefined ? {} : { namespace: values['lease-namespace'] }),
            ...(values['lease-name'] === undefined ? {} : { name: values['lease-name'] }),
          },
    onEvent: (event) => {
      log(event, io);
    },
  });
  io.stdout(`configmap-hash ${running.identity}: watching ${values.namespace ?? 'all namespaces'} on ${kubeConfig.getCurrentCluster()?.server ?? '?'}`);
  await running.stopped;
  io.stdout('stopped');
  return 0;
}

function log(event: ConfigHashEvent, io: MainIo): void {
  switch (event.type) {
    case 'leading':
      io.stdout(`leading as ${event.identity}`);
      break;
    case 'not-leading':
      io.stdout(`no longer leading (${event.identity})`);
      break;
    case 'synced':
      io.stdout(`caches synced in ${event.durationMs.toFixed(0)} ms`);
      break;
    case 'patched':
      io.stdout(`${event.key}: ${event.hash === undefined ? 'annotation removed' : `config-hash ${event.hash.slice(0, 12)}…`}`);
      break;
    case 'conflict':
      io.stdout(`${event.key}: changed meanwhile (409), will retry`);
      break;
    case 'error':
      io.stderr(`${event.phase} ${event.key ?? event.informer ?? ''} failed (attempt ${String(event.numRequeues)}): ${event.error instanceof Error ? event.error.message : String(event.error)}`);
      break;
    default:
      break;
  }
}
