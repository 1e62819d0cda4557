// `POST serviceaccounts/{name}/token`: a TokenRequest (authentication.k8s.io/v1) answered as
// kube-apiserver answers it, with a JWT carrying kube's claims (iss, sub
// `system:serviceaccount:<ns>:<name>`, aud, iat/nbf/exp, jti and the `kubernetes.io` claims naming
// the service account and the bound object), signed RS256 with a key the server makes on first
// use. The server's bearer-token check accepts the tokens it minted while their service account
// (same uid) and bound object exist and they have not expired.
import { createHash, createPublicKey, generateKeyPairSync, randomUUID, sign, verify, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject } from '@kcache/store';
import { FakeApiServerError, InvalidError } from '../errors.js';
import type { Backend } from './backend.js';
import { mediaType, parseJson, readBody } from './body.js';
import { objectKey } from './entry.js';
import { managerOptions } from './manager-options.js';
import { PROTOBUF_CONTENT_TYPE } from './negotiate.js';
import { timestamp } from './object-rules.js';
import { decodeObjectBody } from './protobuf-wire.js';
import type { ServedKind } from './registry.js';
import { sendBytes } from './respond.js';
import type { ResourceRoute } from './route.js';
import { badRequest, failure, notFound } from './status.js';
import type { StatusCause } from '../types.js';

/**
 * The issuer (and default audience) of kube-apiserver's service account tokens.
 *
 * @internal exported for its unit tests; not part of the package API
 */
export const TOKEN_ISSUER = 'https://kubernetes.default.svc.cluster.local';
const DEFAULT_EXPIRATION_SECONDS = 3600;
const MIN_EXPIRATION_SECONDS = 600;
const MAX_EXPIRATION_SECONDS = 2 ** 32;

/** Whether a kind is core v1 serviceaccounts. */
function isCoreServiceAccounts(info: { readonly group: string; readonly plural: string }): boolean {
  return info.group === '' && info.plural === 'serviceaccounts';
}

/** Whether `route` is a service account's token subresource. */
export function isServiceAccountToken(served: ServedKind, route: ResourceRoute): boolean {
  return isCoreServiceAccounts(served.info) && route.subresource === 'token' && route.name !== undefined;
}

/** Only POST (create) is served; kube-apiserver's router answers 405 otherwise. */
export function tokenVerb(method: string): 'create' {
  if (method === 'POST') return 'create';
  throw new FakeApiServerError(failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {}));
}

type Json = Record<string, unknown>;

