// Namespaces: a new one is Active; deleting one deletes what it contains first (what the
// namespace controller does on a real cluster, done at once here).
import type { Registry } from './registry.js';
import { rangePrefix } from './snapshot.js';
import type { LifecycleHooks, Writes } from './writes.js';

export function createNamespaceHooks(registry: Registry, writes: () => Writes): LifecycleHooks {
  return {
    beforeCreate(_served, obj) {
      const status = (obj as { status?: { phase?: unknown } }).status;
      (obj as Record<string, unknown>).status = { ...(status ?? {}), phase: 'Active' };
    },
    beforeDelete(_served, current) {
      const prefix = rangePrefix(current.name);
      for (const served of registry.all()) {
        if (!served.info.namespaced || registry.versionsOf(served.store)[0] !== served) continue;
        const keys: string[] = [];
        served.store.keys.forEachFrom(prefix, false, (key) => key.startsWith(prefix) && keys.push(key) > 0);
        for (const key of keys) {
          const entry = served.store.entries.get(key);
          if (entry !== undefined) writes().delete(served, entry.namespace, entry.name);
        }
      }
    },
  };
}
