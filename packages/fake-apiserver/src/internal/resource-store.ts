// The objects of one resource (group + plural), shared by every version it is served in.
import type { Entry } from './entry.js';
import { History, type StoreEvent } from './history.js';
import { SortedKeys } from './sorted-keys.js';

/** Something that receives a resource's changes as they are committed (an open watch). */
export interface EventSink {
  deliver(event: StoreEvent): void;
  /** Ends the stream cleanly. */
  end(): void;
}

export class ResourceStore {
  readonly entries: Map<string, Entry> = new Map<string, Entry>();
  readonly keys: SortedKeys = new SortedKeys();
  readonly history: History;
  readonly sinks: Set<EventSink> = new Set<EventSink>();

  constructor(
    /** `group/plural` (`/pods` for the core group). */
    readonly id: string,
    readonly namespaced: boolean,
    /** The apiVersion stored objects carry; other served versions are converted on the way out. */
    public storageApiVersion: string,
    historyLimit: number,
  ) {
    this.history = new History(historyLimit);
  }
}
