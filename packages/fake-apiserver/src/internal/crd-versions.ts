// The versions of a CustomResourceDefinition: each served version has a write strategy of its own
// (defaults and value validation from its schema; conversion strategy None, so an object written
// in one version is stored in the storage version with only its apiVersion changed), and what
// kube-apiserver checks of the versions' schemas when a CRD is written (structural schema rules,
// defaults) — the 422 causes, with kube's paths: `spec.validation.openAPIV3Schema…` when every
// version has the same schema (kube reports it once), `spec.versions[i].schema.openAPIV3Schema…`
// otherwise.
import { celErrors, celSyntaxErrors, hasRules } from './crd-cel.js';
import { defaultCustomResource, defaultsErrors, hasDefaults } from './crd-defaults.js';
import { validateCustomResource, validateCustomResourceStatus } from './crd-validation.js';
import { isJsonObject, jsonEqual } from './json-value.js';
import { dns1035LabelErrors, dns1123SubdomainErrors } from './name-rules.js';
import type { OpenApiSchema } from './schema/data.js';
import type { KindStrategy } from './strategy.js';
import type { FieldCause } from './validation.js';

/** The write strategy of custom resources of one CRD version (`root`: its `openAPIV3Schema`). */
export function customResourceStrategy(root: OpenApiSchema): KindStrategy {
  const rules = hasRules(root);
  const strategy: KindStrategy = {
    // kube-apiserver refuses an update of a custom resource without a resourceVersion.
    requiresResourceVersionOnUpdate: true,
    validate: (obj) => [...validateCustomResource(obj, root), ...(rules ? celErrors(obj, root) : [])],
    validateUpdate: (obj, old, ctx) => [
      ...(ctx.subresource === 'status' ? validateCustomResourceStatus(obj, root, old) : validateCustomResource(obj, root, old)),
      ...(rules ? celErrors(obj, root, old) : []),
    ],
  };
  if (hasDefaults(root)) {
    strategy.default = (obj) => {
      defaultCustomResource(obj, root);
    };
  }
  return strategy;
}

/** The `openAPIV3Schema` of a version record of `spec.versions`. */
export function versionSchema(version: unknown): OpenApiSchema | undefined {
  if (!isJsonObject(version) || !isJsonObject(version.schema)) return undefined;
  const schema = version.schema.openAPIV3Schema;
  return isJsonObject(schema) ? schema : undefined;
}

function typeOf(schema: OpenApiSchema): string {
  return typeof schema.type === 'string' ? schema.type : '';
}

function required(field: string, detail: string): FieldCause {
  return { reason: 'FieldValueRequired', field, message: detail === '' ? 'Required value' : `Required value: ${detail}` };
}

