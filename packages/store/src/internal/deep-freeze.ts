// Objects this module has already frozen all the way down. `Object.isFrozen` is not enough to
// skip an object: a caller may have frozen only its top level.
const deeplyFrozen = new WeakSet<object>();

/**
 * Freezes `value` and everything reachable from it, so that an accidental write to a cached object
 * throws (in strict mode) instead of silently corrupting the cache and its indexes.
 */
export function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || deeplyFrozen.has(value)) return;
  // Typed arrays and buffers cannot be frozen; Kubernetes objects decoded from JSON never hold them.
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return;
  deeplyFrozen.add(value);
  Object.freeze(value);
  // Descriptors rather than property reads: a getter must not run (it could have side effects).
  const descriptors = Object.getOwnPropertyDescriptors(value);
  for (const key of Reflect.ownKeys(descriptors)) {
    deepFreeze((descriptors as Record<PropertyKey, PropertyDescriptor | undefined>)[key]?.value);
  }
}
