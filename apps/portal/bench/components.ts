/**
 * Where the time of one inbox page and one write goes, measured in-process over the spine's
 * database: each step alone (best of 3 rounds, the least disturbed by other load), the same
 * requests through `createApp(…).request()` with every SQL statement timed, and the proposed
 * changes (statement cache and raw-array rows in the SQLite dialect; a faster `toIso`).
 */
import { ListComplaintsQuery, toIso } from '@redress/core';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { createApp } from '../src/app';
import type { Principal } from '../src/auth/principal';
import { signConsumerLink } from '../src/auth/tokens';
import { messageConsumer } from '../src/complaints/actions';
import { toComplaint } from '../src/complaints/mapper';
import { visibleComplaints } from '../src/complaints/queries';
import { findComplaints } from '../src/complaints/read';
import type { ComplaintRow } from '../src/complaints/table';
import { loadConfig } from '../src/config';
import type { Database } from '../src/db/database';
import { openRuntime, type Runtime } from '../src/deps';
import { silentLogger } from '../src/logger';
import { CalendarStore } from '../src/sla/calendar-store';
import { fastToIso } from './lib/fast-iso';
import { fixed, int, table } from './lib/format';
import { INBOX_SQL } from './lib/sql';
import { type RowMode, type StatementTiming, tunedDatabase } from './lib/tuned-sqlite';

/** µs per call: the best of `rounds` rounds of `n` calls. */
async function perCall(n: number, fn: (i: number) => unknown, rounds = 3): Promise<number> {
  let k = 0;
  for (let i = 0; i < Math.min(n, 100); i++) await fn(k++);
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    const started = performance.now();
    for (let i = 0; i < n; i++) await fn(k++);
    best = Math.min(best, ((performance.now() - started) * 1000) / n);
  }
  return best;
}

/** A runtime over the same file whose database goes through bench/lib/tuned-sqlite.ts. */
function tunedRuntime(
  rt: Runtime,
  path: string,
  options: { cache: boolean; rows: RowMode; timings?: Map<string, StatementTiming> },
): Runtime {
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: tunedDatabase(sqlite, options) }),
  });
  return { ...rt, db, calendars: new CalendarStore(db), close: () => db.destroy() };
}

