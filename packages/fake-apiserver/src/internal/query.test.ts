import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../errors.js';
import { parseBool, parseCollectionParams, parseCount } from './query.js';

describe('query parameters', () => {
  it('parses booleans like Go strconv.ParseBool', () => {
    for (const v of ['1', 't', 'T', 'TRUE', 'true', 'True']) expect(parseBool('x', v)).toBe(true);
    for (const v of ['0', 'f', 'F', 'FALSE', 'false', 'False', '']) expect(parseBool('x', v)).toBe(false);
    expect(parseBool('x', null)).toBeUndefined();
    for (const v of ['yes', 'tRUE', '2']) expect(() => parseBool('x', v)).toThrow(BadRequestError);
  });

  it('parses counts and refuses negative or non-numeric ones', () => {
    expect(parseCount('limit', '500')).toBe(500);
    expect(parseCount('limit', '')).toBeUndefined();
    for (const v of ['-1', '1e3', 'ten', '1.5']) expect(() => parseCount('limit', v)).toThrow(BadRequestError);
  });

  it('reads list and watch options, empty values counting as unset', () => {
    const p = parseCollectionParams(new URLSearchParams('watch=1&resourceVersion=&continue=&limit=10&allowWatchBookmarks=true&dryRun=All'));
    expect(p).toMatchObject({ watch: true, resourceVersion: undefined, continueToken: undefined, limit: 10, allowWatchBookmarks: true, dryRun: true, sendInitialEvents: undefined });
    expect(() => parseCollectionParams(new URLSearchParams('dryRun=Some'))).toThrow(BadRequestError);
  });
});
