import type { Label } from '@redress/core';
import * as admin from '../admin/i18n';
import * as alerts from '../alerts/i18n';
import * as attachments from '../attachments/i18n';
import * as audit from '../audit/i18n';
import * as auth from '../auth/i18n';
import * as cases from '../cases/i18n';
import * as complaints from '../complaints/i18n';
import * as consumer from '../consumer/i18n';
import * as figures from '../figures/i18n';
import * as imports from '../imports/i18n';
import * as merchants from '../merchants/i18n';
import * as notices from '../notices/i18n';
import * as sla from '../sla/i18n';
import * as stations from '../stations/i18n';
import * as teams from '../teams/i18n';
import * as users from '../users/i18n';

/**
 * Every string of the portal's pages, in Simplified Chinese (the default) and English, with the
 * words of GLOSSARY.md: the page kit's own words below, each feature's in its `i18n.ts`, composed
 * here into the one dictionary behind `t()`. Code values (statuses, categories, outcomes…) take their labels from
 * `@redress/core`'s taxonomy or the taxonomy tables, never from here.
 */
export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** The page kit's own words: the layout, the error pages, form errors, common words, deadlines. */
const webZh = {
  'app.name': 'Redress 消费投诉处理',
  'app.commission': '消费者权益保护委员会',
  'nav.skip': '跳到主要内容',
  'nav.main': '主导航',
  'nav.inbox': '投诉处理',
  'nav.settings': '企业设置',
  'nav.station': '现场和解登记',
  'nav.queues': '工作台',
  'nav.figures': '统计',
  'nav.scorecard': '成绩单',
  'nav.intake': '登记投诉',
  'nav.signOut': '退出登录',
  'nav.switchLanguage': 'English',
  'nav.signedInAs': '当前角色：{role}',
  'footer.privacy': '消费者个人信息仅用于处理投诉；查看完整号码会记入审计日志。',
  'footer.about': 'Redress — 督办联网企业、消费维权联络站与消保委的投诉处理平台',

  'error.back': '返回首页',
  'error.400.title': '请求无法处理',
  'error.400.body': '此请求的内容或地址参数无法读取。请返回上一页重新操作。',
  'error.403.title': '无权访问',
  'error.403.body': '您的角色不能使用此页面或进行此操作。',
  'error.csrf.body': '表单已过期或并非来自本站。请返回、刷新页面后重新提交。',
  'error.404.title': '页面不存在',
  'error.404.body': '找不到此页面，或您无权查看。',
  'error.409.title': '投诉状态已变化',
  'error.409.body': '该投诉的状态已经变化，此操作现在不可用。请刷新后查看可进行的操作。',
  'error.413.title': '内容过大',
  'error.413.body': '提交的内容（如上传的文件）超过 1 MiB，未被接收。请返回，换一个较小的文件后重试。',
  'error.500.title': '出错了',
  'error.500.body': '请稍后再试。如果问题持续存在，请联系管理员。',
  'error.link.title': '链接无效或已过期',
  'error.link.body': '请使用最新一条短信中的链接，或致电消保委咨询。',

  'form.errors': '请修改下面标出的内容后再提交。',
  'form.optional': '（选填）',
  'field.required': '此项必填',
  'field.tooLong': '内容过长',
  'field.invalid': '格式不正确',
  'field.personalData': '含有消费者个人信息（姓名、电话、证件号或邮箱），请删去',
  'field.choose': '请选择一项',
  'field.amount': '请输入金额，如 128 或 128.50',
  'chart.table': '数据表',
  'chart.export': '导出：',
  'field.phone': '请输入有效的电话号码',
  'field.email': '请输入有效的邮箱',
  'field.password': '密码至少 10 位',
  'field.creditCode': '统一社会信用代码为 18 位数字或大写字母，最后一位是校验码',
  'field.mustAccept': '只能登记消费者已同意的和解结果；未同意的请提出和解方案',
  'field.unknownMerchant': '未找到该企业',
  'field.duplicateEmail': '该邮箱已被使用',
  'field.nameMerchant': '请选择企业，或填写未登记企业的名称',
  'field.rating': '请选择 1–5 分',

  'common.none': '—',
  'common.yes': '是',
  'common.no': '否',
  'common.nextPage': '下一页',
  'common.firstPage': '回到第一页',
  'common.filter': '筛选',
  'common.clear': '清除筛选',
  'common.all': '全部',
  'common.choose': '— 请选择 —',
  'common.view': '查看',

  'sla.paused.proposal': '已暂停（等待消费者答复方案）',
  'sla.left.days': '剩余 {n} 个工作日',
  'sla.left.hours': '剩余 {n} 小时',
  'sla.overdue.hours': '已超时 {n} 小时',
  'sla.overdue.days': '已超时 {n} 天',
  'sla.missed': '未按时处理',
  'sla.paused': '已暂停（等待消费者补充）',
  'sla.met': '按时完成',
  'sla.none': '未计时',
  'sla.state.on_track': '正常',
  'sla.state.due_soon': '即将超时',
  'sla.state.overdue': '已超时',
  'sla.state.paused': '已暂停',
  'sla.state.met': '按时完成',

  'nav.users': '用户管理',
  'nav.audit': '号码查看记录',
  'nav.attachmentReads': '文件查看记录',
  'nav.calendars': '工作日历',
  'nav.imports': '批量导入',
  'nav.admin': '系统管理',
  'nav.adminSections': '系统管理',
  'nav.merchants': '联网企业',
  'nav.stations': '联络站',
  'nav.policies': '时限规则',
} as const;

