import {
  type Attachment,
  ComplaintId,
  Conflict,
  Invalid,
  MAX_ATTACHMENT_NOTE,
  MAX_ATTACHMENTS_PER_COMPLAINT,
  NotFound,
  Unauthenticated,
} from '@redress/core';
import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Child } from 'hono/jsx';
import { consumerComplaintOf } from '../complaints';
import { type AppDeps, type ServiceContext, withPrincipal } from '../context';
import { consumerPrincipal } from '../http/principal';
import { CsrfInput, dateTime, FileLink, sizeText } from '../web/components';
import { streamedFormToken } from '../web/csrf';
import { errorPage } from '../web/errors';
import type { MessageKey, Params, Translate } from '../web/i18n';
import { pageUser, redirectWithFlash, requireUser } from '../web/middleware';
import type { PageEnv } from '../web/page-env';
import { uploadSource } from './routes';
import { listAttachments, type MessageForm, readMessageForm, uploadAttachment } from './service';

/**
 * The evidence section of a complaint page: each file (pictures as thumbnails, sized by CSS and
 * served through the same access checks as the API's downloads; PDFs and HEIC photos as links),
 * and a plain form that uploads without JavaScript, from a file or a phone's camera.
 */
export function AttachmentsSection(p: {
  t: Translate;
  attachments: Attachment[];
  /** The address of a file's bytes: the API's download, for the page's own session or link. */
  src: (a: Attachment) => string;
  action: string;
  csrfToken: string | undefined;
}) {
  const { t } = p;
  const full = p.attachments.length >= MAX_ATTACHMENTS_PER_COMPLAINT;
  return (
    <section aria-labelledby="evidence" id="attachments">
      <h2 id="evidence">{t('attachment.title')}</h2>
      {p.attachments.length === 0 ? (
        <p>{t('attachment.none')}</p>
      ) : (
        <>
          <ul class="attachments">
            {p.attachments.map((a) => (
              <li data-attachment={a.id}>
                <FileLink t={t} file={a} src={p.src(a)} />
                <small class="meta">
                  {a.fileName} · {sizeText(a.sizeBytes)} ·{' '}
                  {t(`attachment.by.${a.uploadedBy.actor}` as MessageKey)} ·{' '}
                  <time datetime={a.createdAt}>{dateTime(a.createdAt)}</time>
                </small>
                {a.note ? <p class="story">{a.note}</p> : null}
              </li>
            ))}
          </ul>
          <p>
            <small>
              {t('attachment.count', { count: p.attachments.length, max: MAX_ATTACHMENTS_PER_COMPLAINT })}
            </small>
          </p>
        </>
      )}
      {full ? (
        <p>{t('attachment.full', { max: MAX_ATTACHMENTS_PER_COMPLAINT })}</p>
      ) : (
        <form method="post" action={p.action} enctype="multipart/form-data" class="upload">
          {/* The form token first: it is checked before the file is read. */}
          <CsrfInput token={p.csrfToken} />
          <fieldset>
            <legend>{t('attachment.upload')}</legend>
            <label for="attachment-file">
              {t('attachment.file')}
              <input id="attachment-file" type="file" name="file" accept="image/*,application/pdf" />
            </label>
            <label for="attachment-camera">
              {t('attachment.camera')}
              <input id="attachment-camera" type="file" name="file" accept="image/*" capture="environment" />
            </label>
            <small>{t('attachment.hint')}</small>
            <label for="attachment-note">
              {t('attachment.note')} <small>{t('form.optional')}</small>
              <textarea id="attachment-note" name="note" rows={2} maxlength={MAX_ATTACHMENT_NOTE} />
            </label>
          </fieldset>
          <button type="submit">{t('attachment.submit')}</button>
        </form>
      )}
    </section>
  );
}

/** The complaint page's evidence, for a signed-in merchant, station or staff (complaints/pages.tsx). */
export async function attachmentsSection(
  c: Context<PageEnv>,
  ctx: ServiceContext,
  complaintId: string,
): Promise<Child> {
  return (
    <AttachmentsSection
      t={c.get('t')}
      attachments={await listAttachments(ctx, complaintId)}
      src={(a) => `/api/v1/attachments/${a.id}`}
      action={`/complaints/${complaintId}/attachments`}
      csrfToken={c.get('csrfToken')}
    />
  );
}

