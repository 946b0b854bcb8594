import type { Complaint, Settlement } from '@redress/core';
import { toIso } from '@redress/core';
import type { SettlementRow } from './table';

export function toSettlement(row: SettlementRow): Settlement {
  return {
    id: row.id,
    complaintId: row.complaint_id,
    stationId: row.station_id,
    merchantId: row.merchant_id,
    merchantName: row.merchant_name,
    creditCode: row.credit_code,
    channel: row.channel,
    outcome: row.outcome,
    amount: { amountFen: row.amount_fen, currency: 'CNY' },
    consumerAccepted: row.consumer_accepted === 1,
    summary: row.summary,
    recordedBy: row.recorded_by,
    recordedAt: toIso(row.recorded_at),
  };
}

/** The settlement as embedded in a complaint. */
export function settlementOfComplaint(row: SettlementRow): NonNullable<Complaint['settlement']> {
  return {
    id: row.id,
    channel: row.channel,
    outcome: row.outcome,
    amount: { amountFen: row.amount_fen, currency: 'CNY' },
    consumerAccepted: row.consumer_accepted === 1,
    note: row.summary || null,
    recordedBy: row.recorded_by,
    recordedAt: toIso(row.recorded_at),
  };
}
