import { describe, expect, it } from 'vitest';
import { BUILTIN_KINDS, InvalidCrdError, kindInfoFromDefinition, kindInfosFromCrd } from './kinds.js';
import { apiVersionOf } from './builtin-kinds/define.js';
import { NOT_SERVED } from './builtin-kinds/index.js';
import { generatedResources } from './schema/load.js';

const byPlural = (plural: string) => BUILTIN_KINDS.find((k) => k.plural === plural);

describe('BUILTIN_KINDS', () => {
  it('serves each built-in resource once, and every resource kube-apiserver serves alone or says why not', () => {
    const keys = BUILTIN_KINDS.map((k) => `${k.group}/${k.version}/${k.plural}`);
    expect(new Set(keys).size).toBe(keys.length);
    const generated = generatedResources().map((r) => `${r.group}/${r.version}/${r.plural}`);
    for (const key of generated) {
      if (!keys.includes(key)) expect(NOT_SERVED[key], `${key} is neither served nor listed in NOT_SERVED`).toMatch(/\w/);
    }
    for (const key of Object.keys(NOT_SERVED)) expect(generated, key).toContain(key);
    expect(keys).toHaveLength(generated.length - Object.keys(NOT_SERVED).length);
    expect(keys).toEqual(expect.arrayContaining(['/v1/pods', 'autoscaling/v1/horizontalpodautoscalers', 'autoscaling/v2/horizontalpodautoscalers']));
  });

  it('uses the short names Kubernetes uses', () => {
    const short = Object.fromEntries(BUILTIN_KINDS.map((k) => [k.plural, [...k.shortNames]]));
    expect(short).toMatchObject({
      pods: ['po'], services: ['svc'], endpoints: ['ep'], configmaps: ['cm'], serviceaccounts: ['sa'], nodes: ['no'],
      events: ['ev'], persistentvolumeclaims: ['pvc'], namespaces: ['ns'], deployments: ['deploy'],
      replicasets: ['rs'], statefulsets: ['sts'], daemonsets: ['ds'], cronjobs: ['cj'],
      customresourcedefinitions: ['crd', 'crds'], secrets: [], jobs: [], leases: [],
    });
  });

  it('marks cluster-scoped kinds and status subresources', () => {
    for (const plural of ['namespaces', 'nodes', 'persistentvolumes', 'componentstatuses', 'clusterroles', 'clusterrolebindings',
      'storageclasses', 'priorityclasses', 'customresourcedefinitions', 'certificatesigningrequests', 'tokenreviews']) {
      expect(byPlural(plural)?.namespaced, plural).toBe(false);
    }
    for (const plural of ['pods', 'roles', 'rolebindings', 'leases', 'endpointslices', 'localsubjectaccessreviews', 'bindings']) {
      expect(byPlural(plural)?.namespaced, plural).toBe(true);
    }
    for (const plural of ['namespaces', 'pods', 'services', 'nodes', 'persistentvolumeclaims', 'deployments', 'replicasets',
      'statefulsets', 'daemonsets', 'jobs', 'cronjobs', 'customresourcedefinitions', 'replicationcontrollers', 'ingresses']) {
      expect(byPlural(plural)?.statusSubresource, plural).toBe(true);
    }
    for (const plural of ['configmaps', 'secrets', 'events', 'leases', 'serviceaccounts', 'endpoints', 'roles']) {
      expect(byPlural(plural)?.statusSubresource, plural).toBe(false);
    }
  });

  it('derives apiVersion, listKind and singular consistently', () => {
    for (const k of BUILTIN_KINDS) {
      expect(k.apiVersion).toBe(k.group === '' ? k.version : `${k.group}/${k.version}`);
      // Resources that cannot be listed (bindings, the reviews) have no list kind.
      expect(k.listKind).toBe(k.verbs.includes('list') ? `${k.kind}List` : '');
      expect(k.strategicMerge).toBe(true);
    }
    expect(byPlural('endpoints')?.singular).toBe('endpoints');
    expect(byPlural('persistentvolumeclaims')?.singular).toBe('persistentvolumeclaim');
  });

  it('lists the verbs kube-apiserver lists: create only for reviews and bindings, get and list for componentstatuses', () => {
    const storeless = new Set(['bindings', 'componentstatuses', 'tokenreviews', 'selfsubjectreviews', 'subjectaccessreviews',
      'selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'localsubjectaccessreviews']);
    expect(byPlural('namespaces')?.verbs).toEqual(['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']);
    expect(byPlural('componentstatuses')?.verbs).toEqual(['get', 'list']);
    for (const k of BUILTIN_KINDS) {
      expect(k.virtual !== undefined, k.plural).toBe(storeless.has(k.plural));
      if (storeless.has(k.plural) && k.plural !== 'componentstatuses') expect(k.verbs, k.plural).toEqual(['create']);
      if (!storeless.has(k.plural) && k.plural !== 'namespaces') {
        expect(k.verbs, k.plural).toEqual(['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']);
      }
    }
    expect(byPlural('pods')?.categories).toEqual(['all']);
    expect(byPlural('customresourcedefinitions')?.categories).toEqual(['api-extensions']);
    expect(byPlural('configmaps')?.categories).toBeUndefined();
  });

  it('takes subresources from the generated data, the own group version left out', () => {
    expect(byPlural('deployments')?.subresources).toEqual([
      { name: 'scale', group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] },
      { name: 'status', group: '', version: '', kind: 'Deployment', verbs: ['get', 'patch', 'update'] },
    ]);
    expect(byPlural('pods')?.subresources?.map((s) => s.name)).toEqual(
      ['attach', 'binding', 'ephemeralcontainers', 'eviction', 'exec', 'log', 'portforward', 'proxy', 'resize', 'status'],
    );
    expect(byPlural('configmaps')?.subresources).toBeUndefined();
  });

  it('names pods’ selectable fields and namespaces’ name rule', () => {
    expect(byPlural('pods')?.fieldSelectors).toEqual(
      expect.arrayContaining(['spec.nodeName', 'status.phase', 'spec.restartPolicy', 'spec.serviceAccountName']),
    );
    expect(byPlural('namespaces')?.nameValidation).toBe('dns1123-label');
    expect(byPlural('services')?.nameValidation).toBe('dns1035-label');
    expect(byPlural('configmaps')?.nameValidation).toBe('dns1123-subdomain');
  });
});

describe('kindInfoFromDefinition', () => {
  it('fills in defaults like a custom resource', () => {
    const k = kindInfoFromDefinition({ group: 'example.com', version: 'v1alpha1', kind: 'Widget', plural: 'widgets', namespaced: true });
    expect(k).toMatchObject({
      apiVersion: 'example.com/v1alpha1', listKind: 'WidgetList', singular: 'widget', shortNames: [],
      statusSubresource: false, strategicMerge: false, nameValidation: 'dns1123-subdomain', fieldSelectors: [],
    });
    const withAll = kindInfoFromDefinition({ group: '', version: 'v1', kind: 'Gadget', plural: 'gadgets', singular: 'gadget1',
      namespaced: false, shortNames: ['gd'], statusSubresource: true });
    expect(withAll).toMatchObject({ apiVersion: 'v1', singular: 'gadget1', shortNames: ['gd'], statusSubresource: true, namespaced: false });
  });

  it('apiVersionOf joins group and version', () => {
    expect(apiVersionOf('', 'v1')).toBe('v1');
    expect(apiVersionOf('apps', 'v1')).toBe('apps/v1');
  });
});

describe('kindInfosFromCrd', () => {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetCollection', shortNames: ['wd'], categories: ['all'] },
      versions: [
        { name: 'v1', served: true, storage: true, subresources: { status: {} }, selectableFields: [{ jsonPath: '.spec.color' }] },
        { name: 'v1beta1', served: true, storage: false },
        { name: 'v1alpha1', served: false, storage: false },
      ],
    },
  };

  it('gives one KindInfo per served version', () => {
    const infos = kindInfosFromCrd(crd);
    expect(infos.map((k) => k.version)).toEqual(['v1', 'v1beta1']);
    expect(infos[0]).toMatchObject({
      group: 'example.com', kind: 'Widget', listKind: 'WidgetCollection', plural: 'widgets', singular: 'widget',
      namespaced: true, shortNames: ['wd'], statusSubresource: true, apiVersion: 'example.com/v1',
      fieldSelectors: ['spec.color'], strategicMerge: false, categories: ['all'],
    });
    expect(infos[1]).toMatchObject({ statusSubresource: false, fieldSelectors: [] });
  });

  it('defaults singular and listKind, and reads cluster scope', () => {
    const infos = kindInfosFromCrd({
      metadata: { name: 'gadgets.example.com' },
      spec: { group: 'example.com', scope: 'Cluster', names: { plural: 'gadgets', kind: 'Gadget' }, versions: [{ name: 'v1' }] },
    });
    expect(infos).toHaveLength(1);
    expect(infos[0]).toMatchObject({ singular: 'gadget', listKind: 'GadgetList', namespaced: false });
  });

  const bad: [what: string, value: unknown, message: string][] = [
    ['not an object', 'nope', 'CustomResourceDefinition is invalid: [spec.group: Required value, spec.names.plural: Required value, spec.names.kind: Required value, spec.scope: Required value, spec.versions: Invalid value: []: must have exactly one version marked as storage version]'],
    ['no group', { spec: { ...crd.spec, group: '' } }, 'CustomResourceDefinition is invalid: spec.group: Required value'],
    ['bad scope', { spec: { ...crd.spec, scope: 'Global' } }, 'CustomResourceDefinition is invalid: spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"'],
    ['version without name', { spec: { ...crd.spec, versions: [{ served: true }] } }, 'CustomResourceDefinition is invalid: spec.versions[0].name: Required value'],
    ['wrong name', { ...crd, metadata: { name: 'widgets' } }, 'CustomResourceDefinition is invalid: metadata.name: Invalid value: "widgets": must be spec.names.plural+"."+spec.group'],
  ];
  it.each(bad)('rejects a CRD with %s', (_what, value, message) => {
    expect(() => kindInfosFromCrd(value)).toThrow(InvalidCrdError);
    expect(() => kindInfosFromCrd(value)).toThrow(message);
  });
});