const webEn: Record<keyof typeof webZh, string> = {
  'app.name': 'Redress complaint handling',
  'app.commission': 'Consumer-protection commission',
  'nav.skip': 'Skip to main content',
  'nav.main': 'Main navigation',
  'nav.inbox': 'Complaints',
  'nav.settings': 'Settings',
  'nav.station': 'On-site settlements',
  'nav.queues': 'Queues',
  'nav.figures': 'Figures',
  'nav.scorecard': 'Scorecard',
  'nav.intake': 'New complaint',
  'nav.signOut': 'Sign out',
  'nav.switchLanguage': '中文',
  'nav.signedInAs': 'Signed in as {role}',
  'footer.privacy':
    "Consumers' personal information is used only to handle their complaints; every view of a full phone number is recorded in the audit log.",
  'footer.about': 'Redress — complaint handling for networked merchants, liaison stations and the commission',

  'error.back': 'Back to the start page',
  'error.400.title': 'This request could not be read',
  'error.400.body': 'Its content or the parameters in its address could not be read. Go back and try again.',
  'error.403.title': 'Not allowed',
  'error.403.body': 'Your role may not use this page or take this action.',
  'error.csrf.body':
    'This form has expired or did not come from this site. Go back, reload the page and try again.',
  'error.404.title': 'Not found',
  'error.404.body': 'This page does not exist, or you may not see it.',
  'error.409.title': 'The complaint has changed',
  'error.409.body':
    'The status of this complaint has changed and this action is no longer available. Reload it to see what you can do now.',
  'error.500.title': 'Something went wrong',
  'error.413.title': 'Too large',
  'error.413.body':
    'What was sent (an uploaded file, say) is larger than 1 MiB and was not accepted. Go back and try a smaller file.',
  'error.500.body': 'Please try again later. If this goes on, contact your administrator.',
  'error.link.title': 'This link is not valid or has expired',
  'error.link.body': 'Use the link in the latest text message, or call the commission.',

  'form.errors': 'Please correct the marked fields and send the form again.',
  'form.optional': '(optional)',
  'field.required': 'Required',
  'field.tooLong': 'Too long',
  'field.invalid': 'Not valid',
  'field.personalData':
    'Contains the consumer’s personal details (name, phone, ID number or email): remove them',
  'field.choose': 'Choose one',
  'field.amount': 'Enter an amount such as 128 or 128.50',
  'chart.table': 'Data table',
  'chart.export': 'Export:',
  'field.phone': 'Enter a phone number',
  'field.email': 'Enter an email address',
  'field.password': 'At least 10 characters',
  'field.creditCode':
    'A unified social credit code is 18 digits or capital letters, the last a check character',
  'field.mustAccept':
    'Record only a settlement the consumer agreed to; propose a settlement when they have not',
  'field.unknownMerchant': 'No such merchant',
  'field.duplicateEmail': 'This email is already in use',
  'field.nameMerchant': 'Choose a merchant, or type the name of one that is not registered',
  'field.rating': 'Choose 1 to 5',

  'common.none': '—',
  'common.yes': 'Yes',
  'common.no': 'No',
  'common.nextPage': 'Next page',
  'common.firstPage': 'First page',
  'common.filter': 'Filter',
  'common.clear': 'Clear filters',
  'common.all': 'All',
  'common.choose': '— Choose —',
  'common.view': 'Open',

  'sla.paused.proposal': 'Paused (the consumer is considering the proposal)',
  'sla.left.days': '{n} working days left',
  'sla.left.hours': '{n} hours left',
  'sla.overdue.hours': 'Overdue by {n} hours',
  'sla.overdue.days': 'Overdue by {n} days',
  'sla.missed': 'Deadline missed',
  'sla.paused': 'Paused (waiting for the consumer)',
  'sla.met': 'Met',
  'sla.none': 'No deadline',
  'sla.state.on_track': 'On track',
  'sla.state.due_soon': 'Due soon',
  'sla.state.overdue': 'Overdue',
  'sla.state.paused': 'Paused',
  'sla.state.met': 'Met',

  'nav.users': 'Users',
  'nav.audit': 'Phone reveals',
  'nav.attachmentReads': 'File reads',
  'nav.calendars': 'Calendars',
  'nav.imports': 'Bulk import',
  'nav.admin': 'Administration',
  'nav.adminSections': 'Administration',
  'nav.merchants': 'Merchants',
  'nav.stations': 'Stations',
  'nav.policies': 'SLA policies',
};

