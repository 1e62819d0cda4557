import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { captureIo } from '../test/capture-io.js';
import { runCli } from './program.js';

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

async function run(...argv: string[]) {
  const io = captureIo();
  const code = await runCli(argv, { io });
  return { code, out: io.out(), err: io.err() };
}

describe('kcache', () => {
  it('prints its version', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await run(flag);
      expect(r.code).toBe(0);
      expect(r.out.trim()).toBe(version);
    }
  });

  it('lists every command in --help, with examples', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    for (const command of ['demo', 'mirror', 'fake-apiserver', 'bench']) expect(r.out).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    expect(r.out).toContain('Examples:');
    expect(r.out).toContain('kcache mirror deploy -A --once');
  });

  it('shows help when run without a command', async () => {
    const r = await run();
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('Usage: kcache');
  });

  it('has help for each command', async () => {
    const demo = await run('demo', '--help');
    expect(demo.code).toBe(0);
    for (const option of ['--pods <n>', '--duration <seconds>', '--seed <n>', '--no-controller', '--json', '(default: 5000)', '(default: 20)']) {
      expect(demo.out).toContain(option);
    }
    const mirror = await run('help', 'mirror');
    expect(mirror.code).toBe(0);
    for (const option of [
      '<resource>',
      '--kubeconfig <path>',
      '--context <name>',
      '-n, --namespace <name>',
      '-A, --all-namespaces',
      '-l, --selector <selector>',
      '--field-selector <selector>',
      '--once',
      '-o, --output <format>',
      '--timeout <seconds>',
    ]) {
      expect(mirror.out).toContain(option);
    }
    const bench = await run('bench', '--help');
    expect(bench.out).toContain('--quick');
  });

  it('rejects unknown commands and options with a suggestion, not a stack trace', async () => {
    const r = await run('dmeo');
    expect(r.code).toBe(1);
    expect(r.err).toContain("unknown command 'dmeo'");
    expect(r.err).toContain('demo');
    expect(r.err).not.toMatch(/\n\s+at /);
    const o = await run('demo', '--pod', '5');
    expect(o.code).toBe(1);
    expect(o.err).toContain("unknown option '--pod'");
  });

  it('validates option values', async () => {
    const notNumber = await run('demo', '--pods', 'many');
    expect(notNumber.code).toBe(1);
    expect(notNumber.err).toContain('expected an integer, got "many"');
    const outOfRange = await run('demo', '--duration', '0');
    expect(outOfRange.code).toBe(1);
    expect(outOfRange.err).toContain('expected 3 to 3600 seconds, got 0');
    const tooShort = await run('demo', '--duration', '2');
    expect(tooShort.code).toBe(1);
    expect(tooShort.err).toContain('expected 3 to 3600 seconds, got 2');
    const seed = await run('demo', '--seed', '-3');
    expect(seed.code).toBe(1);
    expect(seed.err).toContain('expected an integer from 0 to 2147483647');
  });

  it('requires a resource for mirror', async () => {
    const r = await run('mirror');
    expect(r.code).toBe(1);
    expect(r.err).toContain("missing required argument 'resource'");
  });
});
