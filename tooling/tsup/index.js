// The one build configuration of every package: ESM for Node 22+, with .d.ts and source maps.
// Packages name only their entry points (and, when a bin is among them, which entries get types).
import { defineConfig } from 'tsup';

/** @param {{ entry: string[]; dtsEntry?: string }} options */
export function defineKcacheBuild({ entry, dtsEntry }) {
  return defineConfig({
    entry,
    format: ['esm'],
    dts: dtsEntry === undefined ? true : { entry: dtsEntry },
    sourcemap: true,
    clean: true,
    target: 'node22',
  });
}
