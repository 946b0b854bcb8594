/**
 * Reference 2, the floor for the inbox: the portal's keyset query for one merchant's first page
 * (the SQL kysely generates for `listComplaints`) through one better-sqlite3 prepared statement,
 * `JSON.stringify` of the raw rows, plain `node:http`: no framework, no auth, no mapping.
 */
import { createServer } from 'node:http';
import SQLite from 'better-sqlite3';
import { INBOX_SQL } from '../lib/sql';
import { announce } from './ipc';

const url = process.env.DATABASE_URL ?? '';
const merchantId = process.env.BENCH_MERCHANT_ID ?? '';
const db = new SQLite(url.slice('sqlite:'.length));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
const inbox = db.prepare(INBOX_SQL);
const LIMIT = 50;

const server = createServer((_req, res) => {
  const rows = inbox.all(merchantId, LIMIT + 1) as { id: string; received_at: number }[];
  const page = rows.slice(0, LIMIT);
  const last = page.at(-1);
  const body = JSON.stringify({
    data: page,
    nextCursor: rows.length > LIMIT && last ? `${last.received_at}:${last.id}` : null,
  });
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  announce(typeof address === 'object' && address ? address.port : 0, async () => {
    await new Promise((done) => server.close(() => done(undefined)));
    db.close();
  });
});
