import {
  creditCodeCheckCharacter,
  escalationDue,
  formatReference,
  nextDeadline,
  type SlaPolicy,
  shanghaiDate,
  startClock,
  type WorkingCalendar,
} from '@redress/core';
import SQLite from 'better-sqlite3';
import { createApiClient } from '../../src/api-clients/service';
import { issueAccessToken } from '../../src/auth/service';
import type { Runtime } from '../../src/deps';
import { SYSTEM } from '../../src/http/principal';
import { createMerchant } from '../../src/merchants/service';
import { CHANNELS_WEIGHTED, NAMES, STORIES } from '../../src/seed/stories';
import { loadPolicy } from '../../src/sla/policies';

/** A small seeded generator, so that every bench database is the same. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}
export type Prng = ReturnType<typeof prng>;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A `cmp_…` id whose ULID time is the complaint's receipt, as intake makes it. (`newId` keeps one
 * monotonic clock per process, which would stamp back-dated rows with the seeding time.)
 */
export function complaintId(receivedAt: number, r: Prng): string {
  let out = '';
  let t = receivedAt;
  for (let i = 0; i < 10; i++) {
    out = CROCKFORD[t % 32] + out;
    t = Math.floor(t / 32);
  }
  for (let i = 0; i < 16; i++) out += CROCKFORD[Math.floor(r.next() * 32)];
  return `cmp_${out}`;
}

export interface BenchMerchant {
  id: string;
  policy: SlaPolicy;
}

const ADMIN = { ...SYSTEM, role: 'commission_admin' as const };

/** A credit code from its first 17 characters, with its GB 32100-2015 check character. */
const creditCodeOf = (first17: string) => `${first17}${creditCodeCheckCharacter(first17)}`;

/** `count` merchants through the portal's own service, one in five on the `fast` policy. */
export async function createMerchants(runtime: Runtime, count: number): Promise<BenchMerchant[]> {
  const ctx = { ...runtime, principal: ADMIN };
  const standard = await loadPolicy(runtime.db, 'standard');
  const fast = await loadPolicy(runtime.db, 'fast');
  const merchants: BenchMerchant[] = [];
  for (let i = 0; i < count; i++) {
    const policy = i % 5 === 4 ? fast : standard;
    const m = await createMerchant(ctx, {
      name: `压测商户${String(i + 1).padStart(3, '0')}有限公司`,
      creditCode: creditCodeOf(`91310115MA1K${String(i + 1).padStart(5, '0')}`),
      slaPolicy: policy.code,
    });
    merchants.push({ id: m.id, policy });
  }
  return merchants;
}

/** An API client of the merchant and an access token for it, as `POST /oauth/token` gives one. */
export async function merchantToken(runtime: Runtime, merchantId: string): Promise<string> {
  const client = await createApiClient(
    { ...runtime, principal: ADMIN },
    { name: 'bench CRM', merchantId, actsAs: 'merchant' },
  );
  const token = await issueAccessToken(runtime, { clientId: client.id, clientSecret: client.secret ?? '' });
  return token.access_token;
}

/** What varies from one bench population to another; the rest of a row follows from it. */
export interface Plan {
  receivedAt: number;
  assignedAt: number;
  merchant: BenchMerchant;
  status: 'assigned' | 'acknowledged';
  /** When acknowledged: the acknowledgement instant. */
  acknowledgedAt?: number;
}

const COLUMNS = [
  'id',
  'reference',
  'kind',
  'status',
  'channel',
  'merchant_id',
  'station_id',
  'external_ref',
  'subject',
  'description',
  'category',
  'tags',
  'consumer_name',
  'consumer_phone',
  'consumer_is_minor',
  'claim_fen',
  'pending_proposal',
  'pending_info_request',
  'sla_policy',
  'ack_due_at',
  'settle_due_at',
  'paused_at',
  'calendar_gap',
  'next_due_at',
  'next_due_stage',
  'acknowledged_at',
  'settled_at',
  'escalated_at',
  'closed_at',
  'settlement_id',
  'received_at',
  'assigned_at',
  'updated_at',
  'version',
  'escalate_at',
  'accepted_at',
] as const;

export interface SeedResult {
  rows: number;
  tagRows: number;
  ms: number;
  /** The secondary indexes of `complaints`, rebuilt after the load. */
  indexes: string[];
}

/**
 * Bulk-inserts `count` complaints straight into the SQLite file (one prepared statement, one
 * transaction per `batch` rows), each consistent with what intake → assign → acknowledge would
 * have written: a unique reference per year (and the `sequences` row after it), a story's
 * subject, category and tags (and its `complaint_tags` rows when `tags` is set), a phone
 * number, and the SLA columns from `startClock` of @redress/core with `next_due_at` from
 * `nextDeadline`, `escalate_at` from `escalationDue`.
 */
