import { z } from 'zod';
import { AttachmentId, Timestamp } from './schemas';

/**
 * Evidence on a complaint (issue 14): photos and PDF files that the consumer (through the
 * link), the merchant, the station and staff attach. The rules are here, with no I/O: which
 * types are taken, how large, how many, what a file's bytes must look like for its type, and
 * what name it is given back. The portal detects the type from the bytes (file-type) and never
 * from the name or the declared type.
 */

/** The types taken, each with the extension a download is named with. */
export const ATTACHMENT_TYPES = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'image/heif': 'heif',
  'application/pdf': 'pdf',
} as const;
export type AttachmentType = keyof typeof ATTACHMENT_TYPES;

export const isAttachmentType = (type: string): type is AttachmentType => type in ATTACHMENT_TYPES;
/** Whether a page may show the file inline as a picture (every taken type but PDF). */
export const isImageType = (type: AttachmentType): boolean => type.startsWith('image/');

/** 10 MiB a file. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/**
 * The files a page's message form sends with its text in one post (the API's `attachmentIds`
 * take up to a complaint's 20, uploaded one a request): what one request's body may carry.
 */
export const MAX_FILES_PER_MESSAGE_FORM = 5;
/** The optional note sent with a file. */
export const MAX_ATTACHMENT_NOTE = 500;
/** How many bytes of a file's start the type is decided from (and its structure checked on). */
export const ATTACHMENT_HEAD_BYTES = 64 * 1024;
/** How many bytes of a file's end its structure is checked on (a PDF's `%%EOF`, a PNG's `IEND`). */
export const ATTACHMENT_TAIL_BYTES = 1024;

const startsWith = (bytes: Uint8Array, at: number, ascii: string) => {
  if (bytes.length < at + ascii.length) return false;
  for (let i = 0; i < ascii.length; i++) if (bytes[at + i] !== ascii.charCodeAt(i)) return false;
  return true;
};

function includesAscii(bytes: Uint8Array, ascii: string): boolean {
  outer: for (let i = 0; i + ascii.length <= bytes.length; i++) {
    for (let j = 0; j < ascii.length; j++) if (bytes[i + j] !== ascii.charCodeAt(j)) continue outer;
    return true;
  }
  return false;
}

/**
 * Whether a file of the detected `type` is whole and what it says it is, beyond the signature
 * the detector read: a PNG's first chunk is `IHDR` and its last `IEND`; a PDF ends with
 * `%%EOF`; a WebP's RIFF length is the file's; a JPEG starts with a marker after SOI. A
 * polyglot (a PDF behind a PNG signature) or a truncated upload fails here.
 * `head` is the file's first bytes (up to ATTACHMENT_HEAD_BYTES), `tail` its last (up to
 * ATTACHMENT_TAIL_BYTES), `size` its length.
 * @example wellFormed('image/png', head, tail, size) // true for a real PNG
 */
export function wellFormed(type: AttachmentType, head: Uint8Array, tail: Uint8Array, size: number): boolean {
  switch (type) {
    case 'image/png':
      return (
        startsWith(head, 1, 'PNG\r\n\x1a\n') &&
        startsWith(head, 8, '\0\0\0\x0dIHDR') &&
        tail.length >= 12 &&
        startsWith(tail, tail.length - 12, '\0\0\0\0IEND')
      );
    case 'application/pdf':
      return startsWith(head, 0, '%PDF-') && includesAscii(tail, '%%EOF');
    case 'image/webp': {
      if (!startsWith(head, 0, 'RIFF') || !startsWith(head, 8, 'WEBP') || head.length < 8) return false;
      const riffLength = (head[4]! | (head[5]! << 8) | (head[6]! << 16) | (head[7]! << 24)) >>> 0;
      return riffLength + 8 === size || riffLength + 9 === size; // a padding byte for an odd length
    }
    case 'image/jpeg':
      return head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff && size > 4;
    case 'image/heic':
    case 'image/heif':
      return startsWith(head, 4, 'ftyp');
  }
}

/**
 * The name a file is stored and downloaded under: the last part of what was sent (no folders),
 * without control characters, quotes, slashes or other characters a header or a file system
 * could misread, at most 100 characters, and with the extension of its detected type (a
 * `photo.exe` that is a JPEG becomes `photo.exe.jpg`; `照片.JPEG` stays).
 * @example safeFileName('C:\\照片\\发票 "1".png', 'image/png') // '发票 _1_.png'
 */
export function safeFileName(sent: string | undefined, type: AttachmentType): string {
  const ext = ATTACHMENT_TYPES[type];
  const last = (sent ?? '').split(/[\\/]/).at(-1) ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  let name = last.replace(/[\u0000-\u001f\u007f-\u009f"'`<>:|?*;%\\]/g, '_').trim();
  name = name.replace(/^\.+/, '');
  const lower = name.toLowerCase();
  const same = type === 'image/jpeg' ? /\.(jpe?g)$/.test(lower) : lower.endsWith(`.${ext}`);
  const stem = (same ? name.slice(0, name.lastIndexOf('.')) : name).slice(0, 90) || 'attachment';
  const kept = same ? name.slice(name.lastIndexOf('.')) : `.${ext}`;
  return `${stem}${kept}`;
}

/** Who attached a file: the API's actor, with the side they are on. */
export const AttachmentUploaderSchema = z.object({
  kind: z.enum(['user', 'client', 'consumer', 'system']),
  id: z.string().nullable(),
  role: z.string().nullable(),
  actor: z.enum(['merchant', 'staff', 'station', 'consumer', 'system']),
});

export const AttachmentSchema = z
  .object({
    id: AttachmentId,
    complaintId: z.string(),
    fileName: z.string(),
    contentType: z.enum(Object.keys(ATTACHMENT_TYPES) as [AttachmentType, ...AttachmentType[]]),
    sizeBytes: z.number().int().min(1).max(MAX_ATTACHMENT_BYTES),
    /** Hex SHA-256 of the bytes. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    note: z.string().nullable(),
    uploadedBy: AttachmentUploaderSchema,
    createdAt: Timestamp,
  })
  .meta({ id: 'Attachment' });
export type Attachment = z.infer<typeof AttachmentSchema>;

/**
 * A file a message carries (a message, an information request, a consumer's reply): in the
 * event's data (`data.message.attachments`…), the timeline and the consumer's view.
 */
export const MessageAttachmentSchema = AttachmentSchema.pick({
  id: true,
  fileName: true,
  contentType: true,
  sizeBytes: true,
}).meta({ id: 'MessageAttachment' });
export type MessageAttachment = z.infer<typeof MessageAttachmentSchema>;

/**
 * The multipart body of an upload, for the document (the portal streams and checks it itself):
 * the file in `file`, an optional `note`.
 */
export const UploadAttachmentInput = z
  .object({
    file: z
      .string()
      .meta({ format: 'binary', description: 'The file: JPEG, PNG, WebP, HEIC or PDF, at most 10 MiB.' }),
    note: z.string().max(MAX_ATTACHMENT_NOTE).optional(),
  })
  .meta({ id: 'UploadAttachmentInput' });
