import type { KubeConfig } from '@kubernetes/client-node';
import { CliError } from '../errors.js';
import { apiGet, type ApiGetOptions } from './api-get.js';

/** A resource found through discovery. */
export interface ResolvedResource {
  /** API group; `''` for the core group. */
  group: string;
  version: string;
  /** `v1` or `group/version`, as listwatch wants it. */
  apiVersion: string;
  /** Plural name used in URLs. */
  resource: string;
  kind: string;
  namespaced: boolean;
}

/** What the user typed, split the way kubectl splits `resource[.version][.group]`. */
interface ResourceArg {
  name: string;
  version?: string | undefined;
  group?: string | undefined;
}

interface ApiResource {
  name: string;
  singularName?: string;
  namespaced: boolean;
  kind: string;
  verbs?: string[];
  shortNames?: string[];
}
interface ApiResourceList {
  groupVersion?: string;
  resources?: ApiResource[];
}
interface ApiGroupList {
  groups?: { name: string; versions?: { groupVersion: string; version: string }[]; preferredVersion?: { version: string } }[];
}

const VERSION = /^v\d+((alpha|beta)\d+)?$/;

/** Splits `deployments.apps`, `deployments.v1.apps`, `pods`. */
function parseResourceArg(arg: string): ResourceArg {
  const trimmed = arg.trim();
  if (trimmed === '' || /[\s/]/.test(trimmed)) {
    throw new CliError('InvalidArgument', `"${arg}" is not a resource name: use a plural, kind or short name, e.g. pods, Pod, po, deployments.apps`);
  }
  const [name = '', ...rest] = trimmed.split('.');
  if (rest.length === 0) return { name };
  const [maybeVersion = '', ...groupParts] = rest;
  if (VERSION.test(maybeVersion) && groupParts.length > 0) return { name, version: maybeVersion, group: groupParts.join('.') };
  return { name, group: rest.join('.') };
}

function matches(r: ApiResource, name: string): boolean {
  if (r.name.includes('/')) return false; // subresources such as pods/status
  const n = name.toLowerCase();
  return (
    r.name.toLowerCase() === n ||
    r.singularName?.toLowerCase() === n ||
    r.kind.toLowerCase() === n ||
    (r.shortNames ?? []).some((s) => s.toLowerCase() === n)
  );
}

function toResolved(group: string, version: string, r: ApiResource): ResolvedResource & { verbs: string[] } {
  return {
    group,
    version,
    apiVersion: group === '' ? version : `${group}/${version}`,
    resource: r.name,
    kind: r.kind,
    namespaced: r.namespaced,
    verbs: r.verbs ?? [],
  };
}

async function resourcesOf(kc: KubeConfig, group: string, version: string, options: ApiGetOptions): Promise<ApiResource[]> {
  const path = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
  const list = await apiGet<ApiResourceList>(kc, path, options);
  return list.resources ?? [];
}

/**
 * Finds a resource by plural, singular, kind or short name (case-insensitive), optionally
 * qualified by group (`deployments.apps`) or version and group (`deployments.v1.apps`), through
 * discovery: `/api/v1` first (the core group wins, as with kubectl), then each group's preferred
 * version under `/apis`.
 *
 * @throws {CliError} `UnknownResource`, `AmbiguousResource`, `ResourceNotWatchable`, or the
 *   connection and permission errors of {@link apiGet}.
 */
export async function resolveResource(kc: KubeConfig, arg: string, options: ApiGetOptions = {}): Promise<ResolvedResource> {
  const parsed = parseResourceArg(arg);
  const found: (ResolvedResource & { verbs: string[] })[] = [];

  if (parsed.group === undefined || parsed.group === '') {
    const version = parsed.version ?? 'v1';
    for (const r of await resourcesOf(kc, '', version, options)) if (matches(r, parsed.name)) found.push(toResolved('', version, r));
  }
  if (found.length === 0 && parsed.group !== '') {
    const groups = (await apiGet<ApiGroupList>(kc, '/apis', options)).groups ?? [];
    const wanted = groups.filter((g) => parsed.group === undefined || g.name === parsed.group);
    if (parsed.group !== undefined && wanted.length === 0) {
      throw new CliError('UnknownResource', `the server has no API group "${parsed.group}" (asked for "${arg}")`);
    }
    const lists = await Promise.all(
      wanted.map(async (g) => {
        const version = parsed.version ?? g.preferredVersion?.version ?? g.versions?.[0]?.version;
        if (version === undefined) return [];
        try {
          return (await resourcesOf(kc, g.name, version, options)).filter((r) => matches(r, parsed.name)).map((r) => toResolved(g.name, version, r));
        } catch (err) {
          // An aggregated API that is down answers 503; kubectl skips it too. Credentials and
          // connection problems are not about one group: report them.
          if (err instanceof CliError && err.code === 'ApiFailed') return [];
          throw err;
        }
      }),
    );
    found.push(...lists.flat());
  }

  const [first, ...others] = found;
  if (first === undefined) {
    throw new CliError('UnknownResource', `the server has no resource "${arg}": try the plural (pods), the kind (Pod) or a short name (po); kubectl api-resources lists them`);
  }
  if (others.length > 0) {
    const names = found.map((f) => `${f.resource}.${f.group}`).join(', ');
    throw new CliError('AmbiguousResource', `"${arg}" names more than one resource (${names}): qualify it with its group`);
  }
  if (!first.verbs.includes('list') || !first.verbs.includes('watch')) {
    throw new CliError('ResourceNotWatchable', `${first.resource} (${first.apiVersion}) cannot be listed and watched (verbs: ${first.verbs.join(', ') || 'none'})`);
  }
  return { group: first.group, version: first.version, apiVersion: first.apiVersion, resource: first.resource, kind: first.kind, namespaced: first.namespaced };
}
