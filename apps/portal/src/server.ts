import { type ServerType, serve } from '@hono/node-server';
import { createApp } from './app';
import type { Runtime } from './deps';
import { JOBS } from './job-registry';
import { type RunningJobs, startJobs } from './jobs/runner';
import { startMetricsServer } from './metrics';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Serves the portal on Node, with the background jobs inside unless the configuration says
 * otherwise (`REDRESS_WORKERS=false` when `redress worker` runs them elsewhere).
 *
 * `close()` is the graceful shutdown (SIGTERM): the listening socket is closed at once (new
 * connections are refused), idle keep-alive connections are let go, answers given from then on
 * carry `Connection: close`, and the requests and job steps in flight (an SLA sweep batch,
 * webhook deliveries being sent) run to their end. Past `graceMs` the connections still open
 * are cut. The caller closes the database afterwards.
 */
export function startServer(
  runtime: Runtime,
  options: { port?: number; hostname?: string; jobs?: boolean; graceMs?: number } = {},
): Promise<RunningServer> {
  const app = createApp(runtime);
  // REDRESS_METRICS_PORT: /metrics on a port of its own, closed with the server.
  const metricsServer =
    runtime.config.metricsPort === undefined
      ? null
      : startMetricsServer(runtime, {
          port: runtime.config.metricsPort,
          hostname: runtime.config.metricsHost,
        }).catch((err: unknown) => {
          runtime.log.error('metrics port could not be opened', { error: String(err) });
          return null;
        });
  const jobs: RunningJobs | null = (options.jobs ?? runtime.config.workers) ? startJobs(runtime, JOBS) : null;
  const graceMs = options.graceMs ?? runtime.config.shutdownGraceSeconds * 1000;
  // Requests being handled, counted apart from their connections: a client that hangs up does
  // not stop its request, and the database must stay open until that request is done.
  let handling = 0;
  let closing = false;
  let drained: (() => void) | null = null;
  const fetch = async (request: Request, env: unknown) => {
    handling++;
    try {
      const response = await app.fetch(request, env);
      // Shutting down: the client must not send another request on this connection.
      if (closing) response.headers.set('Connection', 'close');
      return response;
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
              closing = true;
              const closed = new Promise<void>((done) => server.close(() => done()));
              if ('closeIdleConnections' in server) server.closeIdleConnections();
              const requests = async () => {
                while (handling > 0) await new Promise<void>((done) => (drained = done));
                // Once their answers are written, the connections that were busy when close()
                // began are idle: let them go too rather than wait out keep-alive.
                await new Promise((done) => setImmediate(done));
                if ('closeIdleConnections' in server) server.closeIdleConnections();
              };
              let timer: NodeJS.Timeout | undefined;
              const grace = new Promise<'late'>((done) => {
                timer = setTimeout(() => done('late'), graceMs);
              });
              const finished = await Promise.race([
                Promise.all([requests(), jobs?.stop()]).then(() => 'done' as const),
                grace,
              ]);
              clearTimeout(timer);
              if (finished === 'late') {
                runtime.log.error('shutdown grace period over: cutting the connections still open', {
                  requests: handling,
                  graceMs,
                });
                if ('closeAllConnections' in server) server.closeAllConnections();
              }
              await closed;
              await (await metricsServer)?.close();
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
