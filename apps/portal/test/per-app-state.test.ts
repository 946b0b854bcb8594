import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApiClient } from '../src/api-clients/service';
import { createApp } from '../src/app';
import { AccessCache } from '../src/auth/access-cache';
import { issueAccessToken } from '../src/auth/service';
import { createComplaint } from '../src/complaints/intake';
import { consumerLink } from '../src/complaints/notify';
import { testConfig } from '../src/config';
import { withPrincipal } from '../src/context';
import { openRuntime } from '../src/deps';
import type { EventListener } from '../src/events/service';
import { ManualClock } from '../src/http/clock';
import { type Principal, SYSTEM } from '../src/http/principal';
import { silentLogger } from '../src/logger';
import { createMerchant, updateMerchant } from '../src/merchants/service';
import { createWebhookEndpoint } from '../src/webhooks/endpoints';
import { afterThisTest, databaseUrl, MONDAY_10AM, testWorld } from './harness';

/**
 * State that belongs to one app lives in its deps (context.ts `AppDeps`, made by `openRuntime`),
 * never in module scope: two apps in one process share no listener, cache or key, whether they
 * stand on two databases (as the tests' apps do) or on one (as two processes would).
 */

const STAFF: Principal = { ...SYSTEM, role: 'commission_admin', actor: 'staff' };

async function runtimeOn(url: string, options: { dataDir?: string; migrate?: boolean } = {}) {
  const config = testConfig({ databaseUrl: url, ...(options.dataDir ? { dataDir: options.dataDir } : {}) });
  const runtime = await openRuntime(config, {
    clock: new ManualClock(MONDAY_10AM),
    log: silentLogger,
    poolSize: 2,
    migrate: options.migrate,
  });
  afterThisTest(() => runtime.close());
  return runtime;
}

const complaintOf = (merchantId: string) => ({
  kind: 'complaint' as const,
  channel: 'hotline' as const,
  merchantId,
  subject: '空调安装后漏水，商家拒绝上门维修',
  description: '今年七月购买的空调，安装一个月后室内机漏水，多次联系客服未果。',
  category: 'appliance_repair',
  tags: ['after_sales'],
  consumer: { name: '张先生', isMinor: false, phone: '13812345678' },
  claimFen: 59900,
});

