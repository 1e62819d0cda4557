// The request log tests assert on: method, path, query, status, duration (and the verb). Only
// the most recent `limit` records are kept so long runs do not grow memory.
import type { RequestRecord } from '../types.js';

export class RequestLog {
  private records: RequestRecord[] = [];

  constructor(private readonly limit: number) {}

  add(record: RequestRecord): void {
    this.records.push(record);
    if (this.records.length >= this.limit * 2) this.records = this.records.slice(-this.limit);
  }

  get all(): readonly RequestRecord[] {
    return this.records.length > this.limit ? this.records.slice(-this.limit) : this.records;
  }
}
