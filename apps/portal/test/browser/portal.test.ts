import { readFileSync } from 'node:fs';
import { CreateComplaintInput } from '@redress/core';
import { describe, expect, it } from 'vitest';
import { acknowledgeComplaint, proposeSettlement } from '../../src/complaints/actions';
import { createComplaint } from '../../src/complaints/intake';
import {
  consumerLinkPath,
  MONDAY_10AM,
  screenshot,
  signIn,
  skipBrowser,
  useBrowserWorld,
  ZH,
} from './browser';

const DAY = 86_400_000;
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

describe.skipIf(skipBrowser)('the portal in Chromium', () => {
  const bw = useBrowserWorld();

  /** Takes a complaint in as staff (the same service as the API), for merchant A unless told otherwise. */
  async function intake(overrides: Record<string, unknown> = {}) {
    return createComplaint(
      bw.w.users.staff.ctx,
      CreateComplaintInput.parse({
        channel: 'hotline',
        merchantId: bw.w.merchantA.id,
        subject: '空调安装后漏水，商家拒绝上门维修',
        description:
          '今年七月购买的空调，安装一个月后室内机漏水，多次联系客服未果，要求退还安装费并上门维修。',
        category: 'appliance_repair',
        tags: ['after_sales', 'installation_repair'],
        consumer: { name: '张先生', phone: '13812345678' },
        claimFen: 59_900,
        ...overrides,
      }),
    );
  }

  it('a merchant signs in, finds an overdue complaint, proposes and records a settlement', async () => {
    bw.w.clock.set(MONDAY_10AM);
    const overdue = await intake({ subject: '洗衣机漏水，维修三次仍未修好' });
    // Friday: the acknowledge deadline (24:00 Wednesday) has passed; a new complaint is on track.
    bw.w.clock.set(MONDAY_10AM + 4 * DAY);
    await intake({ subject: '冰箱制冷不足', category: 'home_appliances', tags: ['after_sales'] });

    const context = await bw.browser.newContext({ ...ZH, viewport: { width: 1280, height: 900 } });
    const page = await signIn(context, bw.base, bw.w.users.merchantAdmin.email);
    expect(new URL(page.url()).pathname).toBe('/inbox');
    await expect.poll(() => page.locator('h1').textContent()).toBe('投诉处理');
    await screenshot(page, 'merchant-inbox');

    await page.getByLabel('时限状态').selectOption('overdue');
    await page.getByRole('button', { name: '筛选' }).click();
    const row = page.locator('tbody tr', { hasText: overdue.reference });
    await expect.poll(() => row.locator('.sla-overdue').textContent()).toMatch(/^已超时 \d+ 天$/);
    expect(await page.locator('tbody tr').count()).toBe(1);
    await row.getByRole('link', { name: overdue.reference }).click();
    await page.waitForURL(`**/complaints/${overdue.id}`);
    expect(await page.locator('#consumer-phone').textContent()).toBe('138****5678');
    await screenshot(page, 'merchant-complaint-overdue');

    await page.getByRole('button', { name: '查看完整号码' }).click();
    await expect.poll(() => page.locator('#consumer-phone').textContent()).toBe('13812345678');

    await page.getByRole('button', { name: '受理', exact: true }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toBe('已受理。');

    await page.locator('summary', { hasText: '提出和解方案' }).click();
    await page.locator('#propose-outcome').selectOption('refund');
    await page.locator('#propose-amount').fill('128.5');
    await page.locator('#propose-terms').fill('退还安装费 128.50 元，并于三个工作日内免费上门维修。');
    await page.getByRole('button', { name: '提出和解方案' }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toBe('和解方案已发送给消费者。');
    expect(await page.locator('hgroup .badge').first().textContent()).toBe('待消费者确认');
    expect(await page.locator('.timeline').textContent()).toContain('¥128.50');

    await page.locator('summary', { hasText: '登记和解结果' }).click();
    await page.locator('#settle-outcome').selectOption('refund');
    await page.locator('#settle-amount').fill('128.50');
    await page.locator('#settle-consumerAccepted').check();
    await page.locator('#settle-note').fill('消费者电话确认同意');
    await page.getByRole('button', { name: '登记和解结果' }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toBe('已登记和解结果。');
    expect(await page.locator('hgroup .badge').first().textContent()).toBe('已和解');
    expect(await page.locator('#settlement').locator('..').textContent()).toContain('企业先行和解');
    await screenshot(page, 'merchant-complaint-settled');

    await page.goto(`${bw.base}/scorecard`);
    expect(await page.locator('.scorecard-table').textContent()).toContain('¥128.50');
    await page.goto(`${bw.base}/settings`);
    await page.getByLabel('名称').fill('CRM 对接');
    await page.getByRole('button', { name: '创建客户端' }).click();
    expect(await page.locator('#new-client-secret').textContent()).toMatch(/^rsk_/);
    await screenshot(page, 'merchant-settings');
    await context.close();
  });

  it('a station operator logs settlements and exports them as CSV', async () => {
    const context = await bw.browser.newContext({ ...ZH, ...PHONE });
    const page = await signIn(context, bw.base, bw.w.users.station.email);
    expect(new URL(page.url()).pathname).toBe('/station');

    await page
      .getByLabel('督办联网企业')
      .selectOption({ label: `${bw.w.merchantA.name}（${bw.w.merchantA.creditCode}）` });
    await page.getByLabel('和解方式').selectOption('exchange');
    await page.getByLabel('金额（元）').fill('1,299');
    await page.getByLabel('纠纷与和解情况').fill('电饭煲内胆涂层脱落，商场当场换新。');
    await page.getByRole('button', { name: '登记', exact: true }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toBe('已登记现场和解。');

    // A merchant that is not registered: free text, and a wrong credit code first.
    await page.getByLabel('未在列表中的企业名称').fill('好味道餐饮店');
    await page.getByLabel('统一社会信用代码').fill('123');
    await page.getByLabel('和解方式').selectOption('compensation');
    await page.getByLabel('金额（元）').fill('88');
    await page.getByLabel('纠纷与和解情况').fill('菜品有异物，店家赔偿一餐。');
    await page.getByRole('button', { name: '登记', exact: true }).click();
    await expect.poll(() => page.locator('#settlement-creditCode-error').textContent()).toContain('18 位');
    expect(await page.getByLabel('未在列表中的企业名称').inputValue()).toBe('好味道餐饮店');
    await page.getByLabel('统一社会信用代码').fill('92310115MA1M0000XY');
    await page.getByRole('button', { name: '登记', exact: true }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toBe('已登记现场和解。');
    expect(await page.locator('tbody tr').count()).toBe(2);
    await screenshot(page, 'station-phone');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 CSV', exact: true }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    // Headed in Chinese by default (English with the other button, `lang=en`).
    expect(lines[0]).toMatch(/^标识,记录时间,联络站,/);
    expect(lines[0]).toMatch(/,记录人$/);
    expect(lines).toHaveLength(3);
    expect(csv).toContain('好味道餐饮店');
    expect(csv).toContain('92310115MA1M0000XY');
    expect(csv).toContain(`${bw.w.merchantA.name}`);
    expect(csv).toContain('1299.00');
    await context.close();
  });

  it('commission staff take a complaint in and route new complaints from the queue', async () => {
    const waiting = await intake({
      merchantId: undefined,
      subject: '健身卡闭店无法退款',
      category: 'fitness_beauty',
    });
    const context = await bw.browser.newContext({ ...ZH, viewport: { width: 1280, height: 900 } });
    const page = await signIn(context, bw.base, bw.w.users.staff.email);
    // Staff land on the dashboard; the queues are one link away.
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    await page.getByRole('link', { name: '工作台' }).first().click();
    expect(new URL(page.url()).pathname).toBe('/staff');
    const row = page.locator('tbody tr', { hasText: waiting.reference });
    await screenshot(page, 'staff-queue-new');
    await row.getByLabel(`分派给 ${waiting.reference}`).selectOption({ label: bw.w.merchantB.name });
    await row.getByRole('button', { name: '分派' }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toBe('已分派给企业，办理时限开始计算。');
    expect(await page.locator('tbody tr', { hasText: waiting.reference }).count()).toBe(0);
    const routed = await bw.w.runtime.db
      .selectFrom('complaints')
      .selectAll()
      .where('id', '=', waiting.id)
      .executeTakeFirstOrThrow();
    expect(routed.status).toBe('assigned');
    expect(routed.merchant_id).toBe(bw.w.merchantB.id);

    await page.getByRole('link', { name: '登记投诉' }).click();
    await page.getByLabel('来源').selectOption('platform_12315');
    await page.getByLabel('投诉事由').fill('直播间购买的羽绒服含绒量不符');
    await page.getByLabel('投诉内容').fill('直播宣传含绒量90%，检测仅为50%，要求退一赔三。');
    await page.getByLabel('类别').selectOption('clothing');
    await page.getByLabel('直播带货').check();
    await page.getByLabel('消费者姓名').fill('刘女士');
    await page.getByLabel('联系电话').fill('13900001111');
    await page.getByLabel('诉求金额（元）').fill('1596');
    await page.getByRole('button', { name: '登记投诉' }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toMatch(/^已登记投诉 PD-2026-\d{6}。$/);
    expect(await page.locator('hgroup .badge').first().textContent()).toBe('待分派');
    expect(await page.locator('.actions summary').allTextContents()).toEqual([
      '分派',
      '办结',
      '登记撤诉',
      '标记为未入网',
      '合并为重复投诉',
    ]);
    await screenshot(page, 'staff-complaint-new');
    await context.close();
  });

  it('a consumer accepts a proposal and rates the handling through the link, on a phone', async () => {
    const c = await intake({ subject: '网购耳机七天无理由退货被拒', category: 'online_shopping' });
    const merchant = bw.w.users.merchantAdmin.ctx;
    await acknowledgeComplaint(merchant, c.id);
    await proposeSettlement(merchant, c.id, {
      outcome: 'refund',
      amountFen: 39_900,
      terms: '全额退款 399 元，运费由商家承担。',
    });
    const token = (await consumerLinkPath(bw.w, c.id)).split('/').at(-1)!;

    const context = await bw.browser.newContext({ ...ZH, ...PHONE });
    const page = await context.newPage();
    await page.goto(`${bw.base}/c/${token}`);
    expect(await page.locator('#proposal').locator('..').textContent()).toContain('¥399.00');
    await screenshot(page, 'consumer-proposal');
    await page.getByRole('button', { name: '接受和解方案' }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toBe('您已接受和解方案，投诉已和解。');
    expect(await page.locator('.badge').first().textContent()).toBe('已和解');

    await page.getByLabel('5 分 · 非常满意').check();
    await page.getByRole('button', { name: '提交评价' }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toBe('感谢您的评价。');
    const rating = await bw.w.runtime.db
      .selectFrom('satisfaction')
      .selectAll()
      .where('complaint_id', '=', c.id)
      .executeTakeFirst();
    expect(rating?.rating).toBe(5);
    await screenshot(page, 'consumer-rated');

    await page.goto(`${bw.base}/c/${token}x`);
    expect(await page.locator('h1').textContent()).toBe('链接无效或已过期');
    await context.close();
  });

  it("another merchant gets the 404 page for the first merchant's complaint", async () => {
    const c = await intake({ subject: '空调加氟收费过高' });
    const context = await bw.browser.newContext(ZH);
    const page = await signIn(context, bw.base, bw.w.users.merchantB.email);
    const response = await page.goto(`${bw.base}/complaints/${c.id}`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('页面不存在');
    expect(await page.content()).not.toContain('空调加氟收费过高');
    await screenshot(page, 'other-merchant-404');
    await context.close();
  });

  it('works without JavaScript: a refused form keeps what was typed, then the message is sent (English)', async () => {
    const c = await intake({ subject: '手机维修后无法开机' });
    await acknowledgeComplaint(bw.w.users.merchantAdmin.ctx, c.id);
    const context = await bw.browser.newContext({
      javaScriptEnabled: false,
      locale: 'en-US',
      extraHTTPHeaders: { 'Accept-Language': 'en-US,en;q=0.9' },
    });
    const page = await context.newPage();
    await page.goto(`${bw.base}/complaints/${c.id}`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByLabel('Email').fill(bw.w.users.merchantAdmin.email);
    await page.getByLabel('Password').fill('wrong password!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.locator('#login-error').textContent()).toBe(
      'Wrong email or password. Please try again.',
    );
    expect(await page.getByLabel('Email').inputValue()).toBe(bw.w.users.merchantAdmin.email);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`**/complaints/${c.id}`);

    await page.locator('summary', { hasText: 'Ask for information' }).click();
    await page.getByRole('button', { name: 'Ask for information' }).click();
    expect(await page.locator('#request_info-body-error').textContent()).toBe('Required');
    await page.locator('#request_info-body').fill('Please send a photo of the repair receipt.');
    await page.getByRole('button', { name: 'Ask for information' }).click();
    await expect
      .poll(() => page.locator('.flash').textContent())
      .toBe('The consumer was asked for information; the deadline is paused.');
    expect(await page.locator('hgroup .badge').first().textContent()).toBe('Awaiting consumer');
    await screenshot(page, 'merchant-no-js-english');
    await context.close();
  });
});
