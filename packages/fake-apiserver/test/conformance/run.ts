// Plays every scenario against one server, several at a time, each in a namespace of its own.
import { toGolden, type Golden } from './golden.js';
import { namespaceFor, playScenario, type Codec, type Scenario, type Target } from './scenario.js';

export interface Played {
  readonly scenario: Scenario;
  readonly golden?: Golden;
  readonly error?: unknown;
}

/** Runs `list` (numbered by their index in `all`) with at most `parallel` at once. */
export async function playAll(
  target: Target,
  all: readonly Scenario[],
  list: readonly Scenario[],
  options: { run: string; recordedFrom: string; codec: Codec | undefined; parallel: number },
): Promise<Played[]> {
  const out: Played[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < list.length) {
      const scenario = list[next++];
      if (scenario === undefined) return;
      const ns = namespaceFor(all.indexOf(scenario), options.run);
      try {
        const played = await playScenario(target, scenario, ns, options.codec);
        out.push({ scenario, golden: toGolden(scenario, played, ns, options.recordedFrom) });
      } catch (error) {
        out.push({ scenario, error });
      }
    }
  };
  await Promise.all(Array.from({ length: options.parallel }, worker));
  return out;
}
