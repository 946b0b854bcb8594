/**
 * Reference 2, the floor for the inbox: the portal's keyset query for one merchant's first page
 * (the SQL kysely generates for `listComplaints`) through one better-sqlite3 prepared statement,
 * `JSON.stringify` of the raw rows, plain `node:http`: no framework, no auth, no mapping.
 */
import { INBOX_SQL } from '../lib/sql';
import { serveFloor } from './ipc';

const merchantId = process.env.BENCH_MERCHANT_ID ?? '';
const LIMIT = 50;

serveFloor((db) => {
  const inbox = db.prepare(INBOX_SQL);
  return (_req, res) => {
    const rows = inbox.all(merchantId, LIMIT + 1) as { id: string; received_at: number }[];
    const page = rows.slice(0, LIMIT);
    const last = page.at(-1);
    const body = JSON.stringify({
      data: page,
      nextCursor: rows.length > LIMIT && last ? `${last.received_at}:${last.id}` : null,
    });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  };
});
