import { describe, expect, it } from 'vitest';
import {
  type Actor,
  advance,
  allCounts,
  complaintIn,
  expectProblem,
  type TestWorld,
  testWorld,
} from './harness';

/** On-site settlements at liaison stations, their lists, the CSV export, the feed, and stations. */

const ids = (res: { body: any }) => (res.body.data as { id: string }[]).map((x) => x.id);

function logAt(w: TestWorld, actor: Actor, fields: Record<string, unknown> = {}) {
  return w.call(actor, 'POST', '/api/v1/settlements', {
    stationId: actor.stationId ?? w.stationA.id,
    merchantId: w.merchantA.id,
    outcome: 'refund',
    amountFen: 29_900,
    consumerAccepted: true,
    summary: '现场协商，商家退款299元',
    ...fields,
  });
}

async function logged(w: TestWorld, actor: Actor, fields: Record<string, unknown> = {}) {
  const res = await logAt(w, actor, fields);
  if (res.status !== 201) throw new Error(`settlement failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; recordedAt: string; [k: string]: any };
}

/** Every page of a list, following nextCursor. */
async function allPages(w: TestWorld, actor: Actor, query: string) {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const sep = query ? '&' : '';
    const res = await w.call(
      actor,
      'GET',
      `/api/v1/settlements?${query}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(res.status).toBe(200);
    pages.push(ids(res));
    cursor = res.body.nextCursor;
  } while (cursor && pages.length < 50);
  return pages;
}

/** RFC 4180: quoted fields with doubled quotes, CRLF rows. */
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
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

async function exportCsv(w: TestWorld, actor: Actor, query = '') {
  const res = await w.app.request(`/api/v1/settlements/export.csv${query ? `?${query}` : ''}`, {
    headers: { Authorization: `Bearer ${actor.token}` },
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  return { res, bytes, text, rows: parseCsv(text.replace(/^\uFEFF/, '')) };
}

describe('logging a settlement at a station', () => {
  it('with a registered merchant answers 201 with channel station and the merchant filled in', async () => {
    const w = await testWorld();
    const res = await logAt(w, w.actors.stationA);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      complaintId: null,
      stationId: w.stationA.id,
      merchantId: w.merchantA.id,
      merchantName: w.merchantA.name,
      creditCode: w.merchantA.creditCode,
      channel: 'station',
      outcome: 'refund',
      amount: { amountFen: 29_900, currency: 'CNY' },
      consumerAccepted: true,
      summary: '现场协商，商家退款299元',
      recordedBy: w.actors.stationA.id,
    });
    expect(res.body.id).toMatch(/^stl_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(res.body.recordedAt).toMatch(/\+08:00$/);
    expect(Date.parse(res.body.recordedAt)).toBe(w.clock.now());
    expect(ids(await w.call(w.actors.stationA, 'GET', '/api/v1/settlements'))).toEqual([res.body.id]);
  });

  it('with a merchant named in free text, known by credit code or not', async () => {
    const w = await testWorld();
    const unregistered = await logAt(w, w.actors.stationA, {
      merchantId: undefined,
      merchantName: '某奶茶店（未入驻）',
      creditCode: '92310115MA1L0000YF',
      outcome: 'apology',
      amountFen: 0,
      consumerAccepted: false,
    });
    expect(unregistered.status).toBe(201);
    expect(unregistered.body).toMatchObject({
      merchantId: null,
      merchantName: '某奶茶店（未入驻）',
      creditCode: '92310115MA1L0000YF',
      channel: 'station',
      consumerAccepted: false,
      amount: { amountFen: 0, currency: 'CNY' },
    });
    const nameOnly = await logAt(w, w.actors.stationA, { merchantId: undefined, merchantName: '路边摊' });
    expect(nameOnly.status).toBe(201);
    expect(nameOnly.body).toMatchObject({ merchantId: null, merchantName: '路边摊', creditCode: null });
    // A free-text merchant whose credit code is registered is that merchant.
    const known = await logAt(w, w.actors.stationA, {
      merchantId: undefined,
      merchantName: '乙公司门店',
      creditCode: w.merchantB.creditCode,
    });
    expect(known.status).toBe(201);
    expect(known.body.merchantId).toBe(w.merchantB.id);
    expect(ids(await w.call(w.actors.merchantB, 'GET', '/api/v1/settlements'))).toEqual([known.body.id]);
  });

  it("linked to a complaint of its station, and only of its station's", async () => {
    const w = await testWorld();
    const ours = await complaintIn(w, 'assigned', {
      intake: { stationId: w.stationA.id, channel: 'station' },
    });
    const res = await logAt(w, w.actors.stationA, { merchantId: undefined, complaintId: ours.id });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ complaintId: ours.id, merchantId: w.merchantA.id, channel: 'station' });

    const before = await allCounts(w);
    const elsewhere = await complaintIn(w, 'assigned');
    const counts = await allCounts(w);
    const refused = await logAt(w, w.actors.stationA, { complaintId: elsewhere.id });
    expectProblem(refused, 422);
    expect(refused.body.errors.map((e: any) => e.path)).toEqual(['complaintId']);
    expect(await allCounts(w)).toEqual(counts);
    expect(counts.settlements).toBe(before.settlements);
    // Staff may link any complaint, for any station.
    const byStaff = await logAt(w, w.actors.staff, { stationId: w.stationB.id, complaintId: elsewhere.id });
    expect(byStaff.status).toBe(201);
    expect(byStaff.body).toMatchObject({
      stationId: w.stationB.id,
      complaintId: elsewhere.id,
      channel: 'station',
    });
  });

  it('is refused to merchants (403) and to another station (404)', async () => {
    const w = await testWorld();
    const before = await allCounts(w);
    expectProblem(await logAt(w, w.actors.merchantA, { stationId: w.stationA.id }), 403);
    expectProblem(await logAt(w, w.actors.stationB, { stationId: w.stationA.id }), 404);
    expect(await allCounts(w)).toEqual(before);
  });
});

