// Where writes meet the field manager: one field manager per served kind (its schema from the
// built-in definitions, the CRD's structural schema, or deduced), `Update` entries recorded on
// every HTTP write, and server-side apply.
import { settleScaleManagedFields } from './scale.js';
import type { KubeObject } from '../types.js';
import {
  applySchemaFromCrd,
  applySchemaFromOpenApi,
  createFieldManager,
  DEDUCED_SCHEMA,
  goShapeNormalizer,
  type FieldManager,
  type FieldManagerOptions,
  type ObjectJson,
} from './apply/field-manager.js';
import type { OpenApiSchema } from './schema/data.js';
import { generatedOpenApi, generatedProtobuf, generatedResources } from './schema/load.js';
import type { Registry, ServedKind } from './registry.js';

type Metadata = NonNullable<KubeObject['metadata']>;

/** Sets `metadata.managedFields` last in metadata (where kube-apiserver writes it), or removes it. */
function setManagedFields(obj: KubeObject, managedFields: unknown): void {
  const meta: Metadata = obj.metadata ?? {};
  delete meta.managedFields;
  if (Array.isArray(managedFields) && managedFields.length > 0) {
    (meta as Record<string, unknown>).managedFields = managedFields;
  }
  obj.metadata = meta;
}

function managedFieldsOf(obj: ObjectJson): unknown {
  const meta = obj.metadata;
  return typeof meta === 'object' && meta !== null ? (meta as Record<string, unknown>).managedFields : undefined;
}

/** What an apply needs besides the objects. */
export interface ApplyRequest {
  readonly manager: string;
  readonly force: boolean;
  readonly subresource: 'status' | undefined;
}

export class ManagedFieldsHook {
  private readonly managers = new WeakMap<ServedKind, FieldManager>();

  constructor(
    private readonly registry: Registry,
    private readonly now: () => Date,
  ) {}

  /** The CRD version's `openAPIV3Schema` serving a custom kind, when it has one. */
  private crdSchema(served: ServedKind): OpenApiSchema | undefined {
    if (served.crdName === undefined) return undefined;
    const crds = this.registry.lookupKind('apiextensions.k8s.io/v1', 'CustomResourceDefinition');
    const crd = crds?.store.entries.get(served.crdName)?.obj as { spec?: { versions?: unknown } } | undefined;
    const versions = crd?.spec?.versions;
    if (!Array.isArray(versions)) return undefined;
    const version = (versions as { name?: unknown; schema?: { openAPIV3Schema?: unknown } }[]).find((v) => v.name === served.info.version);
    const schema = version?.schema?.openAPIV3Schema;
    return typeof schema === 'object' && schema !== null ? (schema as OpenApiSchema) : undefined;
  }

  /**
   * Built-in kinds: their generated OpenAPI schema, compared in the shape of their Go types;
   * custom kinds: the CRD version's structural schema; kinds from `resources`: deduced from the objects.
   */
  private typing(served: ServedKind): Pick<FieldManagerOptions, 'schema' | 'normalize'> {
    const { info } = served;
    if (served.origin === 'crd') return { schema: applySchemaFromCrd(this.crdSchema(served), generatedOpenApi().schemas) };
    if (served.origin === 'builtin') {
      const resource = generatedResources().find((r) => r.group === info.group && r.version === info.version && r.kind === info.kind);
      if (resource !== undefined) {
        return {
          schema: applySchemaFromOpenApi(generatedOpenApi().schemas, resource.schema),
          normalize: goShapeNormalizer(generatedProtobuf(), resource.protobuf),
        };
      }
    }
    return { schema: DEDUCED_SCHEMA };
  }

  /** The field manager of a served kind (a CRD change serves new kinds, and so gets new managers). */
  fieldManager(served: ServedKind): FieldManager {
    let fm = this.managers.get(served);
    if (fm === undefined) {
      fm = createFieldManager({
        ...this.typing(served),
        kind: served.info.kind,
        // What the write strategies reset: a main-resource write leaves status alone, a status
        // write changes nothing else.
        resetFields: served.info.statusSubresource ? { '': [['status']], status: [['spec']] } : {},
      });
      this.managers.set(served, fm);
    }
    return fm;
  }

  /**
   * Records an `Update` of `live` into `next` (create: `live` undefined) by `manager`: sets
   * `next.metadata.managedFields`.
   */
  recordUpdate(served: ServedKind, live: KubeObject | undefined, next: KubeObject, manager: string, subresource: 'status' | 'scale' | 'finalize' | 'approval' | undefined): void {
    // A version stored in another's form is recorded in its own fields (see KindInfo.conversion).
    const { conversion, apiVersion } = served.info;
    const inServed = (obj: KubeObject): ObjectJson =>
      (conversion === undefined || obj.apiVersion === apiVersion ? obj : conversion.fromStorage(obj as unknown as Record<string, unknown>)) as ObjectJson;
    const updated = this.fieldManager(served).update(live === undefined ? undefined : inServed(live), inServed(next), {
      manager,
      apiVersion: served.info.apiVersion,
      subresource,
      now: this.now(),
    });
    setManagedFields(next, managedFieldsOf(updated));
    if (subresource === 'scale') settleScaleManagedFields(served.info, next);
  }

  /**
   * A CRD's create: the creator's entry was computed on the object as it sent it (`before`); the
   * status the create stores (`status.storedVersions`, nothing accepted yet) is nobody's, and
   * kube-apiserver's controllers record their own status writes afterwards (crd-status.ts).
   */
  recordControllerStatus(_served: ServedKind, before: KubeObject, after: KubeObject): void {
    setManagedFields(after, before.metadata?.managedFields);
  }

  /** Applies `applied` to `live` (undefined: absent) and returns the new object with its managedFields. */
  apply(served: ServedKind, live: KubeObject | undefined, applied: KubeObject, request: ApplyRequest): KubeObject {
    const result = this.fieldManager(served).apply(live as ObjectJson | undefined, applied as ObjectJson, {
      manager: request.manager,
      apiVersion: served.info.apiVersion,
      subresource: request.subresource,
      force: request.force,
      now: this.now(),
    }) as KubeObject;
    setManagedFields(result, result.metadata?.managedFields);
    return result;
  }
}

/** Gives `to` the managedFields of `from` (a status write keeps the stored object but the new ownership). */
export function carryManagedFields(from: KubeObject, to: KubeObject): void {
  setManagedFields(to, from.metadata?.managedFields);
}
