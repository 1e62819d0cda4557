// A kubeconfig for the fake: one cluster, one user (with the bearer token if any), one context.
// An http server gets `insecure-skip-tls-verify: true`, without which @kubernetes/client-node 2.x
// refuses plain http; an https server gets the bundled CA.

export interface KubeconfigOptions {
  readonly url: string;
  readonly token: string | undefined;
  readonly caPem: string | undefined;
  readonly name?: string | undefined;
  readonly namespace?: string | undefined;
}

/** YAML double-quoted scalar (JSON strings are valid YAML). */
function q(value: string): string {
  return JSON.stringify(value);
}

export function renderKubeconfig(options: KubeconfigOptions): string {
  const name = options.name ?? 'kcache-fake';
  const cluster = options.caPem === undefined
    ? ['    insecure-skip-tls-verify: true']
    : [`    certificate-authority-data: ${Buffer.from(options.caPem).toString('base64')}`];
  const user = options.token === undefined ? ['  user: {}'] : ['  user:', `    token: ${q(options.token)}`];
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${q(name)}`,
    '  cluster:',
    `    server: ${q(options.url)}`,
    ...cluster,
    'users:',
    `- name: ${q(name)}`,
    ...user,
    'contexts:',
    `- name: ${q(name)}`,
    '  context:',
    `    cluster: ${q(name)}`,
    `    user: ${q(name)}`,
    `    namespace: ${q(options.namespace ?? 'default')}`,
    `current-context: ${q(name)}`,
    'preferences: {}',
    '',
  ].join('\n');
}
