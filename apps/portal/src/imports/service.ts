import type { Readable } from 'node:stream';
import {
  CreateComplaintInput,
  type FieldError,
  fieldErrors,
  type ImportCounts,
  type ImportFormat,
  ImportHistory,
  type ImportProfile,
  Invalid,
  newId,
  OUTCOME_LABELS,
  parseInput,
  type Routing,
  type RowResult,
  recordToBody,
  resolveHeader,
} from '@redress/core';
import type { Kysely } from 'kysely';
import { type IntakeItem, takeIn } from '../complaints';
import type { ServiceContext } from '../context';
import type { Database } from '../db/database';
import { insertRows } from '../events';
import { requireRole, STAFF_ROLES } from '../http/principal';
import { matchBusiness } from '../merchants';
import { readRecords, type SourceRecord } from './parse';
import { cfpbBody, cfpbHeader } from './profiles';
import type { ImportRowTable } from './table';

/** Rows read, checked and written together: one commit, and one progress step. */
export const IMPORT_BATCH = 500;

export interface ImportSource {
  format: ImportFormat;
  profile: ImportProfile | null;
  dryRun: boolean;
  fileName: string | null;
  body: Readable;
  /** The import's id when the caller made it first (the page redirects to it before the file is read). */
  id?: string;
}

export interface ImportProgress {
  id: string;
  rows: number;
  counts: ImportCounts;
}

/** A row on its way: what was read, and once checked, its result. */
interface Pending {
  line: number;
  externalRef: string | null;
  /** What the rejected rows' CSV gives back: the cells, or the line's text. */
  cells: string | null;
  errors: FieldError[];
  item?: IntakeItem;
  routing?: Routing;
  result?: RowResult;
  complaintId?: string | null;
  fields?: string[];
}

/** The world a file is checked against, read once per import (small: merchants, stations, codes). */
interface World {
  categories: Set<string>;
  tags: Set<string>;
  merchants: Map<string, { id: string; name: string; creditCode: string }>;
  stations: Set<string>;
}

async function loadWorld(db: Kysely<Database>): Promise<World> {
  const [categories, tags, merchants, stations] = await Promise.all([
    db.selectFrom('categories').select('code').execute(),
    db.selectFrom('tags').select('code').execute(),
    db.selectFrom('merchants').select(['id', 'name', 'credit_code']).execute(),
    db.selectFrom('stations').select('id').execute(),
  ]);
  const world: World = {
    categories: new Set(categories.map((c) => c.code)),
    tags: new Set(tags.map((t) => t.code)),
    merchants: new Map(merchants.map((m) => [m.id, { id: m.id, name: m.name, creditCode: m.credit_code }])),
    stations: new Set(stations.map((s) => s.id)),
  };
  return world;
}

/**
 * A record's intake body checked as `POST /complaints` checks it, and against the world (codes,
 * merchant, station); the row's business routed. Fills `item` or `errors`.
 */
