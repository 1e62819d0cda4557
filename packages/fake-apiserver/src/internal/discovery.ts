// Legacy (unaggregated) discovery documents, shaped as kube-apiserver serves them: what kubectl,
// client-go's RESTMapper and other clients read to learn which kinds exist, their plural names,
// scope, verbs and short names.
import type { KindInfo } from './kinds.js';
import { SCALE_RESPONSE_KIND, scaleVerbs } from './scale.js';

/** The Kubernetes version the fake reports: the kube-apiserver release whose behaviour it follows. */
export const SERVED_KUBERNETES_VERSION = { major: '1', minor: '37', gitVersion: 'v1.37.2' } as const;

/** Verbs of a `/status` subresource. */
const STATUS_VERBS = ['get', 'patch', 'update'];

/** `GET /version`, with the fields and their order as kube-apiserver v1.37.2 answers it. */
export function versionInfo(): Record<string, string> {
  return {
    major: SERVED_KUBERNETES_VERSION.major,
    minor: SERVED_KUBERNETES_VERSION.minor,
    emulationMajor: SERVED_KUBERNETES_VERSION.major,
    emulationMinor: SERVED_KUBERNETES_VERSION.minor,
    minCompatibilityMajor: '1',
    minCompatibilityMinor: '36',
    gitVersion: SERVED_KUBERNETES_VERSION.gitVersion,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-11-18T00:00:00Z',
    goVersion: 'go1.26.8',
    compiler: 'gc',
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}

/** `GET /api`: the core group's versions and the address clients should use. */
export function apiVersions(serverAddress: string): object {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

const VERSION_PATTERN = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

/**
 * Kubernetes' version priority (`CompareKubeAwareVersionStrings`): GA before beta before alpha,
 * higher numbers first, then anything that is not a Kubernetes-style version, alphabetically.
 */
export function compareVersionPriority(a: string, b: string): number {
  const ma = VERSION_PATTERN.exec(a);
  const mb = VERSION_PATTERN.exec(b);
  if (ma === null || mb === null) {
    if (ma !== null) return -1;
    if (mb !== null) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const stability = (m: RegExpExecArray): number => (m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0);
  const sa = stability(ma);
  const sb = stability(mb);
  if (sa !== sb) return sb - sa;
  const majorDiff = Number(mb[1]) - Number(ma[1]);
  if (majorDiff !== 0) return majorDiff;
  return Number(mb[3] ?? 0) - Number(ma[3] ?? 0);
}

function groupVersions(group: string, kinds: readonly KindInfo[]): string[] {
  const versions = [...new Set(kinds.filter((k) => k.group === group).map((k) => k.version))];
  return versions.sort(compareVersionPriority);
}

function apiGroupEntry(group: string, kinds: readonly KindInfo[]): object | undefined {
  const versions = groupVersions(group, kinds);
  const preferred = versions[0];
  if (preferred === undefined) return undefined;
  return {
    name: group,
    versions: versions.map((version) => ({ groupVersion: `${group}/${version}`, version })),
    preferredVersion: { groupVersion: `${group}/${preferred}`, version: preferred },
  };
}

/**
 * The named groups in kube-apiserver's order: the built-in ones by their priority (the order the
 * built-in kinds are listed in), then the others (custom resources, whose groups share one
 * priority) by name.
 *
 * @internal exported for aggregated discovery; not part of the package API
 */
export function namedGroupOrder(kinds: readonly KindInfo[]): string[] {
  const builtin = new Set(kinds.filter((k) => k.strategicMerge && k.group !== '').map((k) => k.group));
  const others = [...new Set(kinds.map((k) => k.group).filter((g) => g !== '' && !builtin.has(g)))].sort();
  return [...builtin, ...others];
}

/** `GET /apis`: every named group (the core group is served at `/api` instead). */
export function apiGroupList(kinds: readonly KindInfo[]): object {
  const groups = namedGroupOrder(kinds);
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groups.map((g) => apiGroupEntry(g, kinds)).filter((g) => g !== undefined),
  };
}

/** `GET /apis/{group}`, or undefined when no kind has that group. */
export function apiGroup(group: string, kinds: readonly KindInfo[]): object | undefined {
  if (group === '') return undefined;
  const entry = apiGroupEntry(group, kinds);
  return entry === undefined ? undefined : { kind: 'APIGroup', apiVersion: 'v1', ...entry };
}

/**
 * Built-in kinds sorted by plural (as kube-apiserver lists them), custom resources after them in
 * the order they are served.
 *
 * @internal exported for aggregated discovery; not part of the package API
 */
function sortBuiltinsByName(kinds: readonly KindInfo[]): KindInfo[] {
  const builtins = kinds.filter((k) => k.subresources !== undefined || k.strategicMerge);
  const custom = kinds.filter((k) => !builtins.includes(k));
  return [...builtins.sort((a, b) => (a.plural < b.plural ? -1 : a.plural > b.plural ? 1 : 0)), ...custom];
}

function resourceEntry(k: KindInfo): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    name: k.plural,
    singularName: k.singular,
    namespaced: k.namespaced,
    kind: k.kind,
    verbs: [...k.verbs],
  };
  // Kubernetes omits empty lists from discovery (omitempty).
  if (k.shortNames.length > 0) entry.shortNames = [...k.shortNames];
  if (k.categories !== undefined && k.categories.length > 0) entry.categories = [...k.categories];
  if (k.storageVersionHash !== undefined) entry.storageVersionHash = k.storageVersionHash;
  return entry;
}

/**
 * `GET /api/v1` or `GET /apis/{group}/{version}`: the resources of one group version, including a
 * `<plural>/status` entry for each kind with a status subresource; undefined when no kind has that
 * group and version.
 */
export function apiResourceList(group: string, version: string, kinds: readonly KindInfo[]): object | undefined {
  const served = kinds.filter((k) => k.group === group && k.version === version);
  if (served.length === 0) return undefined;
  const resources: Record<string, unknown>[] = [];
  // kube-apiserver lists a group version's built-in resources by name; custom resources as served.
  for (const k of sortBuiltinsByName(served)) {
    resources.push(resourceEntry(k));
    if (k.subresources !== undefined) {
      for (const sub of k.subresources) {
        const gv = sub.group === '' && sub.version === '' ? {} : { group: sub.group, version: sub.version };
        resources.push({ name: `${k.plural}/${sub.name}`, singularName: '', namespaced: k.namespaced, ...gv, kind: sub.kind, verbs: [...sub.verbs] });
      }
      continue;
    }
    // A custom resource: status first, then scale.
    if (k.statusSubresource) {
      resources.push({ name: `${k.plural}/status`, singularName: '', namespaced: k.namespaced, kind: k.kind, verbs: STATUS_VERBS });
    }
    if (k.scale !== undefined) {
      resources.push({ name: `${k.plural}/scale`, singularName: '', namespaced: k.namespaced, ...SCALE_RESPONSE_KIND, verbs: scaleVerbs() });
    }
  }
  // kube-apiserver writes no apiVersion in the core group's list (/api/v1).
  return group === ''
    ? { kind: 'APIResourceList', groupVersion: version, resources }
    : { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: `${group}/${version}`, resources };
}
