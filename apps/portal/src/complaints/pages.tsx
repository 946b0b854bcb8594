import {
  allowedActions,
  ComplaintId,
  ListComplaintsQuery,
  MerchantId,
  NotFound,
  parseInput,
} from '@redress/core';
import { type Context, Hono } from 'hono';
import { safeNext } from '../auth';
import { type AppDeps, withPrincipal } from '../context';
import { STAFF_ROLES } from '../http/principal';
import { merchantChoices, ownMerchant } from '../merchants';
import { timeLeft } from '../sla';
import { taxonomyLabels } from '../taxonomy';
import { orInvalid, readForm, refused, text, zodErrors } from '../web/forms';
import { page } from '../web/layout';
import { pageUser, redirectWithFlash, requireUser } from '../web/middleware';
import type { FormState, PageEnv } from '../web/page-env';
import { joinedMerchantOf, routeJoinedBusiness } from './business';
import { duplicatesOfComplaint } from './duplicates';
import { ACTION_FIELDS, PAGE_FORMS, pageActionOf } from './page-actions';
import { countByStatus, findComplaints, getComplaint, getTimeline, viewComplaint } from './read';
import { ComplaintPage } from './views/complaint';
import { Inbox, type InboxFilters } from './views/inbox';

const PAGE_SIZE = 20;

/** The list's filters from the address; a value the API would refuse is dropped, not an error page. */
function inboxQuery(c: Context<PageEnv>) {
  const raw: Record<string, string | undefined> = {
    status: c.req.query('status') || undefined,
    slaState: c.req.query('slaState') || undefined,
    category: c.req.query('category') || undefined,
    tag: c.req.query('tag') || undefined,
    q: c.req.query('q')?.trim() || undefined,
    sort: c.req.query('sort') === '-receivedAt' ? '-receivedAt' : 'dueAt',
    cursor: c.req.query('cursor') || undefined,
  };
  let parsed = ListComplaintsQuery.safeParse({ ...raw, limit: PAGE_SIZE });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) raw[String(issue.path[0])] = undefined;
    parsed = ListComplaintsQuery.safeParse({ ...raw, limit: PAGE_SIZE });
  }
  const query = parsed.success ? parsed.data : ListComplaintsQuery.parse({ sort: 'dueAt', limit: PAGE_SIZE });
  const filters: InboxFilters = {
    status: query.status?.[0],
    slaState: query.slaState,
    category: query.category,
    tag: query.tag,
    q: query.q,
    sort: query.sort,
  };
  return { query, filters };
}

/** Renders the complaint page (after a refused form: with what was typed and why, and the status). */
async function renderComplaint(
  c: Context<PageEnv>,
  deps: AppDeps,
  id: string,
  opts: { state?: FormState; status?: 200 | 409 | 422; reveal?: boolean } = {},
) {
  const ctx = withPrincipal(deps, pageUser(c));
  // The whole phone number only on request, through the API's audited read.
  const complaint = opts.reveal ? await getComplaint(ctx, id) : await viewComplaint(ctx, id);
  const events = await getTimeline(ctx, id);
  const now = deps.clock.now();
  const calendar = await deps.calendars.get(now);
  const { actor } = ctx.principal;
  const merchants = actor === 'staff' || actor === 'station' ? await merchantChoices(ctx) : [];
  const merchantName =
    actor === 'merchant'
      ? (await ownMerchant(ctx)).name
      : (merchants.find((m) => m.id === complaint.merchantId)?.name ?? null);
  const duplicates = await duplicatesOfComplaint(ctx, id);
  const notNetworked =
    complaint.merchantId === null && complaint.business !== null && complaint.status === 'escalated';
  const t = c.get('t');
  return page(c, {
    title: `${complaint.reference} · ${complaint.subject}`,
    status: opts.status,
    canonical: `/complaints/${id}`,
    current: actor === 'merchant' ? '/inbox' : undefined,
    body: (
      <ComplaintPage
        t={t}
        lang={c.get('lang')}
        complaint={complaint}
        left={timeLeft(complaint, now, calendar)}
        events={events}
        actions={allowedActions(complaint.status, actor, { notNetworked })}
        csrfToken={c.get('csrfToken')}
        state={opts.state}
        {...(await taxonomyLabels(deps.db))}
        merchants={merchants.map((m) => ({ value: m.id, label: m.name }))}
        phoneRevealed={opts.reveal === true}
        merchantName={merchantName}
        duplicates={duplicates}
        joined={await joinedMerchantOf(ctx, complaint)}
      />
    ),
  });
}

