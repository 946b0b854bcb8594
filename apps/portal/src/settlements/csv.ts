import { OUTCOME_LABELS, SETTLEMENT_CHANNEL_LABELS, type Settlement } from '@redress/core';

const COLUMNS: [header: string, value: (s: Settlement) => string | number | boolean | null][] = [
  ['id', (s) => s.id],
  ['recorded_at', (s) => s.recordedAt],
  ['station_id', (s) => s.stationId],
  ['complaint_id', (s) => s.complaintId],
  ['merchant_id', (s) => s.merchantId],
  ['merchant_name', (s) => s.merchantName],
  ['credit_code', (s) => s.creditCode],
  ['channel', (s) => s.channel],
  ['channel_zh', (s) => SETTLEMENT_CHANNEL_LABELS[s.channel].zh],
  ['outcome', (s) => s.outcome],
  ['outcome_zh', (s) => OUTCOME_LABELS[s.outcome].zh],
  ['amount_yuan', (s) => (s.amount.amountFen / 100).toFixed(2)],
  ['consumer_accepted', (s) => s.consumerAccepted],
  ['summary', (s) => s.summary],
  ['recorded_by', (s) => s.recordedBy],
];

/**
 * One CSV field (RFC 4180), with formula injection defused: a cell that a spreadsheet would
 * run (=, +, -, @) is prefixed with a quote mark.
 */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvHeader = () => `${COLUMNS.map(([h]) => h).join(',')}\r\n`;
export const csvRow = (s: Settlement) => `${COLUMNS.map(([, value]) => csvField(value(s))).join(',')}\r\n`;
