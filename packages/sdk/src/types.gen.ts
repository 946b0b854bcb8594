// Generated from the Redress OpenAPI document by scripts/generate-types.ts. Do not edit:
// run `npm run generate -w @redress/sdk`.

export interface AccessToken {
  access_token: string;
  token_type: 'Bearer';
  /** @example 900 */
  expires_in: number;
  /** @example "read write" */
  scope: string;
}

export interface Alert {
  /** @example "alr_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  id: string;
  series: {
    dimension: 'total' | 'category' | 'tag' | 'merchant';
    key: string;
    label: string;
  };
  period: {
    /** @example "2026-11-30T09:30:00+08:00" */
    from: string;
    /** @example "2026-11-30T09:30:00+08:00" */
    to: string;
  };
  granularity: 'day' | 'week';
  observed: number;
  expected: number;
  threshold: number;
  method: 'C1' | 'C2' | 'C3';
  /** @example "2026-11-30T09:30:00+08:00" */
  raisedAt: string;
  status: 'open' | 'acknowledged' | 'dismissed';
  resolution: {
    /** @example "usr_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
    by: string | null;
    /** @example "2026-11-30T09:30:00+08:00" */
    at: string;
    note: string;
  } | null;
}

export interface AlertEvaluation {
  /** @example "2026-03-15" */
  date: string;
  evaluated: boolean;
  /** @example "2026-11-30T09:30:00+08:00" */
  evaluatedAt: string;
  series: {
    day: number;
    week: number | null;
  };
  raised: Alert[];
}

export interface ApiClient {
  /** @example "cli_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  id: string;
  name: string;
  actsAs: 'merchant' | 'station' | 'commission';
  merchantId: string | null;
  stationId: string | null;
  /** @example "2026-11-30T09:30:00+08:00" */
  createdAt: string;
  secret?: string;
}

export interface AssignInput {
  /** @example "mer_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  merchantId: string;
}

export interface Attachment {
  /** @example "att_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  id: string;
  complaintId: string;
  fileName: string;
  contentType: 'image/jpeg' | 'image/png' | 'image/webp' | 'image/heic' | 'image/heif' | 'application/pdf';
  sizeBytes: number;
  sha256: string;
  note: string | null;
  uploadedBy: {
    kind: 'user' | 'client' | 'consumer' | 'system';
    id: string | null;
    role: string | null;
    actor: 'merchant' | 'staff' | 'station' | 'consumer' | 'system';
  };
  /** @example "2026-11-30T09:30:00+08:00" */
  createdAt: string;
}

export interface AttachmentList {
  data: Attachment[];
  nextCursor: null;
}

