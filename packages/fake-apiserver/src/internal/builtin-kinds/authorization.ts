// The authorization.k8s.io group: the access reviews, which store nothing. The fake authorizes
// every authenticated request, so every review answers allowed, as kube-apiserver answers a
// member of system:masters.
import type { KindInfo } from '../kinds.js';
import { InvalidError } from '../../errors.js';
import { failure } from '../status.js';
import { rec } from '../table-columns.js';
import type { VirtualResource } from '../virtual-resources.js';
import { builtin } from './define.js';

const API_VERSION = 'authorization.k8s.io/v1';

/** kube-apiserver's checks of a review's spec that the fake makes (the rest is not checked). */
function checkSpec(spec: Record<string, unknown>, subject: boolean): void {
  const causes = [];
  if ((spec.resourceAttributes === undefined) === (spec.nonResourceAttributes === undefined)) {
    causes.push({ reason: 'FieldValueInvalid', message: 'Invalid value: null: exactly one of nonResourceAttributes or resourceAttributes must be specified', field: 'spec' });
  }
  const groups = Array.isArray(spec.groups) ? spec.groups : [];
  if (subject && (typeof spec.user !== 'string' || spec.user === '') && groups.length === 0) {
    causes.push({ reason: 'FieldValueInvalid', message: 'Invalid value: "": at least one of user or group must be specified', field: 'spec.user' });
  }
  // kube-apiserver's Status names no kind and no name for these (the reviews have neither).
  if (causes.length > 0) {
    const summary = causes.length === 1 ? `${causes[0]?.field ?? ''}: ${causes[0]?.message ?? ''}` : `[${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}]`;
    throw new InvalidError(failure(422, 'Invalid', `.authorization.k8s.io "" is invalid: ${summary}`, { group: 'authorization.k8s.io', causes }));
  }
}

/** A review kind: its spec as sent, checked, answered allowed. */
function accessReview(kind: string, subject: boolean): VirtualResource {
  return {
    create(body) {
      const spec = rec(body.spec);
      checkSpec(spec, subject);
      return { kind, apiVersion: API_VERSION, metadata: rec(body.metadata), spec, status: { allowed: true } };
    },
  };
}

/** What a cluster admin may do, as kube-apiserver's RBAC lists it for system:masters. */
const ADMIN_RULES = {
  resourceRules: [
    { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
    { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
    { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
  ],
  nonResourceRules: [
    { verbs: ['get'], nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'] },
    { verbs: ['*'], nonResourceURLs: ['*'] },
    { verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'] },
  ],
  incomplete: false,
};

/** `POST selfsubjectrulesreviews`: everything, as for a cluster admin. */
const SELF_SUBJECT_RULES_REVIEWS: VirtualResource = {
  create: () => ({ kind: 'SelfSubjectRulesReview', apiVersion: API_VERSION, metadata: {}, spec: {}, status: structuredClone(ADMIN_RULES) }),
};

/** The authorization.k8s.io group's kinds. */
export const AUTHORIZATION_KINDS: readonly KindInfo[] = [
  builtin({ group: 'authorization.k8s.io', plural: 'localsubjectaccessreviews', virtual: accessReview('LocalSubjectAccessReview', true) }),
  builtin({ group: 'authorization.k8s.io', plural: 'selfsubjectaccessreviews', virtual: accessReview('SelfSubjectAccessReview', false) }),
  builtin({ group: 'authorization.k8s.io', plural: 'selfsubjectrulesreviews', virtual: SELF_SUBJECT_RULES_REVIEWS }),
  builtin({ group: 'authorization.k8s.io', plural: 'subjectaccessreviews', virtual: accessReview('SubjectAccessReview', true) }),
];
