import { readFileSync } from 'node:fs';
import { IMPORT_MEDIA_TYPES } from '@redress/core';
import { describe, expect, it } from 'vitest';
import { countRows, expectProblem, type TestWorld, testWorld } from './harness';
import {
  cfpbSample,
  csvText,
  EXAMPLE_12315,
  HEADER_12315,
  intakeRow,
  jsonLines,
  rows12315,
  xlsxOf,
} from './import-files';

/** Posts a file to the import as staff (or `who`): the parsed answer. */
async function importFile(
  w: TestWorld,
  body: string | Buffer,
  type: string,
  query = '',
  who: { token: string } = w.actors.staff,
) {
  const res = await w.app.request(`/api/v1/complaints/import${query}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${who.token}`, 'Content-Type': type },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const NDJSON = IMPORT_MEDIA_TYPES.ndjson;

describe('POST /api/v1/complaints/import (JSON Lines)', () => {
  it('takes the good rows in and reports each bad one with its line, field and reason', async () => {
    const w = await testWorld();
    const lines = [
      JSON.stringify(intakeRow(1, w.merchantA.id)),
      JSON.stringify({ ...intakeRow(2), business: { name: '乙网络科技有限公司' } }),
      JSON.stringify(intakeRow(3)),
      '{"externalRef": "T-bad-json", ',
      JSON.stringify({ ...intakeRow(5), subject: undefined }),
      JSON.stringify({ ...intakeRow(6), claimFen: 'lots' }),
      JSON.stringify({ ...intakeRow(7), externalRef: 'T-0000001' }),
      JSON.stringify({ ...intakeRow(8), category: 'spaceships' }),
      JSON.stringify({ ...intakeRow(9), externalRef: undefined }),
    ];
    const body = Buffer.concat([
      Buffer.from(`${lines.join('\n')}\n`),
      Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x0a]), // line 10: not UTF-8
      Buffer.from(`${JSON.stringify(intakeRow(11, w.merchantB.id))}\n`),
    ]);
    const res = await importFile(w, body, NDJSON);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.counts).toEqual({ imported: 4, unchanged: 0, changed: 0, rejected: 7 });
    const byLine = Object.fromEntries(
      res.body.rejected.map((r: any) => [r.line, r.errors.map((e: any) => `${e.path} ${e.code}`)]),
    );
    expect(byLine).toEqual({
      4: ['(row) malformed'],
      5: ['subject required'],
      6: ['claimFen invalid_type'],
      7: ['externalRef duplicate'],
      8: ['category not_found'],
      9: ['externalRef required'],
      10: ['(row) bad_encoding'],
    });
    expect(res.body.rejected.find((r: any) => r.line === 7).externalRef).toBe('T-0000001');
    expect(await countRows(w, 'complaints')).toBe(4);

    // Every row's result, with how it was routed.
    const detail = await w.call(w.actors.staff, 'GET', `/api/v1/imports/${res.body.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.results).toHaveLength(11);
    const routed = Object.fromEntries(
      detail.body.results.filter((r: any) => r.result === 'imported').map((r: any) => [r.line, r.routing]),
    );
    expect(routed).toEqual({ 1: 'merchant_id', 2: 'name', 3: 'unrouted', 11: 'merchant_id' });
    const first = detail.body.results[0];
    const complaint = await w.call(w.actors.merchantA, 'GET', `/api/v1/complaints/${first.complaintId}`);
    expect(complaint.body).toMatchObject({ status: 'assigned', externalRef: 'T-0000001' });
    const second = detail.body.results[1];
    const routedByName = await w.call(w.actors.merchantB, 'GET', `/api/v1/complaints/${second.complaintId}`);
    expect(routedByName.body.status).toBe('assigned');
    // Its events, as intake writes them.
    const events = await w.call(w.actors.staff, 'GET', `/api/v1/complaints/${first.complaintId}/events`);
    expect(events.body.data.map((e: any) => e.type)).toEqual(['complaint.received', 'complaint.assigned']);
  });

  it('routes a business named by one of a merchant’s aliases, in any spacing, to it', async () => {
    const w = await testWorld();
    const set = await w.call(w.admin, 'PUT', `/api/v1/merchants/${w.merchantA.id}/aliases`, {
      aliases: ['甲家电'],
    });
    expect(set.status).toBe(200);
    const res = await importFile(
      w,
      jsonLines([
        { ...intakeRow(1), business: { name: '甲家电' } },
        { ...intakeRow(2), business: { name: ' 甲 家电 ' } },
        { ...intakeRow(3), business: { name: '甲家电器城' } },
      ]),
      NDJSON,
    );
    expect(res.body.counts).toEqual({ imported: 3, unchanged: 0, changed: 0, rejected: 0 });
    const detail = await w.call(w.actors.staff, 'GET', `/api/v1/imports/${res.body.id}`);
    expect(detail.body.results.map((r: any) => [r.line, r.routing, r.merchantId])).toEqual([
      [1, 'alias', w.merchantA.id],
      [2, 'alias', w.merchantA.id],
      [3, 'not_networked', null],
    ]);
    const routed = await w.call(
      w.actors.merchantA,
      'GET',
      `/api/v1/complaints/${detail.body.results[1].complaintId}`,
    );
    expect(routed.body).toMatchObject({
      status: 'assigned',
      business: { name: '甲电器有限公司', creditCode: '91310115MA1K000016' },
    });
    expectProblem(
      await w.call(w.actors.merchantA, 'GET', `/api/v1/complaints/${detail.body.results[2].complaintId}`),
      404,
    );
  });

  it('adds nothing the second time, and reports a changed row without applying it', async () => {
    const w = await testWorld();
    const rows = [1, 2, 3].map((i) => intakeRow(i, w.merchantA.id));
    const first = await importFile(w, jsonLines(rows), NDJSON);
    expect(first.body.counts).toEqual({ imported: 3, unchanged: 0, changed: 0, rejected: 0 });
    const events = await countRows(w, 'events');
    const again = await importFile(w, jsonLines(rows), NDJSON);
    expect(again.body.counts).toEqual({ imported: 0, unchanged: 3, changed: 0, rejected: 0 });
    expect(await countRows(w, 'complaints')).toBe(3);
    expect(await countRows(w, 'events')).toBe(events);

    const edited = [rows[0], { ...rows[1], subject: '改过的标题' }, rows[2]];
    const third = await importFile(w, jsonLines(edited), NDJSON);
    expect(third.body.counts).toEqual({ imported: 0, unchanged: 2, changed: 1, rejected: 0 });
    expect(third.body.changed).toEqual([
      { line: 2, externalRef: 'T-0000002', complaintId: expect.stringMatching(/^cmp_/), fields: ['subject'] },
    ]);
    const kept = await w.call(
      w.actors.staff,
      'GET',
      `/api/v1/complaints/${third.body.changed[0].complaintId}`,
    );
    expect(kept.body.subject).toBe(rows[1]!.subject);
  });

  it('checks without writing on a dry run', async () => {
    const w = await testWorld();
    const res = await importFile(
      w,
      jsonLines([intakeRow(1, w.merchantA.id), { ...intakeRow(2), category: 'nope' }]),
      NDJSON,
      '?dryRun=true',
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ dryRun: true, counts: { imported: 1, rejected: 1 } });
    expect(await countRows(w, 'complaints')).toBe(0);
    expect(await countRows(w, 'events')).toBe(0);
  });

  it('streams a file over 1 MiB, while every other route keeps the limit', async () => {
    const w = await testWorld();
    const rows = Array.from({ length: 2_500 }, (_, i) => intakeRow(i, w.merchantA.id));
    const body = jsonLines(rows);
    expect(Buffer.byteLength(body)).toBeGreaterThan(1024 * 1024);
    const res = await importFile(w, body, NDJSON);
    expect(res.body.counts.imported).toBe(2_500);
    const big = await w.call(w.actors.staff, 'POST', '/api/v1/complaints', body);
    expect(big.status).toBe(413);
  }, 60_000);

  it('is for staff only, and refuses what is not an import file', async () => {
    const w = await testWorld();
    const rows = jsonLines([intakeRow(1)]);
    expect((await importFile(w, rows, NDJSON, '', w.actors.merchantA)).status).toBe(403);
    expect((await importFile(w, rows, NDJSON, '', w.actors.stationA)).status).toBe(403);
    expect((await importFile(w, rows, 'application/json')).status).toBe(415);
    expect((await importFile(w, rows, NDJSON, '?profile=nope')).status).toBe(422);
    expect((await importFile(w, rows, NDJSON, '?profile=cfpb')).status).toBe(422);
    expect((await importFile(w, Buffer.from('not a zip'), IMPORT_MEDIA_TYPES.xlsx)).status).toBe(422);
    const header = await importFile(w, 'externalRef,colour\nx,red\n', 'text/csv');
    expect(header.status).toBe(422);
    expect(header.body.errors).toEqual([
      { path: 'header.1', code: 'unknown_field', message: 'unknown column colour' },
    ]);
    const unknown = await w.call(w.actors.staff, 'GET', '/api/v1/imports/imp_01JD3Z6Y8G5C4F0QK3W2A1B9XE');
    expect(unknown.status).toBe(404);
    const res = await importFile(w, rows, NDJSON);
    expect((await w.call(w.actors.merchantA, 'GET', `/api/v1/imports/${res.body.id}`)).status).toBe(403);
  });
});

describe('a 12315-style export', () => {
  const business = { name: '甲电器有限公司', creditCode: '91310115MA1K000016' };

  /** Good rows with the malformed ones among them: each reported, nothing else lost. */
  const file = () => {
    const good = rows12315(6, business);
    const missing = [...good[1]!];
    missing[2] = ''; // 投诉人
    const wrongType = [...good[2]!];
    wrongType[9] = '两千元'; // 诉求金额
    const unknownCategory = [...good[3]!];
    unknownCategory[6] = '太空旅行';
    const duplicate = [...good[4]!];
    duplicate[0] = good[0]![0]!;
    return [HEADER_12315, good[0]!, missing, wrongType, unknownCategory, duplicate, good[5]!];
  };
  const expected = {
    3: ['consumer.name required'],
    4: ['claimFen invalid_type'],
    5: ['category not_found'],
    6: ['externalRef duplicate'],
  };

  it('as CSV, with Chinese headers, routed by credit code', async () => {
    const w = await testWorld();
    const rows = file();
    const bytes = Buffer.concat([
      Buffer.from(`\uFEFF${csvText(rows)}`),
      // A row that is not UTF-8 (GBK bytes of 投诉): line 8.
      Buffer.from('12315-2026-999999,2026-11-27 09:30,'),
      Buffer.from([0xcd, 0xb6, 0xcb, 0xdf]),
      Buffer.from(',13812345678,x,,家用电器,t,d,1\r\n'),
    ]);
    const res = await importFile(w, bytes, 'text/csv; charset=utf-8');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.counts).toEqual({ imported: 2, unchanged: 0, changed: 0, rejected: 5 });
    const byLine = Object.fromEntries(
      res.body.rejected.map((r: any) => [r.line, r.errors.map((e: any) => `${e.path} ${e.code}`)]),
    );
    expect(byLine).toEqual({ ...expected, 8: ['(row) bad_encoding'] });
    const detail = await w.call(w.actors.staff, 'GET', `/api/v1/imports/${res.body.id}`);
    const imported = detail.body.results.filter((r: any) => r.result === 'imported');
    expect(imported.map((r: any) => [r.line, r.routing, r.merchantId])).toEqual([
      [2, 'credit_code', w.merchantA.id],
      [7, 'credit_code', w.merchantA.id],
    ]);
    const complaint = await w.call(w.actors.staff, 'GET', `/api/v1/complaints/${imported[0].complaintId}`);
    expect(complaint.body).toMatchObject({
      channel: 'platform_12315',
      category: 'home_appliances',
      claim: { amountFen: 299_900 },
      receivedAt: '2026-11-27T09:30:00.000+08:00',
    });
  });

  it('as .xlsx, read with the streaming reader', async () => {
    const w = await testWorld();
    const res = await importFile(w, await xlsxOf(file()), IMPORT_MEDIA_TYPES.xlsx);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.counts).toEqual({ imported: 2, unchanged: 0, changed: 0, rejected: 4 });
    const byLine = Object.fromEntries(
      res.body.rejected.map((r: any) => [r.line, r.errors.map((e: any) => `${e.path} ${e.code}`)]),
    );
    expect(byLine).toEqual(expected);
    const again = await importFile(w, await xlsxOf(file()), IMPORT_MEDIA_TYPES.xlsx);
    expect(again.body.counts).toEqual({ imported: 0, unchanged: 2, changed: 0, rejected: 4 });
  });

  it('the example file of docs/import.md imports as it is', async () => {
    const w = await testWorld();
    const res = await importFile(w, readFileSync(EXAMPLE_12315), 'text/csv');
    expect(res.body.counts, JSON.stringify(res.body)).toEqual({
      imported: 3,
      unchanged: 0,
      changed: 0,
      rejected: 0,
    });
  });
});

describe('the CFPB replay (?profile=cfpb)', () => {
  it('imports the 6,623 complaints of the sample, routed by company name', async () => {
    const w = await testWorld();
    const admin = w.admin;
    for (const [name, creditCode] of [
      ['TRANSUNION INTERMEDIATE HOLDINGS, INC.', '91310115MA1K00003C'],
      ['Experian Information Solutions Inc.', '91310115MA1K00004F'],
    ] as const) {
      const m = await w.call({ cookie: admin.cookie }, 'POST', '/api/v1/merchants', { name, creditCode });
      expect(m.status, JSON.stringify(m.body)).toBe(201);
    }
    const res = await importFile(w, cfpbSample(), 'text/csv', '?profile=cfpb');
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(201);
    expect(res.body.counts).toEqual({ imported: 6_623, unchanged: 0, changed: 0, rejected: 0 });
    expect(await countRows(w, 'complaints')).toBe(6_623);
    const routed = await w.runtime.db
      .selectFrom('import_rows')
      .select(['routing', (eb) => eb.fn.countAll<number>().as('n')])
      .where('import_id', '=', res.body.id)
      .groupBy('routing')
      .execute();
    expect(Object.fromEntries(routed.map((r) => [r.routing, Number(r.n)]))).toEqual({
      name: 1_708 + 850,
      not_networked: 6_623 - 1_708 - 850,
    });
    // A closed response closes the complaint; "In progress" and "Untimely response" leave it open.
    const statuses = await w.runtime.db
      .selectFrom('complaints')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    const open = Object.fromEntries(statuses.map((r) => [r.status, Number(r.n)]));
    expect(open.closed).toBe(6_623 - 37 - 35);
  }, 60_000);
});
