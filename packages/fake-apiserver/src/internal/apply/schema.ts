// The type model server-side apply works on, after structured-merge-diff's: an atom says how a
// value of each JSON kind is owned (a scalar is a leaf; a list is atomic, a set or a map keyed by
// some fields of its items; a map is a struct, a granular map or an atomic one). Types refer to
// each other by name so that recursive schemas (JSONSchemaProps) stay finite.

/** Scalar types, as structured-merge-diff checks them. */
export type ScalarType = 'numeric' | 'string' | 'boolean' | 'untyped';

/** How the items of a list are owned. */
export interface ListType {
  /** `'atomic'`: the list is one leaf; `'associative'`: each item is owned on its own. */
  readonly relationship: 'atomic' | 'associative';
  /** For an associative list: the fields identifying an item (`x-kubernetes-list-map-keys`); empty for a set. */
  readonly keys: readonly string[];
  readonly element: TypeRef;
}

/** How the entries of a JSON object are owned. */
export interface MapType {
  /** Declared fields (a struct). */
  readonly fields: ReadonlyMap<string, TypeRef>;
  /** The type of undeclared entries; `undefined` when the schema allows none. */
  readonly element: TypeRef | undefined;
  /** `'atomic'`: the whole object is one leaf; `'separable'`: each entry is owned on its own. */
  readonly relationship: 'atomic' | 'separable';
  /** Schema defaults of declared fields (used for list map keys an item leaves out). */
  readonly defaults?: ReadonlyMap<string, unknown>;
}

/**
 * What a value of a type may be. A schema without a `type` (int-or-string, preserved unknown
 * fields) allows several kinds; the value's JSON kind picks one.
 */
export interface Atom {
  /** The scalar type a leaf must have (`untyped`: any scalar). */
  readonly scalar?: ScalarType;
  readonly list?: ListType;
  readonly map?: MapType;
}

/** A reference to a named type, or an inlined one; `relationship` overrides a map's (`x-kubernetes-map-type` beside a `$ref`). */
export interface TypeRef {
  readonly named?: string;
  readonly inlined?: Atom;
  readonly relationship?: 'atomic' | 'separable';
}

/** Looks named types up. */
export interface TypeLookup {
  get(name: string): Atom | undefined;
}

/** A set of named types and the type of the root object. */
export interface ApplySchema {
  /** Named types (`io.k8s.api.core.v1.Pod`, and the two untyped helpers); may convert on first use. */
  readonly types: TypeLookup;
  /** The type of the object the field manager works on. */
  readonly root: TypeRef;
}

/** Name of the untyped atomic type: any value, owned as one leaf. */
const UNTYPED_NAME = '__untyped_atomic_';
/**
 * Name of the deduced type: maps are granular and deduced all the way down, lists atomic, scalars leaves.
 *
 * @internal
 */
export const DEDUCED_NAME = '__untyped_deduced_';

const untypedRef: TypeRef = { named: UNTYPED_NAME };
const deducedRef: TypeRef = { named: DEDUCED_NAME };

const untypedAtom: Atom = {
  scalar: 'untyped',
  list: { relationship: 'atomic', keys: [], element: untypedRef },
  map: { fields: new Map(), element: untypedRef, relationship: 'atomic' },
};

const deducedAtom: Atom = {
  scalar: 'untyped',
  list: { relationship: 'atomic', keys: [], element: untypedRef },
  map: { fields: new Map(), element: deducedRef, relationship: 'separable' },
};

/** The named types every schema has. */
export function commonTypes(): Map<string, Atom> {
  return new Map([
    [UNTYPED_NAME, untypedAtom],
    [DEDUCED_NAME, deducedAtom],
  ]);
}

/** A reference to the untyped atomic type. */
export const UNTYPED: TypeRef = untypedRef;
/** A reference to the deduced type. */
export const DEDUCED: TypeRef = deducedRef;

/** The schema of objects with no schema: deduced from the values (maps granular, lists atomic). */
export const DEDUCED_SCHEMA: ApplySchema = { types: commonTypes(), root: deducedRef };

/** Resolve a reference to its atom, applying a map relationship override. Unknown names resolve as deduced. */
export function resolve(schema: ApplySchema, ref: TypeRef): Atom {
  let atom: Atom | undefined = ref.inlined ?? (ref.named !== undefined ? schema.types.get(ref.named) : undefined);
  atom ??= deducedAtom;
  if (ref.relationship !== undefined && atom.map !== undefined && atom.map.relationship !== ref.relationship) {
    atom = { ...atom, map: { ...atom.map, relationship: ref.relationship } };
  }
  return atom;
}
