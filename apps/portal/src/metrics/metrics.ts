import { statSync } from 'node:fs';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { AppDeps } from '../context';
import type { DatabaseProbe } from '../db/dialect';

/** What the metrics read from the database at scrape time. */
/**
 * The portal's Prometheus metrics, one registry per runtime (never prom-client's global one):
 * two apps in one process, as in the tests, share nothing. The request, job and delivery
 * counters are counted as things happen; the outbox, the pool, the WAL and the process are
 * read when `/metrics` is scraped.
 */
export class Metrics {
  readonly registry = new Registry();
  private defaults = false;
  readonly requests: Counter<'method' | 'route' | 'status'>;
  readonly requestDuration: Histogram<'method' | 'route' | 'status'>;
  readonly jobRuns: Counter<'job' | 'result'>;
  readonly jobDuration: Histogram<'job'>;
  readonly jobLastSuccess: Gauge<'job'>;
  readonly deliveries: Counter<'result'>;
  private readonly lastSuccess = new Map<string, number>();

  constructor() {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'redress_http_requests_total',
      help: 'HTTP requests answered, by method, matched route pattern and status.',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.requestDuration = new Histogram({
      name: 'redress_http_request_duration_seconds',
      help: 'Time to answer an HTTP request (until the response is ready), by method, route and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.jobRuns = new Counter({
      name: 'redress_job_runs_total',
      help: 'Passes of each background job, by result (ok or failed).',
      labelNames: ['job', 'result'],
      registers,
    });
    this.jobDuration = new Histogram({
      name: 'redress_job_duration_seconds',
      help: 'Duration of one pass of a background job (sla-sweeper: one SLA sweep).',
      labelNames: ['job'],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    const lastSuccess = this.lastSuccess;
    this.jobLastSuccess = new Gauge({
      name: 'redress_job_last_success_timestamp_seconds',
      help: 'When each background job last finished a pass without error (Unix time).',
      labelNames: ['job'],
      registers,
    });
    new Gauge({
      name: 'redress_job_lag_seconds',
      help: 'Seconds since each background job last finished a pass without error.',
      labelNames: ['job'],
      registers,
      collect() {
        this.reset();
        const now = Date.now();
        for (const [job, at] of lastSuccess) this.set({ job }, (now - at) / 1000);
      },
    });
    this.deliveries = new Counter({
      name: 'redress_webhook_deliveries_total',
      help: 'Webhook delivery attempts recorded, by result: succeeded, retry (failed, tried again later) or failed (given up).',
      labelNames: ['result'],
      registers,
    });
  }

  /** A pass of a job ended. */
  jobRan(job: string, seconds: number, ok: boolean): void {
    this.jobRuns.inc({ job, result: ok ? 'ok' : 'failed' });
    this.jobDuration.observe({ job }, seconds);
    if (ok) {
      const now = Date.now();
      this.lastSuccess.set(job, now);
      this.jobLastSuccess.set({ job }, now / 1000);
    }
  }

  /**
   * Registers what is read at scrape time: the webhook outbox, the database pool or the SQLite
   * WAL, and (once, on the first scrape) the process metrics of prom-client (memory, CPU,
   * event loop): a runtime nobody scrapes does not pay for their observers.
   */
  observeRuntime(deps: Pick<AppDeps, 'db' | 'clock'>, database: DatabaseProbe): void {
    const registers = [this.registry];
    new Gauge({
      name: 'redress_webhook_outbox_depth',
      help: 'Webhook deliveries pending (not yet succeeded or given up).',
      registers,
      async collect() {
        const row = await deps.db
          .selectFrom('webhook_deliveries')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', '=', 'pending')
          .executeTakeFirst();
        this.set(Number(row?.n ?? 0));
      },
    });
    new Gauge({
      name: 'redress_webhook_outbox_oldest_pending_age_seconds',
      help: 'Age of the oldest pending webhook delivery (0 when none is pending).',
      registers,
      async collect() {
        const row = await deps.db
          .selectFrom('webhook_deliveries')
          .select((eb) => eb.fn.min('created_at').as('oldest'))
          .where('status', '=', 'pending')
          .executeTakeFirst();
        const oldest = row?.oldest === null || row?.oldest === undefined ? null : Number(row.oldest);
        this.set(oldest === null ? 0 : Math.max(0, (deps.clock.now() - oldest) / 1000));
      },
    });
    if (database.pool) {
      const pool = database.pool;
      new Gauge({
        name: 'redress_db_pool_connections',
        help: 'PostgreSQL pool connections, by state (total, idle, waiting: requests queued for one).',
        labelNames: ['state'],
        registers,
        collect() {
          const s = pool();
          this.set({ state: 'total' }, s.total);
          this.set({ state: 'idle' }, s.idle);
          this.set({ state: 'waiting' }, s.waiting);
        },
      });
    }
    if (database.sqlitePath) {
      const wal = `${database.sqlitePath}-wal`;
      new Gauge({
        name: 'redress_sqlite_wal_bytes',
        help: 'Size of the SQLite write-ahead log file.',
        registers,
        collect() {
          try {
            this.set(statSync(wal).size);
          } catch {
            this.set(0); // no WAL file (checkpointed and removed)
          }
        },
      });
    }
  }

  /** The text exposition, in the content type Prometheus expects. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    if (!this.defaults) {
      this.defaults = true;
      collectDefaultMetrics({ register: this.registry, prefix: 'redress_' });
    }
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
