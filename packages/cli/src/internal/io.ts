import type { Writable } from 'node:stream';
import { createColors } from 'picocolors';

/** A stream the CLI writes to; `isTTY`, `columns` and `rows` are read when present (as on process.stdout). */
export type OutputStream = Writable & { isTTY?: boolean; columns?: number; rows?: number };

/** Where a command reads its environment and writes its output; tests pass their own. */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

/** Colour functions, or identity functions when colour is off. */
export type Colors = ReturnType<typeof createColors>;

/** The real process's streams and environment. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** True when `stream` is a terminal a live view can redraw. */
export function isInteractive(stream: OutputStream): boolean {
  return stream.isTTY === true;
}

/** Colours for `stream`: on for terminals, off when piped or when NO_COLOR is set (no-color.org). */
export function colorsFor(stream: OutputStream, env: CliIo['env']): Colors {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const force = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0';
  return createColors(force || (!noColor && isInteractive(stream)));
}

/** Writes one line. */
export function writeLine(stream: OutputStream, line = ''): void {
  stream.write(`${line}\n`);
}
