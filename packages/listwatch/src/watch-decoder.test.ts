import { describe, expect, it } from 'vitest';
import { testSeed } from '@kcache/vitest-config/seed';
import fc from 'fast-check';
import { decodeWatchEvents } from './watch-decoder.js';
import { WatchDecodeError } from './errors.js';
import type { WatchEvent } from './types.js';

// Seeded so a failure can be replayed: KCACHE_SEED=<seed printed by fast-check> pnpm test.
const SEED = testSeed();

async function* fromChunks(chunks: readonly (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) yield typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

function line(event: unknown): string {
  return `${JSON.stringify(event)}\n`;
}

const added = (name: string): WatchEvent<{ metadata: { name: string } }> => ({ type: 'ADDED', object: { metadata: { name } } });

describe('decodeWatchEvents', () => {
  it('decodes many events in one chunk', async () => {
    const events = [added('a'), added('b'), { type: 'DELETED' as const, object: { metadata: { name: 'a' } } }];
    const decoded = await collect(decodeWatchEvents(fromChunks([events.map(line).join('')])));
    expect(decoded).toEqual(events);
  });

  it('decodes an event split across many chunks', async () => {
    const text = line(added('split-me'));
    const chunks = text.split(''); // one (ASCII) character per chunk
    expect(await collect(decodeWatchEvents(fromChunks(chunks)))).toEqual([added('split-me')]);
  });

  it('decodes a multi-byte UTF-8 character split between chunks', async () => {
    const bytes = Buffer.from(line(added('pod-é-😀-名前')), 'utf8');
    const emoji = bytes.indexOf(Buffer.from('😀', 'utf8'));
    // Split inside the 4-byte emoji and inside the 2-byte é.
    const e = bytes.indexOf(Buffer.from('é', 'utf8'));
    const chunks = [bytes.subarray(0, e + 1), bytes.subarray(e + 1, emoji + 2), bytes.subarray(emoji + 2)];
    expect(await collect(decodeWatchEvents(fromChunks(chunks)))).toEqual([added('pod-é-😀-名前')]);
  });

  it('decodes a final line without a newline', async () => {
    const text = line(added('a')) + JSON.stringify(added('last'));
    expect(await collect(decodeWatchEvents(fromChunks([text.slice(0, 10), text.slice(10)])))).toEqual([added('a'), added('last')]);
  });

  it('skips empty and whitespace-only lines, and accepts CRLF line endings', async () => {
    const text = `\n${JSON.stringify(added('a'))}\r\n\n  \n${JSON.stringify(added('b'))}\r\n`;
    expect(await collect(decodeWatchEvents(fromChunks([text])))).toEqual([added('a'), added('b')]);
  });

  it('yields ERROR events as events', async () => {
    const error = { type: 'ERROR' as const, object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old' } };
    expect(await collect(decodeWatchEvents(fromChunks([line(error)])))).toEqual([error]);
  });

  it('throws WatchDecodeError with the byte offset after delivering the earlier events', async () => {
    const good = line(added('ok'));
    const bad = '{"type":"ADDED","object":{"metadata":{"name":"x"}}'; // truncated JSON
    const seen: unknown[] = [];
    const error = await (async () => {
      try {
        for await (const event of decodeWatchEvents(fromChunks([good + bad.slice(0, 5), `${bad.slice(5)}\n`, line(added('never')) ]))) {
          seen.push(event);
        }
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(seen).toEqual([added('ok')]);
    expect(error).toBeInstanceOf(WatchDecodeError);
    const decodeError = error as WatchDecodeError;
    expect(decodeError.offset).toBe(Buffer.byteLength(good));
    expect(decodeError.excerpt).toBe(bad);
    expect(decodeError.code).toBe('WATCH_DECODE_ERROR');
    expect(decodeError.cause).toBeInstanceOf(SyntaxError);
    expect(decodeError.message).toMatch(/is not JSON/);
  });

  it('gives byte offsets, not character offsets, after multi-byte text', async () => {
    const first = line(added('é😀名前'));
    const second = line(added('ü'));
    // The second line completes a partial one; the bad line follows in the same chunk.
    const text = `${first}${second}{oops}\n`;
    const bytes = Buffer.from(text, 'utf8');
    const cutAt = Buffer.byteLength(first) + 5;
    const err = await collect(decodeWatchEvents(fromChunks([bytes.subarray(0, cutAt), bytes.subarray(cutAt)]))).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'WatchDecodeError', offset: Buffer.byteLength(first + second), excerpt: '{oops}' });
    const whole = await collect(decodeWatchEvents(fromChunks([bytes]))).catch((e: unknown) => e);
    expect(whole).toMatchObject({ offset: Buffer.byteLength(first + second) });
    const partial = await collect(decodeWatchEvents(fromChunks([Buffer.from(first), Buffer.from('{oo'), Buffer.from('ps}\n')]))).catch((e: unknown) => e);
    expect(partial).toMatchObject({ offset: Buffer.byteLength(first), excerpt: '{oops}' });
  });

  it.each([
    ['an unknown type', { type: 'SOMETHING', object: {} }],
    ['a missing object', { type: 'ADDED' }],
    ['a null object', { type: 'ADDED', object: null }],
    ['an array object', { type: 'MODIFIED', object: [] }],
    ['a string object', { type: 'DELETED', object: 'x' }],
    ['a lowercase type', { type: 'added', object: {} }],
    ['a JSON array', [1, 2]],
    ['a JSON number', 42],
    ['JSON null', null],
  ])('rejects a line with %s', async (_what, value) => {
    const text = line(added('first')) + line(value);
    await expect(collect(decodeWatchEvents(fromChunks([text])))).rejects.toMatchObject({
      name: 'WatchDecodeError',
      offset: Buffer.byteLength(line(added('first'))),
      excerpt: JSON.stringify(value),
    });
  });

  it('truncates the excerpt of a long bad line', async () => {
    const text = `not json ${'x'.repeat(5000)}\n`;
    const err = await collect(decodeWatchEvents(fromChunks([text]))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WatchDecodeError);
    const excerpt = (err as WatchDecodeError).excerpt;
    expect(excerpt.length).toBeLessThanOrEqual(201);
    expect(excerpt.endsWith('…')).toBe(true);
  });

  it('rejects a line longer than maxEventBytes instead of buffering it', async () => {
    const chunks = [line(added('a')), '{"type":"ADDED","object":{"x":"', 'y'.repeat(100), 'y'.repeat(100)];
    await expect(collect(decodeWatchEvents(fromChunks(chunks), { maxEventBytes: 150 }))).rejects.toMatchObject({
      name: 'WatchDecodeError',
      offset: Buffer.byteLength(line(added('a'))),
    });
  });

  it('accepts a line of exactly maxEventBytes', async () => {
    const text = line(added('exact'));
    const max = Buffer.byteLength(text) - 1;
    expect(await collect(decodeWatchEvents(fromChunks([text.slice(0, 7), text.slice(7)]), { maxEventBytes: max }))).toEqual([added('exact')]);
  });

  it('reads the source only as fast as the consumer asks (pull-based)', async () => {
    let pulled = 0;
    async function* source(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 100; i++) {
        pulled++;
        yield Buffer.from(line(added(`p${String(i)}`)));
      }
    }
    const iterator = decodeWatchEvents(source())[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.next();
    // Nothing asks for a third event: however long the decoder is left alone, it pulls no more.
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(pulled).toBe(2);
    await iterator.return();
  });

  it('ends the source iteration when the consumer breaks out', async () => {
    let closed = false;
    async function* source(): AsyncGenerator<Uint8Array> {
      try {
        for (let i = 0; ; i++) yield Buffer.from(line(added(`p${String(i)}`)));
      } finally {
        closed = true;
      }
    }
    let count = 0;
    for await (const _event of decodeWatchEvents(source())) {
      if (++count === 3) break;
    }
    expect(closed).toBe(true);
  });

  it('passes source errors through unchanged', async () => {
    const boom = new Error('socket reset');
    async function* source(): AsyncGenerator<Uint8Array> {
      yield Buffer.from(line(added('a')));
      throw boom;
    }
    const seen: unknown[] = [];
    const err = await (async () => {
      try {
        for await (const event of decodeWatchEvents(source())) seen.push(event);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(seen).toEqual([added('a')]);
    expect(err).toBe(boom);
  });

  it('lets timers run while decoding one huge chunk', async () => {
    const text = line(added('x'.repeat(2000))).repeat(20_000);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    let count = 0;
    for await (const _event of decodeWatchEvents(fromChunks([text]), { timeSliceMs: 1 })) count++;
    clearInterval(timer);
    expect(count).toBe(20_000);
    expect(ticks).toBeGreaterThan(0);
  });

  it('lets timers run while decoding a large in-memory stream', async () => {
    const text = line(added('x'.repeat(2000)));
    const chunks = Array.from({ length: 20_000 }, () => text);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    let count = 0;
    for await (const _event of decodeWatchEvents(fromChunks(chunks), { timeSliceMs: 1 })) count++;
    clearInterval(timer);
    expect(count).toBe(20_000);
    expect(ticks).toBeGreaterThan(0);
  });
});

// Arbitrary watch events: nested objects with arbitrary (full Unicode) strings.
const objectArb = fc.dictionary(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string({ unit: 'grapheme', maxLength: 8 }), { maxLength: 4 }),
  ),
  { maxKeys: 6 },
);
const eventArb = fc.record({
  type: fc.constantFrom('ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR'),
  object: objectArb,
});

function splitAt(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let previous = 0;
  for (const point of points) {
    chunks.push(bytes.subarray(previous, point));
    previous = point;
  }
  chunks.push(bytes.subarray(previous));
  return chunks; // may include empty chunks, which a socket never sends but a source might
}

describe('decodeWatchEvents properties', () => {
  it('any chunking of any event sequence decodes to the same events', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArb, { maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        fc.boolean(),
        async (events, cuts, trailingNewline) => {
          let text = events.map(line).join('');
          if (!trailingNewline && text.endsWith('\n')) text = text.slice(0, -1);
          const bytes = Buffer.from(text, 'utf8');
          const decoded = await collect(decodeWatchEvents(fromChunks(splitAt(bytes, cuts))));
          // JSON round-trip normalizes lone surrogates the same way the encoder wrote them.
          expect(decoded).toEqual(JSON.parse(`[${events.map((e) => JSON.stringify(e)).join(',')}]`));
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('any split of multi-byte UTF-8 decodes to the same text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }), { minLength: 1, maxLength: 10 }),
        fc.array(fc.nat(), { maxLength: 60 }),
        async (names, cuts) => {
          const events = names.map((name) => added(`${name}é😀`));
          const bytes = Buffer.from(events.map(line).join(''), 'utf8');
          // Byte-by-byte cuts near multi-byte sequences are the interesting ones: use many.
          const decoded = await collect(decodeWatchEvents(fromChunks(splitAt(bytes, cuts))));
          expect(decoded).toEqual(events);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
});
