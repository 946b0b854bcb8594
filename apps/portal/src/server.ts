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
  return new Promise((resolve, reject) => {
    let server: ServerType;
    try {
      server = serve(
        {
          fetch: app.fetch,
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
              await new Promise<void>((done) => server.close(() => done()));
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
