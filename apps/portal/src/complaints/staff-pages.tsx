import {
  AssignInput,
  type CommissionStage,
  type Complaint,
  ComplaintId,
  Conflict,
  CreateComplaintInput,
  commissionProgress,
  Forbidden,
  Invalid,
  ListComplaintsQuery,
  NotFound,
  NotNetworkedInput,
  OVERDUE_VIEWS,
  type OverdueView,
  parseInput,
  toIso,
  type WorkingCalendar,
} from '@redress/core';
import { type Context, Hono } from 'hono';
import { safeNext } from '../auth';
import { type AppDeps, withPrincipal } from '../context';
import { STAFF_ROLES } from '../http/principal';
import { merchantChoices } from '../merchants';
import { timeLeft } from '../sla';
import { listStations } from '../stations';
import { taxonomyLabels } from '../taxonomy';
import {
  checked,
  type FieldNaming,
  list,
  orInvalid,
  readForm,
  refused,
  text,
  yuanField,
  zodErrors,
} from '../web/forms';
import { page } from '../web/layout';
import { pageUser, redirectWithFlash, requireUser } from '../web/middleware';
import type { FormState, PageEnv } from '../web/page-env';
import { assignComplaint, markNotNetworked } from './actions';
import { createComplaint } from './intake';
import { businessOfForm } from './page-actions';
import {
  complaintsById,
  countInMediation,
  countOpenOverdue,
  openStaffNotices,
  staffQueueFilter,
} from './queries';
import { countByStatus, findComplaints, pagePosition } from './read';
import { type BulkResult, BulkResults, DESK_FILTER_NAMES, type DeskFilters } from './views/desk';
import { IntakeForm } from './views/intake';
import { type CommissionCell, QUEUES, type Queue, Queues, type StaffNotice } from './views/queues';

/**
 * What each queue lists, in which order: new complaints by their acceptance deadline and
 * escalated ones by their mediation deadline, earliest first (`commissionDueAt`); the overdue
 * queue what is still to do, the deadline that passed first at the top (history: newest first).
 */
const QUERIES: Record<Queue, Record<string, unknown>> = {
  new: { status: ['new'], sort: 'commissionDueAt' },
  overdue: { sort: 'dueAt' },
  escalated: { sort: 'commissionDueAt' },
};
/** Notices listed on the landing page (the rest are counted). */
const NOTICES_SHOWN = 10;

const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));

/**
 * The commission deadline a queue's row shows: acceptance on the new queue, mediation on the
 * escalated queue; on the overdue queue the commission's own deadline when that is what was
 * missed (else the merchant's SLA badge is shown).
 */
