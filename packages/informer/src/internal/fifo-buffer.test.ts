import { describe, expect, it } from 'vitest';
import { FifoBuffer } from './fifo-buffer.js';

describe('FifoBuffer', () => {
  it('gives items back in order across segment boundaries, interleaving pushes and shifts', () => {
    const buffer = new FifoBuffer<number>();
    const expected: number[] = [];
    const out: number[] = [];
    let next = 0;
    // Push runs of varying length and drain partially, crossing many 1024-slot segments.
    for (let round = 0; round < 50; round++) {
      const pushes = (round * 397) % 3000;
      for (let i = 0; i < pushes; i++) {
        buffer.push(next);
        expected.push(next++);
      }
      const shifts = (round * 211) % 2500;
      for (let i = 0; i < shifts && buffer.length > 0; i++) out.push(buffer.shift()!);
      expect(buffer.length).toBe(expected.length - out.length);
    }
    while (buffer.length > 0) out.push(buffer.shift()!);
    expect(out).toEqual(expected);
    expect(buffer.shift()).toBeUndefined();
    expect(buffer.peek()).toBeUndefined();
  });

  it('peeks without removing, and clears', () => {
    const buffer = new FifoBuffer<string>();
    buffer.push('a');
    buffer.push('b');
    expect(buffer.peek()).toBe('a');
    expect(buffer.length).toBe(2);
    buffer.clear();
    expect(buffer.length).toBe(0);
    buffer.push('c');
    expect(buffer.shift()).toBe('c');
  });
});
