import { CreateComplaintInput } from '@redress/core';
import { describe, expect, it } from 'vitest';
import { signConsumerLink } from '../../src/auth/tokens';
import { createComplaint } from '../../src/complaints/intake';
import * as files from '../evidence-files';
import { screenshot, signIn, skipBrowser, useBrowserWorld, ZH } from './browser';

/**
 * The commission admin's pages (系统管理) in Chromium with JavaScript off, at phone width, in
 * both languages: register a merchant (a malformed credit code first, its message beside the
 * field), add its user; add a station and take it offline; change an SLA policy's target. A
 * merchant admin is refused. Nothing is wider than the phone.
 */

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
/** A valid GB 32100-2015 code (the check character computed). */
const CODE = '91310115MA1K4C3D3G';

describe.skipIf(skipBrowser)('the admin pages in Chromium', () => {
  const bw = useBrowserWorld();

  it('a commission admin registers a merchant and adds its user, at phone width without JavaScript', async () => {
    const admin = await bw.w.addUser('boss@redress.example', 'commission_admin', '孙立');
    const context = await bw.browser.newContext({ ...ZH, ...PHONE, javaScriptEnabled: false });
    const page = await signIn(context, bw.base, admin.email);
    await page.getByRole('link', { name: '系统管理' }).first().click();
    expect(new URL(page.url()).pathname).toBe('/admin');
    const sections = page.getByRole('navigation', { name: '系统管理' });
    await sections.getByRole('link', { name: '联网企业' }).click();
    expect(await page.locator('h1').textContent()).toBe('联网企业');

    await page.getByLabel('企业名称').fill('丁便利店连锁有限公司');
    await page.getByLabel('统一社会信用代码').fill('9131011');
    await page.getByRole('button', { name: '登记', exact: true }).click();
    expect(await page.locator('#merchant-creditCode-error').textContent()).toBe(
      '统一社会信用代码为 18 位数字或大写字母，最后一位是校验码',
    );
    expect(await page.getByLabel('统一社会信用代码').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('企业名称').inputValue()).toBe('丁便利店连锁有限公司');
    await screenshot(page, 'admin-merchant-refused-phone');
    await page.getByLabel('统一社会信用代码').fill(CODE);
    await page.getByLabel('时限规则').selectOption('fast');
    await page.getByRole('button', { name: '登记', exact: true }).click();
    expect(await page.locator('.flash').textContent()).toBe('已登记联网企业 丁便利店连锁有限公司。');
    expect(await page.locator('h1').textContent()).toBe('丁便利店连锁有限公司');
    // A reload of the answer registers nothing again.
    await page.reload();
    expect(
      await bw.w.runtime.db.selectFrom('merchants').selectAll().where('credit_code', '=', CODE).execute(),
    ).toHaveLength(1);

    await page.getByText('添加企业用户').click();
    await page.getByLabel('邮箱').fill('owner@ding.example');
    await page.getByLabel('姓名').fill('丁一');
    await page.getByLabel('角色').selectOption('merchant_admin');
    await page.getByLabel('初始密码').fill('correct horse battery');
    await page.getByRole('button', { name: '添加', exact: true }).click();
    expect(await page.locator('.flash').textContent()).toBe('已添加用户 owner@ding.example。');
    expect(await page.locator('tr', { hasText: 'owner@ding.example' }).textContent()).toContain('企业管理员');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'admin-merchant-phone');
    await context.close();
  });

  it('in English: adds a station, takes it offline, and changes an SLA policy; a merchant admin is refused', async () => {
    const admin = await bw.w.addUser('chief@redress.example', 'commission_admin', 'Chen Li');
    // Signed in on the Chinese page, then in English by the language link's `?lang=en` (remembered).
    const context = await bw.browser.newContext({ ...ZH, ...PHONE, javaScriptEnabled: false });
    const page = await signIn(context, bw.base, admin.email);
    await page.goto(`${bw.base}/admin/stations?lang=en`);
    expect(await page.locator('h1').textContent()).toBe('Liaison stations');
    await page.getByLabel('Name').fill('Bund station');
    await page.getByLabel('Host').fill('Bund Centre');
    await page.getByRole('button', { name: 'Add the station' }).click();
    expect(await page.locator('#station-address-error').textContent()).toBe('Required');
    await page.getByLabel('Address').fill('1 Zhongshan East 1st Road');
    await page.getByRole('button', { name: 'Add the station' }).click();
    expect(await page.locator('.flash').textContent()).toBe('The station Bund station was added.');
    await page.getByLabel(/^Online/).uncheck();
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await page.locator('.flash').textContent()).toBe('The station Bund station is saved.');
    expect(await page.locator('dl').textContent()).toContain('Offline');

    await page
      .getByRole('navigation', { name: 'Administration' })
      .getByRole('link', { name: 'SLA policies' })
      .click();
    await page.getByRole('link', { name: 'Change Fast response' }).click();
    const settle = page.getByRole('group', { name: 'Settle within' });
    await settle.getByLabel('Days', { exact: true }).fill('1');
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await page.locator('#policy-settleAmount-error').textContent()).toBe(
      'The settle target may not be shorter than the acknowledge target',
    );
    // The field's name now carries its message too: found by its id.
    await page.locator('#policy-settleAmount').fill('5');
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await page.locator('.flash').textContent()).toBe(
      'The SLA policy Fast response is saved (version 2).',
    );
    expect(await page.locator('tr', { hasText: 'Fast response' }).textContent()).toContain('5 calendar days');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'admin-policies-phone-en');
    await context.close();

    const other = await bw.browser.newContext({ ...ZH, javaScriptEnabled: false });
    const merchant = await signIn(other, bw.base, bw.w.users.merchantAdmin.email);
    expect(await merchant.getByRole('link', { name: '系统管理' }).count()).toBe(0);
    const refused = await merchant.goto(`${bw.base}/admin/merchants`);
    expect(refused?.status()).toBe(403);
    expect(await merchant.locator('h1').textContent()).toBe('无权访问');
    await other.close();
  });

  it('a commission admin reads who opened the consumer’s files, at phone width without JavaScript', async () => {
    const complaint = await createComplaint(
      bw.w.users.staff.ctx,
      CreateComplaintInput.parse({
        channel: 'hotline',
        merchantId: bw.w.merchantA.id,
        subject: '洗衣机漏水',
        description: '新买的洗衣机漏水。',
        category: 'appliance_repair',
        consumer: { name: '周女士', phone: '13812340000' },
      }),
    );
    // The consumer attaches a photo through the link; the merchant's admin opens it (a download).
    const token = await signConsumerLink(bw.w.runtime.keys, bw.w.clock, complaint.id, 3_600);
    const form = new FormData();
    form.append('file', new Blob([files.png() as BlobPart], { type: 'image/png' }), '漏水照片.png');
    const up = await fetch(`${bw.base}/api/v1/consumer/${token}/attachments`, { method: 'POST', body: form });
    expect(up.status).toBe(201);
    const { id } = (await up.json()) as { id: string };
    const merchantContext = await bw.browser.newContext({ ...ZH, javaScriptEnabled: false });
    const merchant = await signIn(merchantContext, bw.base, bw.w.users.merchantAdmin.email);
    const got = await merchant.request.get(`${bw.base}/api/v1/attachments/${id}`);
    expect(got.status()).toBe(200);
    await merchantContext.close();

    const admin = await bw.w.addUser('audit@redress.example', 'commission_admin', '周审计');
    const context = await bw.browser.newContext({ ...ZH, ...PHONE, javaScriptEnabled: false });
    const page = await signIn(context, bw.base, admin.email);
    await page.goto(`${bw.base}/admin`);
    await page
      .getByRole('navigation', { name: '系统管理' })
      .getByRole('link', { name: '文件查看记录' })
      .click();
    expect(new URL(page.url()).pathname).toBe('/audit/attachment-reads');
    expect(await page.locator('h1').textContent()).toBe('文件查看记录');
    const row = page.locator('tbody tr');
    expect(await row.count()).toBe(1);
    const text = await row.textContent();
    expect(text).toContain(bw.w.users.merchantAdmin.email);
    expect(text).toContain('漏水照片.png');
    expect(text).toContain(complaint.reference);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'admin-attachment-reads-phone');
    await page.getByRole('link', { name: 'English' }).click();
    expect(await page.locator('h1').textContent()).toBe('File reads');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByRole('link', { name: complaint.reference }).click();
    expect(new URL(page.url()).pathname).toBe(`/complaints/${complaint.id}`);
    await context.close();
  });
});
