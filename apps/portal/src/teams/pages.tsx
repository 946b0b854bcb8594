import {
  Conflict,
  CreateReplyTemplateInput,
  CreateWebhookEndpointInput,
  NotFound,
  parseInput,
  ReplyTemplateId,
  UpdateReplyTemplateInput,
  WebhookDeliveryId,
  WebhookEndpointId,
} from '@redress/core';
import { type Context, Hono } from 'hono';
import { type AppDeps, type ServiceContext, withPrincipal } from '../context';
import { type FieldNaming, list, orInvalid, readForm, refused, text, zodErrors } from '../web/forms';
import { page } from '../web/layout';
import { pageUser, redirectWithFlash, requireUser } from '../web/middleware';
import { formKey, keepSecretForNextPage, oncePerForm, takeSecret } from '../web/once';
import type { FormState, PageEnv } from '../web/page-env';
import {
  createWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  retryWebhookDelivery,
  rotateWebhookSecret,
} from '../webhooks';
import {
  createReplyTemplate,
  deleteReplyTemplate,
  listReplyTemplates,
  updateReplyTemplate,
} from './templates';
import { TemplatesPage, WebhookPage, WebhooksPage } from './views/settings';

const SETTINGS = '/settings';

function idOf<T extends string>(
  c: Context<PageEnv>,
  schema: { safeParse(v: unknown): { success: boolean; data?: T } },
  what: string,
): T {
  const parsed = schema.safeParse(c.req.param('id'));
  if (!parsed.success || parsed.data === undefined) throw new NotFound(what);
  return parsed.data;
}

async function renderTemplates(c: Context<PageEnv>, ctx: ServiceContext, state?: FormState) {
  const t = c.get('t');
  return page(c, {
    title: t('team.templates'),
    status: state ? 422 : 200,
    current: SETTINGS,
    body: (
      <TemplatesPage
        t={t}
        csrfToken={c.get('csrfToken')}
        templates={await listReplyTemplates(ctx)}
        state={state}
      />
    ),
  });
}

async function renderWebhooks(c: Context<PageEnv>, ctx: ServiceContext, state?: FormState) {
  const t = c.get('t');
  const { data } = await listWebhookEndpoints(ctx, { limit: 100 });
  return page(c, {
    title: t('team.webhooks'),
    status: state ? 422 : 200,
    current: SETTINGS,
    body: (
      <WebhooksPage t={t} csrfToken={c.get('csrfToken')} endpoints={data} formKey={formKey()} state={state} />
    ),
  });
}

/** A template whose name the merchant used already: said beside the name. */
const duplicateName = (t: (key: 'team.duplicateTemplate') => string) => ({
  name: t('team.duplicateTemplate'),
});

const WEBHOOK_FIELDS: FieldNaming = {};

/**
 * The merchant admin's settings pages that were API-only: reply templates (`/settings/templates`)
 * and webhook endpoints (`/settings/webhooks`: create, the secret once, rotate, the delivery log,
 * retry). Each calls the API's own service. Creating and rotating are post-redirect-get with a
 * key per rendered form (`web/once.ts`): reloading the POST makes nothing twice, and the secret
 * is shown once after the redirect.
 */
