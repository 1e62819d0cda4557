// Errors of server-side apply, carrying the Status kube-apiserver answers.
import { ConflictError } from '../../errors.js';
import { failure } from '../status.js';
import type { StatusCause } from '../../types.js';

/** One field another manager owns that an apply would change. */
export interface ApplyConflict {
  /** The other manager's name (`metadata.managedFields[].manager`). */
  readonly manager: string;
  /** Its operation: `'Apply'` or `'Update'`. */
  readonly operation: 'Apply' | 'Update';
  /** The API version it wrote with (printed for `Update` managers only, as kube-apiserver does). */
  readonly apiVersion: string;
  /** The subresource it wrote through, `''` for the main resource. */
  readonly subresource: string;
  /** The field path as kube-apiserver prints it, e.g. `.spec.replicas` or `.spec.containers[name="c"].image`. */
  readonly path: string;
}

/**
 * An apply changed fields other managers own: HTTP 409 `Conflict` with kube-apiserver's message
 * (`Apply failed with 1 conflict: conflict with "mgr" using apps/v1: .spec.replicas`) and one
 * `FieldManagerConflict` cause per field. Apply again with `force: true` to take the fields over,
 * or stop applying them.
 */
export class ApplyConflictError extends ConflictError {
  override readonly name: string = 'ApplyConflictError';
  /** The conflicting fields, in the order of `status.details.causes`. */
  readonly conflicts: readonly ApplyConflict[];

  constructor(conflicts: readonly ApplyConflict[]) {
    const causes = conflicts.map((c): StatusCause => ({
      reason: 'FieldManagerConflict',
      message: `conflict with ${printManager(c)}`,
      field: c.path,
    }));
    super(failure(409, 'Conflict', conflictMessage(conflicts), { causes }));
    this.conflicts = conflicts;
  }
}

/** How kube-apiserver names a manager in conflict messages. */
function printManager(m: Pick<ApplyConflict, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  let out = JSON.stringify(m.manager);
  if (m.subresource !== '') out += ` with subresource ${JSON.stringify(m.subresource)}`;
  // The manager identity of an Update entry carries no time, so kube never prints one here.
  if (m.operation === 'Update') out += ` using ${m.apiVersion}`;
  return out;
}

function conflictMessage(conflicts: readonly ApplyConflict[]): string {
  const [only] = conflicts;
  if (conflicts.length === 1 && only !== undefined) {
    return `Apply failed with 1 conflict: conflict with ${printManager(only)}: ${only.path}`;
  }
  // Grouped by manager identity, sorted as kube sorts its JSON identifiers.
  const groups = new Map<string, { id: string; label: string; paths: string[] }>();
  for (const c of conflicts) {
    const id = managerIdentifier(c);
    let g = groups.get(id);
    if (g === undefined) {
      g = { id, label: printManager(c), paths: [] };
      groups.set(id, g);
    }
    g.paths.push(c.path);
  }
  const lines: string[] = [];
  for (const g of [...groups.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    lines.push(`conflicts with ${g.label}:`);
    for (const p of g.paths) lines.push(`- ${p}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

/**
 * The identity kube-apiserver keys managers by: the JSON of the entry without fields, time and
 * fieldsType, and without apiVersion for appliers (so an applier keeps one entry across versions).
 */
export function managerIdentifier(m: Pick<ApplyConflict, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  const o: Record<string, string> = {};
  if (m.manager !== '') o.manager = m.manager;
  o.operation = m.operation;
  if (m.operation !== 'Apply' && m.apiVersion !== '') o.apiVersion = m.apiVersion;
  if (m.subresource !== '') o.subresource = m.subresource;
  return JSON.stringify(o);
}
