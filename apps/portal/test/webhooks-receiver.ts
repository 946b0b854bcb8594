import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a receiver got: its headers (lower-case names) and raw body. */
export interface Received {
  headers: Record<string, string>;
  body: string;
}

/** What a receiver answers to its n-th request (0-based); 'hang' never answers. */
export type Reply = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

export interface Receiver {
  url: string;
  received: Received[];
  /** Ends every request left hanging (the sender sees the connection reset). */
  releaseHanging(): void;
  close(): Promise<void>;
}

/**
 * A webhook receiver on 127.0.0.1 and a free port, for the tests and the benchmark.
 * @example const r = await startReceiver((n) => (n < 2 ? { status: 500 } : { status: 200 }));
 */
export async function startReceiver(
  reply: (n: number, request: Received) => Reply = () => ({ status: 204 }),
  onReceived?: (request: Received) => void,
): Promise<Receiver> {
  const received: Received[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string') headers[name] = value;
      }
      const request = { headers, body: Buffer.concat(chunks).toString('utf8') };
      const answer = reply(received.length, request);
      received.push(request);
      onReceived?.(request);
      if (answer === 'hang') {
        hanging.add(res);
        return;
      }
      res.writeHead(answer.status, answer.headers ?? {});
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    releaseHanging() {
      for (const res of hanging) res.socket?.destroy();
      hanging.clear();
    },
    close() {
      for (const res of hanging) res.socket?.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
