import type { ReflectorEvent } from '@kcache/reflector';
import { findApiError } from '../internal/reflector-health.js';

/** The faults the demo injects, one of each, in this order. */
export const FAULT_KINDS = ['dropped-watch', 'compaction', 'throttled', 'server-errors', 'connection-reset'] as const;

/** A fault the demo injects. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** What the demo needs from the server to inject faults (a `FakeApiServer` fits). */
export interface FaultTarget {
  compact(): void;
  closeWatches(): void;
  destroyConnections(): void;
  fail(rule: { verb?: 'watch' | 'list'; resource?: string; code: number; reason?: string; retryAfterSeconds?: number; times?: number }): {
    remove(): void;
  };
}

/** How a fault is injected and how the reflector's reaction is recognised. */
export interface FaultSpec {
  kind: FaultKind;
  /** What was done, for people. */
  label: string;
  /**
   * Injects the fault. `write` makes one churn write; `clients` is how many clients list and watch
   * (a fault answered a set number of times is answered that many times per client).
   */
  inject(target: FaultTarget, write: () => void, clients: number): void;
  /**
   * Looks at one reflector event after the injection; returns a description of the reaction when
   * this event shows the reflector dealt with the fault, else undefined.
   */
  recognise(event: ReflectorEvent): string | undefined;
}

/** Retry-After of the throttling fault, in seconds. */
const THROTTLE_RETRY_AFTER_SECONDS = 1;
/** How many requests the burst of 500s answers. */
const SERVER_ERROR_BURST = 3;

const specs: Record<FaultKind, FaultSpec> = {
  'dropped-watch': {
    kind: 'dropped-watch',
    label: 'dropped watch (the server closes every watch stream)',
    inject: (target) => {
      target.closeWatches();
    },
    recognise: (event) =>
      event.type === 'watch-end' && event.reason === 'closed'
        ? `watch closed after ${event.events} events; re-watched from RV ${event.resourceVersion} without relisting`
        : undefined,
  },
  compaction: {
    kind: 'compaction',
    label: 'compaction (history forgotten past the mirror\'s resourceVersion, watches closed)',
    inject: (target, write) => {
      // Close the watches first, then write once and compact: the write's event reaches no watch,
      // so the mirror's resourceVersion is now older than the history the server keeps, and its
      // re-watch is answered 410 Expired. All of it happens before any new request can arrive.
      target.closeWatches();
      write();
      target.compact();
    },
    recognise: (event) =>
      event.type === 'relist' && event.reason === 'expired'
        ? `410 Expired on re-watch from RV ${event.resourceVersion}; relisted`
        : undefined,
  },
  throttled: {
    kind: 'throttled',
    label: `429 Too Many Requests with Retry-After: ${THROTTLE_RETRY_AFTER_SECONDS} on the next watch`,
    inject: (target, _write, clients) => {
      // Each client's next watch is refused once.
      target.fail({ verb: 'watch', resource: 'pods', code: 429, reason: 'TooManyRequests', retryAfterSeconds: THROTTLE_RETRY_AFTER_SECONDS, times: clients });
      target.closeWatches();
    },
    recognise: (event) =>
      event.type === 'backoff' && event.reason === 'too-many-requests'
        ? `throttled; waited ${Math.round(event.waitMs)} ms (Retry-After ${THROTTLE_RETRY_AFTER_SECONDS} s), then re-watched without relisting`
        : undefined,
  },
  'server-errors': {
    kind: 'server-errors',
    label: `burst of ${SERVER_ERROR_BURST} × 500 InternalError per client on pod lists and watches`,
    inject: (target, _write, clients) => {
      target.fail({ resource: 'pods', code: 500, reason: 'InternalError', times: SERVER_ERROR_BURST * clients });
      target.closeWatches();
    },
    recognise: (event) => {
      if (event.type !== 'error') return undefined;
      const api = findApiError(event.error);
      return api?.code === 500 ? `500 InternalError reported; backed off and relisted` : undefined;
    },
  },
  'connection-reset': {
    kind: 'connection-reset',
    label: 'connection reset (every open socket destroyed)',
    inject: (target) => {
      target.destroyConnections();
    },
    recognise: (event) =>
      event.type === 'watch-end' && event.reason === 'connection-lost'
        ? `connection lost; re-watched from RV ${event.resourceVersion} without relisting`
        : undefined,
  },
};

/** The spec of a fault. */
export function faultSpec(kind: FaultKind): FaultSpec {
  return specs[kind];
}

/**
 * When each fault is due, in ms from the start of churning, as fractions of the duration: each
 * fault gets a share of the run in proportion to what its recovery takes (the 429's Retry-After
 * of a second is the longest), and the last one is due early enough to be answered within the
 * duration, so the run lasts `--duration` and no longer.
 */
export function faultSchedule(durationMs: number): { kind: FaultKind; atMs: number }[] {
  const fractions = [0.04, 0.12, 0.26, 0.65, 0.85];
  return FAULT_KINDS.map((kind, i) => ({ kind, atMs: Math.round(durationMs * (fractions[i] ?? 0.85)) }));
}

/** Timings that shrink with a short run, so that recovering from every fault fits in its duration. */
export interface DemoTiming {
  /** The reflectors' backoff: client-go's shape (doubling, jitter), shorter waits. */
  backoff: { initialMs: number; maxMs: number; resetAfterMs: number };
  /** How long a watch must have been open, with events flowing, before the next fault. */
  steadyMs: number;
}

const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, Math.round(value)));

/**
 * The demo's timings for a churn of `durationMs`: at 20 s, backoff from 200 ms to 2 s and 300 ms of
 * steady watching between faults; at 3 s, 30 ms to 300 ms and 150 ms.
 */
export function demoTiming(durationMs: number): DemoTiming {
  return {
    backoff: { initialMs: clamp(durationMs / 100, 20, 200), maxMs: clamp(durationMs / 10, 200, 2000), resetAfterMs: clamp(durationMs / 5, 300, 10_000) },
    steadyMs: clamp(durationMs / 20, 100, 300),
  };
}
