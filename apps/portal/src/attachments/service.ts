import { Readable } from 'node:stream';
import {
  ATTACHMENT_HEAD_BYTES,
  ATTACHMENT_TAIL_BYTES,
  type Attachment,
  type AttachmentType,
  Conflict,
  Forbidden,
  Invalid,
  isAttachmentType,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENT_NOTE,
  MAX_ATTACHMENTS_PER_COMPLAINT,
  MAX_FILES_PER_MESSAGE_FORM,
  messageOf,
  NotFound,
  newId,
  safeFileName,
  toIso,
  wellFormed,
} from '@redress/core';
import busboy from 'busboy';
import { fileTypeFromBuffer } from 'file-type';
import { HTTPException } from 'hono/http-exception';
import type { Kysely } from 'kysely';
import { CONSUMER_ATTACHMENT_READ_ACTION } from '../audit';
import { loadComplaint, MESSAGE_SLUGS, readComplaint } from '../complaints';
import type { AppDeps, ServiceContext } from '../context';
import type { Database } from '../db/database';
import { appendEvent, type EventListener } from '../events';
import type { PendingBlob } from './store';
import type { AttachmentRow } from './table';

/**
 * What an upload's body may weigh: the file's 10 MiB and room for the multipart framing and the
 * note. The app's 1 MiB limit does not apply to the upload routes; this one does.
 */
export const UPLOAD_BODY_LIMIT_BYTES = MAX_ATTACHMENT_BYTES + 64 * 1024;
/** What a page's message form with its files may weigh (`readMessageForm`). */
export const MESSAGE_FORM_BODY_LIMIT_BYTES = MAX_FILES_PER_MESSAGE_FORM * MAX_ATTACHMENT_BYTES + 64 * 1024;

/** The upload routes, API and pages, which stream their bodies past the app's 1 MiB limit. */
export const UPLOAD_PATHS: readonly RegExp[] = [
  /^\/api\/v1\/complaints\/[^/]+\/attachments\/?$/,
  /^\/api\/v1\/consumer\/[^/]+\/attachments\/?$/,
  /^\/complaints\/[^/]+\/attachments\/?$/,
  /^\/c\/[^/]+\/attachments\/?$/,
];
/** The pages' message forms, which send their files with the text (`readMessageForm`). */
export const MESSAGE_FORM_PATHS: readonly RegExp[] = [
  new RegExp(`^/complaints/[^/]+/(${MESSAGE_SLUGS.join('|')})/?$`),
  /^\/c\/[^/]+\/reply\/?$/,
];
export const isUploadPath = (path: string) =>
  UPLOAD_PATHS.some((p) => p.test(path)) || MESSAGE_FORM_PATHS.some((p) => p.test(path));
/** The most a multipart body to an upload path may declare, or undefined for any other path. */
export function uploadBodyLimit(path: string): number | undefined {
  if (UPLOAD_PATHS.some((p) => p.test(path))) return UPLOAD_BODY_LIMIT_BYTES;
  if (MESSAGE_FORM_PATHS.some((p) => p.test(path))) return MESSAGE_FORM_BODY_LIMIT_BYTES;
  return undefined;
}

/** An upload's request as the service reads it: its headers and its body as a stream. */
export interface UploadSource {
  contentType: string | undefined;
  contentLength: string | undefined;
  body: ReadableStream<Uint8Array> | null;
}

const tooLarge = () =>
  new HTTPException(413, {
    message: `the file must not be larger than ${MAX_ATTACHMENT_BYTES} bytes (10 MiB)`,
  });

const unsupported = (what: string) =>
  new Invalid(`the file is not a photo (JPEG, PNG, WebP, HEIC) or a PDF: ${what}`, [
    {
      path: 'file',
      code: 'unsupported_type',
      message: 'must be a photo (JPEG, PNG, WebP, HEIC) or a PDF, decided from its bytes',
    },
  ]);

const tooMany = () =>
  new Invalid(`a complaint has at most ${MAX_ATTACHMENTS_PER_COMPLAINT} attachments`, [
    {
      path: 'file',
      code: 'too_many',
      message: `at most ${MAX_ATTACHMENTS_PER_COMPLAINT} files per complaint`,
    },
  ]);

