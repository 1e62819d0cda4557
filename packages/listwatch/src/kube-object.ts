/**
 * The structural object shape listwatch needs; identical to `@kcache/store`'s `KubeObject` (the two
 * packages do not depend on each other; TypeScript's structural typing makes them interchangeable).
 */
export interface KubeObject {
  apiVersion?: string | undefined;
  kind?: string | undefined;
  metadata?: {
    name?: string | undefined;
    namespace?: string | undefined;
    resourceVersion?: string | undefined;
    annotations?: Record<string, string> | undefined;
    [field: string]: unknown;
  } | undefined;
}
