/**
 * The import bench (issue 13, "Performance"): 100,000 JSON Lines rows through the real import
 * (`runImport`: parse, check as intake checks, route, take in with events and each row's
 * result) on SQLite, against a floor measured in the same run — the same rows (complaint, tags,
 * its two events) inserted by a bare better-sqlite3 loop in transactions of 500, into the same
 * migrated schema (the same indexes); resident memory at 10,000 and at 100,000 rows; the CFPB
 * sample (6,623 rows, `?profile=cfpb`); rows/s and the cost per row on PostgreSQL.
 *
 * Run alone: `npm run bench -- --only import`, which runs this file in a process of its own with
 * the heap settings of `npm start` (bench/run.ts); `tsx bench/import.ts [rows]` runs it with
 * node's defaults, whose heap keeps growing into its 4 GB (the resident memory with it).
 */
import { appendFileSync, createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { newId, toIso } from '@redress/core';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { loadConfig } from '../src/config';
import { openRuntime, type Runtime } from '../src/deps';
import { SYSTEM } from '../src/http/principal';
import { runImport } from '../src/imports/service';
import { silentLogger } from '../src/logger';
import { createMerchant } from '../src/merchants/service';
import { cfpbSample, intakeRow } from '../test/import-files';
import { fixed, int, mb, progress, type Target, table, targetTable } from './lib/format';

/** A full garbage collection, without starting node with --expose-gc. */
const collectGarbage = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

const PG_URL = process.env.REDRESS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const admin = (rt: Runtime) => ({ ...rt, principal: { ...SYSTEM, role: 'commission_admin' as const } });

async function world(dir: string, databaseUrl: string) {
  const rt = await openRuntime(
    loadConfig({
      DATABASE_URL: databaseUrl,
      REDRESS_DATA_DIR: dir,
      REDRESS_WORKERS: 'false',
      REDRESS_MODE: 'test',
    }),
    { log: silentLogger },
  );
  const merchant = await createMerchant(admin(rt), {
    name: '甲电器有限公司',
    creditCode: '91310115MA1K000016',
    slaPolicy: 'standard',
  });
  return { rt, merchantId: merchant.id };
}

/** The file: `rows` intake bodies as JSON Lines, routed to the merchant. */
function writeFile(path: string, rows: number, merchantId: string, prefix: string) {
  const lines: string[] = [];
  // Written 10,000 lines at a time: the file is never one string (nor the memory the import is measured from).
  writeFileSync(path, '');
  for (let i = 0; i < rows; i++) {
    lines.push(JSON.stringify(intakeRow(i, merchantId, prefix)));
    if (lines.length === 10_000) {
      appendFileSync(path, `${lines.join('\n')}\n`);
      lines.length = 0;
    }
  }
  if (lines.length > 0) appendFileSync(path, `${lines.join('\n')}\n`);
}

/**
 * The floor: each line parsed, its complaint row, tags and two events (`complaint.received`,
 * `complaint.assigned`, the complaint as JSON) inserted with prepared statements, 500 rows a
 * transaction, on the migrated database (same tables, same indexes), with the portal's pragmas.
 */
function floor(dbPath: string, file: string, merchantId: string): Promise<number> {
  const sqlite = new SQLite(dbPath);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  const complaint = sqlite.prepare(
    `insert into complaints (id, reference, kind, status, channel, merchant_id, station_id, external_ref, subject,
       description, category, tags, consumer_name, consumer_phone, consumer_is_minor, claim_fen, received_at,
       assigned_at, updated_at, version, ack_due_at, settle_due_at, next_due_at, next_due_stage, sla_policy,
       accept_due_at, accepted_at)
     values (?, ?, 'complaint', 'assigned', ?, ?, null, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, 1, ?, ?, ?, 'acknowledge', 'standard', ?, ?)`,
  );
  const tag = sqlite.prepare('insert into complaint_tags (complaint_id, tag) values (?, ?)');
  const event = sqlite.prepare(
    `insert into events (id, type, complaint_id, merchant_id, station_id, actor_kind, actor_id, actor_role, data, created_at)
     values (?, ?, ?, ?, null, 'system', null, 'commission_admin', ?, ?)`,
  );
  const started = performance.now();
  let n = 0;
  let batch: Record<string, any>[] = [];
  const write = sqlite.transaction((rows: Record<string, any>[]) => {
    for (const r of rows) {
      const now = Date.now();
      const id = newId('complaint', now);
      const received = Date.parse(r.receivedAt);
      complaint.run(
        id,
        `FL-2026-${String(++n).padStart(7, '0')}`,
        r.channel,
        merchantId,
        r.externalRef,
        r.subject,
        r.description,
        r.category,
        JSON.stringify(r.tags),
        r.consumer.name,
        r.consumer.phone,
        r.claimFen,
        received,
        now,
        now,
        now + 86_400_000,
        now + 7 * 86_400_000,
        now + 86_400_000,
        received + 7 * 86_400_000,
        now,
      );
      for (const t of r.tags) tag.run(id, t);
      const data = JSON.stringify({
        object: {
          id,
          ...r,
          status: 'assigned',
          merchantId,
          receivedAt: toIso(received),
          assignedAt: toIso(now),
        },
      });
      event.run(newId('event', now), 'complaint.received', id, merchantId, data, now);
      event.run(newId('event', now), 'complaint.assigned', id, merchantId, data, now);
    }
  });
  return new Promise((resolve, reject) => {
    let pending = '';
    const stream = createReadStream(file, { encoding: 'utf8' });
    stream.on('data', (chunk) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.trim() === '') continue;
        batch.push(JSON.parse(line));
        if (batch.length === 500) {
          write(batch);
          batch = [];
        }
      }
    });
    stream.on('end', () => {
      if (pending.trim()) batch.push(JSON.parse(pending));
      write(batch);
      const seconds = (performance.now() - started) / 1000;
      sqlite.close();
      resolve(seconds);
    });
    stream.on('error', reject);
  });
}

