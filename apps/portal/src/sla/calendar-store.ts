import {
  type CalendarYear,
  COMMISSION_TARGETS,
  calendarDue,
  deadline,
  defaultCalendar,
  escalationDue,
  nextDeadline,
  provisionalYear,
  recountDeadline,
  type Status,
  type WorkingCalendar,
} from '@redress/core';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { staffDueColumns } from './commission';
import { policyAt } from './policies';

/** Where a loaded year came from. */
export type CalendarSource = 'api' | 'json' | 'notice';

/**
 * Where a year's days come from, as `redress calendar show` and the calendars page say it: a
 * notice (`shipped` with core, or loaded: `api`, `json`, `notice`), the `provisional` calendar
 * of the statutory holidays, or `none` (Monday–Friday).
 */
export type YearSource = 'shipped' | CalendarSource | 'provisional' | 'none';

/** One year as the admins see it: its days, where they come from, and who loaded them when. */
export interface YearView extends CalendarYear {
  source: YearSource;
  loadedBy: string | null;
  loadedAt: number | null;
}

/** The statuses whose deadlines still run or wait (paused): those recomputed when a calendar changes. */
const OPEN: Status[] = ['assigned', 'acknowledged', 'proposed', 'awaiting_consumer'];

/**
 * The working-day calendar in force: the years shipped with `@redress/core`, overlaid with
 * the years commission admins loaded (`PUT /api/v1/calendars/{year}`). Read on every
 * deadline computation, so it is cached; another process's change is seen within `ttlMs`.
 */
export class CalendarStore {
  private cached: { calendar: WorkingCalendar; loadedAt: number } | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly ttlMs = 60_000,
  ) {}

  /** Pass the transaction when inside one: SQLite has a single connection, held by the transaction. */
  async get(now: number = Date.now(), db: Kysely<Database> = this.db): Promise<WorkingCalendar> {
    if (this.cached && now - this.cached.loadedAt < this.ttlMs && now >= this.cached.loadedAt)
      return this.cached.calendar;
    const rows = await db.selectFrom('calendars').selectAll().orderBy('year').execute();
    let calendar = defaultCalendar();
    for (const row of rows) {
      calendar = calendar.withYear({
        year: row.year,
        daysOff: JSON.parse(row.days_off) as string[],
        workdays: JSON.parse(row.workdays) as string[],
      });
    }
    this.cached = { calendar, loadedAt: now };
    return calendar;
  }

  /**
   * Saves a year (replacing any data for it), makes it visible at once in this process, and
   * recomputes the running clocks that reached that year (the official calendar always wins).
   * One transaction: the year and the recomputed deadlines are saved together or not at all.
   * @returns how many complaints' deadlines were recomputed.
   */
  async put(
    year: CalendarYear,
    now: number,
    meta: { source?: CalendarSource; loadedBy?: string | null } = {},
  ): Promise<number> {
    const values = {
      year: year.year,
      days_off: JSON.stringify(year.daysOff),
      workdays: JSON.stringify(year.workdays),
      updated_at: now,
      source: meta.source ?? 'api',
      loaded_by: meta.loadedBy ?? null,
    };
    const recomputed = await this.db.transaction().execute(async (trx) => {
      const before = await this.get(now, trx);
      await trx
        .insertInto('calendars')
        .values(values)
        .onConflict((oc) =>
          oc.column('year').doUpdateSet({
            days_off: values.days_off,
            workdays: values.workdays,
            updated_at: now,
            source: values.source,
            loaded_by: values.loaded_by,
          }),
        )
        .execute();
      this.cached = null;
      return recompute(trx, before, before.withYear(year), year.year);
    });
    this.cached = null;
    return recomputed;
  }

  /**
   * The year whose State Council notice is due and not loaded (from 1 November, the next year),
   * or null: the admins' banner and `/readyz` ask this (`calendarDue` in core).
   */
  async due(now: number): Promise<number | null> {
    return calendarDue(now, await this.get(now));
  }

  /** Each of `years` (ascending) with its days and where they come from. */
  async show(years: number[], now: number): Promise<YearView[]> {
    const calendar = await this.get(now);
    const loaded = new Map((await this.loaded()).map((row) => [row.year, row]));
    return [...new Set(years)]
      .sort((a, b) => a - b)
      .map((year) => {
        const official = calendar.year(year);
        const row = loaded.get(year);
        if (official)
          return {
            ...official,
            source: (row?.source as CalendarSource | undefined) ?? 'shipped',
            loadedBy: row?.loaded_by ?? null,
            loadedAt: row ? Number(row.updated_at) : null,
          };
        const provisional = provisionalYear(year);
        return {
          ...(provisional ?? { year, daysOff: [], workdays: [] }),
          source: provisional ? 'provisional' : 'none',
          loadedBy: null,
          loadedAt: null,
        };
      });
  }

  /** The years loaded into the database, with where they came from. */
  async loaded(db: Kysely<Database> = this.db) {
    return db
      .selectFrom('calendars')
      .select(['year', 'source', 'loaded_by', 'updated_at'])
      .orderBy('year')
      .execute();
  }
}

