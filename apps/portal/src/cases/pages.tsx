import {
  ComplaintId,
  Invalid,
  type Label,
  ListTypicalCasesQuery,
  NotFound,
  PublishTypicalCaseInput,
  parseInput,
  type TypicalCase,
  TypicalCaseId,
  UnpublishTypicalCaseInput,
} from '@redress/core';
import { type Context, Hono } from 'hono';
import { type AppDeps, withPrincipal } from '../context';
import { STAFF_ROLES } from '../http/principal';
import { taxonomyLabels } from '../taxonomy';
import { CsrfInput, dateOnly, dateTime, ErrorSummary, Field, Select, TextArea } from '../web/components';
import { type FieldNaming, list, orInvalid, readForm, refused, text, zodErrors } from '../web/forms';
import { type Lang, labelOf, type Translate } from '../web/i18n';
import { page } from '../web/layout';
import { pageUser, redirectWithFlash, requireUser } from '../web/middleware';
import type { FormState, PageEnv } from '../web/page-env';
import {
  draftTypicalCase,
  getTypicalCase,
  listTypicalCases,
  publishTypicalCase,
  unpublishedTypicalCases,
  unpublishTypicalCase,
} from './service';

const PATH = '/cases';
const staff = requireUser(STAFF_ROLES);
const TEXT_FIELDS = ['title', 'summary', 'resolution', 'lesson'] as const;

const PUBLISH_FIELDS: FieldNaming = {
  words: Object.fromEntries(
    TEXT_FIELDS.map((f) => [f, { required: 'field.caseText', too_small: 'field.caseText' }] as const),
  ),
};
const UNPUBLISH_FIELDS: FieldNaming = { words: { reason: 'field.caseReason' } };

interface Labels {
  categories: Record<string, Label>;
  tags: Record<string, Label>;
}

function CaseBody(p: { t: Translate; lang: Lang; item: TypicalCase; labels: Labels }) {
  const { t, lang, item } = p;
  return (
    <>
      <p>
        {labelOf(p.labels.categories, item.category, lang)}
        {item.tags.length
          ? ` · ${item.tags.map((tag) => labelOf(p.labels.tags, tag, lang)).join(lang === 'en' ? ', ' : '、')}`
          : ''}{' '}
        · {t('cases.published', { date: dateOnly(item.publishedAt) })}
      </p>
      <h2>{t('cases.summary')}</h2>
      <p class="story">{item.summary}</p>
      <h2>{t('cases.resolution')}</h2>
      <p class="story">{item.resolution}</p>
      <h2>{t('cases.lesson')}</h2>
      <p class="story">{item.lesson}</p>
    </>
  );
}

async function renderList(c: Context<PageEnv>, deps: AppDeps) {
  const t = c.get('t');
  const lang = c.get('lang');
  const parsed = ListTypicalCasesQuery.safeParse({
    limit: 20,
    cursor: c.req.query('cursor') || undefined,
    category: c.req.query('category') || undefined,
  });
  if (!parsed.success)
    throw new Invalid('the filter is not valid', [
      { path: 'category', code: 'not_a_code', message: 'not a category' },
    ]);
  const query = parsed.data;
  const { data, nextCursor } = await listTypicalCases(deps, query);
  const labels = await taxonomyLabels(deps.db);
  const isStaff = c.get('principal')?.actor === 'staff';
  const filter = query.category ? `category=${encodeURIComponent(query.category)}&` : '';
  return page(c, {
    title: t('cases.title'),
    current: PATH,
    body: (
      <>
        <h1>{t('cases.title')}</h1>
        <p>{t('cases.intro')}</p>
        <form method="get" action={PATH} class="filters">
          <Select
            form="filter"
            name="category"
            label={t('cases.category')}
            value={query.category ?? ''}
            placeholder={t('cases.allCategories')}
            options={Object.keys(labels.categories).map((code) => ({
              value: code,
              label: labelOf(labels.categories, code, lang),
            }))}
          />
          <button type="submit" class="secondary">
            {t('cases.filter')}
          </button>
        </form>
        {data.length === 0 ? (
          <p>{t('cases.none')}</p>
        ) : (
          data.map((item) => (
            <article>
              <h2>
                <a href={`${PATH}/${item.id}`}>{item.title}</a>
              </h2>
              <p>
                {labelOf(labels.categories, item.category, lang)} ·{' '}
                {t('cases.published', { date: dateOnly(item.publishedAt) })}
              </p>
              <p>{item.lesson}</p>
            </article>
          ))
        )}
        <nav class="pager" aria-label={t('common.nextPage')}>
          {query.cursor ? <a href={`${PATH}?${filter}`}>{t('common.firstPage')}</a> : null}
          {nextCursor ? (
            <a href={`${PATH}?${filter}cursor=${encodeURIComponent(nextCursor)}`} rel="next">
              {t('common.nextPage')}
            </a>
          ) : null}
        </nav>
        {isStaff ? (
          <p>
            <a href={`${PATH}/unpublished`}>{t('cases.unpublishedTitle')}</a>
          </p>
        ) : null}
      </>
    ),
  });
}

