import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { alertRoutes } from './alerts';
import { apiClientRoutes } from './api-clients';
import { attachmentRoutes, uploadBodyLimit } from './attachments';
import { auditRoutes } from './audit';
import { authenticate, authRoutes, requireAuth, sessionWritesSameOrigin } from './auth';
import { publicCaseRoutes, staffCaseRoutes } from './cases';
import { complaintRoutes } from './complaints';
import { consumerApiRoutes } from './consumer';
import type { AppDeps } from './context';
import { eventRoutes } from './events';
import { figureRoutes } from './figures';
import { streamsItsBody } from './http/body';
import type { AppEnv } from './http/env';
import { healthRoutes } from './http/health';
import { errorToResponse, problem } from './http/problem';
import { refuseControlCharacters } from './http/query-guard';
import { securityHeaders } from './http/security-headers';
import { idempotency } from './idempotency';
import { importRoutes } from './imports';
import { describeError } from './logger';
import { merchantRoutes } from './merchants';
import { measureRequests, metricsRoutes } from './metrics';
import { DOCS_STYLE_HASH, openApiRoutes } from './openapi';
import { pageRoutes } from './pages';
import { apiRateLimit } from './rate-limits';
import { settlementRoutes } from './settlements';
import { calendarRoutes, policyRoutes } from './sla';
import { stationRoutes } from './stations';
import { taxonomyRoutes } from './taxonomy';
import { teamRoutes } from './teams';
import { userRoutes } from './users';
import { assetRoutes } from './web/assets';
import { authFormGuard } from './web/auth-guard';
import { standaloneErrorPage, wantsPage } from './web/errors';
import { webhookRoutes } from './webhooks';

/** 1 MiB: far above any complaint, small enough that no client can exhaust memory. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * The portal: middleware and routes over the given database, keys, clock and configuration.
 * Tests build a fresh one over a fresh database and call `app.request()`.
 */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.use(measureRequests(deps.metrics));
  app.use(requestId({ headerName: 'X-Request-Id', limitLength: 100 }));
  app.use(securityHeaders(deps.config, [DOCS_STYLE_HASH]));
  // The API's queries: a parameter with a control character does not fit the contract (422).
  // Pages read their parameters through the same schemas and show what they could not use.
  const refuseControl = refuseControlCharacters((c, parameter) =>
    problem(c, 422, `the query parameter ${parameter} must not contain control characters`, {
      errors: [
        { path: parameter, code: 'control_character', message: 'must not contain control characters' },
      ],
    }),
  );
  app.use('/api/*', refuseControl);
  app.use('/oauth/*', refuseControl);
  // A page's form (a calendar file too large) gets the 413 page; the API its problem+json.
  const tooLarge = (c: Context<AppEnv>) =>
    wantsPage(c)
      ? standaloneErrorPage(c, deps, 413)
      : problem(c, 413, `the body must not be larger than ${BODY_LIMIT_BYTES} bytes`);
  const limitBody = bodyLimit({
    maxSize: BODY_LIMIT_BYTES,
    onError: (c) => tooLarge(c),
  });
  // A declared length settles the usual request without touching the body (Node's parser never
  // delivers more than Content-Length). A body of unknown length (chunked, or a web Request
  // without the header) is counted as it streams by hono's bodyLimit, which on Node first turns
  // the request into a full web Request: a cost only such requests pay.
  app.use(async function limitRequestBody(c, next) {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    // An attachment's upload streams its multipart body to the store with limits of its own
    // (10 MiB a file, attachments/service.ts): only its declared length is checked here.
    const uploadLimit = uploadBodyLimit(c.req.path);
    if (uploadLimit !== undefined && /^multipart\/form-data/i.test(c.req.header('Content-Type') ?? '')) {
      const declared = c.req.header('Content-Length');
      if (declared !== undefined && Number(declared) > uploadLimit)
        return wantsPage(c)
          ? standaloneErrorPage(c, deps, 413)
          : problem(c, 413, `the file must not be larger than 10 MiB`);
      return next();
    }
    if (streamsItsBody(c.req.method, c.req.path)) return next(); // its route reads the body as it streams
    const length = c.req.header('Content-Length');
    if (length === undefined || c.req.header('Transfer-Encoding') !== undefined) return limitBody(c, next);
    if (Number(length) > BODY_LIMIT_BYTES) return tooLarge(c);
    return next();
  });
  // Before `authenticate`: its bearer token is the metrics token, not an access token.
  app.route('/', metricsRoutes(deps));
  app.use(authenticate(deps));
  app.onError((err, c) =>
    errorToResponse(err, c, (e) =>
      deps.log.error('unhandled error', { requestId: c.get('requestId'), ...describeError(e) }),
    ),
  );
  app.notFound((c) =>
    wantsPage(c)
      ? standaloneErrorPage(c, deps, 404)
      : problem(c, 404, `no route for ${c.req.method} ${c.req.path}`),
  );

  app.route('/', healthRoutes(deps));
  app.route('/', assetRoutes());
  app.use('/login', authFormGuard(deps));
  app.use('/logout', authFormGuard(deps));
  app.route('/', authRoutes(deps));
  // The consumer link's JSON: the signed token in the path is the credential, not an API token.
  app.route('/api/v1/consumer', consumerApiRoutes(deps));
  app.route('/', openApiRoutes(deps)); // public: before the authenticated API
  app.route('/', publicCaseRoutes(deps)); // public: the typical cases

  const api = new Hono<AppEnv>();
  api.use(requireAuth());
  api.use(sessionWritesSameOrigin(deps));
  api.use(apiRateLimit(deps));
  // Before the Idempotency-Key middleware, which reads a body whole: an import streams its file
  // and is idempotent by externalRef.
  api.route('/', importRoutes(deps));
  api.use(idempotency(deps));
  api.route('/complaints', complaintRoutes(deps));
  api.route('/', attachmentRoutes(deps)); // `/complaints/{id}/attachments`, `/attachments/{id}`
  api.route('/settlements', settlementRoutes(deps));
  api.route('/stations', stationRoutes(deps));
  api.route('/', merchantRoutes(deps)); // `/merchant` and `/merchants`
  api.route('/users', userRoutes(deps));
  api.route('/api-clients', apiClientRoutes(deps));
  api.route('/events', eventRoutes(deps));
  api.route('/metrics', figureRoutes(deps));
  api.route('/audit', auditRoutes(deps));
  api.route('/', webhookRoutes(deps)); // `/webhook-endpoints` and `/webhook-deliveries`
  api.route('/reply-templates', teamRoutes(deps));
  api.route('/calendars', calendarRoutes(deps));
  api.route('/sla-policies', policyRoutes(deps));
  api.route('/', taxonomyRoutes(deps));
  api.route('/alerts', alertRoutes(deps));
  api.route('/', staffCaseRoutes(deps)); // `/complaints/{id}/publish`, `/typical-cases/{id}/unpublish`
  app.route('/api/v1', api);
  app.route('/', pageRoutes(deps));

  return app;
}

export type App = ReturnType<typeof createApp>;
