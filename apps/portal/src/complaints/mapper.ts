import { type Complaint, maskPhone, toIso } from '@redress/core';
import { settlementOfComplaint } from '../settlements';
import type { SettlementRow } from '../settlements/table';
import { commissionOf, type SlaView, slaOf } from '../sla';
import type { ComplaintRow } from './table';

/** A networked merchant's registered name and code, as the complaint shows its business. */
export type MerchantNames = ReadonlyMap<string, { name: string; creditCode: string }>;

export interface ComplaintView {
  /** `full` only on the single complaint for those allowed to see it; the read is audited. */
  phone: 'masked' | 'full';
  settlement: SettlementRow | null;
  sla: SlaView;
  /** The registered names of the rows' merchants. */
  merchants: MerchantNames;
}

/** The business of a complaint: its merchant's registered name and code, or the business named at intake. */
function businessOf(row: ComplaintRow, merchants: MerchantNames): Complaint['business'] {
  if (row.merchant_id !== null) {
    const m = merchants.get(row.merchant_id);
    return m ? { name: m.name, creditCode: m.creditCode } : null;
  }
  return row.business_name === null
    ? null
    : { name: row.business_name, creditCode: row.business_credit_code };
}

/** The one mapping from a complaints row to the API object: column names never leak. */
export function toComplaint(row: ComplaintRow, view: ComplaintView): Complaint {
  return {
    id: row.id,
    reference: row.reference,
    kind: row.kind,
    status: row.status,
    channel: row.channel,
    merchantId: row.merchant_id,
    business: businessOf(row, view.merchants),
    stationId: row.station_id,
    externalRef: row.external_ref,
    duplicateOf: row.duplicate_of,
    subject: row.subject,
    description: row.description,
    category: row.category,
    tags: JSON.parse(row.tags) as string[],
    consumer: {
      name: row.consumer_name,
      phone: view.phone === 'full' ? row.consumer_phone : maskPhone(row.consumer_phone),
      isMinor: row.consumer_is_minor === 1,
    },
    claim: row.claim_fen === null ? null : { amountFen: row.claim_fen, currency: 'CNY' },
    sla: slaOf(row, view.sla),
    commission: commissionOf(row),
    settlement: view.settlement ? settlementOfComplaint(view.settlement) : null,
    receivedAt: toIso(row.received_at),
    assignedAt: row.assigned_at === null ? null : toIso(row.assigned_at),
    updatedAt: toIso(row.updated_at),
    version: row.version,
  };
}
