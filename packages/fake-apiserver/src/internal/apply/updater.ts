// structured-merge-diff's Updater: who owns what after an update or an apply, conflicts between
// appliers and other managers, and pruning of fields an applier stopped applying.
import { jsonEqual } from '../json-value.js';
import { FieldSet } from './field-set.js';
import type { Path } from './path.js';
import type { ApplySchema } from './schema.js';
import { merge } from './merge.js';
import { removeItems } from './remove.js';
import { compare, filterComparison, toFieldSet, type Comparison } from './typed.js';

/** The fields one manager owns, with the version it wrote them in and whether it applied them. */
export interface VersionedSet {
  readonly set: FieldSet;
  readonly apiVersion: string;
  readonly applied: boolean;
}

/** Managers (by identity) and their fields. */
export type ManagedSets = Map<string, VersionedSet>;

/** One conflicting field: another manager (by identity) owns `path`. */
export interface Conflict {
  readonly manager: string;
  readonly path: Path;
}

/** Apply would change fields other managers own. */
export class ConflictsError extends Error {
  override readonly name: string = 'ConflictsError';
  readonly conflicts: readonly Conflict[];
  constructor(conflicts: readonly Conflict[]) {
    super(`conflicts with ${String(conflicts.length)} field(s)`);
    this.conflicts = conflicts;
  }
}

function conflictsFromManagers(sets: ManagedSets): Conflict[] {
  const out: Conflict[] = [];
  for (const manager of [...sets.keys()].sort()) {
    for (const path of (sets.get(manager)?.set ?? new FieldSet()).iterate()) out.push({ manager, path });
  }
  return out;
}

/** The object a field manager works on: its schema, and the fields nobody may own at each version. */
export class Updater {
  readonly #schema: ApplySchema;
  readonly #ignored: ReadonlyMap<string, FieldSet>;
  readonly #normalize: (obj: unknown) => unknown;

  /**
   * @param ignored by apiVersion: fields (and all below them) never recorded as owned (kube's reset fields).
   * @param normalize gives objects the shape the comparisons see (Go's typed view of built-in objects).
   */
  constructor(schema: ApplySchema, ignored: ReadonlyMap<string, FieldSet> = new Map(), normalize: (obj: unknown) => unknown = (o) => o) {
    this.#schema = schema;
    this.#ignored = ignored;
    this.#normalize = normalize;
  }

  #filter(version: string): (s: FieldSet) => FieldSet {
    const ignored = this.#ignored.get(version);
    return ignored === undefined ? (s) => s : (s) => s.recursiveDifference(ignored);
  }

  #update(live: unknown, next: unknown, version: string, managers: ManagedSets, workflow: string, force: boolean): { managers: ManagedSets; comparison: Comparison } {
    const comparison = filterComparison(compare(this.#schema, this.#schema.root, this.#normalize(live), this.#normalize(next)), this.#filter(version));
    const changed = comparison.modified.union(comparison.added);
    const conflicts: ManagedSets = new Map();
    const removed: ManagedSets = new Map();
    // Objects are not converted between versions here: every version is compared with the same paths.
    for (const [manager, vs] of managers) {
      if (manager === workflow) continue;
      const conflictSet = vs.set.intersection(changed);
      if (!conflictSet.empty()) conflicts.set(manager, { set: conflictSet, apiVersion: vs.apiVersion, applied: false });
      if (!comparison.removed.empty()) removed.set(manager, { set: comparison.removed, apiVersion: vs.apiVersion, applied: false });
    }
    if (!force && conflicts.size > 0) throw new ConflictsError(conflictsFromManagers(conflicts));
    const out: ManagedSets = new Map(managers);
    for (const [manager, c] of conflicts) {
      const vs = out.get(manager);
      if (vs !== undefined) out.set(manager, { ...vs, set: vs.set.difference(c.set) });
    }
    for (const [manager, r] of removed) {
      const vs = out.get(manager);
      if (vs !== undefined) out.set(manager, { ...vs, set: vs.set.difference(r.set) });
    }
    for (const [manager, vs] of out) if (vs.set.empty()) out.delete(manager);
    return { managers: out, comparison };
  }

  /** Record an update of `live` into `next` by `manager`: it takes every field it changed. */
  update(live: unknown, next: unknown, version: string, managers: ManagedSets, manager: string): ManagedSets {
    const { managers: out, comparison } = this.#update(live, next, version, managers, manager, true);
    const previous = out.get(manager)?.set ?? new FieldSet();
    const set = this.#filter(version)(previous.difference(comparison.removed).union(comparison.modified).union(comparison.added));
    if (set.empty()) out.delete(manager);
    else out.set(manager, { set, apiVersion: version, applied: false });
    return out;
  }

  /**
   * Apply `config` to `live` as `manager`. Returns the new object (`undefined` when nothing
   * changed) and the new ownership.
   *
   * @throws {ConflictsError} unless `force`, when others own fields the apply changes.
   * @throws {TypedValueError} when the configuration's lists do not fit the schema.
   */
  apply(live: unknown, config: unknown, version: string, managers: ManagedSets, manager: string, force: boolean): { object: unknown; managers: ManagedSets } {
    const root = this.#schema.root;
    // The configuration is checked strictly (duplicates refused), the live object leniently.
    const applied = this.#filter(version)(toFieldSet(this.#schema, root, config, false));
    const merged = merge(this.#schema, root, live, config);
    const lastSet = managers.get(manager);
    const withNew: ManagedSets = new Map(managers);
    withNew.set(manager, { set: applied, apiVersion: version, applied: true });
    const pruned = this.#prune(merged, withNew, lastSet);
    const { managers: out } = this.#update(live, pruned, version, withNew, manager, force);
    return { object: jsonEqual(live, pruned) ? undefined : pruned, managers: out };
  }

  #prune(merged: unknown, managers: ManagedSets, lastSet: VersionedSet | undefined): unknown {
    if (lastSet === undefined || lastSet.set.empty()) return merged;
    const sc = this.#schema;
    const root = sc.root;
    const named = (s: FieldSet): FieldSet => s.ensureNamedFieldsAreMembers(sc, root);
    let pruned = removeItems(sc, root, merged, named(lastSet.set));
    // Add back what anyone (including the applier's new configuration) owns.
    let managed = new FieldSet();
    for (const vs of managers.values()) managed = managed.union(vs.set);
    const mergedSet = named(toFieldSet(sc, root, merged));
    let prunedSet = named(toFieldSet(sc, root, pruned));
    pruned = removeItems(sc, root, merged, mergedSet.difference(prunedSet.union(named(managed))));
    // Remove only what the applier owned before: unowned fields and fields of updaters stay.
    prunedSet = named(toFieldSet(sc, root, pruned));
    return removeItems(sc, root, merged, mergedSet.difference(prunedSet).intersection(named(lastSet.set)));
  }
}
