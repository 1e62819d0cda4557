// Sets of field paths as a trie, with structured-merge-diff's operations and its FieldsV1
// encoding: `{"f:spec":{"f:replicas":{}},"f:metadata":{"f:labels":{".":{},"f:app":{}}}}`, keys
// in SMD's order, `.` marking a node that is itself a member and has children.
import { isJsonObject } from '../json-value.js';
import { compareElements, deserializeElement, serializeElement, UnknownElementTypeError, type Path, type PathElement } from './path.js';
import { resolve, type ApplySchema, type TypeRef } from './schema.js';

interface Child {
  readonly pe: PathElement;
  readonly set: FieldSet;
}

/** A set of field paths. Build with `insert`; the set operations return new sets. */
export class FieldSet {
  readonly #members = new Map<string, PathElement>();
  readonly #children = new Map<string, Child>();

  /** A set holding the given paths. */
  static of(...paths: Path[]): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  /** Add a path (the empty path is ignored, as the root is never a member). */
  insert(path: Path): this {
    const [pe, ...rest] = path;
    if (pe === undefined) return this;
    const id = serializeElement(pe);
    if (rest.length === 0) {
      this.#members.set(id, pe);
      return this;
    }
    let child = this.#children.get(id);
    if (child === undefined) {
      child = { pe, set: new FieldSet() };
      this.#children.set(id, child);
    }
    child.set.insert(rest);
    return this;
  }

  /** Whether the path is a member. */
  has(path: Path): boolean {
    const [pe, ...rest] = path;
    if (pe === undefined) return false;
    const id = serializeElement(pe);
    if (rest.length === 0) return this.#members.has(id);
    return this.#children.get(id)?.set.has(rest) ?? false;
  }

