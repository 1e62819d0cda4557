// Writing responses: JSON bodies with a Content-Length, and Status errors.
import type { ServerResponse } from 'node:http';
import type { Status } from '../types.js';

export function sendBytes(res: ServerResponse, code: number, body: Buffer, contentType = 'application/json', headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(code, { ...headers, 'Content-Type': contentType, 'Content-Length': String(body.length) });
  res.end(body);
}

export function sendJson(res: ServerResponse, code: number, value: unknown, contentType = 'application/json'): void {
  sendBytes(res, code, Buffer.from(JSON.stringify(value)), contentType);
}

export function sendStatus(res: ServerResponse, status: Status, headers: Record<string, string> = {}): void {
  const retryAfter = status.details?.retryAfterSeconds;
  const extra = retryAfter !== undefined && (status.code === 429 || status.code === 503) ? { 'Retry-After': String(retryAfter), ...headers } : headers;
  sendBytes(res, status.code, Buffer.from(JSON.stringify(status)), 'application/json', extra);
}

function isGone(res: ServerResponse): boolean {
  return res.destroyed;
}

/** Writes a large body in chunks, waiting for the socket to drain between them. */
export async function sendChunks(res: ServerResponse, code: number, parts: readonly Buffer[], total: number, contentType: string): Promise<void> {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': String(total) });
  const CHUNK = 1024 * 1024;
  let batch: Buffer[] = [];
  let size = 0;
  for (const part of parts) {
    batch.push(part);
    size += part.length;
    if (size >= CHUNK) {
      const ok = res.write(Buffer.concat(batch, size));
      batch = [];
      size = 0;
      if (!ok) {
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
  }
  res.end(size > 0 ? Buffer.concat(batch, size) : undefined);
}
