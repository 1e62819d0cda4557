import { describe, expect, it } from 'vitest';
import type { RequestRecord } from '../types.js';
import { RequestLog } from './request-log.js';

const rec = (n: number): RequestRecord => ({ method: 'GET', path: `/${String(n)}`, query: {}, status: 200, durationMs: 0 });
const paths = (records: readonly RequestRecord[]): string[] => records.map((r) => r.path);

describe('RequestLog', () => {
  it('keeps the last `limit` records, indexed by their position among all ever added', () => {
    const log = new RequestLog(3);
    for (let i = 0; i < 10; i++) {
      log.add(rec(i));
      // Whatever was trimmed internally, the view is the last min(i + 1, 3) records.
      expect(paths(log.all)).toEqual(Array.from({ length: Math.min(i + 1, 3) }, (_, k) => `/${String(i - Math.min(i + 1, 3) + 1 + k)}`));
      expect(log.next).toBe(i + 1);
    }
    expect(log.since(0)).toEqual({ first: 7, records: [rec(7), rec(8), rec(9)] });
    expect(log.since(8)).toEqual({ first: 8, records: [rec(8), rec(9)] });
    expect(log.since(10)).toEqual({ first: 10, records: [] });
    expect(log.since(1000)).toEqual({ first: 10, records: [] });
  });

  it('clear() empties it and the numbering carries on', () => {
    const log = new RequestLog(5);
    log.add(rec(0));
    log.add(rec(1));
    log.clear();
    expect(log.all).toEqual([]);
    expect(log.next).toBe(2);
    expect(log.since(0)).toEqual({ first: 2, records: [] });
    log.add(rec(2));
    expect(log.since(0)).toEqual({ first: 2, records: [rec(2)] });
    expect(log.since(3)).toEqual({ first: 3, records: [] });
  });
});
