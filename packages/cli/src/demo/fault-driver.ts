import type { ReflectorEvent } from '@kcache/reflector';
import { faultSchedule, faultSpec, type FaultKind, type FaultTarget } from './faults.js';

/** How one client (the reflector, or the informer's reflector) reacted to a fault. */
export interface FaultReaction {
  /** Which client: `reflector` or `informer`. */
  source: string;
  /** The reaction, for people. */
  reaction: string;
  /** ms from injection to this reaction. */
  afterMs: number;
}

/** One fault's story, for the live view and the summary. */
export interface FaultRecord {
  kind: FaultKind;
  label: string;
  /** When it was due, ms after churning started. */
  dueAtMs: number;
  /** When it was injected (undefined: never, churning ended first). */
  injectedAtMs: number | undefined;
  /** Whether every client's reaction was seen. */
  observed: boolean;
  /** The first client's reaction (the reflector's), for people. */
  reaction: string | undefined;
  /** ms from injection to the last client's reaction. */
  reactionAfterMs: number | undefined;
  /** Each client's reaction, in the order they came. */
  reactions: FaultReaction[];
}

/** Injects the demo's faults one after another while churning, and watches for each reaction. */
export interface FaultDriver {
  readonly records: readonly FaultRecord[];
  /**
   * Feeds every event of the client `source` here. Returns the record that the event resolved (the
   * last reaction it was waiting for), if any.
   */
  observe(source: string, event: ReflectorEvent, nowMs: number): FaultRecord | undefined;
  /**
   * Injects the next fault when it is due, the previous one has been answered (or given up on),
   * and every client is watching steadily. Returns the record of a fault just injected.
   */
  tick(nowMs: number, watchingSteadily: boolean): FaultRecord | undefined;
  /** True once every fault has been injected. */
  allInjected(): boolean;
  /** True once every fault has been injected and answered or given up on. */
  finished(nowMs: number): boolean;
}

/** How long to wait for a reaction before moving on to the next fault. */
export const FAULT_REACTION_TIMEOUT_MS = 15_000;

/**
 * Creates the driver for the clients named in `sources` (each must react to every fault). Faults
 * are due along the schedule but never overlap: each waits for the previous reactions and for
 * healthy watches, so every fault meets clients in the state it is meant to disturb (injecting a
 * connection reset while they are backing off would hit nothing).
 */
export function createFaultDriver(target: FaultTarget, write: () => void, durationMs: number, sources: readonly string[] = ['reflector']): FaultDriver {
  const records: FaultRecord[] = faultSchedule(durationMs).map(({ kind, atMs }) => ({
    kind,
    label: faultSpec(kind).label,
    dueAtMs: atMs,
    injectedAtMs: undefined,
    observed: false,
    reaction: undefined,
    reactionAfterMs: undefined,
    reactions: [],
  }));
  let next = 0;
  let pending: FaultRecord | undefined;

  const pendingSettled = (nowMs: number): boolean =>
    pending === undefined || pending.observed || nowMs - (pending.injectedAtMs ?? nowMs) >= FAULT_REACTION_TIMEOUT_MS;

  return {
    records,
    observe(source, event, nowMs) {
      if (pending === undefined || pending.observed || !sources.includes(source)) return undefined;
      if (pending.reactions.some((r) => r.source === source)) return undefined;
      const reaction = faultSpec(pending.kind).recognise(event);
      if (reaction === undefined) return undefined;
      const afterMs = nowMs - (pending.injectedAtMs ?? nowMs);
      pending.reactions.push({ source, reaction, afterMs });
      if (source === sources[0]) pending.reaction = reaction;
      if (pending.reactions.length < sources.length) return undefined;
      pending.observed = true;
      pending.reactionAfterMs = afterMs;
      return pending;
    },
    tick(nowMs, watchingSteadily) {
      const record = records[next];
      if (record === undefined || nowMs < record.dueAtMs || !pendingSettled(nowMs) || !watchingSteadily) return undefined;
      record.injectedAtMs = nowMs;
      pending = record;
      next++;
      faultSpec(record.kind).inject(target, write, sources.length);
      return record;
    },
    allInjected() {
      return next >= records.length;
    },
    finished(nowMs) {
      return next >= records.length && pendingSettled(nowMs);
    },
  };
}
