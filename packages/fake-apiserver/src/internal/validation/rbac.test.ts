import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types.js';
import { bindingDefaulting, roleDefaulting } from '../strategies/rbac.js';
import type { JsonObject } from '../strategy.js';
import { clusterRoleBindingValidation, clusterRoleValidation, roleBindingValidation, roleValidation } from './rbac.js';
import { causeTexts, testContext } from '../../../test/helpers/strategy-context.js';

const ctx = testContext();

function binding(body: JsonObject): JsonObject {
  bindingDefaulting.default?.(body);
  return body;
}

describe('RBAC defaulting', () => {
  it('defaults roleRef.apiGroup and the apiGroup of User and Group subjects, not of ServiceAccounts', () => {
    expect(binding({ roleRef: { kind: 'Role', name: 'r' }, subjects: [{ kind: 'ServiceAccount', name: 'd' }, { kind: 'User', name: 'u' }, { kind: 'Group', name: 'g' }] })).toEqual({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' },
      subjects: [{ kind: 'ServiceAccount', name: 'd' }, { kind: 'User', name: 'u', apiGroup: 'rbac.authorization.k8s.io' }, { kind: 'Group', name: 'g', apiGroup: 'rbac.authorization.k8s.io' }],
    });
  });

  it('writes a role without rules with rules: null', () => {
    const role: JsonObject = { metadata: { name: 'a' } };
    roleDefaulting.default?.(role);
    expect(role).toEqual({ metadata: { name: 'a' }, rules: null });
  });
});

describe('RBAC validation', () => {
  it('checks a role\'s rules, the verbs (declarative) last', () => {
    const rules = [{}, { verbs: ['get'], apiGroups: [''] }, { verbs: ['get'], nonResourceURLs: ['/x'] }];
    expect(causeTexts(roleValidation.validate?.({ rules }, ctx) ?? [])).toEqual([
      'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
      'rules[0].resources: Required value: resource rules must supply at least one resource',
      'rules[1].resources: Required value: resource rules must supply at least one resource',
      'rules[2].nonResourceURLs: Invalid value: ["/x"]: namespaced rules cannot apply to non-resource URLs',
      'rules[0].verbs: Required value',
    ]);
  });

  it('checks a cluster role\'s rules and aggregation rule', () => {
    const body = { rules: [{ verbs: ['get'], nonResourceURLs: ['/x'], resources: ['pods'] }], aggregationRule: { clusterRoleSelectors: [] } };
    expect(causeTexts(clusterRoleValidation.validate?.(body, ctx) ?? [])).toEqual([
      'rules[0].nonResourceURLs: Invalid value: ["/x"]: rules cannot apply to both regular resources and non-resource URLs',
      'aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil',
    ]);
  });

  it('checks roleRef and subjects, the required names (declarative) last in struct order', () => {
    const body = binding({ roleRef: { kind: 'Role' }, subjects: [{ kind: 'User' }, { kind: 'Bad', name: 'x' }, { kind: 'ServiceAccount', name: 'a:b', apiGroup: 'x' }] });
    expect(causeTexts(roleBindingValidation.validate?.(body, ctx) ?? [])).toEqual([
      'subjects[1].kind: Unsupported value: "Bad": supported values: "ServiceAccount", "User", "Group"',
      expect.stringMatching(/^subjects\[2\]\.name: Invalid value: "a:b": a lowercase RFC 1123 subdomain/),
      'subjects[2].apiGroup: Unsupported value: "x": supported values: ""',
      'subjects[0].name: Required value',
      'roleRef.name: Required value',
    ]);
  });

  it('lets a ClusterRoleBinding refer to ClusterRoles only, with namespaced service accounts', () => {
    const body = binding({ roleRef: { kind: 'Role', name: 'r' }, subjects: [{ kind: 'ServiceAccount', name: 'sa' }] });
    expect(causeTexts(clusterRoleBindingValidation.validate?.(body, ctx) ?? [])).toEqual([
      'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
      'subjects[0].namespace: Required value',
    ]);
  });

  it('keeps roleRef immutable', () => {
    const old = binding({ metadata: { name: 'rb' }, roleRef: { kind: 'Role', name: 'r' } }) as unknown as KubeObject;
    const next = binding({ metadata: { name: 'rb' }, roleRef: { kind: 'ClusterRole', name: 'r2' } });
    expect(causeTexts(roleBindingValidation.validateUpdate?.(next, old, ctx) ?? [])).toEqual([
      'roleRef: Invalid value: {"APIGroup":"rbac.authorization.k8s.io","Kind":"ClusterRole","Name":"r2"}: field is immutable',
    ]);
  });
});
