import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvText, HEADER_12315, rows12315 } from '../import-files';
import { screenshot, signIn, skipBrowser, useBrowserWorld, ZH } from './browser';

/**
 * The imports page in Chromium without JavaScript, at phone width: staff upload a 12315 export
 * with two bad rows, watch the import's page until it is done, download the rejected rows,
 * fix them in the downloaded CSV and upload it again; the list shows both imports and who ran them.
 */
describe.skipIf(skipBrowser)('the imports page in Chromium', () => {
  const bw = useBrowserWorld();

  it('uploads a file, shows its result, and gives the rejected rows back as CSV to fix', async () => {
    const rows = rows12315(5, { name: bw.w.merchantA.name, creditCode: bw.w.merchantA.creditCode });
    rows[1]![6] = '太空旅行';
    rows[3]![9] = '两千元';
    const dir = mkdtempSync(join(tmpdir(), 'redress-import-page-'));
    const file = join(dir, '12315-20261127.csv');
    writeFileSync(file, `\uFEFF${csvText([HEADER_12315, ...rows])}`);

    const context = await bw.browser.newContext({
      ...ZH,
      javaScriptEnabled: false,
      acceptDownloads: true,
      viewport: { width: 390, height: 844 },
    });
    const page = await signIn(context, bw.base, bw.w.users.staff.email);
    await page.getByRole('link', { name: '批量导入' }).first().click();
    expect(new URL(page.url()).pathname).toBe('/imports');
    await page.locator('#import-file').setInputFiles(file);
    await page.getByRole('button', { name: '导入', exact: true }).click();
    // The import's page reloads itself (a Refresh header) until the import is done.
    await page.waitForFunction(() => !document.body.textContent?.includes('正在读取文件'), undefined, {
      timeout: 30_000,
      polling: 200,
    });
    await page.waitForLoadState();
    expect(await page.locator('[data-counts]').textContent()).toBe('导入 3，未变 0，有变动 0，退回 2');
    expect(await page.locator('#rejected ~ div table').textContent()).toContain('unknown category 太空旅行');
    await screenshot(page, 'imports-done-phone');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '下载退回的行（CSV）' }).click(),
    ]);
    const saved = join(dir, 'rejected.csv');
    await download.saveAs(saved);
    const text = readFileSync(saved, 'utf8');
    expect(text.trim().split('\r\n')).toHaveLength(3);
    writeFileSync(saved, text.replace('太空旅行', '家用电器').replace('两千元', '2000'));

    await page.getByRole('link', { name: '返回导入记录' }).click();
    await page.locator('#import-file').setInputFiles(saved);
    await page.getByRole('button', { name: '导入', exact: true }).click();
    await page.waitForFunction(() => !document.body.textContent?.includes('正在读取文件'), undefined, {
      timeout: 30_000,
      polling: 200,
    });
    await page.waitForLoadState();
    expect(await page.locator('[data-counts]').textContent()).toBe('导入 2，未变 0，有变动 0，退回 0');

    await page.getByRole('link', { name: '返回导入记录' }).click();
    const list = await page.locator('table').textContent();
    expect(list).toContain('12315-20261127.csv');
    expect(list).toContain('rejected.csv');
    expect(list).toContain('王芳');
    await context.close();
  });
});