/** The API object of an attachment row. */
export function toAttachment(row: AttachmentRow): Attachment {
  return {
    id: row.id,
    complaintId: row.complaint_id,
    fileName: row.file_name,
    contentType: row.content_type,
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
    note: row.note,
    uploadedBy: {
      kind: row.uploaded_by_kind,
      id: row.uploaded_by_id,
      role: row.uploaded_by_role,
      actor: row.uploaded_by_actor,
    },
    createdAt: toIso(Number(row.created_at)),
  };
}

/** Who may attach: the complaint's merchant, its station, staff, and the consumer through the link. */
function requireMayAttach(ctx: ServiceContext): void {
  if (ctx.principal.actor === 'system') throw new Forbidden('the system attaches no files');
}

async function countOf(db: Kysely<Database>, complaintId: string): Promise<number> {
  const row = await db
    .selectFrom('attachments')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('complaint_id', '=', complaintId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

interface Received {
  pending: PendingBlob;
  type: AttachmentType;
  sentName: string | undefined;
}

/**
 * One file from busboy's stream: its first 64 KiB decide its type (file-type, from the bytes;
 * the name and the declared type are not looked at), then the whole of it goes to the store as
 * it arrives, hashed on the way; its last bytes are kept for the structure check of core's
 * `wellFormed`. Anything else than a photo or a PDF is refused before a byte is stored.
 */
async function receiveFile(
  deps: Pick<AppDeps, 'attachments'>,
  file: Readable & { truncated?: boolean },
  sentName: string | undefined,
): Promise<Received | null> {
  const iterator = file[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  try {
    return await receiveFrom(deps, file, iterator, sentName);
  } catch (err) {
    // A refused file is read to its end (through the same iterator: a stream being iterated
    // does not flow on `resume()`), so the parser reaches the end of the body and answers.
    while (!(await iterator.next()).done) {}
    throw err;
  }
}

async function receiveFrom(
  deps: Pick<AppDeps, 'attachments'>,
  file: Readable & { truncated?: boolean },
  iterator: AsyncIterator<Buffer>,
  sentName: string | undefined,
): Promise<Received | null> {
  const headChunks: Buffer[] = [];
  let headBytes = 0;
  let ended = false;
  while (headBytes < ATTACHMENT_HEAD_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    headChunks.push(next.value);
    headBytes += next.value.length;
  }
  const head = Buffer.concat(headChunks);
  // A page's second file input left empty (the camera's, or the chooser's) is no file.
  if (head.length === 0 && !sentName) return null;
  if (head.length === 0) {
    throw new Invalid('the file is empty', [
      { path: 'file', code: 'required', message: 'choose a file to attach' },
    ]);
  }
  const detected = await fileTypeFromBuffer(head);
  if (!detected || !isAttachmentType(detected.mime)) {
    throw unsupported(detected ? `its bytes are ${detected.mime}` : 'its bytes are of no known type');
  }
  const type = detected.mime;
  let tail = Buffer.alloc(0);
  const keepTail = (chunk: Buffer) => {
    tail =
      chunk.length >= ATTACHMENT_TAIL_BYTES
        ? Buffer.from(chunk.subarray(chunk.length - ATTACHMENT_TAIL_BYTES))
        : Buffer.concat([tail, chunk]).subarray(-ATTACHMENT_TAIL_BYTES);
  };
  async function* bytes(): AsyncGenerator<Uint8Array> {
    keepTail(head);
    yield head;
    if (ended) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      keepTail(next.value);
      yield next.value;
    }
  }
  const pending = await deps.attachments.write(bytes());
  if (file.truncated || pending.sizeBytes > MAX_ATTACHMENT_BYTES) {
    await pending.discard();
    throw tooLarge();
  }
  if (!wellFormed(type, head, tail, pending.sizeBytes)) {
    await pending.discard();
    throw unsupported(`its bytes begin as ${type} but are not a whole ${type} file`);
  }
  return { pending, type, sentName };
}

/**
 * Streams a multipart body through busboy: `onField` for each field as it comes, `onFile` for
 * each file part in turn (each waits for the one before; a part `onFile` leaves unread, or one
 * after a failure, is drained so the parser reaches the end). A malformed body is 400. On an
 * error the body is destroyed, and the parts' work is awaited before the error is thrown.
 */
async function streamMultipart(
  source: UploadSource & { body: NonNullable<UploadSource['body']> },
  limits: busboy.Limits,
  onField: (name: string, value: string) => void,
  onFile: (name: string, stream: Readable, fileName: string | undefined) => Promise<void>,
): Promise<void> {
  const malformed = () =>
    new HTTPException(400, { message: 'the body could not be read: malformed multipart form' });
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': source.contentType ?? '' },
      defParamCharset: 'utf8',
      limits,
    });
  } catch {
    throw malformed();
  }
  let receiving: Promise<void> = Promise.resolve();
  const input = Readable.fromWeb(source.body as import('node:stream/web').ReadableStream<Uint8Array>);
  const finished = new Promise<void>((resolve, reject) => {
    parser.on('field', onField);
    parser.on('file', (name, stream, info) => {
      // Browsers send `"`, CR and LF of a file's name as %22, %0D and %0A (the HTML standard).
      const sent = info.filename?.replace(/%22/g, '"').replace(/%0d/gi, '\r').replace(/%0a/gi, '\n');
      receiving = receiving.then(() => onFile(name, stream, sent));
      receiving.catch(() => {
        if (stream.listenerCount('readable') === 0) stream.resume();
      });
    });
    parser.on('close', () => resolve());
    parser.on('error', () => reject(malformed()));
    input.on('error', (err) => reject(err));
  });
  input.pipe(parser);
  try {
    await finished;
  } catch (err) {
    input.destroy();
    await receiving.catch(() => undefined);
    throw err;
  }
  await receiving;
}

