// Custom resources as kube-apiserver serves them from their CRD: value validation against the
// structural schema (go-openapi's wording), defaulting, the checks of a CRD's schemas when it is
// created, the CRD's status over time, several versions (conversion None) and the Table columns.
// Each refused write breaks one rule only: kube-apiserver lists the errors of several properties
// in Go map order, which changes between requests.
import { pick } from '../project.js';
import type { Answer, Projection, Scenario, Step } from '../scenario.js';
import { MERGE, namespaceStep, rvOf } from './common.js';

const AREA = 'crds';
const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const TABLE = { Accept: 'application/json;as=Table;g=meta.k8s.io;v=v1' };

function established(answer: Answer): boolean {
  const conditions = (answer.body as { status?: { conditions?: { type: string; status: string }[] | null } } | undefined)?.status?.conditions ?? [];
  return conditions.some((c) => c.type === 'Established' && c.status === 'True');
}

interface CrdOptions {
  readonly plural: string;
  readonly kind: string;
  readonly versions: readonly Record<string, unknown>[];
}

function crdBody(group: string, o: CrdOptions): Record<string, unknown> {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${o.plural}.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { plural: o.plural, singular: o.kind.toLowerCase(), kind: o.kind, listKind: `${o.kind}List` },
      versions: o.versions,
    },
  };
}

/** Setup: create the CRD, wait until it is established and its first served version answers. */
function crdSetup(o: CrdOptions, version = 'v1'): Step[] {
  return [
    { name: `crd-${o.plural}`, setup: true, method: 'POST', path: CRDS, body: (ctx) => ({ json: crdBody(ctx.group, o) }) },
    { name: `crd-${o.plural}-established`, setup: true, method: 'GET', path: (ctx) => `${CRDS}/${o.plural}.${ctx.group}`, until: established },
    { name: `crd-${o.plural}-served`, setup: true, method: 'GET', path: `/apis/{group}/${version}/namespaces/{ns}/${o.plural}`, until: (a) => a.status === 200 },
  ];
}

const specAndStatus: Projection = pick('apiVersion', 'kind', 'metadata.name', 'spec', 'status');

// --- value validation ----------------------------------------------------------------------

const gadgetSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['color'],
      properties: {
        replicas: { type: 'integer', minimum: 0, maximum: 10 },
        ratio: { type: 'number', multipleOf: 0.5, maximum: 5, exclusiveMaximum: true },
        step: { type: 'integer', multipleOf: 3, minimum: 1, exclusiveMinimum: true },
        color: { type: 'string', enum: ['red', 'blue'] },
        size: { type: 'integer', enum: [1, 2] },
        name: { type: 'string', minLength: 2, maxLength: 5, pattern: '^[a-z]+$' },
        tags: { type: 'array', maxItems: 2, minItems: 1, items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, port: { type: 'integer', format: 'int32' } } },
        },
        labels: { type: 'object', maxProperties: 2, minProperties: 1, additionalProperties: { type: 'string', maxLength: 3 } },
        port: { 'x-kubernetes-int-or-string': true },
        when: { type: 'string', format: 'date-time' },
        address: { type: 'string', format: 'ipv4' },
        id: { type: 'string', format: 'uuid' },
        n32: { type: 'integer', format: 'int32' },
        note: { type: 'string', nullable: true },
        template: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
        anyOf: { type: 'integer', anyOf: [{ minimum: 5 }, { maximum: 1 }] },
        oneOf: { type: 'integer', oneOf: [{ minimum: 5 }, { minimum: 7 }] },
        not: { type: 'string', not: { enum: ['x'] } },
        allOf: { type: 'string', allOf: [{ minLength: 2 }, { maxLength: 3 }] },
      },
    },
    status: { type: 'object', properties: { ready: { type: 'boolean' }, count: { type: 'integer', minimum: 0 } } },
  },
};

const gadgets: CrdOptions = {
  plural: 'gadgets',
  kind: 'Gadget',
  versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: gadgetSchema }, subresources: { status: {} } }],
};
const gadgetPath = '/apis/{group}/v1/namespaces/{ns}/gadgets';

function gadget(group: string, name: string, spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: `${group}/v1`, kind: 'Gadget', metadata: { name }, spec: { color: 'red', ...spec } };
}

/** A create of a gadget with `spec` (color red unless it says otherwise). */
function createGadget(name: string, spec: Record<string, unknown>): Step {
  return { name, method: 'POST', path: gadgetPath, body: (ctx) => ({ json: gadget(ctx.group, name, spec) }), expect: specAndStatus };
}

