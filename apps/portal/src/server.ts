import { type ServerType, serve } from '@hono/node-server';
import { createApp } from './app';
import type { Runtime } from './deps';
import { JOBS } from './jobs/registry';
import { type RunningJobs, startJobs } from './jobs/runner';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Serves the portal on Node, with the background jobs inside unless the configuration says
 * otherwise (`REDRESS_WORKERS=false` when `redress worker` runs them elsewhere).
 */
export function startServer(
  runtime: Runtime,
  options: { port?: number; hostname?: string; jobs?: boolean } = {},
): Promise<RunningServer> {
  const app = createApp(runtime);
  const jobs: RunningJobs | null = (options.jobs ?? runtime.config.workers) ? startJobs(runtime, JOBS) : null;
  // Requests being handled, counted apart from their connections: a client that hangs up does
  // not stop its request, and the database must stay open until that request is done.
  let handling = 0;
  let drained: (() => void) | null = null;
  const fetch = async (request: Request, env: unknown) => {
    handling++;
    try {
      return await app.fetch(request, env);
    } finally {
      if (--handling === 0) drained?.();
    }
  };
  return new Promise((resolve, reject) => {
    let server: ServerType;
    try {
      server = serve(
        {
          fetch,
          port: options.port ?? runtime.config.port,
          hostname: options.hostname ?? '0.0.0.0',
        },
        (info) => {
          const host = options.hostname && options.hostname !== '0.0.0.0' ? options.hostname : 'localhost';
          resolve({
            url: `http://${host}:${info.port}`,
            port: info.port,
            close: async () => {
              await jobs?.stop();
              const closed = new Promise<void>((done) => server.close(() => done()));
              if (handling > 0) await new Promise<void>((done) => (drained = done));
              // Once their answers are written, the connections that were busy when close()
              // began are idle: let them go too rather than wait out keep-alive.
              await new Promise((done) => setImmediate(done));
              if ('closeIdleConnections' in server) server.closeIdleConnections();
              await closed;
            },
          });
        },
      );
      server.on('error', reject);
    } catch (err) {
      reject(err);
    }
  });
}
