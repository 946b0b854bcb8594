import { CreateComplaintInput } from '@redress/core';
import { describe, expect, it } from 'vitest';
import { evaluateAlerts } from '../../src/alerts';
import { createComplaint } from '../../src/complaints/intake';
import { screenshot, signIn, skipBrowser, useBrowserWorld, ZH } from './browser';

const PHONE = { viewport: { width: 390, height: 844 } };

/**
 * The early warning's pages and the typical cases in Chromium, with and without JavaScript: staff
 * open an alert raised on a spike, read its chart and its table, and acknowledge it; staff
 * publish an ended complaint as a typical case from its page; anyone reads it on /cases.
 */
describe.skipIf(skipBrowser)('alerts and typical cases in Chromium', () => {
  const bw = useBrowserWorld();

  const intake = (over: Record<string, unknown>) =>
    createComplaint(
      bw.w.users.staff.ctx,
      CreateComplaintInput.parse({
        channel: 'hotline',
        merchantId: bw.w.merchantA.id,
        subject: '空调安装后漏水，商家拒绝上门维修',
        description: '今年七月购买的空调，安装一个月后室内机漏水。',
        category: 'appliance_repair',
        tags: ['after_sales'],
        consumer: { name: '张先生', phone: '13812345678' },
        ...over,
      }),
    );

  it('staff open an alert, read its chart and table, and acknowledge it (no JavaScript, phone width)', async () => {
    for (let day = 12; day >= 1; day--) {
      const at = new Date(Date.parse('2026-11-29T12:00:00+08:00') - day * 86_400_000).toISOString();
      for (let i = 0; i < 2; i++) await intake({ receivedAt: at });
    }
    for (let i = 0; i < 15; i++) await intake({ receivedAt: '2026-11-29T12:00:00+08:00' });
    const evaluation = await evaluateAlerts(bw.w.users.staff.ctx, '2026-11-29');
    const daily = evaluation.raised.find((a) => a.granularity === 'day' && a.series.dimension === 'total');
    expect(daily).toBeDefined();

    for (const javaScriptEnabled of [false, true]) {
      const context = await bw.browser.newContext({ ...ZH, ...PHONE, javaScriptEnabled });
      const page = await signIn(context, bw.base, 'staff@redress.example');
      await page.getByRole('link', { name: '预警' }).first().click();
      expect(await page.locator('h1').textContent()).toBe('投诉预警');
      if (javaScriptEnabled) {
        // Acknowledged in the first pass: no longer open; every status shows it.
        expect(await page.locator(`a[href="/alerts/${daily!.id}"]`).count()).toBe(0);
        await page.getByLabel('状态').selectOption('all');
        await page.getByRole('button', { name: '筛选' }).click();
      }
      await page.locator(`a[href="/alerts/${daily!.id}"]`).click();
      // The chart, with its text alternative; the alerting day marked in the table.
      const chart = page.locator('figure.chart [role="img"]');
      expect(await chart.getAttribute('aria-label')).toContain('收到 15 件');
      expect(await page.locator('figure.chart svg').count()).toBe(1);
      expect(await page.locator('tr.alerting th').textContent()).toContain('11-29');
      if (!javaScriptEnabled) {
        await screenshot(page, 'alert-phone');
        // A blank note (the browser lets spaces through `required`): the message beside the field.
        await page.getByLabel('说明').fill('   ');
        await page.getByRole('button', { name: '确认' }).click();
        expect(await page.locator('.field-error').first().textContent()).toBe('请写明说明');
        await page.getByLabel('说明').fill('已约谈浦江电器，要求三日内整改售后');
        await page.getByRole('button', { name: '确认' }).click();
        expect(await page.locator('[role="status"], .flash').first().textContent()).toContain('预警已确认');
        expect(await page.locator('main').textContent()).toContain('已约谈浦江电器');
      }
      await context.close();
    }
  }, 120_000);

  it('staff publish an ended complaint as a typical case; anyone reads it, with and without JavaScript', async () => {
    const complaint = await intake({
      merchantId: undefined,
      subject: '张晓明的健身卡无法退费',
      description: '张晓明（电话 139 0000 2222）办理健身年卡后门店关闭，要求退还剩余费用。',
      category: 'fitness_beauty',
      tags: ['prepaid'],
      consumer: { name: '张晓明', phone: '13900002222' },
    });
    const context = await bw.browser.newContext({ ...ZH, javaScriptEnabled: false });
    const page = await signIn(context, bw.base, 'staff@redress.example');
    const closed = await context.request.post(`${bw.base}/api/v1/complaints/${complaint.id}/close`, {
      data: { reason: '经调解，门店退还剩余费用 1,800 元' },
      headers: { Origin: bw.base },
    });
    expect(closed.status()).toBe(200);
    await page.goto(`${bw.base}/complaints/${complaint.id}`);
    await page.getByRole('link', { name: '发布为典型案例' }).click();
    // The draft has no name and no phone.
    expect(await page.getByLabel('标题').inputValue()).toBe('消费者的健身卡无法退费');
    expect(await page.locator('#publish-summary').inputValue()).not.toContain('张晓明');
    expect(await page.locator('#publish-summary').inputValue()).not.toContain('2222');
    await page.locator('#publish-resolution').fill('经消保委调解，门店退还剩余费用。');
    await page
      .locator('#publish-lesson')
      .fill('办理预付卡前查看经营者资质，保留合同与付款凭证。咨询 13900002222');
    await page.getByRole('button', { name: '发布' }).click();
    expect(await page.locator('.field-error').first().textContent()).toContain('含有消费者个人信息');
    await page.locator('#publish-lesson').fill('办理预付卡前查看经营者资质，保留合同与付款凭证。');
    await page.getByRole('button', { name: '发布' }).click();
    expect(new URL(page.url()).pathname).toMatch(/^\/cases\/tcs_/);
    const casePath = new URL(page.url()).pathname;
    await context.close();

    for (const javaScriptEnabled of [false, true]) {
      const visitor = await bw.browser.newContext({ ...ZH, ...PHONE, javaScriptEnabled });
      const p = await visitor.newPage();
      await p.goto(`${bw.base}/cases`);
      expect(await p.locator('h1').textContent()).toBe('消费维权典型案例');
      await p.getByLabel('类别').selectOption('fitness_beauty');
      await p.getByRole('button', { name: '筛选' }).click();
      await p.getByRole('link', { name: '消费者的健身卡无法退费' }).click();
      expect(new URL(p.url()).pathname).toBe(casePath);
      const text = (await p.locator('main').textContent()) ?? '';
      expect(text).toContain('保留合同与付款凭证');
      expect(text).not.toContain('张晓明');
      expect(text).not.toContain('撤下此案例');
      if (javaScriptEnabled) {
        await p.getByRole('link', { name: 'English' }).click();
        expect(await p.locator('h2').first().textContent()).toBe('What happened');
      } else {
        await screenshot(p, 'typical-case-phone');
      }
      await visitor.close();
    }
  }, 120_000);
});
