// The request log tests assert on: method, path, query, status, duration (and the verb). Only
// the most recent `limit` records are kept so long runs do not grow memory. Every record has an
// index (its position among all records ever added), so a reader in another process can ask for
// what came after the last one it saw; clearing keeps the numbering going.
import type { RequestRecord } from '../types.js';

export class RequestLog {
  private records: RequestRecord[] = [];
  /** The index of `records[0]`. */
  private offset = 0;

  constructor(private readonly limit: number) {}

  add(record: RequestRecord): void {
    this.records.push(record);
    if (this.records.length >= this.limit * 2) {
      const drop = this.records.length - this.limit;
      this.records = this.records.slice(drop);
      this.offset += drop;
    }
  }

  get all(): readonly RequestRecord[] {
    return this.records.length > this.limit ? this.records.slice(-this.limit) : this.records;
  }

  /** The index the next record will get. */
  get next(): number {
    return this.offset + this.records.length;
  }

  /** The kept records whose index is `index` or more, with the index of the first of them. */
  since(index: number): { first: number; records: readonly RequestRecord[] } {
    const all = this.all;
    const start = this.next - all.length;
    const first = Math.min(Math.max(index, start), this.next);
    return { first, records: all.slice(first - start) };
  }

  /** Forgets every record; indices carry on from where they were. */
  clear(): void {
    this.offset = this.next;
    this.records = [];
  }
}
