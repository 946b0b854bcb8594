import { CreateComplaintInput, ListComplaintsQuery, parseInput } from '@redress/core';
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
import { countByStatus, findComplaints } from './read';
import { IntakeForm } from './views/intake';
import { QUEUES, type Queue, Queues } from './views/queues';

const QUERIES: Record<Queue, Record<string, unknown>> = {
  new: { status: ['new'], sort: '-receivedAt' },
  overdue: { slaState: 'overdue', sort: 'dueAt' },
  escalated: { status: ['escalated'], sort: '-receivedAt' },
};

/** Form fields that differ from the input's paths. */
const intakeField = (path: string) =>
  path === 'consumer.name'
    ? 'consumerName'
    : path === 'consumer.phone'
      ? 'consumerPhone'
      : path === 'claimFen'
        ? 'claim'
        : path.startsWith('tags')
          ? 'tags'
          : path;

/** The intake form's fields, and their own words for what is wrong with them. */
const INTAKE_FIELDS: FieldNaming = {
  fieldOf: intakeField,
  words: {
    claim: 'field.amount',
    consumerPhone: 'field.phone',
    merchantId: { not_found: 'field.unknownMerchant' },
  },
};

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
      const parsed = ListComplaintsQuery.safeParse({
        ...QUERIES[queue],
        limit: 20,
        cursor: c.req.query('cursor') || undefined,
      });
      const query = parsed.success
        ? parsed.data
        : ListComplaintsQuery.parse({ ...QUERIES[queue], limit: 20 });
      const { data, nextCursor } = await findComplaints(ctx, query);
      const counts = await countByStatus(ctx);
      const now = deps.clock.now();
      const calendar = await deps.calendars.get(now);
      const merchants = await merchantChoices(ctx);
      const t = c.get('t');
      return page(c, {
        title: t('staff.title'),
        body: (
          <Queues
            t={t}
            lang={c.get('lang')}
            queue={queue}
            counts={{ new: counts.new, escalated: counts.escalated }}
            rows={data.map((complaint) => ({ complaint, left: timeLeft(complaint, now, calendar) }))}
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
