// The README's conformance score is the suite's: recomputed here from the scenarios and the known
// differences. `KCACHE_UPDATE_SCORE=1` writes the new table into the README.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { knownDifferences } from './known-differences.js';
import { scenarios } from './scenarios/index.js';
import { SCORE_END, SCORE_START, scoreTable } from './score.js';

const readme = fileURLToPath(new URL('../../README.md', import.meta.url));

it('keeps the score in the README', async () => {
  const text = await readFile(readme, 'utf8');
  const start = text.indexOf(SCORE_START);
  const end = text.indexOf(SCORE_END);
  expect(start, `the README has no ${SCORE_START} … ${SCORE_END} block`).toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  const kept = text.slice(start + SCORE_START.length, end).trim();
  const table = scoreTable(scenarios, knownDifferences);
  if (process.env.KCACHE_UPDATE_SCORE === '1' && kept !== table) {
    await writeFile(readme, `${text.slice(0, start + SCORE_START.length)}\n${table}\n${text.slice(end)}`);
    return;
  }
  expect(kept, 'run the conformance suite with KCACHE_UPDATE_SCORE=1 to write the new score').toBe(table);
});