function check(ctx: ServiceContext, world: World, row: Pending, value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    row.errors.push({ path: '(row)', code: 'invalid_type', message: 'a row must be a JSON object' });
    return;
  }
  const { assignedAt, outcome, outcomeText, ...rest } = value as Record<string, unknown>;
  if (typeof rest.externalRef === 'string') row.externalRef = rest.externalRef.trim() || null;
  if (rest.externalRef === undefined)
    row.errors.push({
      path: 'externalRef',
      code: 'required',
      message: 'every imported row needs its externalRef',
    });
  const history = parseInput(
    ImportHistory,
    Object.fromEntries(
      Object.entries({ assignedAt, outcome, outcomeText }).filter(([, v]) => v !== undefined),
    ),
  );
  if (!history.success) row.errors.push(...fieldErrors(history.error));
  if (rest.business !== undefined && rest.merchantId !== undefined)
    row.errors.push({
      path: 'business',
      code: 'invalid_value',
      message: 'give merchantId (a networked merchant) or business (by name and credit code), not both',
    });
  const parsed = parseInput(CreateComplaintInput, rest);
  if (!parsed.success) {
    // A category a file names in words Redress does not know is unknown, like an unknown code.
    for (const e of fieldErrors(parsed.error)) {
      if (e.path === 'category' && e.code === 'not_a_code' && typeof rest.category === 'string')
        row.errors.push({
          path: 'category',
          code: 'not_found',
          message: `unknown category ${rest.category}`,
        });
      else row.errors.push(e);
    }
    return;
  }
  const input = parsed.data;
  if (!world.categories.has(input.category))
    row.errors.push({ path: 'category', code: 'not_found', message: `unknown category ${input.category}` });
  input.tags.forEach((tag, i) => {
    if (!world.tags.has(tag))
      row.errors.push({ path: `tags.${i}`, code: 'not_found', message: `unknown tag ${tag}` });
  });
  if (input.merchantId && !world.merchants.has(input.merchantId))
    row.errors.push({ path: 'merchantId', code: 'not_found', message: 'no such merchant' });
  if (input.stationId && !world.stations.has(input.stationId))
    row.errors.push({ path: 'stationId', code: 'not_found', message: 'no such station' });
  const now = ctx.clock.now();
  const receivedAt = input.receivedAt ? Date.parse(input.receivedAt) : now;
  if (receivedAt > now + 5 * 60_000)
    row.errors.push({ path: 'receivedAt', code: 'in_future', message: 'must not be in the future' });
  if (row.errors.length > 0 || !history.success) return;
  const h = history.data;
  const closedReason =
    h.outcome === undefined
      ? undefined
      : `${OUTCOME_LABELS[h.outcome].zh}${h.outcomeText ? `（${h.outcomeText}）` : ''}`;
  row.item = {
    input,
    stationId: input.stationId ?? null,
    receivedAt,
    routing: { merchantId: input.merchantId ?? null, business: null, routedBy: 'merchant_id' },
    assignedAt: h.assignedAt ? Math.max(receivedAt, Date.parse(h.assignedAt)) : undefined,
    closedReason,
  };
}

/**
 * Each row's business routed as intake routes it (`matchBusiness` of merchants/: credit code,
 * registered name, alias), each distinct business matched once per batch; a business that
 * matches no merchant is not networked (the commission mediates it).
 */
async function route(ctx: ServiceContext, rows: readonly Pending[]): Promise<void> {
  const matches = new Map<string, ReturnType<typeof matchBusiness>>();
  for (const row of rows) {
    const item = row.item!;
    const { input } = item;
    if (input.merchantId) {
      item.routing = { merchantId: input.merchantId, business: null, routedBy: 'merchant_id' };
      row.routing = 'merchant_id';
      continue;
    }
    const business = input.business;
    if (!business) {
      item.routing = { merchantId: null, business: null, routedBy: 'none' };
      row.routing = 'unrouted';
      continue;
    }
    const key = `${business.creditCode ?? ''}\u0000${business.name}`;
    let match = matches.get(key);
    if (!match) {
      match = matchBusiness(ctx.db, business);
      matches.set(key, match);
    }
    const found = await match;
    if (found.merchantId) {
      item.routing = { merchantId: found.merchantId, business: null, routedBy: found.routedBy };
      row.routing = found.routedBy === 'none' ? 'unrouted' : found.routedBy;
    } else {
      item.routing = {
        merchantId: null,
        business: { name: business.name, creditCode: business.creditCode ?? null },
        routedBy: 'none',
      };
      row.routing = 'not_networked';
    }
  }
}

/** The fields of a row that differ from the complaint already taken in with its externalRef. */
function differences(
  input: CreateComplaintInput,
  receivedAt: number,
  existing: {
    kind: string;
    channel: string;
    subject: string;
    description: string;
    category: string;
    consumer_name: string;
    consumer_phone: string | null;
    claim_fen: number | null;
    received_at: number;
  },
  receivedGiven: boolean,
): string[] {
  const fields: string[] = [];
  const phone = input.consumer.phone?.replace(/[\s-]/g, '') ?? null;
  if (input.kind !== existing.kind) fields.push('kind');
  if (input.channel !== existing.channel) fields.push('channel');
  if (input.subject !== existing.subject) fields.push('subject');
  if (input.description !== existing.description) fields.push('description');
  if (input.category !== existing.category) fields.push('category');
  if (input.consumer.name !== existing.consumer_name) fields.push('consumer.name');
  if (phone !== existing.consumer_phone) fields.push('consumer.phone');
  if ((input.claimFen ?? null) !== (existing.claim_fen === null ? null : Number(existing.claim_fen)))
    fields.push('claimFen');
  if (receivedGiven && receivedAt !== Number(existing.received_at)) fields.push('receivedAt');
  return fields;
}