/** The real import of `file`, with the resident memory when 10,000 rows and when all are read. */
async function timedImport(
  rt: Runtime,
  file: string,
  format: 'ndjson' | 'csv' = 'ndjson',
  profile: 'cfpb' | null = null,
  body?: Readable,
) {
  const rss: { rows: number; rss: number }[] = [];
  const started = performance.now();
  // Resident memory after a full collection (what is still held, not what the collector has
  // yet to free); the collections' time is not counted in the import's.
  let collecting = 0;
  const id = await runImport(
    admin(rt),
    { format, profile, dryRun: false, fileName: null, body: body ?? createReadStream(file) },
    (p) => {
      if (p.rows % 10_000 !== 0) return;
      const t = performance.now();
      collectGarbage();
      collecting += performance.now() - t;
      rss.push({ rows: p.rows, rss: process.memoryUsage().rss });
    },
  );
  const seconds = (performance.now() - started - collecting) / 1000;
  const row = await rt.db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return {
    seconds,
    rss,
    imported: Number(row.imported),
    rejected: Number(row.rejected),
    rows: Number(row.rows),
  };
}

export async function runImportBench(options: { rows?: number; pgRows?: number } = {}) {
  const rows = options.rows ?? 100_000;
  const pgRows = options.pgRows ?? 20_000;
  const dir = mkdtempSync(join(tmpdir(), 'redress-import-bench-'));
  const targets: Target[] = [];
  const lines: string[] = ['## 5. Import', ''];
  try {
    // --- the floor, on its own migrated database -------------------------------------------
    progress(`import: writing ${int(rows)} JSON Lines rows`);
    const floorWorld = await world(dir, `sqlite:${join(dir, 'floor.db')}`);
    const file = join(dir, 'rows.jsonl');
    writeFile(file, rows, floorWorld.merchantId, 'F');
    await floorWorld.rt.close();
    progress('import: floor (bare better-sqlite3 loop, 500 rows a transaction)');
    const floorSeconds = await floor(join(dir, 'floor.db'), file, floorWorld.merchantId);

    // --- the import, SQLite ----------------------------------------------------------------
    const w = await world(dir, `sqlite:${join(dir, 'import.db')}`);
    writeFile(file, rows, w.merchantId, 'I');
    progress(`import: ${int(rows)} rows through runImport on SQLite`);
    const sqliteRun = await timedImport(w.rt, file);
    await w.rt.close();
    const floorRate = rows / floorSeconds;
    const importRate = sqliteRun.imported / sqliteRun.seconds;
    const at10k = sqliteRun.rss.find((r) => r.rows === 10_000)?.rss ?? Number.NaN;
    const atEnd = sqliteRun.rss.at(-1)?.rss ?? Number.NaN;
    const growth = atEnd - at10k;

    // --- the CFPB sample -------------------------------------------------------------------
    progress('import: the CFPB sample (6,623 rows, ?profile=cfpb)');
    const c = await world(dir, `sqlite:${join(dir, 'cfpb.db')}`);
    const cfpb = await timedImport(c.rt, '', 'csv', 'cfpb', Readable.from([cfpbSample()]));
    await c.rt.close();

    // --- PostgreSQL ------------------------------------------------------------------------
    let pgLine = '- PostgreSQL: not reachable, skipped.';
    let pgRun: Awaited<ReturnType<typeof timedImport>> | null = null;
    const schema = `bench_import_${Date.now()}`;
    const adminClient = new pg.Client({ connectionString: PG_URL });
    try {
      await adminClient.connect();
      await adminClient.query(`create schema ${schema}`);
      const url = `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
      const p = await world(dir, url);
      writeFile(file, pgRows, p.merchantId, 'P');
      progress(`import: ${int(pgRows)} rows through runImport on PostgreSQL`);
      pgRun = await timedImport(p.rt, file);
      await p.rt.close();
      pgLine = `- PostgreSQL (local, ${int(pgRows)} rows): ${int(pgRun.imported / pgRun.seconds)} rows/s, ${fixed((pgRun.seconds * 1000) / pgRun.imported, 3)} ms per row; RSS growth from 10,000 rows to the end ${pgRun.rss.length > 1 ? mb(pgRun.rss.at(-1)!.rss - pgRun.rss[0]!.rss) : 'n/a'}.`;
      await adminClient.query(`drop schema ${schema} cascade`);
    } catch (err) {
      pgLine = `- PostgreSQL: could not run (${err instanceof Error ? err.message : String(err)}).`;
    } finally {
      await adminClient.end().catch(() => undefined);
    }

    targets.push(
      {
        name: 'import of 100,000 JSON Lines rows on SQLite ≥ 25% of the bare-loop floor’s rows/s',
        pass: sqliteRun.imported === rows && importRate >= 0.25 * floorRate,
        detail: `${int(importRate)} rows/s vs floor ${int(floorRate)} rows/s = ${fixed((importRate / floorRate) * 100, 1)}%`,
      },
      {
        name: 'import RSS growth from 10,000 to 100,000 rows < 50 MB',
        pass: growth < 50 * 1024 * 1024,
        detail: `${mb(at10k)} → ${mb(atEnd)} (${mb(growth)})`,
      },
      {
        name: 'the CFPB sample (6,623 rows) imports in < 5 s',
        pass: cfpb.imported === 6_623 && cfpb.seconds < 5,
        detail: `${fixed(cfpb.seconds, 2)} s (${int(cfpb.imported)} imported, ${cfpb.rejected} rejected)`,
      },
    );
    lines.push(
      targetTable(targets),
      '',
      table(
        ['run', 'rows', 'seconds', 'rows/s', 'ms per row'],
        [
          [
            'floor: bare better-sqlite3 loop',
            int(rows),
            fixed(floorSeconds, 2),
            int(floorRate),
            fixed((floorSeconds * 1000) / rows, 3),
          ],
          [
            'runImport, SQLite',
            int(sqliteRun.imported),
            fixed(sqliteRun.seconds, 2),
            int(importRate),
            fixed((sqliteRun.seconds * 1000) / sqliteRun.imported, 3),
          ],
          [
            'runImport, CFPB sample (CSV, SQLite)',
            int(cfpb.imported),
            fixed(cfpb.seconds, 2),
            int(cfpb.imported / cfpb.seconds),
            fixed((cfpb.seconds * 1000) / cfpb.imported, 3),
          ],
          ...(pgRun
            ? [
                [
                  'runImport, PostgreSQL',
                  int(pgRun.imported),
                  fixed(pgRun.seconds, 2),
                  int(pgRun.imported / pgRun.seconds),
                  fixed((pgRun.seconds * 1000) / pgRun.imported, 3),
                ],
              ]
            : []),
        ],
      ),
      '',
      `- RSS of the importing process every 10,000 rows (SQLite), each after a full garbage collection (whose time the rows/s leave out): ${sqliteRun.rss.map((r) => `${int(r.rows / 1000)}k ${mb(r.rss)}`).join(', ')}.`,
      pgLine,
      "- `npm run bench` runs this section in a process of its own with the heap settings `npm start` gives the portal (`--max-old-space-size=512 --max-semi-space-size=4`, `MALLOC_MMAP_THRESHOLD_=1048576`), where a server's import runs: with node's defaults the heap kept committing pages into its 4 GB (resident memory 66 MB up over the same rows while the live heap grew 6 MB).",
      '- The floor writes the complaint, its tags and its two events per row; the import also checks each row as intake does, computes its SLA and commission deadlines, writes each row’s result (`import_rows`), the webhook outbox’s listener and the import’s counts per batch of 500.',
      '',
    );
    return { markdown: `${lines.join('\n')}\n`, targets };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// `tsx bench/import.ts [rows] [--json]`: the report, or (for bench/run.ts) its markdown and targets as JSON.
if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const count = args.find((a) => /^\d+$/.test(a));
  const rows = count ? Number(count) : undefined;
  runImportBench({ rows, pgRows: rows ? Math.min(rows, 20_000) : undefined }).then((r) =>
    process.stdout.write(args.includes('--json') ? JSON.stringify(r) : r.markdown),
  );
}
