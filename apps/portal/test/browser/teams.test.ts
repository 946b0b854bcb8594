import { CreateComplaintInput } from '@redress/core';
import { describe, expect, it } from 'vitest';
import { createComplaint } from '../../src/complaints/intake';
import { screenshot, signIn, skipBrowser, useBrowserWorld, ZH } from './browser';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

describe.skipIf(skipBrowser)('working as a team, in Chromium', () => {
  const bw = useBrowserWorld();

  for (const javaScriptEnabled of [true, false]) {
    it(`an agent assigns a complaint to themselves on a phone (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const agent = await bw.w.addUser(
        `agent${javaScriptEnabled ? 1 : 2}@pujiang.example`,
        'merchant_agent',
        javaScriptEnabled ? '周杰' : '吴磊',
        { merchantId: bw.w.merchantA.id },
      );
      const complaint = await createComplaint(
        bw.w.users.staff.ctx,
        CreateComplaintInput.parse({
          channel: 'hotline',
          merchantId: bw.w.merchantA.id,
          subject: `冰箱不制冷（${javaScriptEnabled ? '一' : '二'}）`,
          description: '购买三个月的冰箱冷藏室不制冷，要求上门维修。',
          category: 'appliance_repair',
          consumer: { name: '钱女士', phone: '13912345678' },
        }),
      );
      const context = await bw.browser.newContext({ ...ZH, ...PHONE, javaScriptEnabled });
      const page = await signIn(context, bw.base, agent.email);
      await page.goto(`${bw.base}/complaints/${complaint.id}`);
      expect(await page.locator('#owner-name').textContent()).toBe('无人负责');
      await page.locator('#assign-to-me').click();
      await expect.poll(() => page.locator('.flash').textContent()).toBe('已更新负责人。');
      expect(await page.locator('#owner-name').textContent()).toBe(agent.name);
      expect(await page.locator('#assign-to-me').count()).toBe(0);
      // The inbox, filtered to mine.
      await page.goto(`${bw.base}/inbox`);
      await page.locator('#f-owner').selectOption('me');
      await page.getByRole('button', { name: '筛选' }).click();
      await page.waitForURL(/owner=me/);
      expect(await page.locator('tbody').textContent()).toContain(complaint.subject);
      expect(await page.locator(`td[data-owner="${agent.id}"]`).count()).toBe(1);
      if (javaScriptEnabled) await screenshot(page, 'team-inbox-mine');
      await context.close();
    });
  }

  it('a merchant admin creates a webhook endpoint, sees its secret once, reloads without a second one', async () => {
    const context = await bw.browser.newContext({ ...ZH, ...PHONE });
    const page = await signIn(context, bw.base, bw.w.users.merchantAdmin.email);
    await page.goto(`${bw.base}/settings`);
    await page.getByRole('link', { name: 'Webhook 端点' }).click();
    await page.waitForURL('**/settings/webhooks');
    await page.getByLabel('接收地址（URL）').fill('http://127.0.0.1:9/hooks');
    await page.getByLabel(/complaint\.note_added/).check();
    // The form's POST as the browser sent it, to send again as a reload of the POST would.
    const posted = page.waitForRequest(
      (r) => r.method() === 'POST' && r.url().endsWith('/settings/webhooks'),
    );
    await page.locator('#create-webhook').click();
    const sent = await posted;
    await page.waitForURL(/\/settings\/webhooks\/whe_/);
    const secret = await page.locator('#webhook-secret').textContent();
    expect(secret).toMatch(/^whsec_/);
    await screenshot(page, 'team-webhook-created');
    const again = await page.request.post(sent.url(), {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: bw.base },
      data: sent.postData() ?? '',
      maxRedirects: 0,
    });
    expect(again.status()).toBe(303);
    expect(new URL(again.headers().location!, bw.base).pathname).toBe(new URL(page.url()).pathname);
    // Reloading the page after the redirect shows the secret no more.
    await page.reload();
    expect(await page.locator('#webhook-secret').count()).toBe(0);
    const endpoints = await bw.w.runtime.db
      .selectFrom('webhook_endpoints')
      .select('id')
      .where('merchant_id', '=', bw.w.merchantA.id)
      .execute();
    expect(endpoints).toHaveLength(1);
    // Rotating shows a new secret once.
    await page.locator('#rotate-secret').click();
    await expect.poll(() => page.locator('#webhook-secret').textContent()).toMatch(/^whsec_/);
    expect(await page.locator('#webhook-secret').textContent()).not.toBe(secret);
    await page.reload();
    expect(await page.locator('#webhook-secret').count()).toBe(0);
    await context.close();
  });
});