async function renderCase(c: Context<PageEnv>, deps: AppDeps, state?: FormState) {
  const id = TypicalCaseId.safeParse(c.req.param('id'));
  if (!id.success) throw new NotFound('typical case');
  const item = await getTypicalCase(deps, id.data);
  const t = c.get('t');
  const isStaff = c.get('principal')?.actor === 'staff' && c.get('csrfToken') !== undefined;
  return page(c, {
    title: item.title,
    status: state ? 422 : 200,
    current: PATH,
    body: (
      <>
        <p>
          <a href={PATH}>{t('cases.back')}</a>
        </p>
        <h1>{item.title}</h1>
        <CaseBody t={t} lang={c.get('lang')} item={item} labels={await taxonomyLabels(deps.db)} />
        {isStaff ? (
          <section>
            <h2>{t('cases.unpublish')}</h2>
            <ErrorSummary state={state} form="unpublish" t={t} />
            <form method="post" action={`${PATH}/${item.id}/unpublish`}>
              <CsrfInput token={c.get('csrfToken')} />
              <Field
                form="unpublish"
                name="reason"
                label={t('cases.reason')}
                required
                maxlength={500}
                state={state}
              />
              <button type="submit" class="secondary">
                {t('cases.unpublishButton')}
              </button>
            </form>
          </section>
        ) : null}
      </>
    ),
  });
}

async function renderPublish(c: Context<PageEnv>, deps: AppDeps, complaintId: string, state?: FormState) {
  const t = c.get('t');
  const lang = c.get('lang');
  const ctx = withPrincipal(deps, pageUser(c));
  const draft = await draftTypicalCase(ctx, complaintId);
  const labels = await taxonomyLabels(deps.db);
  const values = state?.values ?? {};
  const own = (name: string, fallback: string) =>
    typeof values[name] === 'string' ? (values[name] as string) : fallback;
  const shown: FormState = state ?? {
    form: 'publish',
    values: { ...draft, tags: draft.tags },
    errors: {},
  };
  return page(c, {
    title: t('cases.publishTitle'),
    status: state ? 422 : 200,
    current: PATH,
    body: (
      <>
        <p>
          <a href={`/complaints/${complaintId}`}>{t('cases.complaint')}</a>
        </p>
        <h1>{t('cases.publishTitle')}</h1>
        <p>{t('cases.publishIntro')}</p>
        <ErrorSummary state={state} form="publish" t={t} />
        <form method="post" action={`/complaints/${complaintId}/publish`}>
          <CsrfInput token={c.get('csrfToken')} />
          <Field
            form="publish"
            name="title"
            label={t('cases.caseTitle')}
            required
            maxlength={100}
            value={own('title', draft.title)}
            state={shown}
          />
          <TextArea
            form="publish"
            name="summary"
            label={t('cases.summary')}
            required
            rows={6}
            maxlength={4000}
            state={shown}
          />
          <TextArea
            form="publish"
            name="resolution"
            label={t('cases.resolution')}
            required
            rows={3}
            maxlength={4000}
            state={shown}
          />
          <TextArea
            form="publish"
            name="lesson"
            label={t('cases.lesson')}
            required
            rows={3}
            maxlength={2000}
            state={shown}
          />
          <Select
            form="publish"
            name="category"
            label={t('cases.category')}
            required
            value={own('category', draft.category)}
            state={shown}
            options={Object.keys(labels.categories).map((code) => ({
              value: code,
              label: labelOf(labels.categories, code, lang),
            }))}
          />
          {draft.tags.map((tag) => (
            <input type="hidden" name="tags" value={tag} />
          ))}
          <button type="submit">{t('cases.publish')}</button>
        </form>
      </>
    ),
  });
}

