import { EVENT_TYPES, type ReplyTemplate, type WebhookDelivery, type WebhookEndpoint } from '@redress/core';
import { CsrfInput, dateTime, ErrorSummary, Field, TextArea } from '../../web/components';
import { isMessageKey, type Translate } from '../../web/i18n';
import type { FormState } from '../../web/page-env';

const eventLabel = (t: Translate, type: string) => {
  const key = `event.${type}`;
  return isMessageKey(key) ? `${t(key)} (${type})` : type;
};

function Back({ t }: { t: Translate }) {
  return (
    <p>
      <a href="/settings">← {t('team.back')}</a>
    </p>
  );
}

/** 回复模板 — the merchant admin's templates: add, change, delete. */
export function TemplatesPage(p: {
  t: Translate;
  csrfToken: string | undefined;
  templates: ReplyTemplate[];
  state?: FormState | undefined;
}) {
  const { t, state } = p;
  return (
    <>
      <h1>{t('team.templates')}</h1>
      <Back t={t} />
      <p>{t('team.templatesIntro')}</p>
      {p.templates.length === 0 ? <p>{t('team.noTemplates')}</p> : null}
      {p.templates.map((tpl) => {
        const form = `template-${tpl.id}`;
        // The form shows the template as it is, or what was typed if this form was refused.
        const own =
          state?.form === form ? state : { form, values: { name: tpl.name, body: tpl.body }, errors: {} };
        return (
          <article id={form}>
            <form method="post" action={`/settings/templates/${tpl.id}`} novalidate>
              <CsrfInput token={p.csrfToken} />
              <ErrorSummary state={own} form={form} t={t} />
              <Field
                form={form}
                state={own}
                name="name"
                label={t('team.templateName')}
                required
                maxlength={100}
              />
              <TextArea
                form={form}
                state={own}
                name="body"
                label={t('team.templateBody')}
                required
                rows={4}
                maxlength={5000}
              />
              <div class="buttons">
                <button type="submit">{t('team.saveTemplate')}</button>
              </div>
            </form>
            <form method="post" action={`/settings/templates/${tpl.id}/delete`}>
              <CsrfInput token={p.csrfToken} />
              <button type="submit" class="secondary outline small">
                {t('team.deleteTemplate')}
              </button>
            </form>
          </article>
        );
      })}
      <h2>{t('team.createTemplate')}</h2>
      <form method="post" action="/settings/templates" novalidate>
        <CsrfInput token={p.csrfToken} />
        <ErrorSummary state={state} form="template" t={t} />
        <Field
          form="template"
          state={state}
          name="name"
          label={t('team.templateName')}
          required
          maxlength={100}
        />
        <TextArea
          form="template"
          state={state}
          name="body"
          label={t('team.templateBody')}
          required
          rows={4}
          maxlength={5000}
        />
        <button type="submit">{t('team.createTemplate')}</button>
      </form>
    </>
  );
}

/** The signing secret shown the once after creating or rotating. */
function SecretOnce({ t, secret }: { t: Translate; secret: string }) {
  return (
    <article class="flash" role="status" aria-labelledby="secret-title">
      <strong id="secret-title">{t('team.webhookSecretOnce')}</strong>
      <p class="secret" id="webhook-secret">
        <code>{secret}</code>
      </p>
    </article>
  );
}