const validationScenario: Scenario = {
  name: 'crd-value-validation',
  area: AREA,
  description: 'a custom resource refused with 422 for each rule of its schema (type, format, enum, bounds, lengths, pattern, items, properties, required, list types, embedded resources), one at a time',
  steps: [
    namespaceStep,
    ...crdSetup(gadgets),
    createGadget('below-minimum', { replicas: -1 }),
    createGadget('above-maximum', { replicas: 11 }),
    createGadget('exclusive-maximum', { ratio: 4.9999, name: 'ab' }),
    createGadget('at-exclusive-maximum', { ratio: 5.5 }),
    createGadget('not-multiple', { ratio: 0.7 }),
    createGadget('integer-for-fraction-factor', { ratio: 2 }),
    createGadget('integer-not-multiple', { step: 4 }),
    createGadget('at-exclusive-minimum', { step: 1 }),
    createGadget('enum', { color: 'green' }),
    createGadget('enum-number', { size: 3 }),
    createGadget('too-short', { name: 'a' }),
    createGadget('too-long', { name: 'abcdef' }),
    createGadget('pattern', { name: 'AB' }),
    createGadget('wrong-type', { replicas: 'three' }),
    createGadget('fraction-for-integer', { replicas: 1.5 }),
    createGadget('int32-range', { n32: 3000000000 }),
    createGadget('object-for-string', { name: { a: 1 } }),
    createGadget('array-for-object', { labels: ['a'] }),
    createGadget('date-time', { when: 'yesterday' }),
    createGadget('date-time-ok', { when: '2024-02-29T10:00:00Z' }),
    createGadget('ipv4', { address: '10.0.0.256' }),
    createGadget('uuid', { id: 'not-a-uuid' }),
    createGadget('int-or-string', { port: true }),
    createGadget('int-or-string-ok', { port: 'http' }),
    createGadget('too-many-items', { tags: ['a', 'b', 'c'] }),
    createGadget('too-few-items', { tags: [] }),
    createGadget('set-duplicate', { tags: ['a', 'a'] }),
    createGadget('map-duplicate', { ports: [{ name: 'http', port: 80 }, { name: 'http', port: 81 }] }),
    createGadget('map-item-required', { ports: [{ port: 80 }] }),
    createGadget('item-int32', { ports: [{ name: 'a', port: 1.5 }] }),
    createGadget('too-many-properties', { labels: { a: 'x', b: 'y', c: 'z' } }),
    createGadget('too-few-properties', { labels: {} }),
    createGadget('additional-property', { labels: { a: 'long' } }),
    createGadget('required', { color: undefined }),
    createGadget('nullable', { note: null }),
    createGadget('embedded-resource', { template: { metadata: { name: 'x' } } }),
    createGadget('embedded-resource-labels', { template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'X_', labels: { 'a b': 'c' } } } }),
    createGadget('embedded-resource-ok', { template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } } }),
    createGadget('any-of', { anyOf: 3 }),
    createGadget('one-of-two-valid', { oneOf: 8 }),
    createGadget('one-of-none-valid', { oneOf: 3 }),
    createGadget('not', { not: 'x' }),
    createGadget('all-of', { allOf: 'abcd' }),
    { name: 'spec-not-object', method: 'POST', path: gadgetPath, body: (ctx) => ({ json: { apiVersion: `${ctx.group}/v1`, kind: 'Gadget', metadata: { name: 'str' }, spec: 'str' } }) },
    createGadget('valid', { replicas: 3, ratio: 1.5, tags: ['a'] }),
    { name: 'update-invalid', method: 'PATCH', path: `${gadgetPath}/valid`, headers: { 'Content-Type': MERGE }, body: { text: '{"spec":{"replicas":20}}' } },
    { name: 'status-invalid', method: 'PATCH', path: `${gadgetPath}/valid/status`, headers: { 'Content-Type': MERGE }, body: { text: '{"status":{"count":-1}}' } },
    { name: 'status-ok', method: 'PATCH', path: `${gadgetPath}/valid/status`, headers: { 'Content-Type': MERGE }, body: { text: '{"status":{"count":2,"ready":true}}' }, expect: specAndStatus },
  ],
};

// --- defaulting ----------------------------------------------------------------------------

const doodadSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      default: {},
      properties: {
        replicas: { type: 'integer', default: 1 },
        mode: { type: 'string', default: 'auto' },
        note: { type: 'string' },
        limits: { type: 'object', properties: { cpu: { type: 'string', default: '100m' } } },
        policy: { type: 'object', default: { kind: 'Retry' }, properties: { kind: { type: 'string' }, attempts: { type: 'integer', default: 3 } } },
        ports: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, protocol: { type: 'string', default: 'TCP' } } } },
      },
    },
  },
};