/** Structural schema rules (k8s.io/apiextensions-apiserver/pkg/apiserver/schema validateStructural). */
function structuralErrors(schema: OpenApiSchema, path: string, where: 'root' | 'property' | 'items' | 'additional', out: FieldCause[]): void {
  const intOrString = schema['x-kubernetes-int-or-string'] === true;
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  if (typeOf(schema) === '' && !intOrString && !(preserve && where !== 'root')) {
    if (where === 'root') out.push(required(`${path}.type`, 'must not be empty at the root'));
    else if (where === 'items') out.push(required(`${path}.type`, 'must not be empty for specified array items'));
    else out.push(required(`${path}.type`, 'must not be empty for specified object fields'));
  } else if (where === 'root' && typeOf(schema) !== 'object') {
    out.push({ reason: 'FieldValueInvalid', field: `${path}.type`, message: `Invalid value: ${JSON.stringify(typeOf(schema))}: must be object at the root` });
  }
  const type = typeOf(schema);
  if (type === 'array' && !isJsonObject(schema.items)) out.push(required(`${path}.items`, 'must be specified'));
  if (isJsonObject(schema.properties) && Object.keys(schema.properties).length > 0 && schema.additionalProperties !== undefined && schema.additionalProperties !== false) {
    out.push({ reason: 'FieldValueForbidden', field: `${path}.additionalProperties`, message: 'Forbidden: additionalProperties and properties are mutual exclusive' });
  }
  const listType = schema['x-kubernetes-list-type'];
  if (typeof listType === 'string' && type !== '' && type !== 'array') {
    out.push({ reason: 'FieldValueInvalid', field: `${path}.type`, message: `Invalid value: ${JSON.stringify(type)}: must be array if x-kubernetes-list-type is specified` });
  } else if (listType === 'set' && isJsonObject(schema.items) && typeOf(schema.items) === 'object' && schema.items['x-kubernetes-map-type'] !== 'atomic') {
    const mapType = schema.items['x-kubernetes-map-type'];
    out.push({ reason: 'FieldValueInvalid', field: `${path}.items.x-kubernetes-map-type`, message: `Invalid value: ${mapType === undefined ? 'null' : JSON.stringify(mapType)}: must be atomic as item of a list with x-kubernetes-list-type=set` });
  } else if (listType === 'map') {
    const keys = schema['x-kubernetes-list-map-keys'];
    if (!Array.isArray(keys) || keys.length === 0) out.push(required(`${path}.x-kubernetes-list-map-keys`, 'must not be empty if x-kubernetes-list-type is map'));
    if (isJsonObject(schema.items) && typeOf(schema.items) !== 'object') {
      out.push({ reason: 'FieldValueInvalid', field: `${path}.items.type`, message: `Invalid value: ${JSON.stringify(typeOf(schema.items))}: must be object if parent array's x-kubernetes-list-type is map` });
    }
  }
  if (where === 'root' && isJsonObject(schema.properties) && isJsonObject(schema.properties.metadata)) {
    const meta = schema.properties.metadata;
    const allowed = new Set(['name', 'generateName']);
    const extra = Object.keys(meta).some((k) => !['type', 'properties', 'description'].includes(k))
      || (isJsonObject(meta.properties) && Object.keys(meta.properties).some((k) => !allowed.has(k)));
    if (extra) {
      out.push({ reason: 'FieldValueForbidden', field: `${path}.properties[metadata]`, message: 'Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified' });
    }
  }
  if (schema.uniqueItems === true) {
    out.push({ reason: 'FieldValueForbidden', field: `${path}.uniqueItems`, message: 'Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic' });
  }
  if (isJsonObject(schema.properties)) {
    for (const [name, sub] of Object.entries(schema.properties)) {
      if (isJsonObject(sub)) structuralErrors(sub, `${path}.properties[${name}]`, 'property', out);
    }
  }
  if (isJsonObject(schema.items)) structuralErrors(schema.items, `${path}.items`, 'items', out);
  if (isJsonObject(schema.additionalProperties)) structuralErrors(schema.additionalProperties, `${path}.additionalProperties`, 'additional', out);
}

/**
 * kube-apiserver's 422 causes for the schemas of a CRD object's versions: a version without a
 * schema, schemas that are not structural, defaults that would be pruned or do not validate.
 */
export function crdSchemaErrors(crd: unknown): FieldCause[] {
  const spec = isJsonObject(crd) && isJsonObject(crd.spec) ? crd.spec : undefined;
  const versions = spec !== undefined && Array.isArray(spec.versions) ? (spec.versions as unknown[]) : [];
  const out: FieldCause[] = [];
  const schemas = versions.map(versionSchema);
  schemas.forEach((schema, i) => {
    if (schema === undefined) out.push(required(`spec.versions[${i}].schema.openAPIV3Schema`, ''));
  });
  if (out.length > 0) return out;
  const first = schemas[0];
  const same = first !== undefined && schemas.every((s) => jsonEqual(s, first));
  const checked: [OpenApiSchema, string][] = same
    ? [[first, 'spec.validation.openAPIV3Schema']]
    : schemas.flatMap((s, i) => (s === undefined ? [] : [[s, `spec.versions[${i}].schema.openAPIV3Schema`] as [OpenApiSchema, string]]));
  for (const [schema, path] of checked) {
    const structural: FieldCause[] = [];
    structuralErrors(schema, path, 'root', structural);
    out.push(...structural);
    if (structural.length === 0) out.push(...defaultsErrors(schema, path), ...celSyntaxErrors(schema, path));
  }
  return out;
}


