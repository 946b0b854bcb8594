import { CreateComplaintInput } from '@redress/core';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signConsumerLink } from '../../src/auth/tokens';
import { createComplaint } from '../../src/complaints/intake';
import { signIn, skipBrowser, useBrowserWorld } from './browser';

/**
 * The Content-Security-Policy in the browser that enforces it: no page of the portal breaks
 * it (every stylesheet and form is admitted), and a script slipped into a page does not run.
 */

interface Watch {
  violations: string[];
}

/** Records every CSP violation a page reports, by event and by console message. */
async function watch(context: BrowserContext): Promise<Watch> {
  const w: Watch = { violations: [] };
  await context.exposeBinding('__cspViolation', (_source, text: string) => {
    w.violations.push(text);
  });
  // Injected by the browser's debugging protocol, which the page's policy does not govern.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __cspViolation(t: string): void }).__cspViolation(
        `${e.violatedDirective} ${e.blockedURI} at ${document.location.pathname}`,
      );
    });
  });
  context.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) w.violations.push(`console: ${msg.text()}`);
  });
  return w;
}

async function visit(page: Page, url: string) {
  const res = await page.goto(url);
  await page.waitForLoadState('load');
  // A page that loaded its stylesheets has Pico's styles on its body.
  return res;
}

describe.skipIf(skipBrowser)('the Content-Security-Policy in Chromium', () => {
  const bw = useBrowserWorld();

  it('no page reports a violation, for any role', async () => {
    const c = await createComplaint(
      bw.w.users.staff.ctx,
      CreateComplaintInput.parse({
        channel: 'hotline',
        merchantId: bw.w.merchantA.id,
        subject: '空调安装后漏水',
        description: '安装一个月后室内机漏水，多次联系客服未果。',
        category: 'appliance_repair',
        tags: ['after_sales'],
        consumer: { name: '张先生', phone: '13812345678' },
        claimFen: 59_900,
      }),
    );
    const link = await signConsumerLink(bw.w.runtime.keys, bw.w.clock, c.id, 86_400);
    const visited: string[] = [];
    const tour: [string | null, string[]][] = [
      [null, ['/login', '/login?lang=en', '/api/docs', `/c/${link}`, `/c/${link}x`, '/no-such-page']],
      [bw.w.users.merchantAdmin.email, ['/inbox', `/complaints/${c.id}`, '/settings', '/inbox?lang=en']],
      [bw.w.users.staff.email, ['/staff', '/intake', '/inbox', `/complaints/${c.id}`, '/settings']],
      [bw.w.users.station.email, ['/station', `/complaints/${c.id}`]],
      [bw.w.users.merchantB.email, ['/inbox', `/complaints/${c.id}`]],
    ];
    for (const [email, paths] of tour) {
      const context = await bw.browser.newContext({ locale: 'zh-CN' });
      const seen = await watch(context);
      const page = email ? await signIn(context, bw.base, email) : await context.newPage();
      for (const path of paths) {
        await visit(page, `${bw.base}${path}`);
        visited.push(`${email ?? 'anonymous'} ${path}`);
        // Stylesheets were admitted: Pico sets the body's font, the browser default is serif.
        const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
        expect(font, `${path} styled`).not.toMatch(/^(serif|"Times New Roman")/);
      }
      // A form posted under the policy (form-action 'self'): sign out, which redirects to the sign-in page.
      if (email) {
        await page.getByRole('button', { name: /^(退出登录|Sign out)$/ }).click();
        await page.waitForURL('**/login');
      }
      expect(seen.violations, `${email ?? 'anonymous'}: ${paths.join(', ')}`).toEqual([]);
      await context.close();
    }
    expect(visited.length).toBeGreaterThan(15);
  });

  it('blocks a script injected into a page, and the page reports it', async () => {
    const context = await bw.browser.newContext();
    const seen = await watch(context);
    const page = await context.newPage();
    // The real answer of the portal, headers and all, with a script put into its body, as a
    // stored cross-site scripting flaw would put it there.
    await page.route(`${bw.base}/login`, async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace(
        '</main>',
        '<script>document.documentElement.dataset.pwned = "inline";</script>' +
          '<img src="/assets/none.png" onerror="document.documentElement.dataset.pwned = \'handler\'">' +
          '</main>',
      );
      await route.fulfill({ response, body: html });
    });
    await page.goto(`${bw.base}/login`);
    await page.waitForLoadState('load');
    await expect.poll(() => seen.violations.length).toBeGreaterThanOrEqual(2);
    expect(await page.evaluate(() => document.documentElement.dataset.pwned ?? null)).toBeNull();
    expect(seen.violations.join('\n')).toMatch(/script-src/);
    await context.close();
  });
});
