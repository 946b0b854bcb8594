import { OUTCOME_LABELS, SETTLEMENT_CHANNEL_LABELS, type Settlement } from '@redress/core';

/** A settlement as a CSV row reads it: with the name of whoever recorded it. */
export interface SettlementLine {
  s: Settlement;
  recorder: string;
}

type Cell = string | number | boolean | null;

/**
 * The columns of the settlements CSV, headed in Chinese by default and in English with
 * `lang=en` (the English headers are the ones the export always had, and `recorded_by_name`).
 */
const COLUMNS: { zh: string; en: string; value: (l: SettlementLine) => Cell }[] = [
  { zh: '标识', en: 'id', value: (l) => l.s.id },
  { zh: '记录时间', en: 'recorded_at', value: (l) => l.s.recordedAt },
  { zh: '联络站', en: 'station_id', value: (l) => l.s.stationId },
  { zh: '投诉标识', en: 'complaint_id', value: (l) => l.s.complaintId },
  { zh: '企业标识', en: 'merchant_id', value: (l) => l.s.merchantId },
  { zh: '企业名称', en: 'merchant_name', value: (l) => l.s.merchantName },
  { zh: '统一社会信用代码', en: 'credit_code', value: (l) => l.s.creditCode },
  { zh: '和解渠道', en: 'channel', value: (l) => l.s.channel },
  { zh: '和解渠道名称', en: 'channel_zh', value: (l) => SETTLEMENT_CHANNEL_LABELS[l.s.channel].zh },
  { zh: '和解结果', en: 'outcome', value: (l) => l.s.outcome },
  { zh: '和解结果名称', en: 'outcome_zh', value: (l) => OUTCOME_LABELS[l.s.outcome].zh },
  { zh: '金额（元）', en: 'amount_yuan', value: (l) => (l.s.amount.amountFen / 100).toFixed(2) },
  { zh: '消费者接受', en: 'consumer_accepted', value: (l) => l.s.consumerAccepted },
  { zh: '和解说明', en: 'summary', value: (l) => l.s.summary },
  { zh: '记录人标识', en: 'recorded_by', value: (l) => l.s.recordedBy },
  { zh: '记录人', en: 'recorded_by_name', value: (l) => l.recorder },
];

/**
 * One CSV field (RFC 4180), with formula injection defused: a cell that a spreadsheet would
 * run (=, +, -, @) is prefixed with a quote mark.
 */
export function csvField(value: Cell): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvHeader = (lang: 'zh' | 'en' = 'zh') => `${COLUMNS.map((c) => c[lang]).join(',')}\r\n`;
export const csvRow = (l: SettlementLine) => `${COLUMNS.map((c) => csvField(c.value(l))).join(',')}\r\n`;
