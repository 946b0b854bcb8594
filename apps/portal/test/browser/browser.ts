import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Role } from '@redress/core';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { testConfig } from '../../src/config';
import type { ServiceContext } from '../../src/context';
import { openRuntime, type Runtime } from '../../src/deps';
import { ManualClock } from '../../src/http/clock';
import { SYSTEM, userPrincipal } from '../../src/http/principal';
import { silentLogger } from '../../src/logger';
import { createMerchant } from '../../src/merchants/service';
import { type RunningServer, startServer } from '../../src/server';
import { createStation } from '../../src/stations/service';
import { createUser } from '../../src/users/service';

/** Debian's Chromium, driven by playwright-core (which downloads no browser of its own). */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Whether the browser tests run here. Without Chromium they skip themselves on a developer's
 * machine, but in CI a skipped browser suite would hide a missing install step: `beforeAll`
 * throws instead (see `assertChromium`).
 */
export const chromiumMissing = !existsSync(CHROMIUM);
export const skipBrowser = chromiumMissing && !process.env.CI;

export function assertChromium(): void {
  if (chromiumMissing) {
    throw new Error(
      `${CHROMIUM} is missing: install it (apt-get install -y chromium); CI must not skip the browser tests`,
    );
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
}

export const PASSWORD = 'correct horse battery';

/** 2026-11-30 10:00 Shanghai, a Monday. */
export const MONDAY_10AM = Date.parse('2026-11-30T10:00:00+08:00');

/**
 * The real server on a free port over a fresh in-memory SQLite database, with a clock the
 * tests move: two merchants, a liaison station, and a user of every role made by the services.
 */
export async function browserWorld() {
  const clock = new ManualClock(MONDAY_10AM);
  const runtime: Runtime = await openRuntime(testConfig(), { clock, log: silentLogger });
  const admin = { ...runtime, principal: { ...SYSTEM, role: 'commission_admin' as const } };
  const merchantA = await createMerchant(admin, {
    name: '浦江电器有限公司',
    creditCode: '91310115MA1H7GXKAY',
    slaPolicy: 'standard',
  });
  const merchantB = await createMerchant(admin, {
    name: '东方优选网络科技有限公司',
    creditCode: '91310115MA1K4B2LXB',
    slaPolicy: 'standard',
  });
  const station = await createStation(admin, {
    name: '第一八佰伴消费维权联络站',
    address: '浦东新区张杨路501号',
    host: '第一八佰伴',
    online: true,
  });
  const user = async (
    email: string,
    role: Role,
    name: string,
    scope: { merchantId?: string; stationId?: string } = {},
  ) => {
    const u = await createUser(admin, { email, password: PASSWORD, role, name, ...scope });
    const ctx: ServiceContext = {
      ...runtime,
      principal: userPrincipal({ id: u.id, role, merchant_id: u.merchantId, station_id: u.stationId }),
    };
    return { ...u, ctx };
  };
  const users = {
    staff: await user('staff@redress.example', 'commission_staff', '王芳'),
    merchantAdmin: await user('admin@pujiang.example', 'merchant_admin', '李强', {
      merchantId: merchantA.id,
    }),
    merchantB: await user('agent@dongfang.example', 'merchant_agent', '赵敏', { merchantId: merchantB.id }),
    station: await user('station1@redress.example', 'station_operator', '陈静', { stationId: station.id }),
  };
  const server: RunningServer = await startServer(runtime, { port: 0, hostname: '127.0.0.1', jobs: false });
  return {
    runtime,
    clock,
    server,
    merchantA,
    merchantB,
    station,
    users,
    /** Adds a user (made by the services, password `PASSWORD`) with a service context of its own. */
    addUser: user,
    close: async () => {
      await server.close();
      await runtime.close();
    },
  };
}
export type BrowserWorld = Awaited<ReturnType<typeof browserWorld>>;

/** A browser in Chinese, as at the commission and most merchants. */
export const ZH = { locale: 'zh-CN', extraHTTPHeaders: { 'Accept-Language': 'zh-CN,zh;q=0.9' } };

/**
 * The start every browser test file shares: registers `beforeAll` (a `browserWorld` with its
 * server, and one Chromium) and `afterAll` (both closed). Read the fields in tests and in hooks
 * registered after this call.
 */
export function useBrowserWorld(): { w: BrowserWorld; browser: Browser; base: string } {
  const started = {} as { w: BrowserWorld; browser: Browser; base: string };
  beforeAll(async () => {
    assertChromium();
    started.w = await browserWorld();
    started.base = started.w.server.url;
    started.browser = await launchChromium();
  });
  afterAll(async () => {
    await started.browser?.close();
    await started.w?.close();
  });
  return started;
}

/** The path of the consumer's link in the newest notification of a complaint that has one. */
export async function consumerLinkPath(w: BrowserWorld, complaintId: string): Promise<string> {
  const note = await w.runtime.db
    .selectFrom('notifications')
    .select('link')
    .where('complaint_id', '=', complaintId)
    .where('link', 'is not', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  return new URL(note.link!).pathname;
}

/** Signs in through the sign-in form, as a person would. */
export async function signIn(context: BrowserContext, base: string, email: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('邮箱').fill(email);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForLoadState('load');
  return page;
}
