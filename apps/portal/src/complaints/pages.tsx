import {
  allowedActions,
  ComplaintId,
  fieldErrors,
  hasEnded,
  Invalid,
  ListComplaintsQuery,
  MESSAGE_ACTIONS,
  MerchantId,
  NoteInput,
  NotFound,
  noteSideOf,
  parseInput,
  SetOwnerInput,
} from '@redress/core';
import { type Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { safeNext } from '../auth';
import { caseOfComplaint } from '../cases';
import { type AppDeps, type ServiceContext, withPrincipal } from '../context';
import { STAFF_ROLES } from '../http/principal';
import { merchantChoices, ownMerchant } from '../merchants';
import { timeLeft } from '../sla';
import { taxonomyLabels } from '../taxonomy';
import { listReplyTemplates, ratingOf } from '../teams';
import { domainErrors, type FormValues, orInvalid, readForm, refused, text, zodErrors } from '../web/forms';
import { page } from '../web/layout';
import { pageUser, redirectWithFlash, requireUser } from '../web/middleware';
import type { FormState, PageEnv } from '../web/page-env';
import { joinedMerchantOf, routeJoinedBusiness } from './business';
import { duplicatesOfComplaint } from './duplicates';
import { ACTION_FIELDS, PAGE_FORMS, pageActionOf } from './page-actions';
import {
  countByStatus,
  findComplaints,
  getComplaint,
  getTimeline,
  pagePosition,
  viewComplaint,
} from './read';
import { complaintActionOfSlug } from './registry';
import { addNote, merchantColleagues, setComplaintOwner } from './team';
import { ComplaintPage } from './views/complaint';
import { Inbox, type InboxFilters } from './views/inbox';
import type { TeamView } from './views/team';

const PAGE_SIZE = 20;

/**
 * What other features add to the complaint page, passed in by the composition root (pages.ts)
 * so that this feature needs none of theirs: the evidence (attachments/).
 */
export interface ComplaintPageParts {
  evidence?: (c: Context<PageEnv>, ctx: ServiceContext, complaintId: string) => Promise<Child>;
  /**
   * A message form posted with its files (multipart): its text fields, the files stored from it
   * (attachments/, `readMessageForm`) and why a file was refused.
   */
  messageForm?: (
    c: Context<PageEnv>,
    ctx: ServiceContext,
    complaintId: string,
    check: (values: Record<string, string>) => Invalid | null,
  ) => Promise<{ values: FormValues; attachmentIds: string[]; refused: Invalid | null }>;
}

/** The list's filters from the address; a value the API would refuse is dropped, not an error page. */
function inboxQuery(c: Context<PageEnv>) {
  const raw: Record<string, string | undefined> = {
    status: c.req.query('status') || undefined,
    slaState: c.req.query('slaState') || undefined,
    category: c.req.query('category') || undefined,
    tag: c.req.query('tag') || undefined,
    q: c.req.query('q')?.trim() || undefined,
    owner: c.req.query('owner') || undefined,
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
    owner: query.owner,
    sort: query.sort,
  };
  return { query, filters };
}

/** Renders the complaint page (after a refused form: with what was typed and why, and the status). */
async function renderComplaint(
  c: Context<PageEnv>,
  deps: AppDeps,
  id: string,
  opts: { state?: FormState; status?: 200 | 409 | 422; reveal?: boolean; parts?: ComplaintPageParts } = {},
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
  const p = ctx.principal;
  const ownUser = actor === 'merchant' && p.kind === 'user';
  const colleagues = ownUser ? await merchantColleagues(ctx) : [];
  const templates = actor === 'merchant' ? await listReplyTemplates(ctx) : [];
  const team: TeamView = {
    me: ownUser ? p.id : null,
    colleagues: colleagues.map((u) => ({ value: u.id, label: u.name })),
    noteSide: noteSideOf(actor),
    showRating: actor === 'merchant' || actor === 'staff',
    rating: actor === 'merchant' || actor === 'staff' ? await ratingOf(deps.db, complaint.id) : null,
  };
  // A reply template picked (`?template=`): the message form comes filled in, to edit and send.
  const picked = templates.find((tpl) => tpl.id === c.req.query('template'));
  const state =
    opts.state ?? (picked ? { form: 'message', values: { body: picked.body }, errors: {} } : undefined);
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
        state={state}
        {...(await taxonomyLabels(deps.db))}
        merchants={merchants.map((m) => ({ value: m.id, label: m.name }))}
        phoneRevealed={opts.reveal === true}
        merchantName={merchantName}
        evidence={opts.parts?.evidence ? await opts.parts.evidence(c, ctx, complaint.id) : null}
        typicalCase={
          actor === 'staff' && hasEnded(complaint.status) ? { id: await caseOfComplaint(deps, id) } : null
        }
        team={team}
        templates={templates.map((tpl) => ({ value: tpl.id, label: tpl.name }))}
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
export function complaintPages(deps: AppDeps, parts: ComplaintPageParts = {}) {
  return (
    new Hono<PageEnv>()
      .get('/inbox', requireUser(), async (c) => {
        const ctx = withPrincipal(deps, pageUser(c));
        const t = c.get('t');
        const { query, filters } = inboxQuery(c);
        const { data, nextCursor, prevCursor } = await findComplaints(ctx, query);
        const position = await pagePosition(ctx, query, data);
        const p = ctx.principal;
        const owners =
          p.actor === 'merchant' && p.kind === 'user'
            ? [
                { value: 'me', label: t('team.ownerMine') },
                { value: 'none', label: t('team.ownerNone') },
                ...(await merchantColleagues(ctx)).map((u) => ({ value: u.id, label: u.name })),
              ]
            : undefined;
        const now = deps.clock.now();
        const calendar = await deps.calendars.get(now);
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
              paging={{ position, nextCursor, prevCursor, isFirstPage: query.cursor === undefined }}
              canExport={ctx.principal.actor === 'merchant' || ctx.principal.actor === 'staff'}
              owners={owners}
            />
          ),
        });
      })
      .get('/complaints/:id', requireUser(), (c) => renderComplaint(c, deps, complaintId(c), { parts }))
      .post('/complaints/:id/reveal-phone', requireUser(), (c) =>
        renderComplaint(c, deps, complaintId(c), { reveal: true, parts }),
      )
      // Working as a team: the owner (assign to me, to a colleague) and internal notes.
      .post('/complaints/:id/owner', requireUser(), async (c) => {
        const id = complaintId(c);
        const values = await readForm(c);
        const t = c.get('t');
        const ctx = withPrincipal(deps, pageUser(c));
        const asked = text(values, 'userId');
        const userId = asked === 'me' ? ctx.principal.id : (asked ?? null);
        const parsed = parseInput(SetOwnerInput, { userId });
        if (!parsed.success)
          return renderComplaint(c, deps, id, {
            state: refused('owner', values, zodErrors(parsed.error, t)),
            status: 422,
          });
        const done = await orInvalid(() => setComplaintOwner(ctx, id, parsed.data), t);
        if (!done.ok)
          return renderComplaint(c, deps, id, { state: refused('owner', values, done.errors), status: 422 });
        const back = text(values, 'back');
        return redirectWithFlash(c, back ? safeNext(back) : `/complaints/${id}`, 'flash.ownerChanged');
      })
      .post('/complaints/:id/notes', requireUser(), async (c) => {
        const id = complaintId(c);
        const values = await readForm(c);
        const t = c.get('t');
        const parsed = parseInput(NoteInput, { body: text(values, 'body') });
        if (!parsed.success)
          return renderComplaint(c, deps, id, {
            state: refused('note', values, zodErrors(parsed.error, t)),
            status: 422,
          });
        await addNote(withPrincipal(deps, pageUser(c)), id, parsed.data);
        return redirectWithFlash(c, `/complaints/${id}#notes`, 'flash.noteAdded');
      })
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
        const t = c.get('t');
        // A message form with its files: the files are stored as the body streams, then sent with it.
        const carriesFiles = complaintActionOfSlug(c.req.param('slug'))?.actions.some((a) =>
          MESSAGE_ACTIONS.has(a),
        );
        // The text is judged before a file is stored: a refused message leaves no file behind.
        const textRefused = (v: Record<string, string>): Invalid | null => {
          const a = pageActionOf(c.req.param('slug'), v);
          if (!a) return null;
          const p = parseInput(a.registered.input.schema, PAGE_FORMS[a.action].input(v));
          return p.success ? null : new Invalid('the message was refused', fieldErrors(p.error));
        };
        const withFiles =
          parts.messageForm &&
          carriesFiles &&
          /^multipart\/form-data/i.test(c.req.header('Content-Type') ?? '')
            ? await parts.messageForm(c, withPrincipal(deps, pageUser(c)), id, textRefused)
            : undefined;
        const values = withFiles?.values ?? (await readForm(c));
        const asked = pageActionOf(c.req.param('slug'), values);
        if (!asked) throw new NotFound('page');
        const { registered, action } = asked;
        if (withFiles?.refused) {
          const state = refused(action, values, domainErrors(withFiles.refused, t, ACTION_FIELDS));
          return renderComplaint(c, deps, id, { state, status: 422, parts });
        }
        const files =
          withFiles && withFiles.attachmentIds.length > 0 ? { attachmentIds: withFiles.attachmentIds } : {};
        const parsed = parseInput(registered.input.schema, {
          ...(PAGE_FORMS[action].input(values) as object),
          ...files,
        });
        if (!parsed.success) {
          const state = refused(action, values, zodErrors(parsed.error, t, ACTION_FIELDS));
          return renderComplaint(c, deps, id, { state, status: 422, parts });
        }
        const ctx = withPrincipal(deps, pageUser(c));
        const done = await orInvalid(() => registered.run(ctx, id, parsed.data), t, ACTION_FIELDS);
        if (!done.ok)
          return renderComplaint(c, deps, id, {
            state: refused(action, values, done.errors),
            status: 422,
            parts,
          });
        const back = text(values, 'back');
        return redirectWithFlash(c, back ? safeNext(back) : `/complaints/${id}`, `flash.${action}`);
      })
  );
}
