import { describe, expect, it } from 'vitest';
import { exportComplaintsCsv } from '../src/complaints/export';
import { findComplaints } from '../src/complaints/read';
import { withPrincipal } from '../src/context';
import { up as fixRecordedBy } from '../src/db/migrations/0013-recorded-by';
import { SYSTEM } from '../src/http/principal';
import {
  type Actor,
  advance,
  complaintIn,
  consumerTokenOf,
  MONDAY_10AM,
  type TestWorld,
  testWorld,
  timelineOf,
} from './harness';

/**
 * The staff desk (issue 13, "Staff queues and exports"): search and filters on the list, paging
 * back and forward with the position shown, the complaints CSV, the settlements CSV's headers
 * and recorders, the new queue worked in bulk, and a station's walk-in complaint. Through the
 * API and the pages, on both databases.
 */

const ORIGIN = 'http://localhost';
const tokenIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

function expectProblemStatus(res: { status: number; headers: Headers }, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('Content-Type')).toMatch(/problem\+json/);
}

async function page(w: TestWorld, path: string, cookie: string) {
  const res = await w.app.request(path, { headers: { Accept: 'text/html', Cookie: cookie } });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

async function post(w: TestWorld, path: string, cookie: string, fields: [string, string][]) {
  const res = await w.app.request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN, Cookie: cookie },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

const ids = (res: { body: any }) => (res.body.data as { id: string }[]).map((c) => c.id);

async function list(w: TestWorld, actor: Actor, query: string) {
  const res = await w.call(actor, 'GET', `/api/v1/complaints?${query}`);
  expect(res.status, `${query}: ${JSON.stringify(res.body)}`).toBe(200);
  return res;
}

/** A CSV's rows (RFC 4180: quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      rows.push([...row, cell]);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

async function csv(w: TestWorld, actor: Actor, path: string) {
  const res = await w.app.request(path, { headers: { Authorization: `Bearer ${actor.token}` } });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  return { res, bytes, rows: parseCsv(text.replace(/^\uFEFF/, '')) };
}

const auditRows = async (w: TestWorld) =>
  (
    await w.runtime.db
      .selectFrom('audit_log')
      .select(['complaint_id', 'actor_id'])
      .where('action', '=', 'consumer_phone.read')
      .execute()
  ).map((r) => r.complaint_id);

describe('searching the list', () => {
  it('finds by reference, name, business and phone digits (last four or whole), never another merchant’s', async () => {
    const w = await testWorld();
    const { staff, merchantA, merchantB, stationA } = w.actors;
    const zhang = await w.intake({ consumer: { name: '张先生', phone: '138-1234-5678' } });
    const li = await w.intake({ consumer: { name: '李女士', phone: '+86 139 8765 4321' } });
    const other = await w.intake({
      merchantId: w.merchantB.id,
      consumer: { name: '王女士', phone: '13812345678' },
    });
    const atStation = await w.intake({
      stationId: w.stationA.id,
      consumer: { name: '赵先生', phone: '13700001111' },
    });

    expect(ids(await list(w, staff, `q=${encodeURIComponent(zhang.reference)}`))).toEqual([zhang.id]);
    expect(ids(await list(w, staff, `q=${encodeURIComponent('李女')}`))).toEqual([li.id]);
    // The business by its registered name (or its credit code).
    expect(new Set(ids(await list(w, staff, `q=${encodeURIComponent('乙网络')}`)))).toEqual(
      new Set([other.id]),
    );
    expect(ids(await list(w, staff, `q=${w.merchantB.creditCode}`))).toEqual([other.id]);

    // Phone digits: the last four, or the whole number however it is written.
    expect(new Set(ids(await list(w, staff, 'q=5678')))).toEqual(new Set([zhang.id, other.id]));
    expect(new Set(ids(await list(w, staff, 'q=13812345678')))).toEqual(new Set([zhang.id, other.id]));
    expect(ids(await list(w, staff, `q=${encodeURIComponent('+86 139-8765-4321')}`))).toEqual([li.id]);
    expect(ids(await list(w, staff, 'q=8613987654321'))).toEqual([li.id]);
    expect(ids(await list(w, staff, 'q=4321'))).toEqual([li.id]);
    // The digits the mask hides are never searched: they could be uncovered one by one.
    expect(ids(await list(w, staff, 'q=1234'))).toEqual([]);
    expect(ids(await list(w, staff, 'q=381234'))).toEqual([]);
    expect(ids(await list(w, staff, 'q=12345'))).toEqual([]);
    // The answer still masks the number.
    const found = await list(w, staff, 'q=13812345678');
    expect(found.body.data.map((c: any) => c.consumer.phone)).toEqual(['138****5678', '138****5678']);

    // A merchant finds its own complaint by the number, never another merchant’s.
    expect(ids(await list(w, merchantA, 'q=13812345678'))).toEqual([zhang.id]);
    expect(ids(await list(w, merchantB, 'q=13812345678'))).toEqual([other.id]);
    expect(ids(await list(w, merchantB, 'q=4321'))).toEqual([]);
    expect(ids(await list(w, merchantB, `q=${encodeURIComponent('张先生')}`))).toEqual([]);
    expect(ids(await list(w, merchantB, `q=${encodeURIComponent(zhang.reference)}`))).toEqual([]);
    // A station its own.
    expect(ids(await list(w, stationA, 'q=13700001111'))).toEqual([atStation.id]);
    expect(ids(await list(w, stationA, 'q=13812345678'))).toEqual([]);
  });

  it('audits a whole-number search as a read of the number of each complaint it found, not the last four', async () => {
    const w = await testWorld();
    const a = await w.intake({ consumer: { name: '张先生', phone: '13812345678' } });
    const b = await w.intake({
      merchantId: w.merchantB.id,
      consumer: { name: '王女士', phone: '13812345678' },
    });
    await list(w, w.actors.staff, 'q=5678');
    expect(await auditRows(w)).toEqual([]);
    await list(w, w.actors.merchantA, 'q=13812345678');
    expect(await auditRows(w)).toEqual([a.id]);
    await list(w, w.actors.staff, 'q=13812345678');
    expect((await auditRows(w)).sort()).toEqual([a.id, a.id, b.id].sort());
    // A search that finds nothing reveals nothing.
    await list(w, w.actors.staff, 'q=13900000000');
    expect(await auditRows(w)).toHaveLength(3);
  });

  it('filters by merchant, station, channel and days received; refuses what is not a filter', async () => {
    const w = await testWorld();
    const { staff, merchantA } = w.actors;
    const hotline = await w.intake({ receivedAt: '2026-11-20T10:00:00+08:00' });
    const walkIn = await w.intake({
      channel: 'station',
      stationId: w.stationA.id,
      receivedAt: '2026-11-25T23:30:00+08:00',
    });
    const platform = await w.intake({
      merchantId: w.merchantB.id,
      channel: 'platform_12315',
      receivedAt: '2026-11-26T00:30:00+08:00',
    });
    expect(ids(await list(w, staff, 'channel=station'))).toEqual([walkIn.id]);
    expect(ids(await list(w, staff, `stationId=${w.stationA.id}`))).toEqual([walkIn.id]);
    expect(ids(await list(w, staff, `merchantId=${w.merchantB.id}`))).toEqual([platform.id]);
    const day = (iso: string) => encodeURIComponent(iso);
    expect(
      ids(
        await list(
          w,
          staff,
          `receivedFrom=${day('2026-11-21T00:00:00+08:00')}&receivedTo=${day('2026-11-26T00:00:00+08:00')}`,
        ),
      ),
    ).toEqual([walkIn.id]);
    expect(ids(await list(w, staff, `channel=hotline&merchantId=${w.merchantA.id}`))).toEqual([hotline.id]);
    // A merchant's filters never widen what it sees.
    expect(ids(await list(w, merchantA, `merchantId=${w.merchantB.id}`))).toEqual([]);

    const bad = await w.call(staff, 'GET', '/api/v1/complaints?channel=carrier_pigeon');
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toMatchObject({ path: 'channel' });
  });
});

describe('the desk’s filters on the page', () => {
  it('narrows each queue by merchant, station, channel and Shanghai days, and drops what is not a filter', async () => {
    const w = await testWorld();
    const early = await w.intake({
      merchantId: undefined,
      receivedAt: '2026-11-20T23:30:00+08:00',
      subject: '早的',
    });
    const late = await w.intake({
      merchantId: undefined,
      channel: 'station',
      stationId: w.stationA.id,
      receivedAt: '2026-11-21T00:10:00+08:00',
      subject: '晚的',
    });
    const refs = (html: string) => [...html.matchAll(/<tr data-complaint="([^"]+)">/g)].map((m) => m[1]);
    const on = async (qs: string) => refs((await page(w, `/staff?${qs}`, w.admin.cookie)).html);
    expect(await on('from=2026-11-21')).toEqual([late.reference]);
    expect(await on('to=2026-11-20')).toEqual([early.reference]);
    expect(await on('channel=station')).toEqual([late.reference]);
    expect(await on(`stationId=${w.stationA.id}`)).toEqual([late.reference]);
    expect(await on(`stationId=${w.stationB.id}`)).toEqual([]);
    // A value the API would refuse is dropped, not an error page.
    expect((await on('channel=carrier_pigeon&from=yesterday')).sort()).toEqual(
      [early.reference, late.reference].sort(),
    );
    const html = (await page(w, '/staff?channel=station', w.admin.cookie)).html;
    expect(html).toContain('<option value="station" selected="">');
    expect(html).toContain('href="/api/v1/complaints/export.csv?channel=station&amp;status=new"');
    // The overdue queue keeps the filters too.
    expect(await on(`queue=overdue&merchantId=${w.merchantA.id}`)).toEqual([]);
  });
});

describe('paging', () => {
  it('goes back as well as forward in every order, and the first page has no way back', async () => {
    const w = await testWorld();
    const made: string[] = [];
    for (let i = 0; i < 7; i++) {
      made.push((await w.intake({ merchantId: undefined, receivedAt: `2026-11-2${i}T10:00:00+08:00` })).id);
    }
    for (const sort of ['-receivedAt', 'commissionDueAt', 'dueAt']) {
      const first = await list(w, w.actors.staff, `status=new&sort=${sort}&limit=3`);
      expect(first.body.prevCursor).toBeNull();
      const second = await list(
        w,
        w.actors.staff,
        `status=new&sort=${sort}&limit=3&cursor=${encodeURIComponent(first.body.nextCursor)}`,
      );
      const third = await list(
        w,
        w.actors.staff,
        `status=new&sort=${sort}&limit=3&cursor=${encodeURIComponent(second.body.nextCursor)}`,
      );
      expect(third.body.nextCursor).toBeNull();
      expect([...ids(first), ...ids(second), ...ids(third)].sort()).toEqual([...made].sort());
      // Back from the third page is the second, and back from that the first (with no way back).
      const back2 = await list(
        w,
        w.actors.staff,
        `status=new&sort=${sort}&limit=3&cursor=${encodeURIComponent(third.body.prevCursor)}`,
      );
      expect(ids(back2)).toEqual(ids(second));
      expect(back2.body.nextCursor).toBe(second.body.nextCursor);
      const back1 = await list(
        w,
        w.actors.staff,
        `status=new&sort=${sort}&limit=3&cursor=${encodeURIComponent(back2.body.prevCursor)}`,
      );
      expect(ids(back1)).toEqual(ids(first));
      expect(back1.body.prevCursor).toBeNull();
    }
    const bad = await w.call(w.actors.staff, 'GET', '/api/v1/complaints?cursor=bm90LWEtY3Vyc29y');
    expect(bad.status).toBe(422);
  });

  it('shows where the page stands, with links back and forward, on the queue and the inbox', async () => {
    const w = await testWorld();
    for (let i = 0; i < 23; i++)
      await w.intake({ merchantId: undefined, receivedAt: `2026-11-${10 + (i % 18)}T10:00:00+08:00` });
    await w.intake({
      merchantId: undefined,
      subject: '会员卡无法退费',
      receivedAt: '2026-11-29T10:00:00+08:00',
    });
    const first = await page(w, '/staff', w.admin.cookie);
    expect(first.html).toContain('第 1–20 条，共 24 条');
    expect(first.html).not.toContain('rel="prev"');
    const next = /href="([^"]+)" rel="next"/.exec(first.html)![1]!.replaceAll('&amp;', '&');
    const second = await page(w, next, w.admin.cookie);
    expect(second.html).toContain('第 21–24 条，共 24 条');
    const prev = /href="([^"]+)" rel="prev"/.exec(second.html)![1]!.replaceAll('&amp;', '&');
    const back = await page(w, `${prev}&lang=en`, w.admin.cookie);
    expect(back.html).toContain('1–20 of 24');
    // A search keeps its filters through the pages and counts what it found.
    const searched = await page(w, `/staff?q=${encodeURIComponent('会员卡')}`, w.admin.cookie);
    expect(searched.html).toContain('第 1–1 条，共 1 条');
    expect(searched.html).toContain('会员卡无法退费');

    const merchant = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    await w.intake();
    const inbox = await page(w, '/inbox', merchant.cookie);
    expect(inbox.html).toContain('第 1–1 条，共 1 条');
    expect(inbox.html).toContain('href="/api/v1/complaints/export.csv?sort=dueAt"');
  });
});

describe('the complaints CSV', () => {
  it('has a BOM and Chinese headers, English with lang=en, the list’s filters and rows, a merchant’s own only', async () => {
    const w = await testWorld();
    const { staff, merchantA, merchantB, stationA } = w.actors;
    const a1 = await w.intake({
      subject: '空调漏水, "拒修"',
      consumer: { name: '张先生', phone: '13812345678' },
    });
    const a2 = await w.intake({ channel: 'online', subject: '=HYPERLINK("x")' });
    const b1 = await w.intake({ merchantId: w.merchantB.id });
    const newOne = await w.intake({ merchantId: undefined });

    const zh = await csv(w, staff, '/api/v1/complaints/export.csv');
    expect(zh.res.status).toBe(200);
    expect(zh.res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(zh.res.headers.get('Content-Disposition')).toBe('attachment; filename="complaints.csv"');
    expect([...zh.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = zh.rows;
    expect(header!.slice(0, 4)).toEqual(['投诉编号', '标识', '类型', '状态']);
    // The list's order, every row, each as wide as the header.
    expect(rows.map((r) => r[1])).toEqual(ids(await list(w, staff, 'limit=100')));
    for (const r of rows) expect(r).toHaveLength(header!.length);
    const col = (name: string) => header!.indexOf(name);
    const row1 = rows.find((r) => r[1] === a1.id)!;
    expect(row1[col('投诉标题')]).toBe('空调漏水, "拒修"');
    expect(row1[col('联系电话')]).toBe('138****5678');
    expect(row1[col('被投诉经营者')]).toBe(w.merchantA.name);
    expect(row1[col('状态')]).toBe('待受理');
    expect(rows.find((r) => r[1] === a2.id)![col('投诉标题')]).toBe('\'=HYPERLINK("x")');

    const en = await csv(w, staff, '/api/v1/complaints/export.csv?lang=en&channel=online');
    expect(en.rows[0]!.slice(0, 4)).toEqual(['reference', 'id', 'kind', 'status']);
    expect(en.rows.slice(1).map((r) => r[1])).toEqual([a2.id]);
    expect(en.rows[1]![en.rows[0]!.indexOf('status')]).toBe('Assigned');
    expect(en.rows[1]![en.rows[0]!.indexOf('channel')]).toBe('Online');
    const queue = await csv(w, staff, '/api/v1/complaints/export.csv?status=new');
    expect(queue.rows.slice(1).map((r) => r[1])).toEqual([newOne.id]);

    // A merchant exports its own, whatever it asks; another merchant’s rows are never in it.
    const mine = await csv(w, merchantA, '/api/v1/complaints/export.csv?lang=en');
    expect(new Set(mine.rows.slice(1).map((r) => r[1]))).toEqual(new Set([a1.id, a2.id]));
    const theirs = await csv(w, merchantB, `/api/v1/complaints/export.csv?merchantId=${w.merchantA.id}`);
    expect(theirs.rows).toHaveLength(1);
    // b1 has the same number as a1 (the harness's): B finds its own only.
    const byPhone = await csv(w, merchantB, '/api/v1/complaints/export.csv?q=13812345678');
    expect(byPhone.rows.slice(1).map((r) => r[1])).toEqual([b1.id]);
    expect((await csv(w, merchantB, '/api/v1/complaints/export.csv')).rows.slice(1).map((r) => r[1])).toEqual(
      [b1.id],
    );

    // Stations have no export; bad filters are 422 before anything is sent.
    const refused = await w.call(stationA, 'GET', '/api/v1/complaints/export.csv');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('Content-Type')).toMatch(/problem\+json/);
    expect((await w.call(staff, 'GET', '/api/v1/complaints/export.csv?lang=fr')).status).toBe(422);
  });

  it('exports the overdue and escalated queues as their pages show them, for staff only', async () => {
    const w = await testWorld();
    const escalated = await complaintIn(w, 'escalated');
    await complaintIn(w, 'assigned');
    const late = await w.intake({ merchantId: undefined, subject: '无人分派' });
    // Past the commission's acceptance deadline: the unrouted one is overdue.
    await advance(w, 12 * 24 * 3600_000);
    const ctx = withPrincipal(w.runtime, { ...SYSTEM, actor: 'staff', role: 'commission_staff' });
    const shown = async (filter: { overdue?: 'open' | 'ended'; inMediation?: boolean }) =>
      (await findComplaints(ctx, { sort: '-receivedAt', limit: 100 }, filter)).data.map((c) => c.id);
    const mediation = await csv(w, w.actors.staff, '/api/v1/complaints/export.csv?queue=escalated');
    expect(mediation.rows.slice(1).map((r) => r[1])).toEqual(await shown({ inMediation: true }));
    expect(mediation.rows.slice(1).map((r) => r[1])).toContain(escalated.id);
    const overdue = await csv(w, w.actors.staff, '/api/v1/complaints/export.csv?queue=overdue&overdue=open');
    const overdueIds = overdue.rows.slice(1).map((r) => r[1]);
    expect(overdueIds).toEqual(await shown({ overdue: 'open' }));
    expect(overdueIds).toContain(late.id);
    expect(overdueIds).not.toContain(escalated.id);
    // The queue pages link to their own export (a user signed in now: sessions end).
    const staffUser = await w.user('commission_staff');
    const queuePage = await page(w, '/staff?queue=escalated', staffUser.cookie);
    expect(queuePage.html).toContain('href="/api/v1/complaints/export.csv?queue=escalated"');
    const overduePage = await page(w, '/staff?queue=overdue', staffUser.cookie);
    expect(overduePage.html).toContain('queue=overdue&amp;overdue=open');
    // A merchant's own export has no staff queue; a queue that is none is 422.
    expectProblemStatus(
      await w.call(w.actors.merchantA, 'GET', '/api/v1/complaints/export.csv?queue=overdue'),
      403,
    );
    expectProblemStatus(await w.call(w.actors.staff, 'GET', '/api/v1/complaints/export.csv?queue=new'), 422);
  });

  it('reads in keyset batches: every complaint once, in the list’s order', async () => {
    const w = await testWorld();
    const made: string[] = [];
    for (let i = 0; i < 7; i++) made.push((await w.intake()).id);
    const ctx = withPrincipal(w.runtime, { ...SYSTEM, actor: 'staff', role: 'commission_staff' });
    const chunks: string[] = [];
    for await (const chunk of exportComplaintsCsv(ctx, { sort: '-receivedAt', lang: 'en' }, 3))
      chunks.push(chunk);
    expect(chunks).toHaveLength(3);
    const exported = parseCsv(chunks.join('')).map((r) => r[1]);
    expect(exported).toEqual([...made].reverse());
  });
});

describe('the settlements CSV', () => {
  it('is headed in Chinese by default, English with lang=en, and names who recorded each row', async () => {
    const w = await testWorld();
    const operator = await w.user('station_operator', { stationId: w.stationA.id });
    const logged = await w.call(operator, 'POST', '/api/v1/settlements', {
      stationId: w.stationA.id,
      merchantId: w.merchantA.id,
      outcome: 'refund',
      amountFen: 5000,
      consumerAccepted: true,
      summary: '现场退款50元',
    });
    expect(logged.status).toBe(201);
    expect(logged.body.recordedBy).toBe(operator.id);
    // A proposal the consumer accepts through their link is recorded by the consumer, not by the complaint.
    const proposed = await complaintIn(w, 'proposed');
    const token = await consumerTokenOf(w, proposed.id);
    const answered = await w.call(null, 'POST', `/api/v1/consumer/${token}/proposal-answer`, {
      accept: true,
    });
    expect(answered.status).toBe(200);

    const zh = await csv(w, w.actors.staff, '/api/v1/settlements/export.csv');
    expect([...zh.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = zh.rows;
    expect(header).toContain('记录人');
    const by = rows.map((r) => [r[header!.indexOf('记录人标识')], r[header!.indexOf('记录人')]]);
    expect(by).toContainEqual([operator.id, operator.name || operator.email]);
    expect(by).toContainEqual(['consumer', '消费者（链接）']);
    expect(by.map(([id]) => id)).not.toContain(proposed.id);

    const en = await csv(w, w.actors.staff, '/api/v1/settlements/export.csv?lang=en');
    expect(en.rows[0]).toContain('recorded_by_name');
    expect(en.rows.slice(1).map((r) => r[en.rows[0]!.indexOf('recorded_by_name')])).toContain(
      'The consumer (link)',
    );
  });

  it('migrates a row once recorded by a complaint id to the consumer', async () => {
    const w = await testWorld();
    const c = await w.intake();
    await w.runtime.db
      .insertInto('settlements')
      .values({
        id: 'stl_01JZZZZZZZZZZZZZZZZZZZZZZZ',
        complaint_id: c.id,
        station_id: null,
        merchant_id: w.merchantA.id,
        merchant_name: w.merchantA.name,
        credit_code: null,
        channel: 'merchant_first',
        outcome: 'refund',
        amount_fen: 100,
        consumer_accepted: 1,
        summary: '',
        recorded_by: c.id,
        recorded_at: MONDAY_10AM,
      })
      .execute();
    await fixRecordedBy(w.runtime.db);
    const row = await w.runtime.db
      .selectFrom('settlements')
      .select('recorded_by')
      .where('id', '=', 'stl_01JZZZZZZZZZZZZZZZZZZZZZZZ')
      .executeTakeFirstOrThrow();
    expect(row.recorded_by).toBe('consumer');
  });
});

describe('the new queue in bulk', () => {
  it('assigns the selected complaints, each in its own transaction with its events, and shows each result', async () => {
    const w = await testWorld();
    const staffUser = await w.user('commission_staff');
    const one = await w.intake({ merchantId: undefined, subject: '第一件' });
    const two = await w.intake({ merchantId: undefined, subject: '第二件' });
    const taken = await w.intake({ merchantId: undefined, subject: '已被同事分派' });
    const queue = await page(w, '/staff', staffUser.cookie);
    expect(queue.html).toContain('<form id="bulk" method="post" action="/staff/bulk"');
    expect(queue.html).toContain(`name="ids" value="${one.id}" form="bulk"`);
    // A colleague assigns one of them meanwhile.
    expect(
      (
        await w.call(w.actors.staff, 'POST', `/api/v1/complaints/${taken.id}/assign`, {
          merchantId: w.merchantB.id,
        })
      ).status,
    ).toBe(200);

    const done = await post(w, '/staff/bulk', staffUser.cookie, [
      ['_csrf', tokenIn(queue.html)],
      ['back', '/staff?queue=new'],
      ['action', 'assign'],
      ['merchantId', w.merchantA.id],
      ['ids', one.id],
      ['ids', two.id],
      ['ids', taken.id],
      ['ids', 'cmp_01JZZZZZZZZZZZZZZZZZZZZZZZ'],
    ]);
    expect(done.status).toBe(200);
    expect(done.html).toContain('成功 2 件，未完成 2 件。');
    expect(done.html.match(/data-bulk-row="ok"/g)).toHaveLength(2);
    expect(done.html).toContain('投诉状态已变化，不能分派。');
    expect(done.html).toContain('找不到此投诉。');
    for (const c of [one, two]) {
      const after = await w.call(w.actors.merchantA, 'GET', `/api/v1/complaints/${c.id}`);
      expect(after.body).toMatchObject({ status: 'assigned', merchantId: w.merchantA.id });
      expect((await timelineOf(w, c.id)).map((e) => e.type)).toContain('complaint.assigned');
    }
    expect((await w.call(w.actors.staff, 'GET', `/api/v1/complaints/${taken.id}`)).body.merchantId).toBe(
      w.merchantB.id,
    );

    // Nothing selected: back to the queue with a word; an unknown merchant: each row says so, nothing assigned.
    const none = await post(w, '/staff/bulk', staffUser.cookie, [
      ['_csrf', tokenIn(queue.html)],
      ['merchantId', w.merchantA.id],
    ]);
    expect(none.status).toBe(303);
    const three = await w.intake({ merchantId: undefined });
    const unknown = await post(w, '/staff/bulk', staffUser.cookie, [
      ['_csrf', tokenIn(queue.html)],
      ['merchantId', 'mer_01JZZZZZZZZZZZZZZZZZZZZZZZ'],
      ['ids', three.id],
    ]);
    expect(unknown.html).toContain('成功 0 件，未完成 1 件。');
    expect((await w.call(w.actors.staff, 'GET', `/api/v1/complaints/${three.id}`)).body.status).toBe('new');
    // Not for merchants.
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const refused = await post(w, '/staff/bulk', agent.cookie, [
      ['_csrf', tokenIn((await page(w, '/inbox', agent.cookie)).html)],
      ['ids', three.id],
      ['merchantId', w.merchantA.id],
    ]);
    expect(refused.status).toBe(403);
  });

  it('marks the selected as about one business that is not networked: each in the commission’s mediation, told per row', async () => {
    const w = await testWorld();
    const staffUser = await w.user('commission_staff');
    const one = await w.intake({ merchantId: undefined, subject: '烧烤摊一' });
    const two = await w.intake({ merchantId: undefined, subject: '烧烤摊二' });
    const routed = await w.intake();
    const queue = await page(w, '/staff', staffUser.cookie);
    expect(queue.html).toContain('name="action" value="not_networked"');
    const form = (fields: [string, string][]) =>
      post(w, '/staff/bulk', staffUser.cookie, [
        ['_csrf', tokenIn(queue.html)],
        ['back', '/staff?queue=new'],
        ['action', 'not_networked'],
        ...fields,
      ]);
    // No business named: every row says what is missing, nothing changes.
    const missing = await form([['ids', one.id]]);
    expect(missing.html).toContain('成功 0 件，未完成 1 件。');
    expect(missing.html).toContain('请填写经营者名称');
    expect((await w.call(w.actors.staff, 'GET', `/api/v1/complaints/${one.id}`)).body.status).toBe('new');
    // A networked merchant's name is refused: such complaints are assigned.
    const networked = await form([
      ['businessName', w.merchantA.name],
      ['ids', one.id],
    ]);
    expect(networked.html).toContain('该经营者是入网企业，请直接分派给它。');

    const done = await form([
      ['businessName', '老王烧烤'],
      ['ids', one.id],
      ['ids', two.id],
      ['ids', routed.id],
    ]);
    expect(done.html).toContain('成功 2 件，未完成 1 件。');
    expect(done.html.match(/data-bulk-row="ok"/g)).toHaveLength(2);
    expect(done.html).toContain('已标记为未入网');
    for (const c of [one, two]) {
      const after = (await w.call(w.actors.staff, 'GET', `/api/v1/complaints/${c.id}`)).body;
      expect(after).toMatchObject({ status: 'escalated', merchantId: null, business: { name: '老王烧烤' } });
      expect((await timelineOf(w, c.id)).at(-1)).toMatchObject({
        type: 'complaint.escalated',
        data: { cause: 'not_networked' },
      });
    }
    // The routed one was not new: 409 in words, still the merchant's.
    expect(done.html).toContain('投诉状态已变化');
    expect((await w.call(w.actors.staff, 'GET', `/api/v1/complaints/${routed.id}`)).body.status).toBe(
      'assigned',
    );
  });
});

describe('a station’s walk-in complaint', () => {
  it('is taken in from the station page, records the station and is routed like any other', async () => {
    const w = await testWorld();
    const operator = await w.user('station_operator', { stationId: w.stationA.id });
    const station = await page(w, '/station', operator.cookie);
    expect(station.html).toContain('href="/intake"');
    const form = await page(w, '/intake', operator.cookie);
    expect(form.status).toBe(200);
    expect(form.html).toContain('登记来访投诉');
    expect(form.html).toContain(w.stationA.name);
    const fields = (merchantId: string): [string, string][] => [
      ['_csrf', tokenIn(form.html)],
      ['kind', 'complaint'],
      ['channel', 'station'],
      ['merchantId', merchantId],
      ['subject', '商场内购买的手机屏幕有坏点'],
      ['description', '购买当天发现屏幕坏点，店员拒绝换货。'],
      ['category', 'appliance_repair'],
      ['consumerName', '陈女士'],
      ['consumerPhone', '13600002222'],
      ['claim', '2999'],
      // A station's complaint is its own station's, whatever the form says.
      ['stationId', w.stationB.id],
    ];
    const routed = await post(w, '/intake', operator.cookie, fields(w.merchantA.id));
    expect(routed.status).toBe(303);
    const id = /\/complaints\/(cmp_[0-9A-HJKMNP-TV-Z]+)/.exec(routed.headers.get('Location') ?? '')?.[1];
    expect(id).toBeTruthy();
    const created = await w.call(w.actors.staff, 'GET', `/api/v1/complaints/${id}`);
    expect(created.body).toMatchObject({
      status: 'assigned',
      merchantId: w.merchantA.id,
      stationId: w.stationA.id,
      channel: 'station',
      consumer: { name: '陈女士', phone: '13600002222' },
      claim: { amountFen: 299_900 },
    });
    expect((await w.call(w.actors.merchantA, 'GET', `/api/v1/complaints/${id}`)).status).toBe(200);
    // The operator sees it (their station's), and the station's list holds it.
    expect((await page(w, `/complaints/${id}`, operator.cookie)).status).toBe(200);
    expect(ids(await list(w, w.actors.stationA, 'limit=10'))).toContain(id);
    expect(ids(await list(w, w.actors.stationB, 'limit=10'))).not.toContain(id);

    // A business that is not networked: the commission handles it, the station recorded.
    const shop = await post(w, '/intake', operator.cookie, [
      ...fields(''),
      ['businessName', '商场一楼某小吃店'],
    ]);
    expect(shop.status).toBe(303);
    const shopId = /\/complaints\/(cmp_[0-9A-Z]+)/.exec(shop.headers.get('Location') ?? '')![1]!;
    expect((await w.call(w.actors.staff, 'GET', `/api/v1/complaints/${shopId}`)).body).toMatchObject({
      merchantId: null,
      stationId: w.stationA.id,
      business: { name: '商场一楼某小吃店' },
    });
    // Found by the business's name.
    expect(ids(await list(w, w.actors.staff, `q=${encodeURIComponent('某小吃')}`))).toEqual([shopId]);

    // Without a merchant it waits in the staff's new queue.
    const unrouted = await post(w, '/intake', operator.cookie, fields(''));
    const newId = /\/complaints\/(cmp_[0-9A-Z]+)/.exec(unrouted.headers.get('Location') ?? '')![1]!;
    expect((await w.call(w.actors.staff, 'GET', `/api/v1/complaints/${newId}`)).body).toMatchObject({
      status: 'new',
      stationId: w.stationA.id,
    });
    // A refused form shows the words beside the field, at 422.
    const bad = await post(
      w,
      '/intake',
      operator.cookie,
      fields(w.merchantA.id).map(([k, v]) => [k, k === 'consumerPhone' ? 'abc' : v]),
    );
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('aria-invalid="true"');

    // Through the API too, for its own station only.
    const api = await w.call(w.actors.stationA, 'POST', '/api/v1/complaints', {
      channel: 'station',
      subject: '来访投诉',
      description: '现场登记',
      category: 'appliance_repair',
      consumer: { name: '周先生', phone: '13500003333' },
    });
    expect(api.status).toBe(201);
    expect(api.body).toMatchObject({ stationId: w.stationA.id, status: 'new' });
    const elsewhere = await w.call(w.actors.stationA, 'POST', '/api/v1/complaints', {
      channel: 'station',
      stationId: w.stationB.id,
      subject: '来访投诉',
      description: '现场登记',
      category: 'appliance_repair',
      consumer: { name: '周先生' },
    });
    expect(elsewhere.status).toBe(422);
    // Merchants take nothing in.
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    expect((await page(w, '/intake', agent.cookie)).status).toBe(403);
  });
});
