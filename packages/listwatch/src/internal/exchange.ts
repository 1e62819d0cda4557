import type { ClientRequest, IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ConnectionError, ListWatchError, ResponseDecodeError } from '../errors.js';

/** The abort reason of a signal, as `fetch` reports it: the signal's `reason`, else an AbortError. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

const TRUST = 'set certificate-authority or certificate-authority-data in the kubeconfig';
const HINTS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'is the API server running, and is the kubeconfig server URL right?',
  ENOTFOUND: 'check the host name of the kubeconfig server URL',
  EAI_AGAIN: 'DNS lookup failed; check the host name and the network',
  ETIMEDOUT: 'the server did not answer; check the network path to it',
  ECONNRESET: 'the connection was reset; retry',
  DEPTH_ZERO_SELF_SIGNED_CERT: `the server's certificate is self-signed; ${TRUST}`,
  SELF_SIGNED_CERT_IN_CHAIN: `the server's certificate chain is not trusted; ${TRUST}`,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: `the server's certificate is not trusted; ${TRUST}`,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: `the server's certificate is not trusted; ${TRUST}`,
  ERR_TLS_CERT_ALTNAME_INVALID: "the server's certificate does not name this host; set tls-server-name in the kubeconfig or fix the server URL",
  CERT_HAS_EXPIRED: "the server's certificate has expired",
};

/**
 * One HTTP exchange, from request to the end of the response body, tied to an optional abort
 * signal: aborting destroys the socket at once and every pending operation rejects with the
 * signal's reason. Socket errors become {@link ConnectionError}s.
 *
 * Fields are truly private (`#`): the request carries the Authorization header, and nothing here
 * may show it to `util.inspect`.
 */
export class Exchange {
  readonly description: string;
  readonly #req: ClientRequest;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort: () => void;
  readonly #onSettle: () => void;
  readonly #response: Promise<IncomingMessage>;
  #aborted: { reason: unknown } | undefined;
  #settled = false;
  #res: IncomingMessage | undefined;

