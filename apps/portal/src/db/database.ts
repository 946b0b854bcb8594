import type { ApiClientTable } from '../api-clients/table';
import type {
  AuditLogTable,
  ComplaintTable,
  ComplaintTagTable,
  NotificationTable,
  SequenceTable,
} from '../complaints/table';
import type { SatisfactionTable } from '../consumer/table';
import type { EventTable } from '../events/table';
import type { JobLeaseTable } from '../housekeeping/table';
import type { IdempotencyKeyTable } from '../idempotency/table';
import type { MerchantAliasTable, MerchantTable } from '../merchants/table';
import type {
  NoticeDigestItemTable,
  NoticeDigestTable,
  NoticeMailTable,
  NoticePreferenceTable,
} from '../notices/table';
import type { RateLimitTable } from '../rate-limits/table';
import type { SettlementTable } from '../settlements/table';
import type { CalendarTable, SlaNoticeTable, SlaPolicyTable, SlaPolicyVersionTable } from '../sla/table';
import type { StationTable } from '../stations/table';
import type { CategoryTable, TagTable } from '../taxonomy/table';
import type { SessionTable, UserTable } from '../users/table';
import type { WebhookAttemptTable, WebhookDeliveryTable, WebhookEndpointTable } from '../webhooks/table';

/** The tables of every feature, composed. Each feature owns its `table.ts`. */
export interface Database {
  job_leases: JobLeaseTable;
  merchants: MerchantTable;
  merchant_aliases: MerchantAliasTable;
  stations: StationTable;
  users: UserTable;
  sessions: SessionTable;
  api_clients: ApiClientTable;
  categories: CategoryTable;
  tags: TagTable;
  complaints: ComplaintTable;
  complaint_tags: ComplaintTagTable;
  settlements: SettlementTable;
  events: EventTable;
  idempotency_keys: IdempotencyKeyTable;
  audit_log: AuditLogTable;
  sequences: SequenceTable;
  notifications: NotificationTable;
  sla_policies: SlaPolicyTable;
  sla_policy_versions: SlaPolicyVersionTable;
  calendars: CalendarTable;
  rate_limits: RateLimitTable;
  sla_notices: SlaNoticeTable;
  webhook_endpoints: WebhookEndpointTable;
  webhook_deliveries: WebhookDeliveryTable;
  webhook_attempts: WebhookAttemptTable;
  satisfaction: SatisfactionTable;
  notice_preferences: NoticePreferenceTable;
  notice_mails: NoticeMailTable;
  notice_digests: NoticeDigestTable;
  notice_digest_items: NoticeDigestItemTable;
}