const doodads: CrdOptions = {
  plural: 'doodads',
  kind: 'Doodad',
  versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: doodadSchema } }],
};
const doodadPath = '/apis/{group}/v1/namespaces/{ns}/doodads';

function doodad(name: string, spec?: unknown): NonNullable<Step['body']> {
  return (ctx) => ({ json: { apiVersion: `${ctx.group}/v1`, kind: 'Doodad', metadata: { name }, ...(spec === undefined ? {} : { spec }) } });
}

function badDefaultCrd(name: string, property: Record<string, unknown>): Step {
  return {
    name,
    method: 'POST',
    path: CRDS,
    body: (ctx) => ({
      json: crdBody(ctx.group, {
        plural: 'baddefaults',
        kind: 'BadDefault',
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { field: property } } } } } }],
      }),
    }),
  };
}

const defaultingScenario: Scenario = {
  name: 'crd-defaulting',
  area: AREA,
  description: 'defaults of a CRD schema filled in on create, update and patch (nested ones only under a parent that exists or was defaulted; nulls), and CRDs refused for defaults that do not validate or would be pruned',
  steps: [
    namespaceStep,
    ...crdSetup(doodads),
    { name: 'no-spec', method: 'POST', path: doodadPath, body: doodad('empty'), expect: specAndStatus },
    { name: 'partial', method: 'POST', path: doodadPath, body: doodad('partial', { replicas: 5, limits: {}, policy: { kind: 'Never' }, ports: [{ name: 'a' }, { name: 'b', protocol: 'UDP' }] }), expect: specAndStatus },
    { name: 'nulls', method: 'POST', path: doodadPath, body: doodad('nulls', { replicas: null, note: null, mode: 'manual' }), expect: specAndStatus },
    { name: 'update-drops-defaulted', method: 'PUT', path: `${doodadPath}/partial`, body: (ctx) => ({ json: { apiVersion: `${ctx.group}/v1`, kind: 'Doodad', metadata: { name: 'partial', resourceVersion: rvOf(ctx.answers.partial) }, spec: { note: 'x' } } }), expect: specAndStatus },
    { name: 'merge-patch-null', method: 'PATCH', path: `${doodadPath}/partial`, headers: { 'Content-Type': MERGE }, body: { text: '{"spec":{"mode":null,"policy":null}}' }, expect: specAndStatus },
    { name: 'get', method: 'GET', path: `${doodadPath}/nulls`, expect: specAndStatus },
    badDefaultCrd('default-below-minimum', { type: 'integer', minimum: 0, default: -1 }),
    badDefaultCrd('default-wrong-type', { type: 'integer', default: 'x' }),
    badDefaultCrd('default-unknown-fields', { type: 'object', properties: { a: { type: 'string' } }, default: { b: 'x' } }),
    badDefaultCrd('default-nested-invalid', { type: 'object', properties: { a: { type: 'string', maxLength: 1 } }, default: { a: 'long' } }),
  ],
};

// --- CRD creation ----------------------------------------------------------------------------

function schemaCrd(name: string, schema: unknown, extra: Record<string, unknown> = {}): Step {
  return {
    name,
    method: 'POST',
    path: CRDS,
    query: { dryRun: 'All' },
    body: (ctx) => ({
      json: crdBody(ctx.group, { plural: 'refuseds', kind: 'Refused', versions: [{ name: 'v1', served: true, storage: true, ...(schema === undefined ? {} : { schema: { openAPIV3Schema: schema } }), ...extra }] }),
    }),
  };
}

