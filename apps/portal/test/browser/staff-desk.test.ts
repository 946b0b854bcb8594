import { CreateComplaintInput } from '@redress/core';
import { describe, expect, it } from 'vitest';
import { createComplaint } from '../../src/complaints/intake';
import { screenshot, signIn, skipBrowser, useBrowserWorld, ZH } from './browser';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** The staff desk in Chromium (issue 13): a station's walk-in complaint, and the new queue in bulk. */
describe.skipIf(skipBrowser)('the staff desk in Chromium', () => {
  const bw = useBrowserWorld();

  it('a station operator turns a walk-in into a complaint from the station page, at phone width', async () => {
    const context = await bw.browser.newContext({ ...ZH, ...PHONE });
    const page = await signIn(context, bw.base, bw.w.users.station.email);
    expect(new URL(page.url()).pathname).toBe('/station');
    await page.getByRole('link', { name: '登记来访投诉' }).click();
    await page.waitForURL('**/intake');
    await expect.poll(() => page.locator('h1').textContent()).toBe('登记来访投诉');
    expect(await page.locator('#intake-channel').inputValue()).toBe('station');
    await page.locator('#intake-merchantId').selectOption(bw.w.merchantA.id);
    await page.locator('#intake-subject').fill('商场内购买的电饭煲内胆脱层');
    await page.locator('#intake-description').fill('购买两周后内胆涂层脱落，专柜拒绝换货。');
    await page.locator('#intake-category').selectOption('appliance_repair');
    await page.locator('#intake-consumerName').fill('陈女士');
    await page.locator('#intake-consumerPhone').fill('136 0000 2222');
    await page.locator('#intake-claim').fill('399');
    await screenshot(page, 'station-walk-in');
    await page.getByRole('button', { name: '登记投诉' }).click();
    await page.waitForURL('**/complaints/cmp_*');
    await expect.poll(() => page.locator('.flash').textContent()).toMatch(/^已登记投诉 PD-\d{4}-\d{6}。$/);
    const id = new URL(page.url()).pathname.split('/').at(-1)!;
    const row = await bw.w.runtime.db
      .selectFrom('complaints')
      .select(['station_id', 'merchant_id', 'status', 'consumer_phone'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      station_id: bw.w.station.id,
      merchant_id: bw.w.merchantA.id,
      status: 'assigned',
      consumer_phone: '13600002222',
    });
    // No sideways scroll at phone width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();
  });

  it('staff select complaints on the new queue and assign them in one go, and see each result', async () => {
    const made = [];
    for (const subject of ['会员卡余额无法退还', '直播间购买的耳机是翻新机', '充电桩超时占位费过高']) {
      made.push(
        await createComplaint(
          bw.w.users.staff.ctx,
          CreateComplaintInput.parse({
            channel: 'hotline',
            subject,
            description: '消费者来电反映。',
            category: 'appliance_repair',
            consumer: { name: '刘先生', phone: '13912345678' },
          }),
        ),
      );
    }
    const context = await bw.browser.newContext({ ...ZH, viewport: { width: 1280, height: 900 } });
    const page = await signIn(context, bw.base, bw.w.users.staff.email);
    await page.goto(`${bw.base}/staff?q=5678`);
    await expect.poll(() => page.locator('.pager [data-position]').textContent()).toBe('第 1–3 条，共 3 条');
    for (const c of made.slice(0, 2)) await page.getByLabel(`选择 ${c.reference}`).check();
    await page.locator('#bulk-merchant').selectOption(bw.w.merchantB.id);
    await page.getByRole('button', { name: '分派所选投诉' }).click();
    await page.waitForURL('**/staff/bulk');
    await expect.poll(() => page.locator('h1').textContent()).toBe('批量处理结果');
    expect(await page.locator('[data-bulk-summary]').textContent()).toBe('成功 2 件，未完成 0 件。');
    expect(await page.locator('tr[data-bulk-row="ok"]').count()).toBe(2);
    await screenshot(page, 'staff-bulk-assign');
    await page.getByRole('link', { name: '返回待分派队列' }).click();
    await expect.poll(() => page.locator('.pager [data-position]').textContent()).toBe('第 1–1 条，共 1 条');
    expect(await page.locator('tbody tr').first().getAttribute('data-complaint')).toBe(made[2]!.reference);
    const assigned = await bw.w.runtime.db
      .selectFrom('complaints')
      .select(['id', 'merchant_id', 'status'])
      .where('id', 'in', [made[0]!.id, made[1]!.id])
      .execute();
    expect(assigned.map((r) => [r.merchant_id, r.status])).toEqual([
      [bw.w.merchantB.id, 'assigned'],
      [bw.w.merchantB.id, 'assigned'],
    ]);
    await context.close();
  });
});
