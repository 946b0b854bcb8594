import { createHash } from 'node:crypto';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_COMPLAINT } from '@redress/core';
import { describe, expect, it } from 'vitest';
import { signConsumerLink } from '../src/auth/tokens';
import { erasePersonalData } from '../src/housekeeping/retention';
import * as files from './evidence-files';
import {
  type Actor,
  complaintIn,
  consumerTokenOf,
  expectProblem,
  type TestWorld,
  testWorld,
  timelineOf,
} from './harness';

/**
 * Evidence on complaints (issue 14): uploads of each allowed type and of disguised files, the
 * limits, every role and the consumer's link, another merchant's 404, downloads streamed and
 * audited, and retention. Runs on SQLite (files in a folder) and PostgreSQL (chunks in the
 * database) alike.
 */

type Who = Actor | { cookie: string } | null;

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function headersOf(who: Who): Record<string, string> {
  if (who && 'token' in who) return { Authorization: `Bearer ${who.token}` };
  if (who && 'cookie' in who) return { Cookie: who.cookie, Origin: 'http://localhost' };
  return {};
}

/** Sends a file as a browser or the SDK would: multipart, with the name and type the sender says. */
async function upload(
  w: TestWorld,
  who: Who,
  path: string,
  bytes: Uint8Array,
  name: string,
  type = 'application/octet-stream',
  note?: string,
) {
  const form = new FormData();
  form.append('file', new Blob([bytes as BlobPart], { type }), name);
  if (note !== undefined) form.append('note', note);
  const res = await w.app.request(path, { method: 'POST', headers: headersOf(who), body: form });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: res.status, body, headers: res.headers };
}

