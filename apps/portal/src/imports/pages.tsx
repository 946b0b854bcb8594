import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  ERRORS_COLUMN,
  IMPORT_COLUMNS,
  IMPORT_PROFILES,
  type ImportFormat,
  ImportId,
  type ImportProfile,
  importFormatOf,
  importFormatOfName,
  newId,
} from '@redress/core';
import busboy from 'busboy';
import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { type AppDeps, withPrincipal } from '../context';
import { STAFF_ROLES } from '../http/principal';
import { Checkbox, dateTime, ErrorSummary, Row, Select } from '../web/components';
import { CSRF_FIELD } from '../web/csrf';
import type { Translate } from '../web/i18n';
import { page } from '../web/layout';
import { pageUser, requireUser } from '../web/middleware';
import type { FormState, PageEnv } from '../web/page-env';
import { nodeStream } from './parse';
import { CFPB_COLUMNS } from './profiles';
import { type ImportHead, importHead, importRows, listImports, loadImport, toImportRow } from './read';
import { runImport } from './service';

const PATH = '/imports';
/** Rows of each list the page shows; the CSV and the API have them all. */
const SHOWN = 100;

function StatusText({ head, t }: { head: ImportHead; t: Translate }) {
  return (
    <>
      <span class={`badge import-${head.status}`}>{t(`imports.status.${head.status}`)}</span>
      {head.dryRun ? <> {t('imports.status.dryRun')}</> : null}
    </>
  );
}

const countsText = (head: ImportHead, t: Translate) => t('imports.countsText', head.counts);