/** How a file's records become rows: JSON Lines parse each line, CSV and xlsx map their header. */
type Reader = (record: Exclude<SourceRecord, { kind: 'header' }>) => {
  value?: unknown;
  cells: string | null;
  error?: FieldError;
};

function readerFor(
  profile: ImportProfile | null,
  header: string[] | null,
): { read: Reader; errors: FieldError[] } {
  if (header === null) {
    return {
      errors: [],
      read: (r) => {
        if (r.kind === 'unreadable') return { cells: r.raw, error: r.error };
        if (r.kind === 'cells')
          return { cells: JSON.stringify(r.cells), error: malformed('not a JSON line') };
        try {
          return { value: JSON.parse(r.text), cells: r.text };
        } catch (err) {
          return { cells: r.text, error: malformed(`not JSON: ${(err as Error).message}`) };
        }
      },
    };
  }
  const cellsOf = (r: Exclude<SourceRecord, { kind: 'header' }>) =>
    r.kind === 'cells' ? JSON.stringify(r.cells) : r.kind === 'unreadable' ? r.raw : JSON.stringify([r.text]);
  if (profile === 'cfpb') {
    const { index, errors } = cfpbHeader(header);
    return {
      errors,
      read: (r) =>
        r.kind === 'cells'
          ? { value: cfpbBody(index, r.cells), cells: cellsOf(r) }
          : { cells: cellsOf(r), error: r.kind === 'unreadable' ? r.error : malformed('not a CSV record') },
    };
  }
  const { columns, errors } = resolveHeader(header);
  return {
    errors,
    read: (r) => {
      if (r.kind !== 'cells')
        return {
          cells: cellsOf(r),
          error: r.kind === 'unreadable' ? r.error : malformed('not a CSV record'),
        };
      if (r.cells.length > header.length)
        return {
          cells: cellsOf(r),
          error: malformed(`${r.cells.length} cells, the header has ${header.length}`),
        };
      return { value: recordToBody(columns, r.cells), cells: cellsOf(r) };
    },
  };
}

const malformed = (message: string): FieldError => ({ path: '(row)', code: 'malformed', message });

/**
 * Imports a file of complaints (staff): reads it as it streams in, checks each row as intake
 * does, and takes the new ones in, `IMPORT_BATCH` rows per commit with their events and each
 * row's result. Idempotent by `externalRef`: a row already taken in is `unchanged`, or `changed`
 * (reported with the fields that differ, never applied). A dry run checks without taking in.
 * Answers the import's id; its counts and results are read with `readImport`. A refused header
 * is a 422 (nothing was read); a failure of the database ends the import `failed`, with the
 * batches committed before it kept (the same file again imports the rest).
 */