export function bulkInsertComplaints(
  path: string,
  options: {
    count: number;
    calendar: WorkingCalendar;
    plan: (i: number, r: Prng) => Plan;
    seed: number;
    tags: boolean;
    batch?: number;
  },
): SeedResult {
  const started = performance.now();
  const db = new SQLite(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  db.pragma('foreign_keys = OFF');
  // The complaints' secondary indexes are dropped for the load and made again from their own
  // definitions afterwards (sorting once is far cheaper than a million random index inserts).
  const indexes = db
    .prepare(
      "select name, sql from sqlite_master where type = 'index' and tbl_name = 'complaints' and sql is not null",
    )
    .all() as { name: string; sql: string }[];
  for (const index of indexes) db.exec(`drop index "${index.name}"`);
  const insert = db.prepare(
    `insert into complaints (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`,
  );
  const insertTag = db.prepare('insert into complaint_tags (complaint_id, tag) values (?, ?)');
  const sequences = new Map<number, number>();
  for (const row of db.prepare("select name, value from sequences where name like 'reference:%'").all() as {
    name: string;
    value: number;
  }[]) {
    sequences.set(Number(row.name.slice('reference:'.length)), Number(row.value));
  }

  const years = new Map<number, number>();
  const yearOf = (instant: number) => {
    const day = Math.floor(instant / 86_400_000);
    let year = years.get(day);
    if (year === undefined) {
      year = Number(shanghaiDate(instant).slice(0, 4));
      // A UTC day can straddle Shanghai's New Year: cache only days that do not.
      if (year === Number(shanghaiDate(day * 86_400_000 + 86_399_999).slice(0, 4))) years.set(day, year);
    }
    return year;
  };
  const r = prng(options.seed);
  const batch = options.batch ?? 50_000;
  const values: unknown[] = new Array(COLUMNS.length);
  let tagRows = 0;
  const insertRange = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const p = options.plan(i, r);
      const story = r.pick(STORIES);
      const channel = r.pick(CHANNELS_WEIGHTED);
      const year = yearOf(p.receivedAt);
      const sequence = (sequences.get(year) ?? 0) + 1;
      sequences.set(year, sequence);
      const clock = startClock(options.calendar, p.merchant.policy, p.assignedAt);
      const next = nextDeadline({
        status: p.status,
        acknowledgeDueAt: clock.acknowledgeDueAt,
        settleDueAt: clock.settleDueAt,
      });
      const id = complaintId(p.receivedAt, r);
      const acknowledgedAt = p.status === 'acknowledged' ? (p.acknowledgedAt ?? p.assignedAt) : null;
      values[0] = id;
      values[1] = formatReference('PD', year, sequence);
      values[2] = 'complaint';
      values[3] = p.status;
      values[4] = channel;
      values[5] = p.merchant.id;
      values[6] = null;
      values[7] = channel === 'platform_12315' ? `12315-${year}${String(sequence).padStart(8, '0')}` : null;
      values[8] = story.subject;
      values[9] = story.description;
      values[10] = story.category;
      values[11] = JSON.stringify(options.tags ? story.tags : []);
      values[12] = r.pick(NAMES);
      values[13] = `13${String(r.int(100_000_000, 999_999_999))}`;
      values[14] = story.tags.includes('minors') && r.next() < 0.5 ? 1 : 0;
      values[15] = story.claimFen || null;
      values[16] = null;
      values[17] = null;
      values[18] = p.merchant.policy.code;
      values[19] = clock.acknowledgeDueAt;
      values[20] = clock.settleDueAt;
      values[21] = null;
      values[22] = clock.calendarGap ? 1 : 0;
      values[23] = next?.dueAt ?? null;
      values[24] = next?.stage ?? null;
      values[25] = acknowledgedAt;
      values[26] = null;
      values[27] = null;
      values[28] = null;
      values[29] = null;
      values[30] = p.receivedAt;
      values[31] = p.assignedAt;
      values[32] = acknowledgedAt ?? p.assignedAt;
      // intake (1), assign (2), acknowledge (3)
      values[33] = acknowledgedAt === null ? 2 : 3;
      values[34] =
        escalationDue({
          status: p.status,
          acknowledgeDueAt: clock.acknowledgeDueAt,
          settleDueAt: clock.settleDueAt,
          pausedAt: null,
          answerDueAt: null,
        })?.at ?? null;
      values[35] = p.assignedAt;
      insert.run(values);
      if (options.tags) {
        for (const tag of story.tags) {
          insertTag.run(id, tag);
          tagRows++;
        }
      }
    }
  });
  for (let from = 0; from < options.count; from += batch) {
    insertRange(from, Math.min(options.count, from + batch));
  }
  for (const index of indexes) db.exec(index.sql);
  const upsert = db.prepare(
    'insert into sequences (name, value) values (?, ?) on conflict (name) do update set value = excluded.value',
  );
  for (const [year, value] of sequences) upsert.run(`reference:${year}`, value);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return {
    rows: options.count,
    tagRows,
    ms: performance.now() - started,
    indexes: indexes.map((i) => i.name),
  };
}
