// Loads the data generated from the Kubernetes API modules (tooling/k8s-schema-gen) from the
// package's data/ folder, each file once and only when first asked for. This module is
// src/internal/schema/load.ts in the source tree (vitest) and part of a dist/*.js chunk once built;
// both sit below the package root that holds data/.
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { GeneratedOpenApi, GeneratedProtobuf, GeneratedResource } from './data.js';

const candidates = ['../data/', '../../data/', '../../../data/'];

let directory: URL | undefined;

/** The package's data/ folder: the first candidate above this module that holds resources.json. */
function dataDirectory(): URL {
  if (directory !== undefined) return directory;
  const tried: string[] = [];
  for (const base of candidates) {
    const dir = new URL(base, import.meta.url);
    if (existsSync(new URL('resources.json', dir))) {
      directory = dir;
      return dir;
    }
    tried.push(dir.pathname);
  }
  throw new Error(
    `the generated Kubernetes data of @kcache/fake-apiserver was not found (looked in ${tried.join(', ')}); ` +
      'reinstall the package, or in a checkout run `pnpm generate:k8s`',
  );
}

function readData(file: string): string {
  const bytes = readFileSync(new URL(file, dataDirectory()));
  return (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

let resources: readonly GeneratedResource[] | undefined;
let openApi: GeneratedOpenApi | undefined;
let protobuf: GeneratedProtobuf | undefined;

/** Every resource kube-apiserver serves by default, as its discovery describes them (`data/resources.json`). */
export function generatedResources(): readonly GeneratedResource[] {
  resources ??= JSON.parse(readData('resources.json')) as readonly GeneratedResource[];
  return resources;
}

/** The OpenAPI v3 component schemas of the built-in kinds (`data/openapi.json.gz`). */
export function generatedOpenApi(): GeneratedOpenApi {
  openApi ??= JSON.parse(readData('openapi.json.gz')) as GeneratedOpenApi;
  return openApi;
}

/** The protobuf messages of the built-in kinds, meta/v1 and OpenAPI v2 (`data/protobuf.json.gz`). */
export function generatedProtobuf(): GeneratedProtobuf {
  protobuf ??= JSON.parse(readData('protobuf.json.gz')) as GeneratedProtobuf;
  return protobuf;
}