describe('state that belongs to one app', () => {
  // First in the file, before any app is made in this process: nothing registers the outbox for it.
  it('a runtime fills its webhook outbox with no app made (as the worker and the CLI write events)', async () => {
    const runtime = await runtimeOn(await databaseUrl());
    const staff = withPrincipal(runtime, STAFF);
    const merchant = await createMerchant(staff, {
      name: '甲电器有限公司',
      creditCode: '91310115MA1K000016',
      slaPolicy: 'standard',
    });
    await createWebhookEndpoint(staff, {
      url: 'https://example.cn/hooks',
      eventTypes: ['complaint.received'],
      enabled: true,
    });
    await createComplaint(staff, complaintOf(merchant.id));
    const deliveries = await runtime.db.selectFrom('webhook_deliveries').select('event_type').execute();
    expect(deliveries).toEqual([{ event_type: 'complaint.received' }]);
  });

  it("an app's event listeners run for its events only", async () => {
    const a = await testWorld();
    const b = await testWorld();
    const heard: string[] = [];
    const listener: EventListener = async (_trx, events) => {
      heard.push(...events.map((e) => e.type));
    };
    const appA = createApp({ ...a.runtime, eventListeners: [...a.runtime.eventListeners, listener] });
    await b.intake();
    expect(heard).toEqual([]);
    const res = await appA.request('/api/v1/complaints', {
      method: 'POST',
      headers: { Authorization: `Bearer ${a.actors.staff.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(complaintOf(a.merchantA.id)),
    });
    expect(res.status).toBe(201);
    expect(heard).toEqual(['complaint.received', 'complaint.assigned']);
    // The world's own app, without the listener, still fills the outbox and nothing else.
    await a.intake();
    expect(heard).toHaveLength(2);
  });

  it('two apps seal webhook secrets each with its own key unless they share a data folder', async () => {
    const a = await testWorld();
    const b = await testWorld();
    const sealed = a.runtime.webhookSecrets.seal('whsec_c2VjcmV0');
    expect(a.runtime.webhookSecrets.open(sealed)).toBe('whsec_c2VjcmV0');
    expect(() => b.runtime.webhookSecrets.open(sealed)).toThrow();
  });

  it('a merchant renamed through one app shows its new name in the other app’s cached list at once', async () => {
    // One data folder (the tokens' key), as two processes of one deployment share it.
    const dataDir = mkdtempSync(join(tmpdir(), 'redress-keys-'));
    afterThisTest(async () => rmSync(dataDir, { recursive: true, force: true }));
    const url = await databaseUrl({ shared: true });
    const one = await runtimeOn(url, { dataDir });
    const two = await runtimeOn(url, { dataDir, migrate: false });
    const admin = withPrincipal(one, STAFF);
    const merchant = await createMerchant(admin, {
      name: '甲电器有限公司',
      creditCode: '91310115MA1K000016',
      slaPolicy: 'standard',
    });
    const complaint = await createComplaint(admin, complaintOf(merchant.id));
    const client = await createApiClient(withPrincipal(one, SYSTEM), {
      name: 'crm',
      actsAs: 'merchant',
      merchantId: merchant.id,
    });
    const { access_token } = await issueAccessToken(one, {
      clientId: client.id,
      clientSecret: client.secret!,
    });
    const appTwo = createApp(two);
    const names = async () => {
      const res = await appTwo.request('/api/v1/complaints', {
        headers: { Authorization: `Bearer ${access_token}` },
      });
      expect(res.status).toBe(200);
      return ((await res.json()).data as { id: string; business: { name: string } }[]).map(
        (c) => c.business.name,
      );
    };
    expect(await names()).toEqual(['甲电器有限公司']);
    expect(two.listCache.size).toBe(1);
    // Renamed by app one: app two's cached JSON still names the old one, and must not show it.
    await updateMerchant(admin, merchant.id, { name: '甲电器（上海）有限公司' });
    expect(await names()).toEqual(['甲电器（上海）有限公司']);
    expect(complaint.version).toBe(1);
  });

  it('two apps over one database keep their own caches of lists, tokens and consumer links', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'redress-keys-'));
    afterThisTest(async () => rmSync(dataDir, { recursive: true, force: true }));
    const url = await databaseUrl({ shared: true });
    const one = await runtimeOn(url, { dataDir });
    // The other, as a second process would be; its client checks trusted for a minute, so that
    // what it remembers cannot run out during the test.
    const two = await runtimeOn(url, { dataDir, migrate: false });
    const appOne = createApp(one);
    const appTwo = createApp({ ...two, access: new AccessCache({ ttlMs: 60_000 }) });
    const staff = withPrincipal(one, STAFF);
    const merchant = await createMerchant(staff, {
      name: '甲电器有限公司',
      creditCode: '91310115MA1K000016',
      slaPolicy: 'standard',
    });
    const complaint = await createComplaint(staff, complaintOf(merchant.id));
    const token = async (name: string) => {
      const client = await createApiClient(withPrincipal(one, SYSTEM), {
        name,
        actsAs: 'merchant',
        merchantId: merchant.id,
      });
      const { access_token } = await issueAccessToken(one, {
        clientId: client.id,
        clientSecret: client.secret!,
      });
      return { id: client.id, token: access_token };
    };
    const admin = await token('admin');
    const crm = await token('crm');
    const get = (app: typeof appOne, path: string, bearer = crm.token) =>
      app.request(path, { headers: { Authorization: `Bearer ${bearer}` } });

    // The list cache: what app one lists is cached in app one only.
    expect((await get(appOne, '/api/v1/complaints')).status).toBe(200);
    expect(one.listCache.size).toBe(1);
    expect(two.listCache.size).toBe(0);

    // The token cache: app two trusts the client it checked; app one's revocation is app one's.
    expect((await get(appTwo, '/api/v1/merchant')).status).toBe(200);
    const revoked = await appOne.request(`/api/v1/api-clients/${crm.id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${admin.token}` },
    });
    expect(revoked.status).toBe(204);
    expect((await get(appOne, '/api/v1/merchant')).status).toBe(401);
    expect((await get(appTwo, '/api/v1/merchant')).status).toBe(200); // remembered, not told
    // A fresh look-up in app two sees the revocation in the database.
    const appThree = createApp({ ...two, access: new AccessCache() });
    expect((await get(appThree, '/api/v1/merchant')).status).toBe(401);

    // The consumer links: one app's link of the day is not another's.
    const link = await consumerLink(one, complaint.id);
    expect(await consumerLink(one, complaint.id)).toBe(link);
    expect(one.consumerLinks.size).toBe(1);
    expect(two.consumerLinks.recent(complaint.id, two.clock.now())).toBeUndefined();

    // The webhook secrets: sealed by one, opened by the other through the shared data folder's key.
    const endpoint = await createWebhookEndpoint(staff, {
      url: 'https://example.cn/hooks',
      eventTypes: ['complaint.received'],
      enabled: true,
    });
    const row = await two.db
      .selectFrom('webhook_endpoints')
      .select('secret')
      .where('id', '=', endpoint.id)
      .executeTakeFirstOrThrow();
    expect(two.webhookSecrets.open(row.secret)).toBe(endpoint.secret);
  });
});
