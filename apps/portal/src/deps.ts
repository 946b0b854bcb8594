import { join } from 'node:path';
import { type BlobStore, DatabaseBlobStore, FileBlobStore, linkMessageAttachments } from './attachments';
import { AccessCache, loadOrCreateKeys, memoryKeys } from './auth';
import { ConsumerLinks, ListCache } from './complaints';
import type { Config } from './config';
import type { AppDeps } from './context';
import { openDatabase } from './db/dialect';
import { migrateToLatest } from './db/migrate';
import { FiguresCache } from './figures';
import { type Clock, systemClock } from './http/clock';
import { jsonLogger, type Logger } from './logger';
import { Metrics } from './metrics';
import { writeNotices } from './notices';
import { MemoryRateLimitStore, SqlRateLimitStore } from './rate-limits';
import { CalendarStore } from './sla';
import { ensureReferenceData } from './taxonomy';
import { WebhookSecrets, writeOutbox } from './webhooks';

export interface Runtime extends AppDeps {
  close(): Promise<void>;
}

/**
 * Opens the database, runs the migrations and the reference data, and loads the signing keys:
 * everything `createApp`, the workers and the CLI stand on. Each call makes its own listeners
 * and caches: two runtimes share nothing but, if they are given one, the database.
 */
export async function openRuntime(
  config: Config,
  options: {
    clock?: Clock;
    log?: Logger;
    migrate?: boolean;
    poolSize?: number;
    /** SQLite: checkpoint from a worker thread (db/checkpointer.ts); the serving commands do. */
    backgroundCheckpoints?: boolean;
  } = {},
): Promise<Runtime> {
  const log = options.log ?? jsonLogger();
  const database = openDatabase(config.databaseUrl, {
    poolSize: options.poolSize,
    backgroundCheckpoints: options.backgroundCheckpoints,
    log,
  });
  const clock = options.clock ?? systemClock;
  try {
    if (options.migrate !== false) {
      await migrateToLatest(database.db);
      await ensureReferenceData(database.db, clock.now());
    }
    const keys =
      config.mode === 'test' && config.dataDir === '/nonexistent'
        ? await memoryKeys()
        : await loadOrCreateKeys(config.dataDir);
    // Attachments: in PostgreSQL when that is the database (every process shares them), else
    // files in the data folder; tests without a data folder keep them in a folder of their own.
    const attachments: BlobStore =
      database.dialect === 'postgres'
        ? new DatabaseBlobStore(database.db, () => clock.now())
        : config.mode === 'test' && config.dataDir === '/nonexistent'
          ? FileBlobStore.temporary()
          : new FileBlobStore(join(config.dataDir, 'attachments'));
    const metrics = new Metrics();
    metrics.observeRuntime({ db: database.db, clock }, database.probe);
    return {
      metrics,
      db: database.db,
      dialect: database.dialect,
      transact: database.transact,
      keys,
      clock,
      config,
      log,
      calendars: new CalendarStore(database.db),
      rateLimits:
        database.dialect === 'postgres' ? new SqlRateLimitStore(database.db) : new MemoryRateLimitStore(),
      access: new AccessCache(),
      // Every writer of events (the API, the SLA sweeper, the CLI) fills the webhook outbox
      // and the notice mails' outbox; a message's files are linked to it.
      eventListeners: [linkMessageAttachments, writeOutbox, writeNotices],
      listCache: new ListCache(),
      figuresCache: new FiguresCache(),
      consumerLinks: new ConsumerLinks(),
      webhookSecrets: new WebhookSecrets(config),
      attachments,
      close: async () => {
        await database.close();
        await attachments.close();
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}