/**
 * Reads a multipart body with busboy as it streams: the `file` part (one), the `note` field,
 * and for a page's form the `_csrf` field, which must come before the file (`checkToken` is
 * asked before a byte of the file is read). Nothing of the body is held whole in memory.
 */
async function readMultipart(
  deps: Pick<AppDeps, 'attachments'>,
  source: UploadSource,
  checkToken?: (sent: string | undefined) => Promise<void>,
): Promise<{ received: Received | null; note: string | undefined }> {
  const body = source.body;
  if (!body)
    throw new Invalid('the body is empty', [{ path: 'file', code: 'required', message: 'required' }]);
  const fields: Record<string, string> = {};
  // The page's form has two file inputs (choose a file, or take a photo): the first that is
  // not empty is the file.
  const got: { file: Received | null } = { file: null };
  let files = 0;
  let tokenChecked = !checkToken;
  try {
    await streamMultipart(
      { ...source, body },
      { files: 2, fileSize: MAX_ATTACHMENT_BYTES + 1, fields: 8, fieldSize: 8 * 1024, parts: 12 },
      (name, value) => {
        fields[name] = value;
      },
      async (name, stream, fileName) => {
        if (name !== 'file' || files >= 2 || got.file) {
          stream.resume();
          return;
        }
        files += 1;
        if (!tokenChecked) {
          await checkToken?.(fields._csrf);
          tokenChecked = true;
        }
        got.file = await receiveFile(deps, stream, fileName);
      },
    );
  } catch (err) {
    await got.file?.pending.discard();
    throw err;
  }
  const received = got.file;
  if (!tokenChecked) await checkToken?.(fields._csrf);
  const note = fields.note?.trim() ? fields.note.trim() : undefined;
  if (note !== undefined && note.length > MAX_ATTACHMENT_NOTE) {
    await received?.pending.discard();
    throw new Invalid('the note is too long', [
      { path: 'note', code: 'too_long', message: `at most ${MAX_ATTACHMENT_NOTE} characters` },
    ]);
  }
  return { received, note };
}

/**
 * Attaches a file to a complaint the caller may see (another merchant's is 404): its type
 * decided from its bytes (JPEG, PNG, WebP, HEIC or PDF, else 422 `unsupported_type`), at most
 * 10 MiB (413) and 20 files a complaint (422 `too_many`). The bytes are streamed to the store
 * (files in the data folder, or PostgreSQL); the row and its `complaint.attachment_added` event
 * are written in one transaction. The same bytes attached to the same complaint again answer
 * the attachment already there (a retried upload makes no second one).
 * `checkToken`: a page's form token, checked before the file is read.
 */
export async function uploadAttachment(
  ctx: ServiceContext,
  complaintId: string,
  source: UploadSource,
  options: { checkToken?: (sent: string | undefined) => Promise<void> } = {},
): Promise<Attachment> {
  if (source.contentLength !== undefined && Number(source.contentLength) > UPLOAD_BODY_LIMIT_BYTES)
    throw tooLarge();
  requireMayAttach(ctx);
  const before = await loadComplaint(ctx.db, ctx.principal, complaintId);
  if (!/^multipart\/form-data/i.test(source.contentType ?? '')) {
    throw new HTTPException(415, { message: 'send the file as multipart/form-data, in the field `file`' });
  }
  if (before.personal_data_erased_at !== null)
    throw new Conflict('the personal data of this complaint was erased: it takes no more files');
  if ((await countOf(ctx.db, before.id)) >= MAX_ATTACHMENTS_PER_COMPLAINT) throw tooMany();
  const { received, note } = await readMultipart(ctx, source, options.checkToken);
  if (!received) {
    throw new Invalid('no file was sent', [
      { path: 'file', code: 'required', message: 'send the file in `file`' },
    ]);
  }
  const { carried: _, ...attachment } = await storeReceived(ctx, before.id, received, note);
  return attachment;
}