const creationScenario: Scenario = {
  name: 'crd-schema-rules',
  area: AREA,
  description: 'CRDs refused (in dry run) for their schemas: none, no type at the root, for a property or array items, not an object at the root, arrays without items, metadata beyond name and generateName, properties with additionalProperties, list types on the wrong types, uniqueItems; and schemas that differ between versions',
  steps: [
    namespaceStep,
    schemaCrd('no-schema', undefined),
    schemaCrd('no-root-type', { properties: { spec: { type: 'object' } } }),
    schemaCrd('root-not-object', { type: 'string' }),
    schemaCrd('no-property-type', { type: 'object', properties: { spec: { properties: { a: { type: 'string' } } } } }),
    schemaCrd('no-items-type', { type: 'object', properties: { spec: { type: 'object', properties: { list: { type: 'array', items: {} } } } } }),
    schemaCrd('array-without-items', { type: 'object', properties: { spec: { type: 'array' } } }),
    schemaCrd('metadata-labels', { type: 'object', properties: { metadata: { type: 'object', properties: { labels: { type: 'object' } } } } }),
    schemaCrd('metadata-name', { type: 'object', properties: { metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 5 } } } } }),
    schemaCrd('properties-and-additional', { type: 'object', properties: { spec: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: { type: 'string' } } } }),
    schemaCrd('list-type-on-object', { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-list-type': 'set' } } }),
    schemaCrd('set-of-objects', { type: 'object', properties: { spec: { type: 'array', items: { type: 'object' }, 'x-kubernetes-list-type': 'set' } } }),
    schemaCrd('map-of-strings', { type: 'object', properties: { spec: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'map' } } }),
    schemaCrd('unique-items', { type: 'object', properties: { spec: { type: 'object', properties: { list: { type: 'array', uniqueItems: true, items: { type: 'string' } } } } } }),
    {
      name: 'two-versions-one-bad',
      method: 'POST',
      path: CRDS,
      query: { dryRun: 'All' },
      body: (ctx) => ({
        json: crdBody(ctx.group, {
          plural: 'refuseds',
          kind: 'Refused',
          versions: [
            { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } },
            { name: 'v2', served: true, storage: false, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { properties: {} } } } } },
          ],
        }),
      }),
    },
  ],
};

function specCrd(name: string, edit: (spec: Record<string, unknown>) => void): Step {
  return {
    name,
    method: 'POST',
    path: CRDS,
    query: { dryRun: 'All' },
    body: (ctx) => {
      const body = crdBody(ctx.group, { plural: 'refuseds', kind: 'Refused', versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }] });
      edit(body.spec as Record<string, unknown>);
      return { json: body };
    },
  };
}

const objectSchema = { openAPIV3Schema: { type: 'object' } };

const specRulesScenario: Scenario = {
  name: 'crd-spec-rules',
  area: AREA,
  description: 'CRDs refused (in dry run) for their spec: no storage version or two, no versions, a bad scope, missing names, a kind that is not a valid name',
  steps: [
    namespaceStep,
    specCrd('no-storage-version', (spec) => { spec.versions = [{ name: 'v1', served: true, storage: false, schema: objectSchema }]; }),
    specCrd('two-storage-versions', (spec) => { spec.versions = [{ name: 'v1', served: true, storage: true, schema: objectSchema }, { name: 'v2', served: true, storage: true, schema: objectSchema }]; }),
    specCrd('no-versions', (spec) => { spec.versions = []; }),
    specCrd('bad-scope', (spec) => { spec.scope = 'Everywhere'; }),
    specCrd('no-kind', (spec) => { spec.names = { plural: 'refuseds' }; }),
    specCrd('bad-version-name', (spec) => { spec.versions = [{ name: 'V1', served: true, storage: true, schema: objectSchema }]; }),
    specCrd('column-type', (spec) => { (spec.versions as Record<string, unknown>[])[0]!.additionalPrinterColumns = [{ name: 'A', type: 'foo', jsonPath: '.spec.a' }]; }),
    specCrd('column-path-format', (spec) => { (spec.versions as Record<string, unknown>[])[0]!.additionalPrinterColumns = [{ name: '', type: 'string', jsonPath: 'spec.a', format: 'bogus' }, { name: 'B', type: 'string' }]; }),
    specCrd('protected-group', (spec) => { spec.group = 'example.k8s.io'; }),
    specCrd('no-served-version', (spec) => { spec.versions = [{ name: 'v1', served: false, storage: true, schema: objectSchema }]; }),
  ],
};

// --- status over time, versions --------------------------------------------------------------

const crdStatusOf: Projection = pick('metadata.name', 'metadata.managedFields', 'spec.conversion', 'spec.names', 'status');

/** Watch events of the CRD: type and status (with the managers that wrote it). */
const statusEvents: Projection = (body) =>
  (body as { type?: unknown; object?: unknown }[]).map((e) => ({ type: e.type, object: crdStatusOf(e.object) }));

const thingSchema = { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } };

function thingsCrd(storage: string): (ctx: { group: string }) => Record<string, unknown> {
  return (ctx) =>
    crdBody(ctx.group, {
      plural: 'things',
      kind: 'Thing',
      versions: [
        { name: 'v1beta1', served: true, storage: storage === 'v1beta1', schema: thingSchema },
        { name: 'v1', served: true, storage: storage === 'v1', schema: thingSchema },
        { name: 'v2', served: false, storage: false, schema: thingSchema },
      ],
    });
}

