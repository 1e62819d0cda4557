// One open watch: its HTTP response, what it filters, its bookmarks and timeout. Initial events
// are written with back-pressure while live changes queue behind them; once live, changes are
// written as they are committed, and a watcher whose unread output passes a bound is cut off so
// it never slows the others or grows memory.
import type { ServerResponse } from 'node:http';
import type { Entry } from './entry.js';
import { changeLine, deliveredType, addedLine, viewEvent } from './event-lines.js';
import type { StoreEvent } from './history.js';
import type { ObjectView } from './object-view.js';
import type { ObjectFilter } from './object-filter.js';
import type { EventSink, ResourceStore } from './resource-store.js';

export interface WatchStreamOptions {
  readonly store: ResourceStore;
  readonly view: ObjectView;
  /** Only objects of this namespace; undefined for all. */
  readonly namespace: string | undefined;
  readonly filter: ObjectFilter;
  /** Send BOOKMARK events every `bookmarkIntervalMs` and before a timeout. */
  readonly bookmarks: boolean;
  readonly bookmarkIntervalMs: number;
  /** End the stream cleanly after this long; undefined for never. */
  readonly timeoutMs: number | undefined;
  /** Unwritten bytes beyond which the watcher is cut off. */
  readonly maxBufferBytes: number;
  /** Changes queued during the initial events beyond which the watcher is cut off. */
  readonly maxPendingEvents: number;
  /** A BOOKMARK object (the watched kind, only metadata.resourceVersion), encoded. */
  readonly bookmarkObject: (rv: number, initialEventsEnd: boolean) => Buffer;
  readonly currentRv: () => number;
  readonly onClose: (stream: WatchStream) => void;
}

/** What a watch starts with, captured synchronously when it registers. */
export type InitialEvents =
  | { readonly kind: 'objects'; readonly entries: readonly Entry[]; readonly endBookmarkRv: number | undefined }
  | { readonly kind: 'changes'; readonly events: readonly StoreEvent[] }
  | { readonly kind: 'none' };

const CHUNK_BYTES = 256 * 1024;

export class WatchStream implements EventSink {
  private replaying = true;
  private closed = false;
  private corked = false;
  private pending: StoreEvent[] = [];
  private bookmarkTimer: NodeJS.Timeout | undefined;
  private timeoutTimer: NodeJS.Timeout | undefined;
  private readonly matches: (entry: Entry) => boolean;

  constructor(private readonly res: ServerResponse, private readonly options: WatchStreamOptions) {
    const { namespace, filter } = options;
    this.matches = (entry) =>
      (namespace === undefined || entry.namespace === namespace) && (filter.empty || filter.matches(entry.obj));
    res.on('close', () => {
      this.shutdown();
    });
  }

  /** Registers for changes and starts writing; call right after the response headers went out. */
  start(initial: InitialEvents): void {
    const { store, timeoutMs, bookmarks, bookmarkIntervalMs } = this.options;
    store.sinks.add(this);
    if (timeoutMs !== undefined) {
      this.timeoutTimer = setTimeout(() => {
        if (this.options.bookmarks && !this.replaying) this.writeBookmark();
        this.end();
      }, timeoutMs);
      this.timeoutTimer.unref();
    }
    if (bookmarks) {
      this.bookmarkTimer = setInterval(() => {
        if (!this.replaying) this.writeBookmark();
      }, bookmarkIntervalMs);
      this.bookmarkTimer.unref();
    }
    void this.replay(initial);
  }

  deliver(event: StoreEvent): void {
    if (this.closed) return;
    if (this.replaying) {
      this.pending.push(event);
      if (this.pending.length > this.options.maxPendingEvents) this.cutOff();
      return;
    }
    this.writeChange(event);
  }

  /** Ends the stream cleanly (the client sees the response finish). */
  end(): void {
    if (this.closed) return;
    this.shutdown();
    // Node writes the terminating chunk before corked data if end() comes while corked.
    this.flush();
    this.res.end();
  }

  private flush(): void {
    if (!this.corked) return;
    this.corked = false;
    // The response sends its corked chunk piece by piece after uncorking the socket; corking
    // the socket around it turns those pieces into one vectored write.
    const socket = this.res.socket;
    socket?.cork();
    this.res.uncork();
    socket?.uncork();
  }

  /** Drops the connection (a watcher that cannot keep up). */
  cutOff(): void {
    if (this.closed) return;
    this.shutdown();
    this.res.destroy();
  }

  private shutdown(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending = [];
    clearTimeout(this.timeoutTimer);
    clearInterval(this.bookmarkTimer);
    this.options.store.sinks.delete(this);
    this.options.onClose(this);
  }

  private isOpen(): boolean {
    return !this.closed;
  }

  private writeChange(event: StoreEvent): void {
    const type = deliveredType(event, this.matches);
    if (type === undefined) return;
    let line: Buffer;
    try {
      line = changeLine(event, type, this.options.view);
    } catch {
      // An object this view cannot encode (in protobuf): the watcher re-watches or relists.
      this.cutOff();
      return;
    }
    this.write(line);
  }

  private writeBookmark(): void {
    this.write(viewEvent(this.options.view, 'BOOKMARK', this.options.bookmarkObject(this.options.currentRv(), false)));
  }

  private write(line: Buffer): void {
    if (this.closed) return;
    if (!this.corked) {
      // Lines written in one tick leave in one chunk.
      this.corked = true;
      this.res.cork();
      process.nextTick(() => {
        this.flush();
      });
    }
    this.res.write(line);
    if (this.res.writableLength > this.options.maxBufferBytes) this.cutOff();
  }

  private async replay(initial: InitialEvents): Promise<void> {
    const { view } = this.options;
    try {
      let chunk: Buffer[] = [];
      let size = 0;
      const push = async (line: Buffer): Promise<void> => {
        chunk.push(line);
        size += line.length;
        if (size >= CHUNK_BYTES) {
          const ok = this.res.write(Buffer.concat(chunk, size));
          chunk = [];
          size = 0;
          if (!ok) await this.drained();
        }
      };
      if (initial.kind === 'objects') {
        for (const entry of initial.entries) {
          if (this.closed) return;
          if (this.matches(entry)) await push(addedLine(entry, view));
        }
        if (initial.endBookmarkRv !== undefined) {
          await push(viewEvent(view, 'BOOKMARK', this.options.bookmarkObject(initial.endBookmarkRv, true)));
        }
      } else if (initial.kind === 'changes') {
        for (const event of initial.events) {
          if (this.closed) return;
          const type = deliveredType(event, this.matches);
          if (type !== undefined) await push(changeLine(event, type, view));
        }
      }
      if (this.closed) return;
      if (size > 0) this.res.write(Buffer.concat(chunk, size));
      // Changes committed meanwhile, in order, then live.
      while (this.pending.length > 0 && this.isOpen()) {
        const queued = this.pending;
        this.pending = [];
        for (const event of queued) this.writeChange(event);
      }
      this.replaying = false;
    } catch {
      this.cutOff();
    }
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.res.off('drain', done);
        this.res.off('close', done);
        resolve();
      };
      this.res.on('drain', done);
      this.res.on('close', done);
    });
  }
}
