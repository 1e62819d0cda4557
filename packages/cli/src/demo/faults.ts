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
  /** Injects the fault. `write` makes one churn write. */
  inject(target: FaultTarget, write: () => void): void;
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
    inject: (target) => {
      target.fail({ verb: 'watch', resource: 'pods', code: 429, reason: 'TooManyRequests', retryAfterSeconds: THROTTLE_RETRY_AFTER_SECONDS, times: 1 });
      target.closeWatches();
    },
    recognise: (event) =>
      event.type === 'backoff' && event.reason === 'too-many-requests'
        ? `throttled; waited ${Math.round(event.waitMs)} ms (Retry-After ${THROTTLE_RETRY_AFTER_SECONDS} s), then re-watched without relisting`
        : undefined,
  },
  'server-errors': {
    kind: 'server-errors',
    label: `burst of ${SERVER_ERROR_BURST} × 500 InternalError on pod lists and watches`,
    inject: (target) => {
      target.fail({ resource: 'pods', code: 500, reason: 'InternalError', times: SERVER_ERROR_BURST });
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
 * When each fault is due, in ms from the start of churning: spread over the first 70 % of the
 * duration so the last stretch shows steady churn after recovery.
 */
export function faultSchedule(durationMs: number): { kind: FaultKind; atMs: number }[] {
  const fractions = [0.1, 0.25, 0.4, 0.55, 0.7];
  return FAULT_KINDS.map((kind, i) => ({ kind, atMs: Math.round(durationMs * (fractions[i] ?? 0.7)) }));
}
