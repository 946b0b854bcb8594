import { CreateComplaintInput } from '@redress/core';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signConsumerLink } from '../../src/auth/tokens';
import { createComplaint } from '../../src/complaints/intake';
import * as files from '../evidence-files';
import { screenshot, signIn, skipBrowser, useBrowserWorld, ZH } from './browser';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** The pictures a page loaded, by address: status and type of each. */
function imagesOf(page: Page): Map<string, { status: number; type: string | undefined }> {
  const seen = new Map<string, { status: number; type: string | undefined }>();
  page.on('response', (res) => {
    if (res.request().resourceType() === 'image')
      seen.set(new URL(res.url()).pathname, { status: res.status(), type: res.headers()['content-type'] });
  });
  return seen;
}

/**
 * Evidence in Chromium on a phone-sized page: the merchant photographs the invoice and attaches
 * it from the complaint page (a plain form), and the consumer sees it on their link's page, a
 * thumbnail loaded through the link; with and without JavaScript.
 */
describe.skipIf(skipBrowser)('attachments in Chromium', () => {
  const bw = useBrowserWorld();

  for (const javaScriptEnabled of [false, true]) {
    it(`a merchant attaches a photo from a phone and the consumer sees it (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const complaint = await createComplaint(
        bw.w.users.staff.ctx,
        CreateComplaintInput.parse({
          channel: 'hotline',
          merchantId: bw.w.merchantA.id,
          subject: '空调安装后漏水，商家拒绝上门维修',
          description: '室内机漏水，多次联系客服未果。',
          category: 'appliance_repair',
          tags: ['after_sales'],
          consumer: { name: '张先生', phone: '13812345678' },
        }),
      );
      const context = await bw.browser.newContext({ ...ZH, ...PHONE, javaScriptEnabled });
      const page = await signIn(context, bw.base, bw.w.users.merchantAdmin.email);
      await page.goto(`${bw.base}/complaints/${complaint.id}`);
      expect(await page.locator('#evidence').textContent()).toBe('证据材料');
      // The camera's input, as a phone fills it after the shot.
      await page.locator('#attachment-camera').setInputFiles({
        name: 'IMG_3001.png',
        mimeType: 'image/png',
        buffer: files.png(48, 32, [220, 120, 20]),
      });
      await page.getByLabel('说明').fill('安装单照片');
      await page.getByRole('button', { name: '上传' }).click();
      await page.waitForLoadState('load');
      expect(new URL(page.url()).pathname).toBe(`/complaints/${complaint.id}`);
      expect(await page.locator('.flash').textContent()).toBe('已上传附件。');
      const [row] = await bw.w.runtime.db
        .selectFrom('attachments')
        .selectAll()
        .where('complaint_id', '=', complaint.id)
        .execute();
      expect(row).toMatchObject({ file_name: 'IMG_3001.png', content_type: 'image/png', note: '安装单照片' });
      const thumb = page.locator(`img[src="/api/v1/attachments/${row!.id}"]`);
      await thumb.waitFor();
      const box = await thumb.boundingBox();
      expect(box!.width).toBeGreaterThan(50);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
      await screenshot(page, `attachment-merchant-js-${javaScriptEnabled ? 'on' : 'off'}`);

      // A disguised file is refused with the reason, on the same page.
      await page.locator('#attachment-file').setInputFiles({
        name: 'photo.jpg',
        mimeType: 'image/jpeg',
        buffer: files.executable(),
      });
      await page.getByRole('button', { name: '上传' }).click();
      await page.waitForLoadState('load');
      expect(await page.locator('.flash').textContent()).toContain('文件不是照片');

      // The consumer, on a phone, through the link.
      const consumer = await bw.browser.newContext({ ...ZH, ...PHONE, javaScriptEnabled });
      const own = await consumer.newPage();
      const images = imagesOf(own);
      const token = await signConsumerLink(bw.w.runtime.keys, bw.w.clock, complaint.id, 3_600);
      await own.goto(`${bw.base}/c/${token}`);
      const src = `/api/v1/consumer/${token}/attachments/${row!.id}`;
      await own.locator(`img[src="${src}"]`).waitFor();
      await own.waitForLoadState('load');
      expect(images.get(src)).toEqual({ status: 200, type: 'image/png' });
      expect(await own.locator('#attachments').textContent()).toContain('安装单照片');
      await screenshot(own, `attachment-consumer-js-${javaScriptEnabled ? 'on' : 'off'}`);
      // The consumer adds a PDF of their own, and the merchant sees it as a link.
      await own.locator('#attachment-file').setInputFiles({
        name: '收据.pdf',
        mimeType: 'application/pdf',
        buffer: files.pdf(),
      });
      await own.getByRole('button', { name: '上传' }).click();
      await own.waitForLoadState('load');
      expect(await own.locator('.flash').textContent()).toBe('已上传附件。');
      await page.goto(`${bw.base}/complaints/${complaint.id}`);
      expect(await page.locator('#attachments .file-link').textContent()).toContain('收据.pdf');
      await context.close();
      await consumer.close();
    });
  }
});
