import { z } from 'zod';
import { FIELD_ERROR_CODES, type FieldError } from './errors';
import { idPattern, OutcomeSchema, Timestamp } from './schemas';
import { CATEGORY_LABELS, CHANNEL_LABELS, type Label, OUTCOME_LABELS, TAG_LABELS } from './taxonomy';

/**
 * Bulk intake (issue 13, "Bulk intake"): the formats, the header of a CSV or spreadsheet file
 * (the intake body's fields, or the columns of a 12315-style export in Chinese), the answer of
 * an import and each row's result. The portal's `imports/` reads and writes; the rules of the
 * file format live here.
 */

export const IMPORT_MEDIA_TYPES = {
  ndjson: 'application/x-ndjson',
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
export type ImportFormat = keyof typeof IMPORT_MEDIA_TYPES;
export const IMPORT_FORMATS = Object.keys(IMPORT_MEDIA_TYPES) as [ImportFormat, ...ImportFormat[]];

/** The format of a `Content-Type` (parameters such as `charset` ignored), or null. */
export function importFormatOf(contentType: string | null | undefined): ImportFormat | null {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-ndjson' || type === 'application/jsonl' || type === 'application/json-lines')
    return 'ndjson';
  if (type === 'text/csv') return 'csv';
  if (type === IMPORT_MEDIA_TYPES.xlsx) return 'xlsx';
  return null;
}

/** The format of a file by its name (the CLI and the upload page), or null. */
export function importFormatOfName(name: string): ImportFormat | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'ndjson';
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.xlsx')) return 'xlsx';
  return null;
}

/** Mappings of other sources' files onto the intake body (`?profile=`). */
export const IMPORT_PROFILES = ['cfpb'] as const;
export type ImportProfile = (typeof IMPORT_PROFILES)[number];

export const ROW_RESULTS = ['imported', 'unchanged', 'changed', 'rejected'] as const;
export type RowResult = (typeof ROW_RESULTS)[number];

/**
 * How a row was routed: by the `merchantId` it named; to a networked merchant matched by the
 * business's credit code, registered name or one of its aliases; as a complaint about a
 * business that is not networked (the commission handles it); or to nobody yet (status `new`).
 */
export const ROUTINGS = ['merchant_id', 'credit_code', 'name', 'alias', 'not_networked', 'unrouted'] as const;
export type Routing = (typeof ROUTINGS)[number];

export const ImportId = z
  .string()
  .regex(idPattern('imp'), 'must be a imp_ id')
  .meta({ example: 'imp_01JD3Z6Y8G5C4F0QK3W2A1B9XE' });

export const ImportQuery = z.strictObject({
  dryRun: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
  profile: z.enum(IMPORT_PROFILES).optional(),
});
export type ImportQuery = z.output<typeof ImportQuery>;

/**
 * What a row may carry besides the intake body: its history, for files of complaints already
 * routed or answered elsewhere (a replay): when it was sent to the business, and the outcome
 * the business gave (the complaint is then taken in closed, the outcome in its closing reason).
 */
export const ImportHistory = z.strictObject({
  assignedAt: Timestamp.optional(),
  outcome: OutcomeSchema.optional(),
  /** The outcome in the source's own words (CFPB's "Closed with explanation"). */
  outcomeText: z.string().max(200).optional(),
});
export type ImportHistory = z.infer<typeof ImportHistory>;
export const HISTORY_FIELDS = ['assignedAt', 'outcome', 'outcomeText'] as const;

const RowError = z.object({
  path: z.string().meta({ example: 'consumer.phone' }),
  code: z.enum(FIELD_ERROR_CODES),
  message: z.string(),
});

export const ImportCountsSchema = z.object({
  imported: z.number().int(),
  unchanged: z.number().int(),
  changed: z.number().int(),
  rejected: z.number().int(),
});
export type ImportCounts = z.infer<typeof ImportCountsSchema>;

export const ImportRowSchema = z
  .object({
    /** The line of the file (JSON Lines, CSV: the physical line where the record starts; xlsx: the sheet's row). */
    line: z.number().int(),
    externalRef: z.string().nullable(),
    result: z.enum(ROW_RESULTS),
    complaintId: z.string().nullable(),
    routing: z.enum(ROUTINGS).nullable(),
    merchantId: z.string().nullable(),
    errors: z.array(RowError),
    /** For a changed row: the fields that differ from the complaint taken in before. */
    fields: z.array(z.string()),
  })
  .meta({ id: 'ImportRow' });
export type ImportRow = z.infer<typeof ImportRowSchema>;

const ImportBase = {
  id: ImportId,
  format: z.enum(IMPORT_FORMATS),
  profile: z.enum(IMPORT_PROFILES).nullable(),
  dryRun: z.boolean(),
  fileName: z.string().nullable(),
  status: z.enum(['running', 'done', 'failed']),
  createdBy: z.object({ kind: z.string(), id: z.string().nullable(), name: z.string().nullable() }),
  createdAt: Timestamp,
  finishedAt: Timestamp.nullable(),
  /** Rows read so far (the progress of a running import). */
  rows: z.number().int(),
  /** Why a failed import stopped (a header Redress does not read, a file that is not its type). */
  failure: z.object({ message: z.string(), errors: z.array(RowError) }).nullable(),
  counts: ImportCountsSchema,
};

