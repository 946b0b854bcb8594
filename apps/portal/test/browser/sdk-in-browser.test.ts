import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Webhook } from 'standardwebhooks';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/api-clients/service';
import { createComplaint } from '../../src/complaints/intake';
import { skipBrowser, useBrowserWorld } from './browser';

const SDK_ENTRY = fileURLToPath(new URL('../../../../packages/sdk/src/index.ts', import.meta.url));

/**
 * `@redress/sdk` in a real browser: bundled for the browser platform (a Node built-in would fail
 * the build), loaded as an ES module into Chromium from the portal's own origin, and used
 * against the real portal — tokens, a list, an action, attachments (a canvas's JPEG as a File and its
 * WebP as a Blob, uploaded and downloaded), and webhook verification with Web Crypto.
 */
describe.skipIf(skipBrowser)('@redress/sdk in Chromium', () => {
  const bw = useBrowserWorld();
  let sdkSource: string;

  beforeAll(async () => {
    const result = await build({
      entryPoints: [SDK_ENTRY],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2020',
      write: false,
      logLevel: 'silent',
    });
    sdkSource = result.outputFiles[0]!.text;
  }, 60_000);

  it('gets a token, lists and acknowledges complaints, and verifies a webhook delivery', async () => {
    const client = await createApiClient(
      { ...bw.w.runtime, principal: { ...bw.w.users.staff.ctx.principal, role: 'commission_admin' } },
      { name: 'browser CRM', actsAs: 'merchant', merchantId: bw.w.merchantA.id },
    );
    const complaint = await createComplaint(bw.w.users.staff.ctx, {
      kind: 'complaint',
      channel: 'online',
      merchantId: bw.w.merchantA.id,
      subject: '网购耳机无法开机',
      description: '收到货后无法开机，客服不回复。',
      category: 'online_shopping',
      tags: [],
      consumer: { name: '刘女士', phone: '13900001111', isMinor: false },
    });
    const secret = `whsec_${Buffer.from('a-test-secret-of-32-bytes-length').toString('base64')}`;
    const payload = JSON.stringify({
      id: 'evt_1',
      type: 'complaint.assigned',
      timestamp: '2026-11-30T10:00:00+08:00',
      data: { object: { id: complaint.id } },
    });
    const signedAt = new Date(bw.w.clock.now());
    const signature = new Webhook(secret).sign('evt_1', signedAt, payload);

    const origin = bw.w.server.url;
    const page = await bw.browser.newPage();
    await page.route(`${origin}/__sdk/**`, (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/__sdk/redress.js')
        return route.fulfill({ contentType: 'text/javascript', body: sdkSource });
      return route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><script type="module">import * as sdk from '/__sdk/redress.js'; window.sdk = sdk; window.ready = true;</script>`,
      });
    });
    await page.goto(`${origin}/__sdk/index.html`);
    await page.waitForFunction('window.ready === true');

    const result = await page.evaluate(
      async (input) => {
        const sdk = (window as any).sdk;
        const redress = new sdk.Redress({
          baseUrl: location.origin,
          clientId: input.clientId,
          clientSecret: input.secret,
        });
        const first = await redress.complaints.list({ limit: 10 });
        const acknowledged = await redress.complaints.acknowledge(input.complaintId);
        let notFound = '';
        try {
          await redress.complaints.get('cmp_01JD3Z6Y8G5C4F0QK3W2A1B9XE');
        } catch (err) {
          notFound = `${(err as Error).constructor.name}:${(err as { status: number }).status}`;
        }
        const headers = {
          'webhook-id': 'evt_1',
          'webhook-timestamp': input.timestamp,
          'webhook-signature': input.signature,
        };
        const event = await sdk.webhooks.verify(input.payload, headers, input.webhookSecret, {
          now: input.now,
        });
        let tampered = '';
        try {
          await sdk.webhooks.verify(
            input.payload.replace('assigned', 'settled'),
            headers,
            input.webhookSecret,
            { now: input.now },
          );
        } catch (err) {
          tampered = (err as Error).name;
        }
        // Evidence: photos the browser itself encodes (a canvas), sent as a File and as a Blob.
        const canvas = document.createElement('canvas');
        canvas.width = 16;
        canvas.height = 12;
        const paint = canvas.getContext('2d')!;
        paint.fillStyle = '#c83';
        paint.fillRect(0, 0, 16, 12);
        const attachments = [];
        for (const type of ['image/jpeg', 'image/webp']) {
          const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), type));
          const sent = type === 'image/jpeg' ? new File([blob], '现场照片.jpg', { type }) : blob;
          const attached = await redress.attachments.upload(input.complaintId, sent, { note: '浏览器上传' });
          const back = await (await redress.attachments.download(attached.id)).blob();
          attachments.push({
            contentType: attached.contentType,
            fileName: attached.fileName,
            sameSize: attached.sizeBytes === blob.size && back.size === blob.size,
          });
        }
        const listed = (await redress.attachments.list(input.complaintId)).data.length;
        return {
          attachments,
          listed,
          ids: first.data.map((c: { id: string }) => c.id),
          status: acknowledged.status,
          notFound,
          eventType: event.type,
          tampered,
        };
      },
      {
        clientId: client.id,
        secret: client.secret!,
        complaintId: complaint.id,
        payload,
        signature,
        timestamp: String(Math.floor(signedAt.getTime() / 1000)),
        webhookSecret: secret,
        now: signedAt.getTime(),
      },
    );
    expect(result.ids).toEqual([complaint.id]);
    expect(result.status).toBe('acknowledged');
    expect(result.notFound).toBe('NotFoundError:404');
    expect(result.eventType).toBe('complaint.assigned');
    expect(result.tampered).toBe('WebhookVerificationError');
    expect(result.attachments).toEqual([
      { contentType: 'image/jpeg', fileName: '现场照片.jpg', sameSize: true },
      { contentType: 'image/webp', fileName: 'attachment.webp', sameSize: true },
    ]);
    expect(result.listed).toBe(2);
    await page.close();
  });
});
