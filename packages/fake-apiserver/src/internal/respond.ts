// Writing responses: bodies with a Content-Length, and Status errors (JSON or protobuf).
import type { ServerResponse } from 'node:http';
import type { ServerStatus } from '../types.js';
import { at } from './at.js';
import { negotiateStatusEncoding, PROTOBUF_CONTENT_TYPE } from './negotiate.js';
import { protobufStatus } from './protobuf-wire.js';
import { alwaysJson } from './status.js';

export function sendBytes(res: ServerResponse, code: number, body: Buffer, contentType = 'application/json', headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(code, { ...headers, 'Content-Type': contentType, 'Content-Length': String(body.length) });
  res.end(body);
}

export function sendJson(res: ServerResponse, code: number, value: unknown, contentType = 'application/json'): void {
  sendBytes(res, code, Buffer.from(JSON.stringify(value)), contentType);
}

/** A Status response, in protobuf when `accept` (the request's Accept header) prefers it, else JSON. */
export function sendStatus(res: ServerResponse, status: ServerStatus, headers: Record<string, string> = {}, accept?: string): void {
  const retryAfter = status.details?.retryAfterSeconds;
  // kube-apiserver sets Retry-After for any error whose details carry a positive retryAfterSeconds.
  const extra = retryAfter !== undefined && retryAfter > 0 ? { 'Retry-After': String(retryAfter), ...headers } : headers;
  const protobuf = !alwaysJson(status) && negotiateStatusEncoding(accept) === 'protobuf' ? protobufStatus(status) : undefined;
  if (protobuf !== undefined) {
    sendBytes(res, status.code, protobuf, PROTOBUF_CONTENT_TYPE, extra);
    return;
  }
  // Go leaves an empty reason out (`omitempty`), as in the 500s of errors that are not a Status.
  sendBytes(res, status.code, Buffer.from(JSON.stringify(status, (key, value: unknown) => (key === 'reason' && value === '' ? undefined : value))), 'application/json', extra);
}

// kube-apiserver's warning recorder: at most 4096 characters of warnings per response; past that,
// every warning is cut to 256 characters and those that no longer fit are dropped.
const WARNINGS_TOTAL_RUNES = 4 * 1024;
const WARNING_ITEM_RUNES = 256;

interface WarningState {
  readonly recorded: Set<string>;
  readonly ordered: string[];
  written: number;
  truncating: boolean;
  headers: string[];
}

const warningStates = new WeakMap<ServerResponse, WarningState>();

/**
 * `299 - "<text>"` with `"` and `\` escaped, as kube-apiserver writes it; the text's UTF-8 bytes go
 * on the wire as they are (Node writes header strings as latin1, one byte per character).
 */
function warningHeader(text: string): string {
  return `299 - "${Buffer.from(text.replace(/["\\]/g, (c) => `\\${c}`), 'utf8').toString('latin1')}"`;
}

function cut(text: string): [string, number] {
  const runes = Array.from(text);
  return runes.length > WARNING_ITEM_RUNES ? [runes.slice(0, WARNING_ITEM_RUNES).join(''), WARNING_ITEM_RUNES] : [text, runes.length];
}

/**
 * Adds `Warning: 299 - "<text>"` headers to a response not yet sent, one per text, as
 * kube-apiserver's warning recorder does: a text already warned about is not repeated, texts
 * with control characters are dropped, and past 4096 characters in all they are truncated.
 */
export function addWarnings(res: ServerResponse, texts: readonly string[]): void {
  if (res.headersSent) return;
  let state = warningStates.get(res);
  if (state === undefined) {
    state = { recorded: new Set(), ordered: [], written: 0, truncating: false, headers: [] };
    warningStates.set(res, state);
  }
  for (const original of texts) {
    if (original === '' || (state.written >= WARNINGS_TOTAL_RUNES && state.truncating) || state.recorded.has(original)) continue;
    state.recorded.add(original);
    // eslint-disable-next-line no-control-regex -- control characters are what kube refuses
    if (/[\u0000-\u001f\u007f-\u009f]/u.test(original)) continue;
    state.ordered.push(original);
    const [text, runes] = state.truncating ? cut(original) : [original, Array.from(original).length];
    if (state.written + runes <= WARNINGS_TOTAL_RUNES || state.truncating) {
      state.written += runes;
      state.headers.push(warningHeader(text));
      continue;
    }
    state.truncating = true;
    state.written = 0;
    state.headers = [];
    for (const w of state.ordered) {
      const [short, length] = cut(w);
      state.written += length;
      state.headers.push(warningHeader(short));
    }
  }
  if (state.headers.length > 0) res.setHeader('Warning', state.headers);
}

function isGone(res: ServerResponse): boolean {
  return res.destroyed;
}

/**
 * Writes a large body without copying it: the parts (stored encodings) go to the socket as they
 * are, corked so they leave in large vectored writes. The writer pauses only when a lot is queued.
 */
export async function sendParts(res: ServerResponse, code: number, parts: readonly Buffer[], total: number, contentType: string): Promise<void> {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': String(total) });
  const GROUP = 512;
  const QUEUED = 32 * 1024 * 1024;
  for (let i = 0; i < parts.length; i += GROUP) {
    res.cork();
    const end = Math.min(parts.length, i + GROUP);
    for (let j = i; j < end; j++) res.write(at(parts, j));
    res.uncork();
    if (res.writableLength > QUEUED) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
      if (isGone(res)) return;
    }
  }
  res.end();
}
