import {
  fieldErrors,
  Invalid,
  ProblemSchema,
  parseInput,
  TokenRequest,
  Unauthenticated,
} from '@redress/core';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { type AppDeps, operation, operationRoutes } from '../context';
import type { AppEnv } from '../http/env';
import { problem } from '../http/problem';
import { secureCookies } from '../http/security-headers';
import {
  admitSignIn,
  clientAddress,
  countPerMinute,
  setRateLimitHeaders,
  signInFailed,
  signInSucceeded,
  tooManyRequests,
} from '../rate-limits';
import { SESSION_COOKIE } from './middleware';
import { issueAccessToken, signIn, signOut } from './service';

const LoginInput = z.object({
  email: z.string().trim().min(1).max(200),
  password: z.string().min(1).max(200),
  next: z.string().max(500).optional(),
});

/** Reads a form or JSON body into a plain object (OAuth clients send forms, others JSON). */
async function formOrJson(c: {
  req: {
    header(n: string): string | undefined;
    json(): Promise<unknown>;
    parseBody(): Promise<Record<string, unknown>>;
  };
}) {
  const type = c.req.header('Content-Type') ?? '';
  try {
    if (/^application\/json/i.test(type)) return (await c.req.json()) as Record<string, unknown>;
    if (/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type))
      return await c.req.parseBody();
  } catch {
    throw new HTTPException(400, { message: 'the body could not be read: malformed JSON or form' });
  }
  return {};
}

const NEXT_BASE = 'http://portal.invalid';

/**
 * A path of the portal to go to after sign-in; anything else goes home (no open redirect). The
 * address is read as a browser reads a Location (which drops tabs and newlines and takes `\`
 * for `/`, so `/\t/host` is `//host`): whatever does not stay on the portal is refused, and
 * what stays is given back as the parser wrote it, with nothing a header cannot carry.
 */
export function safeNext(next: string | undefined): string {
  if (!next?.startsWith('/')) return '/';
  let url: URL;
  try {
    url = new URL(next, NEXT_BASE);
  } catch {
    return '/';
  }
  if (url.origin !== NEXT_BASE) return '/';
  const path = url.pathname + url.search + url.hash;
  return path.startsWith('//') ? '/' : path;
}

/**
 * RFC 6749 §2.3.1 client credentials in `Authorization: Basic`: base64 of `id:secret`, each
 * form-encoded. Only the first colon separates them. Anything that does not decode so is
 * `malformed` (a 400), never an exception.
 */
export function basicCredentials(
  header: string | undefined,
): { id: string; secret: string } | 'malformed' | null {
  const match = /^Basic(?:\s+(\S*))?\s*$/i.exec(header ?? '');
  if (!match) return null;
  const encoded = match[1] ?? '';
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 === 1) return 'malformed';
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0 || decoded.includes('\uFFFD')) return 'malformed';
  try {
    const unform = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    return { id: unform(decoded.slice(0, colon)), secret: unform(decoded.slice(colon + 1)) };
  } catch {
    return 'malformed';
  }
}

/** `POST /oauth/token` — RFC 6749 §5.1. */
export const AccessTokenSchema = z
  .object({
    access_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int().meta({ example: 900 }),
    scope: z.string().meta({ example: 'read write' }),
  })
  .meta({ id: 'AccessToken' });

/** A problem from `/oauth/token`, which also carries the RFC 6749 §5.2 `error` code. */
export const OAuthProblemSchema = ProblemSchema.extend({
  error: z.enum(['invalid_request', 'invalid_client', 'slow_down']),
}).meta({ id: 'OAuthProblem' });

/** `GET /.well-known/jwks.json` — RFC 7517. */
export const JwksSchema = z
  .object({
    keys: z.array(
      z
        .object({ kty: z.string(), kid: z.string().optional(), alg: z.string().optional() })
        .catchall(z.unknown()),
    ),
  })
  .meta({ id: 'Jwks' });

/**
 * The token request's body as sent: the client's credentials come in it or as HTTP Basic
 * (RFC 6749 §2.3.1), so neither is required here. The route checks the request with both
 * together against core's `TokenRequest`.
 */
const TokenRequestBody = TokenRequest.extend({
  client_id: TokenRequest.shape.client_id.optional().meta({
    description: 'Required unless the credentials come as HTTP Basic.',
  }),
  client_secret: TokenRequest.shape.client_secret.optional().meta({
    description: 'Required unless the credentials come as HTTP Basic.',
  }),
});

