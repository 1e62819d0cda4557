import type { ListerWatcher, ListOptions, ObjectList, WatchEvent, WatchOptions } from '@kcache/listwatch';
import { ScriptedWatchStream } from './scripted-watch-stream.js';

/** One answer to a list call: a list, an error to reject with, or a function of the call's options. */
export type ListScript<T> =
  | ObjectList<T>
  | { error: unknown }
  | ((options: ListOptions, call: number) => ObjectList<T> | Promise<ObjectList<T>>);

/** A step of a scripted stream: an event, or a pause of `waitMs` (real or fake timers). */
export type StreamStep<T> = WatchEvent<T> | { waitMs: number };

/**
 * One answer to a watch call: an error to reject the call with; a stream that plays `events` then
 * closes (`then: 'close'`), stays open until aborted (`'hang'`, the default) or breaks
 * (`{ throw: err }`); a {@link ScriptedWatchStream} the test drives by hand; or a function of the
 * call's options returning any of these.
 */
export type WatchScript<T> =
  | { error: unknown }
  | { events?: readonly StreamStep<T>[]; then?: 'close' | 'hang' | { throw: unknown } }
  | ScriptedWatchStream<T>
  | ((options: WatchOptions, call: number) => WatchScript<T> | Promise<WatchScript<T>>);

/** Options of {@link createScriptedListerWatcher}. */
export interface ScriptedListerWatcherOptions<T> {
  /** Answers to successive list calls. When they run out, `list` answers the rest (or calls reject). */
  lists?: readonly ListScript<T>[] | undefined;
  /** Answers to successive watch calls. When they run out, `watch` answers the rest (or streams hang). */
  watches?: readonly WatchScript<T>[] | undefined;
  /** Answers list calls beyond `lists`. */
  list?: ListScript<T> | undefined;
  /** Answers watch calls beyond `watches`. */
  watch?: WatchScript<T> | undefined;
}

/** A call the scripted ListerWatcher received. */
export type ScriptedCall = { verb: 'list'; options: ListOptions } | { verb: 'watch'; options: WatchOptions };

/** A ListerWatcher that plays back a script and records every call. */
export interface ScriptedListerWatcher<T> extends ListerWatcher<T> {
  /** Every call, lists and watches interleaved, in order. */
  readonly calls: readonly ScriptedCall[];
  /** The options of every list call. */
  readonly listCalls: readonly ListOptions[];
  /** The options of every watch call. */
  readonly watchCalls: readonly WatchOptions[];
  /** Every stream handed out, in order. */
  readonly streams: readonly ScriptedWatchStream<T>[];
  /** Streams handed out and not over yet. */
  readonly openStreams: number;
  /** Resolves once at least `lists` list calls and `watches` watch calls have been made. */
  waitForCalls(counts: { lists?: number; watches?: number }): Promise<void>;
}

/**
 * Creates a ListerWatcher for tests that answers from a script and records what it was asked:
 * client-go's fake ListWatch with a recorded request log.
 *
 * @example
 * ```ts
 * const lw = createScriptedListerWatcher<Pod>({
 *   lists: [{ metadata: { resourceVersion: '10' }, items: [pod('a', '5')] }],
 *   watches: [{ events: [{ type: 'ADDED', object: pod('b', '11') }], then: 'close' }],
 * });
 * ```
 */
export function createScriptedListerWatcher<T>(options: ScriptedListerWatcherOptions<T> = {}): ScriptedListerWatcher<T> {
  const calls: ScriptedCall[] = [];
  const listCalls: ListOptions[] = [];
  const watchCalls: WatchOptions[] = [];
  const streams: ScriptedWatchStream<T>[] = [];
  const lists = [...(options.lists ?? [])];
  const watches = [...(options.watches ?? [])];
  const waiters: { lists: number; watches: number; resolve: () => void }[] = [];

  const notify = (): void => {
    for (const waiter of [...waiters]) {
      if (listCalls.length >= waiter.lists && watchCalls.length >= waiter.watches) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };

  const playList = async (script: ListScript<T> | undefined, opts: ListOptions, call: number): Promise<ObjectList<T>> => {
    if (script === undefined) throw new Error(`scripted ListerWatcher: no answer for list call #${String(call)}`);
    if (typeof script === 'function') return script(opts, call);
    if ('error' in script) throw script.error;
    // Hand out copies: the reflector owns (and may fill in) what a ListerWatcher returns.
    return structuredClone(script);
  };

  const playWatch = async (
    script: WatchScript<T> | undefined,
    opts: WatchOptions,
    call: number,
    signal: AbortSignal | undefined,
  ): Promise<ScriptedWatchStream<T>> => {
    if (typeof script === 'function') return playWatch(await script(opts, call), opts, call, signal);
    if (script !== undefined && 'error' in script) throw script.error;
    const stream = script instanceof ScriptedWatchStream ? script : new ScriptedWatchStream<T>();
    stream.bindSignal(signal);
    streams.push(stream);
    if (script === undefined || script instanceof ScriptedWatchStream) return stream;
    void feed(stream, script.events ?? [], script.then ?? 'hang');
    return stream;
  };

  return {
    calls,
    listCalls,
    watchCalls,
    streams,
    get openStreams() {
      return streams.filter((s) => !s.ended).length;
    },
    waitForCalls(counts) {
      return new Promise<void>((resolve) => {
        waiters.push({ lists: counts.lists ?? 0, watches: counts.watches ?? 0, resolve });
        notify();
      });
    },
    async list(opts, signal) {
      const recorded = { ...opts };
      calls.push({ verb: 'list', options: recorded });
      listCalls.push(recorded);
      const call = listCalls.length;
      notify();
      signal?.throwIfAborted();
      const script = lists.length > 0 ? lists.shift() : options.list;
      const list = await playList(script, recorded, call);
      signal?.throwIfAborted();
      return list;
    },
    async watch(opts, signal) {
      const recorded = { ...opts };
      calls.push({ verb: 'watch', options: recorded });
      watchCalls.push(recorded);
      const call = watchCalls.length;
      notify();
      signal?.throwIfAborted();
      const script = watches.length > 0 ? watches.shift() : options.watch;
      return playWatch(script, recorded, call, signal);
    },
  };
}

async function feed<T>(stream: ScriptedWatchStream<T>, steps: readonly StreamStep<T>[], then: 'close' | 'hang' | { throw: unknown }): Promise<void> {
  for (const step of steps) {
    if (stream.ended) return;
    if ('waitMs' in step) {
      await new Promise((resolve) => setTimeout(resolve, step.waitMs));
      continue;
    }
    stream.push(structuredClone(step));
  }
  if (then === 'close') stream.close();
  else if (then !== 'hang') stream.fail(then.throw);
}
