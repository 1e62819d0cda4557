import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../errors.js';
import { decodeContinue, encodeContinue } from './continue-token.js';

describe('continue tokens', () => {
  it('round-trip the snapshot and position, opaque and URL-safe', () => {
    const token = encodeContinue({ rv: 42, start: 'ns/name-with/üñí' });
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeContinue(token)).toEqual({ rv: 42, start: 'ns/name-with/üñí' });
  });

  it('refuse anything else with 400', () => {
    for (const bad of ['', 'garbage', Buffer.from('{"rv":1}').toString('base64url'), Buffer.from('{"v":1,"rv":-2,"start":""}').toString('base64url')]) {
      expect(() => decodeContinue(bad), bad).toThrow(BadRequestError);
    }
  });
});