export async function runImport(
  ctx: ServiceContext,
  source: ImportSource,
  onProgress?: (progress: ImportProgress) => void,
): Promise<string> {
  requireRole(ctx.principal, STAFF_ROLES, 'import complaints');
  if (source.profile === 'cfpb' && source.format === 'ndjson')
    throw new Invalid('the cfpb profile reads CSV', [
      { path: 'profile', code: 'invalid_value', message: 'the cfpb profile reads CSV (text/csv) files' },
    ]);
  const world = await loadWorld(ctx.db);
  const id = source.id ?? newId('import', ctx.clock.now());
  const counts: ImportCounts = { imported: 0, unchanged: 0, changed: 0, rejected: 0 };
  let rows = 0;
  let started = false;
  let reader: Reader | null = source.format === 'ndjson' ? readerFor(source.profile, null).read : null;
  let header: string[] | null = null;
  const seen = new Map<string, number>();
  let batch: Pending[] = [];

  const start = async () => {
    if (started) return;
    started = true;
    const now = ctx.clock.now();
    await ctx.db
      .insertInto('imports')
      .values({
        id,
        format: source.format,
        profile: source.profile,
        dry_run: source.dryRun ? 1 : 0,
        file_name: source.fileName,
        status: 'running',
        created_by_kind: ctx.principal.kind,
        created_by_id: ctx.principal.id,
        created_at: now,
        updated_at: now,
        finished_at: null,
        rows: 0,
        imported: 0,
        unchanged: 0,
        changed: 0,
        rejected: 0,
        header: null,
        failure: null,
      })
      .execute();
  };

  const flush = async () => {
    const pending = batch;
    batch = [];
    if (pending.length === 0) return;
    await writeBatch(ctx, id, source.dryRun, pending, seen);
    rows += pending.length;
    for (const row of pending) counts[row.result!]++;
    onProgress?.({ id, rows, counts: { ...counts } });
  };

  await start();
  try {
    for await (const record of readRecords(source.format, source.body)) {
      if (record.kind === 'header') {
        if (header !== null) continue;
        header = record.cells;
        await ctx.db
          .updateTable('imports')
          .set({ header: JSON.stringify(header) })
          .where('id', '=', id)
          .execute();
        const made = readerFor(source.profile, header);
        if (made.errors.length > 0)
          throw new Invalid('the header of the file is not one Redress reads', made.errors);
        reader = made.read;
        continue;
      }
      if (!reader)
        throw new Invalid('the file has no header', [
          { path: 'header', code: 'required', message: 'no header row' },
        ]);
      const read = reader(record);
      const row: Pending = { line: record.line, externalRef: null, cells: read.cells, errors: [] };
      if (read.error) row.errors.push(read.error);
      else check(ctx, world, row, read.value);
      batch.push(row);
      if (batch.length >= IMPORT_BATCH) await flush();
    }
    await flush();
  } catch (thrown) {
    let err = thrown;
    if (!(err instanceof Invalid) && source.format === 'xlsx' && err instanceof Error && rows === 0)
      err = new Invalid('the file is not an .xlsx workbook', [
        { path: '(body)', code: 'malformed', message: 'not an .xlsx workbook' },
      ]);
    const failure =
      err instanceof Invalid
        ? { message: err.message, errors: err.errors }
        : { message: 'the import stopped: the database could not be written', errors: [] };
    await ctx.db
      .updateTable('imports')
      .set({
        status: 'failed',
        failure: JSON.stringify(failure),
        finished_at: ctx.clock.now(),
        updated_at: ctx.clock.now(),
      })
      .where('id', '=', id)
      .execute()
      .catch(() => undefined);
    throw err;
  }
  await ctx.db
    .updateTable('imports')
    .set({ status: 'done', finished_at: ctx.clock.now(), updated_at: ctx.clock.now() })
    .where('id', '=', id)
    .execute();
  return id;
}

/**
 * One batch: duplicates within the file, rows already taken in (unchanged or changed), and the
 * new rows taken in with their events and every row's result in one commit. Should that commit
 * fail, each row is tried alone, so one row never takes the others with it.
 */
