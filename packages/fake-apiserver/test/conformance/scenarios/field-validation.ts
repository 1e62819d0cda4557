// fieldValidation: Strict / Warn / Ignore and the default, for unknown and duplicate fields on
// create, update and patches of a built-in kind (Deployment) and a custom resource; an invalid
// value. Compared: status, Status bodies, Warning headers, and whether the unknown field was kept.
import { pick } from '../project.js';
import type { Scenario, Step } from '../scenario.js';
import { APPLY, crdSteps, deployment, deployPath, MERGE, namespaceStep, rvOf, STRATEGIC, widget, widgetPath } from './common.js';

const deployShown = pick('metadata.name', 'metadata.labelz', 'spec.replicas', 'spec.replicsa', 'spec.paused');
const widgetShown = pick('metadata.name', 'spec');

const unknownDeployment = (name: string): unknown => {
  const d = deployment(name, 2) as { spec: Record<string, unknown> };
  return { ...d, spec: { ...d.spec, replicsa: 3 } };
};

const duplicateDeploymentText = (name: string): string =>
  `{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"${name}"},"spec":{"replicas":1,"replicas":2,"selector":{"matchLabels":{"app":"${name}"}},"template":{"metadata":{"labels":{"app":"${name}"}},"spec":{"containers":[{"name":"web","image":"nginx:1.27"}]}}}}`;

function createUnknown(level: string | undefined): Step {
  return {
    name: 'create',
    method: 'POST',
    path: deployPath,
    query: level === undefined ? {} : { fieldValidation: level },
    body: { json: unknownDeployment('web') },
    expect: deployShown,
  };
}

const getDeploy: Step = { name: 'get', method: 'GET', path: `${deployPath}/web`, expect: deployShown };

function level(name: string | undefined): string {
  return name === undefined ? 'default' : name.toLowerCase();
}

const createScenarios: Scenario[] = [undefined, 'Strict', 'Warn', 'Ignore'].map((l) => ({
  name: `field-validation-create-unknown-${level(l)}`,
  area: 'fieldValidation',
  description: `create a Deployment with an unknown field, fieldValidation ${l ?? 'unset (Warn)'}`,
  steps: [namespaceStep, createUnknown(l), getDeploy],
}));

const duplicateScenarios: Scenario[] = ['Strict', 'Warn', 'Ignore'].map((l) => ({
  name: `field-validation-create-duplicate-${level(l)}`,
  area: 'fieldValidation',
  description: `create a Deployment with a duplicated field, fieldValidation ${l}`,
  steps: [
    namespaceStep,
    { name: 'create', method: 'POST', path: deployPath, query: { fieldValidation: l }, body: { text: duplicateDeploymentText('web') }, expect: deployShown },
  ],
}));

function applyDeployment(fieldValidation: string, extraSpec: string): Step {
  return {
    name: 'apply',
    method: 'PATCH',
    path: `${deployPath}/web`,
    query: { fieldManager: 'alice', fieldValidation },
    headers: { 'Content-Type': APPLY },
    body: {
      text: `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n${extraSpec}  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n`,
    },
    expect: deployShown,
  };
}

const patchScenarios: Scenario[] = (['Strict', 'Warn'] as const).flatMap((l) => [
  {
    name: `field-validation-merge-patch-${level(l)}`,
    area: 'fieldValidation',
    description: `merge patch with an unknown field, fieldValidation ${l}`,
    steps: [
      namespaceStep,
      { name: 'create', method: 'POST', path: deployPath, body: { json: deployment('web', 1) }, expect: 'none' },
      { name: 'patch', method: 'PATCH', path: `${deployPath}/web`, query: { fieldValidation: l }, headers: { 'Content-Type': MERGE }, body: { json: { spec: { replicsa: 4, paused: true } } }, expect: deployShown },
    ],
  } satisfies Scenario,
  {
    name: `field-validation-strategic-patch-${level(l)}`,
    area: 'fieldValidation',
    description: `strategic merge patch with an unknown field and an unknown metadata field, fieldValidation ${l}`,
    steps: [
      namespaceStep,
      { name: 'create', method: 'POST', path: deployPath, body: { json: deployment('web', 1) }, expect: 'none' },
      { name: 'patch', method: 'PATCH', path: `${deployPath}/web`, query: { fieldValidation: l }, headers: { 'Content-Type': STRATEGIC }, body: { json: { metadata: { labelz: { a: 'b' } }, spec: { replicsa: 4 } } }, expect: deployShown },
    ],
  } satisfies Scenario,
  {
    name: `field-validation-update-${level(l)}`,
    area: 'fieldValidation',
    description: `update (PUT) with an unknown field, fieldValidation ${l}`,
    steps: [
      namespaceStep,
      { name: 'create', method: 'POST', path: deployPath, body: { json: deployment('web', 1) }, expect: 'none' },
      {
        name: 'update',
        method: 'PUT',
        path: `${deployPath}/web`,
        query: { fieldValidation: l },
        body: (ctx) => {
          const d = unknownDeployment('web') as { metadata: Record<string, unknown> };
          return { json: { ...d, metadata: { ...d.metadata, resourceVersion: rvOf(ctx.answers.create) } } };
        },
        expect: deployShown,
      },
    ],
  } satisfies Scenario,
  {
    name: `field-validation-apply-unknown-${level(l)}`,
    area: 'fieldValidation',
    description: `apply with an unknown field, fieldValidation ${l} (kube-apiserver answers 500 whatever the level)`,
    steps: [namespaceStep, applyDeployment(l, '  replicsa: 2\n')],
  } satisfies Scenario,
  {
    name: `field-validation-apply-duplicate-${level(l)}`,
    area: 'fieldValidation',
    description: `apply with a duplicated field (YAML), fieldValidation ${l}`,
    steps: [namespaceStep, applyDeployment(l, '  paused: false\n  paused: true\n')],
  } satisfies Scenario,
]);

