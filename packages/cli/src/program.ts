import { Command, CommanderError, Option } from 'commander';
import { CliError } from './errors.js';
import { integerIn, secondsIn } from './internal/options.js';
import { processIo, writeLine, type CliIo } from './internal/io.js';
import { cliVersion } from './internal/version.js';
import type { DemoCommandOptions } from './demo/demo-command.js';
import { MIN_DURATION_SECONDS } from './demo/limits.js';
import type { MirrorCommandOptions } from './mirror/mirror-command.js';
import { OUTPUT_FORMATS } from './mirror/output-formats.js';
import type { BenchCommandOptions } from './bench-command.js';

/** Options of {@link runCli}. */
export interface RunCliOptions {
  /** Streams, environment and working directory; default the process's own. */
  io?: Partial<CliIo>;
  /** Aborting it stops a running command (as Ctrl-C does). */
  signal?: AbortSignal;
}

const EXAMPLES = `
Examples:
  $ kcache demo                         seed 5,000 pods, mirror them through faults, verify
  $ kcache demo --pods 500 --duration 5 --json
  $ kcache mirror pods -n kube-system   mirror a real cluster's pods, live
  $ kcache mirror deploy -A --once      sync deployments of every namespace once, print a summary, exit
  $ kcache mirror po --once -o yaml     print the pods of the context's namespace, as kubectl get does
  $ kcache fake-apiserver --port 6443   serve a fake API server for kubectl and other clients
  $ kcache fake-apiserver fault fail --verb list --resource pods --code 429 --kubeconfig <path>
                                        make a running fake answer 429 (see kcache fake-apiserver --help)
  $ kcache bench --quick                run the benchmarks side by side`;

/** Builds the command tree; `run` collects the exit code of the action that ran. */
function buildProgram(io: CliIo, signal: AbortSignal, setExit: (code: number) => void): Command {
  const program = new Command('kcache')
    .description("client-go's tools/cache for TypeScript: the demo, a cluster mirror, the fake API server and the benchmarks")
    .version(cliVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .addHelpText('after', EXAMPLES);

  program
    .command('demo')
    .description('mirror a seeded fake API server through churn and faults, then verify the store equals the server')
    .addOption(new Option('--pods <n>', 'pods to seed').argParser(integerIn(1, 1_000_000)).default(5000))
    .addOption(
      new Option('--duration <seconds>', `how long to churn and inject faults (at least ${MIN_DURATION_SECONDS})`).argParser(secondsIn(MIN_DURATION_SECONDS, 3600)).default(20),
    )
    .addOption(new Option('--rate <ops>', 'churn writes per second').argParser(integerIn(1, 100_000)).default(400))
    .addOption(new Option('--namespaces <n>', 'namespaces to spread pods over').argParser(integerIn(1, 1000)).default(8))
    .addOption(new Option('--nodes <n>', 'nodes to spread pods over').argParser(integerIn(1, 100_000)).default(40))
    .addOption(new Option('--seed <n>', 'seed of the pseudo-random generator (repeatable runs)').argParser(integerIn(0, 0x7fff_ffff)))
    .addOption(new Option('--settle-timeout <seconds>', 'how long to wait for the mirror to catch up after churning').argParser(secondsIn(1, 600)).default(15))
    .option('--no-controller', 'skip the example controller stage (ConfigMap hashes on Deployments)')
    .option('--json', 'print a machine-readable summary instead of the live view', false)
    .action(async (opts: DemoCommandOptions) => {
      // Commands load on demand: `kcache --help` need not load the Kubernetes client.
      const { runDemoCommand } = await import('./demo/demo-command.js');
      setExit(await runDemoCommand(opts, io, signal));
    });

  program
    .command('mirror')
    .description('mirror a resource of a cluster into an indexed store and show it live')
    .argument('<resource>', 'plural, singular, kind or short name, optionally group-qualified: pods, po, Pod, deploy, deployments.apps')
    .option('--kubeconfig <path>', 'kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context to use (default: its current-context)')
    .option('-n, --namespace <name>', "only this namespace (default: the context's namespace, else default)")
    .option('-A, --all-namespaces', 'every namespace', false)
    .option('-l, --selector <selector>', 'label selector, e.g. app=web,tier!=db')
    .option('--field-selector <selector>', 'field selector, e.g. status.phase=Running')
    .option('--once', 'sync once, print a summary (or the objects with -o) and exit', false)
    .option('--json', 'with --once: print the summary as JSON', false)
    .addOption(new Option('-o, --output <format>', 'with --once: print the objects as json or yaml; wide: more columns').choices(OUTPUT_FORMATS))
    .addOption(
      new Option('--timeout <seconds>', 'give up when discovery (and with --once, the first sync) takes longer').argParser(secondsIn(1, 3600)).default(60),
    )
    .action(async (resource: string, opts: Omit<MirrorCommandOptions, 'resource'>) => {
      const { runMirrorCommand } = await import('./mirror/mirror-command.js');
      setExit(await runMirrorCommand({ ...opts, resource }, io, signal));
    });

  program
    .command('fake-apiserver')
    .description('serve a fake Kubernetes API server, or inject faults into a running one (kcache fake-apiserver --help)')
    .helpOption(false)
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .argument('[args...]', 'passed on to the fake API server')
    .action(async (args: string[]) => {
      const { runFakeApiServerCommand } = await import('./fake-apiserver-command.js');
      setExit(await runFakeApiServerCommand(args, io, signal));
    });

  program
    .command('bench')
    .description('run the benchmarks side by side and write bench/results/ (from a kcache checkout)')
    .option('--quick', 'small sizes and few iterations, for a quick look', false)
    .option('--only <names>', 'comma-separated subset: store, decoder, list-pages, fake-apiserver, reflector')
    .action(async (opts: BenchCommandOptions) => {
      const { runBenchCommand } = await import('./bench-command.js');
      setExit(await runBenchCommand(opts, io, signal));
    });

  return program;
}

/**
 * Runs `kcache` with `argv` (the arguments after the program name) and resolves with the exit
 * code. Never throws for a user error: it prints a one-line message to stderr (no stack trace) and
 * returns a non-zero code; `--help` and `--version` return 0.
 *
 * @example
 * ```ts
 * const code = await runCli(['demo', '--pods', '500', '--duration', '3', '--json']);
 * process.exitCode = code;
 * ```
 */
export async function runCli(argv: readonly string[], options: RunCliOptions = {}): Promise<number> {
  const io: CliIo = { ...processIo(), ...options.io };
  const signal = options.signal ?? new AbortController().signal;
  let exitCode = 0;
  const program = buildProgram(io, signal, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander has already printed help, the version or its own one-line error.
      return err.exitCode;
    }
    if (err instanceof CliError) {
      writeLine(io.stderr, `kcache: ${err.message}`);
      return err.exitCode;
    }
    const message = err instanceof Error ? err.message : String(err);
    writeLine(io.stderr, `kcache: unexpected error: ${message}`);
    if (io.env.KCACHE_DEBUG !== undefined && err instanceof Error && err.stack !== undefined) writeLine(io.stderr, err.stack);
    return 1;
  }
}
