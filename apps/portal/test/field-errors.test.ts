import { FIELD_ERROR_CODES, type FieldErrorCode } from '@redress/core';
import { describe, expect, it } from 'vitest';
import { complaintIn, expectProblem, type TestWorld, testWorld } from './harness';

/**
 * Each field error of a 422 carries a code beside its path and message: from the shape of the
 * input (zod's issues), from the checks of core's schemas, and from the rules of the services.
 */

type Body = Record<string, unknown>;
const UNKNOWN_MERCHANT = 'mer_01JD3Z6Y8G5C4F0QK3W2A1B9XE';

const complaint = (w: TestWorld): Body => ({
  channel: 'hotline',
  merchantId: w.merchantA.id,
  subject: '直播间购买的羽绒服含绒量不达标',
  description: '标称含绒量90%，检测仅为50%。',
  category: 'clothing',
  tags: ['live_streaming'],
  consumer: { name: '周女士', phone: '139 0000 1111' },
});

interface Case {
  label: string;
  body: (w: TestWorld) => Body;
  path: string;
  code: FieldErrorCode;
}

const intake = (label: string, change: Body, path: string, code: FieldErrorCode): Case => ({
  label,
  body: (w) => ({ ...complaint(w), ...change }),
  path,
  code,
});

const CASES: Case[] = [
  intake('a missing subject', { subject: undefined }, 'subject', 'required'),
  intake('a blank subject', { subject: '   ' }, 'subject', 'too_short'),
  intake('a subject too long', { subject: '长'.repeat(201) }, 'subject', 'too_long'),
  intake('a subject that is a number', { subject: 42 }, 'subject', 'invalid_type'),
  intake('a control character', { subject: 'a\u0000b' }, 'subject', 'control_character'),
  intake('an unknown channel', { channel: 'fax' }, 'channel', 'invalid_value'),
  intake('a category that is not a code', { category: 'Not A Code' }, 'category', 'not_a_code'),
  intake('a category not in the taxonomy', { category: 'no_such_category' }, 'category', 'not_found'),
  intake('an unknown tag', { tags: ['after_sales', 'nope'] }, 'tags.1', 'not_found'),
  intake('eleven tags', { tags: Array.from({ length: 11 }, () => 'minors') }, 'tags', 'too_many'),
  intake('a claim below zero', { claimFen: -1 }, 'claimFen', 'too_small'),
  intake('a claim that is a fraction', { claimFen: 1.5 }, 'claimFen', 'invalid_type'),
  intake('a merchant id of the wrong shape', { merchantId: 'mer_nope' }, 'merchantId', 'not_an_id'),
  intake('a merchant that does not exist', { merchantId: UNKNOWN_MERCHANT }, 'merchantId', 'not_found'),
  intake('a time without an offset', { receivedAt: '2026-11-30T09:00:00' }, 'receivedAt', 'invalid_format'),
  intake('a time in the future', { receivedAt: '2099-01-01T00:00:00+08:00' }, 'receivedAt', 'in_future'),
  intake(
    'a phone that is not one',
    { consumer: { name: '周', phone: 'call me' } },
    'consumer.phone',
    'invalid_phone',
  ),
  intake(
    'a field the input does not have',
    { consumer: { name: '周', idCard: 'x' } },
    'consumer',
    'unknown_field',
  ),
];

async function refused(w: TestWorld, path: string, body: Body, label: string) {
  const res = await w.call(w.actors.staff, 'POST', path, body);
  expectProblem(res, 422, label);
  for (const e of res.body.errors) {
    expect(Object.keys(e).sort(), label).toEqual(['code', 'message', 'path']);
    expect(FIELD_ERROR_CODES, label).toContain(e.code);
    expect(typeof e.message, label).toBe('string');
  }
  return res.body.errors as { path: string; code: string; message: string }[];
}

describe('the code of a field error', () => {
  it('names what is wrong with each field of a complaint taken in', async () => {
    const w = await testWorld();
    for (const c of CASES) {
      const errors = await refused(w, '/api/v1/complaints', c.body(w), c.label);
      expect(errors, c.label).toContainEqual(expect.objectContaining({ path: c.path, code: c.code }));
    }
  });

  it('names a credit code, an email, a rule of the lifecycle and a reused idempotency key', async () => {
    const w = await testWorld();
    const merchant = await w.call(w.admin, 'POST', '/api/v1/merchants', {
      name: '丁餐饮',
      creditCode: '123',
    });
    expectProblem(merchant, 422);
    expect(merchant.body.errors).toEqual([
      {
        path: 'creditCode',
        code: 'not_a_credit_code',
        message: 'must be an 18-character unified social credit code',
      },
    ]);

    const user = await w.call(w.admin, 'POST', '/api/v1/users', {
      email: 'not-an-email',
      password: 'short',
      role: 'merchant_agent',
      merchantId: w.merchantA.id,
    });
    expectProblem(user, 422);
    expect(user.body.errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([
      ['email', 'invalid_email'],
      ['password', 'too_short'],
    ]);
    const noMerchant = await w.call(w.admin, 'POST', '/api/v1/users', {
      email: 'agent@example.cn',
      password: 'a long enough password',
      role: 'merchant_agent',
    });
    expect(noMerchant.body.errors).toEqual([
      { path: 'merchantId', code: 'required', message: 'required for this role' },
    ]);

    const c = await complaintIn(w, 'acknowledged');
    const settle = await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${c.id}/settlement`, {
      outcome: 'repair',
      amountFen: 0,
      consumerAccepted: false,
    });
    expectProblem(settle, 422);
    expect(settle.body.errors).toEqual([
      expect.objectContaining({ path: 'consumerAccepted', code: 'not_accepted' }),
    ]);

    const key = { 'Idempotency-Key': 'seams-reused' };
    const first = await w.call(
      w.actors.merchantA,
      'POST',
      `/api/v1/complaints/${c.id}/messages`,
      { body: '一' },
      key,
    );
    expect(first.status).toBe(200);
    const again = await w.call(
      w.actors.merchantA,
      'POST',
      `/api/v1/complaints/${c.id}/messages`,
      { body: '二' },
      key,
    );
    expectProblem(again, 422);
    expect(again.body.errors).toEqual([expect.objectContaining({ path: 'Idempotency-Key', code: 'reused' })]);
  });
});
