/** Machine-readable reason of a {@link StoreError}. */
export type StoreErrorCode =
  | 'MissingName'
  | 'KeyFuncFailed'
  | 'InvalidKey'
  | 'UnknownIndex'
  | 'IndexerConflict'
  | 'IndexFuncFailed'
  | 'InvalidIndexer';

/** Options every store error accepts. */
export interface StoreErrorOptions {
  /** The error that caused this one, if any. */
  cause?: unknown;
}

/**
 * Base class of every error `@kcache/store` throws. Check `code` rather than the message.
 *
 * @example
 * ```ts
 * try { store.add(obj); } catch (err) {
 *   if (err instanceof StoreError && err.code === 'MissingName') { ... }
 * }
 * ```
 */
export class StoreError extends Error {
  override readonly name: string = 'StoreError';
  /** Why the operation failed; one of {@link StoreErrorCode}. */
  readonly code: StoreErrorCode;

  constructor(message: string, code: StoreErrorCode, options: StoreErrorOptions = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.code = code;
  }
}

/**
 * No store key could be made for an object (code `MissingName` or `KeyFuncFailed`), or a key
 * string is malformed (code `InvalidKey`). The object at fault, if any, is `obj`.
 */
export class KeyError extends StoreError {
  override readonly name: string = 'KeyError';
  /** The object no key could be made for; `undefined` when a key string was at fault. */
  readonly obj: unknown;

  constructor(
    message: string,
    code: 'MissingName' | 'KeyFuncFailed' | 'InvalidKey',
    options: StoreErrorOptions & { obj?: unknown } = {},
  ) {
    super(message, code, options);
    this.obj = options.obj;
  }
}

/** An index name that no index function was registered under (code `UnknownIndex`). */
export class UnknownIndexError extends StoreError {
  override readonly name: string = 'UnknownIndexError';
  /** The name that was asked for. */
  readonly indexName: string;
  /** The names that do exist, sorted. */
  readonly knownIndexNames: readonly string[];

  constructor(indexName: string, knownIndexNames: readonly string[]) {
    const known = knownIndexNames.length === 0
      ? 'this indexer has no indexes'
      : `known indexes: ${knownIndexNames.map((n) => JSON.stringify(n)).join(', ')}`;
    super(
      `index ${JSON.stringify(indexName)} does not exist (${known}); register it with ` +
        `createIndexer({ indexers }) or addIndexers() before querying it`,
      'UnknownIndex',
    );
    this.indexName = indexName;
    this.knownIndexNames = knownIndexNames;
  }
}

/** `addIndexers` was given names that are already in use (code `IndexerConflict`). */
export class IndexerConflictError extends StoreError {
  override readonly name: string = 'IndexerConflictError';
  /** The clashing names, sorted. */
  readonly indexNames: readonly string[];

  constructor(indexNames: readonly string[]) {
    super(
      `indexer conflict: ${indexNames.map((n) => JSON.stringify(n)).join(', ')} ` +
        `${indexNames.length === 1 ? 'is' : 'are'} already registered; nothing was added. ` +
        `Use different index names (an index function cannot be replaced once registered)`,
      'IndexerConflict',
    );
    this.indexNames = indexNames;
  }
}

/**
 * An index function threw, or returned something other than an array of strings
 * (code `IndexFuncFailed`). The operation that called it changed nothing.
 */
export class IndexFuncError extends StoreError {
  override readonly name: string = 'IndexFuncError';
  /** The index whose function failed. */
  readonly indexName: string;
  /** The store key of the object it failed on; `undefined` for an `index()` query object. */
  readonly key: string | undefined;

  constructor(message: string, indexName: string, key: string | undefined, options: StoreErrorOptions = {}) {
    super(message, 'IndexFuncFailed', options);
    this.indexName = indexName;
    this.key = key;
  }
}
