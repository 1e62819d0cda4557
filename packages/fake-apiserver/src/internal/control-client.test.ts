import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConnection, UsageError } from './control-client.js';
import { loadTlsMaterial } from './tls.js';

const dir = mkdtempSync(join(tmpdir(), 'kcache-control-client-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: plain
  cluster: { server: "http://127.0.0.1:6443", insecure-skip-tls-verify: true }
- name: secure
  cluster: { server: "https://127.0.0.1:7443", certificate-authority: "${join(dir, 'ca.crt')}" }
users:
- name: nobody
  user: {}
- name: file
  user: { tokenFile: "${join(dir, 'token')}" }
contexts:
- name: one
  context: { cluster: plain, user: nobody }
- name: two
  context: { cluster: secure, user: file }
current-context: one
`;
writeFileSync(join(dir, 'kubeconfig'), KUBECONFIG);
writeFileSync(join(dir, 'ca.crt'), 'CA PEM');
writeFileSync(join(dir, 'token'), 'from-file\n');
const path = join(dir, 'kubeconfig');

describe('resolveConnection', () => {
  it('reads the current context, or the one asked for, with its token (or token file) and CA', () => {
    expect(resolveConnection({ kubeconfig: path }, {})).toEqual({ url: 'http://127.0.0.1:6443', token: undefined, ca: undefined, insecure: true });
    expect(resolveConnection({ kubeconfig: path, context: 'two' }, {})).toEqual({ url: 'https://127.0.0.1:7443', token: 'from-file', ca: 'CA PEM', insecure: false });
    // --token overrides the kubeconfig's.
    expect(resolveConnection({ kubeconfig: path, context: 'two', token: 't' }, {}).token).toBe('t');
  });

  it('falls back to the first file of $KUBECONFIG', () => {
    expect(resolveConnection({}, { KUBECONFIG: `${path}:/elsewhere` }).url).toBe('http://127.0.0.1:6443');
  });

  it('takes --server (trusting the bundled CA for https) before any kubeconfig', () => {
    expect(resolveConnection({ server: 'http://127.0.0.1:1', token: 'x', kubeconfig: path }, {})).toEqual({ url: 'http://127.0.0.1:1', token: 'x', ca: undefined, insecure: false });
    expect(resolveConnection({ server: 'https://127.0.0.1:1' }, {}).ca).toBe(loadTlsMaterial().ca);
  });

  it('says what is missing', () => {
    expect(() => resolveConnection({}, {})).toThrow(new UsageError('say which server: --kubeconfig <path> (the file the server wrote), --server <url> [--token <token>], or set KUBECONFIG'));
    expect(() => resolveConnection({ kubeconfig: path, context: 'three' }, {})).toThrow('the kubeconfig ' + path + ' has no context "three"');
    expect(() => resolveConnection({ server: 'ftp://x' }, {})).toThrow('--server must be an http:// or https:// URL, got "ftp://x"');
    expect(() => resolveConnection({ server: 'not a url' }, {})).toThrow("--server must be the server's URL");
  });
});