/** The consumer page's evidence, through their link (consumer/pages.tsx). */
export async function consumerAttachmentsSection(
  c: Context<PageEnv>,
  ctx: ServiceContext,
  token: string,
): Promise<Child> {
  return (
    <AttachmentsSection
      t={c.get('t')}
      attachments={await listAttachments(ctx, ctx.principal.id ?? '')}
      src={(a) => `/api/v1/consumer/${token}/attachments/${a.id}`}
      action={`/c/${token}/attachments`}
      csrfToken={c.get('csrfToken')}
    />
  );
}

/**
 * The complaint page's message forms sent with their files (complaints/pages.tsx's
 * `messageForm`): the text fields and the files stored, the form token checked before a file.
 */
export function messageFormPart(deps: AppDeps) {
  return (
    c: Context<PageEnv>,
    ctx: ServiceContext,
    complaintId: string,
    check: (values: Record<string, string>) => Invalid | null,
  ): Promise<MessageForm> =>
    readMessageForm(ctx, complaintId, uploadSource(c), streamedFormToken(deps, c), check);
}

/** Why an upload was refused, in the page's words (a flash message on the page it came from). */
function refusal(err: unknown): { key: MessageKey; params?: Params } | null {
  if (err instanceof Invalid) {
    const code = err.errors[0]?.code;
    if (code === 'unsupported_type') return { key: 'flash.attachment.unsupported' };
    if (code === 'too_many')
      return { key: 'flash.attachment.tooMany', params: { max: MAX_ATTACHMENTS_PER_COMPLAINT } };
    if (code === 'too_long')
      return { key: 'flash.attachment.noteTooLong', params: { max: MAX_ATTACHMENT_NOTE } };
    return { key: 'flash.attachment.missing' };
  }
  if (err instanceof Conflict) return { key: 'flash.attachment.ended' };
  if (err instanceof HTTPException && err.status === 413) return { key: 'flash.attachment.tooLarge' };
  if (err instanceof HTTPException && (err.status === 400 || err.status === 415))
    return { key: 'flash.attachment.malformed' };
  return null;
}

/**
 * The page forms' uploads: `POST /complaints/{id}/attachments` (signed in) and
 * `POST /c/{token}/attachments` (the consumer's link). Each streams the file to the same
 * service verb as the API, then goes back to the page (post-redirect-get) with what happened.
 */
export function attachmentPages(deps: AppDeps) {
  const upload = async (
    c: Context<PageEnv>,
    ctx: ServiceContext,
    complaintId: string,
    back: string,
  ): Promise<Response> => {
    try {
      await uploadAttachment(ctx, complaintId, uploadSource(c), { checkToken: streamedFormToken(deps, c) });
    } catch (err) {
      const why = refusal(err);
      if (!why) throw err;
      return redirectWithFlash(c, `${back}#attachments`, why.key, why.params, 'error');
    }
    return redirectWithFlash(c, `${back}#attachments`, 'flash.attached');
  };
  return new Hono<PageEnv>()
    .post('/complaints/:id/attachments', requireUser(), async (c) => {
      const parsed = ComplaintId.safeParse(c.req.param('id'));
      if (!parsed.success) throw new NotFound('complaint');
      return upload(c, withPrincipal(deps, pageUser(c)), parsed.data, `/complaints/${parsed.data}`);
    })
    .post('/c/:token/attachments', async (c) => {
      const token = c.req.param('token');
      let complaintId: string;
      try {
        complaintId = await consumerComplaintOf(deps, token);
      } catch (err) {
        if (err instanceof Unauthenticated) return errorPage(c, 404, 'link');
        throw err;
      }
      c.header('Referrer-Policy', 'no-referrer');
      return upload(c, withPrincipal(deps, consumerPrincipal(complaintId)), complaintId, `/c/${token}`);
    });
}
