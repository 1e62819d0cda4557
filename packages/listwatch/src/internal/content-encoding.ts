import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { ResponseDecodeError } from '../errors.js';

const gunzipAsync = promisify(gunzip);

/** Undoes `Content-Encoding: gzip` of a whole (error) body off the event loop (zlib runs on the thread pool). */
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
