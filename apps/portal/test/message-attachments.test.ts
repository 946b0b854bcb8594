import { describe, expect, it } from 'vitest';
import { signConsumerLink } from '../src/auth/tokens';
import * as files from './evidence-files';
import { type Actor, allCounts, expectProblem, type TestWorld, testWorld, timelineOf } from './harness';

/**
 * Attachments on messages (issue 14): a message, an information request and the consumer's
 * reply carry files already attached to the complaint (`attachmentIds`), linked in the
 * message's transaction and shown with it in its event, the timeline and the consumer's view.
 * Both databases.
 */

async function uploadAs(w: TestWorld, who: Actor | null, path: string, bytes: Uint8Array, name: string) {
  const form = new FormData();
  form.append('file', new Blob([bytes as BlobPart]), name);
  const res = await w.app.request(path, {
    method: 'POST',
    headers: who ? { Authorization: `Bearer ${who.token}` } : {},
    body: form,
  });
  const body = (await res.json()) as any;
  expect(res.status, JSON.stringify(body)).toBe(201);
  return body as { id: string; fileName: string; contentType: string; sizeBytes: number };
}

const onComplaint = (id: string) => `/api/v1/complaints/${id}/attachments`;
const brief = (a: { id: string; fileName: string; contentType: string; sizeBytes: number }) => ({
  id: a.id,
  fileName: a.fileName,
  contentType: a.contentType,
  sizeBytes: a.sizeBytes,
});

async function linkOf(w: TestWorld, complaintId: string) {
  return `/api/v1/consumer/${await signConsumerLink(w.runtime.keys, w.clock, complaintId, 3_600)}`;
}

/** A complaint of merchant `A` (or B) taken in and acknowledged: open to messages. */
async function acknowledged(w: TestWorld, merchant: 'A' | 'B' = 'A') {
  const c = await w.intake(merchant === 'B' ? { merchantId: w.merchantB.id } : {});
  const who = merchant === 'B' ? w.actors.merchantB : w.actors.merchantA;
  const res = await w.call(who, 'POST', `/api/v1/complaints/${c.id}/acknowledge`);
  expect(res.status).toBe(200);
  return c;
}

async function linkedTo(w: TestWorld, id: string) {
  const row = await w.runtime.db
    .selectFrom('attachments')
    .select('message_event_id')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.message_event_id;
}

