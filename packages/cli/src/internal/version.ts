import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** This package's version, read from its package.json (one level above both `src/` and `dist/`). */
export function cliVersion(): string {
  if (cached !== undefined) return cached;
  const raw = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
  const parsed = JSON.parse(raw) as { version?: unknown };
  cached = typeof parsed.version === 'string' ? parsed.version : '0.0.0';
  return cached;
}
