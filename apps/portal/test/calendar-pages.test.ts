import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { complaintAsStaff, type TestWorld, testWorld } from './harness';

/**
 * The calendars page (issue 11), through `app.request()` on both databases: loading a year from
 * a holiday-cn file or the pasted State Council notice, with a preview and a confirmation;
 * refused input shown beside its field with nothing saved; the admins' banner from 1 November;
 * the `/readyz` warning.
 */

const ORIGIN = 'http://localhost';
const tokenIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const errorOf = (html: string, id: string) =>
  new RegExp(`id="${id}-error" class="field-error">([^<]*)<`).exec(html)?.[1];
const hidden = (html: string, name: string) =>
  new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`).exec(html)?.[1];

/**
 * A made-up notice for 2027 (none is published yet): New Year with a bridge Monday, a nine-day
 * Spring Festival and an adjusted Saturday. The weekdays are 2027's.
 */
const NOTICE_2027 = [
  '国务院办公厅关于2027年部分节假日安排的通知',
  '国办发明电〔2026〕99号',
  '一、元旦：1月1日（周五）至4日（周一）放假，共4天。',
  '二、春节：2月5日（周五）至13日（周六）放假调休，共9天。2月20日（周六）上班。',
].join('\n');

async function get(w: TestWorld, path: string, cookie = w.admin.cookie) {
  const res = await w.app.request(path, { headers: { Accept: 'text/html', Cookie: cookie } });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

/** Posts a body from the calendars page, with that page's form token. */
async function post(w: TestWorld, path: string, body: FormData | URLSearchParams, cookie = w.admin.cookie) {
  body.set('_csrf', tokenIn((await get(w, '/calendars', cookie)).html));
  const headers: Record<string, string> = { Origin: ORIGIN, Cookie: cookie, Accept: 'text/html' };
  if (body instanceof URLSearchParams) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  const res = await w.app.request(path, { method: 'POST', headers, body });
  return {
    status: res.status,
    html: await res.text(),
    location: res.headers.get('Location'),
    flash: res.headers.get('Set-Cookie')?.split(';')[0] ?? '',
  };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields);

/** The preview's confirmation form, sent back as the browser would. */
function confirmFields(html: string): URLSearchParams {
  return form({
    source: hidden(html, 'source') ?? '',
    year: hidden(html, 'year') ?? '',
    daysOff: hidden(html, 'daysOff') ?? '',
    workdays: hidden(html, 'workdays') ?? '',
  });
}

const loadedYears = async (w: TestWorld) =>
  (await w.runtime.db.selectFrom('calendars').selectAll().execute()).map((r) => r.year);

describe('the calendars page', () => {
  it('lists each year and its state; a year page shows its days off and adjusted working days', async () => {
    const w = await testWorld();
    const list = await get(w, '/calendars');
    expect(list.status).toBe(200);
    expect(list.html).toContain('aria-current="page"');
    for (const year of [2024, 2025, 2026, 2027]) expect(list.html).toContain(`href="/calendars/${year}"`);
    expect(list.html).toMatch(/2026<\/th>[\s\S]*?已导入通知[\s\S]*?随系统提供/);
    expect(list.html).toMatch(/2027<\/th>[\s\S]*?暂定/);
    const y2026 = await get(w, '/calendars/2026');
    expect(y2026.html).toContain('2026-02-15（周日） 至 2026-02-23（周一），共 9 天');
    expect(y2026.html).toContain('2026-02-14（周六）');
    const y2027 = await get(w, '/calendars/2027?lang=en');
    expect(y2027.html).toContain('statutory holidays only');
    expect(y2027.html).toContain('2027-02-05 (Fri)');
    expect((await get(w, '/calendars/20x7')).status).toBe(400);
  });

  it('loads a holiday-cn file: upload, preview, confirm; the year is official and running clocks recomputed', async () => {
    // Assigned Monday 28 December 2026: 10 working days to settle reach into 2027.
    const w = await testWorld({ now: Date.parse('2026-12-28T10:00:00+08:00') });
    const c = await w.intake();
    expect(c.sla).toMatchObject({ settleDueAt: '2027-01-13T00:00:00.000+08:00', calendarProvisional: true });
    const days = [
      { name: '元旦', date: '2026-12-31', isOffDay: true },
      { name: '元旦', date: '2027-01-01', isOffDay: true },
      { name: '元旦', date: '2027-01-04', isOffDay: true },
      { name: '春节', date: '2027-02-20', isOffDay: false },
    ];
    const upload = new FormData();
    upload.set('kind', 'json');
    upload.set(
      'file',
      new File([JSON.stringify({ year: 2027, papers: [], days })], '2027.json', { type: 'application/json' }),
    );
    const preview = await post(w, '/calendars/import', upload);
    expect(preview.status).toBe(200);
    expect(preview.html).toContain('确认导入 2027 年日历');
    expect(preview.html).toContain('2027-01-01（周五）');
    expect(preview.html).toContain('2027-02-20（周六）');
    // The day of 2026 the file lists is shown as left out.
    expect(preview.html).toMatch(/不在 2027 年[\s\S]*2026-12-31/);
    expect(hidden(preview.html, 'daysOff')).toBe('2027-01-01 2027-01-04');
    // Nothing is saved before the confirmation.
    expect(await loadedYears(w)).toEqual([]);
    expect((await complaintAsStaff(w, c.id)).sla.calendarProvisional).toBe(true);

    const done = await post(w, '/calendars/confirm', confirmFields(preview.html));
    expect(done.status).toBe(303);
    expect(done.location).toBe('/calendars/2027');
    const year = await get(w, done.location!, `${w.admin.cookie}; ${done.flash}`);
    expect(year.html).toContain('已导入 2027 年日历：2 天放假、1 天调休上班；重算了 1 件投诉的时限。');
    expect(year.html).toContain(w.admin.email);
    const row = await w.runtime.db.selectFrom('calendars').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ year: 2027, source: 'json', loaded_by: w.admin.id });
    // 4 January is now off: one working day later.
    expect((await complaintAsStaff(w, c.id)).sla).toMatchObject({
      settleDueAt: '2027-01-14T00:00:00.000+08:00',
      calendarProvisional: false,
    });
    const api = await w.call(w.actors.merchantA, 'GET', '/api/v1/calendars/2027');
    expect(api.body).toMatchObject({ daysOff: ['2027-01-01', '2027-01-04'], calendarProvisional: false });
  });

  it('reads pasted JSON the same way (the shipped 2026 file replaces 2026 as it was)', async () => {
    const w = await testWorld();
    const text = readFileSync(
      new URL('../../../packages/core/src/sla/calendars/holiday-cn/2026.json', import.meta.url),
      'utf8',
    );
    const preview = await post(w, '/calendars/import', form({ kind: 'json', json: text }));
    expect(preview.status).toBe(200);
    expect(preview.html).toContain('将替换现有的 2026 年日历（随系统提供）');
    expect(preview.html).toContain('春节');
    const done = await post(w, '/calendars/confirm', confirmFields(preview.html));
    expect(done.status).toBe(303);
    expect(await loadedYears(w)).toEqual([2026]);
  });

  it('loads the pasted State Council notice: what was read per holiday, then saved on confirmation', async () => {
    const w = await testWorld({ now: Date.parse('2026-12-28T10:00:00+08:00') });
    const c = await w.intake();
    const preview = await post(w, '/calendars/import', form({ kind: 'notice', notice: NOTICE_2027 }));
    expect(preview.status).toBe(200);
    expect(preview.html).toContain('确认导入 2027 年日历');
    expect(preview.html).toContain('2027-01-01（周五） 至 2027-01-04（周一），共 4 天');
    expect(preview.html).toContain('2027-02-05（周五） 至 2027-02-13（周六），共 9 天');
    expect(preview.html).toContain('2027 年共 13 天放假、1 天调休上班。');
    // The line each holiday was read from, as pasted.
    expect(preview.html).toContain('二、春节：2月5日（周五）至13日（周六）放假调休，共9天。');
    expect(hidden(preview.html, 'source')).toBe('notice');
    expect(await loadedYears(w)).toEqual([]);
    const done = await post(w, '/calendars/confirm', confirmFields(preview.html));
    expect(done.status).toBe(303);
    const row = await w.runtime.db.selectFrom('calendars').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ year: 2027, source: 'notice', loaded_by: w.admin.id });
    expect(JSON.parse(row.workdays)).toEqual(['2027-02-20']);
    expect((await complaintAsStaff(w, c.id)).sla).toMatchObject({
      settleDueAt: '2027-01-14T00:00:00.000+08:00',
      calendarProvisional: false,
    });
  });

  it('shows refused input beside its field, in Chinese and English, and saves nothing', async () => {
    const w = await testWorld();
    const broken = new FormData();
    broken.set('kind', 'json');
    broken.set('file', new File(['{"year": 2027, "days": ['], '2027.json', { type: 'application/json' }));
    const notJson = await post(w, '/calendars/import', broken);
    expect(notJson.status).toBe(422);
    expect(errorOf(notJson.html, 'json-file')).toContain('不是 JSON');
    expect(notJson.html).toContain('aria-invalid="true"');

    const badDay = await post(
      w,
      '/calendars/import?lang=en',
      form({
        kind: 'json',
        json: JSON.stringify({ year: 2027, days: [{ name: '元旦', date: '2027-02-30', isOffDay: true }] }),
      }),
    );
    expect(badDay.status).toBe(422);
    expect(errorOf(badDay.html, 'json-json')).toBe(
      'Not loaded; correct this and try again: days.0.date does not fit the holiday-cn format',
    );
    // What was pasted is kept for correcting.
    expect(badDay.html).toContain('2027-02-30');

    const nothing = await post(w, '/calendars/import', form({ kind: 'json' }));
    expect(errorOf(nothing.html, 'json-file')).toBe('请选择文件，或粘贴 JSON 内容。');

    // The 2026 notice pasted as 2027: every weekday is wrong, line by line.
    const wrongYear = await post(
      w,
      '/calendars/import',
      form({
        kind: 'notice',
        notice: '一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。',
        year: '2027',
      }),
    );
    expect(wrongYear.status).toBe(422);
    expect(errorOf(wrongYear.html, 'notice-notice')).toContain(
      '第 1 行：元旦：2027-01-01 不是通知所写的周四',
    );
    const count = await post(
      w,
      '/calendars/import',
      form({ kind: 'notice', notice: NOTICE_2027.replace('共9天', '共8天') }),
    );
    expect(errorOf(count.html, 'notice-notice')).toContain('通知写“共8天”，日期范围却是 9 天');
    const noLines = await post(
      w,
      '/calendars/import',
      form({ kind: 'notice', notice: '今天天气很好', year: '2027' }),
    );
    expect(errorOf(noLines.html, 'notice-notice')).toContain('没有找到节日安排的行');
    const noYear = await post(
      w,
      '/calendars/import',
      form({ kind: 'notice', notice: '一、元旦：1月1日（周五）放假，共1天。' }),
    );
    expect(errorOf(noYear.html, 'notice-year')).toContain('未找到年度');
    const badYear = await post(
      w,
      '/calendars/import',
      form({ kind: 'notice', notice: NOTICE_2027, year: '20x7' }),
    );
    expect(errorOf(badYear.html, 'notice-year')).toBe('请输入四位年份，如 2027。');

    // A file over the portal's 1 MiB body limit: the 413 page, readable, not problem+json.
    const huge = new FormData();
    huge.set('kind', 'json');
    huge.set('file', new File(['x'.repeat(1024 * 1024 + 1)], 'huge.json', { type: 'application/json' }));
    const body = new Response(huge);
    const bytes = await body.arrayBuffer();
    const tooLarge = await w.app.request('/calendars/import', {
      method: 'POST',
      headers: {
        Origin: ORIGIN,
        Cookie: w.admin.cookie,
        Accept: 'text/html',
        'Content-Type': body.headers.get('Content-Type')!,
        'Content-Length': String(bytes.byteLength),
      },
      body: bytes,
    });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get('Content-Type')).toMatch(/^text\/html/);
    expect(await tooLarge.text()).toContain('超过 1 MiB');

    // A confirmation whose days were altered is checked again: refused, nothing saved.
    const altered = await post(
      w,
      '/calendars/confirm',
      form({ source: 'notice', year: '2027', daysOff: '2027-01-01 2026-12-31', workdays: '' }),
    );
    expect(altered.status).toBe(400);
    expect(await loadedYears(w)).toEqual([]);
  });

  it('is for commission admins only; a form without its token is refused', async () => {
    const w = await testWorld();
    const staff = await w.user('commission_staff');
    const boss = await w.user('merchant_admin', { merchantId: w.merchantA.id });
    for (const cookie of [staff.cookie, boss.cookie]) {
      expect((await get(w, '/calendars', cookie)).status).toBe(403);
      expect((await get(w, '/calendars/2027', cookie)).status).toBe(403);
      const token = tokenIn((await get(w, '/inbox', cookie)).html);
      for (const path of ['/calendars/import', '/calendars/confirm']) {
        const res = await w.app.request(path, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN, Cookie: cookie },
          body: form({
            _csrf: token,
            kind: 'notice',
            notice: NOTICE_2027,
            source: 'notice',
            year: '2027',
            daysOff: '2027-01-01',
            workdays: '',
          }).toString(),
        });
        expect(res.status, path).toBe(403);
      }
      // The navigation has no link to it for them.
      expect((await get(w, '/inbox', cookie)).html).not.toContain('href="/calendars"');
    }
    const noToken = await w.app.request('/calendars/confirm', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: ORIGIN,
        Cookie: w.admin.cookie,
      },
      body: form({ source: 'notice', year: '2027', daysOff: '2027-01-01', workdays: '' }).toString(),
    });
    expect(noToken.status).toBe(403);
    expect((await get(w, '/calendars')).html).toContain('href="/calendars"');
    expect(await loadedYears(w)).toEqual([]);
  });
});

describe('next year’s calendar missing', () => {
  const banner = (html: string) => /<p class="banner" role="status">([\s\S]*?)<\/p>/.exec(html)?.[1];

  it('shows admins a banner from 1 November (Shanghai) until the year is loaded; others never', async () => {
    const w = await testWorld({ now: Date.parse('2026-10-31T23:59:00+08:00') });
    const staff = await w.user('commission_staff');
    expect(banner((await get(w, '/staff')).html)).toBeUndefined();
    await w.travel(Date.parse('2026-11-01T00:00:00+08:00'));
    // The calendar is cached for a minute; the clock moved past that.
    const on = await get(w, '/staff');
    expect(banner(on.html)).toContain('2027 年的节假日安排尚未导入');
    expect(on.html).toMatch(/class="banner"[\s\S]*?href="\/calendars"/);
    expect(banner((await get(w, '/users?lang=en')).html)).toContain(
      'The holiday notice for 2027 is not loaded',
    );
    expect(banner((await get(w, '/staff', staff.cookie)).html)).toBeUndefined();
    const put = await w.call(w.admin, 'PUT', '/api/v1/calendars/2027', {
      daysOff: ['2027-01-01'],
      workdays: [],
    });
    expect(put.status).toBe(200);
    expect(banner((await get(w, '/staff')).html)).toBeUndefined();
  });

  it('is a warning on /readyz, which stays ready', async () => {
    const w = await testWorld({ now: Date.parse('2026-10-15T10:00:00+08:00') });
    const before = await w.app.request('/readyz');
    expect(before.status).toBe(200);
    expect(await before.json()).toMatchObject({ status: 'ready', warnings: [] });
    await w.travel(Date.parse('2026-11-02T10:00:00+08:00'));
    const after = await w.app.request('/readyz');
    expect(after.status).toBe(200);
    const body = await after.json();
    expect(body).toMatchObject({ status: 'ready', warnings: [{ code: 'calendar_missing', year: 2027 }] });
    expect(body.warnings[0].message).toContain('2027');
    const put = await w.call(w.admin, 'PUT', '/api/v1/calendars/2027', {
      daysOff: ['2027-01-01'],
      workdays: [],
    });
    expect(put.status).toBe(200);
    expect((await (await w.app.request('/readyz')).json()).warnings).toEqual([]);
  });
});