describe('the settlement list', () => {
  it('is scoped: a station its own, a merchant its own, staff all', async () => {
    const w = await testWorld();
    const { stationA, stationB, merchantA, merchantB, staff } = w.actors;
    const a1 = await logged(w, stationA);
    const a2 = await logged(w, stationA, { merchantId: w.merchantB.id });
    const b1 = await logged(w, stationB, { merchantId: undefined, merchantName: '小吃店' });
    const c = await complaintIn(w, 'settled'); // merchant A's first settlement, no station
    const first = (await w.call(staff, 'GET', `/api/v1/complaints/${c.id}`)).body.settlement.id;

    const sorted = (list: string[]) => [...list].sort();
    expect(sorted(ids(await w.call(stationA, 'GET', '/api/v1/settlements')))).toEqual(sorted([a1.id, a2.id]));
    expect(ids(await w.call(stationB, 'GET', '/api/v1/settlements'))).toEqual([b1.id]);
    expect(sorted(ids(await w.call(merchantA, 'GET', '/api/v1/settlements')))).toEqual(
      sorted([a1.id, first]),
    );
    expect(ids(await w.call(merchantB, 'GET', '/api/v1/settlements'))).toEqual([a2.id]);
    expect(sorted(ids(await w.call(staff, 'GET', '/api/v1/settlements')))).toEqual(
      sorted([a1.id, a2.id, b1.id, first]),
    );
    // A filter narrows within the scope and never widens it.
    expect(ids(await w.call(merchantB, 'GET', `/api/v1/settlements?merchantId=${w.merchantA.id}`))).toEqual(
      [],
    );
    expect(ids(await w.call(stationB, 'GET', `/api/v1/settlements?stationId=${w.stationA.id}`))).toEqual([]);
  });

  it('filters by station, merchant, channel and time (from inclusive, to exclusive)', async () => {
    const w = await testWorld();
    const { stationA, stationB, staff } = w.actors;
    const day0 = await logged(w, stationA);
    await advance(w, 24 * 3_600_000);
    const day1 = await logged(w, stationB, { merchantId: w.merchantB.id });
    const c = await complaintIn(w, 'settled');
    const merchantFirst = (await w.call(staff, 'GET', `/api/v1/complaints/${c.id}`)).body.settlement;
    expect(merchantFirst.channel).toBe('merchant_first');
    await advance(w, 24 * 3_600_000);
    const day2 = await logged(w, stationA, { merchantId: w.merchantB.id });

    const list = async (query: string) => ids(await w.call(staff, 'GET', `/api/v1/settlements?${query}`));
    expect(await list(`stationId=${w.stationA.id}`)).toEqual([day2.id, day0.id]);
    expect(await list(`merchantId=${w.merchantB.id}`)).toEqual([day2.id, day1.id]);
    expect(await list(`merchantId=${w.merchantA.id}`)).toEqual([merchantFirst.id, day0.id]);
    expect(await list('channel=merchant_first')).toEqual([merchantFirst.id]);
    expect(await list('channel=station')).toEqual([day2.id, day1.id, day0.id]);
    expect(await list('channel=mediation')).toEqual([]);
    const at = (s: { recordedAt: string }) => encodeURIComponent(s.recordedAt);
    expect(await list(`from=${at(day1)}`)).toEqual([day2.id, merchantFirst.id, day1.id]);
    expect(await list(`to=${at(day1)}`)).toEqual([day0.id]);
    expect(await list(`from=${at(day1)}&to=${at(day2)}`)).toEqual([merchantFirst.id, day1.id]);
    expect(await list(`from=${at(day1)}&to=${at(day2)}&stationId=${w.stationB.id}`)).toEqual([day1.id]);
    // Timestamps in another offset mean the same instant.
    const utc = encodeURIComponent(new Date(Date.parse(day1.recordedAt)).toISOString());
    expect(await list(`from=${utc}`)).toEqual([day2.id, merchantFirst.id, day1.id]);
  });

  it('pages newest first with a cursor over many rows, stable under inserts, and the CSV holds them all', async () => {
    const w = await testWorld();
    const { stationA, staff } = w.actors;
    const made: string[] = [];
    for (let i = 0; i < 105; i++) {
      if (i % 3 === 0) await advance(w, 60_000); // three rows share each instant
      made.push((await logged(w, stationA, { amountFen: i })).id);
    }
    const newestFirst = [...made].reverse();

    const first = await w.call(staff, 'GET', '/api/v1/settlements');
    expect(first.body.data).toHaveLength(20);
    expect(first.body.nextCursor).toEqual(expect.any(String));

    const pages = await allPages(w, staff, 'limit=25');
    expect(pages.map((p) => p.length)).toEqual([25, 25, 25, 25, 5]);
    expect(pages.flat()).toEqual(newestFirst);
    const exact = await allPages(w, staff, 'limit=35');
    expect(exact.map((p) => p.length)).toEqual([35, 35, 35]);

    // New rows after the first page neither repeat nor hide the older ones.
    const page1 = await w.call(staff, 'GET', '/api/v1/settlements?limit=10');
    await advance(w, 60_000);
    const newer = await logged(w, stationA);
    const page2 = await w.call(
      staff,
      'GET',
      `/api/v1/settlements?limit=10&cursor=${encodeURIComponent(page1.body.nextCursor)}`,
    );
    expect(ids(page2)).toEqual(newestFirst.slice(10, 20));
    expect(ids(page2)).not.toContain(newer.id);

    // The export is every row (more than one internal batch), in the same order, after the header.
    const { res, rows } = await exportCsv(w, staff);
    expect(res.status).toBe(200);
    expect(rows).toHaveLength(1 + 106);
    expect(rows.slice(1).map((r) => r[0])).toEqual([newer.id, ...newestFirst]);
  });
});