/** Webhook 端点 — the merchant's endpoints and the form for a new one (a key per rendered form). */
export function WebhooksPage(p: {
  t: Translate;
  csrfToken: string | undefined;
  endpoints: WebhookEndpoint[];
  formKey: string;
  state?: FormState | undefined;
}) {
  const { t, state } = p;
  const checked = new Set(
    state?.form === 'webhook' ? [state.values.eventTypes ?? []].flat() : ['complaint.assigned'],
  );
  return (
    <>
      <h1>{t('team.webhooks')}</h1>
      <Back t={t} />
      <p>{t('team.webhooksIntro')}</p>
      {p.endpoints.length === 0 ? (
        <p>{t('team.noWebhooks')}</p>
      ) : (
        <div class="overflow-auto">
          <table class="responsive striped">
            <thead>
              <tr>
                <th scope="col">{t('team.webhookUrl')}</th>
                <th scope="col">{t('team.webhookEvents')}</th>
                <th scope="col">{t('team.deliveryStatus')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('team.open')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {p.endpoints.map((e) => (
                <tr data-endpoint={e.id}>
                  <td data-label={t('team.webhookUrl')} class="secret">
                    {e.url}
                  </td>
                  <td data-label={t('team.webhookEvents')}>{e.eventTypes.length}</td>
                  <td data-label={t('team.deliveryStatus')}>
                    {e.enabled ? t('team.enabled') : t('team.disabled')}
                  </td>
                  <td>
                    <a href={`/settings/webhooks/${e.id}`}>{t('team.open')}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t('team.createWebhook')}</h2>
      <form method="post" action="/settings/webhooks" novalidate>
        <CsrfInput token={p.csrfToken} />
        <input type="hidden" name="formKey" value={p.formKey} />
        <ErrorSummary state={state} form="webhook" t={t} />
        <Field
          form="webhook"
          state={state}
          name="url"
          type="url"
          label={t('team.webhookUrl')}
          required
          placeholder="https://"
        />
        <Field
          form="webhook"
          state={state}
          name="description"
          label={t('team.webhookDescription')}
          maxlength={200}
          optionalText={t('form.optional')}
        />
        <fieldset>
          <legend>{t('team.webhookEvents')}</legend>
          {state?.form === 'webhook' && state.errors.eventTypes ? (
            <small class="field-error">{state.errors.eventTypes}</small>
          ) : null}
          {EVENT_TYPES.map((type) => (
            <label>
              <input type="checkbox" name="eventTypes" value={type} checked={checked.has(type)} />
              {eventLabel(t, type)}
            </label>
          ))}
        </fieldset>
        <button type="submit" id="create-webhook">
          {t('team.createWebhook')}
        </button>
      </form>
    </>
  );
}

/** One endpoint: the secret once, rotate, its delivery log and retry. */
export function WebhookPage(p: {
  t: Translate;
  csrfToken: string | undefined;
  endpoint: WebhookEndpoint;
  deliveries: WebhookDelivery[];
  secret: string | undefined;
  formKey: string;
}) {
  const { t, endpoint: e } = p;
  return (
    <>
      <h1 class="secret">{e.url}</h1>
      <p>
        <a href="/settings/webhooks">← {t('team.webhooks')}</a>
      </p>
      {p.secret ? <SecretOnce t={t} secret={p.secret} /> : null}
      <dl>
        <dt>{t('team.webhookDescription')}</dt>
        <dd>{e.description ?? '—'}</dd>
        <dt>{t('team.webhookEvents')}</dt>
        <dd>{e.eventTypes.map((type) => eventLabel(t, type)).join('、')}</dd>
        <dt>{t('team.deliveryStatus')}</dt>
        <dd>
          {e.enabled ? t('team.enabled') : t('team.disabled')}
          {e.disabledReason ? ` (${e.disabledReason})` : ''}
        </dd>
      </dl>
      <form method="post" action={`/settings/webhooks/${e.id}/rotate`}>
        <CsrfInput token={p.csrfToken} />
        <input type="hidden" name="formKey" value={p.formKey} />
        <button type="submit" class="secondary" id="rotate-secret">
          {t('team.rotateSecret')}
        </button>
        <small> {t('team.rotateNote')}</small>
      </form>
      <h2>{t('team.deliveries')}</h2>
      {p.deliveries.length === 0 ? (
        <p>{t('team.noDeliveries')}</p>
      ) : (
        <div class="overflow-auto">
          <table class="responsive striped" id="deliveries">
            <thead>
              <tr>
                <th scope="col">{t('team.deliveryEvent')}</th>
                <th scope="col">{t('team.deliveryStatus')}</th>
                <th scope="col">{t('team.deliveryAttempts')}</th>
                <th scope="col">{t('team.deliveryLast')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('team.retry')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {p.deliveries.map((d) => {
                const last = d.attempts.at(-1);
                return (
                  <tr data-delivery={d.id} data-status={d.status}>
                    <td data-label={t('team.deliveryEvent')}>
                      {eventLabel(t, d.eventType)}
                      <br />
                      <small>{dateTime(d.createdAt)}</small>
                    </td>
                    <td data-label={t('team.deliveryStatus')}>{t(`team.deliveryStatus.${d.status}`)}</td>
                    <td data-label={t('team.deliveryAttempts')}>{d.attemptCount}</td>
                    <td data-label={t('team.deliveryLast')}>
                      {last ? `${last.statusCode ?? last.error ?? '—'} · ${dateTime(last.at)}` : '—'}
                    </td>
                    <td>
                      <form method="post" action={`/settings/webhook-deliveries/${d.id}/retry`}>
                        <CsrfInput token={p.csrfToken} />
                        <button type="submit" class="secondary outline small">
                          {t('team.retry')}
                        </button>
                      </form>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