/** The answer of `POST /complaints/import`: the counts, the rejected rows and the changed ones. */
export const ImportSchema = z
  .object({
    ...ImportBase,
    rejected: z.array(
      z.object({ line: z.number().int(), externalRef: z.string().nullable(), errors: z.array(RowError) }),
    ),
    changed: z.array(
      z.object({
        line: z.number().int(),
        externalRef: z.string().nullable(),
        complaintId: z.string().nullable(),
        fields: z.array(z.string()),
      }),
    ),
  })
  .meta({ id: 'Import' });
export type Import = z.infer<typeof ImportSchema>;

/** `GET /imports/{id}`: the same, with every row's result. */
export const ImportDetailSchema = z
  .object({ ...ImportSchema.shape, results: z.array(ImportRowSchema) })
  .meta({ id: 'ImportDetail' });
export type ImportDetail = z.infer<typeof ImportDetailSchema>;

// ---- the header of a CSV or xlsx file ------------------------------------------------------

/** A column of the documented header: the field path it fills, and how its text is read. */
export interface ImportColumn {
  /** The intake body's path (`consumer.phone`), or a history field. */
  path: string;
  /** How the cell's text becomes the field's value. */
  read:
    | 'text'
    | 'integer'
    | 'yuan'
    | 'boolean'
    | 'instant'
    | 'list'
    | 'category'
    | 'channel'
    | 'outcome'
    | 'kind';
  /** The 12315-style export's headers for it (any of them is accepted). */
  zh: readonly string[];
}

/**
 * The documented header (docs/import.md): each column by its field path or by any of its
 * Chinese names. Unknown columns are refused (a typo must not drop a field silently), except
 * `errors`/`错误原因`, the column the rejected rows' CSV adds, which is ignored on re-upload.
 */
export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  { path: 'externalRef', read: 'text', zh: ['投诉编号', '工单编号', '外部编号'] },
  { path: 'kind', read: 'kind', zh: ['诉求类型', '类型'] },
  { path: 'channel', read: 'channel', zh: ['来源渠道', '信息来源', '渠道'] },
  { path: 'receivedAt', read: 'instant', zh: ['登记时间', '登记日期', '受理时间'] },
  { path: 'consumer.name', read: 'text', zh: ['投诉人', '投诉人姓名', '消费者姓名'] },
  { path: 'consumer.phone', read: 'text', zh: ['联系电话', '投诉人电话', '手机号码'] },
  { path: 'consumer.isMinor', read: 'boolean', zh: ['是否未成年人', '未成年人'] },
  { path: 'merchantId', read: 'text', zh: ['企业编号'] },
  { path: 'business.name', read: 'text', zh: ['被投诉单位', '被投诉人', '被投诉企业'] },
  { path: 'business.creditCode', read: 'text', zh: ['统一社会信用代码', '信用代码'] },
  { path: 'stationId', read: 'text', zh: ['联络站编号'] },
  { path: 'category', read: 'category', zh: ['投诉类别', '商品服务类别', '类别'] },
  { path: 'tags', read: 'list', zh: ['标签', '热点标签'] },
  { path: 'subject', read: 'text', zh: ['投诉标题', '标题', '诉求摘要'] },
  { path: 'description', read: 'text', zh: ['投诉内容', '问题描述', '详细内容'] },
  { path: 'claimFen', read: 'integer', zh: [] },
  { path: 'claimYuan', read: 'yuan', zh: ['诉求金额', '诉求金额(元)', '诉求金额（元）', '涉及金额'] },
  { path: 'assignedAt', read: 'instant', zh: ['分派时间', '转办时间'] },
  { path: 'outcome', read: 'outcome', zh: ['处理结果'] },
];

/** The column the rejected rows' CSV adds; ignored when the file comes back. */
export const ERRORS_COLUMN = { en: 'errors', zh: '错误原因' } as const;

/** The column of each header cell (trimmed, a BOM dropped), or an error naming the unknown ones. */
export function resolveHeader(header: readonly string[]): {
  columns: (ImportColumn | null)[];
  errors: FieldError[];
} {
  const byName = new Map<string, ImportColumn>();
  for (const c of IMPORT_COLUMNS) {
    byName.set(c.path.toLowerCase(), c);
    for (const zh of c.zh) byName.set(zh, c);
  }
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  const columns = header.map((raw, i) => {
    const name = raw.replace(/^\uFEFF/, '').trim();
    if (
      name === '' ||
      name === ERRORS_COLUMN.en ||
      name === ERRORS_COLUMN.zh ||
      name === 'line' ||
      name === '行号'
    )
      return null;
    const column = byName.get(name) ?? byName.get(name.toLowerCase());
    if (!column) {
      errors.push({ path: `header.${i}`, code: 'unknown_field', message: `unknown column ${name}` });
      return null;
    }
    if (seen.has(column.path))
      errors.push({ path: `header.${i}`, code: 'duplicate', message: `a second column for ${column.path}` });
    seen.add(column.path);
    return column;
  });
  if (!seen.has('externalRef'))
    errors.push({
      path: 'header',
      code: 'required',
      message: 'the header needs an externalRef (投诉编号) column',
    });
  return { columns, errors };
}

