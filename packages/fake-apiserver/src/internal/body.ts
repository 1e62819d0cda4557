// Request bodies: bounded in size (kube-apiserver's 3 MiB), JSON only, parsed into a value or a
// 400/413/415 Status error.
import type { IncomingMessage } from 'node:http';
import { PROTOBUF_CONTENT_TYPE } from './negotiate.js';
import { decodeObjectBody } from './protobuf-wire.js';
import { badRequest, entityTooLarge, unsupportedMediaType } from './status.js';

const MAX_BODY_BYTES: number = 3 * 1024 * 1024;

export function readBody(req: IncomingMessage, limit: number = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(entityTooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        failed = true;
        req.off('data', onData);
        req.pause();
        reject(entityTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks, size));
    });
    req.on('error', (err) => {
      if (!failed) reject(err);
    });
  });
}

/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export function parseJson(body: Buffer): unknown {
  if (body.length === 0) throw badRequest('the request body is empty: send the object as JSON');
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch (err) {
    throw badRequest(`the request body is not valid JSON: ${(err as Error).message}`);
  }
}

/**
 * A body for create/update: JSON (an absent Content-Type counts as JSON, as kube-apiserver does)
 * or protobuf (built-in kinds; `kind`, the resource's, words the errors).
 */
export function parseObjectBody(contentType: string | undefined, body: Buffer, kind?: string): unknown {
  const type = mediaType(contentType);
  if (type === PROTOBUF_CONTENT_TYPE) return decodeObjectBody(body, kind);
  if (type !== '' && type !== 'application/json' && type !== '*/*') {
    throw unsupportedMediaType(
      `the body of the request was in an unknown format (${type}) - accepted media types include: application/json`,
    );
  }
  return parseJson(body);
}
