import type { Role } from '@redress/core';
import { CreateComplaintInput } from '@redress/core';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { acknowledgeComplaint, proposeSettlement, requestInformation } from '../../src/complaints/actions';
import { createComplaint } from '../../src/complaints/intake';
import { type AxeViolation, axeViolations } from './axe';
import { consumerLinkPath, signIn, skipBrowser, useBrowserWorld, ZH } from './browser';

/** Enough for every page a role can reach today; the test fails rather than stop short. */
const MAX_PAGES_PER_ROLE = 40;

/** The page a link leads to, as a template: ids and tokens become `:id`, queries are dropped. */
const template = (path: string) =>
  path
    .split('/')
    .map((s) => (/^[a-z]{3}_[0-9A-Za-z]{20,}$|^[A-Za-z0-9_-]{40,}$/.test(s) ? ':id' : s))
    .join('/');

/**
 * axe-core over every page of the portal, as each role sees it: a crawl from the page the role
 * lands on after signing in, following every link on the portal (one page per template, so
 * each complaint page is checked once), then the same landing page in English. Then the pages
 * nobody signs in for: sign-in, the API reference, the consumer's link, the error pages.
 */
describe.skipIf(skipBrowser)('accessibility (axe-core, WCAG 2.2 AA and best practices)', () => {
  const bw = useBrowserWorld();
  let consumerLink: string;
  const found = new Map<string, AxeViolation[]>();

  beforeAll(async () => {
    const intake = (overrides: Record<string, unknown> = {}) =>
      createComplaint(
        bw.w.users.staff.ctx,
        CreateComplaintInput.parse({
          channel: 'hotline',
          merchantId: bw.w.merchantA.id,
          subject: '空调安装后漏水，商家拒绝上门维修',
          description: '今年七月购买的空调，安装一个月后室内机漏水，多次联系客服未果。',
          category: 'appliance_repair',
          tags: ['after_sales'],
          consumer: { name: '张先生', phone: '13812345678' },
          claimFen: 59_900,
          ...overrides,
        }),
      );
    // A complaint in each of the states that change what a page shows.
    await intake({ merchantId: undefined, subject: '未分派的投诉' });
    await intake();
    const acknowledged = await intake({ subject: '洗衣机维修三次仍未修好' });
    const merchant = bw.w.users.merchantAdmin.ctx;
    await acknowledgeComplaint(merchant, acknowledged.id);
    const waiting = await intake({ subject: '网购耳机退货被拒' });
    await acknowledgeComplaint(merchant, waiting.id);
    await requestInformation(merchant, waiting.id, { body: '请提供购买凭证。' });
    const proposed = await intake({ subject: '冰箱制冷不足' });
    await acknowledgeComplaint(merchant, proposed.id);
    await proposeSettlement(merchant, proposed.id, {
      outcome: 'refund',
      amountFen: 39_900,
      terms: '全额退款。',
    });
    consumerLink = await consumerLinkPath(bw.w, proposed.id);
  });

  async function check(page: Page, label: string): Promise<void> {
    const violations = await axeViolations(page);
    if (violations.length > 0) found.set(label, violations);
  }

  /** Visits every page reachable from where `page` is, checking each; answers the templates seen. */
  async function crawl(page: Page, role: string): Promise<string[]> {
    const seen = new Set<string>();
    const queue = [new URL(page.url()).pathname];
    while (queue.length > 0) {
      const path = queue.shift()!;
      if (seen.has(template(path))) continue;
      seen.add(template(path));
      expect(seen.size, `more than ${MAX_PAGES_PER_ROLE} pages for ${role}`).toBeLessThanOrEqual(
        MAX_PAGES_PER_ROLE,
      );
      const response = await page.goto(`${bw.base}${path}`);
      expect(response?.status(), `${role} ${path}`).toBeLessThan(400);
      await check(page, `${role} ${template(path)}`);
      const links = await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href));
      for (const href of links) {
        const url = new URL(href);
        if (
          url.origin !== bw.base ||
          url.pathname.startsWith('/assets/') ||
          /\.(csv|json)$/.test(url.pathname)
        ) {
          continue;
        }
        if (!seen.has(template(url.pathname))) queue.push(url.pathname);
      }
    }
    return [...seen];
  }

  const roles: [string, Role, () => Promise<{ email: string }>][] = [
    ['commission staff', 'commission_staff', async () => bw.w.users.staff],
    [
      'commission admin',
      'commission_admin',
      () => bw.w.addUser('admin@redress.example', 'commission_admin', '周敏'),
    ],
    ['merchant admin', 'merchant_admin', async () => bw.w.users.merchantAdmin],
    [
      'merchant agent',
      'merchant_agent',
      () =>
        bw.w.addUser('agent@pujiang.example', 'merchant_agent', '孙丽', { merchantId: bw.w.merchantA.id }),
    ],
    ['station operator', 'station_operator', async () => bw.w.users.station],
  ];

  it('finds nothing on any page, as each role, in Chinese and in English', async () => {
    const visited: Record<string, string[]> = {};
    for (const [label, , user] of roles) {
      const { email } = await user();
      const context: BrowserContext = await bw.browser.newContext(ZH);
      const page = await signIn(context, bw.base, email);
      visited[label] = await crawl(page, label);
      await page.goto(`${page.url().split('?')[0]}?lang=en`);
      await check(page, `${label} ${new URL(page.url()).pathname} (English)`);
      await context.close();
    }
    // Each role reaches more than its landing page: the crawl followed the portal's links.
    for (const [label, pages] of Object.entries(visited)) expect(pages.length, label).toBeGreaterThan(1);
    expect(visited['merchant admin']).toContain('/complaints/:id');

    const context = await bw.browser.newContext(ZH);
    const page = await context.newPage();
    for (const path of ['/login', '/api/docs', consumerLink, `${consumerLink}x`, '/no-such-page']) {
      await page.goto(`${bw.base}${path}`);
      await check(page, template(path));
    }
    // The reference lays out its sections only near the screen (content-visibility: auto),
    // and axe skips what is not laid out: check it again with every section rendered.
    await page.goto(`${bw.base}/api/docs`);
    await page.evaluate(() => {
      for (const e of document.querySelectorAll<HTMLElement>('.op, .schema'))
        e.style.contentVisibility = 'visible';
    });
    await check(page, '/api/docs, every section rendered');
    await context.close();

    expect(Object.fromEntries(found)).toEqual({});
  });

  it('finds nothing on the calendars page’s refused form and preview, which no link reaches', async () => {
    await bw.w.addUser('calendars@redress.example', 'commission_admin', '吴军');
    // Page scripts stay refused by the CSP; playwright's evaluate runs axe, as in the crawl.
    const context = await bw.browser.newContext(ZH);
    const page = await signIn(context, bw.base, 'calendars@redress.example');
    const violations: Record<string, AxeViolation[]> = {};
    const checkHere = async (label: string) => {
      const v = await axeViolations(page);
      if (v.length > 0) violations[label] = v;
    };
    await page.goto(`${bw.base}/calendars`);
    await page.locator('#notice-notice').fill('一、元旦：1月1日（周四）放假，共1天。');
    await page.locator('#notice-year').fill('2027');
    await page.getByRole('button', { name: '读取并预览' }).nth(1).click();
    expect(await page.locator('#notice-notice-error').count()).toBe(1);
    await checkHere('/calendars (refused notice)');
    await page.locator('#notice-notice').fill('一、元旦：1月1日（周五）至3日（周日）放假，共3天。');
    await page.getByRole('button', { name: '读取并预览' }).nth(1).click();
    expect(await page.locator('h1').textContent()).toBe('确认导入 2027 年日历');
    await checkHere('/calendars/import (preview)');
    await context.close();
    expect(violations).toEqual({});
  });

  it('answers /favicon.ico with an icon the browser can draw', async () => {
    const context = await bw.browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${bw.base}/favicon.ico`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toBe('image/x-icon');
    await page.goto(`${bw.base}/login`);
    const sizes = await page.evaluate(async () => {
      const draw = async (src: string) => {
        const img = new Image();
        img.src = src;
        await img.decode();
        return [img.naturalWidth, img.naturalHeight];
      };
      const link = document.querySelector<HTMLLinkElement>('link[rel="icon"]')!;
      return { ico: await draw('/favicon.ico'), linked: await draw(link.href) };
    });
    expect(sizes.ico[0]).toBeGreaterThanOrEqual(16);
    expect(sizes.linked[0]).toBeGreaterThan(0);
    await context.close();
  });
});
