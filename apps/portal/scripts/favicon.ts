/**
 * Makes src/web/assets/favicon.ico from favicon.svg beside it: Chromium draws the SVG at 16,
 * 32 and 48 pixels, and the PNGs go into one ICO file (PNG entries, as every browser since
 * 2007 reads them). Run after changing the SVG: `npx tsx apps/portal/scripts/favicon.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { launchChromium } from '../test/browser/browser';

const SIZES = [16, 32, 48];
const svg = new URL('../src/web/assets/favicon.svg', import.meta.url);
const ico = new URL('../src/web/assets/favicon.ico', import.meta.url);

const browser = await launchChromium();
const pngs: Buffer[] = [];
try {
  const src = `data:image/svg+xml;base64,${readFileSync(svg).toString('base64')}`;
  for (const size of SIZES) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(`<body style="margin:0"><img src="${src}" width="${size}" height="${size}">`);
    await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
    pngs.push(await page.screenshot({ type: 'png', omitBackground: true }));
    await page.close();
  }
} finally {
  await browser.close();
}

// ICONDIR, then one ICONDIRENTRY (16 bytes) per image, then the images.
const header = Buffer.alloc(6 + 16 * pngs.length);
header.writeUInt16LE(0, 0);
header.writeUInt16LE(1, 2); // 1: icon
header.writeUInt16LE(pngs.length, 4);
let offset = header.length;
pngs.forEach((png, i) => {
  const entry = 6 + 16 * i;
  header.writeUInt8(SIZES[i]!, entry); // width
  header.writeUInt8(SIZES[i]!, entry + 1); // height
  header.writeUInt8(0, entry + 2); // no palette
  header.writeUInt8(0, entry + 3);
  header.writeUInt16LE(1, entry + 4); // colour planes
  header.writeUInt16LE(32, entry + 6); // bits per pixel
  header.writeUInt32LE(png.length, entry + 8);
  header.writeUInt32LE(offset, entry + 12);
  offset += png.length;
});
writeFileSync(ico, Buffer.concat([header, ...pngs]));
console.log(`wrote ${ico.pathname} (${offset} bytes)`);
