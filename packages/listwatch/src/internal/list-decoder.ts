import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ObjectList } from '../types.js';
import { abortReason } from './exchange.js';
import { ListBodyScanner } from './list-scanner.js';

/** Options of {@link decodeListBody}. */
export interface DecodeListBodyOptions {
  /** What was asked (`GET https://…/api/v1/pods?…`), for error messages. */
  description: string;
  /** The `apiVersion` given to items when neither they nor the list say it (the resource's). */
  fallbackApiVersion: string;
  /** Longest run of decoding without an event-loop turn, in milliseconds (default 8). */
  timeSliceMs?: number | undefined;
  /** Checked at every turn: decoding stops with the signal's reason once it aborts. */
  signal?: AbortSignal | undefined;
}

const DEFAULT_TIME_SLICE_MS = 8;

/** The type a list's items get when they do not say theirs: `PodList` → `Pod`, or none. */
function itemTypeOf(list: Record<string, unknown>, fallbackApiVersion: string): { apiVersion: unknown; kind: string } | undefined {
  const listKind = list.kind;
  if (typeof listKind !== 'string' || listKind.length <= 4 || !listKind.endsWith('List')) return undefined;
  return { apiVersion: list.apiVersion ?? fallbackApiVersion, kind: listKind.slice(0, -4) };
}

/**
 * Fills `apiVersion` and `kind` into a list item that lacks them: real API servers leave them out
 * of built-in kinds' list items (kubernetes#3030), while watch events always carry them.
 */
function fillItemType(item: unknown, type: { apiVersion: unknown; kind: string }): void {
  if (typeof item !== 'object' || item === null) return;
  const typed = item as { apiVersion?: unknown; kind?: unknown };
  if (typed.apiVersion === undefined) typed.apiVersion = type.apiVersion;
  if (typed.kind === undefined) typed.kind = type.kind;
}

/**
 * Decodes a list response body from its text, chunk by chunk as it arrives, into the list with
 * every item's `apiVersion`/`kind` filled in. Each item is parsed on its own, and the event loop
 * gets a turn after every `timeSliceMs` of work, so a list of any size never holds the loop for
 * longer than about one slice (plus one item): a 30 MB list is about 150 ms of parsing, which one
 * `JSON.parse` would do in a single block.
 *
 * @throws {ResponseDecodeError} When the body is not JSON, not an object, or has no `items` array.
 * @throws Whatever `source` throws (a connection error), or the signal's reason once it aborts.
 */
export async function decodeListBody<T>(source: AsyncIterable<string>, options: DecodeListBodyOptions): Promise<ObjectList<T>> {
  const { signal } = options;
  const sliceMs = options.timeSliceMs ?? DEFAULT_TIME_SLICE_MS;
  const scanner = new ListBodyScanner(options.description);
  let deadline = performance.now() + sliceMs;
  const pause = async (): Promise<void> => {
    await nextTurn();
    if (signal?.aborted === true) throw abortReason(signal);
    deadline = performance.now() + sliceMs;
  };
  for await (const chunk of source) {
    if (chunk.length === 0) continue;
    scanner.push(chunk);
    while (!scanner.work(deadline)) await pause();
    if (performance.now() >= deadline) await pause();
  }
  const list = scanner.finish<T>();
  // After the whole list, as the list's kind and apiVersion may follow its items.
  const itemType = itemTypeOf(list as unknown as Record<string, unknown>, options.fallbackApiVersion);
  if (itemType !== undefined) {
    const items = list.items;
    for (let i = 0; i < items.length; i++) {
      fillItemType(items[i], itemType);
      if ((i & 1023) === 1023 && performance.now() >= deadline) await pause();
    }
  }
  if (signal?.aborted === true) throw abortReason(signal);
  return list;
}
