import { describe, expect, it } from 'vitest';
import { TOKEN_ISSUER, TokenIssuer, type TokenClaims } from './service-account-token.js';

const claims: TokenClaims = {
  aud: [TOKEN_ISSUER],
  exp: 2_000_000_600,
  iat: 2_000_000_000,
  iss: TOKEN_ISSUER,
  jti: 'j',
  'kubernetes.io': { namespace: 'default', serviceaccount: { name: 'robot', uid: 'u' } },
  nbf: 2_000_000_000,
  sub: 'system:serviceaccount:default:robot',
};

describe('TokenIssuer', () => {
  it('mints RS256 JWTs it can verify, with a kid, and refuses others', () => {
    const issuer = new TokenIssuer();
    expect(issuer.verify('a.b.c')).toBeUndefined();
    const token = issuer.mint(claims);
    const [header, payload, signature] = token.split('.');
    expect(JSON.parse(Buffer.from(header ?? '', 'base64url').toString('utf8'))).toEqual({ alg: 'RS256', kid: expect.stringMatching(/^[\w-]{43}$/) });
    expect(JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'))).toEqual(claims);
    expect(issuer.verify(token)).toEqual(claims);
    expect(issuer.verify(`${header ?? ''}.${Buffer.from(JSON.stringify({ ...claims, sub: 'other' })).toString('base64url')}.${signature ?? ''}`)).toBeUndefined();
    expect(new TokenIssuer().verify(token)).toBeUndefined();
  });
});