function invalidCause(field: string, value: unknown, detail: string): FieldCause {
  const shown = typeof value === 'string' ? JSON.stringify(value) : value === undefined ? 'null' : JSON.stringify(value);
  return { reason: 'FieldValueInvalid', field, message: `Invalid value: ${shown}: ${detail}` };
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** `spec.versions` as kube-apiserver prints it in a 422: its internal struct as JSON (schemas hoisted out). */
function internalVersions(versions: readonly unknown[]): unknown[] {
  return versions.map((v) => {
    const r = isJsonObject(v) ? v : {};
    return {
      Name: str(r.name),
      Served: r.served === true,
      Storage: r.storage === true,
      Deprecated: r.deprecated === true,
      DeprecationWarning: typeof r.deprecationWarning === 'string' ? r.deprecationWarning : null,
      Schema: null,
      Subresources: null,
      AdditionalPrinterColumns: null,
      SelectableFields: null,
    };
  });
}

/**
 * kube-apiserver's 422 causes for a CRD's metadata.name, spec (group, scope, versions, names) and
 * the storedVersions its create would record, in its order; the schemas are checked apart
 * ({@link crdSchemaErrors}).
 */
export function crdSpecErrors(crd: unknown): FieldCause[] {
  const out: FieldCause[] = [];
  const spec = isJsonObject(crd) && isJsonObject(crd.spec) ? crd.spec : {};
  const names = isJsonObject(spec.names) ? spec.names : {};
  const group = str(spec.group);
  const plural = str(names.plural);
  const metaName = isJsonObject(crd) && isJsonObject(crd.metadata) ? str(crd.metadata.name) : '';
  if (metaName !== '' && metaName !== `${plural}.${group}`) {
    out.push(invalidCause('metadata.name', metaName, 'must be spec.names.plural+"."+spec.group'));
  }
  if (group === '') out.push(required('spec.group', ''));
  else if (dns1123SubdomainErrors(group).length > 0) out.push(invalidCause('spec.group', group, dns1123SubdomainErrors(group).join(',')));
  else if (group.split('.').length < 2) out.push(invalidCause('spec.group', group, 'should be a domain with at least one dot'));
  const scope = spec.scope;
  if (scope === undefined || scope === '') out.push(required('spec.scope', ''));
  else if (scope !== 'Cluster' && scope !== 'Namespaced') {
    out.push({ reason: 'FieldValueNotSupported', field: 'spec.scope', message: `Unsupported value: ${JSON.stringify(scope)}: supported values: "Cluster", "Namespaced"` });
  }
  const versions = Array.isArray(spec.versions) ? (spec.versions as unknown[]) : [];
  const seen = new Set<string>();
  let unique = true;
  let storageCount = 0;
  for (const [i, v] of versions.entries()) {
    const name = isJsonObject(v) ? str(v.name) : '';
    if (isJsonObject(v) && v.storage === true) storageCount++;
    if (seen.has(name)) unique = false;
    seen.add(name);
    const errs = dns1035LabelErrors(name);
    if (errs.length > 0) out.push(invalidCause(`spec.versions[${i}].name`, name, errs.join(',')));
  }
  if (!unique) out.push(invalidCause('spec.versions', internalVersions(versions), 'must contain unique version names'));
  if (storageCount !== 1) out.push(invalidCause('spec.versions', internalVersions(versions), 'must have exactly one version marked as storage version'));
  const first = versions[0];
  const firstName = isJsonObject(first) ? str(first.name) : '';
  if (firstName !== '' && dns1035LabelErrors(firstName).length > 0) out.push(invalidCause('spec.version', firstName, dns1035LabelErrors(firstName).join(',')));
  for (const key of ['plural', 'singular', 'kind', 'listKind'] as const) {
    if (str(names[key]) === '') out.push(required(`spec.names.${key}`, ''));
  }
  for (const key of ['plural', 'singular'] as const) {
    const value = str(names[key]);
    if (value !== '' && dns1035LabelErrors(value).length > 0) out.push(invalidCause(`spec.names.${key}`, value, dns1035LabelErrors(value).join(',')));
  }
  for (const key of ['kind', 'listKind'] as const) {
    const value = str(names[key]);
    const errs = dns1035LabelErrors(value.toLowerCase());
    if (value !== '' && errs.length > 0) out.push(invalidCause(`spec.names.${key}`, value, `may have mixed case, but should otherwise match: ${errs.join(',')}`));
  }
  if (Array.isArray(names.shortNames)) {
    names.shortNames.forEach((n, i) => {
      const errs = dns1035LabelErrors(str(n));
      if (errs.length > 0) out.push(invalidCause(`spec.names.shortNames[${i}]`, str(n), errs.join(',')));
    });
  }
  if (str(names.kind) !== '' && names.kind === names.listKind) out.push(invalidCause('spec.names.listKind', str(names.listKind), 'kind and listKind may not be the same'));
  return out;
}

const APPROVAL = 'api-approved.kubernetes.io';
const APPROVAL_PR = 'https://github.com/kubernetes/enhancements/pull/1111';

/** Groups under k8s.io and kubernetes.io need kube's API approval annotation. */
export function apiApprovalErrors(crd: unknown): FieldCause[] {
  const spec = isJsonObject(crd) && isJsonObject(crd.spec) ? crd.spec : {};
  const group = str(spec.group);
  const isProtected = ['k8s.io', 'kubernetes.io'].some((g) => group === g || group.endsWith(`.${g}`));
  if (!isProtected) return [];
  const meta = isJsonObject(crd) && isJsonObject(crd.metadata) ? crd.metadata : {};
  const annotations = isJsonObject(meta.annotations) ? meta.annotations : {};
  const field = `metadata.annotations[${APPROVAL}]`;
  if (!Object.hasOwn(annotations, APPROVAL)) {
    return [required(field, `protected groups must have approval annotation ${JSON.stringify(APPROVAL)}, see ${APPROVAL_PR}`)];
  }
  const value = str(annotations[APPROVAL]);
  if (value.startsWith('unapproved') || /^https?:\/\/\S+$/.test(value)) return [];
  return [invalidCause(field, value, `protected groups must have approval annotation ${JSON.stringify(APPROVAL)} with either a URL or a reason starting with "unapproved", see ${APPROVAL_PR}`)];
}

/** kube-apiserver's check of the storedVersions a CRD would have against its versions. */
export function storedVersionsErrors(storedVersions: readonly string[], crd: unknown): FieldCause[] {
  if (storedVersions.length === 0) return [invalidCause('status.storedVersions', null, 'must have at least one stored version')];
  const spec = isJsonObject(crd) && isJsonObject(crd.spec) ? crd.spec : {};
  const versions = Array.isArray(spec.versions) ? (spec.versions as unknown[]) : [];
  const out: FieldCause[] = [];
  const remaining = new Map(storedVersions.map((v, i) => [v, i] as const));
  for (const v of versions) {
    if (!isJsonObject(v)) continue;
    const name = str(v.name);
    if (v.storage === true && !remaining.has(name)) out.push(invalidCause('status.storedVersions', storedVersions, `must have the storage version ${name}`));
    remaining.delete(name);
  }
  for (const [v, i] of remaining) out.push(invalidCause(`status.storedVersions[${i}]`, v, 'must appear in spec.versions'));
  return out;
}

const COLUMN_TYPES = ['boolean', 'date', 'integer', 'number', 'string'];
const COLUMN_FORMATS = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];

