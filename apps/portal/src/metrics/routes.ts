import { timingSafeEqual } from 'node:crypto';
import { type ServerType, serve } from '@hono/node-server';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Config } from '../config';
import { problem } from '../http/problem';
import type { Metrics } from './metrics';

/**
 * Counts and times every request by its matched route pattern (`/api/v1/complaints/:id`, never
 * the raw path, so the number of series stays bounded) and status. A request no route matched
 * is `unmatched`. Mounted first, so it sees the final status of every answer.
 */
export function measureRequests(metrics: Metrics): MiddlewareHandler {
  return async function measureRequests(c, next) {
    const started = performance.now();
    await next();
    const pattern = routePath(c);
    const route = pattern === '' || (pattern.endsWith('*') && c.res.status === 404) ? 'unmatched' : pattern;
    const labels = { method: c.req.method, route, status: String(c.res.status) };
    metrics.requests.inc(labels);
    metrics.requestDuration.observe(labels, (performance.now() - started) / 1000);
  };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function answer(c: Context, metrics: Metrics, token: string | undefined): Promise<Response> {
  if (token !== undefined) {
    const sent = /^Bearer\s+(\S+)$/i.exec(c.req.header('Authorization') ?? '')?.[1];
    if (sent === undefined || !sameSecret(sent, token)) {
      const res = problem(c, 401, 'send Authorization: Bearer <REDRESS_METRICS_TOKEN>');
      res.headers.set('WWW-Authenticate', 'Bearer realm="redress-metrics"');
      return res;
    }
  }
  const { contentType, body } = await metrics.scrape();
  return c.body(body, 200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
}

/**
 * `GET /metrics` on the portal's own port: only with REDRESS_METRICS_TOKEN set, and only for a
 * bearer of that token (the metrics name routes, job names and volumes: not for the public).
 * Without a token it is not there (404); REDRESS_METRICS_PORT serves it on a port of its own.
 */
export function metricsRoutes(deps: { metrics: Metrics; config: Config }) {
  return new Hono().get('/metrics', (c) =>
    deps.config.metricsToken === undefined
      ? problem(c, 404, 'no route for GET /metrics')
      : answer(c, deps.metrics, deps.config.metricsToken),
  );
}

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * `/metrics` alone on a port of its own (REDRESS_METRICS_PORT, on REDRESS_METRICS_HOST:
 * 127.0.0.1 unless told), for `serve` and for `redress worker`, which has no other port. The
 * token, when configured, is asked here too.
 */
export function startMetricsServer(
  deps: { metrics: Metrics; config: Config },
  options: { port: number; hostname: string },
): Promise<MetricsServer> {
  const app = new Hono();
  app.get('/metrics', (c) => answer(c, deps.metrics, deps.config.metricsToken));
  app.notFound((c) => problem(c, 404, 'only /metrics is served here'));
  return new Promise((resolve, reject) => {
    let server: ServerType;
    try {
      server = serve({ fetch: app.fetch, port: options.port, hostname: options.hostname }, (info) =>
        resolve({
          url: `http://${options.hostname}:${info.port}`,
          close: () =>
            new Promise<void>((done) => {
              server.close(() => done());
              if ('closeAllConnections' in server) server.closeAllConnections();
            }),
        }),
      );
      server.on('error', reject);
    } catch (err) {
      reject(err);
    }
  });
}
