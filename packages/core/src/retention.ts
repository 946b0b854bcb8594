/**
 * Personal data retention (个人信息保护法, PIPL): once a complaint has ended, its consumer's
 * personal data is kept for this long after the complaint's last change, then erased. What
 * the statistics need (category, tags, amounts, dates, statuses, outcome, merchant, station,
 * the rating) stays.
 */
export const PERSONAL_DATA_RETENTION_DAYS = 3 * 365;

/**
 * The one list of what is personal in a complaint's record, and what it becomes:
 * - the complaint: the consumer's name (''), phone (null) and the description ('', the
 *   consumer's own account, where contact details are written);
 * - every event's `object` (the complaint as it was): the same three fields;
 * - what the consumer wrote: a reply's `body` (''), the comment of an answer to a proposal (null);
 * - notifications: the recipient (''), the text and the link (the consumer's capability);
 * - the satisfaction comment (null; the rating stays);
 * - internal notes (the merchant's and staff's own words about the case, where a consumer's
 *   details are often written): the note's body (''), in its row and in `complaint.note_added`;
 * - attachments (the consumer's photos and papers, whoever attached them): the files and their
 *   rows are deleted; in a `complaint.attachment_added` event the file's name ('') and note
 *   (null) are erased, its type, size and hash stay; so are the names of the files a message,
 *   an information request or a reply carries (`attachments[].fileName`).
 */
export const ERASED_TEXT = '';

/** An event's data with the personal fields erased (see above); everything else as it was. */
export function erasePersonalEventData(type: string, data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...data };
  const object = data.object;
  if (object && typeof object === 'object' && !Array.isArray(object)) {
    const o = { ...(object as Record<string, unknown>) };
    if (o.consumer && typeof o.consumer === 'object') {
      o.consumer = { ...(o.consumer as Record<string, unknown>), name: ERASED_TEXT, phone: null };
    }
    if ('description' in o) o.description = ERASED_TEXT;
    out.object = o;
  }
  for (const key of ['message', 'infoRequest', 'reply'] as const) {
    const m = out[key];
    if (m && typeof m === 'object' && Array.isArray((m as { attachments?: unknown }).attachments)) {
      const files = (m as { attachments: Record<string, unknown>[] }).attachments;
      out[key] = { ...m, attachments: files.map((a) => ({ ...a, fileName: ERASED_TEXT })) };
    }
  }
  if (type === 'complaint.consumer_replied' && out.reply && typeof out.reply === 'object') {
    out.reply = { ...(out.reply as Record<string, unknown>), body: ERASED_TEXT };
  }
  if (type === 'complaint.proposal_answered' && 'comment' in data) out.comment = null;
  if (type === 'complaint.note_added' && data.note && typeof data.note === 'object') {
    out.note = { ...(data.note as Record<string, unknown>), body: ERASED_TEXT };
  }
  if (type === 'complaint.attachment_added' && data.attachment && typeof data.attachment === 'object') {
    out.attachment = { ...(data.attachment as Record<string, unknown>), fileName: ERASED_TEXT, note: null };
  }
  return out;
}
