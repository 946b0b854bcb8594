/**
 * The front door of `notices/`: notices to people by mail (docs/notices.md): the outbox written
 * in the events' transaction, the delivery and digest jobs, and the settings page. Other folders
 * import only this file (docs/architecture.md, "Who may import whom").
 */
export { makeDueDigests, noticeDigests, noticeMailDelivery, sendDueMails } from './job';
export { writeNotices } from './outbox';
export { noticePages } from './pages';
export { DEFAULT_CHOICES, NOTICE_KINDS, NOTICE_ROLES } from './preferences';
