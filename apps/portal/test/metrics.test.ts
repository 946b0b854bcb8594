import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { slaSweeper } from '../src/complaints/sweeper';
import { testConfig } from '../src/config';
import { openRuntime } from '../src/deps';
import { startJobs } from '../src/jobs/runner';
import { silentLogger } from '../src/logger';
import { startMetricsServer } from '../src/metrics/routes';
import { deliverDue } from '../src/webhooks/job';
import { expectProblem, TEST_DB, testWorld } from './harness';
import { startReceiver } from './webhooks-receiver';

const TOKEN = 'metrics-token-0123456789';

async function scrape(w: Awaited<ReturnType<typeof testWorld>>, token = TOKEN) {
  return w.app.request('/metrics', { headers: { Authorization: `Bearer ${token}` } });
}

/** The value of one sample line (`name{labels} value`), or undefined when absent. */
function sample(text: string, name: string, labels = ''): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const [series, value] = line.split(' ');
    if (series === `${name}${labels ? `{${labels}}` : ''}`) return Number(value);
  }
  return undefined;
}

describe('GET /metrics', () => {
  it('is there only with a token configured, and only for its bearer', async () => {
    const w = await testWorld({ config: { metricsToken: TOKEN } });
    expectProblem(await w.call(null, 'GET', '/metrics'), 401);
    const wrong = await scrape(w, 'metrics-token-9999999999');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('WWW-Authenticate')).toMatch(/^Bearer/);
    // An API access token is not the metrics token.
    expect((await w.call(w.actors.staff, 'GET', '/metrics')).status).toBe(401);
    const ok = await scrape(w);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('Content-Type')).toMatch(/^text\/plain; version=0\.0\.4/);

    const without = await testWorld();
    expectProblem(await without.call(null, 'GET', '/metrics'), 404);
  });

  it('counts requests by matched route pattern and status, per app', async () => {
    const w = await testWorld({ config: { metricsToken: TOKEN } });
    const other = await testWorld({ config: { metricsToken: TOKEN } });
    const complaint = await w.intake();
    for (let i = 0; i < 3; i++) await w.call(w.actors.staff, 'GET', `/api/v1/complaints/${complaint.id}`);
    await w.call(w.actors.staff, 'GET', '/api/v1/complaints/cmp_01JD3Z6Y8G5C4F0QK3W2A1B9XE');
    await w.call(null, 'GET', '/no/such/page');
    const text = await (await scrape(w)).text();
    const route = 'method="GET",route="/api/v1/complaints/:id"';
    expect(sample(text, 'redress_http_requests_total', `${route},status="200"`)).toBe(3);
    expect(sample(text, 'redress_http_requests_total', `${route},status="404"`)).toBe(1);
    expect(
      sample(text, 'redress_http_requests_total', 'method="POST",route="/api/v1/complaints",status="201"'),
    ).toBe(1);
    expect(sample(text, 'redress_http_requests_total', 'method="GET",route="unmatched",status="404"')).toBe(
      1,
    );
    expect(sample(text, 'redress_http_request_duration_seconds_count', `${route},status="200"`)).toBe(3);
    expect(text).not.toContain(complaint.id); // never the raw path
    // The other app in this process counted none of it.
    const theirs = await (await scrape(other)).text();
    expect(sample(theirs, 'redress_http_requests_total', `${route},status="200"`)).toBeUndefined();
    // The process: memory and the event loop, from prom-client's default metrics.
    expect(sample(text, 'redress_process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
    expect(text).toContain('redress_nodejs_heap_size_used_bytes');
  });

  it('shows the outbox depth and age, deliveries by result, job runs and the database', async () => {
    const w = await testWorld({ config: { metricsToken: TOKEN } });
    const receiver = await startReceiver((n) => (n === 0 ? { status: 500 } : { status: 204 }));
    try {
      const endpoint = await w.call(w.actors.merchantA, 'POST', '/api/v1/webhook-endpoints', {
        url: receiver.url,
        eventTypes: ['complaint.assigned'],
      });
      expect(endpoint.status).toBe(201);
      await w.intake();
      w.clock.advance(90_000);
      let text = await (await scrape(w)).text();
      expect(sample(text, 'redress_webhook_outbox_depth')).toBe(1);
      expect(sample(text, 'redress_webhook_outbox_oldest_pending_age_seconds')).toBe(90);

      await deliverDue(w.runtime); // the receiver answers 500: tried again later
      w.clock.advance(3_600_000);
      await deliverDue(w.runtime); // then 204
      text = await (await scrape(w)).text();
      expect(sample(text, 'redress_webhook_deliveries_total', 'result="retry"')).toBe(1);
      expect(sample(text, 'redress_webhook_deliveries_total', 'result="succeeded"')).toBe(1);
      expect(sample(text, 'redress_webhook_outbox_depth')).toBe(0);
      expect(sample(text, 'redress_webhook_outbox_oldest_pending_age_seconds')).toBe(0);
    } finally {
      await receiver.close();
    }

    const jobs = startJobs(w.runtime, [slaSweeper]);
    await jobs.stop();
    const text = await (await scrape(w)).text();
    expect(sample(text, 'redress_job_runs_total', 'job="sla-sweeper",result="ok"')).toBe(1);
    expect(sample(text, 'redress_job_duration_seconds_count', 'job="sla-sweeper"')).toBe(1);
    expect(sample(text, 'redress_job_lag_seconds', 'job="sla-sweeper"')).toBeLessThan(5);
    if (TEST_DB === 'postgres') {
      expect(sample(text, 'redress_db_pool_connections', 'state="total"')).toBeGreaterThanOrEqual(1);
      // Read while the scrape's own queries run: a number, not necessarily 0.
      expect(sample(text, 'redress_db_pool_connections', 'state="waiting"')).toBeGreaterThanOrEqual(0);
    }
  });

  // SQLite only (PostgreSQL has no WAL file of ours): registered there alone, so no run counts it skipped.
  const onSqlite = TEST_DB === 'sqlite' ? it : (..._: Parameters<typeof it>) => {};
  onSqlite('shows the size of the SQLite WAL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'redress-metrics-'));
    const runtime = await openRuntime(testConfig({ databaseUrl: `sqlite:${join(dir, 'r.db')}` }), {
      log: silentLogger,
    });
    try {
      const text = (await runtime.metrics.scrape()).body;
      expect(sample(text, 'redress_sqlite_wal_bytes')).toBeGreaterThan(0); // the migrations' writes
    } finally {
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves /metrics alone on a port of its own', async () => {
    const w = await testWorld();
    await w.call(w.actors.staff, 'GET', '/api/v1/complaints');
    const server = await startMetricsServer(w.runtime, { port: 0, hostname: '127.0.0.1' });
    try {
      const res = await fetch(`${server.url}/metrics`);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(
        sample(text, 'redress_http_requests_total', 'method="GET",route="/api/v1/complaints",status="200"'),
      ).toBe(1);
      expect((await fetch(`${server.url}/api/v1/complaints`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
