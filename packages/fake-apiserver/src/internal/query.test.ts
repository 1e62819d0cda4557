import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../errors.js';
import { parseBool, parseCollectionParams } from './query.js';

describe('query parameters', () => {
  it('parses booleans like Go strconv.ParseBool', () => {
    for (const v of ['1', 't', 'T', 'TRUE', 'true', 'True']) expect(parseBool('x', v)).toBe(true);
    for (const v of ['0', 'f', 'F', 'FALSE', 'false', 'False', '']) expect(parseBool('x', v)).toBe(false);
    expect(parseBool('x', null)).toBeUndefined();
    for (const v of ['yes', 'tRUE', '2']) expect(() => parseBool('x', v)).toThrow(BadRequestError);
  });

  it('reads limit and timeoutSeconds as Go ParseInt does: negative means none, non-integers are a 400', () => {
    expect(parseCollectionParams(new URLSearchParams('limit=500&timeoutSeconds=%2B7'))).toMatchObject({ limit: 500, timeoutSeconds: 7 });
    expect(parseCollectionParams(new URLSearchParams('limit=-1&timeoutSeconds=-3'))).toMatchObject({ limit: 0, timeoutSeconds: undefined });
    expect(parseCollectionParams(new URLSearchParams('limit=&timeoutSeconds=0'))).toMatchObject({ limit: 0, timeoutSeconds: undefined });
    for (const v of ['1e3', 'ten', '1.5', '99999999999999999999']) {
      expect(() => parseCollectionParams(new URLSearchParams({ limit: v }))).toThrow(BadRequestError);
    }
    expect(() => parseCollectionParams(new URLSearchParams('timeoutSeconds=x'))).toThrow('strconv.ParseInt: parsing "x": invalid syntax');
  });

  it('reads list and watch options, empty values counting as unset', () => {
    const p = parseCollectionParams(new URLSearchParams('watch=1&resourceVersion=&continue=&limit=10&allowWatchBookmarks=true&dryRun=All'));
    expect(p).toMatchObject({ watch: true, resourceVersion: undefined, continueToken: undefined, limit: 10, allowWatchBookmarks: true, dryRun: true, sendInitialEvents: undefined });
    expect(() => parseCollectionParams(new URLSearchParams('dryRun=Some'))).toThrow(BadRequestError);
  });
});
