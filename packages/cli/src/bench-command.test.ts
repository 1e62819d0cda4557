import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { captureIo } from '../test/capture-io.js';
import { findBenchDir } from './bench-command.js';
import { runCli } from './program.js';

const repoBench = resolve(fileURLToPath(new URL('../../../bench', import.meta.url)));

describe('kcache bench', () => {
  it('finds the repository benchmarks from inside the checkout, and from this package outside it', () => {
    expect(findBenchDir(resolve(repoBench, '..', 'packages', 'store'))).toBe(repoBench);
    const elsewhere = mkdtempSync(join(tmpdir(), 'kcache-bench-'));
    try {
      expect(findBenchDir(elsewhere)).toBe(repoBench);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('runs the benchmark runner and passes its exit code and messages on', async () => {
    const io = captureIo({ PATH: process.env.PATH ?? '' });
    const code = await runCli(['bench', '--only', 'nonsense'], { io });
    expect(code).toBe(2);
    expect(io.err()).toContain('unknown benchmark(s): nonsense; known: store, decoder, list-pages, fake-apiserver, reflector');
  });
});