const shortSql = (sql: string) => {
  const one = sql.replace(/\s+/g, ' ').replace(/"/g, '').trim();
  return one.length > 110 ? `${one.slice(0, 107)}…` : one;
};

function statementTable(timings: Map<string, StatementTiming>, requests: number, totalUs: number): string {
  const rows = [...timings.entries()].sort(
    (a, b) => b[1].prepareUs + b[1].runUs - (a[1].prepareUs + a[1].runUs),
  );
  const sqlUs = rows.reduce((s, [, t]) => s + t.prepareUs + t.runUs, 0) / requests;
  return [
    table(
      ['statement (per request)', 'runs', 'prepare µs', 'run µs'],
      rows
        .slice(0, 14)
        .map(([sql, t]) => [
          `\`${shortSql(sql)}\``,
          fixed(t.runs / requests, 1),
          fixed(t.prepareUs / requests, 0),
          fixed(t.runUs / requests, 0),
        ]),
    ),
    '',
    `SQLite (prepare + run) ${fixed(sqlUs, 0)} µs of ${fixed(totalUs, 0)} µs per request ` +
      `(${fixed((sqlUs / totalUs) * 100, 0)}%); the rest is JS: kysely, hono, zod, mapping, JSON, crypto.`,
  ].join('\n');
}

export async function componentCosts(input: {
  env: Record<string, string>;
  dbPath: string;
  merchantId: string;
  token: string;
  writeTargets: string[];
  inboxPath: string;
  message: string;
}): Promise<string> {
  const { env, dbPath, merchantId, writeTargets } = input;
  const out: string[] = [];
  const rt = await openRuntime(loadConfig(env), { log: silentLogger });
  const cached = tunedRuntime(rt, dbPath, { cache: true, rows: 'objects' });
  const arrays = tunedRuntime(rt, dbPath, { cache: true, rows: 'arrays' });
  const timings = new Map<string, StatementTiming>();
  const timedToday = tunedRuntime(rt, dbPath, { cache: false, rows: 'objects', timings });
  try {
    // As the server does: createApp registers the event listeners (the webhook outbox).
    const app = createApp(timedToday);
    const principal: Principal = {
      kind: 'client',
      id: 'cli_bench',
      role: 'merchant_admin',
      actor: 'merchant',
      merchantId,
      stationId: null,
      scopes: ['read', 'write'],
    };
    const query = ListComplaintsQuery.parse({ limit: '50' });
    const rawDb = new SQLite(dbPath, { readonly: true });
    const stmt = rawDb.prepare(INBOX_SQL);
    const N = 200;
    const inboxService = await perCall(N, () => findComplaints({ ...rt, principal }, query));
    const inboxCached = await perCall(N, () => findComplaints({ ...cached, principal }, query));
    const inboxArrays = await perCall(N, () => findComplaints({ ...arrays, principal }, query));
    const kyselyQuery = (db: Kysely<Database>) =>
      visibleComplaints(db.selectFrom('complaints').selectAll('complaints'), principal)
        .orderBy('complaints.received_at', 'desc')
        .orderBy('complaints.id', 'desc')
        .limit(51)
        .execute();
    const queryToday = await perCall(N, () => kyselyQuery(rt.db));
    const queryArrays = await perCall(N, () => kyselyQuery(arrays.db));
    const rawQuery = await perCall(N, () => stmt.all(merchantId, 51));
    const rawJson = await perCall(N, () => JSON.stringify(stmt.all(merchantId, 51)));
    const rows = (await kyselyQuery(rt.db)).slice(0, 50) as ComplaintRow[];
    const view = { now: Date.now(), calendar: await rt.calendars.get() };
    const mapping = await perCall(N, () =>
      rows.map((row) => toComplaint(row, { phone: 'masked', settlement: null, sla: view })),
    );
    const instants = rows.flatMap((r) => [
      r.received_at,
      r.assigned_at ?? 0,
      r.updated_at,
      r.ack_due_at ?? 0,
      r.settle_due_at ?? 0,
    ]);
    const isoToday = await perCall(N, () => instants.map(toIso));
    const isoFast = await perCall(N, () => instants.map(fastToIso));
    const page = await findComplaints({ ...rt, principal }, query);
    const json = await perCall(N, () => JSON.stringify(page));
    rawDb.close();

    // The proposed toIso must give the same string as today's, everywhere.
    let checked = 0;
    let x = 987_654_321;
    for (let i = 0; i < 200_000; i++, checked++) {
      x = (Math.imul(x, 1_103_515_245) + 12_345) >>> 0;
      const instant = Math.floor((x / 4_294_967_296) * 8e12) - 1e12;
      if (fastToIso(instant) !== toIso(instant)) throw new Error(`fastToIso(${instant}) differs`);
    }
    for (const edge of [0, -1, 1, -28_800_000, -28_800_001, 8.64e15 - 28_800_000, -8.64e15, 1.5, -1.5]) {
      checked++;
      if (fastToIso(edge) !== toIso(edge)) throw new Error(`fastToIso(${edge}) differs`);
    }

    const W = 100;
    const message = { body: '您好，我们已收到您的投诉，正在核实订单信息。' };
    const target = (i: number) => writeTargets[i % writeTargets.length]!;
    const write = await perCall(W, (i) => messageConsumer({ ...rt, principal }, target(i), message));
    const writeArrays = await perCall(W, (i) =>
      messageConsumer({ ...arrays, principal }, target(i + 7), message),
    );
    const sign = await perCall(W, (i) => signConsumerLink(rt.keys, rt.clock, target(i), 30 * 86_400));
    const row = (step: string, us: number) => [step, fixed(us, 0), int(1e6 / us)];
    out.push(
      table(
        ['step', 'µs per call', 'calls/s on one core'],
        [
          row('`findComplaints` today (inbox service: kysely query + mapping of 50 rows)', inboxService),
          row('`findComplaints`, proposed dialect: statements cached', inboxCached),
          row('`findComplaints`, proposed dialect: statements cached + rows from raw arrays', inboxArrays),
          row('the keyset query through kysely today (`prepare` on every query)', queryToday),
          row('the keyset query through kysely, proposed dialect', queryArrays),
          row('the keyset query, one better-sqlite3 prepared statement', rawQuery),
          row('… plus `JSON.stringify` of the raw rows (the floor’s work)', rawJson),
          row('`toComplaint` × 50 (mapping, SLA state)', mapping),
          row('`toIso` × 250 today (5 per complaint)', isoToday),
          row('`toIso` × 250, proposed (`bench/lib/fast-iso.ts`)', isoFast),
          row('`JSON.stringify` of the mapped page', json),
          row('`messageConsumer` today (one transaction; consumer link signed inside it)', write),
          row('`messageConsumer`, proposed dialect', writeArrays),
          row('`signConsumerLink` alone (EdDSA JWT through WebCrypto)', sign),
        ],
      ),
      '',
      `The proposed \`toIso\` gave the same string as today's on ${int(checked)} instants (random instants ` +
        '1938–2191 and the edges).',
      '',
    );

    // Whole requests through the app, statement by statement (today's dialect: prepare every time).
    const R = 200;
    const auth = { Authorization: `Bearer ${input.token}` };
    for (let i = 0; i < 50; i++) await (await app.request(input.inboxPath, { headers: auth })).text();
    timings.clear();
    let started = performance.now();
    for (let i = 0; i < R; i++) {
      const res = await app.request(input.inboxPath, { headers: auth });
      if (res.status !== 200) throw new Error(`inbox answered ${res.status}`);
      await res.text();
    }
    const inboxUs = ((performance.now() - started) * 1000) / R;
    out.push(
      `#### One inbox request through \`createApp().request()\`: ${fixed(inboxUs, 0)} µs (mean of ${R}, no HTTP parsing)`,
      '',
      statementTable(timings, R, inboxUs),
      '',
    );
    const post = (i: number, key: boolean) =>
      app.request(`/api/v1/complaints/${target(i)}/messages`, {
        method: 'POST',
        headers: {
          ...auth,
          'Content-Type': 'application/json',
          ...(key ? { 'Idempotency-Key': `diag-${i}-${Date.now()}` } : {}),
        },
        body: input.message,
      });
    for (let i = 0; i < 50; i++) await (await post(i, true)).text();
    timings.clear();
    started = performance.now();
    for (let i = 0; i < R; i++) {
      const res = await post(i + 100, true);
      if (res.status !== 200) throw new Error(`write answered ${res.status}: ${await res.text()}`);
      await res.text();
    }
    const writeUs = ((performance.now() - started) * 1000) / R;
    out.push(
      `#### One write (with \`Idempotency-Key\`) through \`createApp().request()\`: ${fixed(writeUs, 0)} µs ` +
        `(mean of ${R})`,
      '',
      statementTable(timings, R, writeUs),
      '',
    );
  } finally {
    await timedToday.close();
    await arrays.close();
    await cached.close();
    await rt.close();
  }
  return out.join('\n');
}
