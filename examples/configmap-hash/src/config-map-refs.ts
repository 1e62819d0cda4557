import type { V1Container, V1Deployment, V1EphemeralContainer } from '@kubernetes/client-node';

/**
 * The names of the ConfigMaps a Deployment's pods use, sorted, each once: mounted as volumes
 * (`volumes[].configMap`, `volumes[].projected.sources[].configMap`), loaded whole into the
 * environment (`envFrom[].configMapRef`) or key by key (`env[].valueFrom.configMapKeyRef`), in any
 * container, init container included. ConfigMaps live in the Deployment's namespace.
 */
export function configMapNames(deployment: V1Deployment): string[] {
  const pod = deployment.spec?.template.spec;
  if (pod === undefined) return [];
  const names = new Set<string>();
  const add = (name: string | undefined): void => {
    if (name !== undefined && name !== '') names.add(name);
  };
  for (const volume of pod.volumes ?? []) {
    add(volume.configMap?.name);
    for (const source of volume.projected?.sources ?? []) add(source.configMap?.name);
  }
  const containers: (V1Container | V1EphemeralContainer)[] = [...pod.containers, ...(pod.initContainers ?? []), ...(pod.ephemeralContainers ?? [])];
  for (const container of containers) {
    for (const from of container.envFrom ?? []) add(from.configMapRef?.name);
    for (const env of container.env ?? []) add(env.valueFrom?.configMapKeyRef?.name);
  }
  return [...names].sort();
}