/**
 * The parts the dictionary is composed of: the page kit's words here, each feature's beside its
 * pages (`<feature>/i18n.ts`). A key lives in exactly one part, in both languages (`i18n.test.ts`).
 */
export const MESSAGE_PARTS = {
  admin,
  web: { zh: webZh, en: webEn },
  attachments,
  alerts,
  auth,
  cases,
  audit,
  complaints,
  consumer,
  imports,
  figures,
  merchants,
  notices,
  sla,
  stations,
  teams,
  users,
} as const;

const zh = {
  ...webZh,
  ...alerts.zh,
  ...admin.zh,
  ...attachments.zh,
  ...auth.zh,
  ...cases.zh,
  ...audit.zh,
  ...complaints.zh,
  ...consumer.zh,
  ...imports.zh,
  ...figures.zh,
  ...merchants.zh,
  ...notices.zh,
  ...sla.zh,
  ...stations.zh,
  ...teams.zh,
  ...users.zh,
};

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  ...webEn,
  ...alerts.en,
  ...admin.en,
  ...attachments.en,
  ...auth.en,
  ...cases.en,
  ...audit.en,
  ...complaints.en,
  ...consumer.en,
  ...imports.en,
  ...figures.en,
  ...merchants.en,
  ...notices.en,
  ...sla.en,
  ...stations.en,
  ...teams.en,
  ...users.en,
};

const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zh, en };

export type Params = Record<string, string | number>;
/** Translates a key, filling `{name}` placeholders. */
export type Translate = (key: MessageKey, params?: Params) => string;

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(zh, key);
}

/**
 * @example translator('en')('sla.left.days', { n: 2 }) // '2 working days left'
 */
export function translator(lang: Lang): Translate {
  const dictionary = DICTIONARIES[lang];
  return (key, params) => {
    const text = dictionary[key];
    return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => String(params[name] ?? m)) : text;
  };
}

/** A code's label in the language (taxonomy from `@redress/core` or the taxonomy tables); the code when unknown. */
export function labelOf(table: Readonly<Record<string, Label>>, code: string, lang: Lang): string {
  const label = Object.hasOwn(table, code) ? table[code] : undefined;
  return label ? (lang === 'en' ? label.en : label.zh) : code;
}

/**
 * The language of a request: `?lang=` first, then the remembered cookie, then the first
 * supported language of `Accept-Language`; Simplified Chinese by default.
 */
export function pickLang(input: {
  query?: string | undefined;
  cookie?: string | undefined;
  acceptLanguage?: string | undefined;
}): Lang {
  const direct = normalise(input.query) ?? normalise(input.cookie);
  if (direct) return direct;
  const ranked = (input.acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.map((r) => /^q=([\d.]+)$/.exec(r.trim())?.[1]).find(Boolean);
      return { tag, q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    const lang = normalise(tag);
    if (lang) return lang;
  }
  return 'zh-CN';
}

function normalise(tag: string | undefined): Lang | undefined {
  if (!tag) return undefined;
  const lower = tag.toLowerCase();
  if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  return undefined;
}
