import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createFakeApiServer } from './fake-api-server.js';
import type { ControllerOptions } from './types.js';
import { CONTROL_COMMANDS, CONTROL_USAGE, isControlCommand, runControlCommand } from './internal/control-cli.js';
import { parseNodePortRange, parseServiceRange } from './internal/service-allocation.js';

/** Where the command writes its output, and how it is stopped (besides SIGINT/SIGTERM). */
export interface FakeApiServerCliOptions {
  stdout?: NodeJS.WritableStream | undefined;
  stderr?: NodeJS.WritableStream | undefined;
  /** Aborting it shuts the server down, like SIGINT. */
  signal?: AbortSignal | undefined;
}

const USAGE = `Usage: kcache-fake-apiserver [options]
       kcache-fake-apiserver <command> [options]

Without a command, serves a fake Kubernetes API server until interrupted (SIGINT or SIGTERM).

Options:
  --host <host>          interface to bind (default 127.0.0.1)
  --port <port>          port (default 0: a free port)
  --kubeconfig <path>    where to write the kubeconfig (default: a file in the temp folder)
  --token <token>        require "Authorization: Bearer <token>"
  --tls                  serve https with the bundled test-only certificate
  --service-cluster-ip-range <cidr>
                         IPv4 range Services get cluster IPs from (default 10.0.0.0/24)
  --service-node-port-range <min-max>
                         ports NodePort Services get (default 30000-32767)
  --controllers <list>   the controllers to run, comma-separated: namespace, garbage-collector,
                         pod-termination (default all); none for a kube-apiserver alone
  -h, --help             show this help

${CONTROL_USAGE}`;

const CONTROLLER_FLAGS = { namespace: 'namespace', 'garbage-collector': 'garbageCollector', 'pod-termination': 'podTermination' } as const;

/** `--controllers namespace,pod-termination` (or `none`) as the `controllers` option. */
function parseControllers(text: string | undefined): ControllerOptions | false | undefined {
  if (text === undefined) return undefined;
  if (text.trim() === 'none') return false;
  const named = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const name of named) {
    if (!Object.hasOwn(CONTROLLER_FLAGS, name)) {
      throw new Error(`--controllers: unknown controller ${JSON.stringify(name)}; the controllers are ${Object.keys(CONTROLLER_FLAGS).join(', ')} (or none)`);
    }
  }
  const options: ControllerOptions = {};
  for (const [flag, option] of Object.entries(CONTROLLER_FLAGS)) options[option] = named.includes(flag);
  return options;
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return 0;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new Error(`--port must be a number from 0 to 65535, got ${JSON.stringify(text)}`);
  return port;
}

function checkRanges(clusterIpRange: string | undefined, nodePortRange: string | undefined): void {
  const ips = clusterIpRange === undefined ? undefined : parseServiceRange(clusterIpRange);
  if (typeof ips === 'string') throw new Error(`--service-cluster-ip-range: ${ips}`);
  const ports = nodePortRange === undefined ? undefined : parseNodePortRange(nodePortRange);
  if (typeof ports === 'string') throw new Error(`--service-node-port-range: ${ports}`);
}

/**
 * Runs the `kcache-fake-apiserver` command: starts a server, prints its URL, writes its
 * kubeconfig, serves until SIGINT/SIGTERM (or `options.signal`), then shuts down cleanly.
 * With a command first (`compact`, `close-watches`, `destroy-connections`, `fault …`, `clear`,
 * `requests …`) it instead drives a running server through its control API, found from
 * `--kubeconfig`, `--server`/`--token` or `$KUBECONFIG`.
 * `@kcache/cli` runs it as `kcache fake-apiserver`.
 *
 * @returns the process exit code: 0 after a clean shutdown (or a command done), 2 for bad
 * arguments, 1 when the server could not start (or a command was refused or could not reach it)
 * @example
 * ```ts
 * process.exitCode = await runFakeApiServerCli(process.argv.slice(2));
 * ```
 */
export async function runFakeApiServerCli(argv: readonly string[], options: FakeApiServerCliOptions = {}): Promise<number> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  if (isControlCommand(argv[0])) return runControlCommand(argv, { stdout, stderr }, USAGE);
  if (argv[0] !== undefined && !argv[0].startsWith('-')) {
    stderr.write(`kcache-fake-apiserver: unknown command ${JSON.stringify(argv[0])}; the commands are ${CONTROL_COMMANDS.join(', ')}\n\n${USAGE}`);
    return 2;
  }
  let values: {
    host?: string | undefined;
    port?: string | undefined;
    kubeconfig?: string | undefined;
    token?: string | undefined;
    tls?: boolean | undefined;
    'service-cluster-ip-range'?: string | undefined;
    'service-node-port-range'?: string | undefined;
    controllers?: string | undefined;
    help?: boolean | undefined;
  };
  let controllers: ControllerOptions | false | undefined;
  let port: number;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        kubeconfig: { type: 'string' },
        token: { type: 'string' },
        tls: { type: 'boolean' },
        'service-cluster-ip-range': { type: 'string' },
        'service-node-port-range': { type: 'string' },
        controllers: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
    port = parsePort(values.port);
    checkRanges(values['service-cluster-ip-range'], values['service-node-port-range']);
    controllers = parseControllers(values.controllers);
  } catch (err) {
    stderr.write(`kcache-fake-apiserver: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help === true) {
    stdout.write(USAGE);
    return 0;
  }

  let server;
  try {
    server = await createFakeApiServer({
      host: values.host,
      port,
      token: values.token,
      tls: values.tls,
      serviceClusterIpRange: values['service-cluster-ip-range'],
      serviceNodePortRange: values['service-node-port-range'],
      controllers,
    });
  } catch (err) {
    stderr.write(`kcache-fake-apiserver: ${(err as Error).message}\n`);
    return 1;
  }
  const ownFile = values.kubeconfig === undefined;
  const kubeconfigPath = values.kubeconfig ?? join(tmpdir(), `kcache-fake-apiserver-${new URL(server.url).port}.kubeconfig`);
  try {
    writeFileSync(kubeconfigPath, server.kubeconfig(), { mode: 0o600 });
  } catch (err) {
    stderr.write(`kcache-fake-apiserver: cannot write the kubeconfig to ${kubeconfigPath}: ${(err as Error).message}\n`);
    await server.close();
    return 1;
  }
  stdout.write(
    `fake API server listening on ${server.url}\n` +
      `kubeconfig: ${kubeconfigPath}\n` +
      `try: kubectl --kubeconfig ${kubeconfigPath} get pods -A\n`,
  );

  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      options.signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (options.signal?.aborted === true) stop();
    else options.signal?.addEventListener('abort', stop, { once: true });
  });
  await server.close();
  if (ownFile) rmSync(kubeconfigPath, { force: true });
  stdout.write('fake API server stopped\n');
  return 0;
}