/**
 * Stores one received file as an attachment of the complaint: the same bytes already attached
 * answer that attachment; else the bytes are committed to the store and the row and its
 * `complaint.attachment_added` event written in one transaction (the count checked again there).
 */
async function storeReceived(
  ctx: ServiceContext,
  complaintId: string,
  received: Received,
  note: string | undefined,
): Promise<Attachment & { carried: boolean }> {
  const { pending, type, sentName } = received;
  const same = await ctx.db
    .selectFrom('attachments')
    .selectAll()
    .where('complaint_id', '=', complaintId)
    .where('sha256', '=', pending.sha256)
    .executeTakeFirst();
  if (same) {
    await pending.discard();
    return { ...toAttachment(same), carried: same.message_event_id !== null };
  }
  const now = ctx.clock.now();
  const p = ctx.principal;
  const fields: Omit<AttachmentRow, 'blob_key'> = {
    id: newId('attachment', now),
    complaint_id: complaintId,
    file_name: safeFileName(sentName, type),
    content_type: type,
    size_bytes: pending.sizeBytes,
    sha256: pending.sha256,
    note: note ?? null,
    uploaded_by_kind: p.kind,
    uploaded_by_id: p.id,
    uploaded_by_role: p.role,
    uploaded_by_actor: p.actor,
    created_at: now,
    message_event_id: null,
  };
  let key: string | undefined;
  try {
    return await ctx.transact(async (trx) => {
      const complaint = await loadComplaint(trx, p, complaintId, { lock: ctx.dialect === 'postgres' });
      if ((await countOf(trx, complaint.id)) >= MAX_ATTACHMENTS_PER_COMPLAINT) throw tooMany();
      // The bytes take their place in the transaction that names them (see `removeUnreferenced`).
      key = await pending.commit();
      const row: AttachmentRow = { ...fields, blob_key: key };
      await trx.insertInto('attachments').values(row).execute();
      const attachment = toAttachment(row);
      await appendEvent(trx, ctx, {
        type: 'complaint.attachment_added',
        complaintId: complaint.id,
        merchantId: complaint.merchant_id,
        stationId: complaint.station_id,
        data: { object: await readComplaint(trx, ctx, complaint, 'masked'), attachment },
      });
      return { ...attachment, carried: false };
    });
  } catch (err) {
    await pending.discard();
    // A content-addressed file may be another attachment's too: it goes only if no row names it.
    if (key !== undefined) await removeUnreferenced(ctx, [key]);
    throw err;
  }
}

/** What a page's message form sent: its text fields, and the files stored from it. */
export interface MessageForm {
  /** The form's text fields (not the form token). */
  values: Record<string, string>;
  /** The files stored, to send with the message; a file some message already carries is left out. */
  attachmentIds: string[];
  /** Why the form was refused (`file`: a file's type, its size, too many; or the text's `check`), or null; then no file was stored. */
  refused: Invalid | null;
}

/** A refusal of a file as a field error of the message form's `file`. */
function fileRefusal(err: unknown): Invalid | null {
  if (err instanceof Invalid) return err;
  if (err instanceof Conflict)
    return new Invalid(err.message, [{ path: 'file', code: 'personal_data', message: err.message }]);
  if (err instanceof HTTPException && err.status === 413)
    return new Invalid(err.message, [{ path: 'file', code: 'too_big', message: err.message }]);
  if (err instanceof HTTPException && (err.status === 400 || err.status === 415))
    return new Invalid(err.message, [{ path: 'file', code: 'malformed', message: err.message }]);
  return null;
}

/**
 * A page's message form (a message, an information request, a consumer's reply) with its files,
 * in one multipart post read as it streams: the form token first (checked before a file is read),
 * the text fields, then up to MAX_FILES_PER_MESSAGE_FORM files in `file`, each checked as
 * `uploadAttachment` checks one and held pending. `check` judges the text fields (which the form
 * sends before its files) when the first file arrives. Only when the text and every file pass
 * are the files stored; a refusal (`refused`: a field error at `file`, or `check`'s) discards
 * them all and drains the rest of the body, so a refused form leaves nothing behind. The page
 * then sends the message with `attachmentIds`.
 */