describe('the CSV export', () => {
  it('starts with a BOM and a header, and carries the same rows and values as the list', async () => {
    const w = await testWorld();
    const { stationA, stationB } = w.actors;
    await logged(w, stationA, { amountFen: 12_345 });
    await logged(w, stationA, { merchantId: undefined, merchantName: '某商户', amountFen: 5 });
    await logged(w, stationB);

    const { res, bytes, rows } = await exportCsv(w, stationA);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/csv/);
    expect(res.headers.get('Content-Type')).toMatch(/charset=utf-8/i);
    expect(res.headers.get('Content-Disposition')).toMatch(/^attachment; filename=".+\.csv"$/);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    const [header, ...data] = rows;
    for (const column of [
      'id',
      'recorded_at',
      'station_id',
      'merchant_name',
      'channel',
      'outcome',
      'summary',
    ]) {
      expect(header).toContain(column);
    }
    const col = (name: string) => header!.indexOf(name);
    const list = (await w.call(stationA, 'GET', '/api/v1/settlements')).body.data as any[];
    expect(data.map((r) => r[col('id')])).toEqual(list.map((s) => s.id));
    for (const [i, s] of list.entries()) {
      const row = data[i]!;
      expect(row).toHaveLength(header!.length);
      expect(row[col('merchant_name')]).toBe(s.merchantName);
      expect(row[col('station_id')]).toBe(w.stationA.id);
      expect(row[col('channel')]).toBe('station');
      expect(row[col('summary')]).toBe(s.summary);
      expect(Date.parse(row[col('recorded_at')]!)).toBe(Date.parse(s.recordedAt));
      if (col('amount_yuan') >= 0) expect(Number(row[col('amount_yuan')])).toBe(s.amount.amountFen / 100);
    }
    // Filters apply to the export as to the list.
    const filtered = await exportCsv(w, w.actors.staff, `stationId=${w.stationB.id}`);
    expect(filtered.rows).toHaveLength(2);
    const none = await exportCsv(w, w.actors.staff, 'channel=mediation');
    expect(none.rows).toHaveLength(1);
    expect(none.rows[0]).toEqual(header);
  });

  it('quotes commas, quotes and line breaks, and defuses formulas', async () => {
    const w = await testWorld();
    const { stationA } = w.actors;
    const tricky = {
      comma: '退款, 另赔运费',
      quote: '消费者说"满意"',
      newline: '第一行\n第二行',
      formula: '=HYPERLINK("http://evil.example","点我")',
      plus: '+86 138',
      minus: '-1+1',
      at: '@SUM(A1:A9)',
    };
    for (const summary of Object.values(tricky)) await logged(w, stationA, { summary });
    await logged(w, stationA, { merchantId: undefined, merchantName: '=cmd|calc', summary: 'x' });

    const { text, rows } = await exportCsv(w, stationA);
    const [header, ...data] = rows;
    const summaries = data.map((r) => r[header!.indexOf('summary')]);
    expect(summaries).toContain(tricky.comma);
    expect(summaries).toContain(tricky.quote);
    expect(summaries).toContain(tricky.newline);
    expect(text).toContain('"退款, 另赔运费"');
    expect(text).toContain('"消费者说""满意"""');
    for (const value of [tricky.formula, tricky.plus, tricky.minus, tricky.at]) {
      expect(summaries).toContain(`'${value}`);
    }
    expect(data.map((r) => r[header!.indexOf('merchant_name')])).toContain("'=cmd|calc");
    // No cell a spreadsheet would run.
    for (const row of data) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@]/);
    // Every row has the header's width, so quoting kept the columns apart.
    for (const row of data) expect(row).toHaveLength(header!.length);
  });
});

