/**
 * Reference 3, the floor for the keyed write: the same durable work as `POST …/{id}/messages`
 * without a framework. node:http reads the JSON body; one better-sqlite3 transaction per request
 * (unbatched, WAL, synchronous=NORMAL as the portal) raises the complaint's version and inserts
 * a 2 KB event; the answer is that event's JSON. No auth, no validation, no idempotency record,
 * no SLA or notification rows: what any implementation of the write has to pay at least.
 */
import { randomUUID } from 'node:crypto';
import { serveFloor } from './ipc';

/** About 2 KB of event data: the message and a complaint-sized object around it. */
const PADDING = '投诉内容'.repeat(140);

serveFloor((db) => {
  const raise = db.prepare(
    'update complaints set version = version + 1, updated_at = ? where id = ? returning id, merchant_id, station_id, version, status',
  );
  const insertEvent = db.prepare(
    `insert into events (id, type, complaint_id, merchant_id, station_id, actor_kind, actor_id, actor_role, data, created_at)
     values (?, 'complaint.message_sent', ?, ?, ?, 'client', 'cli_floor', 'merchant_admin', ?, ?)`,
  );
  const write = db.transaction((id: string, message: string, now: number) => {
    const row = raise.get(now, id) as
      | { id: string; merchant_id: string; station_id: string | null; version: number; status: string }
      | undefined;
    if (!row) return null;
    const event = {
      id: `evt_${randomUUID()}`,
      type: 'complaint.message_sent',
      createdAt: new Date(now).toISOString(),
      data: { object: { ...row, description: PADDING }, message: { body: message } },
    };
    const data = JSON.stringify(event.data);
    insertEvent.run(event.id, row.id, row.merchant_id, row.station_id, data, now);
    return JSON.stringify(event);
  });

  return (req, res) => {
    const id = /^\/api\/v1\/complaints\/([^/]+)\/messages$/.exec(req.url ?? '')?.[1];
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let message: string;
      try {
        message = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { body: string }).body;
      } catch {
        res.writeHead(400).end();
        return;
      }
      const body = id ? write(id, message, Date.now()) : null;
      if (body === null) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    });
  };
});
