export { Redress } from './client';
export { ApiPromise, type WithResponse } from './core/api-promise';
export {
  AbortError,
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RedressError,
  TimeoutError,
  ValidationError,
} from './core/errors';
export type { ClientOptions, Logger, RequestInfo, RequestOptions, ResponseInfo } from './core/options';
export { type Page, PagePromise } from './core/pagination';
export type { ApiClients } from './resources/api-clients';
export type { Attachments, UploadAttachmentOptions } from './resources/attachments';
export type { Complaints } from './resources/complaints';
export type { Events, ListEventsParams, PollEventsParams } from './resources/events';
export type { MerchantResource } from './resources/merchant';
export type { ReplyTemplates } from './resources/reply-templates';
export type { Settlements } from './resources/settlements';
export type { WebhookEndpoints } from './resources/webhook-endpoints';
export type * from './types.gen';
export type {
  AlertRaisedEvent,
  ComplaintEvent,
  ComplaintEventType,
  EventOf,
  EventType,
  RedressEvent,
  SettlementRecordedEvent,
} from './webhooks/events';
export { type VerifyOptions, verifyWebhook, WebhookVerificationError, webhooks } from './webhooks/verify';
