import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the proxy saw it. */
export interface Seen {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** The status the client got. */
  status?: number;
}

/** What the proxy does with a request. */
export type Action =
  | { kind: 'forward'; delayMs?: number }
  /** Answers without asking the portal. */
  | { kind: 'reply'; status: number; headers?: Record<string, string>; body?: string }
  /** Lets the portal act, then answers the client `status` instead: the failure after the fact. */
  | { kind: 'forward-then'; status: number }
  /** Closes the connection without an answer. */
  | { kind: 'drop' }
  /** Never answers (until the proxy closes). */
  | { kind: 'hang' };

export type Decide = (req: Seen, seen: Seen[]) => Action;

const forwardAll: Decide = () => ({ kind: 'forward' });

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function forward(target: string, seen: Seen): Promise<Response> {
  const headers = Object.fromEntries(
    Object.entries(seen.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k)),
  );
  return fetch(`${target}${seen.path}`, {
    method: seen.method,
    headers,
    // An empty string would go out as text/plain: send no body at all, as the client did.
    body: seen.body === '' ? undefined : seen.body,
  });
}

async function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string) {
  res.writeHead(status, headers);
  res.end(body);
}

/**
 * A small HTTP server in front of the portal that forwards requests, or injects failures: a
 * status of its choosing, a dropped connection, a delay, or a failure after the portal acted.
 * `decide` may be swapped at any time; `seen` lists every request with the status answered.
 */
export async function startProxy(target: string, decide: Decide = forwardAll) {
  const seen: Seen[] = [];
  const hanging = new Set<ServerResponse>();
  const state = { decide };
  const server = createServer(async (req, res) => {
    const entry: Seen = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: Object.fromEntries(
        Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === 'string'),
      ),
      body: await readBody(req),
    };
    const action = state.decide(entry, seen);
    seen.push(entry);
    try {
      if (action.kind === 'drop') return void res.socket?.destroy();
      if (action.kind === 'hang') return void hanging.add(res);
      if (action.kind === 'reply') {
        entry.status = action.status;
        return await send(
          res,
          action.status,
          { 'content-type': 'application/problem+json', ...action.headers },
          action.body ?? JSON.stringify({ type: 'about:blank', title: 'Injected', status: action.status }),
        );
      }
      if (action.kind === 'forward' && action.delayMs)
        await new Promise((r) => setTimeout(r, action.delayMs));
      if (res.destroyed || res.writableEnded) return;
      const answer = await forward(target, entry);
      const body = await answer.text();
      if (action.kind === 'forward-then') {
        entry.status = action.status;
        return await send(
          res,
          action.status,
          { 'content-type': 'application/problem+json' },
          JSON.stringify({ type: 'about:blank', title: 'Unavailable', status: action.status }),
        );
      }
      entry.status = answer.status;
      const headers: Record<string, string> = {};
      answer.headers.forEach((value, key) => {
        if (key !== 'content-length' && key !== 'transfer-encoding' && key !== 'content-encoding')
          headers[key] = value;
      });
      await send(res, answer.status, headers, body);
    } catch {
      if (!res.headersSent) res.writeHead(502).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    /** Changes what the proxy does from the next request on. */
    set(next: Decide) {
      state.decide = next;
    },
    /** Requests to a path (without the query). */
    count(method: string, path: string): number {
      return seen.filter((s) => s.method === method && s.path.split('?')[0] === path).length;
    },
    async close() {
      for (const res of hanging) res.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FaultProxy = Awaited<ReturnType<typeof startProxy>>;
