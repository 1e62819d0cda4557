import { Writable } from 'node:stream';
import type { CliIo } from '../src/internal/io.js';

/** A CliIo whose streams collect what is written, for assertions. */
export interface CapturedIo extends CliIo {
  out(): string;
  err(): string;
}

class Collector extends Writable {
  text = '';
  isTTY = false;
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    callback();
  }
}

/** Captured streams; `env` defaults to an empty environment so the machine's settings never leak in. */
export function captureIo(env: Record<string, string | undefined> = {}, cwd: string = process.cwd()): CapturedIo {
  const stdout = new Collector();
  const stderr = new Collector();
  return {
    stdout,
    stderr,
    env,
    cwd,
    out: () => stdout.text,
    err: () => stderr.text,
  };
}