/**
 * kube-apiserver's 422 causes for the versions' additionalPrinterColumns, reported under
 * `spec.additionalPrinterColumns` when every version has the same ones (kube holds them once).
 */
export function printerColumnErrors(crd: unknown): FieldCause[] {
  const spec = isJsonObject(crd) && isJsonObject(crd.spec) ? crd.spec : {};
  const versions = Array.isArray(spec.versions) ? (spec.versions as unknown[]) : [];
  const columnsOf = (v: unknown): unknown[] => (isJsonObject(v) && Array.isArray(v.additionalPrinterColumns) ? v.additionalPrinterColumns : []);
  const first = columnsOf(versions[0]);
  const same = versions.every((v) => jsonEqual(columnsOf(v), first));
  const lists: [unknown[], string][] = same ? [[first, 'spec.additionalPrinterColumns']] : versions.map((v, i) => [columnsOf(v), `spec.versions[${i}].additionalPrinterColumns`]);
  const out: FieldCause[] = [];
  for (const [columns, path] of lists) {
    columns.forEach((c, i) => {
      const col = isJsonObject(c) ? c : {};
      const at = `${path}[${i}]`;
      if (str(col.name) === '') out.push(required(`${at}.name`, ''));
      const type = str(col.type);
      if (type === '') out.push(required(`${at}.type`, `must be one of ${COLUMN_TYPES.join(',')}`));
      else if (!COLUMN_TYPES.includes(type)) out.push(invalidCause(`${at}.type`, type, `must be one of ${COLUMN_TYPES.join(',')}`));
      const format = str(col.format);
      if (format !== '' && !COLUMN_FORMATS.includes(format)) out.push(invalidCause(`${at}.format`, format, `must be one of ${COLUMN_FORMATS.join(',')}`));
      const jsonPath = str(col.jsonPath);
      if (jsonPath === '') out.push(required(`${at}.JSONPath`, ''));
      else if (!jsonPath.startsWith('.')) out.push(invalidCause(`${at}.JSONPath`, jsonPath, 'must be a simple json path starting with .'));
    });
  }
  return out;
}