function commissionCell(
  c: Complaint,
  queue: Queue,
  now: number,
  calendar: WorkingCalendar,
): CommissionCell | null {
  const cell = (stage: CommissionStage) => {
    const s = stage === 'accept' ? c.commission.accept : c.commission.mediation;
    if (!s?.dueAt) return null;
    const progress = commissionProgress({ dueAt: ms(s.dueAt), doneAt: ms(s.doneAt) }, now, calendar);
    return progress ? { stage, dueAt: s.dueAt, progress } : null;
  };
  if (queue === 'new') return cell('accept');
  if (queue === 'escalated') return cell('mediation');
  const late = (['mediation', 'accept'] as const)
    .map(cell)
    .find((x) => x?.progress === 'breached' || x?.progress === 'ended_late');
  return late ?? null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const dayStart = (day: string) => Date.parse(`${day}T00:00:00+08:00`);

/**
 * The desk's search and filters from the address, as the list's query takes them: a value the
 * API would refuse is dropped (and not shown as applied), not an error page. Days are Shanghai
 * days, `to` included.
 */
export function deskFilters(
  read: (name: string) => string | undefined,
  base: Record<string, unknown>,
): { filters: DeskFilters; params: Record<string, string | undefined> } {
  const raw: DeskFilters = {};
  for (const name of DESK_FILTER_NAMES) raw[name] = read(name)?.trim() || undefined;
  const day = (d: string | undefined) => (d && DAY.test(d) && !Number.isNaN(dayStart(d)) ? d : undefined);
  const from = day(raw.from);
  const to = day(raw.to);
  const params: Record<string, string | undefined> = {
    q: raw.q,
    merchantId: raw.merchantId,
    stationId: raw.stationId,
    channel: raw.channel,
    receivedFrom: from ? toIso(dayStart(from)) : undefined,
    receivedTo: to ? toIso(dayStart(to) + 86_400_000) : undefined,
  };
  const check = ListComplaintsQuery.safeParse({ ...base, ...params });
  if (!check.success) for (const issue of check.error.issues) params[String(issue.path[0])] = undefined;
  const kept = (name: string) => params[name];
  return {
    filters: {
      q: kept('q'),
      merchantId: kept('merchantId'),
      stationId: kept('stationId'),
      channel: kept('channel'),
      from: params.receivedFrom ? from : undefined,
      to: params.receivedTo ? to : undefined,
    },
    params,
  };
}

/** Who takes complaints in on the page: staff, and a station's operator (a walk-in, for their station). */
const INTAKE_ROLES = [...STAFF_ROLES, 'station_operator'] as const;

/** At most this many complaints in one bulk action. */
const BULK_MAX = 100;

/** Form fields that differ from the input's paths. */
const INTAKE_FORM_FIELDS: Readonly<Record<string, string>> = {
  business: 'businessName',
  'business.name': 'businessName',
  'business.creditCode': 'businessCreditCode',
};
const intakeField = (path: string) =>
  INTAKE_FORM_FIELDS[path] ??
  (path === 'consumer.name'
    ? 'consumerName'
    : path === 'consumer.phone'
      ? 'consumerPhone'
      : path === 'claimFen'
        ? 'claim'
        : path.startsWith('tags')
          ? 'tags'
          : path);

/** The intake form's fields, and their own words for what is wrong with them. */
const INTAKE_FIELDS: FieldNaming = {
  fieldOf: intakeField,
  words: {
    claim: 'field.amount',
    consumerPhone: 'field.phone',
    merchantId: { not_found: 'field.unknownMerchant' },
    businessName: { invalid_value: 'intake.businessOrMerchant' },
    businessCreditCode: 'field.creditCode',
  },
};

async function renderIntake(c: Context<PageEnv>, deps: AppDeps, state?: FormState) {
  const ctx = withPrincipal(deps, pageUser(c));
  const t = c.get('t');
  const merchants = await merchantChoices(ctx);
  const station = ctx.principal.actor === 'station' ? (await listStations(ctx))[0]?.name : undefined;
  return page(c, {
    title: station ? t('walkin.title') : t('intake.title'),
    status: state ? 422 : 200,
    canonical: '/intake',
    current: station ? '/station' : '/intake',
    body: (
      <IntakeForm
        t={t}
        lang={c.get('lang')}
        csrfToken={c.get('csrfToken')}
        state={state}
        merchants={merchants.map((m) => ({ value: m.id, label: m.name }))}
        {...(await taxonomyLabels(deps.db))}
        station={station}
      />
    ),
  });
}

/** Commission staff: the queues (new to route, overdue, escalated) and the intake form. */
export function staffPages(deps: AppDeps) {
  return new Hono<PageEnv>()
    .get('/staff', requireUser(STAFF_ROLES), async (c) => {
      const ctx = withPrincipal(deps, pageUser(c));
      const asked = c.req.query('queue');
      const queue: Queue = QUEUES.find((q) => q === asked) ?? 'new';
      const askedView = c.req.query('view');
      const overdueView: OverdueView = OVERDUE_VIEWS.find((v) => v === askedView) ?? 'open';
      const base = queue === 'overdue' && overdueView === 'ended' ? { sort: '-receivedAt' } : QUERIES[queue];
      const { filters, params } = deskFilters((name) => c.req.query(name), base);
      const parsed = ListComplaintsQuery.safeParse({
        ...base,
        ...params,
        limit: 20,
        cursor: c.req.query('cursor') || undefined,
      });
      const query = parsed.success
        ? parsed.data
        : ListComplaintsQuery.parse({ ...base, ...params, limit: 20 });
      const now = deps.clock.now();
      const calendar = await deps.calendars.get(now);
      const view = { now, calendar };
      const staffFilter = staffQueueFilter(queue, overdueView);
      const { data, nextCursor, prevCursor } = await findComplaints(ctx, query, staffFilter);
      const position = await pagePosition(ctx, query, data, staffFilter);
      const stations = await listStations(ctx);
      const counts = await countByStatus(ctx);
      const overdue = await countOpenOverdue(deps.db, ctx.principal, view);
      const inMediation = await countInMediation(deps.db, ctx.principal);
      // The landing page (the new queue, first page) lists the notices the sweeper raised.
      const landing = queue === 'new' && query.cursor === undefined;
      const notices = landing ? await openStaffNotices(deps.db, ctx.principal, NOTICES_SHOWN) : null;
      const merchants = await merchantChoices(ctx);
      const t = c.get('t');
      return page(c, {
        title: t('staff.title'),
        body: (
          <Queues
            t={t}
            lang={c.get('lang')}
            queue={queue}
            overdueView={overdueView}
            counts={{ new: counts.new, overdue, escalated: inMediation }}
            rows={data.map((complaint) => ({
              complaint,
              left: timeLeft(complaint, now, calendar),
              commission: commissionCell(complaint, queue, now, calendar),
            }))}
            notices={
              notices && {
                counts: notices.counts,
                rows: notices.rows.map(
                  (n): StaffNotice => ({
                    id: n.id,
                    reference: n.reference,
                    subject: n.subject,
                    stage: n.stage as CommissionStage,
                    dueAt: toIso(n.due_at),
                    kind: n.kind === 'breached' ? 'breached' : 'due_soon',
                  }),
                ),
              }
            }
            merchants={merchants.map((m) => ({ value: m.id, label: m.name }))}
            categories={(await taxonomyLabels(deps.db)).categories}
            stations={stations.map((st) => ({ value: st.id, label: st.name }))}
            csrfToken={c.get('csrfToken')}
            filters={filters}
            exportParams={{
              ...params,
              status: queue === 'new' ? 'new' : undefined,
              queue: queue === 'new' ? undefined : queue,
              overdue: queue === 'overdue' ? overdueView : undefined,
            }}
            paging={{ position, nextCursor, prevCursor, isFirstPage: query.cursor === undefined }}
          />
        ),
      });
    })
    .post('/staff/bulk', requireUser(STAFF_ROLES), async (c) => {
      const values = await readForm(c);
      const t = c.get('t');
      const back = safeNext(text(values, 'back') ?? '/staff?queue=new');
      const ids = [...new Set(list(values, 'ids'))];
      if (ids.length === 0) return redirectWithFlash(c, back, 'bulk.none');
      if (ids.length > BULK_MAX || !ids.every((id) => ComplaintId.safeParse(id).success))
        throw new Invalid(t('bulk.tooMany', { max: BULK_MAX }), [
          { path: 'ids', code: 'invalid_format', message: `at most ${BULK_MAX} complaint ids` },
        ]);
      const ctx = withPrincipal(deps, pageUser(c));
      // The two buttons of the bulk form: assign to a merchant, or mark as not networked; each
      // a verb of actions.ts, or null when the form's input is not valid (told on every row).
      const notNetworked = text(values, 'action') === 'not_networked';
      const business = parseInput(NotNetworkedInput, { business: businessOfForm(values) });
      const merchant = parseInput(AssignInput, { merchantId: text(values, 'merchantId') });
      const run = notNetworked
        ? business.success
          ? (id: string) => markNotNetworked(ctx, id, business.data)
          : null
        : merchant.success
          ? (id: string) => assignComplaint(ctx, id, merchant.data, { onlyNew: true })
          : null;
      const invalidInput = notNetworked ? t('bulk.businessRequired') : t('field.unknownMerchant');
      const references = new Map(
        (await complaintsById(deps.db, ctx.principal, ids)).map((r) => [r.id, r.reference] as const),
      );
      const results: BulkResult[] = [];
      // One complaint at a time, each in its own transaction with its events (the action's verb).
      for (const id of ids) {
        const reference = references.get(id) ?? null;
        if (!run) {
          results.push({ id, reference, ok: false, message: invalidInput });
          continue;
        }
        try {
          const done = await run(id);
          results.push({
            id,
            reference: done.reference,
            ok: true,
            message: notNetworked ? t('bulk.marked') : t('bulk.assigned'),
          });
        } catch (err) {
          const message =
            err instanceof NotFound
              ? t('bulk.notFound')
              : err instanceof Conflict
                ? t('bulk.conflict')
                : err instanceof Forbidden
                  ? t('bulk.forbidden')
                  : err instanceof Invalid
                    ? notNetworked
                      ? t('action.mark_not_networked.networked')
                      : t('field.unknownMerchant')
                    : null;
          if (message === null) throw err;
          results.push({ id, reference, ok: false, message });
        }
      }
      return page(c, {
        title: t('bulk.title'),
        current: '/staff',
        body: <BulkResults t={t} results={results} back={back} />,
      });
    })
    .get('/intake', requireUser(INTAKE_ROLES), (c) => renderIntake(c, deps))
    .post('/intake', requireUser(INTAKE_ROLES), async (c) => {
      const values = await readForm(c);
      const t = c.get('t');
      const parsed = parseInput(CreateComplaintInput, {
        kind: text(values, 'kind'),
        channel: text(values, 'channel'),
        merchantId: text(values, 'merchantId'),
        business: businessOfForm(values),
        subject: text(values, 'subject'),
        description: text(values, 'description'),
        category: text(values, 'category'),
        tags: list(values, 'tags'),
        consumer: {
          name: text(values, 'consumerName'),
          phone: text(values, 'consumerPhone'),
          isMinor: checked(values, 'isMinor'),
        },
        claimFen: yuanField(values, 'claim'),
        externalRef: text(values, 'externalRef'),
      });
      if (!parsed.success)
        return renderIntake(c, deps, refused('intake', values, zodErrors(parsed.error, t, INTAKE_FIELDS)));
      const ctx = withPrincipal(deps, pageUser(c));
      const done = await orInvalid(() => createComplaint(ctx, parsed.data), t, INTAKE_FIELDS);
      if (!done.ok) return renderIntake(c, deps, refused('intake', values, done.errors));
      return redirectWithFlash(c, `/complaints/${done.value.id}`, 'flash.intake', {
        reference: done.value.reference,
      });
    });
}