function complaintId(c: Context<PageEnv>): string {
  const parsed = ComplaintId.safeParse(c.req.param('id'));
  if (!parsed.success) throw new NotFound('complaint');
  return parsed.data;
}

/** The inbox, the complaint page, and one POST per action: each calls the same service verb as the API. */
export function complaintPages(deps: AppDeps) {
  return (
    new Hono<PageEnv>()
      .get('/inbox', requireUser(), async (c) => {
        const ctx = withPrincipal(deps, pageUser(c));
        const { query, filters } = inboxQuery(c);
        const { data, nextCursor } = await findComplaints(ctx, query);
        const now = deps.clock.now();
        const calendar = await deps.calendars.get(now);
        const t = c.get('t');
        return page(c, {
          title: t('inbox.title'),
          body: (
            <Inbox
              t={t}
              lang={c.get('lang')}
              title={t('inbox.title')}
              path="/inbox"
              rows={data.map((complaint) => ({ complaint, left: timeLeft(complaint, now, calendar) }))}
              counts={await countByStatus(ctx)}
              filters={filters}
              {...(await taxonomyLabels(deps.db))}
              nextCursor={nextCursor}
              isFirstPage={query.cursor === undefined}
            />
          ),
        });
      })
      .get('/complaints/:id', requireUser(), (c) => renderComplaint(c, deps, complaintId(c)))
      .post('/complaints/:id/reveal-phone', requireUser(), (c) =>
        renderComplaint(c, deps, complaintId(c), { reveal: true }),
      )
      // When the business of a not-networked complaint has joined: route all its open complaints to it.
      .post('/complaints/:id/route-joined', requireUser(STAFF_ROLES), async (c) => {
        const id = complaintId(c);
        const values = await readForm(c);
        const merchantId = MerchantId.safeParse(text(values, 'merchantId'));
        if (!merchantId.success) throw new NotFound('merchant');
        const ctx = withPrincipal(deps, pageUser(c));
        const { routed } = await routeJoinedBusiness(ctx, { merchantId: merchantId.data });
        return redirectWithFlash(c, `/complaints/${id}`, 'flash.routeAll', { n: String(routed.length) });
      })
      .post('/complaints/:id/:slug', requireUser(), async (c) => {
        const id = complaintId(c);
        const values = await readForm(c);
        const asked = pageActionOf(c.req.param('slug'), values);
        if (!asked) throw new NotFound('page');
        const { registered, action } = asked;
        const t = c.get('t');
        const parsed = parseInput(registered.input.schema, PAGE_FORMS[action].input(values));
        if (!parsed.success) {
          const state = refused(action, values, zodErrors(parsed.error, t, ACTION_FIELDS));
          return renderComplaint(c, deps, id, { state, status: 422 });
        }
        const ctx = withPrincipal(deps, pageUser(c));
        const done = await orInvalid(() => registered.run(ctx, id, parsed.data), t, ACTION_FIELDS);
        if (!done.ok)
          return renderComplaint(c, deps, id, { state: refused(action, values, done.errors), status: 422 });
        const back = text(values, 'back');
        return redirectWithFlash(c, back ? safeNext(back) : `/complaints/${id}`, `flash.${action}`);
      })
  );
}