/** Sign-in for integrations and the keys that sign its tokens. */
export const authOperations = [
  operation(
    {
      method: 'post',
      path: '/oauth/token',
      operationId: 'issueAccessToken',
      summary: 'Get an access token',
      description:
        'OAuth 2 client credentials (RFC 6749 §4.4), as a form or JSON. The client’s credentials come as `client_id` and `client_secret` in the body, or as HTTP Basic (`clientBasic`, RFC 6749 §2.3.1); a field in the body wins over Basic.',
      tag: 'Auth',
      access: 'public',
      security: [{}, { clientBasic: [] }],
      body: {
        name: 'TokenRequest',
        schema: TokenRequestBody,
        mediaTypes: ['application/x-www-form-urlencoded', 'application/json'],
      },
      success: { status: 200, schema: AccessTokenSchema, description: 'A short-lived access token.' },
      onlyErrors: [400, 401, 413, 422, 429],
      problem: OAuthProblemSchema,
      // Answered by the portal's middleware before the endpoint reads the request.
      plainProblems: [413, 422],
    },
    (c, deps) => issueToken(c, deps),
  ),
  operation(
    {
      method: 'get',
      path: '/.well-known/jwks.json',
      operationId: 'getJwks',
      summary: 'The token signing keys',
      description: 'The public keys that sign access tokens (JWKS).',
      tag: 'Auth',
      access: 'public',
      success: { status: 200, schema: JwksSchema, description: 'The key set.' },
      onlyErrors: [],
    },
    (c, deps) => {
      c.header('Cache-Control', 'public, max-age=300');
      return c.json(deps.keys.jwks);
    },
  ),
];

async function issueToken(c: Context<AppEnv>, deps: AppDeps): Promise<Response> {
  let body: Record<string, unknown>;
  try {
    body = await formOrJson(c);
  } catch (err) {
    // RFC 6749 §5.2: every error of the token endpoint names its `error`.
    if (err instanceof HTTPException && err.status === 400) {
      return problem(c, 400, err.message, { error: 'invalid_request' });
    }
    throw err;
  }
  // RFC 6749 §2.3.1: the credentials may come as HTTP Basic instead of in the body.
  const basic = basicCredentials(c.req.header('Authorization'));
  if (basic === 'malformed') {
    return problem(c, 400, 'the Basic credentials must be base64 of client_id:client_secret, form-encoded', {
      error: 'invalid_request',
    });
  }
  if (basic) {
    body.client_id ??= basic.id;
    body.client_secret ??= basic.secret;
  }
  const parsed = parseInput(TokenRequest, body);
  if (!parsed.success) {
    return problem(c, 400, 'send grant_type=client_credentials with client_id and client_secret', {
      error: 'invalid_request',
      errors: fieldErrors(parsed.error),
    });
  }
  const standing = await countPerMinute(
    deps,
    `token:${parsed.data.client_id}`,
    deps.config.rateLimits.tokenPerMinute,
  );
  if (standing.retryAfterSeconds !== undefined) {
    return tooManyRequests(c, standing, 'too many token requests for this client: wait and try again', {
      error: 'slow_down',
    });
  }
  c.header('RateLimit-Limit', String(standing.limit));
  c.header('RateLimit-Remaining', String(standing.remaining));
  c.header('RateLimit-Reset', String(standing.resetSeconds));
  try {
    const token = await issueAccessToken(deps, {
      clientId: parsed.data.client_id,
      clientSecret: parsed.data.client_secret,
      scope: parsed.data.scope,
    });
    c.header('Cache-Control', 'no-store');
    return c.json(token);
  } catch (err) {
    if (err instanceof Unauthenticated) return problem(c, 401, err.message, { error: 'invalid_client' });
    throw err;
  }
}

export function authRoutes(deps: AppDeps) {
  return operationRoutes(deps, '', authOperations)
    .post('/login', async (c) => {
      const isForm = !/^application\/json/i.test(c.req.header('Content-Type') ?? '');
      const parsed = parseInput(LoginInput, await formOrJson(c));
      if (!parsed.success) {
        if (isForm) return c.redirect('/login?error=missing', 303);
        throw new Invalid('email and password are required', fieldErrors(parsed.error));
      }
      const { email } = parsed.data;
      const address = clientAddress(c, deps.config.rateLimits.trustProxy);
      const attempt = await admitSignIn(deps, email, address);
      if (attempt.kind === 'refused') {
        const refusal = attempt.standing;
        if (isForm) {
          const res = c.redirect('/login?error=wait', 303);
          setRateLimitHeaders(res.headers, refusal);
          return res;
        }
        return tooManyRequests(c, refusal, 'too many failed sign-ins: wait and try again');
      }
      try {
        const session = await signIn(deps, email, parsed.data.password);
        await signInSucceeded(deps, email, address);
        setCookie(c, SESSION_COOKIE, session.cookie, {
          httpOnly: true,
          sameSite: 'Lax',
          secure: secureCookies(deps.config),
          path: '/',
          maxAge: session.maxAge,
        });
        if (isForm) return c.redirect(safeNext(parsed.data.next), 303);
        return c.json({ id: session.user.id, email: session.user.email, role: session.user.role });
      } catch (err) {
        if (err instanceof Unauthenticated) await signInFailed(deps, email, attempt);
        if (err instanceof Unauthenticated && isForm) {
          const next = parsed.data.next ? `&next=${encodeURIComponent(safeNext(parsed.data.next))}` : '';
          return c.redirect(`/login?error=credentials${next}`, 303);
        }
        throw err;
      }
    })
    .post('/logout', async (c) => {
      const sessionId = c.get('sessionId');
      if (sessionId) await signOut(deps, sessionId);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return /^application\/json/i.test(c.req.header('Accept') ?? '')
        ? c.body(null, 204)
        : c.redirect('/login', 303);
    });
}