const thingsPath = (version: string): string => `/apis/{group}/${version}/namespaces/{ns}/things`;
const thingOf: Projection = pick('apiVersion', 'kind', 'metadata.name', 'spec');

const statusScenario: Scenario = {
  name: 'crd-status-and-versions',
  area: AREA,
  description: 'a CRD\'s status over time (the create\'s answer, the naming and establishing controllers\' writes), storedVersions as the storage version changes; objects of several versions (conversion None) and a version not served',
  steps: [
    namespaceStep,
    { name: 'create', method: 'POST', path: CRDS, body: (ctx) => ({ json: thingsCrd('v1')(ctx) }), expect: crdStatusOf },
    {
      name: 'status-writes',
      method: 'GET',
      path: CRDS,
      query: (ctx) => ({ watch: '1', resourceVersion: rvOf(ctx.answers.create), fieldSelector: `metadata.name=things.${ctx.group}`, timeoutSeconds: '10' }),
      watchEvents: 2,
      expect: statusEvents,
    },
    { name: 'served', setup: true, method: 'GET', path: thingsPath('v1'), until: (a) => a.status === 200 },
    { name: 'established', method: 'GET', path: (ctx) => `${CRDS}/things.${ctx.group}`, expect: crdStatusOf },
    { name: 'create-v1beta1', method: 'POST', path: thingsPath('v1beta1'), body: (ctx) => ({ json: { apiVersion: `${ctx.group}/v1beta1`, kind: 'Thing', metadata: { name: 't1' }, spec: { size: 1 } } }), expect: thingOf },
    { name: 'get-v1', method: 'GET', path: `${thingsPath('v1')}/t1`, expect: thingOf },
    { name: 'get-v1beta1', method: 'GET', path: `${thingsPath('v1beta1')}/t1`, expect: thingOf },
    { name: 'list-v1beta1', method: 'GET', path: thingsPath('v1beta1'), expect: (body) => ({ kind: (body as { kind?: unknown }).kind, apiVersion: (body as { apiVersion?: unknown }).apiVersion, items: ((body as { items?: unknown[] }).items ?? []).map(thingOf) }) },
    { name: 'create-wrong-version', method: 'POST', path: thingsPath('v1'), body: (ctx) => ({ json: { apiVersion: `${ctx.group}/v2`, kind: 'Thing', metadata: { name: 't2' } } }) },
    {
      name: 'storage-to-v1beta1',
      method: 'PUT',
      path: (ctx) => `${CRDS}/things.${ctx.group}`,
      body: (ctx) => {
        const body = thingsCrd('v1beta1')(ctx);
        return { json: { ...body, metadata: { ...(body.metadata as object), resourceVersion: rvOf(ctx.answers.established) } } };
      },
      expect: pick('metadata.name', 'status.storedVersions'),
    },
    { name: 'get-v1-after', method: 'GET', path: `${thingsPath('v1')}/t1`, expect: thingOf },
  ],
};

const versionRoutingScenario: Scenario = {
  name: 'crd-version-routing',
  area: AREA,
  description: 'a version of a CRD that is not served, and a custom resource written at one served version\'s URL with another served version in its body',
  steps: [
    namespaceStep,
    { name: 'crd', setup: true, method: 'POST', path: CRDS, body: (ctx) => ({ json: thingsCrd('v1')(ctx) }) },
    { name: 'crd-established', setup: true, method: 'GET', path: (ctx) => `${CRDS}/things.${ctx.group}`, until: established },
    { name: 'served', setup: true, method: 'GET', path: thingsPath('v1'), until: (a) => a.status === 200 },
    { name: 'get-v2-not-served', method: 'GET', path: `${thingsPath('v2')}/t1` },
    { name: 'create-other-served-version', method: 'POST', path: thingsPath('v1'), body: (ctx) => ({ json: { apiVersion: `${ctx.group}/v1beta1`, kind: 'Thing', metadata: { name: 't3' } } }), expect: thingOf },
  ],
};

// --- CEL rules ------------------------------------------------------------------------------

const celSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      'x-kubernetes-validations': [
        { rule: 'self.replicas <= self.max', message: 'replicas must not exceed max' },
        { rule: "!has(self.mode) || self.mode != 'bad'" },
        { rule: 'self.max < 100', message: 'max too big', fieldPath: '.max', reason: 'FieldValueForbidden' },
        { rule: "!has(self.mode) || self.mode != 'worse'", messageExpression: "'mode ' + self.mode + ' is not allowed'" },
      ],
      properties: {
        replicas: { type: 'integer' },
        max: { type: 'integer' },
        mode: { type: 'string', maxLength: 10 },
        id: { type: 'string', maxLength: 10, 'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'id is immutable' }] },
        names: { type: 'array', maxItems: 10, items: { type: 'string', maxLength: 10 }, 'x-kubernetes-validations': [{ rule: "self.all(n, n.startsWith('a'))" }] },
      },
    },
  },
};