describe('attachments on messages', () => {
  it('a merchant’s message carries files of the complaint: in its event, the timeline and the consumer’s view', async () => {
    const w = await testWorld();
    const c = await acknowledged(w);
    const link = await linkOf(w, c.id);
    const invoice = await uploadAs(w, w.actors.merchantA, onComplaint(c.id), files.pdf(), '发票.pdf');
    const photo = await uploadAs(w, null, `${link}/attachments`, files.png(), '漏水.png');
    const sent = await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${c.id}/messages`, {
      body: '发票和您的照片已收到，我们安排上门。',
      attachmentIds: [invoice.id, photo.id],
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    const timeline = await timelineOf(w, c.id);
    const message = timeline.find((e) => e.type === 'complaint.message_sent');
    expect(message.data.message).toEqual({
      body: '发票和您的照片已收到，我们安排上门。',
      attachments: [brief(invoice), brief(photo)],
    });
    expect(await linkedTo(w, invoice.id)).toBe(message.id);
    expect(await linkedTo(w, photo.id)).toBe(message.id);
    // The event feed carries the same data.
    const feed = await w.call(w.actors.merchantA, 'GET', '/api/v1/events?limit=100');
    expect(feed.body.data.find((e: any) => e.id === message.id).data.message.attachments).toHaveLength(2);
    // The consumer reads the message with its files, and downloads them through the link.
    const view = await w.call(null, 'GET', link);
    expect(view.status).toBe(200);
    const m = view.body.messages.find((x: any) => x.from === 'merchant');
    expect(m.attachments).toEqual([brief(invoice), brief(photo)]);
    expect((await w.app.request(`${link}/attachments/${invoice.id}`)).status).toBe(200);
    // A message without files carries none.
    const plain = await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${c.id}/messages`, {
      body: '请保持电话畅通。',
    });
    expect(plain.status).toBe(200);
    const last = (await timelineOf(w, c.id)).at(-1);
    expect(last.data.message).toEqual({ body: '请保持电话畅通。', attachments: [] });
  });

  it('an information request and the consumer’s reply through the link carry files too', async () => {
    const w = await testWorld();
    const c = await acknowledged(w);
    const link = await linkOf(w, c.id);
    const form = await uploadAs(w, w.actors.merchantA, onComplaint(c.id), files.pdf('form'), '维修单.pdf');
    const asked = await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${c.id}/info-requests`, {
      body: '请填写附件中的维修单并拍照上传。',
      attachmentIds: [form.id],
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    expect(asked.body.status).toBe('awaiting_consumer');
    const photo = await uploadAs(w, null, `${link}/attachments`, files.jpeg(), 'IMG_1.jpg');
    // The link's reply: the consumer's own file, and one another message already carries (422).
    const reused = await w.call(null, 'POST', `${link}/reply`, {
      body: '已填好。',
      attachmentIds: [photo.id, form.id],
    });
    expectProblem(reused, 422);
    expect(reused.body.errors).toEqual([
      { path: 'attachmentIds.1', code: 'reused', message: 'already carried by another message' },
    ]);
    expect(await linkedTo(w, photo.id)).toBeNull();
    const replied = await w.call(null, 'POST', `${link}/reply`, {
      body: '已填好。',
      attachmentIds: [photo.id],
    });
    expect(replied.status, JSON.stringify(replied.body)).toBe(200);
    const timeline = await timelineOf(w, c.id);
    const request = timeline.find((e) => e.type === 'complaint.info_requested');
    const reply = timeline.find((e) => e.type === 'complaint.consumer_replied');
    expect(request.data.infoRequest.attachments).toEqual([brief(form)]);
    expect(reply.data.reply).toEqual({ body: '已填好。', via: 'consumer', attachments: [brief(photo)] });
    expect(await linkedTo(w, photo.id)).toBe(reply.id);
    const view = await w.call(null, 'GET', link);
    expect(view.body.messages.map((m: any) => [m.from, m.attachments.map((a: any) => a.id)])).toEqual([
      ['merchant', [form.id]],
      ['consumer', [photo.id]],
    ]);
  });

  it('refuses ids that are not files of this complaint free to go (422 at attachmentIds.N), never saying whose they are', async () => {
    const w = await testWorld();
    const c = await acknowledged(w);
    const other = await w.intake();
    const elsewhere = await w.intake({ merchantId: w.merchantB.id });
    const own = await uploadAs(w, w.actors.merchantA, onComplaint(c.id), files.png(), 'a.png');
    const onOther = await uploadAs(w, w.actors.merchantA, onComplaint(other.id), files.png(), 'b.png');
    const theirs = await uploadAs(w, w.actors.merchantB, onComplaint(elsewhere.id), files.png(), 'c.png');
    const unknown = 'att_01JD3Z6Y8G5C4F0QK3W2A1B9XE';
    const send = (attachmentIds: unknown, who: Actor = w.actors.merchantA, id = c.id) =>
      w.call(who, 'POST', `/api/v1/complaints/${id}/messages`, { body: '附件', attachmentIds });
    const before = await allCounts(w);
    const notFound = (i: number) => ({
      path: `attachmentIds.${i}`,
      code: 'not_found',
      message: 'not found on this complaint',
    });
    // Another merchant's file, another complaint's and an unknown id: the same words.
    const refused = await send([own.id, theirs.id, onOther.id, unknown]);
    expectProblem(refused, 422);
    expect(refused.body.errors).toEqual([notFound(1), notFound(2), notFound(3)]);
    // Malformed, listed twice, too many.
    const malformed = await send(['nope']);
    expectProblem(malformed, 422);
    expect(malformed.body.errors).toEqual([
      expect.objectContaining({ path: 'attachmentIds.0', code: 'not_an_id' }),
    ]);
    const twice = await send([own.id, own.id]);
    expectProblem(twice, 422);
    expect(twice.body.errors).toEqual([
      expect.objectContaining({ path: 'attachmentIds.1', code: 'duplicate' }),
    ]);
    const many = await send(Array.from({ length: 21 }, () => unknown));
    expectProblem(many, 422);
    expect(many.body.errors[0]).toEqual(expect.objectContaining({ path: 'attachmentIds', code: 'too_many' }));
    expect(await allCounts(w)).toEqual(before);
    expect(await linkedTo(w, own.id)).toBeNull();
    // Another merchant messaging this complaint: 404, whatever the ids.
    expectProblem(await send([own.id], w.actors.merchantB), 404);
    expectProblem(await send([theirs.id], w.actors.merchantB), 404);
    // Once carried, a file goes with no second message.
    expect((await send([own.id])).status).toBe(200);
    const again = await send([own.id]);
    expectProblem(again, 422);
    expect(again.body.errors).toEqual([
      { path: 'attachmentIds.0', code: 'reused', message: 'already carried by another message' },
    ]);
    // The consumer's link: another complaint's file is not found either.
    const link = await linkOf(w, c.id);
    await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${c.id}/info-requests`, { body: '请补充' });
    const reply = await w.call(null, 'POST', `${link}/reply`, { body: '好', attachmentIds: [onOther.id] });
    expectProblem(reply, 422);
    expect(reply.body.errors).toEqual([notFound(0)]);
  });
});

const tokenIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** Posts a message form as a browser does: the form token, the text, then each file input's files. */
function postMessageForm(
  w: TestWorld,
  path: string,
  parts: { csrf?: string; body: string; files: [Uint8Array, string][] },
  cookie?: string,
) {
  const form = new FormData();
  if (parts.csrf !== undefined) form.append('_csrf', parts.csrf);
  form.append('body', parts.body);
  if (parts.files.length === 0) form.append('file', new Blob([]), '');
  for (const [bytes, name] of parts.files) form.append('file', new Blob([bytes as BlobPart]), name);
  return w.app.request(path, {
    method: 'POST',
    headers: { Origin: 'http://localhost', ...(cookie ? { Cookie: cookie } : {}) },
    body: form,
  });
}

describe('attachments on messages, on the pages', () => {
  it('a message and its files go in one post without JavaScript, and the timeline shows them', async () => {
    const w = await testWorld();
    const c = await acknowledged(w);
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const html = await (
      await w.app.request(`/complaints/${c.id}`, { headers: { Cookie: agent.cookie } })
    ).text();
    expect(html).toMatch(new RegExp(`action="/complaints/${c.id}/messages" enctype="multipart/form-data"`));
    expect(html).toMatch(/name="file" type="file" accept="image\/\*,application\/pdf" multiple/);
    const csrf = tokenIn(html);
    const path = `/complaints/${c.id}/messages`;
    // Without the form token: refused before a file is stored.
    const forged = await postMessageForm(
      w,
      path,
      { body: '附件', files: [[files.png(), 'a.png']] },
      agent.cookie,
    );
    expect(forged.status).toBe(403);
    expect(await w.runtime.db.selectFrom('attachments').select('id').execute()).toEqual([]);
    // A disguised file: the page again, the text kept, the reason beside the file input; no message.
    const bad = await postMessageForm(
      w,
      path,
      { csrf, body: '请看附件中的发票', files: [[files.executable(), 'invoice.pdf']] },
      agent.cookie,
    );
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('请看附件中的发票</textarea>');
    expect(badHtml).toMatch(/id="message-file-error" class="field-error">未上传：文件不是照片/);
    expect((await timelineOf(w, c.id)).some((e) => e.type === 'complaint.message_sent')).toBe(false);
    // A good photo before the disguised file: refused as a whole, the photo not stored either.
    const half = await postMessageForm(
      w,
      path,
      {
        csrf,
        body: '请看附件',
        files: [
          [files.png(), '照片.png'],
          [files.executable(), 'invoice.pdf'],
        ],
      },
      agent.cookie,
    );
    expect(half.status).toBe(422);
    expect(await half.text()).toMatch(/id="message-file-error" class="field-error">未上传：文件不是照片/);
    // No text with a good photo: the reason beside the text, and the photo not stored.
    const empty = await postMessageForm(
      w,
      path,
      { csrf, body: '', files: [[files.png(), '照片.png']] },
      agent.cookie,
    );
    expect(empty.status).toBe(422);
    expect(await empty.text()).toMatch(/id="message-body-error" class="field-error">/);
    // More than 5 files a post: none stored.
    const many = await postMessageForm(
      w,
      path,
      { csrf, body: '六张照片', files: [1, 2, 3, 4, 5, 6].map((i) => [files.png(2 + i, 2), `p${i}.png`]) },
      agent.cookie,
    );
    expect(many.status).toBe(422);
    expect(await w.runtime.db.selectFrom('attachments').select('id').execute()).toEqual([]);
    expect((await timelineOf(w, c.id)).some((e) => e.type === 'complaint.message_sent')).toBe(false);
    // The text and two files: one post, one redirect.
    const ok = await postMessageForm(
      w,
      path,
      {
        csrf,
        body: '请看附件中的发票和照片',
        files: [
          [files.pdf(), '发票.pdf'],
          [files.png(), '照片.png'],
        ],
      },
      agent.cookie,
    );
    expect(ok.status).toBe(303);
    expect(ok.headers.get('Location')).toBe(`/complaints/${c.id}`);
    const message = (await timelineOf(w, c.id)).find((e) => e.type === 'complaint.message_sent');
    expect(message.data.message.body).toBe('请看附件中的发票和照片');
    const [pdf, png] = message.data.message.attachments;
    expect([pdf.fileName, pdf.contentType, png.fileName, png.contentType]).toEqual([
      '发票.pdf',
      'application/pdf',
      '照片.png',
      'image/png',
    ]);
    const page = await (
      await w.app.request(`/complaints/${c.id}`, { headers: { Cookie: agent.cookie } })
    ).text();
    const timeline = page.slice(page.indexOf('class="timeline"'));
    expect(timeline).toContain(`<img src="/api/v1/attachments/${png.id}"`);
    expect(timeline).toMatch(
      new RegExp(`href="/api/v1/attachments/${pdf.id}" class="file-link">[^<]*发票\\.pdf`),
    );
    // A form without files still sends its text.
    const plain = await postMessageForm(w, path, { csrf, body: '已安排上门', files: [] }, agent.cookie);
    expect(plain.status).toBe(303);
    expect((await timelineOf(w, c.id)).at(-1).data.message).toEqual({ body: '已安排上门', attachments: [] });
    // Another merchant's user: 404, nothing stored.
    const other = await w.user('merchant_agent', { merchantId: w.merchantB.id });
    const otherCsrf = tokenIn(
      await (await w.app.request('/inbox', { headers: { Cookie: other.cookie } })).text(),
    );
    const foreign = await postMessageForm(
      w,
      path,
      { csrf: otherCsrf, body: 'x', files: [[files.jpeg(), 'x.jpg']] },
      other.cookie,
    );
    expect(foreign.status).toBe(404);
    expect(await w.runtime.db.selectFrom('attachments').select('id').execute()).toHaveLength(2);
  });

  it('the consumer replies with a photo from the link’s page, and sees the merchant’s files with their message', async () => {
    const w = await testWorld();
    const c = await acknowledged(w);
    const form = await uploadAs(w, w.actors.merchantA, onComplaint(c.id), files.pdf('form'), '维修单.pdf');
    const asked = await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${c.id}/info-requests`, {
      body: '请填写维修单并拍照上传。',
      attachmentIds: [form.id],
    });
    expect(asked.status).toBe(200);
    const token = await signConsumerLink(w.runtime.keys, w.clock, c.id, 3_600);
    const html = await (await w.app.request(`/c/${token}`)).text();
    expect(html).toContain(`action="/c/${token}/reply" enctype="multipart/form-data"`);
    expect(html).toMatch(
      new RegExp(
        `href="/api/v1/consumer/${token}/attachments/${form.id}" class="file-link">[^<]*维修单\\.pdf`,
      ),
    );
    const bad = await postMessageForm(w, `/c/${token}/reply`, {
      body: '已填好',
      files: [[files.pdfWithPngHeader(), 'photo.png']],
    });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('已填好</textarea>');
    expect(badHtml).toMatch(/id="reply-file-error" class="field-error">/);
    const empty = await postMessageForm(w, `/c/${token}/reply`, {
      body: ' ',
      files: [[files.jpeg(), 'IMG_2.jpg']],
    });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toMatch(/id="reply-body-error" class="field-error">/);
    // Only the merchant's form is on the complaint: neither refused reply stored a file.
    expect(await w.runtime.db.selectFrom('attachments').select('id').execute()).toEqual([{ id: form.id }]);
    const ok = await postMessageForm(w, `/c/${token}/reply`, {
      body: '已填好',
      files: [[files.jpeg(), 'IMG_3.jpg']],
    });
    expect(ok.status).toBe(303);
    const reply = (await timelineOf(w, c.id)).find((e) => e.type === 'complaint.consumer_replied');
    expect(reply.data.reply.via).toBe('consumer');
    const [photo] = reply.data.reply.attachments;
    expect(photo.fileName).toBe('IMG_3.jpg');
    const after = await (await w.app.request(`/c/${token}`)).text();
    expect(after).toContain(`<img src="/api/v1/consumer/${token}/attachments/${photo.id}"`);
  });
});
