import { BodyInput, fieldErrors, Invalid, parseInput, Unauthenticated } from '@redress/core';
import { type Context, Hono } from 'hono';
import { consumerAttachmentsSection, readMessageForm, uploadSource } from '../attachments';
import { answerProposal, recordConsumerReply } from '../complaints';
import type { AppDeps, ServiceContext } from '../context';
import { streamedFormToken } from '../web/csrf';
import { errorPage } from '../web/errors';
import {
  domainErrors,
  FILE_FIELD_WORDS,
  type FieldNaming,
  orInvalid,
  readForm,
  refused,
  text,
  zodErrors,
} from '../web/forms';
import { page } from '../web/layout';
import { redirectWithFlash } from '../web/middleware';
import type { FormState, PageEnv } from '../web/page-env';
import { consumerContext, consumerView, rateSatisfaction, SatisfactionInput } from './service';
import { ConsumerPage } from './views/consumer-page';

/** The rating's own words when it is missing or out of range (other refusals take the kit's words). */
const RATING_FIELDS: FieldNaming = {
  words: {
    rating: {
      required: 'field.rating',
      invalid_type: 'field.rating',
      too_small: 'field.rating',
      too_big: 'field.rating',
    },
  },
};

/** The reply's files, refused: said beside the file input (`attachmentIds` are the files sent). */
const REPLY_FIELDS: FieldNaming = {
  fieldOf: (path) => (path.startsWith('attachmentIds') ? 'file' : path),
  words: { file: FILE_FIELD_WORDS },
};

/** A rating refused because the complaint has not ended, said in the form's summary. */
const NOT_ENDED: FieldNaming = {
  fieldOf: () => '_form',
  words: { _form: { too_early: 'consumer.notEnded' } },
};

/** The link's consumer, or null when the link is expired, tampered with or unknown. */
async function linkContext(deps: AppDeps, token: string): Promise<ServiceContext | null> {
  try {
    return await consumerContext(deps, token);
  } catch (err) {
    if (err instanceof Unauthenticated) return null;
    throw err;
  }
}

async function render(
  c: Context<PageEnv>,
  ctx: ServiceContext,
  token: string,
  state?: FormState,
  status?: 422,
) {
  const t = c.get('t');
  return page(c, {
    title: t('consumer.title'),
    status,
    canonical: `/c/${token}`,
    body: (
      <ConsumerPage
        t={t}
        lang={c.get('lang')}
        token={token}
        csrfToken={c.get('csrfToken')}
        view={await consumerView(ctx)}
        state={state}
        evidence={await consumerAttachmentsSection(c, ctx, token)}
      />
    ),
  });
}

/**
 * `/c/{token}` — the consumer's page (no account): read the proposal or the information request,
 * accept, reject or reply, and rate the handling. The same service verbs as the API.
 */
export function consumerPages(deps: AppDeps) {
  const withLink =
    (handle: (c: Context<PageEnv>, ctx: ServiceContext, token: string) => Promise<Response>) =>
    async (c: Context<PageEnv>) => {
      const token = c.req.param('token') ?? '';
      const ctx = await linkContext(deps, token);
      if (!ctx) return errorPage(c, 404, 'link');
      c.header('Referrer-Policy', 'no-referrer');
      return handle(c, ctx, token);
    };
  const id = (ctx: ServiceContext) => ctx.principal.id ?? '';
  return new Hono<PageEnv>()
    .get(
      '/c/:token',
      withLink((c, ctx, token) => render(c, ctx, token)),
    )
    .post(
      '/c/:token/answer',
      withLink(async (c, ctx, token) => {
        const values = await readForm(c);
        const accept = text(values, 'accept') === 'yes';
        await answerProposal(ctx, id(ctx), { accept, comment: text(values, 'comment')?.slice(0, 2_000) });
        return redirectWithFlash(c, `/c/${token}`, accept ? 'flash.accepted' : 'flash.rejected');
      }),
    )
    .post(
      '/c/:token/reply',
      withLink(async (c, ctx, token) => {
        const t = c.get('t');
        // The reply and its files in one post (multipart): the files are stored as it streams.
        const withFiles = /^multipart\/form-data/i.test(c.req.header('Content-Type') ?? '')
          ? await readMessageForm(ctx, id(ctx), uploadSource(c), streamedFormToken(deps, c), (v) => {
              // The text is judged before a file is stored: a refused reply leaves no file behind.
              const p = parseInput(BodyInput, { body: text(v, 'body') });
              return p.success ? null : new Invalid('the reply was refused', fieldErrors(p.error));
            })
          : undefined;
        const values = withFiles?.values ?? (await readForm(c));
        if (withFiles?.refused)
          return render(
            c,
            ctx,
            token,
            refused('reply', values, domainErrors(withFiles.refused, t, REPLY_FIELDS)),
            422,
          );
        const parsed = parseInput(BodyInput, {
          body: text(values, 'body'),
          ...(withFiles?.attachmentIds.length ? { attachmentIds: withFiles.attachmentIds } : {}),
        });
        if (!parsed.success)
          return render(
            c,
            ctx,
            token,
            refused('reply', values, zodErrors(parsed.error, t, REPLY_FIELDS)),
            422,
          );
        const done = await orInvalid(() => recordConsumerReply(ctx, id(ctx), parsed.data), t, REPLY_FIELDS);
        if (!done.ok) return render(c, ctx, token, refused('reply', values, done.errors), 422);
        return redirectWithFlash(c, `/c/${token}`, 'flash.replied');
      }),
    )
    .post(
      '/c/:token/rating',
      withLink(async (c, ctx, token) => {
        const values = await readForm(c);
        const t = c.get('t');
        const parsed = parseInput(SatisfactionInput, {
          rating: text(values, 'rating'),
          comment: text(values, 'comment'),
        });
        if (!parsed.success)
          return render(
            c,
            ctx,
            token,
            refused('rating', values, zodErrors(parsed.error, t, RATING_FIELDS)),
            422,
          );
        // The service refuses a complaint that has not ended: that is about the whole form, whose
        // card the page does not show then, so the reason goes to the summary.
        const done = await orInvalid(() => rateSatisfaction(ctx, parsed.data), t, NOT_ENDED);
        if (!done.ok) return render(c, ctx, token, refused('rating', values, done.errors), 422);
        return redirectWithFlash(c, `/c/${token}`, 'flash.rated');
      }),
    );
}
