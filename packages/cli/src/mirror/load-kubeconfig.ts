import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { CliError } from '../errors.js';

/** Where to find the kubeconfig and which context to use. */
export interface KubeConfigChoice {
  /** `--kubeconfig`; else `$KUBECONFIG`, else `~/.kube/config`, else the in-cluster service account. */
  kubeconfig?: string | undefined;
  /** `--context`; else the kubeconfig's current-context. */
  context?: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
}

/** A KubeConfig ready to use, and what it points at (for messages; never credentials). */
export interface LoadedKubeConfig {
  kc: KubeConfig;
  /** The file(s) it came from, or `in-cluster`. */
  source: string;
  context: string;
  server: string;
  /** The context's namespace, when it names one. */
  namespace: string | undefined;
}

const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

function loadFile(kc: KubeConfig, file: string): void {
  try {
    kc.loadFromFile(file);
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message.split('\n', 1)[0] ?? '' : String(cause);
    throw new CliError('KubeconfigInvalid', `cannot read kubeconfig ${file}: ${detail}`, { cause });
  }
}

/**
 * Loads the kubeconfig the way kubectl finds it, and selects the context. Every failure is a
 * {@link CliError} saying what to do, never a stack trace.
 *
 * @throws {CliError} `KubeconfigNotFound`, `KubeconfigInvalid` or `UnknownContext`.
 */
export function loadKubeConfig(choice: KubeConfigChoice): LoadedKubeConfig {
  const kc = new KubeConfig();
  let source: string;
  if (choice.kubeconfig !== undefined) {
    if (!existsSync(choice.kubeconfig)) {
      throw new CliError('KubeconfigNotFound', `kubeconfig ${choice.kubeconfig} does not exist: check the --kubeconfig path`);
    }
    loadFile(kc, choice.kubeconfig);
    source = choice.kubeconfig;
  } else if (choice.env.KUBECONFIG !== undefined && choice.env.KUBECONFIG !== '') {
    const files = choice.env.KUBECONFIG.split(delimiter).filter((f) => f !== '');
    const present = files.filter((f) => existsSync(f));
    const [first, ...rest] = present;
    if (first === undefined) {
      throw new CliError('KubeconfigNotFound', `no file named in KUBECONFIG exists (${files.join(delimiter)}): fix KUBECONFIG or pass --kubeconfig`);
    }
    loadFile(kc, first);
    for (const file of rest) {
      const more = new KubeConfig();
      loadFile(more, file);
      kc.mergeConfig(more);
    }
    source = present.join(delimiter);
  } else {
    const home = choice.env.HOME ?? homedir();
    const file = join(home, '.kube', 'config');
    if (existsSync(file)) {
      loadFile(kc, file);
      source = file;
    } else if (choice.env.KUBERNETES_SERVICE_HOST !== undefined && existsSync(IN_CLUSTER_TOKEN)) {
      kc.loadFromCluster();
      source = 'in-cluster';
    } else {
      throw new CliError(
        'KubeconfigNotFound',
        `no kubeconfig found (looked at ${file}): pass --kubeconfig <path>, set KUBECONFIG, or create ${file}`,
      );
    }
  }

  const names = kc.getContexts().map((c) => c.name);
  if (choice.context !== undefined) {
    if (kc.getContextObject(choice.context) === null) {
      throw new CliError(
        'UnknownContext',
        `context "${choice.context}" is not in ${source}; ${names.length === 0 ? 'it has no contexts' : `its contexts: ${names.join(', ')}`}`,
      );
    }
    kc.setCurrentContext(choice.context);
  }
  const context = kc.getCurrentContext();
  if (context === '' || kc.getContextObject(context) === null) {
    throw new CliError(
      'KubeconfigInvalid',
      `${source} has no usable current-context${context === '' ? '' : ` ("${context}" is not defined)`}: ` +
        `pass --context${names.length === 0 ? '' : ` (one of: ${names.join(', ')})`}`,
    );
  }
  const cluster = kc.getCurrentCluster();
  if (cluster === null) {
    throw new CliError('KubeconfigInvalid', `context "${context}" in ${source} names a cluster that is not defined`);
  }
  const namespace = kc.getContextObject(context)?.namespace;
  return { kc, source, context, server: cluster.server, namespace: namespace === undefined || namespace === '' ? undefined : namespace };
}
