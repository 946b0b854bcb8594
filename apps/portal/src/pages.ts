import { Hono, type MiddlewareHandler } from 'hono';
import { adminPages } from './admin';
import { alertPages, openAlertsSlot } from './alerts';
import { attachmentPages, attachmentsSection, isUploadPath, messageFormPart } from './attachments';
import { auditPages } from './audit';
import { authPages } from './auth';
import { casePages } from './cases';
import { complaintPages, staffPages } from './complaints';
import { consumerPages } from './consumer';
import type { AppDeps } from './context';
import { figurePages } from './figures';
import { importPages } from './imports';
import { merchantPages } from './merchants';
import { noticePages } from './notices';
import { calendarPages } from './sla';
import { stationPages } from './stations';
import { teamPages } from './teams';
import { userPages } from './users';
import { pageCsrf } from './web/csrf';
import { pageErrorHandler } from './web/errors';
import { pageContext } from './web/middleware';
import type { PageEnv } from './web/page-env';

/**
 * Mounted at `/` after the API, the page middleware also sees what the API did not answer: an
 * unknown `/api/…` address passes straight through to the app's problem+json 404.
 */
function notForApi(middleware: MiddlewareHandler<PageEnv>): MiddlewareHandler<PageEnv> {
  return (c, next) => (c.req.path.startsWith('/api/') ? next() : middleware(c, next));
}

/**
 * The portal's server-rendered pages, mounted after the API and auth routes. Each feature
 * keeps its pages beside its service (`complaints/pages.tsx`…); this composes them under the
 * page middleware (language, flash, form token, origin check) and the HTML error pages.
 */
export function pageRoutes(deps: AppDeps) {
  const pages = new Hono<PageEnv>();
  pages.onError(pageErrorHandler(deps));
  pages.use(notForApi(pageContext(deps)));
  pages.use(notForApi(pageCsrf(deps, { streamed: isUploadPath })));
  pages.route('/', authPages(deps));
  // Before the complaint pages, whose `/complaints/:id/:slug` would take `attachments` and
  // `publish` (the typical case's, not an action).
  pages.route('/', attachmentPages(deps));
  pages.route('/', casePages(deps));
  pages.route(
    '/',
    complaintPages(deps, { evidence: attachmentsSection, messageForm: messageFormPart(deps) }),
  );
  pages.route('/', staffPages(deps));
  pages.route('/', figurePages(deps, { alerts: openAlertsSlot }));
  pages.route('/', stationPages(deps));
  pages.route('/', merchantPages(deps));
  pages.route('/', teamPages(deps));
  pages.route('/', noticePages(deps));
  pages.route('/', userPages(deps));
  pages.route('/', auditPages(deps));
  pages.route('/', alertPages(deps));
  pages.route('/', calendarPages(deps));
  pages.route('/', importPages(deps));
  pages.route('/', adminPages(deps));
  pages.route('/', consumerPages(deps));
  return pages;
}
