import { describe } from './describe.js';

/** What a reconcile's resolved value asks for. */
export type ReadResult =
  | { kind: 'done' }
  | { kind: 'requeue-after'; delayMs: number }
  | { kind: 'requeue' }
  | { kind: 'invalid'; what: string };

const DONE: ReadResult = { kind: 'done' };
const REQUEUE: ReadResult = { kind: 'requeue' };

/** Reads what `reconcile` resolved with: nothing, `{ requeueAfterMs }` or `{ requeue: true }`. */
export function readResult(value: unknown): ReadResult {
  if (value === undefined || value === null) return DONE;
  if (typeof value !== 'object') return { kind: 'invalid', what: describe(value) };
  const v = value as { requeueAfterMs?: unknown; requeue?: unknown };
  if (v.requeueAfterMs !== undefined) {
    const delayMs = v.requeueAfterMs;
    if (typeof delayMs !== 'number' || !Number.isFinite(delayMs) || delayMs < 0) {
      return { kind: 'invalid', what: `{ requeueAfterMs: ${describe(delayMs)} }` };
    }
    return { kind: 'requeue-after', delayMs };
  }
  if (v.requeue === true) return REQUEUE;
  // `{ requeue: false }` and `{}` mean nothing more to do.
  if (v.requeue === undefined || v.requeue === false) return DONE;
  return { kind: 'invalid', what: `{ requeue: ${describe(v.requeue)} }` };
}

/** Whether `err` is what an aborted `signal` makes things throw: its reason, or an `AbortError`. */
export function isAbortOf(err: unknown, signal: AbortSignal): boolean {
  if (err === signal.reason) return true;
  const name = (err as { name?: unknown } | null)?.name;
  return name === 'AbortError' || (name === 'TimeoutError' && signal.reason === err);
}