  /** Takes a request that has not been ended yet, ends it and follows it. */
  constructor(req: ClientRequest, description: string, signal: AbortSignal | undefined, onSettle: () => void) {
    this.#req = req;
    this.description = description;
    this.#signal = signal;
    this.#onSettle = onSettle;
    this.#onAbort = () => {
      if (this.#signal !== undefined) this.close(abortReason(this.#signal));
    };
    this.#response = new Promise<IncomingMessage>((resolve, reject) => {
      req.once('response', (res: IncomingMessage) => {
        this.#res = res;
        resolve(res);
      });
      req.once('error', (err) => {
        // The abort reason is whatever the caller aborted with, as with fetch: not always an Error.
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        reject(this.mapError(err));
        // No response will come: stop following the signal (it may be reused for the retry).
        this.finish();
      });
    });
    // Failures after the response arrive through the body; this keeps a late 'error' on the
    // request from becoming an uncaught exception.
    req.on('error', () => undefined);
    signal?.addEventListener('abort', this.#onAbort, { once: true });
    req.end();
  }

  /** Resolves with the response once its headers have arrived. */
  response(): Promise<IncomingMessage> {
    return this.#response;
  }

  /** The error to surface for `err`: the abort reason once aborted, our own errors unchanged. */
  mapError(err: unknown): unknown {
    if (this.#aborted !== undefined) return this.#aborted.reason;
    if (err instanceof ListWatchError) return err;
    const code = (err as { code?: unknown } | undefined)?.code;
    const systemCode = typeof code === 'string' ? code : undefined;
    const hint = systemCode === undefined ? undefined : HINTS[systemCode];
    const detail = err instanceof Error ? err.message : 'the connection closed';
    return new ConnectionError(`${this.description}: ${detail}${hint === undefined ? '' : ` (${hint})`}`, {
      cause: err,
      systemCode,
    });
  }

  /**
   * Reads the whole body, keeping at most `limit` bytes (the rest is not read: the socket closes).
   */
  async readBody(res: IncomingMessage, limit?: number): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let length = 0;
    const max = limit ?? Infinity;
    await this.#collect(res, (chunk) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk; // never a string here: no encoding set
      chunks.push(bytes);
      length += bytes.length;
      return length >= max;
    });
    const [only] = chunks;
    return chunks.length === 1 && only !== undefined ? only : Buffer.concat(chunks, length);
  }

  /**
   * The body as UTF-8 text, chunk by chunk as it arrives (gunzipped first, on the thread pool, when
   * `Content-Encoding: gzip`). Pull-based: the socket is read only as fast as the chunks are
   * taken, so a slow reader leaves the rest in TCP buffers rather than in memory. Characters split
   * between chunks are joined by Node's string decoder. The exchange ends with the body; ending the
   * iteration early (a decode error) closes the connection.
   *
   * @throws {ResponseDecodeError} An unsupported `Content-Encoding`, or a corrupt gzip body.
   * @throws {ConnectionError} The connection broke mid-body; the abort reason once aborted.
   */
  async *textChunks(res: IncomingMessage): AsyncGenerator<string, void, undefined> {
    const encoding = res.headers['content-encoding'];
    let body: NodeJS.ReadableStream;
    if (encoding === undefined || encoding === '' || encoding === 'identity') {
      body = res;
    } else if (encoding === 'gzip') {
      // Larger output pieces than zlib's 16 KiB default: fewer round trips to the thread pool.
      body = pipeline(res, createGunzip({ chunkSize: 64 * 1024 }), () => undefined);
    } else {
      this.close();
      throw new ResponseDecodeError(`${this.description}: unsupported Content-Encoding ${JSON.stringify(encoding)}`, { excerpt: '' });
    }
    body.setEncoding('utf8');
    let complete = false;
    try {
      for await (const chunk of body) yield chunk as string; // always a string once decoding is set
      complete = true;
    } catch (err) {
      if (!this.isAborted && isZlibError(err)) {
        throw new ResponseDecodeError(`${this.description}: the gzip-encoded body is corrupt`, { excerpt: '', cause: err });
      }
      throw this.mapError(err);
    } finally {
      if (complete) this.finish();
      else this.close();
    }
    if (this.isAborted) throw this.mapError(undefined);
  }

  // Flowing mode, for error bodies (small, wanted whole up to a limit): taken as fast as the socket
  // delivers them. `onChunk` returns true when it has seen enough (the rest is dropped with the
  // connection).
  #collect(res: IncomingMessage, onChunk: (chunk: Buffer | string) => boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let done = false;
      const settle = (err: unknown, cut: boolean): void => {
        if (done) return;
        done = true;
        res.off('data', onData);
        res.off('end', onEnd);
        res.off('error', onError);
        res.off('close', onClose);
        if (err !== undefined || this.#aborted !== undefined) {
          this.close();
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- an abort reason can be anything
          reject(this.mapError(err));
          return;
        }
        if (cut) res.destroy();
        this.finish();
        resolve();
      };
      const onData = (chunk: Buffer | string): void => {
        if (onChunk(chunk)) settle(undefined, true);
      };
      const onEnd = (): void => {
        settle(undefined, false);
      };
      const onError = (err: unknown): void => {
        settle(err, false);
      };
      const onClose = (): void => {
        // Closed before 'end' without an 'error' first: the connection went away mid-body.
        if (!res.complete) settle(Object.assign(new Error('the connection closed before the response ended'), { code: 'ECONNRESET' }), false);
      };
      res.on('data', onData);
      res.on('end', onEnd);
      res.on('error', onError);
      res.on('close', onClose);
    });
  }

  /** The response has been consumed: stop following the signal. */
  finish(): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#signal?.removeEventListener('abort', this.#onAbort);
    this.#onSettle();
  }

  /**
   * Destroys the socket and stops following the signal. With a `reason` (an abort), pending and
   * later operations reject with it.
   */
  close(reason?: unknown): void {
    if (reason !== undefined && this.#aborted === undefined && !this.#settled) this.#aborted = { reason };
    // Once the whole response has arrived (`complete`, even if nobody has read it yet), Node has
    // handed a keep-alive socket back to the agent's pool, where it may already carry another
    // request and no longer listens for errors: destroying it then would crash the process or
    // break that other request.
    if (this.#res?.complete !== true) {
      // An error makes a request that has no response yet fail at once (and settle response()).
      this.#req.destroy(reason === undefined ? undefined : reason instanceof Error ? reason : new Error('aborted'));
    }
    this.finish();
  }

  /** Whether the exchange was aborted. */
  get isAborted(): boolean {
    return this.#aborted !== undefined;
  }
}

/** Whether `err` comes from zlib (a corrupt or truncated compressed body). */
function isZlibError(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}
