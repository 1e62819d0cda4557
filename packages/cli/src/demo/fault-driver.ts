import type { ReflectorEvent } from '@kcache/reflector';
import { faultSchedule, faultSpec, type FaultKind, type FaultTarget } from './faults.js';

/** One fault's story, for the live view and the summary. */
export interface FaultRecord {
  kind: FaultKind;
  label: string;
  /** When it was due, ms after churning started. */
  dueAtMs: number;
  /** When it was injected (undefined: never, churning ended first). */
  injectedAtMs: number | undefined;
  /** Whether the reflector's reaction was seen. */
  observed: boolean;
  /** The reaction, for people. */
  reaction: string | undefined;
  /** ms from injection to the reaction. */
  reactionAfterMs: number | undefined;
}

/** Injects the demo's faults one after another while churning, and watches for each reaction. */
export interface FaultDriver {
  readonly records: readonly FaultRecord[];
  /** Feeds every reflector event here. Returns the record that the event resolved, if any. */
  observe(event: ReflectorEvent, nowMs: number): FaultRecord | undefined;
  /**
   * Injects the next fault when it is due, the previous one has been answered (or given up on),
   * and the mirror is watching steadily. Returns the record of a fault just injected.
   */
  tick(nowMs: number, watchingSteadily: boolean): FaultRecord | undefined;
  /** True once every fault has been injected and answered or given up on. */
  finished(nowMs: number): boolean;
}

/** How long to wait for a reaction before moving on to the next fault. */
export const FAULT_REACTION_TIMEOUT_MS = 15_000;

/**
 * Creates the driver. Faults are spaced along the schedule but never overlap: each waits for the
 * previous reaction and for a healthy watch, so every fault meets a mirror in the state it is
 * meant to disturb (injecting a connection reset while the mirror is backing off would hit nothing).
 */
export function createFaultDriver(target: FaultTarget, write: () => void, durationMs: number): FaultDriver {
  const records: FaultRecord[] = faultSchedule(durationMs).map(({ kind, atMs }) => ({
    kind,
    label: faultSpec(kind).label,
    dueAtMs: atMs,
    injectedAtMs: undefined,
    observed: false,
    reaction: undefined,
    reactionAfterMs: undefined,
  }));
  let next = 0;
  let pending: FaultRecord | undefined;

  const pendingSettled = (nowMs: number): boolean =>
    pending === undefined || pending.observed || nowMs - (pending.injectedAtMs ?? nowMs) >= FAULT_REACTION_TIMEOUT_MS;

  return {
    records,
    observe(event, nowMs) {
      if (pending === undefined || pending.observed) return undefined;
      const reaction = faultSpec(pending.kind).recognise(event);
      if (reaction === undefined) return undefined;
      pending.observed = true;
      pending.reaction = reaction;
      pending.reactionAfterMs = nowMs - (pending.injectedAtMs ?? nowMs);
      return pending;
    },
    tick(nowMs, watchingSteadily) {
      const record = records[next];
      if (record === undefined || nowMs < record.dueAtMs || !pendingSettled(nowMs) || !watchingSteadily) return undefined;
      record.injectedAtMs = nowMs;
      pending = record;
      next++;
      faultSpec(record.kind).inject(target, write);
      return record;
    },
    finished(nowMs) {
      return next >= records.length && pendingSettled(nowMs);
    },
  };
}
