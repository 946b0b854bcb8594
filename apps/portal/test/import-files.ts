import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';

/**
 * Import files for the tests and the bench: JSON Lines of intake bodies, a 12315-style export
 * (Chinese headers) as CSV and as .xlsx, and the CFPB sample (committed gzipped: 0.85 MB for
 * the 3.9 MB of `/work/shared/data/cfpb/complaints_sample.csv`, public domain).
 */

export const CFPB_SAMPLE = new URL('./fixtures/cfpb/complaints_sample.csv.gz', import.meta.url);
/** The CFPB sample's CSV text (6,623 complaints). */
export const cfpbSample = (): Buffer => gunzipSync(readFileSync(CFPB_SAMPLE));

/** The example 12315 export documented in docs/import.md. */
export const EXAMPLE_12315 = new URL('../../../docs/examples/import-12315.csv', import.meta.url);

/** An intake body for JSON Lines, row `i` of a file, optionally for a merchant. */
export function intakeRow(i: number, merchantId?: string, prefix = 'T'): Record<string, unknown> {
  return {
    externalRef: `${prefix}-${String(i).padStart(7, '0')}`,
    channel: 'platform_12315',
    ...(merchantId ? { merchantId } : {}),
    subject: `空调安装后漏水 ${i}`,
    description: `今年七月购买的空调，安装一个月后室内机漏水，多次联系客服未果。编号 ${i}`,
    category: 'appliance_repair',
    tags: i % 3 === 0 ? ['after_sales'] : [],
    consumer: { name: `消费者${i}`, phone: `138${String(10_000_000 + (i % 89_999_999)).slice(-8)}` },
    claimFen: 10_000 + (i % 500) * 100,
    receivedAt: '2026-11-27T09:30:00+08:00',
  };
}

export const jsonLines = (rows: readonly unknown[]) => `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;

/** The Chinese header of a 12315-style export, as docs/import.md documents it. */
export const HEADER_12315 = [
  '投诉编号',
  '登记时间',
  '投诉人',
  '联系电话',
  '被投诉单位',
  '统一社会信用代码',
  '投诉类别',
  '投诉标题',
  '投诉内容',
  '诉求金额(元)',
];

/** Rows of a 12315-style export: `[ref, received, name, phone, business, credit code, category, subject, text, yuan]`. */
export function rows12315(
  count: number,
  business: { name: string; creditCode: string },
  from = 1,
): string[][] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    return [
      `12315-2026-${String(i).padStart(6, '0')}`,
      '2026-11-27 09:30',
      `消费者${i}`,
      `1391234${String(i % 10_000).padStart(4, '0')}`,
      business.name,
      business.creditCode,
      '家用电器',
      `冰箱不制冷 ${i}`,
      `购买的冰箱三个月后不制冷，要求退货。编号 ${i}`,
      '2999.00',
    ];
  });
}

const quote = (cell: string) => (/[",\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
export const csvText = (rows: readonly (readonly string[])[]) =>
  `${rows.map((r) => r.map(quote).join(',')).join('\r\n')}\r\n`;

/** The same rows as an .xlsx workbook (one sheet), written by exceljs. */
export async function xlsxOf(rows: readonly (readonly string[])[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('投诉');
  for (const r of rows) sheet.addRow([...r]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
