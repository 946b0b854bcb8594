import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateComplaintInput } from '@redress/core';
import { describe, expect, it } from 'vitest';
import { createComplaint } from '../../src/complaints/intake';
import { screenshot, signIn, skipBrowser, useBrowserWorld, ZH } from './browser';

/**
 * Loading a year's working-day calendar from the calendars page, in Chromium without
 * JavaScript: a holiday-cn file chosen in the file input, and the State Council notice pasted
 * into the text area, each read, previewed and confirmed. The world's clock is 30 November
 * 2026, so the admin's banner asks for 2027 until it is loaded.
 */
describe.skipIf(skipBrowser)('the calendars page in Chromium', () => {
  const bw = useBrowserWorld();

  it('a commission admin uploads a holiday-cn file, then pastes a notice; each is previewed before it is saved', async () => {
    const admin = await bw.w.addUser('calendar@redress.example', 'commission_admin', '周敏');
    bw.w.clock.set(Date.parse('2026-12-28T10:00:00+08:00'));
    const complaint = await createComplaint(
      bw.w.users.staff.ctx,
      CreateComplaintInput.parse({
        channel: 'hotline',
        merchantId: bw.w.merchantA.id,
        subject: '空调安装后漏水，商家拒绝上门维修',
        description: '今年七月购买的空调，安装一个月后室内机漏水。',
        category: 'appliance_repair',
        tags: ['after_sales'],
        consumer: { name: '张先生', phone: '13812345678' },
        claimFen: 59_900,
      }),
    );
    const settleDue = async () =>
      (
        await bw.w.runtime.db
          .selectFrom('complaints')
          .select(['settle_due_at', 'calendar_provisional'])
          .where('id', '=', complaint.id)
          .executeTakeFirstOrThrow()
      ).settle_due_at;
    const provisionalDue = await settleDue();

    const context = await bw.browser.newContext({ ...ZH, javaScriptEnabled: false });
    const page = await signIn(context, bw.base, admin.email);
    const banner = page.locator('.banner[role="status"]');
    expect(await banner.textContent()).toContain('2027 年的节假日安排尚未导入');
    await banner.getByRole('link', { name: '导入国务院通知' }).click();
    expect(new URL(page.url()).pathname).toBe('/calendars');
    expect(await page.locator('h1').textContent()).toBe('工作日历');

    // A file with a bad day first: the message is beside the file input, nothing is saved.
    const dir = mkdtempSync(join(tmpdir(), 'redress-calendar-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({ year: 2027, days: [{ name: '元旦', date: '2027-02-30', isOffDay: true }] }),
    );
    await page.locator('#json-file').setInputFiles(bad);
    await page.getByRole('button', { name: '读取并预览' }).first().click();
    expect(await page.locator('#json-file-error').textContent()).toContain(
      'days.0.date 不符合 holiday-cn 格式',
    );
    expect(await page.locator('#json-file').getAttribute('aria-invalid')).toBe('true');

    const file = join(dir, '2027.json');
    writeFileSync(
      file,
      JSON.stringify({
        year: 2027,
        papers: [],
        days: [
          { name: '元旦', date: '2027-01-01', isOffDay: true },
          { name: '元旦', date: '2027-01-04', isOffDay: true },
          { name: '春节', date: '2027-02-05', isOffDay: true },
          { name: '春节', date: '2027-02-20', isOffDay: false },
        ],
      }),
    );
    await page.locator('#json-file').setInputFiles(file);
    await page.getByRole('button', { name: '读取并预览' }).first().click();
    expect(await page.locator('h1').textContent()).toBe('确认导入 2027 年日历');
    const spring = page.locator('tr', { hasText: '春节' });
    expect(await spring.textContent()).toContain('2027-02-20（周六）');
    expect(await page.getByText('2027 年共 3 天放假、1 天调休上班。').count()).toBe(1);
    await screenshot(page, 'calendar-preview-json');
    expect(await bw.w.runtime.db.selectFrom('calendars').selectAll().execute()).toEqual([]);
    await page.getByRole('button', { name: '确认导入 2027 年日历' }).click();
    expect(new URL(page.url()).pathname).toBe('/calendars/2027');
    expect(await page.locator('.flash').textContent()).toBe(
      '已导入 2027 年日历：3 天放假、1 天调休上班；重算了 1 件投诉的时限。',
    );
    // 2027 is loaded: no banner; 4 January off moved the settle deadline a working day on.
    expect(await page.locator('.banner[role="status"]').count()).toBe(0);
    expect(await settleDue()).toBe(Number(provisionalDue) + 86_400_000);

    // The notice for 2028, pasted (made up: none is published); a wrong weekday first.
    await page.getByRole('link', { name: '工作日历', exact: true }).click();
    const notice = [
      '国务院办公厅关于2028年部分节假日安排的通知',
      '一、元旦：1月1日（周六）至3日（周一）放假，共3天。',
      '二、劳动节：5月1日（周一）至5日（周五）放假调休，共5天。4月29日（周六）、5月6日（周六）上班。',
    ].join('\n');
    await page.locator('#notice-notice').fill(notice.replace('1月1日（周六）', '1月1日（周五）'));
    await page.getByRole('button', { name: '读取并预览' }).nth(1).click();
    expect(await page.locator('#notice-notice-error').textContent()).toContain(
      '第 2 行：元旦：2028-01-01 不是通知所写的周五',
    );
    await page.locator('#notice-notice').fill(notice);
    await page.getByRole('button', { name: '读取并预览' }).nth(1).click();
    expect(await page.locator('h1').textContent()).toBe('确认导入 2028 年日历');
    const may = page.locator('tr', { hasText: '劳动节' });
    expect(await may.textContent()).toContain('2028-05-01（周一） 至 2028-05-05（周五），共 5 天');
    expect(await may.textContent()).toContain('2028-04-29（周六）');
    expect(await may.textContent()).toContain('2028-05-06（周六）');
    await screenshot(page, 'calendar-preview-notice');
    await page.getByRole('button', { name: '确认导入 2028 年日历' }).click();
    expect(new URL(page.url()).pathname).toBe('/calendars/2028');
    expect(await page.locator('.flash').textContent()).toContain(
      '已导入 2028 年日历：8 天放假、2 天调休上班',
    );
    const row = await bw.w.runtime.db
      .selectFrom('calendars')
      .selectAll()
      .where('year', '=', 2028)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ source: 'notice', loaded_by: admin.id });
    await page.getByRole('link', { name: '返回工作日历' }).click();
    expect(await page.locator('tr', { hasText: '2028' }).textContent()).toContain('通知原文导入');
    await context.close();
  });
});
