import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { ResponseDecodeError } from '../errors.js';
import type { ObjectList } from '../types.js';
import { excerptOf } from './http-error.js';

const gunzipAsync = promisify(gunzip);

/** Undoes `Content-Encoding: gzip` off the event loop (zlib runs on the thread pool). */
export async function decodeContent(body: Buffer, encoding: string | undefined, description: string): Promise<Buffer> {
  if (encoding === undefined || encoding === '' || encoding === 'identity') return body;
  if (encoding !== 'gzip') {
    throw new ResponseDecodeError(`${description}: unsupported Content-Encoding ${JSON.stringify(encoding)}`, {
      excerpt: '',
    });
  }
  try {
    return await gunzipAsync(body);
  } catch (cause) {
    throw new ResponseDecodeError(`${description}: the gzip-encoded body is corrupt`, { excerpt: '', cause });
  }
}

/**
 * Fills `apiVersion` and `kind` into list items that lack them, from the list's own (`PodList` →
 * `Pod`): real API servers leave them out of built-in kinds' list items (kubernetes#3030), while
 * watch events always carry them. After this, objects from lists and from watches look the same.
 */
export function fillItemTypeMeta(list: ObjectList<unknown>, fallbackApiVersion: string): void {
  const listKind = list.kind;
  if (listKind === undefined || listKind.length <= 4 || !listKind.endsWith('List')) return;
  const kind = listKind.slice(0, -4);
  const apiVersion = list.apiVersion ?? fallbackApiVersion;
  for (const item of list.items) {
    if (typeof item !== 'object' || item === null) continue;
    const typed = item as { apiVersion?: unknown; kind?: unknown };
    if (typed.apiVersion === undefined) typed.apiVersion = apiVersion;
    if (typed.kind === undefined) typed.kind = kind;
  }
}

/** Turns a (decoded) list body into text. */
export function listBodyText(body: Buffer, description: string): string {
  try {
    return body.toString('utf8');
  } catch (cause) {
    // Past V8's string limit (~512 MiB): no single JSON.parse can take it.
    throw new ResponseDecodeError(
      `${description}: the list body (${String(body.length)} bytes) is too large to decode at once; list in pages (limit, or listPages)`,
      { excerpt: excerptOf(body), cause },
    );
  }
}

/**
 * Parses a list response body.
 *
 * @throws {ResponseDecodeError} When the body is not JSON or has no `items` array.
 */
export function parseListBody<T>(text: string, description: string): ObjectList<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new ResponseDecodeError(`${description}: the response body is not JSON`, { excerpt: excerptOfText(text), cause });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ResponseDecodeError(`${description}: the response body is not a list object`, { excerpt: excerptOfText(text) });
  }
  const list = parsed as { items?: unknown; metadata?: unknown };
  // Go encodes an empty slice as null in some versions; treat it as no items.
  if (list.items === null) list.items = [];
  if (!Array.isArray(list.items)) {
    throw new ResponseDecodeError(`${description}: the response body has no items array; is this a collection URL?`, {
      excerpt: excerptOfText(text),
    });
  }
  if (typeof list.metadata !== 'object' || list.metadata === null) list.metadata = {};
  return parsed as ObjectList<T>;
}

function excerptOfText(text: string): string {
  return excerptOf(Buffer.from(text.slice(0, 400), 'utf8'));
}
