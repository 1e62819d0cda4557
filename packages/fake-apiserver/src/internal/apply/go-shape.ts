// The shape a built-in object has when kube-apiserver's field manager looks at it: a typed Go
// object seen through its JSON tags. Non-pointer structs are always there (`spec.strategy: {}`),
// fields without omitempty appear as zero values or null (`containers: null`), omitzero structs
// disappear when zero. Which of these are present decides where managedFields show `.` and which
// empty structs (`f:resources: {}`) a writer is recorded as owning.
import { isJsonObject, type JsonObject } from '../json-value.js';
import type { GeneratedProtobuf, ProtoField, ProtoMessage } from '../schema/data.js';

const ABSENT = Symbol('absent');

/** The JSON a Go zero value of a special type marshals to. */
function specialZero(special: string): unknown {
  switch (special) {
    case 'Quantity':
      return '0';
    case 'Duration':
      return '0s';
    case 'IntOrString':
      return 0;
    default:
      // Time, MicroTime, RawExtension, FieldsV1, named slices: null.
      return null;
  }
}

/**
 * A function giving objects of one built-in kind the shape of its Go type (see above), for the
 * field manager's comparisons. It returns new objects; values already present are kept.
 *
 * @param protobuf the generated protobuf messages (they carry the Go field tags).
 * @param message the kind's message, e.g. `'k8s.io.api.apps.v1.Deployment'`.
 */
export function goShapeNormalizer(protobuf: GeneratedProtobuf, message: string): (obj: JsonObject) => JsonObject {
  const messages = protobuf.messages;
  const lookup = (name: string | undefined): ProtoMessage | undefined =>
    name !== undefined && Object.hasOwn(messages, name) ? messages[name] : undefined;

  const zeroOf = (f: ProtoField): unknown => {
    const omitted = f.omitEmpty === true || f.omitZero === true;
    if (f.map !== undefined || f.repeated === true || f.pointer === true) return omitted ? ABSENT : null;
    if (f.type === 'message') {
      const m = lookup(f.message);
      if (m === undefined) return ABSENT;
      if (f.omitZero === true) return ABSENT;
      if (m.special !== undefined) {
        const z = specialZero(m.special);
        // omitempty never omits a struct, but a special type's zero JSON may be what it writes.
        return z;
      }
      return shape(m, {});
    }
    if (omitted) return ABSENT;
    switch (f.type) {
      case 'string':
        return '';
      case 'bool':
        return false;
      case 'bytes':
        return null;
      default:
        return 0;
    }
  };

  const valueOf = (f: ProtoField, v: unknown): unknown => {
    if (f.map !== undefined) {
      const vm = lookup(f.map.value.message);
      if (f.map.value.type !== 'message' || vm === undefined || vm.special !== undefined || !isJsonObject(v)) return v;
      const out: JsonObject = {};
      for (const [k, x] of Object.entries(v)) out[k] = isJsonObject(x) ? shape(vm, x) : x;
      return out;
    }
    if (f.type !== 'message') return v;
    const m = lookup(f.message);
    if (m === undefined || m.special !== undefined) return v;
    if (f.repeated === true) return Array.isArray(v) ? v.map((x: unknown) => (isJsonObject(x) ? shape(m, x) : x)) : v;
    return isJsonObject(v) ? shape(m, v) : v;
  };

  function shape(m: ProtoMessage, v: JsonObject): JsonObject {
    let out: JsonObject = { ...v };
    for (const f of m.fields) {
      if (f.inline === true) {
        const im = lookup(f.message);
        if (im !== undefined) out = shape(im, out);
        continue;
      }
      // null decodes into Go as the zero value (nil for pointers, slices and maps).
      if (Object.hasOwn(out, f.name) && out[f.name] !== undefined && out[f.name] !== null) {
        out[f.name] = valueOf(f, out[f.name]);
        continue;
      }
      const z = zeroOf(f);
      if (z === ABSENT) Reflect.deleteProperty(out, f.name);
      else out[f.name] = z;
    }
    return out;
  }

  const root = lookup(message);
  return (obj) => (root === undefined ? obj : shape(root, obj));
}
