import { describe, expect, it } from 'vitest';
import { countRows, type TestWorld, testWorld } from './harness';
import { csvText, HEADER_12315, rows12315 } from './import-files';

/**
 * The imports page through `app.request()` on both databases: a plain multipart upload (its form
 * token in the action's query), the import's page while it runs and when done, the rejected rows'
 * CSV, fixed and uploaded again; staff only.
 */

const ORIGIN = 'http://localhost';

async function get(w: TestWorld, path: string, cookie: string) {
  const res = await w.app.request(path, { headers: { Accept: 'text/html', Cookie: cookie } });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

/** Uploads a file through the page's form, as a browser sends it: the fields, then the file. */
async function upload(
  w: TestWorld,
  cookie: string,
  name: string,
  content: string,
  fields: Record<string, string> = {},
) {
  const list = await get(w, '/imports', cookie);
  const action = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/.exec(list.html)?.[1];
  expect(action).toBeTruthy();
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  body.set('file', new File([content], name, { type: name.endsWith('.csv') ? 'text/csv' : 'text/plain' }));
  const res = await w.app.request(action!.replace(/&amp;/g, '&'), {
    method: 'POST',
    headers: { Origin: ORIGIN, Cookie: cookie, Accept: 'text/html' },
    body,
  });
  return { status: res.status, location: res.headers.get('Location'), html: await res.text() };
}

/** The import's page once it is no longer running (it says so by dropping its Refresh header). */
async function finished(w: TestWorld, path: string, cookie: string) {
  for (let i = 0; i < 500; i++) {
    const page = await get(w, path, cookie);
    if (!page.headers.get('Refresh')) return page;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the import did not finish');
}

describe('the imports page', () => {
  it('uploads a 12315 export, shows its result, and gives back the rejected rows to fix', async () => {
    const w = await testWorld();
    const staff = await w.user('commission_staff');
    const business = { name: '甲电器有限公司', creditCode: '91310115MA1K000016' };
    const rows = rows12315(4, business);
    rows[1]![6] = '太空旅行'; // an unknown category
    rows[2]![2] = ''; // no consumer name
    const sent = await upload(w, staff.cookie, '12315-20261127.csv', csvText([HEADER_12315, ...rows]));
    expect(sent.status, sent.html.slice(0, 300)).toBe(303);
    const page = await finished(w, sent.location!, staff.cookie);
    expect(page.status).toBe(200);
    expect(page.html).toContain('12315-20261127.csv');
    expect(page.html).toContain('导入 2，未变 0，有变动 0，退回 2');
    expect(page.html).toContain('unknown category 太空旅行');

    const csv = await w.app.request(`${sent.location}/rejected.csv`, { headers: { Cookie: staff.cookie } });
    expect(csv.headers.get('Content-Type')).toContain('text/csv');
    const text = await csv.text();
    const lines = text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(`行号,${HEADER_12315.join(',')},错误原因`);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^3,12315-2026-000002,/);

    // Fixed in the downloaded file and uploaded again: the rest goes in.
    const fixed = text.replace('太空旅行', '家用电器').replace(',,1391234', ',王女士,1391234');
    const again = await upload(w, staff.cookie, 'fixed.csv', fixed);
    const second = await finished(w, again.location!, staff.cookie);
    expect(second.html).toContain('导入 2，未变 0，有变动 0，退回 0');
    expect(await countRows(w, 'complaints')).toBe(4);

    // The list: who ran each import, and its counts.
    const list = await get(w, '/imports', staff.cookie);
    expect(list.html).toContain('fixed.csv');
    expect(list.html).toContain('12315-20261127.csv');
    expect(list.html.match(new RegExp(staff.name || staff.email, 'g'))?.length).toBeGreaterThanOrEqual(2);
  });

  it('says what is wrong with an upload, and is for staff only', async () => {
    const w = await testWorld();
    const staff = await w.user('commission_staff');
    const wrong = await upload(w, staff.cookie, 'notes.txt', 'hello');
    expect(wrong.status).toBe(422);
    expect(wrong.html).toContain('无法识别的文件类型');
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    expect((await get(w, '/imports', agent.cookie)).status).toBe(403);
    // Without the form token in the action, the upload is refused.
    const body = new FormData();
    body.set('file', new File(['x'], 'a.csv'));
    const res = await w.app.request('/imports', {
      method: 'POST',
      headers: { Origin: ORIGIN, Cookie: staff.cookie, Accept: 'text/html' },
      body,
    });
    expect(res.status).toBe(403);
  });
});