const rules: CrdOptions = {
  plural: 'rules',
  kind: 'Rule',
  versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: celSchema } }],
};
const rulePath = '/apis/{group}/v1/namespaces/{ns}/rules';

function createRule(name: string, spec: Record<string, unknown>): Step {
  return { name, method: 'POST', path: rulePath, body: (ctx) => ({ json: { apiVersion: `${ctx.group}/v1`, kind: 'Rule', metadata: { name }, spec: { replicas: 1, max: 3, ...spec } } }), expect: specAndStatus };
}

const celScenario: Scenario = {
  name: 'crd-cel-rules',
  area: AREA,
  description: 'x-kubernetes-validations: a false rule with its message, without one, with fieldPath and reason, with messageExpression; a rule over a list; an evaluation error; a transition rule on update',
  steps: [
    namespaceStep,
    ...crdSetup(rules),
    createRule('message', { replicas: 5 }),
    createRule('no-message', { mode: 'bad' }),
    createRule('field-path-reason', { max: 300 }),
    createRule('message-expression', { mode: 'worse' }),
    createRule('list', { names: ['ab', 'cd'] }),
    createRule('no-such-key', { replicas: undefined }),
    createRule('valid', { id: 'x', names: ['ab'] }),
    { name: 'transition', method: 'PATCH', path: `${rulePath}/valid`, headers: { 'Content-Type': MERGE }, body: { text: '{"spec":{"id":"y"}}' } },
    { name: 'unchanged', method: 'PATCH', path: `${rulePath}/valid`, headers: { 'Content-Type': MERGE }, body: { text: '{"spec":{"mode":"ok"}}' }, expect: specAndStatus },
  ],
};

// --- a CRD changed under stored objects --------------------------------------------------------

function sprocketCrd(tight: boolean): (ctx: { group: string }) => Record<string, unknown> {
  const size = tight ? { type: 'integer', maximum: 10 } : { type: 'integer' };
  const mode = tight ? { type: 'string', default: 'auto' } : { type: 'string' };
  return (ctx) =>
    crdBody(ctx.group, {
      plural: 'sprockets',
      kind: 'Sprocket',
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size, mode } } } } } }],
    });
}

const sprocketPath = '/apis/{group}/v1/namespaces/{ns}/sprockets';

const schemaChangeScenario: Scenario = {
  name: 'crd-schema-change',
  area: AREA,
  description: 'a CRD tightened and given a default after objects were stored: the default shows on read, unchanged invalid values are kept on update (ratcheting), changed ones are refused',
  steps: [
    namespaceStep,
    { name: 'crd', setup: true, method: 'POST', path: CRDS, body: (ctx) => ({ json: sprocketCrd(false)(ctx) }) },
    { name: 'crd-established', setup: true, method: 'GET', path: (ctx) => `${CRDS}/sprockets.${ctx.group}`, until: established },
    { name: 'served', setup: true, method: 'GET', path: sprocketPath, until: (a) => a.status === 200 },
    { name: 'create', method: 'POST', path: sprocketPath, body: (ctx) => ({ json: { apiVersion: `${ctx.group}/v1`, kind: 'Sprocket', metadata: { name: 'big' }, spec: { size: 20 } } }), expect: specAndStatus },
    {
      name: 'tighten',
      setup: true,
      method: 'PUT',
      path: (ctx) => `${CRDS}/sprockets.${ctx.group}`,
      body: (ctx) => {
        const body = sprocketCrd(true)(ctx);
        return { json: { ...body, metadata: { ...(body.metadata as object), resourceVersion: rvOf(ctx.answers['crd-established']) } } };
      },
    },
    {
      name: 'read-defaulted',
      method: 'GET',
      path: `${sprocketPath}/big`,
      until: (a) => (a.body as { spec?: { mode?: unknown } } | undefined)?.spec?.mode === 'auto',
      expect: pick('metadata.name', 'metadata.resourceVersion', 'spec'),
    },
    { name: 'list-defaulted', method: 'GET', path: sprocketPath, expect: (body) => ((body as { items?: unknown[] }).items ?? []).map(pick('metadata.name', 'spec')) },
    { name: 'unchanged-invalid-kept', method: 'PATCH', path: `${sprocketPath}/big`, headers: { 'Content-Type': MERGE }, body: { text: '{"metadata":{"labels":{"a":"b"}}}' }, expect: pick('metadata.labels', 'spec') },
    { name: 'changed-invalid-refused', method: 'PATCH', path: `${sprocketPath}/big`, headers: { 'Content-Type': MERGE }, body: { text: '{"spec":{"size":30}}' } },
    { name: 'new-invalid-refused', method: 'POST', path: sprocketPath, body: (ctx) => ({ json: { apiVersion: `${ctx.group}/v1`, kind: 'Sprocket', metadata: { name: 'new' }, spec: { size: 20 } } }) },
  ],
};

