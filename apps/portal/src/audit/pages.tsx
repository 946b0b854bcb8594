import { Invalid, ListPhoneRevealsQuery, type PhoneReveal, ROLE_LABELS } from '@redress/core';
import { Hono } from 'hono';
import { type AppDeps, withPrincipal } from '../context';
import { dateTime } from '../web/components';
import { type Lang, labelOf, type Translate } from '../web/i18n';
import { page } from '../web/layout';
import { pageUser, requireUser } from '../web/middleware';
import type { PageEnv } from '../web/page-env';
import { listPhoneReveals } from './phone-reveals';

const PAGE_SIZE = 50;
const PATH = '/audit/phone-reveals';

function who(r: PhoneReveal, t: Translate, lang: Lang): string {
  const name = r.actor.name ?? r.actor.id ?? t('audit.system');
  if (r.actor.kind === 'client') return `${name} (${t('audit.client')})`;
  const role = r.actor.role ? labelOf(ROLE_LABELS, r.actor.role, lang) : null;
  return [name, r.actor.email, role].filter(Boolean).join(' · ');
}

function RevealsPage(p: {
  t: Translate;
  lang: Lang;
  reveals: PhoneReveal[];
  nextCursor: string | null;
  isFirstPage: boolean;
}) {
  const { t } = p;
  return (
    <>
      <h1>{t('audit.title')}</h1>
      <p>{t('audit.intro')}</p>
      {p.reveals.length === 0 ? (
        <p>{t('audit.none')}</p>
      ) : (
        <div class="overflow-auto">
          <table class="responsive striped">
            <thead>
              <tr>
                <th scope="col">{t('audit.when')}</th>
                <th scope="col">{t('audit.who')}</th>
                <th scope="col">{t('audit.complaint')}</th>
              </tr>
            </thead>
            <tbody>
              {p.reveals.map((r) => (
                <tr>
                  <td data-label={t('audit.when')}>
                    <time datetime={r.revealedAt}>{dateTime(r.revealedAt)}</time>
                  </td>
                  <td data-label={t('audit.who')}>{who(r, t, p.lang)}</td>
                  <td data-label={t('audit.complaint')}>
                    <a href={`/complaints/${r.complaint.id}`}>{r.complaint.reference ?? r.complaint.id}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav class="pager" aria-label={t('common.nextPage')}>
        {p.isFirstPage ? null : <a href={PATH}>{t('common.firstPage')}</a>}
        {p.nextCursor ? (
          <a href={`${PATH}?cursor=${encodeURIComponent(p.nextCursor)}`} rel="next">
            {t('common.nextPage')}
          </a>
        ) : null}
      </nav>
    </>
  );
}

/** 号码查看记录 — commission admins see who read a consumer's full phone number (the API's list). */
export function auditPages(deps: AppDeps) {
  return new Hono<PageEnv>().get(PATH, requireUser(['commission_admin']), async (c) => {
    const t = c.get('t');
    // A cursor that is not one of ours is the API's 422, here the 400 page (as the inbox's).
    const parsed = ListPhoneRevealsQuery.safeParse({
      limit: PAGE_SIZE,
      cursor: c.req.query('cursor') || undefined,
    });
    if (!parsed.success)
      throw new Invalid('the cursor is not valid', [
        { path: 'cursor', code: 'too_long', message: 'too long' },
      ]);
    const query = parsed.data;
    const { data, nextCursor } = await listPhoneReveals(withPrincipal(deps, pageUser(c)), query);
    return page(c, {
      title: t('audit.title'),
      current: PATH,
      body: (
        <RevealsPage
          t={t}
          lang={c.get('lang')}
          reveals={data}
          nextCursor={nextCursor}
          isFirstPage={query.cursor === undefined}
        />
      ),
    });
  });
}
