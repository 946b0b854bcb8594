import type { ApiPromise } from '../core/api-promise';
import type { RequestOptions } from '../core/options';
import type { HttpClient } from '../internal/http';
import type { Attachment, AttachmentList } from '../types.gen';

/** What an upload may say besides the file. */
export interface UploadAttachmentOptions extends RequestOptions {
  /** The name to store it under; a `File`'s own name by default, else `attachment`. */
  fileName?: string;
  /** A note shown with the file (at most 500 characters). */
  note?: string;
}

/**
 * Evidence on a complaint: photos (JPEG, PNG, WebP, HEIC) and PDF files, at most 10 MiB each
 * and 20 a complaint. The portal decides the type from the bytes; anything else is refused
 * with a `ValidationError` (`unsupported_type`). Uploads take a `Blob` or a `File` — in Node
 * `await fs.openAsBlob(path)` reads the file from disk as it is sent — and work the same in
 * browsers, Deno, Bun and Workers.
 */
export class Attachments {
  constructor(private readonly http: HttpClient) {}

  /**
   * Attaches a file to a complaint; the same bytes attached again answer the same attachment.
   * @example
   * const photo = await redress.attachments.upload(complaintId, await openAsBlob('invoice.pdf'), { fileName: 'invoice.pdf' });
   * photo.contentType // 'application/pdf'
   */
  upload(complaintId: string, file: Blob, options: UploadAttachmentOptions = {}): ApiPromise<Attachment> {
    const { fileName, note, ...request } = options;
    const name =
      fileName ??
      (typeof (file as File).name === 'string' && (file as File).name ? (file as File).name : 'attachment');
    return this.http.request({
      method: 'POST',
      path: `/api/v1/complaints/${encodeURIComponent(complaintId)}/attachments`,
      multipart: () => {
        const form = new FormData();
        form.append('file', file, name);
        if (note !== undefined) form.append('note', note);
        return form;
      },
      options: request,
    });
  }

  /**
   * The complaint's attachments, oldest first.
   * @example const { data } = await redress.attachments.list(complaintId);
   */
  list(complaintId: string, options?: RequestOptions): ApiPromise<AttachmentList> {
    return this.http.request({
      method: 'GET',
      path: `/api/v1/complaints/${encodeURIComponent(complaintId)}/attachments`,
      options,
    });
  }

  /**
   * An attachment's bytes, as the `Response` (unread): stream `response.body`, or take
   * `await response.blob()`. Its `Content-Type` is the detected type.
   * @example
   * const response = await redress.attachments.download('att_01JD3Z6Y8G5C4F0QK3W2A1B9XE');
   * const bytes = new Uint8Array(await response.arrayBuffer());
   */
  download(attachmentId: string, options?: RequestOptions): ApiPromise<Response> {
    return this.http.request({
      method: 'GET',
      path: `/api/v1/attachments/${encodeURIComponent(attachmentId)}`,
      raw: true,
      options,
    });
  }
}
