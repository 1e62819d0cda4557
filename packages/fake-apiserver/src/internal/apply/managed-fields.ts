// metadata.managedFields as kube-apiserver reads and writes it: entries keyed by manager
// identity (manager, operation, subresource, and apiVersion for updaters), FieldsV1 sets, times,
// and the order kube sorts them in.
import { isJsonObject } from '../json-value.js';
import { managerIdentifier } from './errors.js';
import { FieldSet } from './field-set.js';
import type { ManagedFieldsEntry } from './field-manager.js';
import type { ManagedSets } from './updater.js';

/** Managers' fields and the time of their last change. */
export interface Managed {
  fields: ManagedSets;
  times: Map<string, string | undefined>;
}

export interface Identity {
  readonly manager: string;
  readonly operation: 'Apply' | 'Update';
  readonly apiVersion: string;
  readonly subresource: string;
}

export function identity(id: Identity): string {
  return managerIdentifier(id);
}

export function parseIdentity(id: string): Identity {
  const o = JSON.parse(id) as Record<string, string | undefined>;
  return {
    manager: o.manager ?? '',
    operation: o.operation === 'Apply' ? 'Apply' : 'Update',
    apiVersion: o.apiVersion ?? '',
    subresource: o.subresource ?? '',
  };
}

class InvalidManagedFields extends Error {}

/** kube's DecodeManagedFields: every entry must name an operation, an apiVersion and `FieldsV1`. */
export function decodeManaged(entries: unknown): Managed {
  const managed: Managed = { fields: new Map(), times: new Map() };
  if (entries === undefined || entries === null) return managed;
  if (!Array.isArray(entries)) throw new InvalidManagedFields('managedFields must be a list');
  entries.forEach((raw, i) => {
    if (!isJsonObject(raw)) throw new InvalidManagedFields(`managed fields entry ${String(i)} is not an object`);
    const operation = raw.operation;
    const apiVersion = raw.apiVersion;
    const fieldsType = raw.fieldsType;
    if (operation !== 'Apply' && operation !== 'Update') throw new InvalidManagedFields('operation must be `Apply` or `Update`');
    if (typeof apiVersion !== 'string' || apiVersion.length < 1) throw new InvalidManagedFields('apiVersion must not be empty');
    if (fieldsType === undefined || fieldsType === '') throw new InvalidManagedFields(`missing fieldsType in managed fields entry ${String(i)}`);
    if (fieldsType !== 'FieldsV1') throw new InvalidManagedFields(`invalid fieldsType ${JSON.stringify(fieldsType)} in managed fields entry ${String(i)}`);
    const id = identity({
      manager: typeof raw.manager === 'string' ? raw.manager : '',
      operation,
      apiVersion,
      subresource: typeof raw.subresource === 'string' ? raw.subresource : '',
    });
    const time = raw.time;
    let set: FieldSet;
    try {
      set = FieldSet.fromFieldsV1(raw.fieldsV1 ?? {});
    } catch (err) {
      throw new InvalidManagedFields(`error decoding versioned set: ${err instanceof Error ? err.message : String(err)}`);
    }
    managed.fields.set(id, { set, apiVersion, applied: operation === 'Apply' });
    managed.times.set(id, typeof time === 'string' ? time : undefined);
  });
  return managed;
}

export function seconds(time: string | undefined): number {
  if (time === undefined) return 0;
  const t = Date.parse(time);
  return Number.isNaN(t) ? 0 : Math.floor(t / 1000);
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** kube's encodeManagedFields: one entry per manager, sorted by operation, time, manager, apiVersion, subresource. */
export function encodeManaged(managed: Managed): ManagedFieldsEntry[] | undefined {
  if (managed.fields.size === 0) return undefined;
  const entries: ManagedFieldsEntry[] = [];
  for (const [id, vs] of managed.fields) {
    const who = parseIdentity(id);
    const time = managed.times.get(id);
    const entry: Record<string, unknown> = {};
    if (who.manager !== '') entry.manager = who.manager;
    entry.operation = vs.applied ? 'Apply' : who.operation;
    if (vs.apiVersion !== '') entry.apiVersion = vs.apiVersion;
    if (time !== undefined) entry.time = time;
    entry.fieldsType = 'FieldsV1';
    entry.fieldsV1 = vs.set.toFieldsV1();
    if (who.subresource !== '') entry.subresource = who.subresource;
    entries.push(entry);
  }
  return entries.sort(
    (p, q) =>
      cmp(p.operation ?? '', q.operation ?? '') ||
      seconds(p.time) - seconds(q.time) ||
      cmp(p.manager ?? '', q.manager ?? '') ||
      cmp(p.apiVersion ?? '', q.apiVersion ?? '') ||
      cmp(p.subresource ?? '', q.subresource ?? ''),
  );
}

/** kube's isResetManagedFields: `[]`, or a list holding one empty entry. */
export function isReset(mf: unknown): boolean {
  if (!Array.isArray(mf)) return false;
  if (mf.length === 0) return true;
  return mf.length === 1 && isJsonObject(mf[0]) && Object.values(mf[0]).every((v) => v === undefined);
}