function record(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

interface BoundRef {
  readonly kind: 'Pod' | 'Secret' | 'Node';
  readonly name: string;
  readonly uid: string;
}

/** The claims of a token the server minted. */
export interface TokenClaims {
  readonly aud: string[];
  readonly exp: number;
  readonly iat: number;
  readonly iss: string;
  readonly jti: string;
  readonly 'kubernetes.io': {
    readonly namespace: string;
    readonly serviceaccount: { readonly name: string; readonly uid: string };
    readonly pod?: { readonly name: string; readonly uid: string };
    readonly secret?: { readonly name: string; readonly uid: string };
    readonly node?: { readonly name: string; readonly uid: string };
  };
  readonly nbf: number;
  readonly sub: string;
}

/** Mints and checks service account tokens with one RSA key made on first use. */
export class TokenIssuer {
  private key: { readonly privateKey: KeyObject; readonly publicKey: KeyObject; readonly kid: string } | undefined;

  private keys(): { readonly privateKey: KeyObject; readonly publicKey: KeyObject; readonly kid: string } {
    if (this.key === undefined) {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const publicKey = createPublicKey(privateKey);
      const kid = base64url(createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest());
      this.key = { privateKey, publicKey, kid };
    }
    return this.key;
  }

  mint(claims: TokenClaims): string {
    const { privateKey, kid } = this.keys();
    const signingInput = `${base64url(JSON.stringify({ alg: 'RS256', kid }))}.${base64url(JSON.stringify(claims))}`;
    return `${signingInput}.${base64url(sign('sha256', Buffer.from(signingInput), privateKey))}`;
  }

  /** The claims of a token this issuer signed, or undefined. */
  verify(token: string): TokenClaims | undefined {
    if (this.key === undefined) return undefined;
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const [header, payload, signature] = parts as [string, string, string];
    if (!verify('sha256', Buffer.from(`${header}.${payload}`), this.key.publicKey, Buffer.from(signature, 'base64url'))) return undefined;
    try {
      return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
    } catch {
      return undefined;
    }
  }
}

function lookup(backend: Backend, apiVersion: string, kind: string, namespace: string, name: string): KubeObject | undefined {
  const served = backend.registry.lookupKind(apiVersion, kind);
  if (served === undefined) return undefined;
  return served.store.entries.get(objectKey(served.info.namespaced ? namespace : '', name))?.obj;
}

/**
 * Whether an `Authorization` header carries a token this server minted for a service account that
 * still exists (same uid), whose bound object still exists, and that has not expired.
 */
export function acceptsServiceAccountToken(backend: Backend, authorization: string | undefined): boolean {
  if (!authorization?.startsWith('Bearer ')) return false;
  const claims = backend.tokens.verify(authorization.slice('Bearer '.length).trim());
  if (claims === undefined) return false;
  const nowSeconds = Math.floor(backend.now().getTime() / 1000);
  if (claims.exp <= nowSeconds || claims.nbf > nowSeconds + 60) return false;
  const k = claims['kubernetes.io'];
  const sa = lookup(backend, 'v1', 'ServiceAccount', k.namespace, k.serviceaccount.name);
  if (sa?.metadata?.uid !== k.serviceaccount.uid) return false;
  for (const [kind, ref] of [['Pod', k.pod], ['Secret', k.secret], ['Node', k.node]] as const) {
    if (ref !== undefined && lookup(backend, 'v1', kind, k.namespace, ref.name)?.metadata?.uid !== ref.uid) return false;
  }
  return true;
}

async function readObject(req: IncomingMessage): Promise<Json> {
  const raw = await readBody(req);
  const body = mediaType(req.headers['content-type']) === PROTOBUF_CONTENT_TYPE ? decodeObjectBody(raw) : parseJson(raw);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('the body of the request must be an object');
  return body as Json;
}

/** kube's 422 for a TokenRequest, which has no name of its own (none in the details either). */
function invalidTokenRequest(cause: StatusCause): InvalidError {
  return new InvalidError(failure(422, 'Invalid', `TokenRequest.authentication.k8s.io "" is invalid: ${cause.field ?? ''}: ${cause.message ?? ''}`, {
    group: 'authentication.k8s.io',
    kind: 'TokenRequest',
    causes: [cause],
  }));
}

/** Serves POST on `serviceaccounts/{name}/token`. */
export async function handleServiceAccountToken(
  backend: Backend,
  req: IncomingMessage,
  res: ServerResponse,
  route: ResourceRoute,
  query: URLSearchParams,
  served: ServedKind,
): Promise<void> {
  const namespace = route.namespace ?? '';
  const name = route.name ?? '';
  const body = await readObject(req);
  const { manager } = managerOptions('CreateOptions', query, req.headers['user-agent']);
  const sentSpec = record(body.spec);
  const expirationSeconds = typeof sentSpec.expirationSeconds === 'number' ? sentSpec.expirationSeconds : DEFAULT_EXPIRATION_SECONDS;
  if (expirationSeconds < MIN_EXPIRATION_SECONDS) {
    throw invalidTokenRequest({ reason: 'FieldValueInvalid', message: `Invalid value: ${expirationSeconds}: may not specify a duration less than 10 minutes`, field: 'spec.expirationSeconds' });
  }
  if (expirationSeconds > MAX_EXPIRATION_SECONDS) {
    throw invalidTokenRequest({ reason: 'FieldValueInvalid', message: `Invalid value: ${expirationSeconds}: may not specify a duration larger than 2^32 seconds`, field: 'spec.expirationSeconds' });
  }
  const sa = served.store.entries.get(objectKey(namespace, name));
  if (sa === undefined) throw notFound(served.info, name);
  const audiences = Array.isArray(sentSpec.audiences) && sentSpec.audiences.length > 0 ? sentSpec.audiences.map(String) : [TOKEN_ISSUER];
  const saUid = sa.obj.metadata?.uid ?? '';
  const k8s: { namespace: string; serviceaccount: { name: string; uid: string }; pod?: { name: string; uid: string }; secret?: { name: string; uid: string }; node?: { name: string; uid: string } } = {
    namespace,
    serviceaccount: { name, uid: saUid },
  };
  const bound = sentSpec.boundObjectRef === undefined || sentSpec.boundObjectRef === null ? undefined : record(sentSpec.boundObjectRef);
  if (bound !== undefined) {
    const ref = boundRef(backend, namespace, bound);
    const claims = k8s as Record<string, unknown>;
    claims[ref.kind.toLowerCase()] = { name: ref.name, uid: ref.uid };
    // The claims keep kube's order: namespace, serviceaccount, pod, secret, node.
    const { pod, secret, node } = k8s;
    delete k8s.pod;
    delete k8s.secret;
    delete k8s.node;
    Object.assign(k8s, pod === undefined ? {} : { pod }, secret === undefined ? {} : { secret }, node === undefined ? {} : { node });
  }
  const now = backend.now();
  const iat = Math.floor(now.getTime() / 1000);
  const claims: TokenClaims = {
    aud: audiences,
    exp: iat + expirationSeconds,
    iat,
    iss: TOKEN_ISSUER,
    jti: randomUUID(),
    'kubernetes.io': k8s,
    nbf: iat,
    sub: `system:serviceaccount:${namespace}:${name}`,
  };
  const token = backend.tokens.mint(claims);
  // kube records the fields sent, and expirationSeconds (defaulted before the record is made).
  const fields: Json = {};
  if (Array.isArray(sentSpec.audiences) && sentSpec.audiences.length > 0) fields['f:audiences'] = {};
  if (bound !== undefined) fields['f:boundObjectRef'] = {};
  fields['f:expirationSeconds'] = {};
  const meta: Json = { name, namespace, uid: saUid, creationTimestamp: timestamp(now) };
  if (Object.keys(fields).length > 0) {
    meta.managedFields = [{
      manager,
      operation: 'Update',
      apiVersion: 'authentication.k8s.io/v1',
      time: timestamp(now),
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:spec': fields },
      subresource: 'token',
    }];
  }
  const answer = {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: meta,
    spec: { audiences, expirationSeconds, boundObjectRef: bound ?? null },
    status: { token, expirationTimestamp: timestamp(new Date((iat + expirationSeconds) * 1000)) },
  };
  sendBytes(res, 201, Buffer.from(JSON.stringify(answer)), 'application/json');
}

function boundRef(backend: Backend, namespace: string, ref: Json): BoundRef {
  const kind = ref.kind;
  const apiVersion = typeof ref.apiVersion === 'string' ? ref.apiVersion : '';
  const name = typeof ref.name === 'string' ? ref.name : '';
  if ((kind !== 'Pod' && kind !== 'Secret' && kind !== 'Node') || apiVersion !== 'v1') {
    throw badRequest(`cannot bind token to object of type ${apiVersion}, Kind=${String(kind)}`);
  }
  const plural = kind === 'Pod' ? 'pods' : kind === 'Secret' ? 'secrets' : 'nodes';
  const obj = lookup(backend, 'v1', kind, namespace, name);
  if (obj === undefined) throw notFound({ group: '', plural, kind }, name);
  const uid = obj.metadata?.uid ?? '';
  if (typeof ref.uid === 'string' && ref.uid !== '' && ref.uid !== uid) {
    throw new FakeApiServerError(failure(409, 'Conflict', `Operation cannot be fulfilled on ${plural} "${name}": the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`, { name, kind: plural }));
  }
  return { kind, name, uid };
}
