import { describe, expect, it } from 'vitest';
import {
  clusterIpProblem,
  firstFreeClusterIp,
  firstFreeNodePort,
  formatIpv4,
  nodePortProblem,
  parseIpv4,
  parseNodePortRange,
  parseServiceRange,
  type Ipv4Range,
} from './service-allocation.js';

function range(text: string): Ipv4Range {
  const r = parseServiceRange(text);
  if (typeof r === 'string') throw new Error(r);
  return r;
}

describe('service ranges', () => {
  it('parses IPv4 addresses without leading zeros and writes them back', () => {
    expect(parseIpv4('10.0.0.14')).toBe(10 * 2 ** 24 + 14);
    expect(formatIpv4(parseIpv4('192.168.255.1') ?? 0)).toBe('192.168.255.1');
    for (const bad of ['10.0.0.256', '10.0.0', '10.0.0.01', 'a.b.c.d', '::1']) expect(parseIpv4(bad), bad).toBeUndefined();
  });

  it('parses a CIDR (host bits ignored) and refuses what cannot hold Services', () => {
    expect(range('10.96.5.7/12')).toMatchObject({ network: parseIpv4('10.96.0.0'), broadcast: parseIpv4('10.111.255.255') });
    expect(parseServiceRange('10.0.0.0')).toBe('"10.0.0.0" is not an IPv4 CIDR such as 10.0.0.0/24');
    expect(parseServiceRange('10.0.0.0/7')).toBe('"10.0.0.0/7" must have a prefix length from /8 to /29');
  });

  it('parses node port ranges as pairs or as the flag text', () => {
    expect(parseNodePortRange('30000-32767')).toEqual([30000, 32767]);
    expect(parseNodePortRange([1, 1])).toEqual([1, 1]);
    expect(parseNodePortRange([0, 10])).toContain('must be a range of ports within 1-65535');
    expect(parseNodePortRange('30000')).toContain('is not a port range');
  });
});

describe('allocation', () => {
  const r = range('10.0.0.0/29');
  const ip = (text: string): number => parseIpv4(text) ?? -1;

  it('never gives the network, first or broadcast address; takes the lowest free one', () => {
    expect(firstFreeClusterIp(r, new Set())).toBe(ip('10.0.0.2'));
    expect(firstFreeClusterIp(r, new Set([ip('10.0.0.2'), ip('10.0.0.4')]))).toBe(ip('10.0.0.3'));
    const all = new Set(['10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6'].map(ip));
    expect(firstFreeClusterIp(r, all)).toBeUndefined();
  });

  it('words a refused request as kube-apiserver does', () => {
    expect(clusterIpProblem(r, ip('10.0.0.0'), new Set())).toBe('the provided network does not match the current range');
    expect(clusterIpProblem(r, ip('10.0.0.7'), new Set())).toBe('the provided network does not match the current range');
    expect(clusterIpProblem(r, ip('10.0.0.1'), new Set())).toBe('provided IP is already allocated');
    expect(clusterIpProblem(r, ip('10.0.0.3'), new Set([ip('10.0.0.3')]))).toBe('provided IP is already allocated');
    expect(clusterIpProblem(r, ip('10.0.0.3'), new Set())).toBeUndefined();
    expect(nodePortProblem([30000, 30002], 29999, new Set())).toBe('provided port is not in the valid range. The range of valid ports is 30000-30002');
    expect(nodePortProblem([30000, 30002], 30001, new Set([30001]))).toBe('provided port is already allocated');
    expect(firstFreeNodePort([30000, 30002], new Set([30000, 30002]))).toBe(30001);
    expect(firstFreeNodePort([30000, 30000], new Set([30000]))).toBeUndefined();
  });
});