async function download(w: TestWorld, who: Who, path: string) {
  const res = await w.app.request(path, { headers: headersOf(who) });
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

const onComplaint = (id: string) => `/api/v1/complaints/${id}/attachments`;

async function linkOf(w: TestWorld, complaintId: string) {
  return `/api/v1/consumer/${await signConsumerLink(w.runtime.keys, w.clock, complaintId, 3_600)}`;
}

async function attachmentRows(w: TestWorld) {
  return w.runtime.db.selectFrom('attachments').selectAll().execute();
}

describe('attachments', () => {
  it('take each allowed type, decided from the bytes, whatever the name and the declared type say', async () => {
    const w = await testWorld();
    const c = await w.intake();
    const cases = [
      {
        bytes: files.jpeg(),
        name: '发票照片.JPG',
        type: 'image/jpeg',
        expected: 'image/jpeg',
        fileName: '发票照片.JPG',
      },
      {
        bytes: files.png(),
        name: 'scan.pdf',
        type: 'application/pdf',
        expected: 'image/png',
        fileName: 'scan.pdf.png',
      },
      {
        bytes: files.webp(),
        name: 'IMG_0001.webp',
        type: 'image/webp',
        expected: 'image/webp',
        fileName: 'IMG_0001.webp',
      },
      {
        bytes: files.heic(),
        name: 'IMG_0002.HEIC',
        type: '',
        expected: 'image/heic',
        fileName: 'IMG_0002.HEIC',
      },
      {
        bytes: files.pdf(),
        name: '..\\..\\收据 "1".pdf',
        type: 'text/plain',
        expected: 'application/pdf',
        fileName: '收据 _1_.pdf',
      },
    ];
    for (const k of cases) {
      const res = await upload(w, w.actors.merchantA, onComplaint(c.id), k.bytes, k.name, k.type, '购买凭证');
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^att_/),
        complaintId: c.id,
        fileName: k.fileName,
        contentType: k.expected,
        sizeBytes: k.bytes.length,
        sha256: sha(k.bytes),
        note: '购买凭证',
        uploadedBy: { kind: 'client', id: w.actors.merchantA.id, role: 'merchant_admin', actor: 'merchant' },
        createdAt: expect.any(String),
      });
      const { res: got, bytes } = await download(w, w.actors.merchantA, `/api/v1/attachments/${res.body.id}`);
      expect(got.status).toBe(200);
      expect(got.headers.get('Content-Type')).toBe(k.expected);
      expect(got.headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(got.headers.get('Content-Disposition')).toMatch(
        /^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/,
      );
      expect(decodeURIComponent(got.headers.get('Content-Disposition')!.split("UTF-8''")[1]!)).toBe(
        k.fileName,
      );
      expect(sha(bytes)).toBe(sha(k.bytes));
    }
    const list = await w.call(w.actors.merchantA, 'GET', onComplaint(c.id));
    expect(list.status).toBe(200);
    expect(list.body.data.map((a: any) => a.contentType)).toEqual(cases.map((k) => k.expected));
    // Each is an event on the timeline and in the merchant's feed.
    const added = (await timelineOf(w, c.id)).filter((e) => e.type === 'complaint.attachment_added');
    expect(added).toHaveLength(cases.length);
    expect(added[0].data.attachment.fileName).toBe('发票照片.JPG');
    expect(added[0].data.object.id).toBe(c.id);
    const feed = await w.call(
      w.actors.merchantA,
      'GET',
      '/api/v1/events?types=complaint.attachment_added&limit=50',
    );
    expect(feed.body.data).toHaveLength(cases.length);
    const other = await w.call(
      w.actors.merchantB,
      'GET',
      '/api/v1/events?types=complaint.attachment_added&limit=50',
    );
    expect(other.body.data).toHaveLength(0);
  });

  it('refuse disguised files, from their bytes, and store nothing of them', async () => {
    const w = await testWorld();
    const c = await w.intake();
    const disguised = [
      { bytes: files.executable(), name: 'photo.jpg', type: 'image/jpeg' },
      { bytes: files.pdfWithPngHeader(), name: 'invoice.png', type: 'image/png' },
      { bytes: files.pdfWithPngHeader(), name: 'invoice.pdf', type: 'application/pdf' },
      { bytes: files.html(), name: 'receipt.pdf', type: 'application/pdf' },
      { bytes: files.svg(), name: 'logo.png', type: 'image/svg+xml' },
      { bytes: files.truncatedPng(), name: 'cut.png', type: 'image/png' },
    ];
    for (const k of disguised) {
      const res = await upload(w, w.actors.merchantA, onComplaint(c.id), k.bytes, k.name, k.type);
      expectProblem(res, 422, k.name);
      expect(res.body.errors).toEqual([
        { path: 'file', code: 'unsupported_type', message: expect.stringMatching(/photo .*PDF/) },
      ]);
      expect(res.body.detail).toMatch(/not a photo \(JPEG, PNG, WebP, HEIC\) or a PDF/);
    }
    expect(await attachmentRows(w)).toHaveLength(0);
    if (w.runtime.dialect === 'postgres') {
      const chunks = await w.runtime.db.selectFrom('attachment_chunks').select('blob_key').execute();
      expect(chunks).toHaveLength(0);
    }
    // No file, an empty one, the wrong media type, a malformed body.
    const none = await w.app.request(onComplaint(c.id), {
      method: 'POST',
      headers: headersOf(w.actors.merchantA),
      body: (() => {
        const f = new FormData();
        f.append('note', '只有说明');
        return f;
      })(),
    });
    expect(none.status).toBe(422);
    expect(
      (await upload(w, w.actors.merchantA, onComplaint(c.id), new Uint8Array(), 'empty.jpg')).status,
    ).toBe(422);
    const json = await w.call(w.actors.merchantA, 'POST', onComplaint(c.id), { file: 'x' });
    expectProblem(json, 415);
    const malformed = await w.call(w.actors.merchantA, 'POST', onComplaint(c.id), 'not multipart', {
      'Content-Type': 'multipart/form-data',
    });
    expectProblem(malformed, 400);
  });

  it('refuse a file over 10 MiB and a complaint’s 21st file', async () => {
    const w = await testWorld();
    const c = await w.intake();
    const big = files.png(2, 2, [1, 2, 3], MAX_ATTACHMENT_BYTES);
    const res = await upload(w, w.actors.merchantA, onComplaint(c.id), big, 'big.png', 'image/png');
    expectProblem(res, 413);
    expect(res.body.detail).toMatch(/10 MiB/);
    // A declared length over the limit is refused before a byte is read.
    const declared = await w.app.request(onComplaint(c.id), {
      method: 'POST',
      headers: {
        ...headersOf(w.actors.merchantA),
        'Content-Type': 'multipart/form-data; boundary=x',
        'Content-Length': String(MAX_ATTACHMENT_BYTES * 2),
      },
      body: '--x--',
    });
    expect(declared.status).toBe(413);
    expect(await attachmentRows(w)).toHaveLength(0);
    // Exactly 10 MiB is taken.
    const pad = MAX_ATTACHMENT_BYTES - files.png(2, 2, [1, 2, 3], 1).length + 1;
    const exact = files.png(2, 2, [1, 2, 3], pad);
    expect(exact.length).toBe(MAX_ATTACHMENT_BYTES);
    expect((await upload(w, w.actors.merchantA, onComplaint(c.id), exact, 'exact.png')).status).toBe(201);
    for (let i = 1; i < MAX_ATTACHMENTS_PER_COMPLAINT; i++) {
      const r = await upload(w, w.actors.staff, onComplaint(c.id), files.png(1, 1, [i, 0, 0]), `p${i}.png`);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    const over = await upload(
      w,
      w.actors.merchantA,
      onComplaint(c.id),
      files.png(1, 1, [0, 0, 99]),
      'one-more.png',
    );
    expectProblem(over, 422);
    expect(over.body.errors[0]).toMatchObject({ path: 'file', code: 'too_many' });
    expect(await attachmentRows(w)).toHaveLength(MAX_ATTACHMENTS_PER_COMPLAINT);
  }, 60_000);

  it('are attached by each role and the consumer’s link; another merchant or station gets 404', async () => {
    const w = await testWorld();
    const { merchantA, merchantB, stationA, stationB, staff } = w.actors;
    const created = await w.call(stationA, 'POST', '/api/v1/complaints', {
      channel: 'station',
      merchantId: w.merchantA.id,
      subject: '门店拒绝退换',
      description: '联络站受理',
      category: 'clothing',
      tags: [],
      consumer: { name: '王女士', phone: '13900002222' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const c = created.body;
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const link = await linkOf(w, c.id);
    const by: [Who, string, string][] = [
      [merchantA, onComplaint(c.id), 'merchant'],
      [{ cookie: agent.cookie }, onComplaint(c.id), 'merchant'],
      [stationA, onComplaint(c.id), 'station'],
      [staff, onComplaint(c.id), 'staff'],
      [null, `${link}/attachments`, 'consumer'],
    ];
    const ids: string[] = [];
    for (const [i, [who, path, actor]] of by.entries()) {
      const res = await upload(w, who, path, files.png(1, 1, [i, i, i]), `from-${actor}.png`, 'image/png');
      expect(res.status, `${actor}: ${JSON.stringify(res.body)}`).toBe(201);
      expect(res.body.uploadedBy.actor).toBe(actor);
      ids.push(res.body.id);
    }
    // Everyone who sees the complaint sees every file, the consumer too.
    for (const who of [merchantA, stationA, staff]) {
      expect((await w.call(who, 'GET', onComplaint(c.id))).body.data).toHaveLength(by.length);
    }
    const mine = await w.call(null, 'GET', `${link}/attachments`);
    expect(mine.status).toBe(200);
    expect(mine.body.data.map((a: any) => a.id)).toEqual(ids);
    const { res: own } = await download(w, null, `${link}/attachments/${ids[0]}`);
    expect(own.status).toBe(200);
    // Another merchant, another station: 404 on the list, the upload and every download.
    for (const who of [merchantB, stationB]) {
      expectProblem(await w.call(who, 'GET', onComplaint(c.id)), 404);
      expectProblem(await upload(w, who, onComplaint(c.id), files.png(), 'x.png'), 404);
      for (const id of ids) {
        const { res } = await download(w, who, `/api/v1/attachments/${id}`);
        expect(res.status).toBe(404);
        expect(res.headers.get('Content-Type')).toMatch(/problem\+json/);
      }
    }
    // Another complaint's link reads none of them.
    const other = await w.intake();
    const otherLink = await linkOf(w, other.id);
    expect((await download(w, null, `${otherLink}/attachments/${ids[0]}`)).res.status).toBe(404);
    expect((await w.call(null, 'GET', `${otherLink}/attachments`)).body.data).toEqual([]);
    // No link, no token.
    expect((await upload(w, null, onComplaint(c.id), files.png(), 'x.png')).status).toBe(401);
    expect(
      (await upload(w, null, '/api/v1/consumer/not-a-link/attachments', files.png(), 'x.png')).status,
    ).toBe(401);
    expect(await attachmentRows(w)).toHaveLength(by.length);
  });

  it('stream downloads, and audit every read of a file the consumer attached', async () => {
    const w = await testWorld();
    const c = await w.intake();
    const link = await linkOf(w, c.id);
    const photo = files.png(64, 64, [10, 200, 10], 300_000);
    const fromConsumer = await upload(
      w,
      null,
      `${link}/attachments`,
      photo,
      '漏水照片.png',
      'image/png',
      '室内机漏水',
    );
    expect(fromConsumer.status).toBe(201);
    const fromMerchant = await upload(w, w.actors.merchantA, onComplaint(c.id), files.pdf(), '维修单.pdf');
    const audits = () =>
      w.runtime.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'consumer_attachment.read')
        .orderBy('id')
        .execute();
    const res = await w.app.request(`/api/v1/attachments/${fromConsumer.body.id}`, {
      headers: headersOf(w.actors.merchantA),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Length')).toBe(String(photo.length));
    // Read a piece at a time: more than one chunk arrives for a 300 KB file.
    const reader = res.body!.getReader();
    let pieces = 0;
    const received: Uint8Array[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      pieces += 1;
      received.push(value);
    }
    expect(pieces).toBeGreaterThan(1);
    expect(sha(Buffer.concat(received))).toBe(sha(photo));
    let rows = await audits();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actor_kind: 'client',
      actor_id: w.actors.merchantA.id,
      complaint_id: c.id,
      attachment_id: fromConsumer.body.id,
    });
    await download(w, w.actors.staff, `/api/v1/attachments/${fromConsumer.body.id}`);
    // The consumer's own reads, and reads of the merchant's file, are not the consumer's data read by others.
    await download(w, null, `${link}/attachments/${fromConsumer.body.id}`);
    await download(w, w.actors.staff, `/api/v1/attachments/${fromMerchant.body.id}`);
    rows = await audits();
    expect(rows.map((r) => r.actor_id)).toEqual([w.actors.merchantA.id, w.actors.staff.id]);
  });

  it('attach the same bytes once per complaint (a retried upload makes no second one)', async () => {
    const w = await testWorld();
    const c = await w.intake();
    const first = await upload(w, w.actors.merchantA, onComplaint(c.id), files.jpeg(), 'a.jpg');
    const again = await upload(w, w.actors.merchantA, onComplaint(c.id), files.jpeg(), 'a.jpg');
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(await attachmentRows(w)).toHaveLength(1);
    // Another complaint takes the same bytes as its own attachment.
    const d = await w.intake();
    expect((await upload(w, w.actors.merchantA, onComplaint(d.id), files.jpeg(), 'a.jpg')).body.id).not.toBe(
      first.body.id,
    );
  });

  it('are erased with the personal data once the retention period is over', async () => {
    const w = await testWorld({ config: { personalDataRetentionDays: 30 } });
    const c = await complaintIn(w, 'proposed');
    const link = await linkOf(w, c.id);
    const shared = files.jpeg();
    const photo = await upload(
      w,
      null,
      `${link}/attachments`,
      files.png(8, 8),
      '家里的照片.png',
      'image/png',
      '我的住址…',
    );
    await upload(w, w.actors.merchantA, onComplaint(c.id), shared, 'shared.jpg');
    // Another complaint, still open, holds the same bytes: its file stays.
    const open = await w.intake();
    const kept = await upload(w, w.actors.merchantA, onComplaint(open.id), shared, 'shared.jpg');
    expect((await w.call(null, 'POST', `${link}/proposal-answer`, { accept: true })).status).toBe(200);
    await w.travel(w.clock.now() + 31 * 86_400_000);
    expect(await erasePersonalData(w.runtime)).toBe(1);
    const rows = await attachmentRows(w);
    expect(rows.map((r) => r.complaint_id)).toEqual([open.id]);
    expect((await download(w, w.actors.staff, `/api/v1/attachments/${photo.body.id}`)).res.status).toBe(404);
    const { res, bytes } = await download(w, w.actors.staff, `/api/v1/attachments/${kept.body.id}`);
    expect(res.status).toBe(200);
    expect(sha(bytes)).toBe(sha(shared));
    const added = (await timelineOf(w, c.id)).filter((e) => e.type === 'complaint.attachment_added');
    expect(added.map((e) => [e.data.attachment.fileName, e.data.attachment.note])).toEqual([
      ['', null],
      ['', null],
    ]);
    if (w.runtime.dialect === 'postgres') {
      const keys = await w.runtime.db.selectFrom('attachment_chunks').select('blob_key').distinct().execute();
      expect(keys.map((k) => k.blob_key)).toEqual([rows[0]!.blob_key]);
    }
    // An erased complaint takes no more files.
    const late = await upload(w, w.actors.staff, onComplaint(c.id), files.png(), 'late.png');
    expectProblem(late, 409);
  });
});

const tokenIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** Posts a page's upload form as a browser does: the form token first, then the file inputs and the note. */
async function postForm(
  w: TestWorld,
  path: string,
  parts: { csrf?: string; file?: [Uint8Array, string]; camera?: [Uint8Array, string]; note?: string },
  cookie?: string,
) {
  const form = new FormData();
  if (parts.csrf !== undefined) form.append('_csrf', parts.csrf);
  form.append(
    'file',
    parts.file ? new Blob([parts.file[0] as BlobPart]) : new Blob([]),
    parts.file?.[1] ?? '',
  );
  form.append(
    'file',
    parts.camera ? new Blob([parts.camera[0] as BlobPart]) : new Blob([]),
    parts.camera?.[1] ?? '',
  );
  if (parts.note !== undefined) form.append('note', parts.note);
  return w.app.request(path, {
    method: 'POST',
    headers: { Origin: 'http://localhost', ...(cookie ? { Cookie: cookie } : {}) },
    body: form,
  });
}

describe('attachments on the pages', () => {
  it('are uploaded without JavaScript by the merchant and the consumer, and shown to both', async () => {
    const w = await testWorld();
    const c = await w.intake();
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const page = await w.app.request(`/complaints/${c.id}`, { headers: { Cookie: agent.cookie } });
    const html = await page.text();
    expect(html).toContain(`action="/complaints/${c.id}/attachments" enctype="multipart/form-data"`);
    expect(html).toContain('accept="image/*,application/pdf"');
    expect(html).toContain('capture="environment"');
    const token = tokenIn(html);
    // Without the form token: refused, nothing stored.
    const forged = await postForm(
      w,
      `/complaints/${c.id}/attachments`,
      { file: [files.png(), 'a.png'] },
      agent.cookie,
    );
    expect(forged.status).toBe(403);
    expect(await attachmentRows(w)).toHaveLength(0);
    // From the camera input (the file chooser left empty).
    const ok = await postForm(
      w,
      `/complaints/${c.id}/attachments`,
      { csrf: token, camera: [files.jpeg(), 'IMG_2001.jpg'], note: '发票' },
      agent.cookie,
    );
    expect(ok.status).toBe(303);
    expect(ok.headers.get('Location')).toBe(`/complaints/${c.id}#attachments`);
    const rows = await attachmentRows(w);
    expect(rows.map((r) => [r.file_name, r.note, r.uploaded_by_actor])).toEqual([
      ['IMG_2001.jpg', '发票', 'merchant'],
    ]);
    // A disguised file: back to the page with the reason.
    const bad = await postForm(
      w,
      `/complaints/${c.id}/attachments`,
      { csrf: token, file: [files.executable(), 'photo.jpg'] },
      agent.cookie,
    );
    expect(bad.status).toBe(303);
    const flash = bad.headers.get('Set-Cookie') ?? '';
    expect(decodeURIComponent(flash)).toContain('flash.attachment.unsupported');
    // The consumer sees the merchant's photo as a thumbnail, and adds a PDF through the link page.
    const token5 = await signConsumerLink(w.runtime.keys, w.clock, c.id, 3_600);
    const consumerPage = await (await w.app.request(`/c/${token5}`)).text();
    expect(consumerPage).toContain(`<img src="/api/v1/consumer/${token5}/attachments/${rows[0]!.id}"`);
    const fromConsumer = await postForm(w, `/c/${token5}/attachments`, { file: [files.pdf(), '收据.pdf'] });
    expect(fromConsumer.status).toBe(303);
    expect(fromConsumer.headers.get('Location')).toBe(`/c/${token5}#attachments`);
    // And through the short link the SMS carries (a code, not a signed token).
    expect((await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${c.id}/acknowledge`)).status).toBe(
      200,
    );
    const sent = await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${c.id}/messages`, {
      body: '发票照片已上传，请查收。',
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    const code = await consumerTokenOf(w, c.id);
    expect(code).toMatch(/^[0-9a-z]{10}$/);
    const fromSms = await postForm(w, `/c/${code}/attachments`, { file: [files.png(), '现场.png'] });
    expect(fromSms.status).toBe(303);
    expect(fromSms.headers.get('Location')).toBe(`/c/${code}#attachments`);
    expect(decodeURIComponent(fromSms.headers.get('Set-Cookie') ?? '')).toContain('flash.attached');
    expect((await postForm(w, '/c/0000000000/attachments', { file: [files.png(), 'x.png'] })).status).toBe(
      404,
    );
    const after = await (
      await w.app.request(`/complaints/${c.id}`, { headers: { Cookie: agent.cookie } })
    ).text();
    expect(after).toContain(`<img src="/api/v1/attachments/${rows[0]!.id}"`);
    expect(after).toMatch(/href="\/api\/v1\/attachments\/att_[^"]+" class="file-link">[^<]*收据\.pdf/);
    // The thumbnail's bytes come through the session, with the same checks as the API.
    const thumb = await w.app.request(`/api/v1/attachments/${rows[0]!.id}`, {
      headers: { Cookie: agent.cookie },
    });
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('Content-Type')).toBe('image/jpeg');
    const other = await w.user('merchant_agent', { merchantId: w.merchantB.id });
    expect(
      (await w.app.request(`/api/v1/attachments/${rows[0]!.id}`, { headers: { Cookie: other.cookie } }))
        .status,
    ).toBe(404);
    expect(
      (await postForm(w, `/complaints/${c.id}/attachments`, { file: [files.png(), 'a.png'] }, other.cookie))
        .status,
    ).toBe(404);
  });
});
