// Which protobuf message an apiVersion/kind is, as kube-apiserver's scheme knows it: every built-in
// kind and its List, the kinds of subresources, and the meta.k8s.io kinds that every built-in group
// version also registers (Status, WatchEvent, the options types).
import type { GeneratedProtobuf, GeneratedResource } from '../schema/data.js';

const META_PACKAGE = 'k8s.io.apimachinery.pkg.apis.meta.v1';
const META_V1BETA1_PACKAGE = 'k8s.io.apimachinery.pkg.apis.meta.v1beta1';

// metav1.AddToGroupVersion registers these in every group version (Status and the discovery
// types as "unversioned", the others as options/events), so `apps/v1 DeleteOptions` is a message.
const META_KINDS_IN_EVERY_VERSION = [
  'WatchEvent',
  'Status',
  'DeleteOptions',
  'CreateOptions',
  'UpdateOptions',
  'PatchOptions',
  'GetOptions',
  'ListOptions',
  'APIVersions',
  'APIGroupList',
  'APIGroup',
  'APIResourceList',
] as const;

/** apiVersion/kind → message name. */
export interface KindTable {
  messageName(apiVersion: string, kind: string): string | undefined;
}

/** The table for one set of generated data. */
export function createKindTable(data: {
  readonly protobuf: GeneratedProtobuf;
  readonly resources: readonly GeneratedResource[];
}): KindTable {
  const { messages } = data.protobuf;
  const exists = (name: string): boolean => Object.hasOwn(messages, name);
  const byKey = new Map<string, string>();
  // The message package of each built-in group version, e.g. `apps/v1` → `k8s.io.api.apps.v1`.
  const packages = new Map<string, string>();
  const add = (apiVersion: string, kind: string, name: string): void => {
    if (exists(name) && !byKey.has(key(apiVersion, kind))) byKey.set(key(apiVersion, kind), name);
  };
  for (const r of data.resources) {
    const apiVersion = groupVersion(r.group, r.version);
    const pkg = r.protobuf.slice(0, r.protobuf.lastIndexOf('.'));
    if (pkg !== '' && !packages.has(apiVersion)) packages.set(apiVersion, pkg);
    add(apiVersion, r.kind, r.protobuf);
    add(apiVersion, r.listKind, `${pkg}.${r.listKind}`);
  }
  for (const r of data.resources) {
    for (const sub of r.subresources) {
      const apiVersion = groupVersion(sub.group, sub.version);
      const pkg = packages.get(apiVersion);
      if (pkg !== undefined) add(apiVersion, sub.kind, `${pkg}.${sub.kind}`);
    }
  }
  for (const version of ['v1', 'v1beta1']) {
    const apiVersion = `meta.k8s.io/${version}`;
    packages.set(apiVersion, version === 'v1' ? META_PACKAGE : META_V1BETA1_PACKAGE);
    for (const kind of ['Table', 'PartialObjectMetadata', 'PartialObjectMetadataList']) {
      add(apiVersion, kind, `${version === 'v1' ? META_PACKAGE : META_V1BETA1_PACKAGE}.${kind}`);
      add(apiVersion, kind, `${META_PACKAGE}.${kind}`);
    }
  }
  const metaInEveryVersion = new Set<string>(META_KINDS_IN_EVERY_VERSION);
  return {
    messageName(apiVersion, kind) {
      const known = byKey.get(key(apiVersion, kind));
      if (known !== undefined) return known;
      if (!packages.has(apiVersion)) return undefined;
      if (metaInEveryVersion.has(kind) && exists(`${META_PACKAGE}.${kind}`)) return `${META_PACKAGE}.${kind}`;
      return undefined;
    },
  };
}

function groupVersion(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

function key(apiVersion: string, kind: string): string {
  return `${apiVersion}\u0000${kind}`;
}
