import { describe, expect, it } from 'vitest';
import { ConnectionError } from '@kcache/listwatch';
import { ReflectorError } from '@kcache/reflector';
import { createConnectionTracker } from './connection-state.js';

const refused = (): unknown =>
  new ReflectorError('ListFailed', 'pods', 'list failed', {
    cause: new ConnectionError('GET /api/v1/pods: connect ECONNREFUSED 127.0.0.1:6443', { systemCode: 'ECONNREFUSED' }),
  });

describe('createConnectionTracker', () => {
  it('goes from connecting to connected on the first answer', () => {
    let now = 1000;
    const tracker = createConnectionTracker(() => now);
    const changes: string[] = [];
    tracker.onChange((state, previous) => changes.push(`${previous.state} → ${state.state}`));
    expect(tracker.current).toEqual({ state: 'connecting' });
    now = 1500;
    tracker.answered();
    tracker.answered();
    expect(tracker.current).toEqual({ state: 'connected', since: 1500 });
    expect(changes).toEqual(['connecting → connected']);
  });

  it('is disconnected from the first refused connection until an answer, keeping when it started', () => {
    let now = 0;
    const tracker = createConnectionTracker(() => now);
    const changes: string[] = [];
    tracker.onChange((state) => changes.push(state.state));
    tracker.answered();
    now = 100;
    tracker.observe({ type: 'watch-end', reflector: 'pods', reason: 'connection-lost', events: 3, durationMs: 50, resourceVersion: '7' });
    expect(tracker.current).toEqual({ state: 'disconnected', since: 100, reason: 'connection lost' });
    now = 300;
    tracker.observe({ type: 'error', reflector: 'pods', error: refused() });
    expect(tracker.current).toEqual({ state: 'disconnected', since: 100, reason: 'connection refused' });
    tracker.observe({ type: 'backoff', reflector: 'pods', reason: 'connection-refused', waitMs: 800 });
    expect(tracker.current).toMatchObject({ state: 'disconnected', since: 100 });
    now = 2000;
    tracker.answered();
    expect(tracker.current).toEqual({ state: 'connected', since: 2000 });
    expect(changes).toEqual(['connected', 'disconnected', 'connected']);
  });

  it('ignores errors that are answers from the server', () => {
    const tracker = createConnectionTracker(() => 0);
    tracker.answered();
    tracker.observe({ type: 'error', reflector: 'pods', error: new Error('410 Expired') });
    tracker.observe({ type: 'watch-end', reflector: 'pods', reason: 'expired', events: 0, durationMs: 5, resourceVersion: '1' });
    tracker.observe({ type: 'backoff', reflector: 'pods', reason: 'too-many-requests', waitMs: 1000 });
    expect(tracker.current.state).toBe('connected');
  });

  it('names other connection failures by their code', () => {
    const tracker = createConnectionTracker(() => 0);
    tracker.observe({ type: 'error', reflector: 'pods', error: new ConnectionError('getaddrinfo ENOTFOUND api.example', { systemCode: 'ENOTFOUND' }) });
    expect(tracker.current).toMatchObject({ state: 'disconnected', reason: 'cannot connect (ENOTFOUND)' });
  });
});