export function teamPages(deps: AppDeps) {
  const admin = requireUser(['merchant_admin']);
  const ctxOf = (c: Context<PageEnv>) => withPrincipal(deps, pageUser(c));
  return new Hono<PageEnv>()
    .get('/settings/templates', admin, (c) => renderTemplates(c, ctxOf(c)))
    .post('/settings/templates', admin, async (c) => {
      const values = await readForm(c);
      const t = c.get('t');
      const ctx = ctxOf(c);
      const parsed = parseInput(CreateReplyTemplateInput, {
        name: text(values, 'name'),
        body: text(values, 'body'),
      });
      if (!parsed.success)
        return renderTemplates(c, ctx, refused('template', values, zodErrors(parsed.error, t)));
      try {
        const done = await orInvalid(() => createReplyTemplate(ctx, parsed.data), t);
        if (!done.ok) return renderTemplates(c, ctx, refused('template', values, done.errors));
      } catch (err) {
        if (!(err instanceof Conflict)) throw err;
        return renderTemplates(c, ctx, refused('template', values, duplicateName(t)));
      }
      return redirectWithFlash(c, '/settings/templates', 'flash.templateSaved');
    })
    .post('/settings/templates/:id', admin, async (c) => {
      const id = idOf(c, ReplyTemplateId, 'reply template');
      const values = await readForm(c);
      const t = c.get('t');
      const ctx = ctxOf(c);
      const form = `template-${id}`;
      const parsed = parseInput(UpdateReplyTemplateInput, {
        name: text(values, 'name'),
        body: text(values, 'body'),
      });
      if (!parsed.success || !parsed.data.name || !parsed.data.body) {
        const errors = parsed.success ? {} : zodErrors(parsed.error, t);
        if (!text(values, 'name')) errors.name ??= t('field.required');
        if (!text(values, 'body')) errors.body ??= t('field.required');
        return renderTemplates(c, ctx, refused(form, values, errors));
      }
      const update = parsed.data;
      try {
        const done = await orInvalid(() => updateReplyTemplate(ctx, id, update), t);
        if (!done.ok) return renderTemplates(c, ctx, refused(form, values, done.errors));
      } catch (err) {
        if (!(err instanceof Conflict)) throw err;
        return renderTemplates(c, ctx, refused(form, values, duplicateName(t)));
      }
      return redirectWithFlash(c, '/settings/templates', 'flash.templateSaved');
    })
    .post('/settings/templates/:id/delete', admin, async (c) => {
      const id = idOf(c, ReplyTemplateId, 'reply template');
      await deleteReplyTemplate(ctxOf(c), id);
      return redirectWithFlash(c, '/settings/templates', 'flash.templateDeleted');
    })
    .get('/settings/webhooks', admin, (c) => renderWebhooks(c, ctxOf(c)))
    .post('/settings/webhooks', admin, async (c) => {
      const values = await readForm(c);
      const t = c.get('t');
      const ctx = ctxOf(c);
      const parsed = parseInput(CreateWebhookEndpointInput, {
        url: text(values, 'url'),
        description: text(values, 'description'),
        eventTypes: list(values, 'eventTypes'),
      });
      if (!parsed.success)
        return renderWebhooks(c, ctx, refused('webhook', values, zodErrors(parsed.error, t, WEBHOOK_FIELDS)));
      const input = parsed.data;
      let secret: { id: string; secret: string } | undefined;
      const done = await orInvalid(
        () =>
          oncePerForm(ctx, text(values, 'formKey'), async (once) => {
            const created = await createWebhookEndpoint(once, input);
            secret = { id: created.id, secret: created.secret ?? '' };
            return `/settings/webhooks/${created.id}`;
          }),
        t,
        WEBHOOK_FIELDS,
      );
      if (!done.ok) return renderWebhooks(c, ctx, refused('webhook', values, done.errors));
      if (done.value.repeated)
        return redirectWithFlash(c, done.value.location ?? '/settings/webhooks', 'flash.alreadyDone');
      if (secret)
        keepSecretForNextPage(c, (s) => deps.webhookSecrets.seal(s), SETTINGS, secret.id, secret.secret);
      return redirectWithFlash(c, done.value.location ?? '/settings/webhooks', 'flash.webhookCreated');
    })
    .get('/settings/webhooks/:id', admin, async (c) => {
      const id = idOf(c, WebhookEndpointId, 'webhook endpoint');
      const ctx = ctxOf(c);
      const endpoint = await getWebhookEndpoint(ctx, id);
      const { data } = await listWebhookDeliveries(ctx, id, { limit: 50 });
      const t = c.get('t');
      return page(c, {
        title: t('team.webhooks'),
        current: SETTINGS,
        body: (
          <WebhookPage
            t={t}
            csrfToken={c.get('csrfToken')}
            endpoint={endpoint}
            deliveries={data}
            secret={takeSecret(c, (s) => deps.webhookSecrets.open(s), SETTINGS, id)}
            formKey={formKey()}
          />
        ),
      });
    })
    .post('/settings/webhooks/:id/rotate', admin, async (c) => {
      const id = idOf(c, WebhookEndpointId, 'webhook endpoint');
      const values = await readForm(c);
      let secret: string | undefined;
      const done = await oncePerForm(ctxOf(c), text(values, 'formKey'), async (once) => {
        secret = (await rotateWebhookSecret(once, id)).secret;
        return `/settings/webhooks/${id}`;
      });
      if (done.repeated) return redirectWithFlash(c, `/settings/webhooks/${id}`, 'flash.alreadyDone');
      if (secret) keepSecretForNextPage(c, (s) => deps.webhookSecrets.seal(s), SETTINGS, id, secret);
      return redirectWithFlash(c, `/settings/webhooks/${id}`, 'flash.webhookRotated');
    })
    .post('/settings/webhook-deliveries/:id/retry', admin, async (c) => {
      const id = idOf(c, WebhookDeliveryId, 'webhook delivery');
      const delivery = await retryWebhookDelivery(ctxOf(c), id);
      return redirectWithFlash(c, `/settings/webhooks/${delivery.endpointId}`, 'flash.deliveryRetried');
    });
}
