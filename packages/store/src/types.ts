/**
 * Metadata every Kubernetes object carries. Structural and open: a `V1ObjectMeta` from
 * `@kubernetes/client-node` fits without conversion.
 */
export interface ObjectMeta {
  name?: string | undefined;
  generateName?: string | undefined;
  namespace?: string | undefined;
  uid?: string | undefined;
  resourceVersion?: string | undefined;
  generation?: number | undefined;
  creationTimestamp?: Date | string | undefined;
  deletionTimestamp?: Date | string | undefined;
  labels?: Record<string, string> | undefined;
  annotations?: Record<string, string> | undefined;
  finalizers?: string[] | undefined;
  [field: string]: unknown;
}

/**
 * The shape shared by every Kubernetes object. Structural: a `V1Pod` from
 * `@kubernetes/client-node` fits without conversion.
 */
export interface KubeObject {
  apiVersion?: string | undefined;
  kind?: string | undefined;
  metadata?: ObjectMeta | undefined;
}

/** Makes the store key of an object. Throws `KeyError` when it cannot. */
export type KeyFunc<T> = (obj: T) => string;

/** Computes the values under which an object is indexed; an empty array means "not indexed". */
export type IndexFunc<T> = (obj: T) => readonly string[];

/** Index functions by index name. */
export type Indexers<T> = Record<string, IndexFunc<T>>;

/**
 * A keyed, in-memory collection of objects: client-go's `cache.Store`.
 *
 * Objects are shared references: the store never copies them, and callers must treat every object
 * they put in or get out as immutable.
 */
export interface Store<T> {
  /** Inserts or replaces the object under its key. */
  add(obj: T): void;
  /** Inserts or replaces the object under its key (same as `add`). */
  update(obj: T): void;
  /** Removes the object's key; deleting an absent key is a no-op. */
  delete(obj: T): void;
  /** Every object, in no particular order. */
  list(): T[];
  /** Every key, in no particular order. */
  listKeys(): string[];
  /** The stored object with the same key as `obj`. */
  get(obj: T): T | undefined;
  /** The stored object under `key`. */
  getByKey(key: string): T | undefined;
  /** Atomically replaces the whole contents; `resourceVersion` is the list's RV. */
  replace(items: readonly T[], resourceVersion: string): void;
  /** Asks the store to re-deliver its items (a no-op for a plain store; queues re-enqueue). */
  resync(): void;
}

/** A `Store` with secondary indexes: client-go's `cache.Indexer`. */
export interface Indexer<T> extends Store<T> {
  /** Objects sharing any indexed value with `obj` under the named index. */
  index(indexName: string, obj: T): T[];
  /** Sorted store keys of the objects indexed under `value`. */
  indexKeys(indexName: string, value: string): string[];
  /** Index values that have at least one member; `[]` for an unknown index. */
  listIndexFuncValues(indexName: string): string[];
  /** Objects indexed under `value`. */
  byIndex(indexName: string, value: string): T[];
  /** The index functions in use. */
  getIndexers(): Indexers<T>;
  /** Adds index functions and indexes every existing item at once. */
  addIndexers(indexers: Indexers<T>): void;
}