// --- names taken by another CRD ---------------------------------------------------------------

function gearCrd(plural: string): (ctx: { group: string }) => Record<string, unknown> {
  return (ctx) => {
    const body = crdBody(ctx.group, { plural, kind: 'Gear', versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }] });
    const spec = body.spec as { names: Record<string, unknown> };
    spec.names = { plural, kind: 'Gear', shortNames: ['gr', plural.slice(0, 3)] };
    return body;
  };
}

const namesOf: Projection = pick('metadata.name', 'status');
const hasConditions = (a: Answer): boolean => Array.isArray((a.body as { status?: { conditions?: unknown } } | undefined)?.status?.conditions);

const nameConflictScenario: Scenario = {
  name: 'crd-name-conflict',
  area: AREA,
  description: 'a CRD whose kind, list kind, singular and a short name another CRD of its group holds: created, names not accepted, not served; accepted and established once the other CRD is deleted',
  steps: [
    namespaceStep,
    { name: 'first', setup: true, method: 'POST', path: CRDS, body: (ctx) => ({ json: gearCrd('gears')(ctx) }) },
    { name: 'first-established', setup: true, method: 'GET', path: (ctx) => `${CRDS}/gears.${ctx.group}`, until: established },
    { name: 'second', method: 'POST', path: CRDS, body: (ctx) => ({ json: gearCrd('gearsets')(ctx) }), expect: namesOf },
    { name: 'second-not-accepted', method: 'GET', path: (ctx) => `${CRDS}/gearsets.${ctx.group}`, until: hasConditions, expect: namesOf },
    { name: 'second-not-served', method: 'GET', path: '/apis/{group}/v1/namespaces/{ns}/gearsets' },
    { name: 'delete-first', setup: true, method: 'DELETE', path: (ctx) => `${CRDS}/gears.${ctx.group}` },
    { name: 'second-established', method: 'GET', path: (ctx) => `${CRDS}/gearsets.${ctx.group}`, until: established, expect: namesOf },
    { name: 'second-served', method: 'GET', path: '/apis/{group}/v1/namespaces/{ns}/gearsets', until: (a) => a.status === 200, expect: pick('kind', 'apiVersion') },
  ],
};

// --- deleting a CRD --------------------------------------------------------------------------------

const deletionOf: Projection = pick('kind', 'metadata.name', 'metadata.generation', 'metadata.finalizers', 'metadata.deletionTimestamp', 'metadata.deletionGracePeriodSeconds', 'status.conditions');
const deletionEvents: Projection = (body) =>
  (body as { type?: unknown; object?: unknown }[]).map((e) => ({ type: e.type, object: deletionOf(e.object) }));

const doomed: CrdOptions = {
  plural: 'dooms',
  kind: 'Doom',
  versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
};

const deletionScenario: Scenario = {
  name: 'crd-deletion',
  area: AREA,
  description: 'deleting a CRD with objects: the answer marks it (cleanup finalizer, Terminating), the objects go, then the CRD; its watch events',
  steps: [
    namespaceStep,
    ...crdSetup(doomed),
    { name: 'object', setup: true, method: 'POST', path: '/apis/{group}/v1/namespaces/{ns}/dooms', body: (ctx) => ({ json: { apiVersion: `${ctx.group}/v1`, kind: 'Doom', metadata: { name: 'd' } } }) },
    { name: 'current', setup: true, method: 'GET', path: (ctx) => `${CRDS}/dooms.${ctx.group}` },
    { name: 'delete', method: 'DELETE', path: (ctx) => `${CRDS}/dooms.${ctx.group}`, expect: deletionOf },
    {
      name: 'events',
      method: 'GET',
      path: CRDS,
      query: (ctx) => ({ watch: '1', resourceVersion: rvOf(ctx.answers.current), fieldSelector: `metadata.name=dooms.${ctx.group}`, timeoutSeconds: '10' }),
      watchEvents: 3,
      expect: deletionEvents,
    },
    { name: 'gone', method: 'GET', path: (ctx) => `${CRDS}/dooms.${ctx.group}`, until: (a) => a.status === 404 },
  ],
};

