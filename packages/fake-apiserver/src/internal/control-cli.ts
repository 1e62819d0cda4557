// The client subcommands of `kcache-fake-apiserver` (compact, close-watches, destroy-connections,
// fault …, clear, requests …): each sends one control API request to a running fake.
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { controlRequest, resolveConnection, UsageError, type ConnectionFlags, type ControlConnection, type ControlReply } from './control-client.js';

export interface ControlCliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env?: NodeJS.ProcessEnv | undefined;
}

export const CONTROL_COMMANDS = ['compact', 'close-watches', 'destroy-connections', 'finish-terminating-pods', 'fault', 'clear', 'requests'] as const;

export function isControlCommand(word: string | undefined): boolean {
  return CONTROL_COMMANDS.includes(word as (typeof CONTROL_COMMANDS)[number]);
}

export const CONTROL_USAGE = `Commands for a running fake API server (through its control API, /_kcache/v1/):
  compact                       forget history: older resourceVersions get 410 Expired
  close-watches                 end every open watch cleanly
  destroy-connections           reset every open connection
  finish-terminating-pods       remove the pods deleted gracefully now (what their kubelet does)
  fault fail --code <code> [--verb <verb>] [--resource <plural>] [--namespace <ns>]
             [--reason <reason>] [--retry-after <seconds>] [--times <n>]
                                answer matching requests with an error; prints the rule's id
  fault delay --delay-ms <ms> [--verb <verb>] [--resource <plural>] [--namespace <ns>] [--times <n>]
                                serve matching requests late; prints the rule's id
  fault remove <id>             remove one rule
  fault clear | clear           remove every rule
  requests [--since <index>] [--json]
                                print the request log (index method path status verb duration)
  requests clear                empty the request log

  Which server (every command):
  --kubeconfig <path>           the kubeconfig the server wrote (default: $KUBECONFIG)
  --context <name>              a context of that kubeconfig (default: its current-context)
  --server <url>                the server's URL instead of a kubeconfig
  --token <token>               its bearer token (default: the kubeconfig's)

  Verbs: get, list, watch, create, update, patch, delete. Without --times a rule stays until removed.
`;

const CONNECTION_OPTIONS = {
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  server: { type: 'string' },
  token: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsOptionsConfig;

const SELECTOR_OPTIONS = {
  verb: { type: 'string' },
  resource: { type: 'string' },
  namespace: { type: 'string', short: 'n' },
  times: { type: 'string' },
} as const satisfies ParseArgsOptionsConfig;

function parse(args: readonly string[], options: ParseArgsOptionsConfig, positionals: number): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  const parsed = parseArgs({ args: [...args], options: { ...CONNECTION_OPTIONS, ...options }, strict: true, allowPositionals: positionals > 0 });
  if (parsed.positionals.length > positionals) throw new UsageError(`unexpected argument ${JSON.stringify(parsed.positionals[positionals])}`);
  return { values: parsed.values, positionals: parsed.positionals };
}

function wholeNumber(flag: string, text: string | boolean | undefined): number | undefined {
  if (text === undefined || typeof text === 'boolean') return undefined;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw new UsageError(`--${flag} must be a whole number, got ${JSON.stringify(text)}`);
  return Number(text);
}

