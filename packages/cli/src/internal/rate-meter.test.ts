import { describe, expect, it } from 'vitest';
import { createRateMeter } from './rate-meter.js';

describe('createRateMeter', () => {
  it('reports the rate over the window', () => {
    const meter = createRateMeter(1000);
    expect(meter.sample(0, 0)).toBe(0);
    expect(meter.sample(50, 500)).toBe(100);
    expect(meter.sample(100, 1000)).toBe(100);
    // The window slides: only the last second counts once older samples age out.
    expect(meter.sample(400, 1500)).toBe(350);
    expect(meter.sample(400, 2500)).toBe(0);
  });
});