const crScenarios: Scenario[] = [undefined, 'Strict', 'Warn', 'Ignore'].map((l) => ({
  name: `field-validation-custom-resource-${level(l)}`,
  area: 'fieldValidation',
  description: `a CR with unknown fields (spec and metadata), fieldValidation ${l ?? 'unset (Warn)'}: error, warnings, pruning`,
  steps: [
    ...crdSteps,
    {
      name: 'create',
      method: 'POST',
      path: widgetPath,
      query: l === undefined ? {} : { fieldValidation: l },
      body: (ctx) => {
        const w = widget(ctx.group, 'w', { color: 'red', colour: 'blue', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }) as { metadata: Record<string, unknown> };
        return { json: { ...w, metadata: { ...w.metadata, labelz: { a: 'b' } }, extra: 1 } };
      },
      expect: widgetShown,
    },
    { name: 'get', method: 'GET', path: `${widgetPath}/w`, expect: widgetShown },
  ],
}));

const crPatchScenarios: Scenario[] = ['Strict', 'Warn'].map((l) => ({
  name: `field-validation-custom-resource-patch-${level(l)}`,
  area: 'fieldValidation',
  description: `a CR merge-patched with an unknown field, fieldValidation ${l}`,
  steps: [
    ...crdSteps,
    { name: 'create', method: 'POST', path: widgetPath, body: (ctx) => ({ json: widget(ctx.group, 'w', { color: 'red' }) }), expect: 'none' },
    { name: 'patch', method: 'PATCH', path: `${widgetPath}/w`, query: { fieldValidation: l }, headers: { 'Content-Type': MERGE }, body: { json: { spec: { colour: 'blue', replicas: 2 } } }, expect: widgetShown },
  ],
}));

const nestedScenarios: Scenario[] = ['Strict', 'Warn'].map((l) => ({
  name: `field-validation-nested-unknown-${level(l)}`,
  area: 'fieldValidation',
  description: `unknown fields inside list items and maps of a Deployment (paths with indexes), fieldValidation ${l}`,
  steps: [
    namespaceStep,
    {
      name: 'create',
      method: 'POST',
      path: deployPath,
      query: { fieldValidation: l },
      body: {
        json: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web', labels: { app: 'web' }, annotationz: {} },
          spec: {
            replicas: 1,
            selector: { matchLabels: { app: 'web' }, matchLabelz: {} },
            template: {
              metadata: { labels: { app: 'web' } },
              spec: {
                containers: [
                  { name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80, hostPortt: 1 }] },
                  { name: 'sidecar', image: 'busybox:1.36', imagee: 'x', resources: { limits: { cpu: '1' }, limitz: {} } },
                ],
              },
            },
          },
        },
      },
      expect: deployShown,
    },
  ],
}));

export const fieldValidationScenarios: readonly Scenario[] = [
  ...crPatchScenarios,
  ...nestedScenarios,
  {
    name: 'field-validation-custom-resource-update-strict',
    area: 'fieldValidation',
    description: 'a CR updated (PUT) with an unknown field, fieldValidation Strict',
    steps: [
      ...crdSteps,
      { name: 'create', method: 'POST', path: widgetPath, body: (ctx) => ({ json: widget(ctx.group, 'w', { color: 'red' }) }), expect: 'none' },
      {
        name: 'update',
        method: 'PUT',
        path: `${widgetPath}/w`,
        query: { fieldValidation: 'Strict' },
        body: (ctx) => {
          const w = widget(ctx.group, 'w', { color: 'blue', colour: 'green' }) as { metadata: Record<string, unknown> };
          return { json: { ...w, metadata: { ...w.metadata, resourceVersion: rvOf(ctx.answers.create) } } };
        },
        expect: widgetShown,
      },
    ],
  },
  {
    name: 'field-validation-custom-resource-duplicate-warn',
    area: 'fieldValidation',
    description: 'a CR with a duplicated field, fieldValidation Warn: a warning, the last value kept',
    steps: [
      ...crdSteps,
      {
        name: 'create',
        method: 'POST',
        path: widgetPath,
        query: { fieldValidation: 'Warn' },
        body: (ctx) => ({ text: `{"apiVersion":"${ctx.group}/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"color":"red","color":"blue"}}` }),
        expect: widgetShown,
      },
    ],
  },
  ...createScenarios,
  ...duplicateScenarios,
  ...patchScenarios,
  ...crScenarios,
  {
    name: 'field-validation-custom-resource-duplicate-strict',
    area: 'fieldValidation',
    description: 'a CR with a duplicated field, fieldValidation Strict',
    steps: [
      ...crdSteps,
      {
        name: 'create',
        method: 'POST',
        path: widgetPath,
        query: { fieldValidation: 'Strict' },
        body: (ctx) => ({ text: `{"apiVersion":"${ctx.group}/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"color":"red","color":"blue"}}` }),
        expect: widgetShown,
      },
    ],
  },
  {
    name: 'field-validation-invalid-value',
    area: 'fieldValidation',
    description: 'an invalid fieldValidation value',
    steps: [namespaceStep, { name: 'create', method: 'POST', path: deployPath, query: { fieldValidation: 'Bogus' }, body: { json: deployment('web', 1) }, expect: deployShown }],
  },
  {
    name: 'field-validation-lowercase-value',
    area: 'fieldValidation',
    description: 'fieldValidation values in lower case (as kubectl sends them)',
    steps: [namespaceStep, { name: 'create', method: 'POST', path: deployPath, query: { fieldValidation: 'strict' }, body: { json: unknownDeployment('web') }, expect: deployShown }],
  },
];