export async function readMessageForm(
  ctx: ServiceContext,
  complaintId: string,
  source: UploadSource,
  checkToken: (sent: string | undefined) => Promise<void>,
  check: (values: Record<string, string>) => Invalid | null = () => null,
): Promise<MessageForm> {
  if (source.contentLength !== undefined && Number(source.contentLength) > MESSAGE_FORM_BODY_LIMIT_BYTES)
    throw tooLarge();
  requireMayAttach(ctx);
  const complaint = await loadComplaint(ctx.db, ctx.principal, complaintId);
  const body = source.body;
  if (!body) throw new HTTPException(400, { message: 'the body is empty' });
  const values: Record<string, string> = {};
  let token: string | undefined;
  let tokenChecked = false;
  let textChecked = false;
  let refused: Invalid | null = null;
  const received: Received[] = [];
  const discardAll = () => Promise.all(received.splice(0).map((r) => r.pending.discard()));
  try {
    await streamMultipart(
      { ...source, body },
      {
        files: MAX_FILES_PER_MESSAGE_FORM + 1,
        fileSize: MAX_ATTACHMENT_BYTES + 1,
        fields: 16,
        fieldSize: 16 * 1024,
        parts: 32,
      },
      (name, value) => {
        if (name === '_csrf') token = value;
        else values[name] = value;
      },
      // Each file waits for the one before to be received.
      async (name, stream, fileName) => {
        if (name !== 'file') {
          stream.resume();
          return;
        }
        if (!tokenChecked) {
          await checkToken(token);
          tokenChecked = true;
        }
        if (!textChecked) {
          textChecked = true;
          refused = check(values);
        }
        if (refused) {
          stream.resume();
          return;
        }
        try {
          const got = await receiveFile(ctx, stream, fileName);
          if (!got) return;
          received.push(got);
          if (received.length > MAX_FILES_PER_MESSAGE_FORM)
            throw new Invalid(`at most ${MAX_FILES_PER_MESSAGE_FORM} files a message`, [
              {
                path: 'file',
                code: 'too_many',
                message: `at most ${MAX_FILES_PER_MESSAGE_FORM} files a message`,
              },
            ]);
          if (complaint.personal_data_erased_at !== null)
            throw new Conflict('the personal data of this complaint was erased: it takes no more files');
        } catch (err) {
          refused = fileRefusal(err);
          if (!refused) throw err;
          if (stream.listenerCount('readable') === 0) stream.resume();
        }
      },
    );
  } catch (err) {
    await discardAll();
    throw err;
  }
  if (!tokenChecked) await checkToken(token);
  if (
    !refused &&
    received.length > 0 &&
    (await countOf(ctx.db, complaint.id)) + received.length > MAX_ATTACHMENTS_PER_COMPLAINT
  )
    refused = tooMany();
  if (refused) {
    await discardAll();
    return { values, attachmentIds: [], refused };
  }
  const stored: { id: string; carried: boolean }[] = [];
  for (const [i, got] of received.entries()) {
    try {
      stored.push(await storeReceived(ctx, complaint.id, got, undefined));
    } catch (err) {
      // Refused meanwhile (another upload took the last places): the rest are not stored either.
      await Promise.all(received.slice(i + 1).map((r) => r.pending.discard()));
      const why = fileRefusal(err);
      if (!why) throw err;
      return { values, attachmentIds: [], refused: why };
    }
  }
  return {
    values,
    attachmentIds: stored.filter((a) => !a.carried).map((a) => a.id),
    refused: null,
  };
}

/**
 * The link of a message to the files it carries (`attachments.message_event_id`), written in the
 * events' transaction (`deps.eventListeners`): the action checked the files (complaints/actions.ts,
 * `messageFiles`); a file another message took meanwhile makes the whole action fail (409).
 */
export const linkMessageAttachments: EventListener = async (trx, events) => {
  for (const e of events) {
    const ids = (messageOf(e)?.attachments ?? []).map((a) => a.id);
    if (ids.length === 0) continue;
    const result = await trx
      .updateTable('attachments')
      .set({ message_event_id: e.id })
      .where('complaint_id', '=', String(e.data.object.id))
      .where('id', 'in', ids)
      .where('message_event_id', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== ids.length)
      throw new Conflict('a file of this message was taken by another message meanwhile; try again');
  }
};

