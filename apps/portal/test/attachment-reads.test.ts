import { describe, expect, it } from 'vitest';
import { signConsumerLink } from '../src/auth/tokens';
import { erasePersonalData } from '../src/housekeeping/retention';
import * as files from './evidence-files';
import { type Actor, complaintIn, expectProblem, type TestWorld, testWorld } from './harness';

/**
 * The audit of reads of the consumer's files (issue 14): who opened a file the consumer attached,
 * when, on which complaint, which file; to commission admins only, on the API and on its page.
 * Runs on SQLite and PostgreSQL alike.
 */

type Who = Actor | { cookie: string } | null;

function headersOf(who: Who): Record<string, string> {
  if (who && 'token' in who) return { Authorization: `Bearer ${who.token}` };
  if (who && 'cookie' in who) return { Cookie: who.cookie, Origin: 'http://localhost' };
  return {};
}

async function upload(w: TestWorld, who: Who, path: string, bytes: Uint8Array, name: string) {
  const form = new FormData();
  form.append('file', new Blob([bytes as BlobPart], { type: 'application/octet-stream' }), name);
  const res = await w.app.request(path, { method: 'POST', headers: headersOf(who), body: form });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; fileName: string };
}

async function download(w: TestWorld, who: Who, path: string) {
  const res = await w.app.request(path, { headers: headersOf(who) });
  await res.arrayBuffer();
  return res.status;
}

async function linkOf(w: TestWorld, complaintId: string) {
  return `/api/v1/consumer/${await signConsumerLink(w.runtime.keys, w.clock, complaintId, 3_600)}`;
}

const AUDIT = '/api/v1/audit/attachment-reads';

