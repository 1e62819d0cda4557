import { describe, expect, it } from 'vitest';
import { formatCount, formatDuration, formatTable, formatTally, progressBar } from './format.js';

describe('progressBar', () => {
  it('fills in proportion and clamps', () => {
    expect(progressBar(0, 10, 10)).toBe('[░░░░░░░░░░]   0%');
    expect(progressBar(5, 10, 10)).toBe('[█████░░░░░]  50%');
    expect(progressBar(15, 10, 10)).toBe('[██████████] 100%');
    expect(progressBar(0, 0, 4)).toBe('[████] 100%');
  });
});

describe('formatters', () => {
  it('formats counts, durations and tallies', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(1240)).toBe('1.24 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatTally({ 'watch-failed': 1, expired: 2, x: 0 })).toBe('expired 2, watch-failed 1');
    expect(formatTally({})).toBe('none');
  });

  it('aligns table columns, numbers to the right', () => {
    const table = formatTable(['phase', 'pods'], [['Running', '12'], ['Failed', '3']]);
    expect(table.split('\n')).toEqual(['phase    pods', '───────  ────', 'Running    12', 'Failed      3']);
  });
});
