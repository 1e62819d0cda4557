import { setImmediate as nextTurn } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import { WatchDecodeError } from './errors.js';
import { excerptOf } from './internal/http-error.js';
import type { WatchEvent } from './types.js';

/** Options of {@link decodeWatchEvents}. */
export interface DecodeWatchEventsOptions {
  /**
   * Longest line accepted, in bytes (default 64 MiB). A longer line is a {@link WatchDecodeError}
   * rather than unbounded buffering: Kubernetes objects are limited to a few MiB by etcd.
   */
  maxEventBytes?: number | undefined;
  /**
   * When the source hands over data faster than it can be decoded (an in-memory source, a socket
   * with a backlog), decoding pauses for one event-loop turn after this many milliseconds of
   * continuous work, so timers and other I/O keep running (default 16).
   */
  timeSliceMs?: number | undefined;
}

const NEWLINE = 10;
const DEFAULT_MAX_EVENT_BYTES = 64 * 1024 * 1024;
const DEFAULT_TIME_SLICE_MS = 16;

/**
 * Decodes a watch response body (newline-delimited JSON, one `{"type","object"}` per line) into
 * watch events, as they arrive.
 *
 * Works on bytes: lines are found with `Buffer.indexOf`, and only complete lines are turned into
 * text, so events split across chunks, many events per chunk and multi-byte UTF-8 characters split
 * across chunks all decode correctly; each line is decoded and parsed once. A final line without a
 * newline is decoded at the end; empty lines are skipped. It is pull-based: the source is read only
 * while the consumer asks for events, so a slow consumer slows the socket and memory stays bounded
 * by one chunk plus one partial event.
 *
 * @param source The body: any async iterable of byte chunks (a Node.js `IncomingMessage`, a
 *   `ReadableStream<Uint8Array>`, an array-backed generator…).
 * @returns The events, in order. Ending the iteration early (`break`) ends the source's iteration too.
 * @throws {WatchDecodeError} From the iterator, at the first line that is not JSON, not an object,
 *   has no known `type` (`ADDED`, `MODIFIED`, `DELETED`, `BOOKMARK`, `ERROR`) or no `object`, or is
 *   longer than `maxEventBytes`. Every earlier event has been delivered; nothing is dropped silently.
 */
export async function* decodeWatchEvents<T>(
  source: AsyncIterable<Uint8Array>,
  options: DecodeWatchEventsOptions = {},
): AsyncGenerator<WatchEvent<T>, void, undefined> {
  const maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  const timeSliceMs = options.timeSliceMs ?? DEFAULT_TIME_SLICE_MS;
  // A line that spans chunks is kept as its parts and joined once, when its newline arrives.
  let parts: Buffer[] = [];
  let partsLength = 0;
  let consumed = 0; // bytes of the stream before the current chunk
  let sliceStart = performance.now();
  let lines = 0;

  for await (const raw of source) {
    const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    let start = 0;
    let newline = chunk.indexOf(NEWLINE);
    while (newline !== -1) {
      let event: WatchEvent<T> | undefined;
      if (partsLength === 0) {
        event = decodeLine<T>(chunk, start, newline, consumed + start);
      } else {
        const lineLength = partsLength + newline;
        if (lineLength > maxEventBytes) throw tooLong(parts, consumed - partsLength, maxEventBytes);
        parts.push(chunk.subarray(0, newline));
        const line = Buffer.concat(parts, lineLength);
        const lineOffset = consumed - partsLength;
        parts = [];
        partsLength = 0;
        event = decodeLine<T>(line, 0, line.length, lineOffset);
      }
      if (event !== undefined) yield event;
      start = newline + 1;
      newline = chunk.indexOf(NEWLINE, start);
      // A huge chunk (a recorded stream handed over at once) must not hold the loop either.
      if ((++lines & 63) === 0 && performance.now() - sliceStart > timeSliceMs) {
        await nextTurn();
        sliceStart = performance.now();
      }
    }
    if (start < chunk.length) {
      parts.push(start === 0 ? chunk : chunk.subarray(start));
      partsLength += chunk.length - start;
      if (partsLength > maxEventBytes) throw tooLong(parts, consumed + chunk.length - partsLength, maxEventBytes);
    }
    consumed += chunk.length;
    if (performance.now() - sliceStart > timeSliceMs) {
      await nextTurn();
      sliceStart = performance.now();
    }
  }
  if (partsLength > 0) {
    const [only] = parts;
    const line = parts.length === 1 && only !== undefined ? only : Buffer.concat(parts, partsLength);
    const event = decodeLine<T>(line, 0, line.length, consumed - partsLength);
    if (event !== undefined) yield event;
  }
}

function tooLong(parts: readonly Buffer[], offset: number, max: number): WatchDecodeError {
  const first = parts[0] ?? Buffer.alloc(0);
  return new WatchDecodeError(
    `watch event at byte ${String(offset)} is longer than ${String(max)} bytes without a newline; ` +
      'the stream is not newline-delimited JSON, or raise maxEventBytes',
    { offset, excerpt: excerptOf(first) },
  );
}

// Decodes bytes [start, end) of `buf`; undefined for a blank line.
function decodeLine<T>(buf: Buffer, start: number, end: number, offset: number): WatchEvent<T> | undefined {
  if (start === end) return undefined;
  const text = buf.toString('utf8', start, end);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    if (text.trim() === '') return undefined; // "\r\n" line endings or padding
    throw new WatchDecodeError(`watch stream line at byte ${String(offset)} is not JSON: ${(cause as Error).message}`, {
      offset,
      excerpt: excerptOf(buf, start, end),
      cause,
    });
  }
  if (typeof parsed === 'object' && parsed !== null) {
    const { type, object } = parsed as { type?: unknown; object?: unknown };
    if (typeof object === 'object' && object !== null && !Array.isArray(object)) {
      switch (type) {
        case 'ADDED':
        case 'MODIFIED':
        case 'DELETED':
        case 'BOOKMARK':
        case 'ERROR':
          return parsed as WatchEvent<T>;
        default:
          break;
      }
    }
  }
  throw new WatchDecodeError(
    `watch stream line at byte ${String(offset)} is not a watch event ` +
      '(expected {"type": ADDED|MODIFIED|DELETED|BOOKMARK|ERROR, "object": {…}})',
    { offset, excerpt: excerptOf(buf, start, end) },
  );
}