describe('the audit of reads of the consumer’s files', () => {
  it('lists each read by someone other than the consumer, newest first, paged, to commission admins only (API)', async () => {
    const w = await testWorld();
    const c = await w.intake();
    const other = await w.intake();
    const link = await linkOf(w, c.id);
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const photo = await upload(w, null, `${link}/attachments`, files.png(), '漏水照片.png');
    const invoice = await upload(
      w,
      null,
      `${await linkOf(w, other.id)}/attachments`,
      files.pdf(),
      '发票.pdf',
    );
    const own = await upload(
      w,
      w.actors.merchantA,
      `/api/v1/complaints/${c.id}/attachments`,
      files.pdf(),
      '维修单.pdf',
    );
    const started = w.clock.now();

    // Reads that are the consumer's own, or of the merchant's own file, are not audited.
    expect(await download(w, null, `${link}/attachments/${photo.id}`)).toBe(200);
    expect(await download(w, { cookie: agent.cookie }, `/api/v1/attachments/${own.id}`)).toBe(200);
    expect(await download(w, w.actors.merchantA, `/api/v1/attachments/${own.id}`)).toBe(200);
    // Another merchant's attempt is a 404 and reads nothing.
    expect(await download(w, w.actors.merchantB, `/api/v1/attachments/${photo.id}`)).toBe(404);
    expect((await w.call({ cookie: w.admin.cookie }, 'GET', AUDIT)).body).toEqual({
      data: [],
      nextCursor: null,
    });

    // A merchant user downloads the consumer's file: one row, naming them, the complaint, the file.
    expect(await download(w, { cookie: agent.cookie }, `/api/v1/attachments/${photo.id}`)).toBe(200);
    const one = await w.call({ cookie: w.admin.cookie }, 'GET', AUDIT);
    expect(one.status).toBe(200);
    expect(one.body).toEqual({
      data: [
        {
          id: expect.any(Number),
          readAt: expect.any(String),
          actor: { kind: 'user', id: agent.id, name: agent.name, email: agent.email, role: 'merchant_agent' },
          complaint: { id: c.id, reference: c.reference },
          attachment: { id: photo.id, fileName: '漏水照片.png' },
        },
      ],
      nextCursor: null,
    });
    expect(Date.parse(one.body.data[0].readAt)).toBe(started);

    // Two more reads: the merchant's API client, then staff on the other complaint.
    w.clock.advance(60_000);
    expect(await download(w, w.actors.merchantA, `/api/v1/attachments/${photo.id}`)).toBe(200);
    w.clock.advance(60_000);
    expect(await download(w, w.actors.staff, `/api/v1/attachments/${invoice.id}`)).toBe(200);

    const first = await w.call({ cookie: w.admin.cookie }, 'GET', `${AUDIT}?limit=2`);
    expect(first.body.data.map((r: any) => [r.actor.id, r.complaint.id, r.attachment.id])).toEqual([
      [w.actors.staff.id, other.id, invoice.id],
      [w.actors.merchantA.id, c.id, photo.id],
    ]);
    expect(first.body.data[1].actor).toEqual({
      kind: 'client',
      id: w.actors.merchantA.id,
      name: 'test merchant',
      email: null,
      role: null,
    });
    expect(Date.parse(first.body.data[0].readAt)).toBe(started + 120_000);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await w.call(
      { cookie: w.admin.cookie },
      'GET',
      `${AUDIT}?limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.data.map((r: any) => r.actor.id)).toEqual([agent.id]);
    expect(second.body.nextCursor).toBeNull();
    // One complaint's reads.
    const ofOther = await w.call({ cookie: w.admin.cookie }, 'GET', `${AUDIT}?complaintId=${other.id}`);
    expect(ofOther.body.data.map((r: any) => r.attachment.fileName)).toEqual(['发票.pdf']);
    // The phone reveals' audit lists none of them.
    const reveals = await w.call({ cookie: w.admin.cookie }, 'GET', '/api/v1/audit/phone-reveals');
    expect(reveals.body.data.every((r: any) => !('attachment' in r))).toBe(true);

    // Nobody else: staff, merchants (client, agent, admin), stations are 403; no credentials 401.
    const merchantAdmin = await w.user('merchant_admin', { merchantId: w.merchantA.id });
    const staffUser = await w.user('commission_staff');
    for (const who of [
      w.actors.staff,
      w.actors.merchantA,
      w.actors.stationA,
      { cookie: agent.cookie },
      { cookie: merchantAdmin.cookie },
      { cookie: staffUser.cookie },
    ]) {
      expectProblem(await w.call(who, 'GET', AUDIT), 403);
    }
    expectProblem(await w.call(null, 'GET', AUDIT), 401);
    // Bad input is a 422 naming the parameter.
    const bad = await w.call({ cookie: w.admin.cookie }, 'GET', `${AUDIT}?cursor=abc`);
    expectProblem(bad, 422);
    expect(bad.body.errors[0].path).toBe('cursor');
    expectProblem(await w.call({ cookie: w.admin.cookie }, 'GET', `${AUDIT}?limit=0`), 422);
    expectProblem(await w.call({ cookie: w.admin.cookie }, 'GET', `${AUDIT}?complaintId=x`), 422);
  });

  it('keeps the read once retention has erased the file, without its name', async () => {
    const w = await testWorld({ config: { personalDataRetentionDays: 30 } });
    const c = await complaintIn(w, 'proposed');
    const link = await linkOf(w, c.id);
    const photo = await upload(w, null, `${link}/attachments`, files.png(), '家里的照片.png');
    expect(await download(w, w.actors.staff, `/api/v1/attachments/${photo.id}`)).toBe(200);
    expect((await w.call(null, 'POST', `${link}/proposal-answer`, { accept: true })).status).toBe(200);
    await w.travel(w.clock.now() + 31 * 86_400_000);
    expect(await erasePersonalData(w.runtime)).toBe(1);
    const res = await w.call({ cookie: w.admin.cookie }, 'GET', AUDIT);
    expect(res.body.data.map((r: any) => [r.complaint, r.attachment])).toEqual([
      [
        { id: c.id, reference: c.reference },
        { id: photo.id, fileName: null },
      ],
    ]);
    const html = await (
      await w.app.request('/audit/attachment-reads', { headers: { Cookie: w.admin.cookie } })
    ).text();
    expect(html).toContain(photo.id);
    expect(html).toContain('文件已按保留期限删除');
    expect(html).not.toContain('家里的照片');
  });

  it('shows the reads on a page linked from the commission admin’s sections, in both languages, to nobody else', async () => {
    const w = await testWorld();
    const c = await w.intake();
    const link = await linkOf(w, c.id);
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const photo = await upload(w, null, `${link}/attachments`, files.jpeg(), '收据 & 发票.jpg');
    const admin = { headers: { Cookie: w.admin.cookie } };
    // Nothing read yet.
    const empty = await (await w.app.request('/audit/attachment-reads', admin)).text();
    expect(empty).toContain('还没有文件查看记录。');
    expect(await download(w, { cookie: agent.cookie }, `/api/v1/attachments/${photo.id}`)).toBe(200);

    const sections = await (await w.app.request('/admin', admin)).text();
    expect(sections).toContain('href="/audit/attachment-reads"');
    expect(sections).toContain('文件查看记录');
    const res = await w.app.request('/audit/attachment-reads', admin);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>文件查看记录</h1>');
    // The admin's sections mark this page as the current one; the phone reveals' page is beside it.
    expect(html).toMatch(/href="\/audit\/attachment-reads"[^>]*aria-current="page"/);
    expect(html).toContain('href="/audit/phone-reveals"');
    expect(html).toContain(agent.email);
    expect(html).toContain(`href="/complaints/${c.id}"`);
    expect(html).toContain(c.reference);
    expect(html).toContain('收据 &amp; 发票.jpg');
    expect(html).toContain('data-label="文件"');
    // One page: no link to a next one.
    expect(html).not.toContain('rel="next"');
    const en = await (await w.app.request('/audit/attachment-reads?lang=en', admin)).text();
    expect(en).toContain('<h1>File reads</h1>');
    expect(en).toContain('data-label="File"');

    const staff = await w.user('commission_staff');
    for (const who of [staff, agent]) {
      const refused = await w.app.request('/audit/attachment-reads', { headers: { Cookie: who.cookie } });
      expect(refused.status).toBe(403);
    }
    expect((await w.app.request('/audit/attachment-reads')).status).toBe(303);
    for (const cursor of ['abc', 'A'.repeat(300)]) {
      const bad = await w.app.request(`/audit/attachment-reads?cursor=${cursor}`, admin);
      expect(bad.status).toBe(400);
    }
  });

  it('pages the page by links', async () => {
    const w = await testWorld();
    const c = await w.intake();
    const link = await linkOf(w, c.id);
    const photo = await upload(w, null, `${link}/attachments`, files.png(), 'p.png');
    for (let i = 0; i < 51; i++) await download(w, w.actors.staff, `/api/v1/attachments/${photo.id}`);
    const admin = { headers: { Cookie: w.admin.cookie } };
    const first = await (await w.app.request('/audit/attachment-reads', admin)).text();
    expect(first.match(/<tr>/g)).toHaveLength(51); // the header and 50 rows
    const next = first.match(/href="(\/audit\/attachment-reads\?cursor=[^"]+)" rel="next"/)?.[1];
    expect(next).toBeDefined();
    const second = await (await w.app.request(next!.replaceAll('&amp;', '&'), admin)).text();
    expect(second.match(/<tr>/g)).toHaveLength(2);
    expect(second).toContain('href="/audit/attachment-reads"');
    expect(second).not.toContain('rel="next"');
  });
});