describe('the event feed', () => {
  it('carries settlement.recorded to the station and the merchant concerned, and no one else', async () => {
    const w = await testWorld();
    const { stationA, stationB, merchantA, merchantB, staff } = w.actors;
    const s = await logged(w, stationA);
    const free = await logged(w, stationA, { merchantId: undefined, merchantName: '无名小店' });
    const feed = async (actor: Actor) => {
      const res = await w.call(actor, 'GET', '/api/v1/events?types=settlement.recorded');
      expect(res.status).toBe(200);
      for (const e of res.body.data) expect(e.type).toBe('settlement.recorded');
      return res.body.data.map((e: any) => e.data.object.id);
    };
    expect(await feed(stationA)).toEqual([s.id, free.id]);
    expect(await feed(merchantA)).toEqual([s.id]);
    expect(await feed(staff)).toEqual([s.id, free.id]);
    expect(await feed(stationB)).toEqual([]);
    expect(await feed(merchantB)).toEqual([]);

    const event = (await w.call(merchantA, 'GET', '/api/v1/events?types=settlement.recorded')).body.data[0];
    expect(event.id).toMatch(/^evt_/);
    expect(event.createdAt).toMatch(/\+08:00$/);
    expect(event.data.object).toEqual(s);
  });
});

describe('stations', () => {
  const station = { name: '静安寺联络站', address: '南京西路1618号', host: '久光百货' };

  it('are created and changed by an admin, read by staff, refused to merchants', async () => {
    const w = await testWorld();
    const { merchantA, staff, stationA } = w.actors;
    const created = await w.call(w.admin, 'POST', '/api/v1/stations', station);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...station, online: true });
    expect(created.body.id).toMatch(/^sta_/);
    const id = created.body.id;

    const changed = await w.call(w.admin, 'PATCH', `/api/v1/stations/${id}`, {
      host: '久光百货（新）',
      online: false,
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: station.name, host: '久光百货（新）', online: false });
    expect((await w.call(staff, 'GET', `/api/v1/stations/${id}`)).body).toEqual(changed.body);
    const listed = await w.call(staff, 'GET', '/api/v1/stations');
    expect(listed.status).toBe(200);
    expect(ids(listed).sort()).toEqual([w.stationA.id, w.stationB.id, id].sort());
    expect((await w.call(stationA, 'GET', `/api/v1/stations/${w.stationA.id}`)).status).toBe(200);

    const before = await allCounts(w);
    for (const actor of [merchantA, staff, stationA]) {
      expectProblem(await w.call(actor, 'POST', '/api/v1/stations', station), 403);
      expectProblem(await w.call(actor, 'PATCH', `/api/v1/stations/${id}`, { name: '改名' }), 403);
      expectProblem(await w.call(actor, 'DELETE', `/api/v1/stations/${id}`), 403);
    }
    expectProblem(await w.call(merchantA, 'GET', '/api/v1/stations'), 403);
    expectProblem(await w.call(merchantA, 'GET', `/api/v1/stations/${id}`), 404);
    expect(await allCounts(w)).toEqual(before);
    expect((await w.call(staff, 'GET', `/api/v1/stations/${id}`)).body.name).toBe(station.name);

    expectProblem(
      await w.call(w.admin, 'PATCH', '/api/v1/stations/sta_01JD3Z6Y8G5C4F0QK3W2A1B9XE', { name: 'x' }),
      404,
    );
  });

  it('are deleted when unused, and only taken offline when they have history', async () => {
    const w = await testWorld();
    const unused = (await w.call(w.admin, 'POST', '/api/v1/stations', station)).body.id;
    expect((await w.call(w.admin, 'DELETE', `/api/v1/stations/${unused}`)).status).toBe(204);
    expectProblem(await w.call(w.actors.staff, 'GET', `/api/v1/stations/${unused}`), 404);

    const s = await logged(w, w.actors.stationA);
    expect((await w.call(w.admin, 'DELETE', `/api/v1/stations/${w.stationA.id}`)).status).toBe(204);
    const kept = await w.call(w.actors.staff, 'GET', `/api/v1/stations/${w.stationA.id}`);
    expect(kept.status).toBe(200);
    expect(kept.body.online).toBe(false);
    expect(ids(await w.call(w.actors.staff, 'GET', '/api/v1/settlements'))).toEqual([s.id]);
  });
});
