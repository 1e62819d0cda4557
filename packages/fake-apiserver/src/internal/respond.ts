// Writing responses: bodies with a Content-Length, and Status errors (JSON or protobuf).
import type { ServerResponse } from 'node:http';
import type { ServerStatus } from '../types.js';
import { at } from './at.js';
import { negotiateStatusEncoding, PROTOBUF_CONTENT_TYPE } from './negotiate.js';
import { protobufStatus } from './protobuf-wire.js';

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
  const extra = retryAfter !== undefined && (status.code === 429 || status.code === 503) ? { 'Retry-After': String(retryAfter), ...headers } : headers;
  const protobuf = negotiateStatusEncoding(accept) === 'protobuf' ? protobufStatus(status) : undefined;
  if (protobuf !== undefined) {
    sendBytes(res, status.code, protobuf, PROTOBUF_CONTENT_TYPE, extra);
    return;
  }
  sendBytes(res, status.code, Buffer.from(JSON.stringify(status)), 'application/json', extra);
}

/**
 * A warning text quoted as kube-apiserver quotes it (Go's `%q`); characters a header cannot carry
 * are escaped as `\uXXXX`.
 */
function quoteWarning(text: string): string {
  const escaped = text.replace(/["\\]|[^\x20-\x7e]/g, (c) =>
    c === '"' || c === '\\' ? `\\${c}` : `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );
  return `"${escaped}"`;
}

/**
 * Adds `Warning: 299 - "<text>"` headers to a response not yet sent, one per text; a text already
 * warned about is not repeated (kube-apiserver's warning recorder deduplicates the same way).
 */
export function addWarnings(res: ServerResponse, texts: readonly string[]): void {
  if (res.headersSent || texts.length === 0) return;
  const existing = res.getHeader('Warning');
  const headers = Array.isArray(existing) ? [...existing] : typeof existing === 'string' ? [existing] : [];
  for (const text of texts) {
    const header = `299 - ${quoteWarning(text)}`;
    if (!headers.includes(header)) headers.push(header);
  }
  res.setHeader('Warning', headers);
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
