// Where a built-in kind holds resource.Quantity values, read once per kind from the generated
// OpenAPI schemas, and the decode step that writes them back as kube-apiserver does.
import type { KubeObject } from '../types.js';
import { builtinDefinitions, definitionName } from './kind-schemas.js';
import type { KindInfo } from './kinds.js';
import { canonicalQuantity, QuantityError } from './quantity.js';
import type { OpenApiSchema } from './schema/data.js';
import { badRequest } from './status.js';

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const REF_PREFIX = '#/components/schemas/';

/** The paths to Quantity values under a schema; undefined where there are none. */
type Plan =
  | { readonly kind: 'quantity' }
  /** A core ResourceList: a map of Quantities rounded up to milli units by defaulting. */
  | { readonly kind: 'resourceList' }
  | { readonly kind: 'object'; readonly props: ReadonlyMap<string, Plan> }
  | { readonly kind: 'array'; readonly items: Plan }
  | { readonly kind: 'map'; readonly values: Plan };

function refOf(schema: OpenApiSchema): string | undefined {
  const direct = schema.$ref;
  if (typeof direct === 'string') return direct.slice(REF_PREFIX.length);
  const allOf = schema.allOf;
  if (Array.isArray(allOf) && allOf.length === 1) {
    const first = allOf[0] as OpenApiSchema | undefined;
    if (first !== undefined && typeof first.$ref === 'string') return first.$ref.slice(REF_PREFIX.length);
  }
  return undefined;
}

class Planner {
  private readonly byName = new Map<string, Plan | undefined>();
  private readonly building = new Set<string>();

  constructor(private readonly defs: Readonly<Record<string, OpenApiSchema>>) {}

  named(name: string): Plan | undefined {
    if (name === QUANTITY) return { kind: 'quantity' };
    if (this.byName.has(name)) return this.byName.get(name);
    // A recursive type (JSONSchemaProps) holds no quantities on its way back to itself.
    if (this.building.has(name)) return undefined;
    const schema = this.defs[name];
    if (schema === undefined) return undefined;
    this.building.add(name);
    const plan = this.schema(schema);
    this.building.delete(name);
    this.byName.set(name, plan);
    return plan;
  }

  schema(schema: OpenApiSchema): Plan | undefined {
    const ref = refOf(schema);
    if (ref !== undefined) return this.named(ref);
    const items = schema.items as OpenApiSchema | undefined;
    if (schema.type === 'array' && items !== undefined) {
      const plan = this.schema(items);
      return plan === undefined ? undefined : { kind: 'array', items: plan };
    }
    const additional = schema.additionalProperties;
    if (typeof additional === 'object' && additional !== null) {
      const plan = this.schema(additional as OpenApiSchema);
      if (plan === undefined) return undefined;
      return plan.kind === 'quantity' ? { kind: 'resourceList' } : { kind: 'map', values: plan };
    }
    const properties = schema.properties as Record<string, OpenApiSchema> | undefined;
    if (properties === undefined) return undefined;
    const props = new Map<string, Plan>();
    for (const [key, prop] of Object.entries(properties)) {
      const plan = this.schema(prop);
      if (plan !== undefined) props.set(key, plan);
    }
    return props.size === 0 ? undefined : { kind: 'object', props };
  }
}

let planner: Planner | undefined;
const byKind = new Map<string, Plan | undefined>();

function planFor(info: KindInfo): Plan | undefined {
  const key = `${info.group}/${info.version}/${info.kind}`;
  if (byKind.has(key)) return byKind.get(key);
  const defs = builtinDefinitions();
  planner ??= new Planner(defs);
  const name = definitionName(defs, info.group, info.version, info.kind);
  const plan = name === undefined ? undefined : planner.named(name);
  byKind.set(key, plan);
  return plan;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function walk(value: unknown, plan: Plan): void {
  switch (plan.kind) {
    case 'quantity':
      return;
    case 'resourceList':
    case 'map':
      if (!isRecord(value)) return;
      for (const [key, v] of Object.entries(value)) {
        if (plan.kind === 'resourceList') value[key] = canonicalQuantity(v, true);
        else walk(v, plan.values);
      }
      return;
    case 'array':
      if (Array.isArray(value)) for (const v of value) walk(v, plan.items);
      return;
    case 'object':
      if (!isRecord(value)) return;
      for (const [key, child] of plan.props) {
        const v = value[key];
        if (v === undefined) continue;
        // A null optional Quantity decodes to no value at all.
        if (child.kind === 'quantity') {
          if (v === null) Reflect.deleteProperty(value, key);
          else value[key] = canonicalQuantity(v, false);
        }
        else walk(v, child);
      }
  }
}

/**
 * Rewrites every Quantity of a built-in kind's object in kube-apiserver's canonical form, in
 * place. Custom resources are left alone (their schemas hold no Quantity type).
 *
 * @throws {BadRequestError} a Quantity field holds something that is not a quantity: kube's decode error
 */
export function canonicalizeQuantities(info: KindInfo, obj: KubeObject): void {
  if (!info.strategicMerge) return;
  const plan = planFor(info);
  if (plan === undefined) return;
  try {
    walk(obj, plan);
  } catch (err) {
    if (!(err instanceof QuantityError)) throw err;
    throw badRequest(`${info.kind} in version ${JSON.stringify(info.version)} cannot be handled as a ${info.kind}: ${err.message}`);
  }
}