async function writeBatch(
  ctx: ServiceContext,
  importId: string,
  dryRun: boolean,
  rows: Pending[],
  seen: Map<string, number>,
): Promise<void> {
  // The same externalRef twice in the file: the later rows are refused.
  for (const row of rows) {
    if (row.externalRef === null) continue;
    const first = seen.get(row.externalRef);
    if (first !== undefined) {
      row.errors.push({
        path: 'externalRef',
        code: 'duplicate',
        message: `externalRef ${row.externalRef} is on line ${first} of the file too`,
      });
      row.item = undefined;
    } else seen.set(row.externalRef, row.line);
  }
  const candidates = rows.filter((r) => r.item && r.errors.length === 0);
  await route(ctx, candidates);
  const refs = candidates.map((r) => r.externalRef!).filter(Boolean);
  const existing = new Map(
    refs.length === 0
      ? []
      : (
          await ctx.db
            .selectFrom('complaints')
            .select([
              'id',
              'external_ref',
              'kind',
              'channel',
              'subject',
              'description',
              'category',
              'consumer_name',
              'consumer_phone',
              'claim_fen',
              'received_at',
            ])
            .where('external_ref', 'in', refs)
            .execute()
        ).map((c) => [c.external_ref!, c] as const),
  );
  for (const row of rows) {
    if (row.errors.length > 0 || !row.item) {
      row.result = 'rejected';
      continue;
    }
    const before = existing.get(row.externalRef!);
    if (before) {
      const fields = differences(
        row.item.input,
        row.item.receivedAt,
        before,
        row.item.input.receivedAt !== undefined,
      );
      row.result = fields.length === 0 ? 'unchanged' : 'changed';
      row.complaintId = before.id;
      row.fields = fields;
      continue;
    }
    row.result = 'imported';
  }
  const fresh = rows.filter((r) => r.result === 'imported');
  try {
    await ctx.transact(async (trx) => {
      if (!dryRun && fresh.length > 0) {
        const objects = await takeIn(
          trx,
          ctx,
          fresh.map((r) => r.item!),
        );
        objects.forEach((o, i) => {
          fresh[i]!.complaintId = o.id;
        });
      }
      await record(trx, importId, rows, ctx.clock.now());
    });
  } catch (err) {
    if (dryRun || fresh.length === 0) throw err;
    // One row alone at a time: a row that fails is refused with the reason, the others go in.
    for (const row of fresh) row.complaintId = null;
    const results = await Promise.allSettled(
      fresh.map((row) =>
        ctx.transact(async (trx) => {
          const [object] = await takeIn(trx, ctx, [row.item!]);
          return object!.id;
        }),
      ),
    );
    results.forEach((r, i) => {
      const row = fresh[i]!;
      if (r.status === 'fulfilled') row.complaintId = r.value;
      else {
        row.result = 'rejected';
        row.errors.push(rowFailure(r.reason));
      }
    });
    await ctx.transact((trx) => record(trx, importId, rows, ctx.clock.now()));
  }
}

function rowFailure(err: unknown): FieldError {
  if (err instanceof Invalid && err.errors[0]) return err.errors[0];
  const message = err instanceof Error ? err.message : String(err);
  if (/unique|duplicate/i.test(message))
    return {
      path: 'externalRef',
      code: 'duplicate',
      message: 'a complaint with this externalRef was taken in meanwhile',
    };
  return { path: '(row)', code: 'invalid', message: 'the row could not be written' };
}

/** Each row's result, and the import's counts and progress. */
async function record(
  trx: Kysely<Database>,
  importId: string,
  rows: readonly Pending[],
  now: number,
): Promise<void> {
  const values: ImportRowTable[] = rows.map((r) => ({
    import_id: importId,
    line: r.line,
    external_ref: r.externalRef,
    result: r.result!,
    complaint_id: r.complaintId ?? null,
    routing: r.result === 'rejected' ? null : (r.routing ?? null),
    merchant_id: r.result === 'rejected' ? null : (r.item?.routing.merchantId ?? null),
    errors: r.errors.length > 0 ? JSON.stringify(r.errors) : null,
    fields: r.fields && r.fields.length > 0 ? JSON.stringify(r.fields) : null,
    cells: r.result === 'rejected' ? r.cells : null,
  }));
  await insertRows(trx, 'import_rows', values);
  const add = (result: RowResult) => rows.filter((r) => r.result === result).length;
  await trx
    .updateTable('imports')
    .set((eb) => ({
      rows: eb('rows', '+', rows.length),
      imported: eb('imported', '+', add('imported')),
      unchanged: eb('unchanged', '+', add('unchanged')),
      changed: eb('changed', '+', add('changed')),
      rejected: eb('rejected', '+', add('rejected')),
      updated_at: now,
    }))
    .where('id', '=', importId)
    .execute();
}
