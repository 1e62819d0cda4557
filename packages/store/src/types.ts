/**
 * Makes the store key of an object. Must be deterministic: the same object always gets the same key.
 *
 * A key function that cannot make a key should throw a `KeyError`; anything else it throws is
 * wrapped in a `KeyError` (code `KeyFuncFailed`) by the store, with the original as `cause`.
 */
export type KeyFunc<T> = (obj: T) => string;

/**
 * Computes the values under which an object is indexed; an empty array means "not indexed".
 *
 * Must be deterministic and must not throw for objects it is given; if it does throw, the store
 * operation fails with an `IndexFuncError` and changes nothing. The store keeps the returned array
 * (to know which index entries to remove later), so do not mutate it after returning it.
 */
export type IndexFunc<T> = (obj: T) => readonly string[];

/** Index functions by index name. */
export type Indexers<T> = Record<string, IndexFunc<T>>;

/** Options of {@link Store.replaceAsync}. */
export interface ReplaceAsyncOptions {
  /** Abandons the replace, leaving the store unchanged, when it aborts before the swap. */
  signal?: AbortSignal | undefined;
}

/**
 * A keyed, in-memory collection of objects: client-go's `cache.Store`.
 *
 * Objects are shared references: the store never copies them, and callers must treat every object
 * they put in or get out as immutable. To change an object, build a new one and `update` with it.
 */
export interface Store<T> {
  /**
   * Inserts or replaces the object under its key.
   * @throws {KeyError} when no key can be made for the object; the store is unchanged.
   * @throws {IndexFuncError} when an index function throws for the object; the store is unchanged.
   */
  add(obj: T): void;
  /**
   * Inserts or replaces the object under its key (same as `add`).
   * @throws {KeyError} when no key can be made for the object; the store is unchanged.
   * @throws {IndexFuncError} when an index function throws for the object; the store is unchanged.
   */
  update(obj: T): void;
  /**
   * Removes the object's key; deleting an absent key is a no-op.
   * @throws {KeyError} when no key can be made for the object; the store is unchanged.
   */
  delete(obj: T): void;
  /** Every object, in no particular order. */
  list(): T[];
  /** Every key, in no particular order. */
  listKeys(): string[];
  /**
   * The stored object with the same key as `obj`.
   * @throws {KeyError} when no key can be made for `obj`.
   */
  get(obj: T): T | undefined;
  /** The stored object under `key`. */
  getByKey(key: string): T | undefined;
  /**
   * Atomically replaces the whole contents with `items` and rebuilds every index.
   * `resourceVersion` is the resource version of the list the items came from.
   * When two items share a key, the later one wins.
   * @throws {KeyError} when no key can be made for some item; the store is unchanged.
   * @throws {IndexFuncError} when an index function throws for some item; the store is unchanged.
   */
  replace(items: readonly T[], resourceVersion: string): void;
  /**
   * `replace` without holding the event loop: builds the new contents and every index aside, giving
   * the event loop a turn about every 8 ms, then swaps them in at once. Optional: stores that do
   * not have it are replaced with `replace` (the reflector checks for it). The stores made by
   * `createStore` and `createIndexer` have it.
   *
   * Ends in exactly the state `replace(items, resourceVersion)` gives: the later of two items with
   * one key wins, every index is rebuilt. Until the swap, readers see the old contents. A write
   * (`add`, `update`, `delete`, `replace`, another `replaceAsync` finishing first) made while the
   * new contents are being built is overwritten by the swap, as if it had come just before a
   * synchronous `replace`: the swap is the moment the replace takes effect. Index functions added
   * meanwhile with `addIndexers` are applied to the new contents before the swap.
   *
   * @param options `signal` abandons the replace: the promise rejects with the signal's reason and
   *   the store is unchanged (an abort after the swap changes nothing).
   * @throws {KeyError} (as a rejection) when no key can be made for some item; the store is unchanged.
   * @throws {IndexFuncError} (as a rejection) when an index function throws for some item; the
   *   store is unchanged.
   */
  replaceAsync?(items: readonly T[], resourceVersion: string, options?: ReplaceAsyncOptions): Promise<void>;
  /**
   * Asks the store to re-deliver its items to whoever consumes them. A plain store has no
   * consumers, so this is a no-op; queue-backed stores (a DeltaFIFO) re-enqueue their items.
   */
  resync(): void;
}

/** A `Store` with secondary indexes: client-go's `cache.Indexer`. */
export interface Indexer<T> extends Store<T> {
  /**
   * Objects sharing any indexed value with `obj` under the named index, each object once.
   * @throws {UnknownIndexError} when no index has that name.
   * @throws {IndexFuncError} when the index function throws for `obj`.
   */
  index(indexName: string, obj: T): T[];
  /**
   * Sorted store keys of the objects indexed under `value`.
   * @throws {UnknownIndexError} when no index has that name.
   */
  indexKeys(indexName: string, value: string): string[];
  /** Index values that have at least one member, in no particular order; `[]` for an unknown index. */
  listIndexFuncValues(indexName: string): string[];
  /**
   * Objects indexed under `value`, in no particular order.
   * @throws {UnknownIndexError} when no index has that name.
   */
  byIndex(indexName: string, value: string): T[];
  /** A copy of the index functions in use, by name. */
  getIndexers(): Indexers<T>;
  /**
   * Adds index functions and indexes every existing item at once.
   * @throws {IndexerConflictError} when a name is already in use; nothing is added.
   * @throws {IndexFuncError} when a new index function throws for an existing item; nothing is added.
   * @throws {StoreError} (code `InvalidIndexer`) when a value is not a function; nothing is added.
   */
  addIndexers(indexers: Indexers<T>): void;
}
