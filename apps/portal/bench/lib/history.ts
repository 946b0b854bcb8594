/**
 * A large complaint history made set-based, on either database: `INSERT … SELECT` over a
 * number source (a recursive CTE on SQLite, `generate_series` on PostgreSQL), every column
 * derived from the row number by integer hashing, so that a million complaints take seconds
 * and both databases hold the same rows. It writes what the figures read: complaints (kind,
 * status, channel, merchant, station, category, the SLA columns, settled/escalated/closed
 * instants), their settlements (先行和解 through `merchant_first`, mediation after an
 * escalation), station settlements without a complaint, hot-topic tags and the consumers'
 * ratings. The merchants and stations are made through the portal's own services.
 *
 * The rows are plausible, not lived: no events, no notices, and the SLA deadlines are
 * whole days from assignment rather than working days (the figures only read the columns).
 */
import { addDays, creditCodeCheckCharacter, shanghaiMidnight } from '@redress/core';
import { type RawBuilder, sql } from 'kysely';
import type { Runtime } from '../../src/deps';
import { SYSTEM } from '../../src/http/principal';
import { createMerchant } from '../../src/merchants/service';
import { createStation } from '../../src/stations/service';

const ADMIN = { ...SYSTEM, role: 'commission_admin' as const };
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** 2^31 − 1: the hashes stay below it, their products below 2^62 (both databases' bigint). */
const M = 2_147_483_647;
/** Multipliers of the hashes (any numbers coprime to M). */
const MULT = [
  [48_271, 69_621],
  [16_807, 39_373],
  [62_089_911, 1_583_458_089],
  [1_343_714_438, 784_588_716],
  [630_360_016, 1_177_226_843],
  [742_938_285, 950_706_376],
  [397_204_094, 1_226_874_159],
  [1_099_087_573, 2_027_812_808],
] as const;

export interface HistoryOptions {
  /** Complaints to make (default 1,000,000). */
  complaints?: number;
  /** The first and last day of the history (Shanghai dates, inclusive). */
  first: string;
  last: string;
  merchants?: number;
  stations?: number;
  /** Settlements at a station with no complaint behind them (default: 2% of the complaints). */
  stationOnly?: number;
}

export interface History {
  merchants: string[];
  stations: string[];
  complaints: number;
  settlements: number;
  ratings: number;
  tags: number;
  ms: number;
}

/** A CASE picking `values[index]`. */
function pick(index: RawBuilder<unknown>, values: readonly string[]) {
  const whens = values.map((v, i) => sql`when ${sql.lit(i)} then ${sql.lit(v)}`);
  return sql`(case ${index} ${sql.join(whens, sql` `)} end)`;
}

/**
 * Makes the history on `rt`'s migrated database (taxonomy loaded, no complaints needed):
 * `complaints` complaints received evenly over `[first, last]`.
 * @example const h = await makeHistory(rt, { first: '2023-12-01', last: '2026-11-30' });
 */
export async function makeHistory(rt: Runtime, options: HistoryOptions): Promise<History> {
  const started = performance.now();
  const n = options.complaints ?? 1_000_000;
  const ctx = { ...rt, principal: ADMIN };
  const merchants: string[] = [];
  for (let i = 0; i < (options.merchants ?? 44); i++) {
    const first17 = `91310115MA1H${String(i + 1).padStart(5, '0')}`;
    const m = await createMerchant(ctx, {
      name: `历史商户${String(i + 1).padStart(3, '0')}有限公司`,
      creditCode: `${first17}${creditCodeCheckCharacter(first17)}`,
      slaPolicy: 'standard',
    });
    merchants.push(m.id);
  }
  const stations: string[] = [];
  for (let i = 0; i < (options.stations ?? 8); i++) {
    const s = await createStation(ctx, {
      name: `第${i + 1}联络站`,
      address: `世纪大道${i + 1}号`,
      host: `商场${i + 1}`,
      online: true,
    });
    stations.push(s.id);
  }
  const categories = (await rt.db.selectFrom('categories').select('code').orderBy('code').execute()).map(
    (r) => r.code,
  );
  const tags = (await rt.db.selectFrom('tags').select('code').orderBy('code').execute()).map((r) => r.code);
  const postgres = rt.dialect === 'postgres';
  const t0 = shanghaiMidnight(options.first);
  const span = shanghaiMidnight(addDays(options.last, 1)) - t0;

  /** `count` numbers 0…count−1 as `n(i)`. */
  const numbers = (count: number) =>
    postgres
      ? sql`generate_series(0::bigint, ${sql.lit(count - 1)}) as n(i)`
      : sql`(with recursive r(i) as (select 0 union all select i + 1 from r where i < ${sql.lit(count - 1)}) select i from r) as n`;
  const padded = (prefix: string, v: RawBuilder<unknown>) =>
    postgres
      ? sql`${sql.lit(prefix)} || lpad((${v})::text, 21, '0')`
      : sql`${sql.lit(prefix)} || printf('%021d', ${v})`;
  const hashes = MULT.map(
    ([a, c], k) =>
      sql`((((n.i + 1) * ${sql.lit(a)}) % ${sql.lit(M)}) * ${sql.lit(c)} % ${sql.lit(M)}) as ${sql.id(`h${k}`)}`,
  );

  // One row per complaint with every fact the inserts need. `fate`: < 15 unassigned; else
  // 15–59 settled by the merchant first, 60–67 escalated then mediated, 68–77 escalated,
  // 78–89 closed, 90–99 still open (acknowledged).
  const base = sql`(
    select i, h0, h1, h2, h3, h4, h5, h6, h7,
      ${sql.lit(t0)} + (i * ${sql.lit(span)}) / ${sql.lit(n)} as received_at,
      h0 % 100 as fate,
      (case when h1 % 100 < 40 then 'platform_12315' when h1 % 100 < 65 then 'online'
        when h1 % 100 < 85 then 'hotline' when h1 % 100 < 93 then 'station' when h1 % 100 < 97 then 'walk_in'
        when h1 % 100 < 99 then 'letter' else 'transfer' end) as channel,
      -- a skewed spread: a few large merchants, a long tail
      ((h2 % ${sql.lit(merchants.length)}) * ((h2 / 1000) % ${sql.lit(merchants.length)})) / ${sql.lit(merchants.length)} as m,
      (h5 % 1000) * (h5 % 1000) / 100 as settle_minutes_k
    from (select n.i, ${sql.join(hashes)} from ${numbers(n)}) x
  ) b`;
  const assigned = sql`b.fate >= 15`;
  const assignedAt = sql`(b.received_at + ${sql.lit(HOUR / 2)})`;
  const settledAt = sql`(b.received_at + ${sql.lit(HOUR)} + b.settle_minutes_k * ${sql.lit(60_000)})`;
  const settleDue = sql`(${assignedAt} + ${sql.lit(7 * DAY)})`;
  const escalatedAt = sql`(${settleDue} + ${sql.lit(HOUR)})`;
  const settled = sql`b.fate >= 15 and b.fate < 68`;
  const settlementChannel = sql`(case when b.fate < 60 then 'merchant_first' else 'mediation' end)`;
  const recordedAt = sql`(case when b.fate < 60 then ${settledAt} else ${escalatedAt} + (b.h6 % 20) * ${sql.lit(DAY)} end)`;
  const station = sql`(case when b.channel = 'station' then ${pick(sql`(b.h3 % ${sql.lit(stations.length)})`, stations)} end)`;
  const merchant = sql`(case when ${assigned} then ${pick(sql`b.m`, merchants)} end)`;
  const tag1 = pick(sql`(b.h4 % ${sql.lit(tags.length)})`, tags);
  const tag2 = pick(
    sql`((b.h4 % ${sql.lit(tags.length)} + 1 + (b.h4 / 7) % ${sql.lit(tags.length - 1)}) % ${sql.lit(tags.length)})`,
    tags,
  );
  const hasTag = sql`b.h4 / 1000 % 100 < 40`;
  const hasTwo = sql`b.h4 / 1000 % 100 < 10`;
  const endedAt = sql`(b.received_at + (3 + b.h6 % 30) * ${sql.lit(DAY)})`;

  await rt.db.transaction().execute(async (trx) => {
    await sql`insert into complaints (id, reference, kind, status, channel, merchant_id, station_id, subject,
        description, category, tags, consumer_name, consumer_is_minor, claim_fen, sla_policy, ack_due_at,
        settle_due_at, calendar_gap, next_due_at, next_due_stage, acknowledged_at, settled_at, escalated_at,
        closed_at, settlement_id, received_at, assigned_at, updated_at, version)
      select ${padded('cmp_HIST', sql`b.i`)}, 'PD-H-' || b.i,
        case when b.h7 % 100 < 3 then 'consultation' else 'complaint' end,
        case when b.fate < 15 then (case when b.h6 % 2 = 0 then 'closed' else 'referred' end)
          when b.fate < 68 then 'settled' when b.fate < 78 then 'escalated' when b.fate < 90 then 'closed'
          else 'acknowledged' end,
        b.channel, ${merchant}, ${station}, '压测投诉', '—',
        ${pick(sql`(b.h3 / 100 % ${sql.lit(categories.length)})`, categories)},
        case when ${hasTwo} then '["' || ${tag1} || '","' || ${tag2} || '"]' when ${hasTag} then '["' || ${tag1} || '"]' else '[]' end,
        '—', 0, (b.h5 % 500000),
        case when ${assigned} then 'standard' end,
        case when ${assigned} then ${assignedAt} + ${sql.lit(DAY)} end,
        case when ${assigned} then ${settleDue} end,
        0,
        case when b.fate >= 90 then ${settleDue} end,
        case when b.fate >= 90 then 'settle' end,
        case when ${assigned} then ${assignedAt} + (b.h7 / 100 % 30) * ${sql.lit(HOUR)} end,
        case when ${settled} then (case when b.fate < 60 then ${settledAt} else ${recordedAt} end) end,
        case when b.fate >= 60 and b.fate < 78 then ${escalatedAt} end,
        case when b.fate < 15 or (b.fate >= 78 and b.fate < 90) then ${endedAt} end,
        case when ${settled} then ${padded('stl_HIST', sql`b.i`)} end,
        b.received_at,
        case when ${assigned} then ${assignedAt} end,
        b.received_at, 3
      from ${base}`.execute(trx);
    await sql`insert into settlements (id, complaint_id, station_id, merchant_id, merchant_name, channel, outcome,
        amount_fen, consumer_accepted, summary, recorded_by, recorded_at)
      select ${padded('stl_HIST', sql`b.i`)}, ${padded('cmp_HIST', sql`b.i`)}, ${station}, ${merchant}, '—',
        ${settlementChannel}, 'refund', (b.h5 % 500000) * (b.h6 % 100) / 100, 1, '—', 'system', ${recordedAt}
      from ${base} where ${settled}`.execute(trx);
    await sql`insert into satisfaction (complaint_id, rating, comment, created_at, updated_at)
      select ${padded('cmp_HIST', sql`b.i`)}, 5 - (b.h7 / 1000 % 100) * (b.h7 / 1000 % 100) / 2500,
        null, ${settledAt} + ${sql.lit(DAY)}, ${settledAt} + ${sql.lit(DAY)}
      from ${base} where b.fate >= 15 and b.fate < 60 and b.h7 / 100000 % 10 < 4`.execute(trx);
    await sql`insert into complaint_tags (complaint_id, tag)
      select ${padded('cmp_HIST', sql`b.i`)}, ${tag1} from ${base} where ${hasTag}
      union all
      select ${padded('cmp_HIST', sql`b.i`)}, ${tag2} from ${base} where ${hasTwo}`.execute(trx);
    // 联络站现场和解 without a complaint behind them.
    const s = options.stationOnly ?? Math.round(n / 50);
    if (s > 0) {
      const sb = sql`(select i, ${sql.join(hashes)} from ${numbers(s)}) b`;
      await sql`insert into settlements (id, complaint_id, station_id, merchant_id, merchant_name, channel, outcome,
          amount_fen, consumer_accepted, summary, recorded_by, recorded_at)
        select ${padded('stl_HSTA', sql`b.i`)}, null, ${pick(sql`(b.h3 % ${sql.lit(stations.length)})`, stations)},
          case when b.h0 % 100 < 50 then ${pick(sql`(b.h2 % ${sql.lit(merchants.length)})`, merchants)} end,
          '某商户', 'station', 'refund', b.h5 % 200000, 1, '—', 'system',
          ${sql.lit(t0)} + (b.i * ${sql.lit(span)}) / ${sql.lit(s)}
        from ${sb}`.execute(trx);
    }
  });
  await sql`analyze`.execute(rt.db);
  const count = async (table: 'complaints' | 'settlements' | 'satisfaction' | 'complaint_tags') =>
    Number(
      (
        await rt.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    merchants,
    stations,
    complaints: await count('complaints'),
    settlements: await count('settlements'),
    ratings: await count('satisfaction'),
    tags: await count('complaint_tags'),
    ms: performance.now() - started,
  };
}
