import {
  type AttachmentRead,
  Invalid,
  type ListAttachmentReadsQuery,
  ListPhoneRevealsQuery,
  type PhoneReveal,
  ROLE_LABELS,
} from '@redress/core';
import { type Context, Hono } from 'hono';
import { type AppDeps, type ServiceContext, withPrincipal } from '../context';
import { dateTime } from '../web/components';
import { type Lang, labelOf, type MessageKey, type Translate } from '../web/i18n';
import { page } from '../web/layout';
import { pageUser, requireUser } from '../web/middleware';
import type { PageEnv } from '../web/page-env';
import { listAttachmentReads } from './attachment-reads';
import { listPhoneReveals } from './phone-reveals';

const PAGE_SIZE = 50;
const PHONE_REVEALS = '/audit/phone-reveals';
const ATTACHMENT_READS = '/audit/attachment-reads';

/** One row of an audit page: when, who, which complaint, and which file (reads of files only). */
interface AuditRow {
  at: string;
  actor: PhoneReveal['actor'];
  complaint: PhoneReveal['complaint'];
  attachment?: AttachmentRead['attachment'];
}

function who(r: AuditRow, t: Translate, lang: Lang): string {
  const name = r.actor.name ?? r.actor.id ?? t('audit.system');
  if (r.actor.kind === 'client') return `${name} (${t('audit.client')})`;
  const role = r.actor.role ? labelOf(ROLE_LABELS, r.actor.role, lang) : null;
  return [name, r.actor.email, role].filter(Boolean).join(' · ');
}

/** The file a read opened: its name, or, once retention erased it, its id and why it has no name. */
function FileCell({ a, t }: { a: NonNullable<AuditRow['attachment']>; t: Translate }) {
  if (a.fileName !== null) return <>{a.fileName}</>;
  return (
    <>
      <code>{a.id}</code> <small>({t('audit.files.erased')})</small>
    </>
  );
}

/** One audit's page: a table that becomes cards at phone width, and its pager (links: no script). */
function AuditPage(p: {
  t: Translate;
  lang: Lang;
  path: string;
  words: { title: MessageKey; intro: MessageKey; none: MessageKey };
  rows: AuditRow[];
  withFiles: boolean;
  nextCursor: string | null;
  isFirstPage: boolean;
}) {
  const { t } = p;
  return (
    <>
      <h1>{t(p.words.title)}</h1>
      <p>{t(p.words.intro)}</p>
      {p.rows.length === 0 ? (
        <p>{t(p.words.none)}</p>
      ) : (
        <div class="overflow-auto">
          <table class="responsive striped">
            <thead>
              <tr>
                <th scope="col">{t('audit.when')}</th>
                <th scope="col">{t('audit.who')}</th>
                <th scope="col">{t('audit.complaint')}</th>
                {p.withFiles ? <th scope="col">{t('audit.files.file')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {p.rows.map((r) => (
                <tr>
                  <td data-label={t('audit.when')}>
                    <time datetime={r.at}>{dateTime(r.at)}</time>
                  </td>
                  <td data-label={t('audit.who')}>{who(r, t, p.lang)}</td>
                  <td data-label={t('audit.complaint')}>
                    <a href={`/complaints/${r.complaint.id}`}>{r.complaint.reference ?? r.complaint.id}</a>
                  </td>
                  {p.withFiles && r.attachment ? (
                    <td data-label={t('audit.files.file')}>
                      <FileCell a={r.attachment} t={t} />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav class="pager" aria-label={t('common.nextPage')}>
        {p.isFirstPage ? null : <a href={p.path}>{t('common.firstPage')}</a>}
        {p.nextCursor ? (
          <a href={`${p.path}?cursor=${encodeURIComponent(p.nextCursor)}`} rel="next">
            {t('common.nextPage')}
          </a>
        ) : null}
      </nav>
    </>
  );
}

/** The page's query (a page of 50 after the cursor); a cursor not one of ours is the 400 page. */
function pageQuery(c: Context<PageEnv>): { limit: number; cursor?: string | undefined } {
  // The two audits' queries are the same shape; the API's 422, here the 400 page (as the inbox's).
  const parsed = ListPhoneRevealsQuery.safeParse({
    limit: PAGE_SIZE,
    cursor: c.req.query('cursor') || undefined,
  });
  if (!parsed.success)
    throw new Invalid('the cursor is not valid', [{ path: 'cursor', code: 'too_long', message: 'too long' }]);
  return parsed.data;
}

type Words = { title: MessageKey; intro: MessageKey; none: MessageKey };

/** One audit page: the API's list for the signed-in admin, one page after the cursor. */
async function auditPage(
  c: Context<PageEnv>,
  deps: AppDeps,
  path: string,
  words: Words,
  list: (
    ctx: ServiceContext,
    query: ListAttachmentReadsQuery,
  ) => Promise<{ rows: AuditRow[]; nextCursor: string | null }>,
) {
  const t = c.get('t');
  const query = pageQuery(c);
  const { rows, nextCursor } = await list(withPrincipal(deps, pageUser(c)), query);
  return page(c, {
    title: t(words.title),
    current: path,
    body: (
      <AuditPage
        t={t}
        lang={c.get('lang')}
        path={path}
        words={words}
        rows={rows}
        withFiles={path === ATTACHMENT_READS}
        nextCursor={nextCursor}
        isFirstPage={query.cursor === undefined}
      />
    ),
  });
}

/**
 * 号码查看记录 and 文件查看记录 — commission admins see who read a consumer's full phone number, and
 * who opened a file the consumer attached (the API's lists).
 */
export function auditPages(deps: AppDeps) {
  const admins = requireUser(['commission_admin']);
  return new Hono<PageEnv>()
    .get(PHONE_REVEALS, admins, (c) =>
      auditPage(
        c,
        deps,
        PHONE_REVEALS,
        { title: 'audit.title', intro: 'audit.intro', none: 'audit.none' },
        async (ctx, q) => {
          const { data, nextCursor } = await listPhoneReveals(ctx, q);
          return { rows: data.map((r) => ({ ...r, at: r.revealedAt })), nextCursor };
        },
      ),
    )
    .get(ATTACHMENT_READS, admins, (c) =>
      auditPage(
        c,
        deps,
        ATTACHMENT_READS,
        { title: 'audit.files.title', intro: 'audit.files.intro', none: 'audit.files.none' },
        async (ctx, q) => {
          const { data, nextCursor } = await listAttachmentReads(ctx, q);
          return { rows: data.map((r) => ({ ...r, at: r.readAt })), nextCursor };
        },
      ),
    );
}
