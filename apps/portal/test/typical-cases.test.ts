import { describe, expect, it } from 'vitest';
import { type TestWorld, testWorld } from './harness';

/** A complaint whose story names the consumer and their phone, ended by a settlement. */
async function settled(w: TestWorld) {
  const complaint = await w.intake({
    subject: '张晓明购买的空调漏水',
    description:
      '消费者张晓明（电话 138 1234 5678）七月购买空调，安装后漏水，多次联系客服未果，另留邮箱 zxm@example.cn。',
    consumer: { name: '张晓明', phone: '13812345678' },
  });
  const { merchantA } = w.actors;
  const acked = await w.call(merchantA, 'POST', `/api/v1/complaints/${complaint.id}/acknowledge`, {});
  expect(acked.status, JSON.stringify(acked.body)).toBe(200);
  const done = await w.call(merchantA, 'POST', `/api/v1/complaints/${complaint.id}/settlement`, {
    outcome: 'repair',
    amountFen: 0,
    consumerAccepted: true,
    note: '上门更换排水管，张晓明确认已修好',
  });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  return complaint;
}

const lesson = '空调安装后请当场试机，保留安装单据；售后推诿可向消保委投诉。';

describe('typical cases', () => {
  it('start from an anonymised draft, refuse personal details, publish, are public, and unpublish with an audit', async () => {
    const w = await testWorld();
    const { staff, merchantA } = w.actors;
    const complaint = await settled(w);

    const draft = await w.call(staff, 'GET', `/api/v1/complaints/${complaint.id}/typical-case-draft`);
    expect(draft.status).toBe(200);
    const text = JSON.stringify(draft.body);
    expect(text).not.toContain('张晓明');
    expect(text).not.toContain('5678');
    expect(text).not.toContain('zxm@example.cn');
    expect(draft.body.title).toBe('消费者购买的空调漏水');
    expect(draft.body.resolution).toContain('上门更换排水管');
    expect(draft.body.lesson).toBe('');

    // The consumer's name, their phone in another spacing, another number: refused, each field named.
    const leaky = await w.call(staff, 'POST', `/api/v1/complaints/${complaint.id}/publish`, {
      ...draft.body,
      title: '张晓明的空调',
      summary: `${draft.body.summary} 回访电话 138-1234-5678`,
      lesson: `${lesson} 咨询 021-58881234`,
    });
    expect(leaky.status).toBe(422);
    expect(leaky.body.errors.map((e: any) => [e.path, e.code])).toEqual([
      ['title', 'personal_data'],
      ['summary', 'personal_data'],
      ['lesson', 'personal_data'],
    ]);
    // The refusal does not repeat what it refused.
    expect(JSON.stringify(leaky.body)).not.toContain('5678');
    expect(await w.runtime.db.selectFrom('typical_cases').select('id').execute()).toEqual([]);

    const published = await w.call(staff, 'POST', `/api/v1/complaints/${complaint.id}/publish`, {
      ...draft.body,
      lesson,
    });
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({
      id: expect.stringMatching(/^tcs_/),
      lesson,
      category: 'appliance_repair',
    });
    const again = await w.call(staff, 'POST', `/api/v1/complaints/${complaint.id}/publish`, {
      ...draft.body,
      lesson,
    });
    expect(again.status).toBe(409);

    // Public, with no credentials; filtered by category.
    const list = await w.call(null, 'GET', '/api/v1/typical-cases');
    expect(list.status).toBe(200);
    expect(list.body.data.map((c: any) => c.id)).toEqual([published.body.id]);
    expect(JSON.stringify(list.body)).not.toContain('张晓明');
    expect((await w.call(null, 'GET', '/api/v1/typical-cases?category=clothing')).body.data).toEqual([]);
    expect((await w.call(null, 'GET', `/api/v1/typical-cases/${published.body.id}`)).body.title).toBe(
      draft.body.title,
    );

    // Only staff publish or unpublish.
    expect(
      (await w.call(merchantA, 'GET', `/api/v1/complaints/${complaint.id}/typical-case-draft`)).status,
    ).toBe(403);
    expect(
      (
        await w.call(merchantA, 'POST', `/api/v1/typical-cases/${published.body.id}/unpublish`, {
          reason: 'x',
        })
      ).status,
    ).toBe(403);
    expect(
      (await w.call(null, 'POST', `/api/v1/typical-cases/${published.body.id}/unpublish`, { reason: 'x' }))
        .status,
    ).toBe(401);

    const down = await w.call(staff, 'POST', `/api/v1/typical-cases/${published.body.id}/unpublish`, {
      reason: '企业已整改，撤下',
    });
    expect(down.status).toBe(204);
    expect((await w.call(null, 'GET', `/api/v1/typical-cases/${published.body.id}`)).status).toBe(404);
    expect((await w.call(null, 'GET', '/api/v1/typical-cases')).body.data).toEqual([]);
    expect(
      (
        await w.call(staff, 'POST', `/api/v1/typical-cases/${published.body.id}/unpublish`, {
          reason: '再次',
        })
      ).status,
    ).toBe(409);
    // The audit: the row stays, with who, when and why.
    const row = await w.runtime.db.selectFrom('typical_cases').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ unpublished_by: staff.id, unpublish_reason: '企业已整改，撤下' });
    expect(Number(row.unpublished_at)).toBe(w.clock.now());
  });

  it('one published case per complaint, even when several staff publish at the same instant', async () => {
    const w = await testWorld();
    const complaint = await settled(w);
    const { staff } = w.actors;
    const draft = await w.call(staff, 'GET', `/api/v1/complaints/${complaint.id}/typical-case-draft`);
    const body = { ...draft.body, lesson };
    const both = await Promise.all(
      Array.from({ length: 6 }, () =>
        w.call(staff, 'POST', `/api/v1/complaints/${complaint.id}/publish`, body),
      ),
    );
    expect(both.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const refused = both.find((r) => r.status === 409);
    expect(refused?.body.detail).toBe('this complaint is already published as a typical case');
    expect(await w.runtime.db.selectFrom('typical_cases').select('id').execute()).toHaveLength(1);

    // Taken down, it may be published again: the rule holds only among published cases.
    const first = both.find((r) => r.status === 201);
    const down = await w.call(staff, 'POST', `/api/v1/typical-cases/${first?.body.id}/unpublish`, {
      reason: '改写',
    });
    expect(down.status).toBe(204);
    const again = await w.call(staff, 'POST', `/api/v1/complaints/${complaint.id}/publish`, body);
    expect(again.status).toBe(201);
    expect(await w.runtime.db.selectFrom('typical_cases').select('id').execute()).toHaveLength(2);
  });

  it('only from an ended complaint', async () => {
    const w = await testWorld();
    const open = await w.intake();
    const draft = await w.call(w.actors.staff, 'GET', `/api/v1/complaints/${open.id}/typical-case-draft`);
    expect(draft.status).toBe(409);
    const publish = await w.call(w.actors.staff, 'POST', `/api/v1/complaints/${open.id}/publish`, {
      title: '标题',
      summary: '案情',
      resolution: '结果',
      lesson,
      category: 'appliance_repair',
    });
    expect(publish.status).toBe(409);
  });

  it('pages: staff publish from the complaint page; anyone reads /cases in both languages', async () => {
    const w = await testWorld();
    const complaint = await settled(w);
    const admin = { cookie: w.admin.cookie };
    const page = await w.call(admin, 'GET', `/complaints/${complaint.id}`);
    expect(page.body).toContain(`/complaints/${complaint.id}/publish`);
    const form = await w.call(admin, 'GET', `/complaints/${complaint.id}/publish`);
    expect(form.status).toBe(200);
    expect(form.body).toContain('消费者购买的空调漏水');
    expect(form.body).not.toContain('张晓明');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(String(form.body))?.[1] ?? '';
    const post = (fields: Record<string, string>) =>
      w.app.request(`/complaints/${complaint.id}/publish`, {
        method: 'POST',
        headers: {
          Cookie: w.admin.cookie,
          Origin: 'http://localhost',
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
      });
    const fields = {
      title: '空调安装后漏水',
      summary: '消费者购买空调，安装后漏水。',
      resolution: '商家上门维修。',
      category: 'appliance_repair',
    };
    const refused = await post({ ...fields, lesson: '请致电 13812345678' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('含有消费者个人信息');
    const done = await post({ ...fields, lesson });
    expect(done.status).toBe(303);
    const location = done.headers.get('Location')!;
    expect(location).toMatch(/^\/cases\/tcs_/);

    const publicPage = await w.call(null, 'GET', location);
    expect(publicPage.status).toBe(200);
    expect(publicPage.body).toContain('空调安装后漏水');
    expect(publicPage.body).toContain(lesson);
    expect(publicPage.body).not.toContain('撤下此案例');
    const english = await w.app.request('/cases', { headers: { Cookie: 'redress_lang=en' } });
    expect(await english.text()).toContain('Typical consumer cases');
    const staffPage = await w.call(admin, 'GET', location);
    expect(staffPage.body).toContain('撤下此案例');
    expect((await w.call(admin, 'GET', `/complaints/${complaint.id}`)).body).toContain(location);
  });
});
