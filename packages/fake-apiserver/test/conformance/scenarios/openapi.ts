// OpenAPI: /openapi/v2 in protobuf (status, content type, a few definitions decoded), /openapi/v3's index entries for the
// group versions the fake serves and a CRD's, and one described field of a built-in schema.
import type { Projection, Scenario } from '../scenario.js';
import { crdSteps } from './common.js';

const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';

/** `/openapi/v3` index entries for these group versions, the hash replaced (it changes with every schema). */
function indexEntries(groupVersions: readonly string[]): Projection {
  return (body) => {
    const paths = (body as { paths?: Record<string, { serverRelativeURL?: string }> }).paths ?? {};
    return Object.fromEntries(groupVersions.map((gv) => [gv, paths[gv] === undefined ? null : { serverRelativeURL: (paths[gv].serverRelativeURL ?? '').replace(/hash=[0-9A-F]+/i, 'hash=<hash>') }]));
  };
}

interface Named<T> {
  name?: string;
  value?: T;
}
interface GnosticSchema {
  description?: unknown;
  required?: unknown;
  type?: unknown;
  properties?: { additional_properties?: Named<GnosticSchema>[] };
  vendor_extension?: unknown;
}

/**
 * From /openapi/v2 in protobuf (gnostic's Document): its Swagger version and title, and the
 * Deployment and DeploymentSpec.replicas definitions. Not `info.version`: it follows the version
 * the server reports, which other work moves to v1.37.
 */
const v2ProtobufShown: Projection = (body) => {
  const doc = body as { swagger?: unknown; info?: { title?: unknown }; definitions?: { additional_properties?: Named<GnosticSchema>[] } };
  const definition = (name: string): GnosticSchema | undefined => doc.definitions?.additional_properties?.find((d) => d.name === name)?.value;
  const deployment = definition('io.k8s.api.apps.v1.Deployment');
  const replicas = definition('io.k8s.api.apps.v1.DeploymentSpec')?.properties?.additional_properties?.find((p) => p.name === 'replicas')?.value;
  return {
    swagger: doc.swagger,
    title: doc.info?.title,
    deployment: { description: deployment?.description, required: deployment?.required, vendorExtension: deployment?.vendor_extension },
    replicas,
  };
};

const builtInGroupVersions = ['api/v1', 'apis/apps/v1', 'apis/batch/v1', 'apis/coordination.k8s.io/v1', 'apis/apiextensions.k8s.io/v1'];

export const openApiScenarios: readonly Scenario[] = [
  {
    name: 'openapi-v2-protobuf',
    area: 'openapi',
    description: '/openapi/v2 asked for in protobuf as client-go asks for it',
    steps: [{ name: 'get', method: 'GET', path: '/openapi/v2', headers: { Accept: `${OPENAPI_V2_PROTOBUF}, application/json` }, expect: v2ProtobufShown }],
  },
  {
    name: 'openapi-v2-protobuf-only',
    area: 'openapi',
    description: '/openapi/v2 asked for in protobuf only',
    steps: [{ name: 'get', method: 'GET', path: '/openapi/v2', headers: { Accept: OPENAPI_V2_PROTOBUF }, expect: v2ProtobufShown }],
  },
  {
    name: 'openapi-v2-json',
    area: 'openapi',
    description: '/openapi/v2 in JSON: the document\'s swagger version and the Deployment definition\'s required fields and description',
    steps: [
      {
        name: 'get',
        method: 'GET',
        path: '/openapi/v2',
        headers: { Accept: 'application/json' },
        expect: (body) => {
          const doc = body as { swagger?: unknown; definitions?: Record<string, { description?: unknown; 'x-kubernetes-group-version-kind'?: unknown }> };
          const d = doc.definitions?.['io.k8s.api.apps.v1.Deployment'];
          return { swagger: doc.swagger, deployment: d === undefined ? null : { description: d.description, gvk: d['x-kubernetes-group-version-kind'] } };
        },
      },
    ],
  },
  {
    name: 'openapi-v3-index',
    area: 'openapi',
    description: '/openapi/v3 lists each served group version with a hashed URL',
    steps: [{ name: 'index', method: 'GET', path: '/openapi/v3', headers: { Accept: 'application/json' }, expect: indexEntries(builtInGroupVersions) }],
  },
  {
    name: 'openapi-v3-index-crd',
    area: 'openapi',
    description: '/openapi/v3 lists a CRD\'s group version once it is established',
    steps: [
      ...crdSteps,
      {
        name: 'index',
        method: 'GET',
        path: '/openapi/v3',
        headers: { Accept: 'application/json' },
        until: (a, ctx) => JSON.stringify(a.body).includes(`apis/${ctx.group}/v1`),
        expect: (body) => {
          const paths = (body as { paths?: Record<string, unknown> }).paths ?? {};
          return indexEntries(Object.keys(paths).filter((k) => k.includes('<ns>.conformance.kcache.dev')))(body);
        },
      },
    ],
  },
  {
    name: 'openapi-v3-deployment-spec',
    area: 'openapi',
    description: '/openapi/v3/apis/apps/v1: the description and type of DeploymentSpec.replicas and the strategy of its template',
    steps: [
      {
        name: 'get',
        method: 'GET',
        path: '/openapi/v3/apis/apps/v1',
        headers: { Accept: 'application/json' },
        expect: (body) => {
          const schemas = (body as { components?: { schemas?: Record<string, { properties?: Record<string, unknown>; required?: unknown }> } }).components?.schemas ?? {};
          const spec = schemas['io.k8s.api.apps.v1.DeploymentSpec'];
          return { replicas: spec?.properties?.replicas ?? null, required: spec?.required ?? null };
        },
      },
    ],
  },
];
