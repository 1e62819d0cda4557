import { describe, expect, it } from 'vitest';
import { describeCause } from './reflector-health.js';

describe('describeCause', () => {
  it('keeps the cause at the end of a long message, eliding query strings', () => {
    const err = new Error(
      'pods: streaming list request failed: GET http://127.0.0.1:34543/api/v1/namespaces/default/pods?watch=true&resourceVersion=3&resourceVersionMatch=NotOlderThan&sendInitialEvents=true&allowWatchBookmarks=true&timeoutSeconds=412: ' +
        'connect ECONNREFUSED 127.0.0.1:34543 (is the API server running, and is the kubeconfig server URL right?); trying again after a backoff',
    );
    expect(describeCause(err)).toBe(
      'pods: streaming list request failed: GET http://127.0.0.1:34543/api/v1/namespaces/default/pods?…: connect ECONNREFUSED 127.0.0.1:34543 ' +
        '(is the API server running, and is the kubeconfig server URL right?); trying again after a backoff',
    );
  });

  it('shortens an overlong line in the middle, and keeps only the first line', () => {
    const line = describeCause(new Error(`${'a'.repeat(200)} ${'b'.repeat(200)}\nsecond line`));
    expect(line).toHaveLength(240);
    expect(line.startsWith(`${'a'.repeat(80)}…`)).toBe(true);
    expect(line.endsWith('b'.repeat(159))).toBe(true);
    expect(describeCause('plain')).toBe('plain');
  });
});
