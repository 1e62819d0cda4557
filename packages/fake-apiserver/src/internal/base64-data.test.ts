import { describe, expect, it } from 'vitest';
import { base64ErrorOffset } from './base64-data.js';

describe("Go's base64 errors", () => {
  it('accepts padded standard base64 with line breaks, and nothing', () => {
    for (const ok of ['', 'eA==', 'eHk=', 'eHl6', 'eHl6\neA==', 'eH\r\nl6']) expect(base64ErrorOffset(ok), ok).toBeUndefined();
  });

  it('reports the byte Go stops at', () => {
    expect(base64ErrorOffset('not base64!')).toBe(3);
    expect(base64ErrorOffset('@@')).toBe(0);
    expect(base64ErrorOffset('eA')).toBe(0);
    expect(base64ErrorOffset('eHl6e')).toBe(4);
    expect(base64ErrorOffset('eA=')).toBe(3);
    expect(base64ErrorOffset('e===')).toBe(1);
    expect(base64ErrorOffset('eA==eA==')).toBe(4);
    expect(base64ErrorOffset('eA-_')).toBe(2);
  });
});
