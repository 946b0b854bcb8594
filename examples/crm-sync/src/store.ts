import type { Complaint, Event } from '@redress/sdk';
import Database from 'better-sqlite3';

/** A complaint as the CRM keeps it. */
export interface CrmComplaint {
  id: string;
  reference: string;
  status: string;
  subject: string;
  slaState: string | null;
  acknowledgeDueAt: string | null;
  updatedAt: string;
  answeredAt: string | null;
}

const SCHEMA = `
  create table if not exists complaints (
    id text primary key, reference text not null, status text not null, subject text not null,
    sla_state text, acknowledge_due_at text, updated_at text not null, answered_at text
  );
  create table if not exists handled_events (
    id text primary key, type text not null, complaint_id text, handled_at text not null
  );
  create table if not exists sync_state (key text primary key, value text not null);
`;

/**
 * The CRM's own store: a SQLite file holding the complaints, the events already handled, and
 * the feed cursor. An event, the complaint it changed and the cursor are written in one
 * transaction, so after a crash the store is at a point the feed can resume from.
 */
export class CrmStore {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(SCHEMA);
  }

  /** The id of the last event handled: where the feed resumes. */
  cursor(): string | undefined {
    const row = this.db.prepare("select value from sync_state where key = 'cursor'").get() as
      | { value: string }
      | undefined;
    return row?.value;
  }

  handled(eventId: string): boolean {
    return this.db.prepare('select 1 from handled_events where id = ?').get(eventId) !== undefined;
  }

  /** Records an event as handled (its complaint, and whether we answered it) and moves the cursor. */
  record(event: Event, answeredAt: string | null): void {
    const object = event.data.object as Partial<Complaint>;
    const complaintId =
      event.type.startsWith('complaint.') && typeof object.id === 'string' ? object.id : null;
    this.db.transaction(() => {
      if (complaintId) this.upsert(object as Complaint, answeredAt);
      this.db
        .prepare('insert into handled_events (id, type, complaint_id, handled_at) values (?, ?, ?, ?)')
        .run(event.id, event.type, complaintId, new Date().toISOString());
      this.db
        .prepare(
          "insert into sync_state (key, value) values ('cursor', ?) on conflict (key) do update set value = excluded.value",
        )
        .run(event.id);
    })();
  }

  private upsert(c: Complaint, answeredAt: string | null): void {
    this.db
      .prepare(
        `insert into complaints (id, reference, status, subject, sla_state, acknowledge_due_at, updated_at, answered_at)
         values (@id, @reference, @status, @subject, @slaState, @acknowledgeDueAt, @updatedAt, @answeredAt)
         on conflict (id) do update set status = excluded.status, sla_state = excluded.sla_state,
           acknowledge_due_at = excluded.acknowledge_due_at, updated_at = excluded.updated_at,
           answered_at = coalesce(complaints.answered_at, excluded.answered_at)`,
      )
      .run({
        id: c.id,
        reference: c.reference,
        status: c.status,
        subject: c.subject,
        slaState: c.sla?.state ?? null,
        acknowledgeDueAt: c.sla?.acknowledgeDueAt ?? null,
        updatedAt: c.updatedAt,
        answeredAt,
      });
  }

  isAnswered(complaintId: string): boolean {
    const row = this.db.prepare('select answered_at from complaints where id = ?').get(complaintId) as
      | { answered_at: string | null }
      | undefined;
    return row?.answered_at != null;
  }

  complaints(): CrmComplaint[] {
    return this.db
      .prepare(
        `select id, reference, status, subject, sla_state as slaState, acknowledge_due_at as acknowledgeDueAt,
                updated_at as updatedAt, answered_at as answeredAt from complaints order by id`,
      )
      .all() as CrmComplaint[];
  }

  handledEventIds(): string[] {
    return (this.db.prepare('select id from handled_events order by id').all() as { id: string }[]).map(
      (r) => r.id,
    );
  }

  close(): void {
    this.db.close();
  }
}
