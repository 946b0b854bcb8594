import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/** How often the checkpointer copies the WAL back into the database. */
export const CHECKPOINT_INTERVAL_MS = 250;

/**
 * The checkpointer's thread: its own connection to the same file, a PASSIVE checkpoint every
 * interval (it never waits for or blocks the writer). Plain JavaScript, run with `eval`, so it
 * works the same from the TypeScript sources and from the bundle.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const describe = (err) => (err && err.code ? err.code + ': ' : '') + String(err && err.message);
let db;
try {
  const Database = require(workerData.driver);
  db = new Database(workerData.path, { fileMustExist: true });
  db.pragma('busy_timeout = 0');
} catch (err) {
  parentPort.postMessage({ type: 'failed', message: describe(err) });
  throw err;
}
let failures = 0;
const timer = setInterval(() => {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    failures = 0;
    // Only news: an idle portal's main thread is not woken four times a second for nothing.
    if (result.log > 0) parentPort.postMessage({ type: 'checkpoint', ...result });
  } catch (err) {
    // SQLITE_BUSY: another checkpoint is running (a second process); try again next time.
    if (err && err.code === 'SQLITE_BUSY' && ++failures < 40) return;
    parentPort.postMessage({ type: 'failed', message: describe(err) });
  }
}, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Frames the last checkpoint that found any in the WAL saw and copied (for tests, metrics). */
  readonly last: { log: number; checkpointed: number } | null;
  stop(): Promise<void>;
}

/**
 * Moves SQLite's WAL checkpoints off the event loop. By default SQLite checkpoints inside the
 * commit that grows the WAL past 1,000 pages: that commit copies 4 MB and waits for two fsyncs,
 * and every request waits with it. Here the serving connection never checkpoints
 * (`wal_autocheckpoint = 0`) and a worker thread does it every `CHECKPOINT_INTERVAL_MS`.
 * If the thread fails, the connection checkpoints for itself again, as SQLite normally does.
 */
export function startCheckpointer(
  sqlite: SQLite.Database,
  path: string,
  onFailure: (message: string) => void,
): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      path,
      intervalMs: CHECKPOINT_INTERVAL_MS,
    },
  });
  worker.unref();
  sqlite.pragma('wal_autocheckpoint = 0');
  let stopped = false;
  let last: Checkpointer['last'] = null;
  const fallBack = (message: string) => {
    if (stopped) return;
    stopped = true;
    if (sqlite.open) sqlite.pragma('wal_autocheckpoint = 1000');
    onFailure(message);
    void worker.terminate();
  };
  worker.on('message', (m: { type: string; log?: number; checkpointed?: number; message?: string }) => {
    if (m.type === 'checkpoint') last = { log: m.log ?? 0, checkpointed: m.checkpointed ?? 0 };
    else fallBack(m.message ?? 'the checkpointer failed');
  });
  // The thread reports its own errors first; what it could not report (an error object
  // crossing threads keeps only its enumerable fields) is described as well as it can be.
  worker.on('error', (err: unknown) => fallBack(`the checkpointer failed: ${JSON.stringify(err)}`));
  worker.on('exit', (code) => {
    if (code !== 0) fallBack(`the checkpointer exited with code ${code}`);
  });
  return {
    get last() {
      return last;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      const exited = new Promise((done) => worker.once('exit', done));
      // Unreferenced, the thread would not keep the process alive until it has stopped.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
