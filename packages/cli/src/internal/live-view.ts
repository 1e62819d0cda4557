import { createLogUpdate } from 'log-update';
import { isInteractive, writeLine, type OutputStream } from './io.js';

/** A block of lines redrawn in place on a terminal, plus lines that stay in the scrollback. */
export interface LiveView {
  /** True when `update` redraws in place; false when it does nothing (piped output, `--json`). */
  readonly live: boolean;
  /** Replaces the live block (a terminal only). Calls closer together than the refresh interval are coalesced. */
  update(text: string): void;
  /** Prints a line that stays: above the live block on a terminal, as a plain line otherwise. */
  persist(text: string): void;
  /** Erases the live block (a finished phase's progress), keeping persisted lines. */
  clear(): void;
  /** Draws the last pending update and leaves it on screen. */
  done(): void;
}

/** Options of {@link createLiveView}. */
export interface LiveViewOptions {
  stream: OutputStream;
  /** Print nothing at all (machine-readable output goes elsewhere). */
  silent?: boolean;
  /** Least time between two redraws; default 100 ms (10 fps is smooth and cheap). */
  refreshMs?: number;
}

/**
 * Creates the view. On a terminal it uses log-update, which erases and rewrites the previous
 * block and hides the cursor meanwhile; anywhere else the live block is dropped and only persisted
 * lines are written, so logs and pipes get clean lines instead of escape codes.
 */
export function createLiveView(options: LiveViewOptions): LiveView {
  const { stream } = options;
  if (options.silent === true) {
    return { live: false, update: () => undefined, persist: () => undefined, clear: () => undefined, done: () => undefined };
  }
  if (!isInteractive(stream)) {
    return {
      live: false,
      update: () => undefined,
      persist: (text) => {
        writeLine(stream, text);
      },
      clear: () => undefined,
      done: () => undefined,
    };
  }
  const log = createLogUpdate(stream, { defaultWidth: stream.columns ?? 100 });
  const refreshMs = options.refreshMs ?? 100;
  let pending: string | undefined;
  let shown: string | undefined;
  let lastDraw = 0;
  let timer: NodeJS.Timeout | undefined;
  const draw = (): void => {
    timer = undefined;
    if (pending === undefined) return;
    log(pending);
    shown = pending;
    pending = undefined;
    lastDraw = Date.now();
  };
  return {
    live: true,
    update(text) {
      pending = text;
      const wait = lastDraw + refreshMs - Date.now();
      if (wait <= 0) draw();
      else timer ??= setTimeout(draw, wait);
    },
    persist(text) {
      // persist() erases the live block; draw it again below the persisted line.
      log.persist(text);
      if (pending === undefined && shown !== undefined) log(shown);
      else draw();
    },
    clear() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      pending = undefined;
      if (shown !== undefined) log.clear();
      shown = undefined;
    },
    done() {
      if (timer !== undefined) clearTimeout(timer);
      draw();
      log.done();
      shown = undefined;
    },
  };
}
