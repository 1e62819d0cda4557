import type { IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { inspect } from 'node:util';
import { decodeWatchEvents } from '../watch-decoder.js';
import type { WatchEvent, WatchStream } from '../types.js';
import type { Exchange } from './exchange.js';

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/** The body of a watch response, as events; owns the exchange and closes it on every way out. */
class ResponseWatchStream<T> implements WatchStream<T> {
  readonly #exchange: Exchange;
  readonly #events: AsyncGenerator<WatchEvent<T>, void, undefined>;
  #finished = false;
  #closedByUser = false;

  constructor(exchange: Exchange, res: IncomingMessage) {
    this.#exchange = exchange;
    let body: AsyncIterable<Uint8Array> = res;
    if (res.headers['content-encoding'] === 'gzip') {
      // Not asked for, but a proxy might compress anyway; errors surface through the gunzip stream.
      body = pipeline(res, createGunzip(), () => undefined);
    }
    this.#events = decodeWatchEvents<T>(body);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<WatchEvent<T>, undefined>> {
    if (this.#finished) return DONE;
    try {
      const result = await this.#events.next();
      if (result.done !== true) return result;
      this.#finished = true;
      if (this.#exchange.isAborted && !this.#closedByUser) throw this.#exchange.mapError(undefined);
      this.#exchange.finish();
      return DONE;
    } catch (err) {
      this.#finished = true;
      this.#exchange.close();
      if (this.#closedByUser) return DONE;
      throw this.#exchange.mapError(err);
    }
  }

  async return(): Promise<IteratorReturnResult<undefined>> {
    this.close();
    // Runs the decoder's cleanup (it ends its iteration of the body); the socket is already gone.
    await this.#events.return(undefined).catch(() => undefined);
    return DONE;
  }

  close(): void {
    if (!this.#finished) this.#closedByUser = true;
    this.#finished = true;
    this.#exchange.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }

  [inspect.custom](): string {
    return `WatchStream { ${this.#exchange.description}${this.#finished ? ' (closed)' : ''} }`;
  }

  toString(): string {
    return `WatchStream(${this.#exchange.description})`;
  }
}

/** Wraps a 2xx watch response; the stream owns the exchange from now on. */
export function createWatchStream<T>(exchange: Exchange, res: IncomingMessage): WatchStream<T> {
  return new ResponseWatchStream<T>(exchange, res);
}
