import { type RedressEvent, verifyWebhook, WebhookVerificationError, webhooks } from '@redress/sdk';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';

const SECRET = `whsec_${btoa('0123456789abcdef0123456789abcdef')}`;
const OLD_SECRET = `whsec_${btoa('fedcba9876543210fedcba9876543210')}`;
const NOW = Date.parse('2026-11-30T10:00:00+08:00');

const payload: RedressEvent = {
  id: 'evt_01JD3Z6Y8G5C4F0QK3W2A1B9XE',
  type: 'complaint.assigned',
  timestamp: '2026-11-30T10:00:00.000+08:00',
  data: { object: { id: 'cmp_01JD3Z6Y8G5C4F0QK3W2A1B9XE', reference: 'PD-2026-000123' } as never },
};
const body = JSON.stringify(payload);

/** Headers as a Standard Webhooks sender writes them, signed by the reference library. */
function signed(options: { secret?: string; at?: number; id?: string; text?: string } = {}) {
  const id = options.id ?? 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
  const at = options.at ?? NOW;
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at / 1000)),
    'webhook-signature': new Webhook(options.secret ?? SECRET).sign(id, new Date(at), options.text ?? body),
  };
}

const rejects = (p: Promise<unknown>, message: RegExp) =>
  expect(p).rejects.toSatisfy(
    (e: unknown) => e instanceof WebhookVerificationError && message.test(e.message),
  );

describe('webhooks.verify', () => {
  it('accepts a delivery signed per Standard Webhooks and returns its event', async () => {
    const event = await webhooks.verify(body, signed(), SECRET, { now: NOW });
    expect(event).toEqual(payload);
    if (event.type === 'complaint.assigned') expect(event.data.object.reference).toBe('PD-2026-000123');
  });

  it('takes Headers or a record (any case), a string or bytes, a Date as now', async () => {
    const headers = new Headers(signed());
    expect(
      (await verifyWebhook(new TextEncoder().encode(body), headers, SECRET, { now: new Date(NOW) })).id,
    ).toBe(payload.id);
    const upper = Object.fromEntries(Object.entries(signed()).map(([k, v]) => [k.toUpperCase(), v]));
    expect((await verifyWebhook(body, upper, SECRET, { now: NOW })).id).toBe(payload.id);
  });

  it('refuses a tampered body, a tampered signature, a wrong secret', async () => {
    await rejects(
      webhooks.verify(body.replace('PD-2026-000123', 'PD-2026-000124'), signed(), SECRET, { now: NOW }),
      /no signature/,
    );
    // Re-serialized JSON is not the signed text either.
    await rejects(
      webhooks.verify(JSON.stringify(JSON.parse(body), null, 1), signed(), SECRET, { now: NOW }),
      /no signature/,
    );
    const headers = signed();
    const sig = headers['webhook-signature'];
    headers['webhook-signature'] = `v1,${sig.slice(3, 10)}${sig[10] === 'A' ? 'B' : 'A'}${sig.slice(11)}`;
    await rejects(webhooks.verify(body, headers, SECRET, { now: NOW }), /no signature/);
    await rejects(webhooks.verify(body, signed(), OLD_SECRET, { now: NOW }), /no signature/);
    await rejects(
      webhooks.verify(body, { ...signed(), 'webhook-signature': 'v1,%%%' }, SECRET, { now: NOW }),
      /no signature/,
    );
  });

  it('refuses a delivery older or newer than the tolerance (5 minutes by default), either way', async () => {
    await rejects(webhooks.verify(body, signed({ at: NOW - 301_000 }), SECRET, { now: NOW }), /too old/);
    await rejects(webhooks.verify(body, signed({ at: NOW + 301_000 }), SECRET, { now: NOW }), /future/);
    expect((await webhooks.verify(body, signed({ at: NOW - 299_000 }), SECRET, { now: NOW })).id).toBe(
      payload.id,
    );
    expect((await webhooks.verify(body, signed({ at: NOW + 299_000 }), SECRET, { now: NOW })).id).toBe(
      payload.id,
    );
    await rejects(
      webhooks.verify(body, signed({ at: NOW - 61_000 }), SECRET, { now: NOW, toleranceSeconds: 60 }),
      /too old/,
    );
  });

  it('accepts a rotation: several signatures in the header, several secrets to try', async () => {
    const fresh = signed();
    const old = signed({ secret: OLD_SECRET });
    const both = {
      ...fresh,
      'webhook-signature': `${old['webhook-signature']} ${fresh['webhook-signature']}`,
    };
    expect((await webhooks.verify(body, both, SECRET, { now: NOW })).id).toBe(payload.id);
    expect((await webhooks.verify(body, both, OLD_SECRET, { now: NOW })).id).toBe(payload.id);
    expect((await webhooks.verify(body, old, [SECRET, OLD_SECRET], { now: NOW })).id).toBe(payload.id);
    const other = `whsec_${btoa('another secret entirely 32 bytes')}`;
    await rejects(webhooks.verify(body, both, other, { now: NOW }), /no signature/);
  });

  it('refuses missing headers and a timestamp that is no number', async () => {
    const { 'webhook-signature': _, ...unsigned } = signed();
    await rejects(webhooks.verify(body, unsigned, SECRET, { now: NOW }), /missing/);
    await rejects(
      webhooks.verify(body, { ...signed(), 'webhook-timestamp': 'soon' }, SECRET, { now: NOW }),
      /not a number/,
    );
  });

  it('agrees with the reference library on what it accepts', async () => {
    const headers = signed({ at: Date.now() });
    expect(new Webhook(SECRET).verify(body, headers)).toEqual(await webhooks.verify(body, headers, SECRET));
  });
});
