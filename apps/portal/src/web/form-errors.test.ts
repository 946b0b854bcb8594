import { describe, expect, it } from 'vitest';
import { type TestWorld, testWorld } from '../../test/harness';

/** A refused form shows, beside each field, the page's own words for the error's code, in zh and in en. */

const ORIGIN = 'http://localhost';
const tokenIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

async function refusedForm(
  w: TestWorld,
  cookie: string,
  page: string,
  action: string,
  fields: Record<string, string>,
) {
  const form = await w.app.request(page, { headers: { Cookie: cookie, Accept: 'text/html' } });
  const res = await w.app.request(action, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN, Cookie: cookie },
    body: new URLSearchParams({ _csrf: tokenIn(await form.text()), ...fields }).toString(),
  });
  return { status: res.status, html: await res.text() };
}

const beside = (id: string, words: string) => `<small id="${id}-error" class="field-error">${words}</small>`;

describe('the words of a field error', () => {
  it('shows the station form its words for a credit code, an unknown merchant and a missing name', async () => {
    const w = await testWorld();
    const operator = await w.user('station_operator', { stationId: w.stationA.id });
    const settlement = {
      outcome: 'refund',
      amount: '300',
      consumerAccepted: 'on',
      summary: '现场和解，退款300元',
    };
    for (const [lang, words] of [
      [
        'zh-CN',
        [
          '统一社会信用代码为 18 位数字或大写字母，最后一位是校验码',
          '未找到该企业',
          '请选择企业，或填写未登记企业的名称',
        ],
      ],
      [
        'en',
        [
          'A unified social credit code is 18 digits or capital letters, the last a check character',
          'No such merchant',
          'Choose a merchant, or type the name of one that is not registered',
        ],
      ],
    ] as const) {
      const cookie = `${operator.cookie}; redress_lang=${lang}`;
      const code = await refusedForm(w, cookie, '/station', '/station/settlements', {
        ...settlement,
        merchantName: '某某小吃店',
        creditCode: '123',
      });
      expect(code.status).toBe(422);
      expect(code.html).toContain(`<html lang="${lang}">`);
      expect(code.html).toMatch(
        /id="settlement-creditCode"[^>]*aria-invalid="true"[^>]*aria-describedby="settlement-creditCode-error"/,
      );
      expect(code.html).toContain(beside('settlement-creditCode', words[0]));

      const unknown = await refusedForm(w, cookie, '/station', '/station/settlements', {
        ...settlement,
        merchantId: 'mer_01JD3Z6Y8G5C4F0QK3W2A1B9XE',
      });
      expect(unknown.status).toBe(422);
      expect(unknown.html).toContain(beside('settlement-merchantId', words[1]));

      const unnamed = await refusedForm(w, cookie, '/station', '/station/settlements', settlement);
      expect(unnamed.status).toBe(422);
      expect(unnamed.html).toContain(beside('settlement-merchantName', words[2]));
    }
  });

  it('shows the intake form the words for a missing subject and a phone that is not one', async () => {
    const w = await testWorld();
    const intake = {
      channel: 'hotline',
      category: 'clothing',
      description: '含绒量不达标',
      consumerName: '周女士',
      consumerPhone: 'call me',
    };
    for (const [lang, required, phone] of [
      ['zh-CN', '此项必填', '请输入有效的电话号码'],
      ['en', 'Required', 'Enter a phone number'],
    ] as const) {
      const cookie = `${w.admin.cookie}; redress_lang=${lang}`;
      const res = await refusedForm(w, cookie, '/intake', '/intake', intake);
      expect(res.status).toBe(422);
      expect(res.html).toContain(beside('intake-subject', required));
      expect(res.html).toContain(beside('intake-consumerPhone', phone));
    }
  });
});
