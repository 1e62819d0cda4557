import { describe, expect, test } from 'vitest';
import { managerFromUserAgent } from './manager-options.js';

/** A header value as Node hands it over: each byte of the UTF-8 text as one Latin-1 character. */
const header = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');

describe('managerFromUserAgent', () => {
  test('the User-Agent up to its first slash', () => {
    expect(managerFromUserAgent('kubectl/v1.32.4 (linux/amd64) kubernetes/abc')).toBe('kubectl');
    expect(managerFromUserAgent(undefined)).toBe('');
  });

  test('read as UTF-8, without the characters Go does not print', () => {
    expect(managerFromUserAgent(header('my\u0007agent'))).toBe('myagent');
    expect(managerFromUserAgent(header('a b\u00a0c\u200bd'))).toBe('a bcd');
    expect(managerFromUserAgent(header('café/1.0'))).toBe('café');
  });

  test('cut at 128 bytes on a character boundary', () => {
    expect(managerFromUserAgent(header('é'.repeat(100)))).toBe('é'.repeat(64));
    expect(managerFromUserAgent(header(`a${'é'.repeat(100)}`))).toBe(`a${'é'.repeat(63)}`);
  });
});