/**
 * The open complaints whose clock reached `year` (assignment up to the later deadline), counted
 * again on `after`: the acknowledge deadline from assignment with the policy's amount, the
 * settle deadline as the same working days after assignment (`recountDeadline`); and the
 * commission's acceptance deadline of the complaints still `new` (working days from receipt).
 * Each recomputed row gets a new version: the list's cached JSON carries the deadlines.
 */
async function recompute(
  db: Kysely<Database>,
  before: WorkingCalendar,
  after: WorkingCalendar,
  year: number,
): Promise<number> {
  const start = Date.parse(`${year}-01-01T00:00:00+08:00`);
  const end = Date.parse(`${year + 1}-01-01T00:00:00+08:00`);
  const rows = await db
    .selectFrom('complaints')
    .select([
      'id',
      'status',
      'sla_policy',
      'assigned_at',
      'ack_due_at',
      'settle_due_at',
      'paused_at',
      'escalated_at',
      'version',
    ])
    .where('status', 'in', OPEN)
    .where('assigned_at', 'is not', null)
    .where('sla_policy', 'is not', null)
    // A proposal made in time stopped the settle clock: what was decided then stands.
    .where('stopped_at', 'is', null)
    .where('assigned_at', '<', end)
    .where((eb) => eb.or([eb('settle_due_at', '>=', start), eb('ack_due_at', '>=', start)]))
    .execute();
  let changed = 0;
  for (const row of rows) {
    const assignedAt = Number(row.assigned_at);
    const policy = await policyAt(db, row.sla_policy as string, assignedAt);
    const ack = deadline(after, assignedAt, policy.acknowledge.amount, policy.acknowledge.unit);
    const settle =
      row.settle_due_at === null
        ? null
        : recountDeadline(before, after, assignedAt, Number(row.settle_due_at), policy.settle.unit);
    const ackDue = ack.dueAt;
    const settleDue = settle === null ? null : Math.max(settle.dueAt, ackDue);
    const facts = {
      status: row.status,
      acknowledgeDueAt: ackDue,
      settleDueAt: settleDue,
      stoppedAt: null,
      escalatedAt: row.escalated_at,
      pausedAt: row.paused_at,
      answerDueAt: null,
    };
    const next = nextDeadline(facts);
    await db
      .updateTable('complaints')
      .set({
        ack_due_at: ackDue,
        settle_due_at: settleDue,
        next_due_at: next?.dueAt ?? null,
        next_due_stage: next?.stage ?? null,
        escalate_at: escalationDue(facts)?.at ?? null,
        calendar_provisional: ack.calendarProvisional || settle?.calendarProvisional ? 1 : 0,
        calendar_gap: ack.calendarGap || settle?.calendarGap ? 1 : 0,
        version: row.version + 1,
      })
      .where('id', '=', row.id)
      .execute();
    changed++;
  }
  const waiting = await db
    .selectFrom('complaints')
    .selectAll()
    .where('status', '=', 'new')
    .where('accepted_at', 'is', null)
    .where('received_at', '<', end)
    .where('accept_due_at', '>=', start)
    .execute();
  const accept = COMMISSION_TARGETS.accept;
  for (const row of waiting) {
    const acceptDue = deadline(after, row.received_at, accept.amount, accept.unit).dueAt;
    await db
      .updateTable('complaints')
      .set({
        accept_due_at: acceptDue,
        ...staffDueColumns({ ...row, accept_due_at: acceptDue }),
        version: row.version + 1,
      })
      .where('id', '=', row.id)
      .execute();
    changed++;
  }
  return changed;
}