/** The attachments of a complaint the caller may see, oldest first (at most 20). */
export async function listAttachments(ctx: ServiceContext, complaintId: string): Promise<Attachment[]> {
  const complaint = await loadComplaint(ctx.db, ctx.principal, complaintId);
  const rows = await ctx.db
    .selectFrom('attachments')
    .selectAll()
    .where('complaint_id', '=', complaint.id)
    .orderBy('id')
    .execute();
  return rows.map(toAttachment);
}

/**
 * One attachment's row and bytes, if the caller may see its complaint (otherwise 404, as if it
 * did not exist). A read of a file the consumer attached by anyone but the consumer is written
 * to the audit log, like a read of their whole phone number. The bytes come as a stream.
 */
export async function openAttachment(
  ctx: ServiceContext,
  attachmentId: string,
): Promise<{ attachment: Attachment; bytes: ReadableStream<Uint8Array> }> {
  const row = await ctx.db
    .selectFrom('attachments')
    .selectAll()
    .where('id', '=', attachmentId)
    .executeTakeFirst();
  if (!row) throw new NotFound('attachment');
  try {
    await loadComplaint(ctx.db, ctx.principal, row.complaint_id);
  } catch (err) {
    if (err instanceof NotFound) throw new NotFound('attachment');
    throw err;
  }
  if (row.uploaded_by_actor === 'consumer' && ctx.principal.actor !== 'consumer') {
    await ctx.db
      .insertInto('audit_log')
      .values({
        actor_kind: ctx.principal.kind,
        actor_id: ctx.principal.id,
        action: CONSUMER_ATTACHMENT_READ_ACTION,
        complaint_id: row.complaint_id,
        attachment_id: row.id,
        created_at: ctx.clock.now(),
      })
      .execute();
  }
  return { attachment: toAttachment(row), bytes: ctx.attachments.read(row.blob_key) };
}

/** `Content-Disposition: attachment` with an ASCII fallback name and the UTF-8 name (RFC 6266). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** A download's answer: the detected type, never sniffed, streamed. */
export function downloadResponse(attachment: Attachment, bytes: ReadableStream<Uint8Array>): Response {
  return new Response(bytes, {
    status: 200,
    headers: {
      'Content-Type': attachment.contentType,
      'Content-Length': String(attachment.sizeBytes),
      'Content-Disposition': contentDisposition(attachment.fileName),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
      ETag: `"${attachment.sha256}"`,
    },
  });
}

/**
 * Retention (housekeeping/retention.ts): deletes the attachment rows of these complaints in the
 * caller's transaction and answers their keys; once it has committed, `removeUnreferenced`
 * removes the bytes no row names any more.
 */
export async function deleteAttachmentRows(
  trx: Kysely<Database>,
  complaintIds: readonly string[],
): Promise<string[]> {
  if (complaintIds.length === 0) return [];
  const rows = await trx
    .selectFrom('attachments')
    .select('blob_key')
    .where('complaint_id', 'in', [...complaintIds])
    .execute();
  if (rows.length === 0) return [];
  await trx
    .deleteFrom('attachments')
    .where('complaint_id', 'in', [...complaintIds])
    .execute();
  return [...new Set(rows.map((r) => r.blob_key))];
}

/**
 * Removes the bytes of those keys that no attachment row names (another complaint may share a
 * file). The check and the removal are one transaction, as an upload's placing of its bytes and
 * its row are (`uploadAttachment`): on SQLite transactions run one at a time, so an upload of
 * the same bytes comes wholly before (its row is seen, the file stays) or wholly after (it puts
 * the file back), never between the check and the delete. The file operations inside are on
 * the local disk, short, and the only waits there besides the database. On PostgreSQL each
 * upload's chunks have a key of their own, which nothing else names.
 */
export async function removeUnreferenced(
  deps: Pick<AppDeps, 'transact' | 'attachments'>,
  keys: readonly string[],
): Promise<void> {
  if (keys.length === 0) return;
  await deps.transact(async (trx) => {
    const still = new Set(
      (
        await trx
          .selectFrom('attachments')
          .select('blob_key')
          .where('blob_key', 'in', [...keys])
          .execute()
      ).map((r) => r.blob_key),
    );
    await deps.attachments.remove(keys.filter((k) => !still.has(k)));
  });
}