export interface AttachmentRead {
  id: number;
  /** @example "2026-11-30T09:30:00+08:00" */
  readAt: string;
  actor: {
    kind: 'user' | 'client' | 'system';
    id: string | null;
    name: string | null;
    email: string | null;
    role: string | null;
  };
  complaint: {
    /** @example "cmp_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
    id: string;
    reference: string | null;
  };
  attachment: {
    /** @example "att_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
    id: string;
    fileName: string | null;
  };
}

export interface BodyInput {
  body: string;
  /** Files already attached to this complaint that the message carries (at most 20). */
  attachmentIds?: string[];
}

export interface Business {
  name: string;
  creditCode: string | null;
}

export interface CalendarInput {
  year?: number;
  daysOff: string[];
  workdays: string[];
}

export interface CalendarYear {
  year: number;
  daysOff: string[];
  workdays: string[];
  calendarGap: boolean;
  calendarProvisional: boolean;
}

export interface Complaint {
  /** @example "cmp_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  id: string;
  /** @example "PD-2026-000123" */
  reference: string;
  kind: 'complaint' | 'consultation';
  status:
    | 'new'
    | 'assigned'
    | 'acknowledged'
    | 'awaiting_consumer'
    | 'proposed'
    | 'settled'
    | 'escalated'
    | 'referred'
    | 'closed'
    | 'withdrawn';
  channel: 'hotline' | 'online' | 'platform_12315' | 'station' | 'walk_in' | 'letter' | 'transfer';
  merchantId: string | null;
  business: Business | null;
  stationId: string | null;
  externalRef: string | null;
  duplicateOf: string | null;
  subject: string;
  description: string;
  category: string;
  tags: string[];
  consumer: {
    name: string;
    phone: string | null;
    isMinor: boolean;
  };
  claim: {
    amountFen: number;
    currency: 'CNY';
  } | null;
  sla: {
    policy: string;
    state: 'on_track' | 'due_soon' | 'overdue' | 'paused' | 'met';
    acknowledgeDueAt: string | null;
    settleDueAt: string | null;
    pausedAt: string | null;
    stoppedAt: string | null;
    answerDueAt: string | null;
    stages: {
      acknowledge: {
        dueAt: string | null;
        doneAt: string | null;
        result: 'pending' | 'paused' | 'met' | 'missed';
      };
      settle: {
        dueAt: string | null;
        doneAt: string | null;
        result: 'pending' | 'paused' | 'met' | 'missed';
      };
    };
    calendarGap: boolean;
    calendarProvisional: boolean;
  } | null;
  commission: {
    accept: {
      dueAt: string | null;
      doneAt: string | null;
    };
    mediation: {
      dueAt: string | null;
      doneAt: string | null;
    } | null;
  };
  settlement: {
    /** @example "stl_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
    id: string;
    channel: 'merchant_first' | 'station' | 'mediation' | 'people_mediation';
    outcome: 'refund' | 'exchange' | 'repair' | 'compensation' | 'apology' | 'explanation' | 'other';
    amount: {
      amountFen: number;
      currency: 'CNY';
    };
    consumerAccepted: boolean;
    note: string | null;
    recordedBy: string;
    /** @example "2026-11-30T09:30:00+08:00" */
    recordedAt: string;
  } | null;
  owner: {
    /** @example "usr_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
    id: string;
    name: string;
  } | null;
  /** @example "2026-11-30T09:30:00+08:00" */
  receivedAt: string;
  assignedAt: string | null;
  /** @example "2026-11-30T09:30:00+08:00" */
  updatedAt: string;
  version: number;
}

export interface ComplaintIntake {
  /** @example "cmp_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  id: string;
  /** @example "PD-2026-000123" */
  reference: string;
  kind: 'complaint' | 'consultation';
  status:
    | 'new'
    | 'assigned'
    | 'acknowledged'
    | 'awaiting_consumer'
    | 'proposed'
    | 'settled'
    | 'escalated'
    | 'referred'
    | 'closed'
    | 'withdrawn';
  channel: 'hotline' | 'online' | 'platform_12315' | 'station' | 'walk_in' | 'letter' | 'transfer';
  merchantId: string | null;
  business: Business | null;
  stationId: string | null;
  externalRef: string | null;
  duplicateOf: string | null;
  subject: string;
  description: string;
  category: string;
  tags: string[];
  consumer: {
    name: string;
    phone: string | null;
    isMinor: boolean;
  };
  claim: {
    amountFen: number;
    currency: 'CNY';
  } | null;
  sla: {
    policy: string;
    state: 'on_track' | 'due_soon' | 'overdue' | 'paused' | 'met';
    acknowledgeDueAt: string | null;
    settleDueAt: string | null;
    pausedAt: string | null;
    stoppedAt: string | null;
    answerDueAt: string | null;
    stages: {
      acknowledge: {
        dueAt: string | null;
        doneAt: string | null;
        result: 'pending' | 'paused' | 'met' | 'missed';
      };
      settle: {
        dueAt: string | null;
        doneAt: string | null;
        result: 'pending' | 'paused' | 'met' | 'missed';
      };
    };
    calendarGap: boolean;
    calendarProvisional: boolean;
  } | null;
  commission: {
    accept: {
      dueAt: string | null;
      doneAt: string | null;
    };
    mediation: {
      dueAt: string | null;
      doneAt: string | null;
    } | null;
  };
  settlement: {
    /** @example "stl_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
    id: string;
    channel: 'merchant_first' | 'station' | 'mediation' | 'people_mediation';
    outcome: 'refund' | 'exchange' | 'repair' | 'compensation' | 'apology' | 'explanation' | 'other';
    amount: {
      amountFen: number;
      currency: 'CNY';
    };
    consumerAccepted: boolean;
    note: string | null;
    recordedBy: string;
    /** @example "2026-11-30T09:30:00+08:00" */
    recordedAt: string;
  } | null;
  owner: {
    /** @example "usr_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
    id: string;
    name: string;
  } | null;
  /** @example "2026-11-30T09:30:00+08:00" */
  receivedAt: string;
  assignedAt: string | null;
  /** @example "2026-11-30T09:30:00+08:00" */
  updatedAt: string;
  version: number;
  routedBy: 'merchant_id' | 'credit_code' | 'name' | 'alias' | 'none';
  possibleDuplicates: PossibleDuplicate[];
}

export interface ComplaintPage {
  data: Complaint[];
  nextCursor: string | null;
  prevCursor: string | null;
}

export interface ConsumerView {
  complaint: Complaint;
  proposal: {
    outcome: string;
    amountFen: number | null;
    terms: string;
  } | null;
  infoRequest: string | null;
  messages: {
    from: 'merchant' | 'staff' | 'consumer';
    recordedBy: 'merchant' | 'staff' | null;
    body: string;
    attachments: MessageAttachment[];
    /** @example "2026-11-30T09:30:00+08:00" */
    at: string;
  }[];
  outcome: {
    status: 'settled' | 'closed' | 'referred' | 'withdrawn';
    /** @example "2026-11-30T09:30:00+08:00" */
    endedAt: string;
    settlement: {
      /** @example "stl_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
      id: string;
      channel: 'merchant_first' | 'station' | 'mediation' | 'people_mediation';
      outcome: 'refund' | 'exchange' | 'repair' | 'compensation' | 'apology' | 'explanation' | 'other';
      amount: {
        amountFen: number;
        currency: 'CNY';
      };
      consumerAccepted: boolean;
      note: string | null;
      recordedBy: string;
      /** @example "2026-11-30T09:30:00+08:00" */
      recordedAt: string;
    } | null;
    referral: {
      to: 'people_mediation' | 'litigation' | 'regulator';
      note: string;
    } | null;
    note: string | null;
  } | null;
  satisfaction: Satisfaction | null;
  canRate: boolean;
}

export interface CreateApiClientInput {
  name: string;
  actsAs?: 'merchant' | 'station' | 'commission';
  /** @example "mer_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  merchantId?: string;
  /** @example "sta_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  stationId?: string;
}

export interface CreateComplaintInput {
  /** @default "complaint" */
  kind?: 'complaint' | 'consultation';
  channel: 'hotline' | 'online' | 'platform_12315' | 'station' | 'walk_in' | 'letter' | 'transfer';
  /** @example "mer_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  merchantId?: string;
  business?: {
    name: string;
    /** @example "91440300708461136T" */
    creditCode?: string;
  };
  /** @example "sta_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  stationId?: string;
  externalRef?: string;
  subject: string;
  description: string;
  category: string;
  /** @default [] */
  tags?: string[];
  consumer: {
    name: string;
    phone?: string;
    /** @default false */
    isMinor?: boolean;
  };
  claimFen?: number;
  /** @example "2026-11-30T09:30:00+08:00" */
  receivedAt?: string;
}

export interface CreateMerchantInput {
  name: string;
  /** @example "91440300708461136T" */
  creditCode: string;
  /** @default "standard" */
  slaPolicy?: string;
}

export interface CreateReplyTemplateInput {
  name: string;
  body: string;
}

export interface CreateSettlementInput {
  /** @example "sta_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  stationId: string;
  /** @example "cmp_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  complaintId?: string;
  /** @example "mer_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  merchantId?: string;
  merchantName?: string;
  /** @example "91440300708461136T" */
  creditCode?: string;
  outcome: 'refund' | 'exchange' | 'repair' | 'compensation' | 'apology' | 'explanation' | 'other';
  amountFen: number;
  consumerAccepted: boolean;
  summary: string;
}

export interface CreateStationInput {
  name: string;
  address: string;
  host: string;
  /** @default true */
  online?: boolean;
}

export interface CreateUserInput {
  email: string;
  name?: string;
  password: string;
  role: 'merchant_agent' | 'merchant_admin' | 'station_operator' | 'commission_staff' | 'commission_admin';
  /** @example "mer_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  merchantId?: string;
  /** @example "sta_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  stationId?: string;
}

export interface CreateWebhookEndpointInput {
  /** @example "https://crm.example.cn/redress/webhooks" */
  url: string;
  eventTypes: (
    | 'complaint.received'
    | 'complaint.assigned'
    | 'complaint.acknowledged'
    | 'complaint.message_sent'
    | 'complaint.info_requested'
    | 'complaint.consumer_replied'
    | 'complaint.proposed'
    | 'complaint.proposal_answered'
    | 'complaint.sla_due_soon'
    | 'complaint.sla_breached'
    | 'complaint.commission_due_soon'
    | 'complaint.commission_breached'
    | 'complaint.escalated'
    | 'complaint.settled'
    | 'complaint.referred'
    | 'complaint.closed'
    | 'complaint.withdrawn'
    | 'complaint.attachment_added'
    | 'complaint.owner_changed'
    | 'complaint.note_added'
    | 'complaint.returned'
    | 'complaint.merged'
    | 'complaint.duplicate_merged'
    | 'settlement.recorded'
    | 'alert.raised'
  )[];
  description?: string;
  /** @default true */
  enabled?: boolean;
}

export interface Deadline {
  /** @example "2026-11-30T09:30:00+08:00" */
  from: string;
  amount: number;
  unit: 'working_days' | 'calendar_days';
  /** @example "2026-11-30T09:30:00+08:00" */
  dueAt: string;
  calendarGap: boolean;
  calendarProvisional: boolean;
}

export type EmptyInput = Record<string, unknown>;

export interface EvaluateAlertsInput {
  /** @example "2026-03-15" */
  date?: string;
}

export interface Event {
  /** @example "evt_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  id: string;
  /** @example "complaint.assigned" */
  type: string;
  /** @example "2026-11-30T09:30:00+08:00" */
  createdAt: string;
  actor: {
    kind: 'user' | 'client' | 'consumer' | 'system';
    id: string | null;
    role: string | null;
  };
  data: {
    object: Record<string, unknown>;
    [key: string]: unknown;
  };
}

export interface FieldError {
  /** @example "consumer.phone" */
  path: string;
  /** @example "invalid_phone" */
  code:
    | 'required'
    | 'invalid_type'
    | 'too_short'
    | 'too_long'
    | 'too_small'
    | 'too_big'
    | 'too_few'
    | 'too_many'
    | 'invalid_format'
    | 'invalid_email'
    | 'invalid_url'
    | 'invalid_value'
    | 'unknown_field'
    | 'not_an_id'
    | 'not_a_code'
    | 'not_a_credit_code'
    | 'invalid_phone'
    | 'control_character'
    | 'duplicate'
    | 'mismatch'
    | 'not_found'
    | 'not_yours'
    | 'not_accepted'
    | 'in_future'
    | 'too_early'
    | 'reused'
    | 'url_not_allowed'
    | 'unsupported_type'
    | 'personal_data'
    | 'bad_encoding'
    | 'malformed'
    | 'invalid';
  /** @example "must be a phone number" */
  message: string;
}

export interface Figures {
  /** Complaints (kind `complaint`) received in the period. */
  volume: number;
  /** The same for the same dates one year earlier. */
  volumePreviousYear: number;
  /** (volume − volumePreviousYear) / volumePreviousYear, or null when the earlier is 0. */
  changeYoY: number | null;
  /** Of `volume`, those that were ever assigned to a merchant. */
  assigned: number;
  /** Of `assigned`, those settled through the `merchant_first` channel. */
  settledFirst: number;
  /** settledFirst / assigned (null when 0). 先行和解率 */
  firstSettlementRate: number | null;
  /** Of the complaints received in the period whose SLA result is known (met or missed), the share met. 按时处理率 */
  onTimeRate: number | null;
  /** Median of (settled at − received at) in calendar days, one decimal, over the settled complaints received in the period. */
  medianDaysToSettle: number | null;
  /** The sum of the amounts of all settlements recorded in the period, every channel, station settlements without a complaint included (挽回经济损失). */
  recoveredFen: number;
  /** Count and mean of the consumers' 1–5 ratings on complaints received in the period. */
  satisfaction: {
    count: number;
    mean: number | null;
  };
}

export interface Import {
  /** @example "imp_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  id: string;
  format: 'ndjson' | 'csv' | 'xlsx';
  profile: 'cfpb' | null;
  dryRun: boolean;
  fileName: string | null;
  status: 'running' | 'done' | 'failed';
  createdBy: {
    kind: string;
    id: string | null;
    name: string | null;
  };
  /** @example "2026-11-30T09:30:00+08:00" */
  createdAt: string;
  finishedAt: string | null;
  rows: number;
  failure: {
    message: string;
    errors: {
      /** @example "consumer.phone" */
      path: string;
      code:
        | 'required'
        | 'invalid_type'
        | 'too_short'
        | 'too_long'
        | 'too_small'
        | 'too_big'
        | 'too_few'
        | 'too_many'
        | 'invalid_format'
        | 'invalid_email'
        | 'invalid_url'
        | 'invalid_value'
        | 'unknown_field'
        | 'not_an_id'
        | 'not_a_code'
        | 'not_a_credit_code'
        | 'invalid_phone'
        | 'control_character'
        | 'duplicate'
        | 'mismatch'
        | 'not_found'
        | 'not_yours'
        | 'not_accepted'
        | 'in_future'
        | 'too_early'
        | 'reused'
        | 'url_not_allowed'
        | 'unsupported_type'
        | 'personal_data'
        | 'bad_encoding'
        | 'malformed'
        | 'invalid';
      message: string;
    }[];
  } | null;
  counts: {
    imported: number;
    unchanged: number;
    changed: number;
    rejected: number;
  };
  rejected: {
    line: number;
    externalRef: string | null;
    errors: {
      /** @example "consumer.phone" */
      path: string;
      code:
        | 'required'
        | 'invalid_type'
        | 'too_short'
        | 'too_long'
        | 'too_small'
        | 'too_big'
        | 'too_few'
        | 'too_many'
        | 'invalid_format'
        | 'invalid_email'
        | 'invalid_url'
        | 'invalid_value'
        | 'unknown_field'
        | 'not_an_id'
        | 'not_a_code'
        | 'not_a_credit_code'
        | 'invalid_phone'
        | 'control_character'
        | 'duplicate'
        | 'mismatch'
        | 'not_found'
        | 'not_yours'
        | 'not_accepted'
        | 'in_future'
        | 'too_early'
        | 'reused'
        | 'url_not_allowed'
        | 'unsupported_type'
        | 'personal_data'
        | 'bad_encoding'
        | 'malformed'
        | 'invalid';
      message: string;
    }[];
  }[];
  changed: {
    line: number;
    externalRef: string | null;
    complaintId: string | null;
    fields: string[];
  }[];
}

export interface ImportDetail {
  /** @example "imp_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  id: string;
  format: 'ndjson' | 'csv' | 'xlsx';
  profile: 'cfpb' | null;
  dryRun: boolean;
  fileName: string | null;
  status: 'running' | 'done' | 'failed';
  createdBy: {
    kind: string;
    id: string | null;
    name: string | null;
  };
  /** @example "2026-11-30T09:30:00+08:00" */
  createdAt: string;
  finishedAt: string | null;
  rows: number;
  failure: {
    message: string;
    errors: {
      /** @example "consumer.phone" */
      path: string;
      code:
        | 'required'
        | 'invalid_type'
        | 'too_short'
        | 'too_long'
        | 'too_small'
        | 'too_big'
        | 'too_few'
        | 'too_many'
        | 'invalid_format'
        | 'invalid_email'
        | 'invalid_url'
        | 'invalid_value'
        | 'unknown_field'
        | 'not_an_id'
        | 'not_a_code'
        | 'not_a_credit_code'
        | 'invalid_phone'
        | 'control_character'
        | 'duplicate'
        | 'mismatch'
        | 'not_found'
        | 'not_yours'
        | 'not_accepted'
        | 'in_future'
        | 'too_early'
        | 'reused'
        | 'url_not_allowed'
        | 'unsupported_type'
        | 'personal_data'
        | 'bad_encoding'
        | 'malformed'
        | 'invalid';
      message: string;
    }[];
  } | null;
  counts: {
    imported: number;
    unchanged: number;
    changed: number;
    rejected: number;
  };
  rejected: {
    line: number;
    externalRef: string | null;
    errors: {
      /** @example "consumer.phone" */
      path: string;
      code:
        | 'required'
        | 'invalid_type'
        | 'too_short'
        | 'too_long'
        | 'too_small'
        | 'too_big'
        | 'too_few'
        | 'too_many'
        | 'invalid_format'
        | 'invalid_email'
        | 'invalid_url'
        | 'invalid_value'
        | 'unknown_field'
        | 'not_an_id'
        | 'not_a_code'
        | 'not_a_credit_code'
        | 'invalid_phone'
        | 'control_character'
        | 'duplicate'
        | 'mismatch'
        | 'not_found'
        | 'not_yours'
        | 'not_accepted'
        | 'in_future'
        | 'too_early'
        | 'reused'
        | 'url_not_allowed'
        | 'unsupported_type'
        | 'personal_data'
        | 'bad_encoding'
        | 'malformed'
        | 'invalid';
      message: string;
    }[];
  }[];
  changed: {
    line: number;
    externalRef: string | null;
    complaintId: string | null;
    fields: string[];
  }[];
  results: ImportRow[];
}

export type ImportFile = string;

export interface ImportRow {
  line: number;
  externalRef: string | null;
  result: 'imported' | 'unchanged' | 'changed' | 'rejected';
  complaintId: string | null;
  routing: 'merchant_id' | 'credit_code' | 'name' | 'alias' | 'not_networked' | 'unrouted' | null;
  merchantId: string | null;
  errors: {
    /** @example "consumer.phone" */
    path: string;
    code:
      | 'required'
      | 'invalid_type'
      | 'too_short'
      | 'too_long'
      | 'too_small'
      | 'too_big'
      | 'too_few'
      | 'too_many'
      | 'invalid_format'
      | 'invalid_email'
      | 'invalid_url'
      | 'invalid_value'
      | 'unknown_field'
      | 'not_an_id'
      | 'not_a_code'
      | 'not_a_credit_code'
      | 'invalid_phone'
      | 'control_character'
      | 'duplicate'
      | 'mismatch'
      | 'not_found'
      | 'not_yours'
      | 'not_accepted'
      | 'in_future'
      | 'too_early'
      | 'reused'
      | 'url_not_allowed'
      | 'unsupported_type'
      | 'personal_data'
      | 'bad_encoding'
      | 'malformed'
      | 'invalid';
    message: string;
  }[];
  fields: string[];
}

export interface Jwks {
  keys: {
    kty: string;
    kid?: string;
    alg?: string;
    [key: string]: unknown;
  }[];
}

export interface Merchant {
  /** @example "mer_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  id: string;
  name: string;
  creditCode: string;
  slaPolicy: string;
  /** @example "2026-11-30T09:30:00+08:00" */
  createdAt: string;
}

export interface MerchantAliases {
  /** @example "mer_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  merchantId: string;
  aliases: string[];
}

export interface MerchantWithPolicy {
  /** @example "mer_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  id: string;
  name: string;
  creditCode: string;
  slaPolicy: string;
  /** @example "2026-11-30T09:30:00+08:00" */
  createdAt: string;
  policy: {
    code: string;
    name: {
      zh: string;
      en: string;
    };
    acknowledge: {
      amount: number;
      unit: 'working_days' | 'calendar_days';
    };
    settle: {
      amount: number;
      unit: 'working_days' | 'calendar_days';
    };
    /** @default {"amount":3,"unit":"working_days"} */
    answer: {
      amount: number;
      unit: 'working_days' | 'calendar_days';
    };
  };
}

export interface MergeInput {
  /** @example "cmp_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  into: string;
}

export interface MessageAttachment {
  /** @example "att_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  id: string;
  fileName: string;
  contentType: 'image/jpeg' | 'image/png' | 'image/webp' | 'image/heic' | 'image/heif' | 'application/pdf';
  sizeBytes: number;
}

export interface Metrics {
  from: string;
  to: string;
  groupBy: 'none' | 'category' | 'tag' | 'merchant' | 'station' | 'channel' | 'month' | 'week' | 'day';
  total: Figures;
  groups: MetricsGroup[];
}

export interface MetricsGroup {
  /** Complaints (kind `complaint`) received in the period. */
  volume: number;
  /** The same for the same dates one year earlier. */
  volumePreviousYear: number;
  /** (volume − volumePreviousYear) / volumePreviousYear, or null when the earlier is 0. */
  changeYoY: number | null;
  /** Of `volume`, those that were ever assigned to a merchant. */
  assigned: number;
  /** Of `assigned`, those settled through the `merchant_first` channel. */
  settledFirst: number;
  /** settledFirst / assigned (null when 0). 先行和解率 */
  firstSettlementRate: number | null;
  /** Of the complaints received in the period whose SLA result is known (met or missed), the share met. 按时处理率 */
  onTimeRate: number | null;
  /** Median of (settled at − received at) in calendar days, one decimal, over the settled complaints received in the period. */
  medianDaysToSettle: number | null;
  /** The sum of the amounts of all settlements recorded in the period, every channel, station settlements without a complaint included (挽回经济损失). */
  recoveredFen: number;
  /** Count and mean of the consumers' 1–5 ratings on complaints received in the period. */
  satisfaction: {
    count: number;
    mean: number | null;
  };
  /** The code, id or period (`2026-03`, a week by its Monday, a day); null for none (unassigned, untagged, no station). */
  key: string | null;
  label: string;
}

export interface Note {
  /** @example "nte_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  id: string;
  /** @example "cmp_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  complaintId: string;
  side: 'merchant' | 'staff';
  body: string;
  author: {
    kind: 'user' | 'client' | 'system';
    id: string | null;
    name: string | null;
  };
  /** @example "2026-11-30T09:30:00+08:00" */
  createdAt: string;
}

export interface NoteInput {
  body: string;
}

export interface NotNetworkedInput {
  business: {
    name: string;
    /** @example "91440300708461136T" */
    creditCode?: string;
  };
}

export interface NotOursInput {
  reason: string;
  suggestedBusiness?: {
    name: string;
    /** @example "91440300708461136T" */
    creditCode?: string;
  };
}

export interface OAuthProblem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  allowed?: string[];
  error: 'invalid_request' | 'invalid_client' | 'slow_down';
}

export interface OptionalReasonInput {
  reason?: string;
}

export interface PhoneReveal {
  id: number;
  /** @example "2026-11-30T09:30:00+08:00" */
  revealedAt: string;
  actor: {
    kind: 'user' | 'client' | 'system';
    id: string | null;
    name: string | null;
    email: string | null;
    role: string | null;
  };
  complaint: {
    /** @example "cmp_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
    id: string;
    reference: string | null;
  };
}

export interface PossibleDuplicate {
  /** @example "cmp_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  id: string;
  reference: string;
  status:
    | 'new'
    | 'assigned'
    | 'acknowledged'
    | 'awaiting_consumer'
    | 'proposed'
    | 'settled'
    | 'escalated'
    | 'referred'
    | 'closed'
    | 'withdrawn';
  /** @example "2026-11-30T09:30:00+08:00" */
  receivedAt: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  allowed?: string[];
}

export interface ProposalAnswerInput {
  accept: boolean;
  comment?: string;
}

export interface ProposalInput {
  outcome: 'refund' | 'exchange' | 'repair' | 'compensation' | 'apology' | 'explanation' | 'other';
  amountFen?: number;
  terms: string;
}

export interface PublishTypicalCaseInput {
  title: string;
  summary: string;
  resolution: string;
  lesson: string;
  category: string;
  /** @default [] */
  tags?: string[];
}

export interface ReasonInput {
  reason: string;
}

export interface ReferInput {
  to: 'people_mediation' | 'litigation' | 'regulator';
  note: string;
}

export interface ReplyTemplate {
  /** @example "tpl_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  id: string;
  /** @example "mer_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  merchantId: string;
  name: string;
  body: string;
  /** @example "2026-11-30T09:30:00+08:00" */
  createdAt: string;
  /** @example "2026-11-30T09:30:00+08:00" */
  updatedAt: string;
}

export interface ResetPasswordInput {
  password: string;
}

export interface ResolveAlertInput {
  note: string;
}

export interface RouteBusinessInput {
  /** @example "mer_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  merchantId: string;
}

export interface RoutedComplaints {
  /** @example "mer_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  merchantId: string;
  routed: {
    /** @example "cmp_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
    id: string;
    reference: string;
    routedBy: 'merchant_id' | 'credit_code' | 'name' | 'alias' | 'none';
  }[];
}

export interface Satisfaction {
  rating: number;
  comment: string | null;
  /** @example "2026-11-30T09:30:00+08:00" */
  ratedAt: string;
}

export interface SatisfactionInput {
  rating: number;
  comment?: string;
}

export interface SetMerchantAliasesInput {
  aliases: string[];
}

export interface SetOwnerInput {
  userId: string | null;
}

export interface SettleInput {
  outcome: 'refund' | 'exchange' | 'repair' | 'compensation' | 'apology' | 'explanation' | 'other';
  amountFen: number;
  consumerAccepted: boolean;
  note?: string;
}

export interface Settlement {
  /** @example "stl_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  id: string;
  complaintId: string | null;
  stationId: string | null;
  merchantId: string | null;
  merchantName: string;
  creditCode: string | null;
  channel: 'merchant_first' | 'station' | 'mediation' | 'people_mediation';
  outcome: 'refund' | 'exchange' | 'repair' | 'compensation' | 'apology' | 'explanation' | 'other';
  amount: {
    amountFen: number;
    currency: 'CNY';
  };
  consumerAccepted: boolean;
  summary: string;
  recordedBy: string;
  /** @example "2026-11-30T09:30:00+08:00" */
  recordedAt: string;
}

export interface SetUserRoleInput {
  role: 'merchant_agent' | 'merchant_admin' | 'station_operator' | 'commission_staff' | 'commission_admin';
  /** @example "mer_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  merchantId?: string;
  /** @example "sta_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  stationId?: string;
}

export interface SlaPolicyInput {
  name: {
    zh: string;
    en: string;
  };
  acknowledge: {
    amount: number;
    unit: 'working_days' | 'calendar_days';
  };
  settle: {
    amount: number;
    unit: 'working_days' | 'calendar_days';
  };
  /** @default {"amount":3,"unit":"working_days"} */
  answer?: {
    amount: number;
    unit: 'working_days' | 'calendar_days';
  };
}

export interface SlaPolicyRecord {
  code: string;
  name: {
    zh: string;
    en: string;
  };
  acknowledge: {
    amount: number;
    unit: 'working_days' | 'calendar_days';
  };
  settle: {
    amount: number;
    unit: 'working_days' | 'calendar_days';
  };
  answer: {
    amount: number;
    unit: 'working_days' | 'calendar_days';
  };
  version: number;
  validFrom: string | null;
  merchants: number;
}

export interface Station {
  /** @example "sta_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  id: string;
  name: string;
  address: string;
  host: string;
  online: boolean;
  /** @example "2026-11-30T09:30:00+08:00" */
  createdAt: string;
}

export interface TaxonomyEntry {
  code: string;
  name: {
    zh: string;
    en: string;
  };
}

export interface TokenRequest {
  grant_type: 'client_credentials';
  /** Required unless the credentials come as HTTP Basic. */
  client_id?: string;
  /** Required unless the credentials come as HTTP Basic. */
  client_secret?: string;
  scope?: string;
}

export interface TypicalCase {
  /** @example "tcs_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  id: string;
  title: string;
  summary: string;
  resolution: string;
  lesson: string;
  category: string;
  tags: string[];
  /** @example "2026-11-30T09:30:00+08:00" */
  publishedAt: string;
}

export interface TypicalCaseDraft {
  title: string;
  summary: string;
  resolution: string;
  lesson: string;
  category: string;
  tags: string[];
}

export interface UnpublishTypicalCaseInput {
  reason: string;
}

export interface UpdateMerchantInput {
  name?: string;
  slaPolicy?: string;
}

export interface UpdateReplyTemplateInput {
  name?: string;
  body?: string;
}

export interface UpdateStationInput {
  name?: string;
  address?: string;
  host?: string;
  online?: boolean;
}

export interface UpdateWebhookEndpointInput {
  /** @example "https://crm.example.cn/redress/webhooks" */
  url?: string;
  eventTypes?: (
    | 'complaint.received'
    | 'complaint.assigned'
    | 'complaint.acknowledged'
    | 'complaint.message_sent'
    | 'complaint.info_requested'
    | 'complaint.consumer_replied'
    | 'complaint.proposed'
    | 'complaint.proposal_answered'
    | 'complaint.sla_due_soon'
    | 'complaint.sla_breached'
    | 'complaint.commission_due_soon'
    | 'complaint.commission_breached'
    | 'complaint.escalated'
    | 'complaint.settled'
    | 'complaint.referred'
    | 'complaint.closed'
    | 'complaint.withdrawn'
    | 'complaint.attachment_added'
    | 'complaint.owner_changed'
    | 'complaint.note_added'
    | 'complaint.returned'
    | 'complaint.merged'
    | 'complaint.duplicate_merged'
    | 'settlement.recorded'
    | 'alert.raised'
  )[];
  enabled?: boolean;
  description?: string | null;
}

export interface UploadAttachmentInput {
  /** The file: JPEG, PNG, WebP, HEIC or PDF, at most 10 MiB. */
  file: string;
  note?: string;
}

export interface User {
  /** @example "usr_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  id: string;
  email: string;
  name: string;
  role: 'merchant_agent' | 'merchant_admin' | 'station_operator' | 'commission_staff' | 'commission_admin';
  merchantId: string | null;
  stationId: string | null;
  /** @example "2026-11-30T09:30:00+08:00" */
  createdAt: string;
  disabledAt: string | null;
}

export interface WebhookAttempt {
  number: number;
  /** @example "2026-11-30T09:30:00+08:00" */
  at: string;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  responseExcerpt: string | null;
}

export interface WebhookDelivery {
  /** @example "whd_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  id: string;
  /** @example "whe_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  endpointId: string;
  /** @example "evt_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  eventId: string;
  eventType:
    | 'complaint.received'
    | 'complaint.assigned'
    | 'complaint.acknowledged'
    | 'complaint.message_sent'
    | 'complaint.info_requested'
    | 'complaint.consumer_replied'
    | 'complaint.proposed'
    | 'complaint.proposal_answered'
    | 'complaint.sla_due_soon'
    | 'complaint.sla_breached'
    | 'complaint.commission_due_soon'
    | 'complaint.commission_breached'
    | 'complaint.escalated'
    | 'complaint.settled'
    | 'complaint.referred'
    | 'complaint.closed'
    | 'complaint.withdrawn'
    | 'complaint.attachment_added'
    | 'complaint.owner_changed'
    | 'complaint.note_added'
    | 'complaint.returned'
    | 'complaint.merged'
    | 'complaint.duplicate_merged'
    | 'settlement.recorded'
    | 'alert.raised';
  status: 'pending' | 'succeeded' | 'failed';
  attemptCount: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  /** @example "2026-11-30T09:30:00+08:00" */
  createdAt: string;
  deliveredAt: string | null;
  attempts: WebhookAttempt[];
}

export interface WebhookEndpoint {
  /** @example "whe_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  id: string;
  merchantId: string | null;
  url: string;
  description: string | null;
  eventTypes: (
    | 'complaint.received'
    | 'complaint.assigned'
    | 'complaint.acknowledged'
    | 'complaint.message_sent'
    | 'complaint.info_requested'
    | 'complaint.consumer_replied'
    | 'complaint.proposed'
    | 'complaint.proposal_answered'
    | 'complaint.sla_due_soon'
    | 'complaint.sla_breached'
    | 'complaint.commission_due_soon'
    | 'complaint.commission_breached'
    | 'complaint.escalated'
    | 'complaint.settled'
    | 'complaint.referred'
    | 'complaint.closed'
    | 'complaint.withdrawn'
    | 'complaint.attachment_added'
    | 'complaint.owner_changed'
    | 'complaint.note_added'
    | 'complaint.returned'
    | 'complaint.merged'
    | 'complaint.duplicate_merged'
    | 'settlement.recorded'
    | 'alert.raised'
  )[];
  enabled: boolean;
  disabledReason: string | null;
  disabledAt: string | null;
  previousSecretExpiresAt: string | null;
  /** @example "2026-11-30T09:30:00+08:00" */
  createdAt: string;
  /** @example "2026-11-30T09:30:00+08:00" */
  updatedAt: string;
  secret?: string;
}

export interface WebhookPayload {
  /** @example "evt_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  id: string;
  type:
    | 'complaint.received'
    | 'complaint.assigned'
    | 'complaint.acknowledged'
    | 'complaint.message_sent'
    | 'complaint.info_requested'
    | 'complaint.consumer_replied'
    | 'complaint.proposed'
    | 'complaint.proposal_answered'
    | 'complaint.sla_due_soon'
    | 'complaint.sla_breached'
    | 'complaint.commission_due_soon'
    | 'complaint.commission_breached'
    | 'complaint.escalated'
    | 'complaint.settled'
    | 'complaint.referred'
    | 'complaint.closed'
    | 'complaint.withdrawn'
    | 'complaint.attachment_added'
    | 'complaint.owner_changed'
    | 'complaint.note_added'
    | 'complaint.returned'
    | 'complaint.merged'
    | 'complaint.duplicate_merged'
    | 'settlement.recorded'
    | 'alert.raised';
  /** @example "2026-11-30T09:30:00+08:00" */
  timestamp: string;
  data: {
    object: Record<string, unknown>;
    [key: string]: unknown;
  };
}

export interface ListComplaintsQuery {
  status?: (
    | 'new'
    | 'assigned'
    | 'acknowledged'
    | 'awaiting_consumer'
    | 'proposed'
    | 'settled'
    | 'escalated'
    | 'referred'
    | 'closed'
    | 'withdrawn'
  )[];
  slaState?: 'on_track' | 'due_soon' | 'overdue' | 'paused' | 'met';
  category?: string;
  tag?: string;
  /** @example "mer_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  merchantId?: string;
  /** @example "sta_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  stationId?: string;
  channel?: 'hotline' | 'online' | 'platform_12315' | 'station' | 'walk_in' | 'letter' | 'transfer';
  q?: string;
  /** @example "2026-11-30T09:30:00+08:00" */
  receivedFrom?: string;
  /** @example "2026-11-30T09:30:00+08:00" */
  receivedTo?: string;
  /** @example "2026-11-30T09:30:00+08:00" */
  updatedSince?: string;
  owner?: 'me' | 'none' | string;
  /** @default "-receivedAt" */
  sort?: '-receivedAt' | 'dueAt' | 'commissionDueAt';
  /** @default 20 */
  limit?: number;
  cursor?: string;
}

export interface ExportComplaintsQuery {
  status?: (
    | 'new'
    | 'assigned'
    | 'acknowledged'
    | 'awaiting_consumer'
    | 'proposed'
    | 'settled'
    | 'escalated'
    | 'referred'
    | 'closed'
    | 'withdrawn'
  )[];
  slaState?: 'on_track' | 'due_soon' | 'overdue' | 'paused' | 'met';
  category?: string;
  tag?: string;
  /** @example "mer_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  merchantId?: string;
  /** @example "sta_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  stationId?: string;
  channel?: 'hotline' | 'online' | 'platform_12315' | 'station' | 'walk_in' | 'letter' | 'transfer';
  q?: string;
  /** @example "2026-11-30T09:30:00+08:00" */
  receivedFrom?: string;
  /** @example "2026-11-30T09:30:00+08:00" */
  receivedTo?: string;
  /** @example "2026-11-30T09:30:00+08:00" */
  updatedSince?: string;
  owner?: 'me' | 'none' | string;
  /** @default "-receivedAt" */
  sort?: '-receivedAt' | 'dueAt' | 'commissionDueAt';
  /** @default "zh" */
  lang?: 'zh' | 'en';
  queue?: 'overdue' | 'escalated';
  overdue?: 'open' | 'ended';
}

export interface ImportComplaintsQuery {
  dryRun?: 'true' | 'false';
  profile?: 'cfpb';
}

export interface ListSettlementsQuery {
  /** @example "sta_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  stationId?: string;
  /** @example "mer_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  merchantId?: string;
  channel?: 'merchant_first' | 'station' | 'mediation' | 'people_mediation';
  /** @example "2026-11-30T09:30:00+08:00" */
  from?: string;
  /** @example "2026-11-30T09:30:00+08:00" */
  to?: string;
  /** @default 20 */
  limit?: number;
  cursor?: string;
}

export interface ExportSettlementsQuery {
  /** @example "sta_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  stationId?: string;
  /** @example "mer_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  merchantId?: string;
  channel?: 'merchant_first' | 'station' | 'mediation' | 'people_mediation';
  /** @example "2026-11-30T09:30:00+08:00" */
  from?: string;
  /** @example "2026-11-30T09:30:00+08:00" */
  to?: string;
  /** @default "zh" */
  lang?: 'zh' | 'en';
}

export interface ListEventsQuery {
  /** @example "evt_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  after?: string;
  types?: string;
  /** @default 100 */
  limit?: number;
}

export interface GetMetricsQuery {
  /** @example "2026-11-30T09:30:00+08:00" */
  from?: string;
  /** @example "2026-11-30T09:30:00+08:00" */
  to?: string;
  /** @default "none" */
  groupBy?: 'none' | 'category' | 'tag' | 'merchant' | 'station' | 'channel' | 'month' | 'week' | 'day';
  status?: (
    | 'new'
    | 'assigned'
    | 'acknowledged'
    | 'awaiting_consumer'
    | 'proposed'
    | 'settled'
    | 'escalated'
    | 'referred'
    | 'closed'
    | 'withdrawn'
  )[];
  slaState?: 'on_track' | 'due_soon' | 'overdue' | 'paused' | 'met';
  category?: string;
  tag?: string;
  /** @example "mer_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  merchantId?: string;
  /** @example "sta_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  stationId?: string;
  channel?: 'hotline' | 'online' | 'platform_12315' | 'station' | 'walk_in' | 'letter' | 'transfer';
  q?: string;
}

export interface ListPhoneRevealsQuery {
  /** @default 20 */
  limit?: number;
  cursor?: string;
  /** @example "cmp_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  complaintId?: string;
}

export interface ListAttachmentReadsQuery {
  /** @default 20 */
  limit?: number;
  cursor?: string;
  /** @example "cmp_01JD3Z6Y8G5C4F0QK3W2A1B9XE" */
  complaintId?: string;
}

export interface ListWebhookEndpointsQuery {
  /** @default 20 */
  limit?: number;
  cursor?: string;
}

export interface ListWebhookDeliveriesQuery {
  status?: 'pending' | 'succeeded' | 'failed';
  /** @default 20 */
  limit?: number;
  cursor?: string;
}

export interface ComputeDeadlineQuery {
  /** @example "2026-11-30T09:30:00+08:00" */
  from: string;
  amount: number;
  unit: 'working_days' | 'calendar_days';
}

export interface ListAlertsQuery {
  /** @default 20 */
  limit?: number;
  cursor?: string;
  status?: 'open' | 'acknowledged' | 'dismissed';
  granularity?: 'day' | 'week';
  dimension?: 'total' | 'category' | 'tag' | 'merchant';
}

export interface ListTypicalCasesQuery {
  /** @default 20 */
  limit?: number;
  cursor?: string;
  category?: string;
}
