import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldErrors, parseInput } from './field-errors';
import { CreateComplaintInput, CreateSettlementInput, CreditCodeSchema, MerchantId } from './schemas';
import { UpdateWebhookEndpointInput, WebhookUrl } from './webhook-schemas';

const codes = (schema: z.ZodType, value: unknown) => {
  const parsed = parseInput(schema, value);
  return parsed.success ? [] : fieldErrors(parsed.error).map((e) => `${e.path}:${e.code}`);
};

describe('fieldErrors', () => {
  it('codes the shape of the input from zod issues', () => {
    const schema = z.strictObject({
      name: z.string().min(2).max(3),
      n: z.number().int().min(1).max(5),
      list: z.array(z.string()).min(1).max(1),
      email: z.email(),
      kind: z.enum(['a', 'b']),
    });
    expect(codes(schema, { name: 'a', n: 0, list: [], email: 'x', kind: 'c', extra: 1 })).toEqual([
      'name:too_short',
      'n:too_small',
      'list:too_few',
      'email:invalid_email',
      'kind:invalid_value',
      '(body):unknown_field',
    ]);
    expect(codes(schema, { name: 'abcd', n: 9, list: ['a', 'b'], email: 'a@b.cn', kind: 'a' })).toEqual([
      'name:too_long',
      'n:too_big',
      'list:too_many',
    ]);
    expect(codes(schema, { n: 1.5, list: ['a'], email: 'a@b.cn', kind: 'a' })).toEqual([
      'name:required',
      'n:invalid_type',
    ]);
    expect(codes(WebhookUrl, 'ftp://x.cn')).toEqual(['(body):invalid_url']);
  });

  it('codes the checks of the schemas by their own names', () => {
    expect(codes(MerchantId, 'mer_nope')).toEqual(['(body):not_an_id']);
    expect(codes(CreditCodeSchema, '91310115MA1K00000O')).toEqual(['(body):not_a_credit_code']);
    const complaint = {
      channel: 'hotline',
      subject: 'a\u0007',
      description: 'd',
      category: 'Bad',
      consumer: { name: '周', phone: 'x' },
    };
    expect(codes(CreateComplaintInput, complaint)).toEqual([
      'subject:control_character',
      'category:not_a_code',
      'consumer.phone:invalid_phone',
    ]);
    const settlement = {
      stationId: 'sta_01JD3Z6Y8G5C4F0QK3W2A1B9XE',
      outcome: 'refund',
      amountFen: 1,
      consumerAccepted: true,
      summary: 's',
    };
    expect(codes(CreateSettlementInput, settlement)).toEqual(['merchantName:required']);
    expect(codes(UpdateWebhookEndpointInput, {})).toEqual(['(body):required']);
    expect(
      codes(
        z.string().refine(() => false),
        'x',
      ),
    ).toEqual(['(body):invalid']);
  });

  it('says invalid_type, not required, when the input was not reported', () => {
    const parsed = z.object({ name: z.string() }).safeParse({});
    expect(parsed.success || fieldErrors(parsed.error)).toEqual([
      { path: 'name', code: 'invalid_type', message: 'Invalid input: expected string, received undefined' },
    ]);
  });
});
