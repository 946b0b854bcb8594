import { Conflict, DomainError, Forbidden, Invalid, NotFound, Unauthenticated } from '@redress/core';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppDeps } from '../context';
import { describeError } from '../logger';
import { CsrfRejected, csrfToken } from './csrf';
import type { MessageKey } from './i18n';
import { translator } from './i18n';
import { htmlDocument, Layout, page } from './layout';
import { PageForbidden, requestLang } from './middleware';
import type { PageEnv } from './page-env';

type ErrorStatus = 400 | 403 | 404 | 409 | 413 | 500;

const TEXTS: Record<string, [MessageKey, MessageKey]> = {
  400: ['error.400.title', 'error.400.body'],
  403: ['error.403.title', 'error.403.body'],
  csrf: ['error.403.title', 'error.csrf.body'],
  404: ['error.404.title', 'error.404.body'],
  409: ['error.409.title', 'error.409.body'],
  413: ['error.413.title', 'error.413.body'],
  500: ['error.500.title', 'error.500.body'],
  link: ['error.link.title', 'error.link.body'],
};

function ErrorBody({ title, body, back }: { title: string; body: string; back: string }) {
  return (
    <article>
      <h1>{title}</h1>
      <p>{body}</p>
      <p>
        <a href="/">{back}</a>
      </p>
    </article>
  );
}

/** An error page in the layout (inside the page routes, where `c.var` is set). */
export function errorPage(
  c: Context<PageEnv>,
  status: ErrorStatus,
  kind: keyof typeof TEXTS = String(status),
) {
  const t = c.get('t');
  const [title, body] = TEXTS[kind] ?? TEXTS[500]!;
  return page(c, {
    title: t(title),
    status,
    body: <ErrorBody title={t(title)} body={t(body)} back={t('error.back')} />,
  });
}

/** The page routes' error handler: domain errors become pages, never problem documents. */
export function pageErrorHandler(deps: AppDeps) {
  return (err: Error, c: Context<PageEnv>) => {
    if (err instanceof CsrfRejected) return errorPage(c, 403, 'csrf');
    if (err instanceof PageForbidden || err instanceof Forbidden) return errorPage(c, 403);
    if (err instanceof NotFound) return errorPage(c, 404);
    if (err instanceof Conflict) return errorPage(c, 409);
    // What a page did not turn into a message beside a field (a stale or edited `cursor` in
    // the address): the request as a whole could not be read.
    if (err instanceof Invalid) return errorPage(c, 400);
    if (err instanceof Unauthenticated) return c.redirect('/login', 303);
    if (err instanceof HTTPException && err.status === 403) return errorPage(c, 403);
    if (err instanceof HTTPException && err.status === 404) return errorPage(c, 404);
    if (err instanceof HTTPException && err.status < 500) return errorPage(c, 400);
    if (!(err instanceof DomainError)) {
      deps.log.error('unhandled page error', { requestId: c.get('requestId'), ...describeError(err) });
    }
    return errorPage(c, 500);
  };
}

/** Whether an unmatched request came from a browser for a page (anything else gets problem+json). */
export function wantsPage(c: Context): boolean {
  const path = c.req.path;
  return (
    !path.startsWith('/api/') &&
    !path.startsWith('/oauth/') &&
    /text\/html/.test(c.req.header('Accept') ?? '')
  );
}

/**
 * An error page outside the page middleware (the app's 404, the sign-in and sign-out guards):
 * the language and the session's form token are worked out here.
 */
export async function standaloneErrorPage(
  c: Context,
  deps: AppDeps,
  status: ErrorStatus,
  kind: keyof typeof TEXTS = String(status),
) {
  const lang = requestLang(c);
  const t = translator(lang);
  const [title, body] = TEXTS[kind] ?? TEXTS[500]!;
  const sessionId = c.get('sessionId' as never) as string | undefined;
  return htmlDocument(
    c,
    <Layout
      lang={lang}
      t={t}
      title={t(title)}
      principal={c.get('principal' as never)}
      csrfToken={sessionId ? await csrfToken(deps.keys, sessionId) : undefined}
      flash={undefined}
      switchHref={`/?lang=${lang === 'en' ? 'zh-CN' : 'en'}`}
      current=""
    >
      <ErrorBody title={t(title)} body={t(body)} back={t('error.back')} />
    </Layout>,
    status,
  );
}
