import type { ApiPromise } from '../core/api-promise';
import type { RequestOptions } from '../core/options';
import { type Page, PagePromise } from '../core/pagination';
import type { HttpClient } from '../internal/http';
import type {
  BodyInput,
  Complaint,
  Event,
  ListComplaintsQuery,
  Note,
  NoteInput,
  ProposalInput,
  ReasonInput,
  SetOwnerInput,
  SettleInput,
} from '../types.gen';

const path = (id: string, action?: string) =>
  `/api/v1/complaints/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;

/**
 * Complaints (投诉) addressed to your merchant: read them, and answer within the SLA. Every
 * action answers the whole updated complaint; an action the status does not allow throws
 * `ConflictError` (with `allowed`).
 */
export class Complaints {
  constructor(private readonly http: HttpClient) {}

  /**
   * Lists complaints, newest first by default. Phone numbers are masked in lists. `owner`
   * filters by who owns them: `'none'`, a user's id (`usr_…`), or `'me'` for the signed-in
   * user (an API client owns nothing: `'me'` from a client is a `ValidationError`).
   * @example
   * for await (const c of redress.complaints.list({ status: ['assigned'], slaState: 'due_soon' })) {
   *   console.log(c.reference, c.sla?.acknowledgeDueAt);
   * }
   * const unowned = await redress.complaints.list({ owner: 'none' }).toArray();
   */
  list(query: ListComplaintsQuery = {}, options?: RequestOptions): PagePromise<Complaint> {
    return new PagePromise((cursor) =>
      this.http.request<Page<Complaint>>({
        method: 'GET',
        path: '/api/v1/complaints',
        query: { ...query, cursor: cursor ?? query.cursor },
        options,
      }),
    );
  }

  /**
   * One complaint, with the consumer's full phone number (the read is audited).
   * @example const complaint = await redress.complaints.get('cmp_01JD3Z6Y8G5C4F0QK3W2A1B9XE');
   */
  get(id: string, options?: RequestOptions): ApiPromise<Complaint> {
    return this.http.request({ method: 'GET', path: path(id), options });
  }

  /**
   * The complaint's timeline, oldest first.
   * @example const timeline = await redress.complaints.events(id).toArray();
   */
  events(id: string, options?: RequestOptions): PagePromise<Event> {
    return new PagePromise(() =>
      this.http.request<Page<Event>>({ method: 'GET', path: path(id, 'events'), options }),
    );
  }

  /**
   * Acknowledges a newly assigned complaint: the first answer the SLA asks for.
   * @example await redress.complaints.acknowledge(id);
   */
  acknowledge(id: string, options?: RequestOptions): ApiPromise<Complaint> {
    return this.action(id, 'acknowledge', undefined, options);
  }

  /**
   * Sends the consumer a message.
   * @example await redress.complaints.message(id, { body: '您好，我们已收到您的投诉，正在核实。' });
   */
  message(id: string, input: BodyInput, options?: RequestOptions): ApiPromise<Complaint> {
    return this.action(id, 'messages', input, options);
  }

  /**
   * Asks the consumer for information; the SLA clock pauses until they answer.
   * @example await redress.complaints.requestInfo(id, { body: '请提供购买发票和故障照片。' });
   */
  requestInfo(id: string, input: BodyInput, options?: RequestOptions): ApiPromise<Complaint> {
    return this.action(id, 'info-requests', input, options);
  }

  /**
   * Records the consumer's answer given by phone or in person; the SLA clock resumes.
   * @example await redress.complaints.recordConsumerReply(id, { body: '消费者电话告知：发票已邮寄。' });
   */
  recordConsumerReply(id: string, input: BodyInput, options?: RequestOptions): ApiPromise<Complaint> {
    return this.action(id, 'consumer-replies', input, options);
  }

  /**
   * Offers the consumer a settlement; they accept or reject it through their link.
   * @example await redress.complaints.propose(id, { outcome: 'refund', amountFen: 12_800, terms: '退还安装费128元' });
   */
  propose(id: string, input: ProposalInput, options?: RequestOptions): ApiPromise<Complaint> {
    return this.action(id, 'proposals', input, options);
  }

  /**
   * Records a settlement the consumer agreed to (先行和解, first settlement).
   * @example await redress.complaints.settle(id, { outcome: 'repair', amountFen: 0, consumerAccepted: true });
   */
  settle(id: string, input: SettleInput, options?: RequestOptions): ApiPromise<Complaint> {
    return this.action(id, 'settlement', input, options);
  }

  /**
   * Declines to settle, with a reason; the complaint escalates to the commission.
   * @example await redress.complaints.decline(id, { reason: '已超过保修期' });
   */
  decline(id: string, input: ReasonInput, options?: RequestOptions): ApiPromise<Complaint> {
    return this.action(id, 'decline', input, options);
  }

  /**
   * Gives the complaint an owner among your merchant's users (assign to a colleague), or
   * nobody with `{ userId: null }`. Any status. A user of another merchant or a disabled one is
   * a `ValidationError` (`userId`); the same owner again changes nothing. Answers the complaint
   * with its `owner`.
   * @example await redress.complaints.setOwner(id, { userId: 'usr_01JD3Z6Y8G5C4F0QK3W2A1B9XE' });
   */
  setOwner(id: string, input: SetOwnerInput, options?: RequestOptions): ApiPromise<Complaint> {
    return this.http.request({ method: 'PUT', path: path(id, 'owner'), body: input, options });
  }

  /**
   * Leaves the complaint with no owner: `setOwner(id, { userId: null })`.
   * @example await redress.complaints.clearOwner(id);
   */
  clearOwner(id: string, options?: RequestOptions): ApiPromise<Complaint> {
    return this.setOwner(id, { userId: null }, options);
  }

  /**
   * Adds an internal note: seen by your merchant's users and clients only, never by the
   * consumer, a station, the commission or another merchant. Writes `complaint.note_added`,
   * delivered to your side only.
   * @example const note = await redress.complaints.addNote(id, { body: '已联系仓库核实发货记录。' });
   */
  addNote(id: string, input: NoteInput, options?: RequestOptions): ApiPromise<Note> {
    return this.http.request({ method: 'POST', path: path(id, 'notes'), body: input, options });
  }

  /**
   * Your side's internal notes on the complaint, oldest first.
   * @example const notes = await redress.complaints.notes(id).toArray();
   */
  notes(id: string, options?: RequestOptions): PagePromise<Note> {
    return new PagePromise(() =>
      this.http.request<Page<Note>>({ method: 'GET', path: path(id, 'notes'), options }),
    );
  }

  private action(id: string, action: string, body: unknown, options?: RequestOptions): ApiPromise<Complaint> {
    return this.http.request({ method: 'POST', path: path(id, action), body, options });
  }
}