function ImportsPage(p: {
  t: Translate;
  action: string;
  imports: ImportHead[];
  state?: FormState | undefined;
}) {
  const { t } = p;
  return (
    <>
      <h1>{t('imports.title')}</h1>
      <p>{t('imports.intro')}</p>
      <section aria-labelledby="upload">
        <h2 id="upload">{t('imports.upload')}</h2>
        {p.state ? <ErrorSummary state={p.state} form="import" t={t} /> : null}
        {/* The fields before the file: the browser sends them first, so they are known when it streams in. */}
        <form method="post" action={p.action} enctype="multipart/form-data">
          <Select
            form="import"
            name="profile"
            label={t('imports.profile')}
            options={[
              { value: '', label: t('imports.profile.none') },
              { value: 'cfpb', label: t('imports.profile.cfpb') },
            ]}
            state={p.state}
          />
          <Checkbox form="import" name="dryRun" label={t('imports.dryRun')} state={p.state} />
          <label for="import-file">
            {t('imports.file')}
            <input
              id="import-file"
              type="file"
              name="file"
              accept=".xlsx,.csv,.jsonl,.ndjson"
              required
              aria-invalid={p.state?.errors.file ? 'true' : undefined}
              aria-describedby="import-file-help"
            />
            <small id="import-file-help">{p.state?.errors.file ?? t('imports.fileHint')}</small>
          </label>
          <button type="submit">{t('imports.submit')}</button>
        </form>
      </section>
      <section aria-labelledby="list">
        <h2 id="list">{t('imports.list')}</h2>
        {p.imports.length === 0 ? (
          <p>{t('imports.none')}</p>
        ) : (
          <div class="overflow-auto">
            <table class="responsive striped">
              <thead>
                <tr>
                  <th scope="col">{t('imports.when')}</th>
                  <th scope="col">{t('imports.who')}</th>
                  <th scope="col">{t('imports.fileName')}</th>
                  <th scope="col">{t('imports.status')}</th>
                  <th scope="col">{t('imports.counts')}</th>
                </tr>
              </thead>
              <tbody>
                {p.imports.map((i) => (
                  <tr>
                    <th scope="row" data-label={t('imports.when')}>
                      <a href={`${PATH}/${i.id}`}>{dateTime(i.createdAt)}</a>
                    </th>
                    <td data-label={t('imports.who')}>{i.createdBy.name ?? i.createdBy.kind}</td>
                    <td data-label={t('imports.fileName')}>{i.fileName ?? i.format}</td>
                    <td data-label={t('imports.status')}>
                      <StatusText head={i} t={t} />
                    </td>
                    <td data-label={t('imports.counts')}>{countsText(i, t)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

type Listed = { line: number; externalRef: string | null; text: string; complaintId: string | null };

function DetailPage(p: {
  t: Translate;
  head: ImportHead;
  rate: number | null;
  rejected: Listed[];
  changed: Listed[];
}) {
  const { t, head } = p;
  const more = (n: number) => (n > SHOWN ? <p>{t('imports.more', { n: n - SHOWN, id: head.id })}</p> : null);
  return (
    <>
      <p>
        <a href={PATH}>{t('imports.back')}</a>
      </p>
      <h1>{t('imports.detailTitle', { id: head.fileName ?? head.id })}</h1>
      {head.status === 'running' ? (
        <p class="banner" role="status">
          {t('imports.running')}
        </p>
      ) : null}
      {head.failure ? <p class="banner">{t('imports.failed', { message: head.failure.message })}</p> : null}
      <dl>
        <Row term={t('imports.status')}>
          <StatusText head={head} t={t} />
        </Row>
        <Row term={t('imports.who')}>{head.createdBy.name ?? head.createdBy.kind}</Row>
        <Row term={t('imports.when')}>{dateTime(head.createdAt)}</Row>
        <Row term={t('imports.counts')}>
          <span data-counts>{countsText(head, t)}</span>
        </Row>
        <Row term={t('imports.fileName')}>
          {t('imports.rows', { n: head.rows })}
          {p.rate !== null ? ` · ${t('imports.rate', { n: p.rate })}` : ''}
        </Row>
      </dl>
      {head.counts.rejected > 0 ? (
        <section aria-labelledby="rejected">
          <h2 id="rejected">{t('imports.rejected')}</h2>
          <p>{t('imports.rejectedHint')}</p>
          <p>
            <a href={`${PATH}/${head.id}/rejected.csv`} download>
              {t('imports.download')}
            </a>
          </p>
          <RowsTable t={t} rows={p.rejected} />
          {more(head.counts.rejected)}
        </section>
      ) : null}
      {head.counts.changed > 0 ? (
        <section aria-labelledby="changed">
          <h2 id="changed">{t('imports.changed')}</h2>
          <p>{t('imports.changedHint')}</p>
          <RowsTable t={t} rows={p.changed} changed />
          {more(head.counts.changed)}
        </section>
      ) : null}
    </>
  );
}

function RowsTable({ t, rows, changed }: { t: Translate; rows: Listed[]; changed?: boolean }) {
  return (
    <div class="overflow-auto">
      <table class="responsive striped">
        <thead>
          <tr>
            <th scope="col">{t('imports.line')}</th>
            <th scope="col">{t('imports.ref')}</th>
            <th scope="col">{t(changed ? 'imports.fields' : 'imports.errors')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <th scope="row" data-label={t('imports.line')}>
                {r.line}
              </th>
              <td data-label={t('imports.ref')}>
                {r.complaintId ? (
                  <a href={`/complaints/${r.complaintId}`}>{r.externalRef}</a>
                ) : (
                  (r.externalRef ?? '—')
                )}
              </td>
              <td data-label={t(changed ? 'imports.fields' : 'imports.errors')}>{r.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
const csvLine = (cells: readonly string[]) => `${cells.map(quote).join(',')}\r\n`;

/** A JSON line's object as the cells of the documented header (the English field paths). */
function cellsOfJson(text: string, paths: readonly string[]): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return paths.map(() => '');
  }
  if (typeof value !== 'object' || value === null) return paths.map(() => '');
  return paths.map((path) => {
    const [head, tail] = path.split('.') as [string, string | undefined];
    const outer = (value as Record<string, unknown>)[head];
    const v = tail === undefined ? outer : (outer as Record<string, unknown> | undefined)?.[tail];
    if (v === undefined || v === null) return '';
    return Array.isArray(v) ? v.join(',') : String(v);
  });
}

/**
 * The imports page (commission staff): upload a file (a plain multipart form; its form token is
 * in the action's query, so nothing reads the file before this route streams it to a temporary
 * file), see each import being read (the page reloads itself through a `Refresh` header while it
 * runs), download the rejected rows as CSV to fix and upload again; the imports, newest first.
 * The import runs after the upload, in this process, as the uploading user.
 */
export function importPages(deps: AppDeps) {
  const staff = requireUser(STAFF_ROLES);

  async function renderList(c: Context<PageEnv>, state?: FormState) {
    const t = c.get('t');
    const ctx = withPrincipal(deps, pageUser(c));
    return page(c, {
      title: t('imports.title'),
      status: state ? 422 : 200,
      current: PATH,
      canonical: PATH,
      body: (
        <ImportsPage
          t={t}
          action={`${PATH}?${CSRF_FIELD}=${encodeURIComponent(c.get('csrfToken') ?? '')}`}
          imports={await listImports(ctx)}
          state={state}
        />
      ),
    });
  }

  /** The upload: its fields, and its file streamed to a temporary file (memory stays flat). */
  async function receive(c: Context<PageEnv>) {
    const fields: Record<string, string> = {};
    let file: { path: string; name: string; format: ImportFormat | null } | null = null;
    const contentType = c.req.header('Content-Type') ?? '';
    if (!contentType.startsWith('multipart/form-data'))
      throw new HTTPException(400, { message: 'not a form upload' });
    const parser = busboy({ headers: { 'content-type': contentType }, limits: { files: 1, fields: 10 } });
    const writes: Promise<void>[] = [];
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || !info.filename) {
        stream.resume();
        return;
      }
      const path = join(tmpdir(), `redress-import-${newId('import')}`);
      file = {
        path,
        name: info.filename,
        format: importFormatOfName(info.filename) ?? importFormatOf(info.mimeType),
      };
      writes.push(pipeline(stream, createWriteStream(path)));
    });
    try {
      await pipeline(nodeStream(c.req.raw.body), parser);
      await Promise.all(writes);
    } catch {
      throw new HTTPException(400, { message: 'the body could not be read: malformed form' });
    }
    return { fields, file: file as { path: string; name: string; format: ImportFormat | null } | null };
  }

  return new Hono<PageEnv>()
    .get(PATH, staff, (c) => renderList(c))
    .post(PATH, staff, async (c) => {
      const t = c.get('t');
      const { fields, file } = await receive(c);
      const values = { profile: fields.profile ?? '', dryRun: fields.dryRun ?? '' };
      if (!file?.format) {
        if (file) await rm(file.path, { force: true });
        const message = file ? t('imports.error.type') : t('imports.error.file');
        return renderList(c, { form: 'import', values, errors: { file: message } });
      }
      const profile = (IMPORT_PROFILES as readonly string[]).includes(values.profile)
        ? (values.profile as ImportProfile)
        : null;
      const ctx = withPrincipal(deps, pageUser(c));
      const id = newId('import', deps.clock.now());
      const upload = file;
      const done = runImport(ctx, {
        id,
        format: upload.format!,
        profile,
        dryRun: values.dryRun !== '',
        fileName: upload.name,
        body: createReadStream(upload.path),
      })
        .catch((err: unknown) => {
          // Recorded on the import (`failed`, with why); a fault of ours goes to the log too.
          if (!(err instanceof Error && err.name === 'Invalid'))
            deps.log.error('import failed', { importId: id, error: String(err) });
        })
        .finally(() => rm(upload.path, { force: true }));
      // The import's row is written first thing: wait for it, so the page it goes to exists.
      for (let i = 0; i < 200; i++) {
        if (await deps.db.selectFrom('imports').select('id').where('id', '=', id).executeTakeFirst()) break;
        await Promise.race([done, new Promise((r) => setTimeout(r, 10))]);
      }
      return c.redirect(`${PATH}/${id}`, 303);
    })
    .get(`${PATH}/:id`, staff, async (c) => {
      const t = c.get('t');
      const id = ImportId.safeParse(c.req.param('id'));
      if (!id.success) return c.notFound();
      const ctx = withPrincipal(deps, pageUser(c));
      const row = await loadImport(ctx, id.data);
      const head = await importHead(deps.db, row);
      const listed = async (result: 'rejected' | 'changed') => {
        const out: Listed[] = [];
        for await (const r of importRows(deps.db, row.id, [result])) {
          const o = toImportRow(r);
          out.push({
            line: o.line,
            externalRef: o.externalRef,
            complaintId: o.complaintId,
            text:
              result === 'changed'
                ? o.fields.join(', ')
                : o.errors.map((e) => `${e.path}: ${e.message}`).join('; '),
          });
          if (out.length >= SHOWN) break;
        }
        return out;
      };
      const seconds = (Number(row.updated_at) - Number(row.created_at)) / 1000;
      if (head.status === 'running') c.header('Refresh', '2');
      return page(c, {
        title: t('imports.detailTitle', { id: head.fileName ?? head.id }),
        current: PATH,
        body: (
          <DetailPage
            t={t}
            head={head}
            rate={seconds > 0 && head.rows > 0 ? Math.round(head.rows / seconds) : null}
            rejected={await listed('rejected')}
            changed={await listed('changed')}
          />
        ),
      });
    })
    .get(`${PATH}/:id/rejected.csv`, staff, async (c) => {
      const id = ImportId.safeParse(c.req.param('id'));
      if (!id.success) return c.notFound();
      const ctx = withPrincipal(deps, pageUser(c));
      const row = await loadImport(ctx, id.data);
      const zh = c.get('lang') !== 'en';
      const paths = IMPORT_COLUMNS.filter((col) => col.path !== 'claimYuan').map((col) => col.path);
      const header: string[] = row.header
        ? (JSON.parse(row.header) as string[])
        : row.profile === 'cfpb'
          ? [...CFPB_COLUMNS]
          : paths;
      const encoder = new TextEncoder();
      const rows = importRows(deps.db, row.id, ['rejected']);
      let started = false;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (!started) {
            started = true;
            controller.enqueue(
              encoder.encode(
                `\uFEFF${csvLine([zh ? '行号' : 'line', ...header, zh ? ERRORS_COLUMN.zh : ERRORS_COLUMN.en])}`,
              ),
            );
            return;
          }
          const next = await rows.next();
          if (next.done) return controller.close();
          const r = next.value;
          const o = toImportRow(r);
          let cells: string[];
          if (row.format === 'ndjson') cells = cellsOfJson(r.cells ?? '', header);
          else {
            try {
              const parsed = JSON.parse(r.cells ?? '[]') as unknown;
              cells = Array.isArray(parsed) ? parsed.map(String) : [];
            } catch {
              cells = [];
            }
          }
          while (cells.length < header.length) cells.push('');
          const why = o.errors.map((e) => `${e.path}: ${e.message} (${e.code})`).join('; ');
          controller.enqueue(
            encoder.encode(csvLine([String(o.line), ...cells.slice(0, header.length), why])),
          );
        },
      });
      return new Response(body, {
        headers: {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="${row.id}-rejected.csv"`,
        },
      });
    });
}
