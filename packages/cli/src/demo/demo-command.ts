import { CliError } from '../errors.js';
import { colorsFor, writeLine, type CliIo } from '../internal/io.js';
import { createLiveView } from '../internal/live-view.js';
import { createDemoRenderer, renderSummary } from './demo-render.js';
import { runDemo } from './run-demo.js';

/** `kcache demo` options as commander parses them. */
export interface DemoCommandOptions {
  pods: number;
  duration: number;
  rate: number;
  namespaces: number;
  nodes: number;
  seed?: number;
  settleTimeout: number;
  controller: boolean;
  json: boolean;
}

/** Runs `kcache demo`; resolves with the exit code (0 only when verified and every fault was answered by both clients). */
export async function runDemoCommand(opts: DemoCommandOptions, io: CliIo, signal: AbortSignal): Promise<number> {
  const c = colorsFor(io.stdout, io.env);
  const view = createLiveView({ stream: io.stdout, silent: opts.json });
  let summary;
  try {
    summary = await runDemo({
      pods: opts.pods,
      durationSeconds: opts.duration,
      rate: opts.rate,
      namespaces: opts.namespaces,
      nodes: opts.nodes,
      seed: opts.seed,
      settleTimeoutSeconds: opts.settleTimeout,
      controller: opts.controller,
      signal,
      onProgress: createDemoRenderer(view, c),
    });
  } catch (err) {
    if (signal.aborted) {
      view.done();
      // On a terminal, Ctrl-C echoes "^C" where the cursor is: start a fresh line.
      if (view.live) writeLine(io.stdout);
      writeLine(io.stderr, 'kcache demo: interrupted');
      return 130;
    }
    throw err;
  } finally {
    view.done();
  }
  if (opts.json) {
    writeLine(io.stdout, JSON.stringify(summary, null, 2));
  } else {
    for (const line of renderSummary(summary, c)) writeLine(io.stdout, line);
  }
  if (!summary.verified) {
    throw new CliError(
      'NotVerified',
      `the store, the informer's cache or its handler's replica does not match the server, or the controller did not converge (seed ${summary.seed}; rerun with --seed ${summary.seed} to repeat it)`,
    );
  }
  if (!summary.faultsAnswered) {
    throw new CliError(
      'NotVerified',
      `the copies match the server, but the reaction to some faults was not seen (seed ${summary.seed})`,
    );
  }
  return 0;
}
