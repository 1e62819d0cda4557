import { describe, expect, it } from 'vitest';
import { seededRandom, testSeed } from '@kcache/vitest-config/seed';
import fc from 'fast-check';
import { ResponseDecodeError } from '../errors.js';
import { decodeListBody } from './list-decoder.js';

// Seeded so a failure can be replayed: KCACHE_SEED=<seed printed by fast-check> pnpm test.
const SEED = testSeed();
const DESCRIPTION = 'GET https://example.test/api/v1/pods';

async function* fromChunks(chunks: readonly string[]): AsyncGenerator<string> {
  for (const chunk of chunks) yield chunk;
}

const decode = (chunks: readonly string[], fallbackApiVersion = 'v1') =>
  decodeListBody(fromChunks(chunks), { description: DESCRIPTION, fallbackApiVersion });

/** What the list path has always returned: one `JSON.parse`, then items typed from the list's kind. */
function oracle(text: string, fallbackApiVersion = 'v1'): unknown {
  const list = JSON.parse(text) as Record<string, unknown>;
  if (list.items === null) list.items = [];
  if (typeof list.metadata !== 'object' || list.metadata === null) list.metadata = {};
  const kind = list.kind;
  if (typeof kind === 'string' && kind.length > 4 && kind.endsWith('List')) {
    for (const item of list.items as unknown[]) {
      if (typeof item !== 'object' || item === null) continue;
      const typed = item as Record<string, unknown>;
      typed.apiVersion ??= list.apiVersion ?? fallbackApiVersion;
      typed.kind ??= kind.slice(0, -4);
    }
  }
  return list;
}

/** Whether `JSON.parse` accepts `text` as a list object (an object whose items are an array or null). */
function isListJson(text: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return false;
  const items = (parsed as { items?: unknown }).items;
  return items === null || Array.isArray(items);
}