function str(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function selector(values: Record<string, string | boolean | undefined>): Record<string, unknown> {
  const rule: Record<string, unknown> = {};
  for (const key of ['verb', 'resource', 'namespace'] as const) {
    const value = str(values[key]);
    if (value !== undefined) rule[key] = value;
  }
  const times = wholeNumber('times', values.times);
  if (times !== undefined) rule.times = times;
  return rule;
}

function connectionFlags(values: Record<string, string | boolean | undefined>): ConnectionFlags {
  return { kubeconfig: str(values.kubeconfig), context: str(values.context), server: str(values.server), token: str(values.token) };
}

interface RequestLine {
  index: number;
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  verb?: string;
  durationMs: number;
}

function requestLine(r: RequestLine): string {
  const query = new URLSearchParams(r.query).toString();
  return `${String(r.index)} ${r.method} ${r.path}${query === '' ? '' : `?${query}`} ${String(r.status)} ${r.verb ?? '-'} ${r.durationMs.toFixed(1)}ms\n`;
}

/** What a failed control request means, in words. */
function replyError(connection: ControlConnection, reply: ControlReply): Error {
  const message = typeof reply.json === 'object' && reply.json !== null ? (reply.json as { message?: unknown }).message : undefined;
  if (typeof message === 'string') return new Error(`${message} (HTTP ${String(reply.status)})`);
  if (reply.status === 404) {
    return new Error(`${connection.url} has no control API (HTTP 404 at /_kcache/v1/): it is not a kcache fake API server, or one too old to have it`);
  }
  return new Error(`the server answered HTTP ${String(reply.status)}: ${reply.text.slice(0, 200)}`);
}

/**
 * Runs one control subcommand (`argv[0]` is the command).
 * @returns 0 when done, 2 for bad arguments, 1 when the server refused or could not be reached
 */
export async function runControlCommand(argv: readonly string[], io: ControlCliIo, usage: string): Promise<number> {
  const [command, ...rest] = argv;
  let sub: string | undefined;
  let args = rest;
  if (command === 'fault' || command === 'requests') {
    if (rest[0] !== undefined && !rest[0].startsWith('-')) {
      sub = rest[0];
      args = rest.slice(1);
    }
  }
  let send: (connection: ControlConnection) => Promise<void>;
  let values: Record<string, string | boolean | undefined>;
  const call = async (connection: ControlConnection, method: string, op: string, body?: unknown): Promise<Record<string, unknown>> => {
    const reply = await controlRequest(connection, method, op, body);
    if (reply.status >= 300) throw replyError(connection, reply);
    return (reply.json ?? {}) as Record<string, unknown>;
  };
  const out = (text: string): void => {
    io.stdout.write(text);
  };
  try {
    switch (`${command ?? ''}${sub === undefined ? '' : ` ${sub}`}`) {
      case 'compact':
        ({ values } = parse(args, {}, 0));
        send = async (c) => {
          const answer = await call(c, 'POST', 'compact', {});
          out(`compacted at resourceVersion ${String(answer.resourceVersion)}: older resourceVersions now get 410 Expired\n`);
        };
        break;
      case 'close-watches':
        ({ values } = parse(args, {}, 0));
        send = async (c) => {
          await call(c, 'POST', 'close-watches', {});
          out('ended every open watch\n');
        };
        break;
      case 'finish-terminating-pods':
        ({ values } = parse(args, {}, 0));
        send = async (c) => {
          const answer = await call(c, 'POST', 'finish-terminating-pods', {});
          out(`finished ${String(answer.pods)} terminating pod(s)\n`);
        };
        break;
      case 'destroy-connections':
        ({ values } = parse(args, {}, 0));
        send = async (c) => {
          await call(c, 'POST', 'destroy-connections', {});
          out('reset every open connection\n');
        };
        break;
      case 'fault fail': {
        ({ values } = parse(args, { ...SELECTOR_OPTIONS, code: { type: 'string' }, reason: { type: 'string' }, 'retry-after': { type: 'string' } }, 0));
        if (values.help !== true && values.code === undefined) throw new UsageError('fault fail needs --code <code>, an HTTP error status from 400 to 599 (e.g. 429, 500)');
        const rule: Record<string, unknown> = { ...selector(values), code: wholeNumber('code', values.code) };
        const reason = str(values.reason);
        if (reason !== undefined) rule.reason = reason;
        const retryAfter = wholeNumber('retry-after', values['retry-after']);
        if (retryAfter !== undefined) rule.retryAfterSeconds = retryAfter;
        send = async (c) => {
          out(`${String((await call(c, 'POST', 'faults/fail', rule)).id)}\n`);
        };
        break;
      }
      case 'fault delay': {
        ({ values } = parse(args, { ...SELECTOR_OPTIONS, 'delay-ms': { type: 'string' } }, 0));
        if (values.help !== true && values['delay-ms'] === undefined) throw new UsageError('fault delay needs --delay-ms <ms>, how long to hold each matching request');
        const rule = { ...selector(values), delayMs: wholeNumber('delay-ms', values['delay-ms']) };
        send = async (c) => {
          out(`${String((await call(c, 'POST', 'faults/delay', rule)).id)}\n`);
        };
        break;
      }
      case 'fault remove': {
        let positionals: string[];
        ({ values, positionals } = parse(args, {}, 1));
        const id = positionals[0];
        if (values.help !== true && id === undefined) throw new UsageError('fault remove needs the id that fault fail or fault delay printed');
        send = async (c) => {
          await call(c, 'DELETE', `faults/${encodeURIComponent(id ?? '')}`);
          out(`removed fault rule ${id ?? ''}\n`);
        };
        break;
      }
      case 'fault clear':
      case 'clear':
        ({ values } = parse(args, {}, 0));
        send = async (c) => {
          await call(c, 'DELETE', 'faults');
          out('removed every fault rule\n');
        };
        break;
      case 'requests': {
        ({ values } = parse(args, { since: { type: 'string' }, json: { type: 'boolean' } }, 0));
        const since = wholeNumber('since', values.since);
        const json = values.json === true;
        send = async (c) => {
          const answer = await call(c, 'GET', since === undefined ? 'requests' : `requests?since=${String(since)}`);
          if (json) out(`${JSON.stringify(answer)}\n`);
          else for (const r of answer.items as RequestLine[]) out(requestLine(r));
        };
        break;
      }
      case 'requests clear':
        ({ values } = parse(args, {}, 0));
        send = async (c) => {
          const answer = await call(c, 'DELETE', 'requests');
          out(`emptied the request log; the next request gets index ${String(answer.next)}\n`);
        };
        break;
      default:
        throw new UsageError(
          command === 'fault'
            ? `fault needs one of: fail, delay, remove, clear${sub === undefined ? '' : `, got ${JSON.stringify(sub)}`}`
            : `requests takes clear or options, got ${JSON.stringify(sub)}`,
        );
    }
  } catch (err) {
    const parseError = err instanceof TypeError && String((err as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS');
    if (!(err instanceof UsageError) && !parseError) throw err;
    io.stderr.write(`kcache-fake-apiserver: ${err.message}\n\n${usage}`);
    return 2;
  }
  if (values.help === true) {
    io.stdout.write(usage);
    return 0;
  }
  let connection: ControlConnection;
  try {
    connection = resolveConnection(connectionFlags(values), io.env ?? process.env);
  } catch (err) {
    io.stderr.write(`kcache-fake-apiserver: ${(err as Error).message}\n`);
    return 2;
  }
  try {
    await send(connection);
    return 0;
  } catch (err) {
    io.stderr.write(`kcache-fake-apiserver: ${(err as Error).message}\n`);
    return 1;
  }
}
