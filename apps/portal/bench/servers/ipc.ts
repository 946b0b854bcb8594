import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import SQLite from 'better-sqlite3';

/**
 * The protocol between a reference server and bench/lib/child.ts: announce `{ ready, port }`
 * over IPC, then exit normally on `{ cmd: 'stop' }` (or when the parent goes away) after
 * closing the server.
 */
export function announce(port: number, close: () => Promise<void>): void {
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    try {
      await Promise.race([close(), new Promise((r) => setTimeout(r, 2_000))]);
    } finally {
      process.exit(0);
    }
  };
  process.on('message', (m) => {
    if ((m as { cmd?: string }).cmd === 'stop') void stop();
  });
  process.on('disconnect', () => void stop());
  process.send?.({ ready: true, port });
}

/**
 * A floor (a reference server without a framework): the bench's SQLite database opened as the
 * portal opens it (WAL, synchronous=NORMAL), `handle` on plain node:http on a free port, and
 * the protocol above (the database is closed after the server).
 */
export function serveFloor(
  handle: (db: SQLite.Database) => (req: IncomingMessage, res: ServerResponse) => void,
): void {
  const url = process.env.DATABASE_URL ?? '';
  const db = new SQLite(url.slice('sqlite:'.length));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const server = createServer(handle(db));
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    announce(typeof address === 'object' && address ? address.port : 0, async () => {
      await new Promise((done) => server.close(() => done(undefined)));
      db.close();
    });
  });
}