// --- printer columns -------------------------------------------------------------------------

const AGE = /^(\d+[smhdy])+$/;

/** A Table: its columns, and each row's cells with ages (date columns) replaced by `<age>`. */
const tableOf: Projection = (body) => {
  const table = body as { kind?: unknown; columnDefinitions?: { type?: string }[]; rows?: { cells?: unknown[] }[] };
  const dates = (table.columnDefinitions ?? []).map((c) => c.type === 'date');
  return {
    kind: table.kind,
    columnDefinitions: table.columnDefinitions,
    rows: (table.rows ?? []).map((r) => (r.cells ?? []).map((c, i) => (dates[i] === true && typeof c === 'string' && AGE.test(c) ? '<age>' : c))),
  };
};

const widgetColumnsSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        replicas: { type: 'integer' },
        ratio: { type: 'number' },
        color: { type: 'string' },
        enabled: { type: 'boolean' },
        tags: { type: 'array', items: { type: 'string' } },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        conditions: { type: 'array', items: { type: 'object', properties: { type: { type: 'string' }, status: { type: 'string' } } } },
      },
    },
  },
};

const columns = [
  { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
  { name: 'Ratio', type: 'number', jsonPath: '.spec.ratio' },
  { name: 'Ratio As Integer', type: 'integer', jsonPath: '.spec.ratio', priority: 1 },
  { name: 'Color', type: 'string', jsonPath: '.spec.color', description: 'The color.', priority: 1 },
  { name: 'Enabled', type: 'boolean', jsonPath: '.spec.enabled' },
  { name: 'First Tag', type: 'string', jsonPath: '.spec.tags[0]' },
  { name: 'Tags', type: 'string', jsonPath: '.spec.tags' },
  { name: 'Replicas As String', type: 'string', jsonPath: '.spec.replicas' },
  { name: 'Ready', type: 'string', jsonPath: '.spec.conditions[?(@.type=="Ready")].status' },
  { name: 'Created', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  { name: 'Bad Date', type: 'date', jsonPath: '.spec.color' },
  { name: 'Missing', type: 'string', jsonPath: '.spec.nothing' },
];

const gizmos: CrdOptions = {
  plural: 'gizmos',
  kind: 'Gizmo',
  versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: widgetColumnsSchema }, additionalPrinterColumns: columns }],
};
const plain: CrdOptions = {
  plural: 'plains',
  kind: 'Plain',
  versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
};
const gizmoPath = '/apis/{group}/v1/namespaces/{ns}/gizmos';

const printerColumnsScenario: Scenario = {
  name: 'crd-printer-columns',
  area: AREA,
  description: 'the Table of custom resources: additionalPrinterColumns (types, priority, descriptions, array index, filter, missing values, dates) and Name/Age when a CRD lists none',
  steps: [
    namespaceStep,
    ...crdSetup(gizmos),
    ...crdSetup(plain),
    {
      name: 'full',
      setup: true,
      method: 'POST',
      path: gizmoPath,
      body: (ctx) => ({
        json: {
          apiVersion: `${ctx.group}/v1`,
          kind: 'Gizmo',
          metadata: { name: 'full' },
          spec: { replicas: 3, ratio: 2.5, color: 'red', enabled: true, tags: ['a', 'b'], conditions: [{ type: 'Synced', status: 'False' }, { type: 'Ready', status: 'True' }] },
        },
      }),
    },
    { name: 'empty', setup: true, method: 'POST', path: gizmoPath, body: (ctx) => ({ json: { apiVersion: `${ctx.group}/v1`, kind: 'Gizmo', metadata: { name: 'empty' } } }) },
    { name: 'plain', setup: true, method: 'POST', path: '/apis/{group}/v1/namespaces/{ns}/plains', body: (ctx) => ({ json: { apiVersion: `${ctx.group}/v1`, kind: 'Plain', metadata: { name: 'p' } } }) },
    { name: 'list-table', method: 'GET', path: gizmoPath, headers: TABLE, expect: tableOf },
    { name: 'get-table', method: 'GET', path: `${gizmoPath}/full`, headers: TABLE, expect: tableOf },
    { name: 'no-columns-table', method: 'GET', path: '/apis/{group}/v1/namespaces/{ns}/plains', headers: TABLE, expect: tableOf },
  ],
};

export const crdScenarios: readonly Scenario[] = [validationScenario, defaultingScenario, creationScenario, specRulesScenario, statusScenario, versionRoutingScenario, celScenario, schemaChangeScenario, nameConflictScenario, deletionScenario, printerColumnsScenario];