  /** Whether the set has no member at any depth. */
  empty(): boolean {
    if (this.#members.size > 0) return false;
    for (const c of this.#children.values()) if (!c.set.empty()) return false;
    return true;
  }

  /** The members below `pe`, with `pe` taken off their front. */
  withPrefix(pe: PathElement): FieldSet {
    return this.#children.get(serializeElement(pe))?.set ?? EMPTY;
  }

  /** Whether `pe` is a member of this node (not descending). */
  hasMember(pe: PathElement): boolean {
    return this.#members.has(serializeElement(pe));
  }

  union(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [id, pe] of this.#members) out.#members.set(id, pe);
    for (const [id, pe] of other.#members) out.#members.set(id, pe);
    for (const [id, c] of this.#children) {
      const o = other.#children.get(id);
      out.#children.set(id, o === undefined ? c : { pe: c.pe, set: c.set.union(o.set) });
    }
    for (const [id, c] of other.#children) if (!this.#children.has(id)) out.#children.set(id, c);
    return out;
  }

  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [id, pe] of this.#members) if (other.#members.has(id)) out.#members.set(id, pe);
    for (const [id, c] of this.#children) {
      const o = other.#children.get(id);
      if (o === undefined) continue;
      const s = c.set.intersection(o.set);
      if (!s.empty()) out.#children.set(id, { pe: c.pe, set: s });
    }
    return out;
  }

  /** Members of this set that are not members of `other` (a member of `other` does not remove descendants). */
  difference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [id, pe] of this.#members) if (!other.#members.has(id)) out.#members.set(id, pe);
    for (const [id, c] of this.#children) {
      const o = other.#children.get(id);
      if (o === undefined) {
        out.#children.set(id, c);
        continue;
      }
      const s = c.set.difference(o.set);
      if (!s.empty()) out.#children.set(id, { pe: c.pe, set: s });
    }
    return out;
  }

  /** Like `difference`, but a member of `other` also removes everything below it. */
  recursiveDifference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [id, pe] of this.#members) if (!other.#members.has(id)) out.#members.set(id, pe);
    for (const [id, c] of this.#children) {
      if (other.#members.has(id)) continue;
      const o = other.#children.get(id);
      if (o === undefined) {
        out.#children.set(id, c);
        continue;
      }
      const s = c.set.recursiveDifference(o.set);
      if (!s.empty()) out.#children.set(id, { pe: c.pe, set: s });
    }
    return out;
  }

  /**
   * The set with every node that is a declared field of a struct made a member too (SMD's
   * `EnsureNamedFieldsAreMembers`), so that pruning removes a struct field whose children are gone.
   */
  ensureNamedFieldsAreMembers(schema: ApplySchema, ref: TypeRef): FieldSet {
    const atom = resolve(schema, ref);
    const out = new FieldSet();
    for (const [id, pe] of this.#members) out.#members.set(id, pe);
    for (const [id, c] of this.#children) {
      let childRef: TypeRef | undefined;
      if ('field' in c.pe && atom.map !== undefined) {
        const declared = atom.map.fields.get(c.pe.field);
        if (declared !== undefined) out.#members.set(id, c.pe);
        childRef = declared ?? atom.map.element;
      } else if ('key' in c.pe && atom.list !== undefined) {
        childRef = atom.list.element;
      }
      // An unresolvable child keeps its members only.
      out.#children.set(id, { pe: c.pe, set: childRef === undefined ? c.set.ensureNoType() : c.set.ensureNamedFieldsAreMembers(schema, childRef) });
    }
    return out;
  }

  private ensureNoType(): FieldSet {
    const out = new FieldSet();
    for (const [id, pe] of this.#members) out.#members.set(id, pe);
    for (const [id, c] of this.#children) out.#children.set(id, { pe: c.pe, set: c.set.ensureNoType() });
    return out;
  }

  /** Keep only members not under any of `prefixes` (each a member path: everything at and below it goes). */
  without(prefixes: FieldSet): FieldSet {
    return this.recursiveDifference(prefixes);
  }

  /** Every member path, in SMD's order. */
  paths(): Path[] {
    const out: Path[] = [];
    this.#walk([], out);
    return out;
  }

  #walk(prefix: PathElement[], out: Path[]): void {
    const entries = this.#sortedEntries();
    for (const e of entries) {
      if (e.member) out.push([...prefix, e.pe]);
      if (e.child !== undefined) e.child.#walk([...prefix, e.pe], out);
    }
  }

  #sortedEntries(): { pe: PathElement; id: string; member: boolean; child: FieldSet | undefined }[] {
    const entries: { pe: PathElement; id: string; member: boolean; child: FieldSet | undefined }[] = [];
    for (const [id, pe] of this.#members) entries.push({ pe, id, member: true, child: this.#children.get(id)?.set });
    for (const [id, c] of this.#children) if (!this.#members.has(id)) entries.push({ pe: c.pe, id, member: false, child: c.set });
    return entries.sort((a, b) => compareElements(a.pe, b.pe));
  }

  /** Every member path in SMD's iteration order: a node's members first, then each child's paths. */
  iterate(): Path[] {
    const out: Path[] = [];
    this.#iterate([], out);
    return out;
  }

  #iterate(prefix: PathElement[], out: Path[]): void {
    const members = [...this.#members.values()].sort(compareElements);
    for (const pe of members) out.push([...prefix, pe]);
    const children = [...this.#children.values()].sort((a, b) => compareElements(a.pe, b.pe));
    for (const c of children) c.set.#iterate([...prefix, c.pe], out);
  }

  /** Number of member paths. */
  size(): number {
    let n = this.#members.size;
    for (const c of this.#children.values()) n += c.set.size();
    return n;
  }

  /** Whether both sets have the same members. */
  equals(other: FieldSet): boolean {
    return this.difference(other).empty() && other.difference(this).empty();
  }

  /** The FieldsV1 form: a JSON object trie, keys in SMD's order. */
  toFieldsV1(): Record<string, unknown> {
    return this.#emit(false);
  }

  #emit(includeSelf: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (includeSelf && (this.#members.size > 0 || this.#children.size > 0)) out['.'] = {};
    for (const e of this.#sortedEntries()) {
      if (e.child === undefined) out[e.id] = {};
      else out[e.id] = e.child.#emit(e.member);
    }
    return out;
  }

  /**
   * Read a FieldsV1 trie. Keys of element types this version does not know are skipped, as kube
   * does; other malformed content throws.
   */
  static fromFieldsV1(fields: unknown): FieldSet {
    if (!isJsonObject(fields)) throw new Error('FieldsV1 must be a JSON object');
    const [set] = readNode(fields);
    return set;
  }

  /** A readable form for test failures: one path per line. */
  toString(): string {
    return this.paths().map((p) => p.map(serializeElement).join(' ')).join('\n');
  }
}

const EMPTY = new FieldSet();

function readNode(node: Record<string, unknown>): [FieldSet, boolean] {
  const set = new FieldSet();
  let isMember = false;
  for (const [key, child] of Object.entries(node)) {
    if (key === '.') {
      isMember = true;
      continue;
    }
    let pe: PathElement;
    try {
      pe = deserializeElement(key);
    } catch (err) {
      if (err instanceof UnknownElementTypeError) continue;
      throw new Error(`parsing key as JSON: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    if (!isJsonObject(child)) throw new Error(`FieldsV1 value of ${key} must be a JSON object`);
    if (Object.keys(child).length === 0) {
      set.insert([pe]);
      continue;
    }
    const [sub, member] = readNode(child);
    if (member) set.insert([pe]);
    for (const p of sub.paths()) set.insert([pe, ...p]);
  }
  return [set, isMember];
}
