// The shape of the data generated from the Kubernetes API modules (tooling/k8s-schema-gen) and
// loaded by the fake: the built-in resources kube-apiserver serves, their OpenAPI v3 schemas and
// their protobuf messages. The files live in the package's `data/` directory; this module only
// describes them.

/** One built-in resource as kube-apiserver's discovery describes it. */
export interface GeneratedResource {
  /** API group; `''` for the core group. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** e.g. `'PodList'`; `''` for resources that cannot be listed (`bindings`, the review kinds). */
  readonly listKind: string;
  /** e.g. `'pods'` */
  readonly plural: string;
  /** e.g. `'pod'` */
  readonly singular: string;
  readonly namespaced: boolean;
  /** Discovery verbs, sorted. */
  readonly verbs: readonly string[];
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  /** Discovery's storageVersionHash, when kube-apiserver reports one. */
  readonly storageVersionHash?: string;
  /** Subresources (`status`, `scale`, `eviction`, …) with the kind they take and their verbs. */
  readonly subresources: readonly GeneratedSubresource[];
  /** The OpenAPI definition name of the kind, e.g. `'io.k8s.api.core.v1.Pod'`. */
  readonly schema: string;
  /** The protobuf message name of the kind, e.g. `'k8s.io.api.core.v1.Pod'`. */
  readonly protobuf: string;
}

interface GeneratedSubresource {
  readonly name: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly verbs: readonly string[];
}

/**
 * An OpenAPI v3 schema object as kube-apiserver publishes it under `components.schemas`
 * (references are `#/components/schemas/<name>`), with Kubernetes' extensions:
 * `x-kubernetes-list-type`, `x-kubernetes-list-map-keys`, `x-kubernetes-map-type`,
 * `x-kubernetes-patch-strategy`, `x-kubernetes-patch-merge-key`, `x-kubernetes-int-or-string`,
 * `x-kubernetes-preserve-unknown-fields`, `x-kubernetes-embedded-resource`,
 * `x-kubernetes-group-version-kind`, `x-kubernetes-unions`.
 */
export type OpenApiSchema = Readonly<Record<string, unknown>>;

/** `data/openapi.json.gz` */
export interface GeneratedOpenApi {
  /** Every definition kube-apiserver publishes, by name (`io.k8s.api.core.v1.Pod`). */
  readonly schemas: Readonly<Record<string, OpenApiSchema>>;
}

/** Protobuf scalar types as they appear on the wire. */
export type ProtoScalar =
  | 'string'
  | 'bytes'
  | 'bool'
  | 'int32'
  | 'int64'
  | 'uint32'
  | 'uint64'
  | 'double'
  | 'float';

/** How a value of a field looks in JSON (needed to write Go's JSON from a decoded message). */
export interface ProtoValueType {
  /** A scalar, or `'message'` (see `message`). */
  readonly type: ProtoScalar | 'message';
  /** For `type: 'message'`: the message's full name, e.g. `'k8s.io.api.core.v1.PodSpec'`. */
  readonly message?: string;
}

export interface ProtoField extends ProtoValueType {
  /** The field's JSON name (`metadata`); for `inline` fields the Go field name. */
  readonly name: string;
  readonly number: number;
  /** A repeated field (Go slice other than `[]byte`). */
  readonly repeated?: true;
  /**
   * A packed repeated scalar (proto3 messages only, i.e. OpenAPI v2's `Document`); Kubernetes'
   * own messages are proto2 and never packed.
   */
  readonly packed?: true;
  /**
   * A Go pointer, or a `[]byte` (which Go treats alike): written only when set, and then even
   * when it holds the zero value (an empty `[]byte` is written with length 0).
   */
  readonly pointer?: true;
  /** A map field: the key's type and the value's type. */
  readonly map?: { readonly key: ProtoScalar; readonly value: ProtoValueType };
  /** The JSON tag has `omitempty` (a zero value is left out of JSON). */
  readonly omitEmpty?: true;
  /**
   * The JSON tag has `omitzero`: the value is left out of JSON when it is the zero value of its
   * Go type, structs included (e.g. `metadata.creationTimestamp`, a zero `Time`).
   */
  readonly omitZero?: true;
  /** The JSON tag has `,inline`: the message's fields appear in the parent JSON object. */
  readonly inline?: true;
  /** Go type, for diagnostics (e.g. `'*int32'`, `'[]v1.Container'`). */
  readonly goType: string;
}

export interface ProtoMessage {
  /** Fields in field-number order. */
  readonly fields: readonly ProtoField[];
  /**
   * Set when the Go type has its own JSON form that is not its message fields: `'Time'`,
   * `'MicroTime'`, `'Duration'`, `'Quantity'`, `'IntOrString'`, `'RawExtension'`, `'FieldsV1'`,
   * `'Unknown'`; apiextensions' `'JSON'`, `'JSONSchemaPropsOrBool'`, `'JSONSchemaPropsOrArray'`,
   * `'JSONSchemaPropsOrStringArray'` (Go types with a JSON marshaller of their own); or `'list'`
   * for a named slice type wrapped in a message whose single repeated
   * field `items` holds the elements (JSON: the bare array).
   */
  readonly special?: string;
  /**
   * The Go struct embeds `TypeMeta` inline without a protobuf number: its JSON has `apiVersion`
   * and `kind`, its message does not (they travel in the `runtime.Unknown` envelope).
   */
  readonly typeMeta?: true;
  /**
   * The field numbers in the Go struct's declaration order, which is the order of Go's JSON,
   * when it differs from the number order (e.g. `OwnerReference`: `apiVersion` (5) comes first).
   */
  readonly jsonOrder?: readonly number[];
  /** The Go type, e.g. `'k8s.io/api/core/v1.Pod'`. */
  readonly goType: string;
}

/** `data/protobuf.json.gz` */
export interface GeneratedProtobuf {
  /** Messages by full name (`k8s.io.api.core.v1.Pod`). */
  readonly messages: Readonly<Record<string, ProtoMessage>>;
}
