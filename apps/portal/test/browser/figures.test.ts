import { CreateComplaintInput } from '@redress/core';
import { describe, expect, it } from 'vitest';
import { createComplaint } from '../../src/complaints/intake';
import { screenshot, signIn, skipBrowser, useBrowserWorld, ZH } from './browser';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/**
 * The commission's dashboard and a merchant's scorecard in Chromium, with and without
 * JavaScript, at a phone's width: the charts are server-rendered SVG with their tables, the
 * period form is a GET, and the exports download.
 */
describe.skipIf(skipBrowser)('the dashboard and the scorecard in Chromium', () => {
  const bw = useBrowserWorld();

  let seeded = false;
  const seed = async () => {
    if (seeded) return;
    seeded = true;
    for (const category of ['appliance_repair', 'ev_charging', 'ev_charging']) {
      await createComplaint(
        bw.w.users.staff.ctx,
        CreateComplaintInput.parse({
          channel: 'hotline',
          merchantId: bw.w.merchantA.id,
          subject: '充电桩超时占位费争议',
          description: '充电结束后被收取高额占位费。',
          category,
          tags: ['after_sales'],
          consumer: { name: '张先生', phone: '13812345678' },
        }),
      );
    }
  };

  for (const javaScriptEnabled of [false, true]) {
    it(`staff read the dashboard and change its period (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      await seed();
      const context = await bw.browser.newContext({
        ...ZH,
        ...PHONE,
        javaScriptEnabled,
        acceptDownloads: true,
      });
      const page = await signIn(context, bw.base, 'staff@redress.example');
      expect(new URL(page.url()).pathname).toBe('/dashboard');
      expect(await page.locator('h1').textContent()).toBe('统计概览');
      const trend = page.locator('#chart-trend');
      expect(await trend.locator('svg[role="img"]').count()).toBe(1);
      expect(await trend.locator('figcaption').textContent()).toBe('月度投诉量与先行和解率');
      // The table of the same numbers opens without JavaScript.
      await page.locator('#chart-category summary').click();
      expect(await page.locator('#chart-category table').isVisible()).toBe(true);
      expect(await page.locator('#chart-category table').textContent()).toContain('充电服务');
      // Nothing is wider than the phone.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(overflow).toBeLessThanOrEqual(390 + 1);
      // The period form.
      await page.locator('select[name="category"]').selectOption('ev_charging');
      await page.getByRole('button', { name: '查看' }).click();
      expect(new URL(page.url()).searchParams.get('category')).toBe('ev_charging');
      expect(await page.locator('.figures-headline article').first().locator('.figure').textContent()).toBe(
        '2',
      );
      // An export downloads.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('#chart-trend .chart-exports a', { hasText: 'CSV' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('trend.csv');
      await screenshot(page, `dashboard-${javaScriptEnabled ? 'js' : 'nojs'}`);
      await context.close();
    });
  }

  it('a merchant admin reads its scorecard without JavaScript, in English', async () => {
    await seed();
    const context = await bw.browser.newContext({ ...ZH, ...PHONE, javaScriptEnabled: false });
    const page = await signIn(context, bw.base, 'admin@pujiang.example');
    await page.goto(`${bw.base}/scorecard?lang=en`);
    expect(await page.locator('h1').textContent()).toContain('Scorecard of');
    expect(await page.locator('.scorecard-table').textContent()).toContain('District average');
    expect(await page.locator('#chart-trend svg').count()).toBe(1);
    await screenshot(page, 'scorecard-en');
    await context.close();
  });
});
