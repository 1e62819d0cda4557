// One HTTP request with a hard deadline, for the fuzz test: whatever the server does (answers,
// resets, hangs) comes back as a value, never as a hang. A watch that is accepted is read for a
// moment and then aborted: what arrived must be whole event lines.
import { Agent, request, type IncomingHttpHeaders } from 'node:http';

export interface RawRequest {
  method: string;
  /** Path and query, sent as is. */
  path: string;
  headers?: Record<string, string> | undefined;
  body?: Buffer | undefined;
  /**
   * A watch request: a 200 answer is a stream, read for `streamReadMs` and then closed.
   * `'maybe'`: a stream only if the answer has no Content-Length (paths that may not serve watches).
   */
  watch?: boolean | 'maybe' | undefined;
}

export type RawOutcome =
  | { kind: 'response'; status: number; headers: IncomingHttpHeaders; body: Buffer; streamed: false }
  /** A watch stream: the lines read before the client closed it, and any partial line. */
  | { kind: 'response'; status: number; headers: IncomingHttpHeaders; body: Buffer; streamed: true; lines: string[] }
  | { kind: 'error'; message: string }
  | { kind: 'timeout'; message: string };

export interface RawClient {
  send(req: RawRequest, options?: { timeoutMs?: number; streamReadMs?: number }): Promise<RawOutcome>;
  close(): void;
}

/** A keep-alive client, so bad requests share connections with good ones as they would in real use. */
export function createRawClient(baseUrl: string): RawClient {
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const url = new URL(baseUrl);
  return {
    send(req, options = {}) {
      const timeoutMs = options.timeoutMs ?? 5000;
      const streamReadMs = options.streamReadMs ?? 30;
      return new Promise<RawOutcome>((resolve) => {
        let settled = false;
        const settle = (outcome: RawOutcome): void => {
          if (settled) return;
          settled = true;
          clearTimeout(deadline);
          resolve(outcome);
        };
        const headers: Record<string, string> = { ...(req.headers ?? {}) };
        if (req.body !== undefined) headers['Content-Length'] = String(req.body.length);
        const r = request(
          { host: url.hostname, port: url.port, method: req.method, path: req.path, headers, agent },
          (res) => {
            gotResponse = true;
            const chunks: Buffer[] = [];
            const isStream = res.statusCode === 200 && (req.watch === true || (req.watch === 'maybe' && res.headers['content-length'] === undefined));
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('error', (err) => {
              settle({ kind: 'error', message: `response: ${err.message}` });
            });
            if (isStream) {
              // Read briefly, then hang up: a watch never ends by itself.
              setTimeout(() => {
                const body = Buffer.concat(chunks);
                const text = body.toString('utf8');
                const lines = text.split('\n');
                lines.pop();
                r.destroy();
                settle({ kind: 'response', status: res.statusCode ?? 0, headers: res.headers, body, streamed: true, lines });
              }, streamReadMs);
              return;
            }
            res.on('end', () => {
              settle({ kind: 'response', status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), streamed: false });
            });
            res.on('close', () => {
              if (!res.complete) settle({ kind: 'error', message: `the connection closed in the middle of a ${String(res.statusCode)} response` });
            });
          },
        );
        const deadline = setTimeout(() => {
          r.destroy();
          settle({ kind: 'timeout', message: `${req.method} ${req.path.slice(0, 200)} got no complete answer within ${String(timeoutMs)} ms` });
        }, timeoutMs);
        // Once the answer has come, a failed write of the rest of the body (the server stops
        // reading an oversized one) does not matter: the answer does.
        let gotResponse = false;
        r.on('error', (err) => {
          if (!gotResponse) settle({ kind: 'error', message: err.message });
        });
        if (req.body !== undefined) r.write(req.body);
        r.end();
      });
    },
    close() {
      agent.destroy();
    },
  };
}