/** Cuts `text` at the given fractions of its length. */
function cut(text: string, fractions: readonly number[]): string[] {
  const points = [...new Set(fractions.map((f) => Math.floor(f * text.length)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let from = 0;
  for (const point of points) {
    chunks.push(text.slice(from, point));
    from = point;
  }
  chunks.push(text.slice(from));
  return chunks;
}

/** JSON text of `value` with whitespace of every kind JSON allows between its tokens. */
function serialize(value: unknown, pick: () => number): string {
  const gaps = ['', '', '', ' ', '\n', '\t', '\r\n', '  \n  '];
  const ws = (): string => gaps[Math.floor(pick() * gaps.length)] ?? '';
  const write = (v: unknown): string => {
    if (Array.isArray(v)) return `[${ws()}${v.map((e) => `${write(e)}${ws()}`).join(`,${ws()}`)}]`;
    if (typeof v === 'object' && v !== null) {
      const entries = Object.entries(v).map(([k, e]) => `${JSON.stringify(k)}${ws()}:${ws()}${write(e)}${ws()}`);
      return `{${ws()}${entries.join(`,${ws()}`)}}`;
    }
    return JSON.stringify(v);
  };
  return `${ws()}${write(value)}${ws()}`;
}

// Strings full of what a bracket scanner could trip on: quotes, backslashes, brackets, commas,
// colons, multi-byte characters, lone surrogates, and the separators JSON.stringify leaves raw.
const trickyChar = fc.oneof(
  fc.constantFrom('{', '}', '[', ']', '"', '\\', ',', ':', ' ', '\n', 'a', 'é', '😀', '名', '\u2028', '\ud800', '\u0000'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);
const trickyString = fc.string({ unit: trickyChar, maxLength: 12 });
const jsonValue = fc.jsonValue({ maxDepth: 4, stringUnit: trickyChar });
const item = fc.oneof(
  { weight: 5, arbitrary: fc.dictionary(trickyString, jsonValue, { maxKeys: 6 }) },
  {
    weight: 2,
    arbitrary: fc.record(
      { apiVersion: fc.constantFrom('v1', 'apps/v1'), kind: fc.constantFrom('Pod', 'Widget'), metadata: fc.record({ name: trickyString }) },
      { requiredKeys: ['metadata'] },
    ),
  },
  { weight: 1, arbitrary: jsonValue },
);
const envelope = fc
  .record(
    {
      kind: fc.oneof(fc.constantFrom('PodList', 'DeploymentList', 'List', 'Status', 'Table'), jsonValue),
      apiVersion: fc.oneof(fc.constantFrom('v1', 'apps/v1', 'example.com/v1alpha1'), jsonValue),
      metadata: fc.oneof(fc.record({ resourceVersion: fc.string(), continue: trickyString }, { requiredKeys: [] }), jsonValue),
      items: fc.oneof({ weight: 8, arbitrary: fc.array(item, { maxLength: 12 }) }, { weight: 1, arbitrary: fc.constant(null) }),
      extra: jsonValue,
    },
    { requiredKeys: ['items'] },
  )
  // Any key order: metadata, kind and apiVersion before or after the items.
  .chain((list) => fc.shuffledSubarray(Object.keys(list), { minLength: Object.keys(list).length }).map((keys) => Object.fromEntries(keys.map((k) => [k, list[k as keyof typeof list]]))));
const fractions = fc.oneof(
  { weight: 6, arbitrary: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 24 }) },
  { weight: 1, arbitrary: fc.constant([...Array(400).keys()].map((k) => k / 400)) },
);

describe('decodeListBody', () => {
  it('decodes a list with its items typed from the list kind', async () => {
    const body = JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '7' }, items: [{ metadata: { name: 'a' } }, { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'b' } }] });
    await expect(decode([body])).resolves.toEqual({
      kind: 'PodList',
      apiVersion: 'v1',
      metadata: { resourceVersion: '7' },
      items: [
        { metadata: { name: 'a' }, apiVersion: 'v1', kind: 'Pod' },
        { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'b' } },
      ],
    });
  });

  it('takes the type from a kind and apiVersion that come after the items, and metadata anywhere', async () => {
    const body = '{"items":[{"metadata":{"name":"a"}}],"metadata":{"resourceVersion":"9"},"kind":"DeploymentList","apiVersion":"apps/v1"}';
    const list = await decode(body.split(''));
    expect(list).toEqual(oracle(body));
    expect(list.items[0]).toEqual({ metadata: { name: 'a' }, apiVersion: 'apps/v1', kind: 'Deployment' });
    expect(list.metadata.resourceVersion).toBe('9');
  });

  it('uses the fallback apiVersion when the list has none', async () => {
    const list = await decode(['{"kind":"WidgetList","items":[{}]}'], 'example.com/v1');
    expect(list.items).toEqual([{ apiVersion: 'example.com/v1', kind: 'Widget' }]);
  });

  it('treats items: null as no items, and gives a list without metadata an empty one', async () => {
    await expect(decode(['{"kind":"PodList","items":null}'])).resolves.toEqual({ kind: 'PodList', items: [], metadata: {} });
    await expect(decode(['{"items":[],"metadata":null}'])).resolves.toEqual({ items: [], metadata: {} });
  });

  it('reads keys with escapes as JSON.parse does, and keeps __proto__ an own property', async () => {
    const body = '{"\\u0069tems":[{"a":"}"}],"__proto__":{"polluted":true},"k\\"ey":"]"}';
    const list = await decode([body]);
    expect(list).toEqual(oracle(body));
    expect(Object.getPrototypeOf(list)).toBe(Object.prototype);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('decodes an escape split from the character it escapes', async () => {
    const body = '{"items":[{"s":"a\\"b\\\\"},"x\\\\\\"]"]}';
    for (let at = 1; at < body.length; at++) {
      await expect(decode([body.slice(0, at), body.slice(at)])).resolves.toEqual(oracle(body));
    }
  });

  it('decodes like JSON.parse, for any list in any chunks (property)', async () => {
    await fc.assert(
      fc.asyncProperty(envelope, fc.integer(), fractions, async (list, layout, at) => {
        const text = serialize(list, seededRandom(layout));
        expect(await decode(cut(text, at))).toEqual(oracle(text));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('fails with a ResponseDecodeError exactly where JSON.parse fails or no list comes out (property)', async () => {
    const mutation = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), op: fc.constantFrom('replace', 'insert', 'delete'), char: fc.constantFrom('{', '}', '[', ']', '"', '\\', ',', ':', 'x', '1', ' ', 'n') });
    await fc.assert(
      fc.asyncProperty(envelope, fc.array(mutation, { minLength: 1, maxLength: 3 }), fractions, async (list, mutations, at) => {
        let text = JSON.stringify(list);
        for (const m of mutations) {
          const i = Math.floor(m.at * text.length);
          text = m.op === 'delete' ? text.slice(0, i) + text.slice(i + 1) : text.slice(0, i) + m.char + text.slice(m.op === 'replace' ? i + 1 : i);
        }
        const outcome = await decode(cut(text, at)).catch((err: unknown) => err);
        if (isListJson(text)) expect(outcome).toEqual(oracle(text));
        else expect(outcome).toBeInstanceOf(ResponseDecodeError);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('fails for every body cut short (property)', async () => {
    await fc.assert(
      fc.asyncProperty(envelope, fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fractions, async (list, end, at) => {
        const text = JSON.stringify(list);
        const prefix = text.slice(0, Math.floor(end * text.length));
        await expect(decode(cut(prefix, at))).rejects.toBeInstanceOf(ResponseDecodeError);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it.each([
    ['an empty body', '', /not JSON: it ends early, after 0 characters/],
    ['an HTML page', '<html>login page</html>', /not JSON: unexpected "<" at character 0/],
    ['an array', '[{"metadata":{}}]', /not a list object/],
    ['a string', '"PodList"', /not a list object/],
    ['an object without items', '{"kind":"Status","code":500}', /no items array; is this a collection URL\?/],
    ['items that are an object', '{"items":{"a":1}}', /no items array/],
    ['a trailing comma in items', '{"items":[{},]}', /unexpected "]" at character 13/],
    ['a trailing comma in the list', '{"items":[],}', /unexpected "}" at character 12/],
    ['something after the list', '{"items":[]} {}', /unexpected "{" at character 13/],
    ['a bad literal', '{"items":[tru]}', /not JSON: .* \(in the value at character 10\)/],
    ['a bad item', '{"items":[{"a":1]}', /not JSON: .* \(in the value at character 10\)/],
    ['a truncated body', '{"items":[{"a":"b', /ends early, after 17 characters/],
  ])('rejects %s with a ResponseDecodeError saying where', async (_what, body, message) => {
    const err = await decode([body]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseDecodeError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message.startsWith(`${DESCRIPTION}: `)).toBe(true);
    expect((err as ResponseDecodeError).excerpt).toBe(body.slice(0, 200));
  });

  it('keeps the excerpt to the start of the body', async () => {
    const body = `<html>${' x'.repeat(5000)}`;
    const err = (await decode(cut(body, [0.1, 0.2])).catch((e: unknown) => e)) as ResponseDecodeError;
    expect(err.excerpt).toBe(`<html>${' x'.repeat(97)}…`);
  });

  it('gives the event loop turns while it decodes a large body handed over at once', async () => {
    const items = Array.from({ length: 30_000 }, (_, i) => ({ metadata: { name: `pod-${String(i)}`, labels: { app: 'web', tier: String(i % 7) } }, spec: { containers: [{ name: 'main', image: 'registry.example/app:1.2.3', args: ['--port=8080', '--level="info"'] }] } }));
    // No list kind, so no items to type afterwards: the turns come while parsing.
    const body = JSON.stringify({ metadata: { resourceVersion: '1' }, items });
    expect(body.length).toBeGreaterThan(5_000_000);
    let turns = 0;
    let done = false;
    const tick = (): void => {
      if (done) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    const list = await decodeListBody(fromChunks([body]), { description: DESCRIPTION, fallbackApiVersion: 'v1', timeSliceMs: 1 });
    done = true;
    expect(list.items).toHaveLength(30_000);
    expect(turns).toBeGreaterThan(0);
  });

  it('stops with the signal reason when aborted while decoding', async () => {
    const body = JSON.stringify({ kind: 'PodList', items: Array.from({ length: 20_000 }, (_, i) => ({ metadata: { name: `pod-${String(i)}`, annotations: { note: 'x'.repeat(200) } } })) });
    const controller = new AbortController();
    const reason = new Error('shutting down');
    setImmediate(() => {
      controller.abort(reason);
    });
    let chunksTaken = 0;
    async function* slowly(): AsyncGenerator<string> {
      for (const chunk of cut(body, [0.25, 0.5, 0.75])) {
        chunksTaken++;
        yield chunk;
      }
    }
    await expect(decodeListBody(slowly(), { description: DESCRIPTION, fallbackApiVersion: 'v1', timeSliceMs: 1, signal: controller.signal })).rejects.toBe(reason);
    expect(chunksTaken).toBeLessThan(4);
  });

  it('passes on an error of the source', async () => {
    const broken = new Error('connection reset');
    async function* source(): AsyncGenerator<string> {
      yield '{"items":[{"a":1},';
      throw broken;
    }
    await expect(decodeListBody(source(), { description: DESCRIPTION, fallbackApiVersion: 'v1' })).rejects.toBe(broken);
  });
});
