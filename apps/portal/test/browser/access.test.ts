import { describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/api-clients/service';
import { SYSTEM } from '../../src/http/principal';
import { createUser } from '../../src/users/service';
import { PASSWORD, screenshot, signIn, skipBrowser, useBrowserWorld, ZH } from './browser';

/**
 * Taking access away from the settings page, in Chromium without JavaScript: revoking an API
 * client and disabling a user each ask first on a confirmation page, then act (POST-redirect-GET).
 */

describe.skipIf(skipBrowser)('revocation in Chromium', () => {
  const bw = useBrowserWorld();

  it('a merchant admin revokes a client and disables a user, each after a confirmation page', async () => {
    const admin = { ...bw.w.runtime, principal: { ...SYSTEM, role: 'commission_admin' as const } };
    const crm = await createApiClient(admin, {
      name: '旧 CRM',
      actsAs: 'merchant',
      merchantId: bw.w.merchantA.id,
    });
    const agent = await createUser(admin, {
      email: 'leaver@pujiang.example',
      password: PASSWORD,
      role: 'merchant_agent',
      name: '周离',
      merchantId: bw.w.merchantA.id,
    });
    // The agent is signed in elsewhere; the admin works without JavaScript.
    const agentContext = await bw.browser.newContext(ZH);
    const agentPage = await signIn(agentContext, bw.base, agent.email);
    expect(new URL(agentPage.url()).pathname).toBe('/inbox');
    const context = await bw.browser.newContext({ ...ZH, javaScriptEnabled: false });
    const page = await signIn(context, bw.base, bw.w.users.merchantAdmin.email);

    // Revoke: the button leads to a question, not to the deed.
    await page.goto(`${bw.base}/settings`);
    await page.getByRole('link', { name: '停用 旧 CRM' }).click();
    expect(new URL(page.url()).pathname).toBe(`/settings/api-clients/${crm.id}/revoke`);
    expect(await page.locator('h1').textContent()).toBe('停用 API 客户端');
    expect(await page.locator('.confirm').textContent()).toContain(crm.id);
    await screenshot(page, 'confirm-revoke');
    await page.getByRole('link', { name: '取消' }).click();
    expect(new URL(page.url()).pathname).toBe('/settings');
    const row = () =>
      bw.w.runtime.db
        .selectFrom('api_clients')
        .select('revoked_at')
        .where('id', '=', crm.id)
        .executeTakeFirstOrThrow();
    expect((await row()).revoked_at).toBeNull();
    await page.getByRole('link', { name: '停用 旧 CRM' }).click();
    await page.getByRole('button', { name: '确认停用' }).click();
    expect(new URL(page.url()).pathname).toBe('/settings');
    expect(await page.locator('.flash').textContent()).toBe('已停用该客户端。');
    expect(await page.locator('#clients').locator('..').textContent()).not.toContain('旧 CRM');
    expect((await row()).revoked_at).not.toBeNull();

    // Disable: from the users table to the user's page, to the question, and back to the list.
    await page.getByRole('link', { name: '管理 周离' }).click();
    expect(new URL(page.url()).pathname).toBe(`/users/${agent.id}`);
    await page.getByRole('link', { name: '停用账号' }).click();
    expect(new URL(page.url()).pathname).toBe(`/users/${agent.id}/disable`);
    expect(await page.locator('.confirm').textContent()).toContain('leaver@pujiang.example');
    await screenshot(page, 'confirm-disable');
    await page.getByRole('button', { name: '确认停用' }).click();
    expect(new URL(page.url()).pathname).toBe('/settings');
    expect(await page.locator('.flash').textContent()).toBe('已停用 leaver@pujiang.example，其登录已失效。');
    const agentRow = page.locator('tr', { hasText: 'leaver@pujiang.example' });
    expect(await agentRow.textContent()).toContain('已停用');

    // The agent's open session is gone: the next page is the sign-in page.
    await agentPage.goto(`${bw.base}/inbox`);
    expect(new URL(agentPage.url()).pathname).toBe('/login');

    // The last merchant admin cannot disable themselves: the answer says why.
    await page.goto(`${bw.base}/users/${bw.w.users.merchantAdmin.id}/disable`);
    await page.getByRole('button', { name: '确认停用' }).click();
    expect(new URL(page.url()).pathname).toBe(`/users/${bw.w.users.merchantAdmin.id}`);
    expect(await page.locator('.flash-error').textContent()).toContain('最后一位');
    await agentContext.close();
    await context.close();
  });
});
