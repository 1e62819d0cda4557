/**
 * A short, human description of an object for error messages: its kind, namespace and name where
 * it has them. Never dumps the whole object (it may be large or hold secrets).
 */
export function describeObject(obj: unknown): string {
  if (typeof obj !== 'object' || obj === null) {
    return obj === null ? 'null' : `a ${typeof obj} value`;
  }
  const record = obj as { kind?: unknown; metadata?: unknown };
  const kind = typeof record.kind === 'string' && record.kind !== '' ? record.kind : 'object without kind';
  const meta = typeof record.metadata === 'object' && record.metadata !== null
    ? (record.metadata as { name?: unknown; namespace?: unknown; generateName?: unknown })
    : undefined;
  const parts = [kind];
  if (typeof meta?.namespace === 'string' && meta.namespace !== '') {
    parts.push(`in namespace ${JSON.stringify(meta.namespace)}`);
  }
  if (typeof meta?.name === 'string' && meta.name !== '') {
    parts.push(`named ${JSON.stringify(meta.name)}`);
  } else if (typeof meta?.generateName === 'string' && meta.generateName !== '') {
    parts.push(`with generateName ${JSON.stringify(meta.generateName)}`);
  }
  return parts.join(' ');
}

/** The message of an unknown thrown value. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** "null", "undefined", "an array", "an object", "a number"…: what a value is, for messages. */
export function typeName(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}
