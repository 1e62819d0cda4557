// Service cluster IPs and node ports, allocated as kube-apiserver's allocators do on a single-stack
// IPv4 cluster: from `--service-cluster-ip-range` (never the network address, the broadcast address
// or the first address, which kube-apiserver gives to the `kubernetes` Service) and from
// `--service-node-port-range`. The fake keeps no allocation table: what is in use is read from the
// stored Services, so a deleted Service frees its addresses at once. Where kube-apiserver picks at
// random, the fake takes the first free value, so that tests see stable values.
import type { KubeObject } from '../types.js';
import { isJsonObject } from './json-value.js';
import type { Registry } from './registry.js';

/** An IPv4 CIDR as numbers: the network address and the broadcast address. */
export interface Ipv4Range {
  readonly network: number;
  readonly broadcast: number;
  /** The CIDR as given. */
  readonly text: string;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** An IPv4 address as a number, or undefined when the text is not one (no leading zeros). */
export function parseIpv4(text: string): number | undefined {
  const m = IPV4.exec(text);
  if (m === null) return undefined;
  let n = 0;
  for (const part of m.slice(1)) {
    if (part.length > 1 && part.startsWith('0')) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    n = n * 256 + octet;
  }
  return n;
}

/** A number as a dotted IPv4 address. */
export function formatIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** The smallest range a Service needs: a network, a reserved first address, one to give, a broadcast. */
const MAX_PREFIX = 29;

/**
 * Parses `a.b.c.d/n`. Returns why not when it is not an IPv4 CIDR with room for Services (a prefix
 * of /8 … /29; the host bits are ignored, as Go's ParseCIDR does).
 */
export function parseServiceRange(text: string): Ipv4Range | string {
  const slash = text.indexOf('/');
  const ip = slash < 0 ? undefined : parseIpv4(text.slice(0, slash));
  const prefixText = slash < 0 ? '' : text.slice(slash + 1);
  const prefix = /^\d{1,2}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (ip === undefined || !(prefix >= 0 && prefix <= 32)) return `${JSON.stringify(text)} is not an IPv4 CIDR such as 10.0.0.0/24`;
  if (prefix < 8 || prefix > MAX_PREFIX) return `${JSON.stringify(text)} must have a prefix length from /8 to /${MAX_PREFIX}`;
  const size = 2 ** (32 - prefix);
  const network = Math.floor(ip / size) * size;
  return { network, broadcast: network + size - 1, text };
}

/** A node port range: `[min, max]` or the flag's text `'30000-32767'`. */
export function parseNodePortRange(value: unknown): readonly [number, number] | string {
  let pair: unknown[] | undefined;
  if (typeof value === 'string') {
    const m = /^(\d+)-(\d+)$/.exec(value.trim());
    pair = m === null ? undefined : [Number(m[1]), Number(m[2])];
  } else if (Array.isArray(value) && value.length === 2) {
    pair = value;
  }
  const [min, max] = pair ?? [];
  if (typeof min !== 'number' || typeof max !== 'number' || !Number.isInteger(min) || !Number.isInteger(max)) {
    return `${JSON.stringify(value)} is not a port range such as [30000, 32767] or '30000-32767'`;
  }
  if (min < 1 || max > 65535 || min > max) return `${JSON.stringify(value)} must be a range of ports within 1-65535, the first no larger than the last`;
  return [min, max];
}

function record(value: unknown): Record<string, unknown> {
  return isJsonObject(value) ? value : {};
}

/** The stored Services, without the one being written (`self`: namespace/name). */
function otherServices(registry: Registry, self: string | undefined): Record<string, unknown>[] {
  const served = registry.lookupKind('v1', 'Service');
  if (served === undefined) return [];
  const out: Record<string, unknown>[] = [];
  for (const entry of served.store.entries.values()) {
    if (self !== undefined && `${entry.namespace}/${entry.name}` === self) continue;
    out.push(entry.obj as unknown as Record<string, unknown>);
  }
  return out;
}

/** `namespace/name` of an object, to leave it out of what is in use. */
export function selfKey(obj: KubeObject | Record<string, unknown>): string {
  const meta = record((obj as Record<string, unknown>).metadata);
  return `${typeof meta.namespace === 'string' ? meta.namespace : ''}/${typeof meta.name === 'string' ? meta.name : ''}`;
}

/** Cluster IPs other Services hold. */
export function clusterIpsInUse(registry: Registry, self: string | undefined): Set<number> {
  const used = new Set<number>();
  for (const svc of otherServices(registry, self)) {
    const spec = record(svc.spec);
    const ips = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [spec.clusterIP];
    for (const ip of ips) {
      const n = typeof ip === 'string' ? parseIpv4(ip) : undefined;
      if (n !== undefined) used.add(n);
    }
  }
  return used;
}

/** Node ports (and health-check node ports) other Services hold. */
export function nodePortsInUse(registry: Registry, self: string | undefined): Set<number> {
  const used = new Set<number>();
  for (const svc of otherServices(registry, self)) {
    const spec = record(svc.spec);
    if (Array.isArray(spec.ports)) {
      for (const p of spec.ports) {
        const n = record(p).nodePort;
        if (typeof n === 'number' && n > 0) used.add(n);
      }
    }
    if (typeof spec.healthCheckNodePort === 'number' && spec.healthCheckNodePort > 0) used.add(spec.healthCheckNodePort);
  }
  return used;
}

/** Why a requested cluster IP cannot be given, in kube-apiserver's words; undefined when it can. */
export function clusterIpProblem(range: Ipv4Range, ip: number, used: ReadonlySet<number>): string | undefined {
  if (ip <= range.network || ip >= range.broadcast) return 'the provided network does not match the current range';
  if (ip === range.network + 1 || used.has(ip)) return 'provided IP is already allocated';
  return undefined;
}

/** The first free cluster IP (after the reserved first address), or undefined when the range is full. */
export function firstFreeClusterIp(range: Ipv4Range, used: ReadonlySet<number>): number | undefined {
  for (let ip = range.network + 2; ip < range.broadcast; ip++) if (!used.has(ip)) return ip;
  return undefined;
}

/** Why a requested node port cannot be given; undefined when it can. */
export function nodePortProblem(range: readonly [number, number], port: number, used: ReadonlySet<number>): string | undefined {
  if (port < range[0] || port > range[1]) return `provided port is not in the valid range. The range of valid ports is ${range[0]}-${range[1]}`;
  if (used.has(port)) return 'provided port is already allocated';
  return undefined;
}

/** The first free node port, or undefined when the range is full. */
export function firstFreeNodePort(range: readonly [number, number], used: ReadonlySet<number>): number | undefined {
  for (let port = range[0]; port <= range[1]; port++) if (!used.has(port)) return port;
  return undefined;
}
