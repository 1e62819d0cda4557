// The fake against goldens recorded from kube-apiserver v1.37.2: every scenario is played on one
// fake server (in parallel, each in its own namespace), normalised and projected as the goldens
// were, and compared step by step. Prints the score by area; fails on any difference that is not
// listed in known-differences.ts. Re-record: `pnpm --filter @kcache/fake-apiserver record:goldens`.
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeApiServer, type FakeApiServer } from '../../src/index.js';
import { codec } from './codec.js';
import { readGolden, type Golden, type GoldenStep } from './golden.js';
import { knownDifferences } from './known-differences.js';
import { playAll, type Played } from './run.js';
import { scenarios } from './scenarios/index.js';

const TOKEN = 'conformance-token';
const strict = process.env.KCACHE_CONFORMANCE_STRICT === '1';
const goldens = new Map<string, Golden>();
for (const scenario of scenarios) {
  const golden = await readGolden(scenario);
  if (golden !== undefined) goldens.set(scenario.name, golden);
}
const playable = scenarios.filter((s) => goldens.has(s.name));

/**
 * What is compared of a step: the request as sent (a stale golden shows here) and the response;
 * raw bytes are not. Through JSON, as a golden file holds it (no `undefined` members).
 */
function compared(step: GoldenStep): unknown {
  return JSON.parse(JSON.stringify({ name: step.name, request: step.request, response: step.response })) as unknown;
}

let server: FakeApiServer | undefined;
const played = new Map<string, Played>();
const outcome = new Map<string, 'identical' | 'known' | 'different'>();

beforeAll(async () => {
  // The wait before a too-large resourceVersion's 504 is kube's 3 s by default; only the answer is
  // compared here (the wait itself is tested in test/wire-shapes.test.ts).
  server = await createFakeApiServer({ token: TOKEN, futureResourceVersionWaitMs: 20 });
  const results = await playAll({ url: server.url, token: TOKEN }, scenarios, playable, { run: 'fake', recordedFrom: 'fake', codec, parallel: 8 });
  for (const r of results) played.set(r.scenario.name, r);
}, 120_000);

afterAll(async () => {
  await server?.close();
  const areas = new Map<string, { identical: number; total: number }>();
  for (const scenario of scenarios) {
    const area = areas.get(scenario.area) ?? { identical: 0, total: 0 };
    area.total++;
    if (outcome.get(scenario.name) === 'identical') area.identical++;
    areas.set(scenario.area, area);
  }
  const total = [...areas.values()].reduce((a, b) => ({ identical: a.identical + b.identical, total: a.total + b.total }), { identical: 0, total: 0 });
  const lines = [...areas].map(([area, s]) => `  ${area.padEnd(16)} ${String(s.identical).padStart(3)} / ${s.total}`);
  const notRun = scenarios.filter((s) => !outcome.has(s.name)).map((s) => s.name);
  const known = [...outcome].filter(([, o]) => o === 'known').map(([n]) => n);
  console.log(
    [
      `conformance with kube-apiserver v1.37.2: ${total.identical} / ${total.total} scenarios identical`,
      ...lines,
      ...(known.length === 0 ? [] : [`  known differences: ${known.join(', ')}`]),
      ...(notRun.length === 0 ? [] : [`  not compared (no golden): ${notRun.join(', ')}`]),
    ].join('\n'),
  );
});

describe('conformance with kube-apiserver v1.37.2', () => {
  it('lists known differences only for scenarios that exist, each with a reason', () => {
    for (const [name, reason] of Object.entries(knownDifferences)) {
      expect(scenarios.some((s) => s.name === name), name).toBe(true);
      expect(reason.length, name).toBeGreaterThan(10);
    }
  });

  it('names scenarios and their steps uniquely, in kebab case', () => {
    const names = scenarios.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    for (const scenario of scenarios) {
      expect(scenario.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      const steps = scenario.steps.map((s) => s.name);
      expect(new Set(steps).size, scenario.name).toBe(steps.length);
    }
  });

  it('has a golden for every scenario', () => {
    const missing = scenarios.filter((s) => !goldens.has(s.name)).map((s) => s.name);
    expect(missing, 'record them with `pnpm --filter @kcache/fake-apiserver record:goldens`').toEqual([]);
  });

  for (const scenario of scenarios) {
    const runnable = playable.includes(scenario);
    it.skipIf(!runnable)(`${scenario.area}: ${scenario.name}`, () => {
      const golden = goldens.get(scenario.name);
      const result = played.get(scenario.name);
      if (golden === undefined || result === undefined) throw new Error(`${scenario.name} was not played`);
      if (result.golden === undefined) throw result.error instanceof Error ? result.error : new Error(String(result.error));
      const want = golden.steps.map(compared);
      const got = result.golden.steps.map(compared);
      const reason = knownDifferences[scenario.name];
      if (isDeepStrictEqual(got, want)) {
        outcome.set(scenario.name, 'identical');
        if (reason !== undefined) {
          const message = `${scenario.name} is now identical: remove it from known-differences.ts`;
          if (strict) throw new Error(message);
          console.warn(message);
        }
        return;
      }
      if (reason !== undefined) {
        outcome.set(scenario.name, 'known');
        return;
      }
      outcome.set(scenario.name, 'different');
      expect(got, scenario.description).toStrictEqual(want);
    });
  }
});
