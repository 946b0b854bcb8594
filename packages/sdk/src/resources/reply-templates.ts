import type { ApiPromise } from '../core/api-promise';
import type { RequestOptions } from '../core/options';
import { type Page, PagePromise } from '../core/pagination';
import type { HttpClient } from '../internal/http';
import type { CreateReplyTemplateInput, ReplyTemplate, UpdateReplyTemplateInput } from '../types.gen';

const path = (id: string) => `/api/v1/reply-templates/${encodeURIComponent(id)}`;

/**
 * Your merchant's reply templates: texts an agent picks and edits before sending them with
 * `complaints.message`. Every user of the merchant reads them; merchant admins (and API
 * clients, which act as the merchant's admin) add, change and delete them. A name the merchant
 * used already is a `ConflictError`; another merchant's template is a `NotFoundError`.
 */
export class ReplyTemplates {
  constructor(private readonly http: HttpClient) {}

  /**
   * The templates, by name.
   * @example const templates = await redress.replyTemplates.list().toArray();
   */
  list(options?: RequestOptions): PagePromise<ReplyTemplate> {
    return new PagePromise(() =>
      this.http.request<Page<ReplyTemplate>>({ method: 'GET', path: '/api/v1/reply-templates', options }),
    );
  }

  /**
   * @example
   * const template = await redress.replyTemplates.create({
   *   name: '已收到', body: '您好，我们已收到您的投诉，将在2个工作日内联系您。',
   * });
   */
  create(input: CreateReplyTemplateInput, options?: RequestOptions): ApiPromise<ReplyTemplate> {
    return this.http.request({ method: 'POST', path: '/api/v1/reply-templates', body: input, options });
  }

  /** @example const template = await redress.replyTemplates.get('tpl_01JD3Z6Y8G5C4F0QK3W2A1B9XE'); */
  get(id: string, options?: RequestOptions): ApiPromise<ReplyTemplate> {
    return this.http.request({ method: 'GET', path: path(id), options });
  }

  /** @example await redress.replyTemplates.update(id, { body: '您好，我们已收到您的投诉。' }); */
  update(id: string, input: UpdateReplyTemplateInput, options?: RequestOptions): ApiPromise<ReplyTemplate> {
    return this.http.request({ method: 'PATCH', path: path(id), body: input, options });
  }

  /** @example await redress.replyTemplates.delete(id); */
  delete(id: string, options?: RequestOptions): ApiPromise<void> {
    return this.http.request({ method: 'DELETE', path: path(id), options });
  }
}
