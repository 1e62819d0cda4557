// The authentication.k8s.io group: TokenReview and SelfSubjectReview, which store nothing.
// Whoever holds the server's token (anyone, when it has none) is the fake's one user, a cluster
// admin, named as kube-apiserver names the admin of a static token file.
import type { KindInfo } from '../kinds.js';
import { timestamp } from '../object-rules.js';
import { rec } from '../table-columns.js';
import type { VirtualResource } from '../virtual-resources.js';
import { builtin } from './define.js';

/** The user every authenticated request of the fake acts as. */
export const FAKE_USER: Readonly<{ username: string; groups: readonly string[] }> = {
  username: 'admin',
  groups: ['system:masters', 'system:authenticated'],
};

/** The audiences kube-apiserver's tokens are good for by default. */
const AUDIENCES = ['https://kubernetes.default.svc.cluster.local'];

const API_VERSION = 'authentication.k8s.io/v1';

/** `POST tokenreviews`: the server's token authenticates as FAKE_USER; any other is refused. */
const TOKEN_REVIEWS: VirtualResource = {
  create(body, ctx) {
    const spec = rec(body.spec);
    const token = typeof spec.token === 'string' ? spec.token : '';
    const valid = token !== '' && (ctx.token === undefined || token === ctx.token);
    const status = valid
      ? { authenticated: true, user: { username: FAKE_USER.username, groups: [...FAKE_USER.groups] }, audiences: [...AUDIENCES] }
      : { user: {}, error: 'invalid bearer token' };
    return { kind: 'TokenReview', apiVersion: API_VERSION, metadata: rec(body.metadata), spec, status };
  },
};

/** `POST selfsubjectreviews`: who the caller is. */
const SELF_SUBJECT_REVIEWS: VirtualResource = {
  create(_body, ctx) {
    return {
      kind: 'SelfSubjectReview',
      apiVersion: API_VERSION,
      metadata: { creationTimestamp: timestamp(ctx.backend.now()) },
      status: { userInfo: { username: FAKE_USER.username, groups: [...FAKE_USER.groups] } },
    };
  },
};

/** The authentication.k8s.io group's kinds. */
export const AUTHENTICATION_KINDS: readonly KindInfo[] = [
  builtin({ group: 'authentication.k8s.io', plural: 'selfsubjectreviews', virtual: SELF_SUBJECT_REVIEWS }),
  builtin({ group: 'authentication.k8s.io', plural: 'tokenreviews', virtual: TOKEN_REVIEWS }),
];
