// The bundled test-only certificate. Located relative to this module, which is dist/*.js once
// built and src/internal/tls.ts in the source tree; both sit below the package's certs/ folder.
import { readFileSync } from 'node:fs';

export interface TlsMaterial {
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

let cached: TlsMaterial | undefined;

export function loadTlsMaterial(): TlsMaterial {
  if (cached !== undefined) return cached;
  const errors: string[] = [];
  for (const base of ['../certs/', '../../certs/']) {
    const dir = new URL(base, import.meta.url);
    try {
      cached = {
        ca: readFileSync(new URL('ca.crt', dir), 'utf8'),
        cert: readFileSync(new URL('server.crt', dir), 'utf8'),
        key: readFileSync(new URL('server.key', dir), 'utf8'),
      };
      return cached;
    } catch (err) {
      errors.push(`${dir.pathname}: ${(err as Error).message}`);
    }
  }
  throw new Error(`the bundled test certificate of @kcache/fake-apiserver was not found (${errors.join('; ')}); reinstall the package`);
}
