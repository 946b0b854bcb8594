import {
  type CommissionStage,
  type Complaint,
  CreateComplaintInput,
  commissionProgress,
  ListComplaintsQuery,
  parseInput,
  toIso,
  type WorkingCalendar,
} from '@redress/core';
import { type Context, Hono } from 'hono';
import { type AppDeps, withPrincipal } from '../context';
import { STAFF_ROLES } from '../http/principal';
import { merchantChoices } from '../merchants';
import { timeLeft } from '../sla';
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
import { createComplaint } from './intake';
import { countInMediation, countOpenOverdue, openStaffNotices } from './queries';
import { countByStatus, findComplaints } from './read';
import { IntakeForm } from './views/intake';
import {
  type CommissionCell,
  OVERDUE_VIEWS,
  type OverdueView,
  QUEUES,
  type Queue,
  Queues,
  type StaffNotice,
} from './views/queues';

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

/** The intake form's business: the networked merchant chosen, or one that is not, by name and code. */
function businessOfForm(values: Parameters<typeof text>[0]) {
  const name = text(values, 'businessName');
  const creditCode = text(values, 'businessCreditCode');
  return name || creditCode ? { name, creditCode } : undefined;
}

async function renderIntake(c: Context<PageEnv>, deps: AppDeps, state?: FormState) {
  const ctx = withPrincipal(deps, pageUser(c));
  const t = c.get('t');
  const merchants = await merchantChoices(ctx);
  return page(c, {
    title: t('intake.title'),
    status: state ? 422 : 200,
    canonical: '/intake',
    body: (
      <IntakeForm
        t={t}
        lang={c.get('lang')}
        csrfToken={c.get('csrfToken')}
        state={state}
        merchants={merchants.map((m) => ({ value: m.id, label: m.name }))}
        {...(await taxonomyLabels(deps.db))}
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
      const parsed = ListComplaintsQuery.safeParse({
        ...base,
        limit: 20,
        cursor: c.req.query('cursor') || undefined,
      });
      const query = parsed.success ? parsed.data : ListComplaintsQuery.parse({ ...base, limit: 20 });
      const now = deps.clock.now();
      const calendar = await deps.calendars.get(now);
      const view = { now, calendar };
      const { data, nextCursor } = await findComplaints(
        ctx,
        query,
        queue === 'overdue' ? { overdue: overdueView } : queue === 'escalated' ? { inMediation: true } : {},
      );
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
            csrfToken={c.get('csrfToken')}
            nextCursor={nextCursor}
            isFirstPage={query.cursor === undefined}
          />
        ),
      });
    })
    .get('/intake', requireUser(STAFF_ROLES), (c) => renderIntake(c, deps))
    .post('/intake', requireUser(STAFF_ROLES), async (c) => {
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