const byLabel = (table: Record<string, Label>) => {
  const map = new Map<string, string>();
  for (const [code, l] of Object.entries(table)) {
    map.set(code, code);
    map.set(l.zh, code);
    map.set(l.en.toLowerCase(), code);
  }
  return map;
};
const CATEGORY_BY_LABEL = byLabel(CATEGORY_LABELS);
const CHANNEL_BY_LABEL = byLabel(CHANNEL_LABELS);
const OUTCOME_BY_LABEL = byLabel(OUTCOME_LABELS);
const TAG_BY_LABEL = byLabel(TAG_LABELS);
const KIND_BY_LABEL = new Map([
  ['complaint', 'complaint'],
  ['consultation', 'consultation'],
  ['投诉', 'complaint'],
  ['咨询', 'consultation'],
]);

/**
 * A local date and time of a spreadsheet (`2026-11-30 10:00`, `2026/3/18`, `2026年11月30日`)
 * as an ISO instant in Shanghai time; text already ISO with an offset is kept; anything else is
 * left as it is, for the schema to refuse.
 */
export function instantOf(text: string): string {
  const t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(t)) return t;
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(t);
  if (!m) return t;
  const pad = (s: string | undefined, fallback = '00') => (s ?? fallback).padStart(2, '0');
  return `${m[1]}-${pad(m[2])}-${pad(m[3])}T${pad(m[4])}:${pad(m[5])}:${pad(m[6])}+08:00`;
}

/** ¥ amount text (`599`, `599.00`, `¥1,299.5`) in fen; other text is left for the schema to refuse. */
function fenOfYuan(text: string): number | string {
  const t = text.replace(/[¥￥,，\s元]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return text;
  const [whole, part = ''] = t.split('.');
  return Number(whole) * 100 + Number(part.padEnd(2, '0'));
}

/** A cell's text as the value of its field: what the schema then checks, as for JSON. */
function cellValue(column: ImportColumn, text: string): unknown {
  switch (column.read) {
    case 'text':
      return text;
    case 'integer':
      return /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : text;
    case 'yuan':
      return fenOfYuan(text);
    case 'boolean': {
      const t = text.trim().toLowerCase();
      if (['true', '1', '是', 'yes', 'y'].includes(t)) return true;
      if (['false', '0', '否', 'no', 'n'].includes(t)) return false;
      return text;
    }
    case 'instant':
      return instantOf(text);
    case 'list':
      return text
        .split(/[,，、;；]/)
        .map((s) => s.trim())
        .filter(Boolean)
        .map((s) => TAG_BY_LABEL.get(s) ?? TAG_BY_LABEL.get(s.toLowerCase()) ?? s);
    case 'category':
      return (
        CATEGORY_BY_LABEL.get(text.trim()) ?? CATEGORY_BY_LABEL.get(text.trim().toLowerCase()) ?? text.trim()
      );
    case 'channel':
      return (
        CHANNEL_BY_LABEL.get(text.trim()) ?? CHANNEL_BY_LABEL.get(text.trim().toLowerCase()) ?? text.trim()
      );
    case 'outcome':
      return (
        OUTCOME_BY_LABEL.get(text.trim()) ?? OUTCOME_BY_LABEL.get(text.trim().toLowerCase()) ?? text.trim()
      );
    case 'kind':
      return KIND_BY_LABEL.get(text.trim()) ?? text.trim();
  }
}

/**
 * One record of a CSV or xlsx file as the intake body (plus its history): empty cells are left
 * out, `claimYuan` becomes `claimFen`, a 12315 export without a channel column is
 * `platform_12315`, one without a kind `complaint`.
 */
export function recordToBody(
  columns: readonly (ImportColumn | null)[],
  cells: readonly string[],
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  columns.forEach((column, i) => {
    const text = cells[i];
    if (!column || text === undefined || text.trim() === '') return;
    const value = cellValue(column, text);
    const path = column.path === 'claimYuan' ? 'claimFen' : column.path;
    const [head, tail] = path.split('.') as [string, string | undefined];
    if (tail === undefined) body[head] = value;
    else {
      body[head] ??= {};
      (body[head] as Record<string, unknown>)[tail] = value;
    }
  });
  if (!columns.some((c) => c?.path === 'channel')) body.channel ??= 'platform_12315';
  return body;
}
