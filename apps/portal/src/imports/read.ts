import { type FieldError, type Import, type ImportRow, NotFound, type RowResult, toIso } from '@redress/core';
import type { Kysely } from 'kysely';
import type { ServiceContext } from '../context';
import type { Database } from '../db/database';
import { requireRole, STAFF_ROLES } from '../http/principal';
import type { ImportRowRow, ImportTableRow } from './table';

/** Rows read per query when an answer lists results: the answer streams, memory stays flat. */
const PAGE = 1_000;

export type ImportHead = Omit<Import, 'rejected' | 'changed'>;

async function creatorName(db: Kysely<Database>, row: ImportTableRow): Promise<string | null> {
  if (row.created_by_id === null) return row.created_by_kind === 'system' ? 'redress CLI' : null;
  if (row.created_by_kind === 'user') {
    const u = await db
      .selectFrom('users')
      .select(['name', 'email'])
      .where('id', '=', row.created_by_id)
      .executeTakeFirst();
    return u ? u.name || u.email : null;
  }
  if (row.created_by_kind === 'client') {
    const c = await db
      .selectFrom('api_clients')
      .select('name')
      .where('id', '=', row.created_by_id)
      .executeTakeFirst();
    return c?.name ?? null;
  }
  return null;
}

export async function importHead(db: Kysely<Database>, row: ImportTableRow): Promise<ImportHead> {
  return {
    id: row.id,
    format: row.format,
    profile: row.profile,
    dryRun: row.dry_run === 1,
    fileName: row.file_name,
    status: row.status,
    createdBy: { kind: row.created_by_kind, id: row.created_by_id, name: await creatorName(db, row) },
    createdAt: toIso(Number(row.created_at)),
    finishedAt: row.finished_at === null ? null : toIso(Number(row.finished_at)),
    rows: Number(row.rows),
    failure: row.failure ? (JSON.parse(row.failure) as ImportHead['failure']) : null,
    counts: {
      imported: Number(row.imported),
      unchanged: Number(row.unchanged),
      changed: Number(row.changed),
      rejected: Number(row.rejected),
    },
  };
}

/** An import as staff may see it (any staff member sees every import), or 404. */
export async function loadImport(ctx: ServiceContext, id: string): Promise<ImportTableRow> {
  requireRole(ctx.principal, STAFF_ROLES, 'read imports');
  const row = await ctx.db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFound('import');
  return row;
}

export function toImportRow(r: ImportRowRow): ImportRow {
  return {
    line: Number(r.line),
    externalRef: r.external_ref,
    result: r.result,
    complaintId: r.complaint_id,
    routing: r.routing,
    merchantId: r.merchant_id,
    errors: r.errors ? (JSON.parse(r.errors) as FieldError[]) : [],
    fields: r.fields ? (JSON.parse(r.fields) as string[]) : [],
  };
}

/** An import's rows, in line order, page by page (those of `results` only, when given). */
export async function* importRows(
  db: Kysely<Database>,
  id: string,
  results?: readonly RowResult[],
): AsyncGenerator<ImportRowRow> {
  let after = -1;
  for (;;) {
    let query = db
      .selectFrom('import_rows')
      .selectAll()
      .where('import_id', '=', id)
      .where('line', '>', after);
    if (results) query = query.where('result', 'in', [...results]);
    const page = await query.orderBy('line').limit(PAGE).execute();
    for (const r of page) yield r;
    if (page.length < PAGE) return;
    after = Number(page.at(-1)!.line);
  }
}

/**
 * The answer of an import as JSON text, in pieces: the head, `rejected`, `changed`, and with
 * `results` every row's result. Streamed (a file of 100,000 rejected rows is never one string);
 * the import is loaded first (`loadImport`), so a 404 or 403 is answered before anything is sent.
 */
export async function* importJson(
  ctx: ServiceContext,
  row: ImportTableRow,
  options: { results: boolean },
): AsyncGenerator<string> {
  const id = row.id;
  const head = JSON.stringify(await importHead(ctx.db, row));
  yield `${head.slice(0, -1)},"rejected":[`;
  let first = true;
  for await (const r of importRows(ctx.db, id, ['rejected'])) {
    const o = toImportRow(r);
    yield `${first ? '' : ','}${JSON.stringify({ line: o.line, externalRef: o.externalRef, errors: o.errors })}`;
    first = false;
  }
  yield '],"changed":[';
  first = true;
  for await (const r of importRows(ctx.db, id, ['changed'])) {
    const o = toImportRow(r);
    yield `${first ? '' : ','}${JSON.stringify({ line: o.line, externalRef: o.externalRef, complaintId: o.complaintId, fields: o.fields })}`;
    first = false;
  }
  yield ']';
  if (options.results) {
    yield ',"results":[';
    first = true;
    let chunk: string[] = [];
    for await (const r of importRows(ctx.db, id)) {
      chunk.push(JSON.stringify(toImportRow(r)));
      if (chunk.length >= 200) {
        yield `${first ? '' : ','}${chunk.join(',')}`;
        first = false;
        chunk = [];
      }
    }
    if (chunk.length > 0) yield `${first ? '' : ','}${chunk.join(',')}`;
    yield ']';
  }
  yield '}';
}

/** The answer as a streamed response body. */
export function jsonStream(pieces: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await pieces.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (err) {
        controller.error(err);
      }
    },
    async cancel() {
      await pieces.return(undefined);
    },
  });
}

/** The imports, newest first (the staff page). */
export async function listImports(ctx: ServiceContext, limit = 50): Promise<ImportHead[]> {
  requireRole(ctx.principal, STAFF_ROLES, 'read imports');
  const rows = await ctx.db
    .selectFrom('imports')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return Promise.all(rows.map((r) => importHead(ctx.db, r)));
}