function complaintIdOf(c: Context<PageEnv>): string {
  const parsed = ComplaintId.safeParse(c.req.param('id'));
  if (!parsed.success) throw new NotFound('complaint');
  return parsed.data;
}

/**
 * 典型案例 — public pages (no sign-in): the list, filtered by category, and one case; for staff,
 * publishing from an ended complaint (the anonymised draft to edit), taking a case down, and
 * the cases taken down.
 */
export function casePages(deps: AppDeps) {
  return new Hono<PageEnv>()
    .get(PATH, (c) => renderList(c, deps))
    .get(`${PATH}/unpublished`, staff, async (c) => {
      const t = c.get('t');
      const rows = await unpublishedTypicalCases(withPrincipal(deps, pageUser(c)));
      return page(c, {
        title: t('cases.unpublishedTitle'),
        current: PATH,
        body: (
          <>
            <p>
              <a href={PATH}>{t('cases.back')}</a>
            </p>
            <h1>{t('cases.unpublishedTitle')}</h1>
            <p>{t('cases.unpublishedIntro')}</p>
            {rows.length === 0 ? (
              <p>{t('cases.unpublishedNone')}</p>
            ) : (
              <table class="responsive striped">
                <thead>
                  <tr>
                    <th scope="col">{t('cases.caseTitle')}</th>
                    <th scope="col">{t('cases.unpublishedAt')}</th>
                    <th scope="col">{t('cases.unpublishedBy')}</th>
                    <th scope="col">{t('cases.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr>
                      <td data-label={t('cases.caseTitle')}>
                        <a href={`/complaints/${r.complaintId}`}>{r.title}</a>
                      </td>
                      <td data-label={t('cases.unpublishedAt')}>{dateTime(r.unpublishedAt)}</td>
                      <td data-label={t('cases.unpublishedBy')}>{r.unpublishedBy ?? '—'}</td>
                      <td data-label={t('cases.reason')}>{r.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        ),
      });
    })
    .get(`${PATH}/:id`, (c) => renderCase(c, deps))
    .post(`${PATH}/:id/unpublish`, staff, async (c) => {
      const id = TypicalCaseId.safeParse(c.req.param('id'));
      if (!id.success) throw new NotFound('typical case');
      const t = c.get('t');
      const values = await readForm(c);
      const parsed = parseInput(UnpublishTypicalCaseInput, { reason: text(values, 'reason') ?? '' });
      if (!parsed.success)
        return renderCase(
          c,
          deps,
          refused('unpublish', values, zodErrors(parsed.error, t, UNPUBLISH_FIELDS)),
        );
      await unpublishTypicalCase(withPrincipal(deps, pageUser(c)), id.data, parsed.data);
      return redirectWithFlash(c, PATH, 'flash.caseUnpublished');
    })
    .get('/complaints/:id/publish', staff, (c) => renderPublish(c, deps, complaintIdOf(c)))
    .post('/complaints/:id/publish', staff, async (c) => {
      const complaintId = complaintIdOf(c);
      const t = c.get('t');
      const values = await readForm(c);
      const parsed = parseInput(PublishTypicalCaseInput, {
        title: text(values, 'title') ?? '',
        summary: text(values, 'summary') ?? '',
        resolution: text(values, 'resolution') ?? '',
        lesson: text(values, 'lesson') ?? '',
        category: text(values, 'category') ?? '',
        tags: list(values, 'tags'),
      });
      if (!parsed.success)
        return renderPublish(
          c,
          deps,
          complaintId,
          refused('publish', values, zodErrors(parsed.error, t, PUBLISH_FIELDS)),
        );
      const done = await orInvalid(
        () => publishTypicalCase(withPrincipal(deps, pageUser(c)), complaintId, parsed.data),
        t,
        PUBLISH_FIELDS,
      );
      if (!done.ok) return renderPublish(c, deps, complaintId, refused('publish', values, done.errors));
      return redirectWithFlash(c, `${PATH}/${done.value.id}`, 'flash.casePublished');
    });
}
