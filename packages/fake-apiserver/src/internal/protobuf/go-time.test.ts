import { describe, expect, it } from 'vitest';
import { formatGoDuration, formatRfc3339, parseGoDuration, parseRfc3339, ZERO_TIME_SECONDS } from './go-time.js';

const INT64_MAX = (1n << 63n) - 1n;

describe("Go's time.Duration text", () => {
  it.each([
    [0n, '0s'],
    [1n, '1ns'],
    [1100n, '1.1µs'],
    [2_200_000n, '2.2ms'],
    [3_300_000_000n, '3.3s'],
    [245_000_000_000n, '4m5s'],
    [245_001_000_000n, '4m5.001s'],
    [18_367_001_000_000n, '5h6m7.001s'],
    [480_000_000_001n, '8m0.000000001s'],
    [3_600_000_000_000n, '1h0m0s'],
    [-1_500_000_000n, '-1.5s'],
    [INT64_MAX, '2562047h47m16.854775807s'],
    [-INT64_MAX - 1n, '-2562047h47m16.854775808s'],
  ])('formats %s ns as %s', (nanos, text) => {
    expect(formatGoDuration(nanos)).toBe(text);
  });

  it.each([
    ['0', 0n],
    ['5s', 5_000_000_000n],
    ['+5s', 5_000_000_000n],
    ['-5s', -5_000_000_000n],
    ['1h15m30.918273645s', 4_530_918_273_645n],
    ['300ms', 300_000_000n],
    ['-1.5h', -5_400_000_000_000n],
    ['1.5µs', 1500n],
    ['1.5μs', 1500n],
    ['2us', 2000n],
    ['.5s', 500_000_000n],
    ['1.s', 1_000_000_000n],
    ['1h0m0s', 3_600_000_000_000n],
  ])('parses %s', (text, nanos) => {
    expect(parseGoDuration(text)).toBe(nanos);
  });

  it.each(['', '3', '-', 's', '.s', '1x', '1.5', 'h1', '1h 2m', '9999999999h'])('refuses %j', (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });
});

describe('RFC 3339 times', () => {
  it('reads UTC and offset times to Unix seconds and nanoseconds', () => {
    expect(parseRfc3339('1970-01-01T00:00:00Z')).toEqual({ seconds: 0, nanos: 0 });
    expect(parseRfc3339('2024-01-02T03:04:05+02:00')).toEqual({ seconds: 1704164645 - 7200, nanos: 0 });
    expect(parseRfc3339('2024-01-02T03:04:05.5-01:30')).toEqual({ seconds: 1704164645 + 5400, nanos: 500_000_000 });
    expect(parseRfc3339('0001-01-01T00:00:00Z')).toEqual({ seconds: ZERO_TIME_SECONDS, nanos: 0 });
    expect(parseRfc3339('1969-12-31T23:59:59.25Z')).toEqual({ seconds: -1, nanos: 250_000_000 });
  });

  it.each(['', '2024-01-02', '2024-01-02 03:04:05Z', '2024-13-02T03:04:05Z', '2024-02-30T03:04:05Z', '2024-01-02T03:04:05'])(
    'refuses %j',
    (text) => {
      expect(parseRfc3339(text)).toBeUndefined();
    },
  );

  it('writes whole seconds, or six fraction digits, in UTC', () => {
    expect(formatRfc3339(1704164645)).toBe('2024-01-02T03:04:05Z');
    expect(formatRfc3339(-1)).toBe('1969-12-31T23:59:59Z');
    expect(formatRfc3339(ZERO_TIME_SECONDS)).toBe('0001-01-01T00:00:00Z');
    expect(formatRfc3339(1704164645, 123)).toBe('2024-01-02T03:04:05.000123Z');
  });
});
