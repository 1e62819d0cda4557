// Many workers and producers interleaved at random (seeded): no key is ever processed by two
// workers at once, and no add is lost — every add is followed by a processing that starts after it.
import { describe, expect, it } from 'vitest';
import { printSeedOnFailure, seededRandom, testSeed } from '@kcache/vitest-config/seed';
import { turns } from '../test/support/turns.js';
import { createWorkQueue } from './work-queue.js';

const SEED = testSeed();
const WORKERS = 16;
const KEYS = 40;
const ADDS = Number(process.env.KCACHE_WORKQUEUE_ADDS ?? 6000);


describe('concurrent workers', () => {
  it(`never hand one key to two workers at once, and lose no add (seed ${SEED}, ${ADDS} adds)`, async () => {
    printSeedOnFailure(SEED, { KCACHE_WORKQUEUE_ADDS: ADDS });
    const random = seededRandom(SEED);
    const q = createWorkQueue();
    const inFlight = new Set<string>();
    /** Keys added since the last time a worker started processing them. */
    const needsProcessing = new Set<string>();
    let processings = 0;
    let adds = 0;
    let maxConcurrent = 0;
    const violations: string[] = [];

    const worker = async (id: number): Promise<void> => {
      for (;;) {
        const key = await q.get();
        if (key === undefined) return;
        if (inFlight.has(key)) violations.push(`worker ${id} got ${key} while another worker had it`);
        inFlight.add(key);
        needsProcessing.delete(key);
        processings++;
        maxConcurrent = Math.max(maxConcurrent, inFlight.size);
        // Work takes a random number of event-loop turns; sometimes the worker re-adds its own key
        // (a reconcile that wants another pass), sometimes with a delay of 0.
        await turns(Math.floor(random() * 4));
        const r = random();
        // Adds after shutdown are ignored by design: they need no processing.
        if (r < 0.1) {
          if (!q.shuttingDown) needsProcessing.add(key);
          q.add(key);
          adds++;
        } else if (r < 0.15) {
          if (!q.shuttingDown) needsProcessing.add(key);
          q.addAfter(key, 0);
          adds++;
        }
        inFlight.delete(key);
        q.done(key);
      }
    };

    const producer = async (): Promise<void> => {
      for (let i = 0; i < ADDS; i++) {
        const key = `ns/obj-${Math.floor(random() * KEYS)}`;
        q.add(key);
        adds++;
        needsProcessing.add(key);
        if (random() < 0.3) await turns(1);
      }
    };

    const workers = Array.from({ length: WORKERS }, (_, id) => worker(id));
    await Promise.all([producer(), producer()]);
    await q.shutDownWithDrain();
    // Workers still drain what is queued (dirty keys re-queued by done) before they stop.
    await Promise.all(workers);

    expect(violations, `seed ${SEED}`).toEqual([]);
    expect([...needsProcessing], `seed ${SEED}`).toEqual([]);
    expect(q.length).toBe(0);
    expect(q.processingLength).toBe(0);
    // The test exercised what it claims to: several workers busy at once, and deduplication.
    expect(maxConcurrent).toBeGreaterThan(1);
    expect(processings).toBeLessThan(adds);
    expect(processings).toBeGreaterThan(KEYS);
  });
});
