import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  Redress,
  RedressError,
  ValidationError,
} from '@redress/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Portal, startPortal } from './portal';
import { type FaultProxy, startProxy } from './proxy';

let portal: Portal;
let proxy: FaultProxy;
let merchant: Redress;

beforeAll(async () => {
  portal = await startPortal();
  proxy = await startProxy(portal.url);
  merchant = new Redress({ baseUrl: portal.url, ...portal.clients.merchantA });
});
afterAll(async () => {
  await proxy.close();
  await portal.close();
});

const failure = (p: Promise<unknown>) =>
  p.then(
    () => Promise.reject(new Error('expected a failure')),
    (e: unknown) => e,
  );

describe('each error class from a real answer', () => {
  it('401: a token that is not valid, and client credentials that are wrong', async () => {
    const badToken = await failure(
      new Redress({ baseUrl: portal.url, accessToken: 'not-a-token' }).merchant.get(),
    );
    expect(badToken).toBeInstanceOf(AuthenticationError);
    expect(badToken).toMatchObject({ status: 401, type: 'https://redress.dev/problems/unauthenticated' });
    expect((badToken as ApiError).requestId).toEqual(expect.any(String));
    const badSecret = await failure(
      new Redress({
        baseUrl: portal.url,
        clientId: portal.clients.merchantA.clientId,
        clientSecret: 'wrong',
      }).merchant.get(),
    );
    expect(badSecret).toBeInstanceOf(AuthenticationError);
  });

  it('403: a read-only token writing, and a role that may not', async () => {
    const c = await portal.intake();
    const readOnly = new Redress({ baseUrl: portal.url, ...portal.clients.merchantA, scope: 'read' });
    expect((await readOnly.complaints.get(c.id)).id).toBe(c.id);
    const write = await failure(readOnly.complaints.acknowledge(c.id));
    expect(write).toBeInstanceOf(PermissionDeniedError);
    expect((write as ApiError).detail).toMatch(/write scope/);
    const role = await failure(
      merchant.settlements.create({
        stationId: portal.station.id,
        merchantName: '某商户',
        outcome: 'refund',
        amountFen: 100,
        consumerAccepted: true,
        summary: '商户不能登记联络站和解',
      }),
    );
    expect(role).toBeInstanceOf(PermissionDeniedError);
  });

  it('404: another merchant’s complaint', async () => {
    const c = await portal.intake({ merchantId: portal.merchantB.id });
    const err = await failure(merchant.complaints.get(c.id));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({ status: 404, title: 'Not found' });
  });

  it('409: a transition the status does not allow, with the allowed actions', async () => {
    const c = await portal.intake();
    await merchant.complaints.acknowledge(c.id);
    const err = await failure(merchant.complaints.acknowledge(c.id));
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).allowed).toContain('request_info');
  });

  it('422: input that is not valid, with the field errors', async () => {
    const c = await portal.intake();
    const err = await failure(merchant.complaints.message(c.id, { body: '   ' }));
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).errors).toEqual([
      { path: 'body', code: 'too_short', message: expect.any(String) },
    ]);
  });

  it('400 and 415: a malformed body and a body not sent as JSON', async () => {
    const c = await portal.intake();
    const tamper = (change: (init: RequestInit) => RequestInit) =>
      new Redress({
        baseUrl: portal.url,
        ...portal.clients.merchantA,
        maxRetries: 0,
        fetch: (url, init) =>
          fetch(url, String(url).includes('/oauth/') || init?.method === 'GET' ? init : change(init ?? {})),
      });
    const malformed = await failure(
      tamper((init) => ({ ...init, body: '{"body": ' })).complaints.message(c.id, { body: '你好' }),
    );
    expect(malformed).toBeInstanceOf(BadRequestError);
    expect(malformed).toMatchObject({ status: 400 });
    const plain = await failure(
      tamper((init) => ({
        ...init,
        headers: { ...(init.headers as object), 'Content-Type': 'text/plain' },
      })).complaints.message(c.id, { body: '你好' }),
    );
    expect(plain).toBeInstanceOf(BadRequestError);
    expect(plain).toMatchObject({ status: 415 });
  });

  it('429 and 5xx from a server in front of the portal', async () => {
    const viaProxy = new Redress({ baseUrl: proxy.url, ...portal.clients.merchantA, maxRetries: 0 });
    proxy.set((req) =>
      req.path.startsWith('/api/')
        ? { kind: 'reply', status: 429, headers: { 'retry-after': '7' } }
        : { kind: 'forward' },
    );
    const limited = await failure(viaProxy.merchant.get());
    expect(limited).toBeInstanceOf(RateLimitError);
    expect((limited as RateLimitError).retryAfter).toBe(7);
    for (const status of [500, 502, 503]) {
      proxy.set((req) => (req.path.startsWith('/api/') ? { kind: 'reply', status } : { kind: 'forward' }));
      const err = await failure(viaProxy.merchant.get());
      expect(err).toBeInstanceOf(InternalServerError);
      expect(err).toMatchObject({ status });
    }
    proxy.set(() => ({ kind: 'forward' }));
  });

  it('no answer at all: ConnectionError, which is no ApiError', async () => {
    const closed = await startProxy(portal.url);
    const url = closed.url;
    await closed.close();
    const err = await failure(new Redress({ baseUrl: url, accessToken: 'x', maxRetries: 0 }).merchant.get());
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err).toBeInstanceOf(RedressError);
    expect(err).not.toBeInstanceOf(ApiError);
  });

  it('refuses to start without a base URL or credentials', () => {
    expect(() => new Redress({ accessToken: 'x' })).toThrow(/baseUrl/);
    expect(() => new Redress({ baseUrl: portal.url })).toThrow(/credentials/);
  });
});
