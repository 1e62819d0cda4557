import type { KubeConfig } from '@kubernetes/client-node';
import { createLeaderElector } from '../../src/leader-elector.js';
import type {
  LeaderElectionEventOf,
  LeaderElectionEventType,
  LeaderElector,
  LeaderElectorOptions,
} from '../../src/types.js';

/** Short timings for tests against a server on loopback. */
export const FAST = { leaseDurationMs: 1_000, renewDeadlineMs: 600, retryPeriodMs: 200 } as const;

/** One running candidate and what it went through. */
export interface Candidate {
  identity: string;
  elector: LeaderElector;
  stop: AbortController;
  /** Resolves when `run` (or the restart loop) has returned. */
  done: Promise<void>;
  /** The signals `onStartedLeading` got, one per term. */
  terms: AbortSignal[];
  /** `onStoppedLeading` calls. */
  stopped: number;
  errors: unknown[];
  /** performance.now() at the start of every successful acquire or renew attempt. */
  writes: number[];
}

/**
 * Starts a candidate. With `restart`, it stands again after losing (a restart loop); without, its
 * `run` returns after one term, as client-go's `Run` does.
 */
export function startCandidate(
  kubeConfig: KubeConfig,
  identity: string,
  options: Partial<LeaderElectorOptions> & { restart?: boolean } = {},
): Candidate {
  const { restart = false, ...overrides } = options;
  const stop = new AbortController();
  const candidate: Candidate = {
    identity,
    elector: undefined as unknown as LeaderElector,
    stop,
    done: Promise.resolve(),
    terms: [],
    stopped: 0,
    errors: [],
    writes: [],
  };
  candidate.elector = createLeaderElector({
    kubeConfig,
    lease: { namespace: 'default', name: 'test-lease' },
    identity,
    ...FAST,
    onStartedLeading: (signal) => {
      candidate.terms.push(signal);
    },
    onStoppedLeading: () => {
      candidate.stopped++;
    },
    onError: (err) => {
      candidate.errors.push(err);
    },
    ...overrides,
  });
  for (const type of ['acquire', 'renew'] as const) {
    candidate.elector.on(type, (e) => {
      if (e.outcome === 'success') candidate.writes.push(performance.now() - e.durationMs);
    });
  }
  candidate.done = restart
    ? (async () => {
        while (!stop.signal.aborted) await candidate.elector.run(stop.signal);
      })()
    : candidate.elector.run(stop.signal);
  return candidate;
}

/** The next event of `type` from `elector` that satisfies `accept`; rejects after `timeoutMs`. */
export function nextEvent<K extends LeaderElectionEventType>(
  elector: LeaderElector,
  type: K,
  accept: (event: LeaderElectionEventOf<K>) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<LeaderElectionEventOf<K>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no "${type}" event from ${elector.identity} within ${String(timeoutMs)} ms`));
    }, timeoutMs);
    const off = elector.on(type, (event) => {
      if (!accept(event)) return;
      clearTimeout(timer);
      off();
      resolve(event);
    });
  });
}

/** Resolves with the first of `candidates` to start leading. */
export function nextLeader(candidates: readonly Candidate[], timeoutMs = 10_000): Promise<Candidate> {
  const offs: (() => void)[] = [];
  return new Promise<Candidate>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`no candidate started leading within ${String(timeoutMs)} ms`));
    }, timeoutMs);
    for (const c of candidates) {
      offs.push(
        c.elector.on('started-leading', () => {
          clearTimeout(timer);
          resolve(c);
        }),
      );
    }
  }).finally(() => {
    for (const off of offs) off();
  });
}

/**
 * Watches `isLeader()` of every candidate at every transition of any of them, and records any
 * moment at which two lead at once.
 */
export class LeaderMonitor {
  readonly violations: string[] = [];
  /** Every start of a term, in order: `identity`. */
  readonly starts: string[] = [];
  private readonly candidates: Candidate[] = [];

  add(candidate: Candidate): void {
    this.candidates.push(candidate);
    candidate.elector.on('started-leading', () => {
      this.starts.push(candidate.identity);
      this.check(`${candidate.identity} started leading`);
    });
    candidate.elector.on('stopped-leading', () => {
      this.check(`${candidate.identity} stopped leading`);
    });
    candidate.elector.on('leader-change', () => {
      this.check(`${candidate.identity} saw a new holder`);
    });
  }

  /** The candidates leading right now. */
  leaders(): string[] {
    return this.candidates.filter((c) => c.elector.isLeader()).map((c) => c.identity);
  }

  private check(when: string): void {
    const leaders = this.leaders();
    if (leaders.length > 1) this.violations.push(`${when}: ${leaders.join(', ')} lead at once`);
  }
}
